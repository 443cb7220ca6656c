"""The reading screen: the article list on the left, the article on the right."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.core.library import LoadedArticle, SortKey, sort_articles
from reader.ui.screens.entity_panel import EntityChoice, EntityPanel
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.legend import EntityLegend
from reader.ui.widgets.sidebar import Sidebar

EMPTY_LIBRARY = (
    "No articles loaded.\n"
    "\n"
    "Open some with:  reader PATH ...\n"
    "(text or Markdown files, or folders of them)"
)


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "next_article", "Next article", id="main.next_article"),
        Binding("p", "previous_article", "Prev article", id="main.previous_article"),
        Binding("e", "toggle_entities", "Highlights", id="main.toggle_entities"),
        Binding("E", "entity_panel", "Entities", id="main.entity_panel"),
        Binding("x", "clear_filter", "Clear filter", id="main.clear_filter"),
    ]

    def __init__(self, *, text_width: int = 80) -> None:
        super().__init__()
        self.text_width = text_width
        self.articles: list[LoadedArticle] = []
        self.read: set[str] = set()
        self.current: LoadedArticle | None = None
        self.sort_key: SortKey = "added"
        self.entity_filter: str | None = None
        self.show_entities = True

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="sidebar-pane"):
                yield Static(id="filter-bar")
                yield Sidebar(id="sidebar")
            with Vertical(id="article-pane"):
                yield ArticleView(text_width=self.text_width, id="article")
                yield EntityLegend(id="legend")
        yield Footer()

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.query_one("#sidebar-pane").border_title = "Articles"
        self.query_one("#filter-bar").display = False

    # ----------------------------------------------------------------- called by the app
    def set_articles(self, articles: list[LoadedArticle]) -> None:
        """Show a (new) set of articles; opens the first when nothing is open yet."""
        self.articles = articles
        self.refresh_sidebar()
        self.refresh_bindings()
        if not articles:
            self.view.set_empty_message(EMPTY_LIBRARY)
            self.view.show(None)
            self._update_legend()
            return
        if self.current is None or self.current.key not in {a.key for a in articles}:
            self.open_article(self.visible_articles()[0].key)
            self.view.focus()

    def visible_articles(self) -> list[LoadedArticle]:
        articles = sort_articles(self.articles, self.sort_key)
        if self.entity_filter:
            articles = [a for a in articles if a.mentions(self.entity_filter)]
        return articles

    def refresh_sidebar(self) -> None:
        current = self.current.key if self.current else None
        self.sidebar.set_articles(self.visible_articles(), self.read, current)
        count = len(self.articles)
        self.query_one("#sidebar-pane").border_subtitle = f"{count} article{'s' * (count != 1)}"
        bar = self.query_one("#filter-bar", Static)
        if self.entity_filter:
            bar.update(
                Content.assemble(
                    "mentions ",
                    Content.styled(self.entity_filter, "bold"),
                    Content.styled("  (x clears)", "$text-muted"),
                )
            )
        bar.display = self.entity_filter is not None

    def open_article(self, key: str, cursor: int = 0) -> None:
        loaded = next((a for a in self.articles if a.key == key), None)
        if loaded is None:
            return
        self.current = loaded
        self.view.show(loaded, cursor)
        if key not in self.read:
            self.read.add(key)
            self.sidebar.mark_read(loaded)
        if key in self.sidebar.keys:
            self.sidebar.highlighted = self.sidebar.keys.index(key)
        self.query_one("#article-pane").border_title = Content(loaded.title)
        self._update_legend()

    def set_sort(self, key: SortKey) -> None:
        self.sort_key = key
        self.refresh_sidebar()
        self.notify(f"Articles sorted by {key}.")

    def set_entity_filter(self, name: str | None) -> None:
        self.entity_filter = name
        self.refresh_sidebar()
        self.refresh_bindings()

    def _update_legend(self) -> None:
        counts = self.current.entity_counts() if self.current else None
        legend = self.query_one(EntityLegend)
        legend.display = counts is not None
        if counts is not None:
            legend.update_counts(counts, self.show_entities)

    # ----------------------------------------------------------------- messages
    @on(Sidebar.Open)
    def _open_from_sidebar(self, event: Sidebar.Open) -> None:
        self.open_article(event.key)
        self.view.focus()

    def action_clear_filter(self) -> None:
        self.set_entity_filter(None)

    # ----------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"next_article", "previous_article"}:
            return len(self.visible_articles()) > 1
        if action in {"toggle_entities", "entity_panel"}:
            return self.current is not None
        if action == "clear_filter":
            return self.entity_filter is not None
        return True

    def _step_article(self, direction: int) -> None:
        articles = self.visible_articles()
        keys = [a.key for a in articles]
        if not keys:
            return
        index = keys.index(self.current.key) if self.current and self.current.key in keys else -1
        self.open_article(keys[(index + direction) % len(keys)])

    def action_next_article(self) -> None:
        self._step_article(+1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def action_toggle_entities(self) -> None:
        self.show_entities = not self.show_entities
        self.view.set_show_entities(self.show_entities)
        self._update_legend()

    def action_entity_panel(self) -> None:
        if self.current is None:
            return
        self.app.push_screen(EntityPanel(self.current), self._entity_chosen)

    def _entity_chosen(self, choice: EntityChoice | None) -> None:
        if choice is None:
            return
        if choice.action == "jump":
            self.view.select_entity(choice.entity_index)
            self.view.focus()
        else:
            self.set_entity_filter(choice.name)
            self.sidebar.focus()
