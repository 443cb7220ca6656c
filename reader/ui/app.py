"""ReaderApp: owns the loaded articles, loads them off the UI thread, routes global actions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.core import loading
from reader.core.library import SORT_KEYS, LoadedArticle, process
from reader.core.models import LoadProblem
from reader.core.paths import Paths, seed_files
from reader.core.search import SearchIndex
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.main import MainScreen
from reader.ui.screens.search import SearchScreen
from reader.ui.widgets.article_view import ArticleView


class ReaderApp(App[None]):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        *,
        sources: Sequence[str] = (),
        paths: Paths | None = None,
        max_bytes: int = loading.DEFAULT_MAX_BYTES,
        text_width: int = 80,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.sources = list(sources)
        self.paths = paths or Paths.default()
        self.max_bytes = max_bytes
        self.text_width = text_width
        self.articles: list[LoadedArticle] = []
        self.problems: list[LoadProblem] = []
        self.index: SearchIndex | None = None
        if theme:
            self.theme = theme

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(text_width=self.text_width)

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        self.load_articles(self.sources or [str(path) for path in seed_files()])

    # ----------------------------------------------------------------- loading
    @work(thread=True, exclusive=True, group="load")
    def load_articles(self, sources: list[str]) -> None:
        """Load, clean and analyse every source in a thread; problems become notifications."""
        worker = get_current_worker()
        problems: list[LoadProblem] = []
        articles: list[LoadedArticle] = []
        seen: set[str] = set()
        for source in sources:
            result = (
                loading.load_paths([source], self.max_bytes)
                if source != "-"
                else loading.LoadResult(
                    problems=[
                        LoadProblem(
                            "-", "- (stdin) cannot be read in the reader; pipe to `reader clean -`"
                        )
                    ]
                )
            )
            problems.extend(result.problems)
            for document in result.documents:
                if worker.is_cancelled:
                    return
                try:
                    loaded = process(document, len(articles))
                except Exception as error:  # a cleaner bug must not lose the other articles
                    problems.append(
                        LoadProblem(
                            document.name,
                            f"{document.name}: could not be "
                            f"processed ({type(error).__name__}: {error})",
                        )
                    )
                    continue
                if loaded.key in seen:
                    continue
                seen.add(loaded.key)
                articles.append(loaded)
                problems.extend(LoadProblem(document.name, w) for w in document.warnings)
        if worker.is_cancelled:
            return
        self.call_from_thread(self._articles_loaded, articles, problems)
        # The search index is built after the first paint, so it never delays reading.
        index = SearchIndex()
        for loaded in articles:
            if worker.is_cancelled:
                return
            index.add_article(loaded.key, loaded.article, loaded.entities)
        self.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: SearchIndex) -> None:
        self.index = index
        if isinstance(self.screen, SearchScreen):
            self.screen.set_index(index)

    def _articles_loaded(self, articles: list[LoadedArticle], problems: list[LoadProblem]) -> None:
        self.articles = articles
        self.problems = problems
        for problem in problems[:20]:
            self.notify(problem.message, severity="warning", timeout=8, markup=False)
        if len(problems) > 20:
            self.notify(
                f"… and {len(problems) - 20} more files could not be loaded.",
                severity="warning",
                markup=False,
            )
        self.main_screen.set_articles(articles)

    # ----------------------------------------------------------------- actions
    def action_help(self) -> None:
        sections: list[tuple[str, list[Binding]]] = [
            ("Reading", _bindings(ArticleView.BINDINGS)),
            ("Articles", _bindings(MainScreen.BINDINGS)),
            ("Search", _bindings(SearchScreen.BINDINGS)),
            (
                "Everywhere",
                [
                    *_bindings(ReaderApp.BINDINGS),
                    Binding("tab", "focus_next", "Switch pane"),
                    Binding("ctrl+p", "command_palette", "Command palette"),
                ],
            ),
        ]
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for key in SORT_KEYS:
            yield SystemCommand(
                f"Sort articles by {key}",
                f"Order the article list by {key}",
                lambda key=key: screen.set_sort(key),
            )
        yield SystemCommand(
            "Toggle entity highlighting",
            "Show or hide entity colours",
            screen.action_toggle_entities,
        )
        yield SystemCommand(
            "Show entities", "List this article's entities by kind", screen.action_entity_panel
        )
        if screen.entity_filter:
            yield SystemCommand(
                "Clear article filter",
                "Show every article again",
                lambda: screen.set_entity_filter(None),
            )
        yield SystemCommand("Next article", "Open the next article", screen.action_next_article)
        yield SystemCommand(
            "Previous article", "Open the previous article", screen.action_previous_article
        )
        yield SystemCommand(
            "Copy passage",
            "Copy the passage under the reading cursor",
            screen.view.action_copy_passage,
        )
        yield SystemCommand("Search", "Fuzzy-search every article", screen.action_search)
        yield SystemCommand("Help", "Every key binding", self.action_help)


def _bindings(bindings: Iterable[Binding | tuple[str, ...]]) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding)]


def make_app(
    *,
    sources: Sequence[str] = (),
    paths: Paths | None = None,
    max_bytes: int = loading.DEFAULT_MAX_BYTES,
    text_width: int = 80,
    theme: str | None = None,
) -> ReaderApp:
    """The one factory for the app, used by the CLI and by every test."""
    return ReaderApp(
        sources=sources, paths=paths, max_bytes=max_bytes, text_width=text_width, theme=theme
    )
