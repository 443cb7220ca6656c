"""The reading screen: the article list on the left, the article on the right."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.core.library.articles import LoadedArticle, SortKey, sort_articles
from reader.core.models import Bookmark
from reader.core.navigation.history import History
from reader.core.session import Session
from reader.core.settings import Settings
from reader.ui import bindings
from reader.ui.screens.annotating import Annotating
from reader.ui.screens.navigation import Navigation
from reader.ui.widgets.article_styles import ArticleStyles
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.legend import EntityLegend
from reader.ui.widgets.sidebar import Sidebar

# The other screens, the store and search are imported where they are first used, so that
# the first frame does not wait for them (see benchmarks/tui.py).
if TYPE_CHECKING:
    from reader.core.library.keeping import Keeping
    from reader.ui.screens.bookmarks import Reattach
    from reader.ui.screens.entity_panel import EntityChoice
    from reader.ui.screens.search import SearchResult

EMPTY_LIBRARY = (
    "No articles loaded.\n"
    "\n"
    "Open some with:  reader PATH ...\n"
    "(text or Markdown files, or folders of them)"
)


class MainScreen(Annotating, Navigation, Screen[None]):
    """Shows the session's articles; the app hands it the session and tells it when the
    session's list changed (`set_articles`). Disk work (opening a bookmark's file, matching
    a search in a long article) runs in its workers."""

    BINDINGS = bindings.ARTICLES
    AUTO_FOCUS = "#article"
    """Reading starts in the article: focused first, rather than the sidebar (Textual's
    default, the first focusable widget) and then the article, each change restyling both
    panes before the first frame."""

    current: var[LoadedArticle | None] = var(None, bindings=True)
    """The article open in the view."""
    entity_filter: var[str | None] = var(None, bindings=True)
    """Only articles mentioning this entity name are listed."""
    source_filter: var[str | None] = var(None, bindings=True)
    """Only articles from this source are listed."""

    def __init__(
        self,
        session: Session,
        settings: Settings,
        style_overrides: dict[str, RichStyle],
        on_ready: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.style_overrides = style_overrides
        self.on_ready = on_ready
        """Called once mounted (the app starts loading), so cached articles are in the
        first frame."""
        self.articles: list[LoadedArticle] = []
        self.read: set[str] = set()
        self.sort_key: SortKey = "added"
        self._visible: list[LoadedArticle] | None = None
        """The sorted, filtered list, kept until the articles, sort or filters change."""
        self._mentioning: dict[str, bool] = {}
        """For the entity filter: whether each article (by key) mentions the name."""
        self.show_entities = True
        self.last_query: str | None = None
        self.match_index: int | None = None
        self.busy_until = 0.0
        self._reattach_next: Bookmark | None = None
        """Background work (the index build) waits until then: set when an article is
        opened, so that the layout of a big one does not share the CPU with it."""
        self.history = History()
        """Where links, search results, bookmarks and the outline jumped from."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="sidebar-pane"):
                yield Static(id="filter-bar")
                yield Sidebar(id="sidebar")
            with Vertical(id="article-pane"):
                yield ArticleView(text_width=self.settings.text_width, id="article")
                yield EntityLegend(id="legend")
        yield ReaderFooter(keys_after_first_frame=True)
        yield ArticleStyles()  # hidden: the article view's styles, out of the panes' restyles

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.query_one("#sidebar-pane").border_title = "Articles"
        self.query_one("#filter-bar").display = False
        self.apply_settings(self.settings, self.style_overrides)
        self.on_ready()

    def apply_settings(self, settings: Settings, style_overrides: dict[str, RichStyle]) -> None:
        """Put settings in force now (text width, reading time, highlighted kinds, styles)."""
        old = self.settings
        self.settings = settings
        self.style_overrides = style_overrides
        view = self.view
        view.set_entity_styles(set(settings.entities.enabled), style_overrides)
        view.set_highlight_styles(self.highlight_styles())
        if view.osc8 != settings.links.osc8:
            view.set_osc8(settings.links.osc8)
        if view.text_width != settings.text_width:
            view.set_text_width(settings.text_width)
        self.sidebar.show_reading_time = settings.show_reading_time
        if old.show_reading_time != settings.show_reading_time:
            self.refresh_sidebar()
        self._update_legend()

    # ----------------------------------------------------------------- called by the app
    def set_articles(self, articles: list[LoadedArticle], read: set[str] | None = None) -> None:
        """Show the session's (new) list of articles, and which are read when that changed;
        opens the first when nothing is open yet."""
        self.articles = articles
        if read is not None:
            self.read = read
            if self.keeping is not None:
                self.sidebar.set_progress(self.keeping.progress())
        self._visible = None
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
        """The listed articles, sorted and filtered (kept: check_action asks on every key)."""
        if self._visible is None:
            self._visible = self._sorted_and_filtered()
        return self._visible

    def _sorted_and_filtered(self) -> list[LoadedArticle]:
        articles = sort_articles(self.articles, self.sort_key)
        if self.entity_filter:
            # Remembered per filter: a refresh (sorting, more articles loaded) asks again.
            memo = self._mentioning
            name = self.entity_filter
            for a in articles:
                if a.key not in memo:
                    memo[a.key] = a.mentions(name)
            articles = [a for a in articles if memo[a.key]]
        if self.source_filter:
            articles = [a for a in articles if a.source == self.source_filter]
        if self.tag_filter:
            articles = [a for a in articles if a.key in self._tagged]
        return articles

    def refresh_sidebar(self) -> None:
        current = self.current.key if self.current else None
        self.sidebar.set_articles(self.visible_articles(), self.read, current)
        count = len(self.articles)
        self.query_one("#sidebar-pane").border_subtitle = f"{count} article{'s' * (count != 1)}"
        bar = self.query_one("#filter-bar", Static)
        parts: list[Content | str] = []
        if self.entity_filter:
            parts += ["mentions ", Content.styled(self.entity_filter, "bold"), " "]
        if self.source_filter:
            parts += ["from ", Content.styled(self.source_filter, "bold"), " "]
        if self.tag_filter:
            parts += ["tagged ", Content.styled(self.tag_filter, "bold"), " "]
        if parts:
            bar.update(Content.assemble(*parts, Content.styled(" (x clears)", "$text-muted")))
        bar.display = bool(parts)

    @property
    def keeping(self) -> Keeping | None:
        return self.session.keeping

    def writable_keeping(self) -> Keeping | None:
        """The store, for a write: created now on a first start whose load has not got to it
        yet (see `Session.keeping_for_writing`), its notices shown."""
        keeping, notices = self.session.keeping_for_writing()
        for notice in notices:
            self.notify(notice, title="Reader database", severity="warning", timeout=20,
                        markup=False)  # fmt: skip
        return keeping

    def open_article(self, key: str, cursor: int | None = None) -> None:
        """Open an article; with no cursor given, where the reader left it last time (found
        by the passage's quote, see `restore_position`)."""
        loaded = next((a for a in self.articles if a.key == key), None)
        if loaded is None:
            return
        self.busy_until = time.monotonic() + 0.5
        self.current = loaded
        offset = 0
        if cursor is None:
            cursor, offset = self.restore_position(loaded)
        self.view.show(loaded, cursor)
        self.opened_view(loaded)
        self._show_bookmarks()
        if cursor or self.view.original is not None:
            self.view.move_to_article_section(cursor, center=not offset)
        if offset:
            self.view.scroll_into_passage(offset)
        if self.keeping:  # a write (and fsync): after the article is on screen
            self.call_after_refresh(self.keeping.opened, key)
        if key not in self.read:
            self.read.add(key)
            self.sidebar.mark_read(loaded)
        if key in self.sidebar.keys:
            self.sidebar.highlighted = self.sidebar.keys.index(key)
        self.query_one("#article-pane").border_title = Content(loaded.title)
        self.update_border()
        self._update_legend()

    def set_sort(self, key: SortKey) -> None:
        self.sort_key = key
        self._visible = None
        self.refresh_sidebar()
        self.notify(f"Articles sorted by {key}.")

    def set_source_filter(self, source: str | None) -> None:
        self.source_filter = source
        self._visible = None
        self.refresh_sidebar()

    def set_entity_filter(self, name: str | None) -> None:
        self.entity_filter = name
        self._mentioning = {}
        self._visible = None
        self.refresh_sidebar()

    def _update_legend(self) -> None:
        counts = self.current.entity_counts() if self.current else None
        legend = self.query_one(EntityLegend)
        legend.display = counts is not None
        if counts is not None:
            legend.update_counts(
                counts,
                self.show_entities,
                set(self.settings.entities.enabled),
                self.style_overrides,
            )

    # ----------------------------------------------------------------- messages
    @on(Sidebar.Open)
    def _open_from_sidebar(self, event: Sidebar.Open) -> None:
        self.open_article(event.key)
        self.view.focus()

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.position_moved()
        self.cursor_left_fresh()

    def action_clear_filter(self) -> None:
        self.source_filter = None
        self.tag_filter = None
        self.set_entity_filter(None)

    def on_screen_resume(self) -> None:
        """Back from another screen (the bookmarks list may have changed bookmarks)."""
        self._show_bookmarks()
        self.refresh_bindings()

    # ----------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"next_article", "previous_article"}:
            return len(self.visible_articles()) > 1
        if action in {"toggle_entities", "entity_panel"}:
            return self.current is not None
        if action == "clear_filter":
            filters = (self.entity_filter, self.source_filter, self.tag_filter)
            return any(f is not None for f in filters)
        if action == "tag":
            return self.current is not None
        if action in {"next_match", "previous_match"}:
            return bool(self.view.matches)
        if action == "search":
            return bool(self.articles)
        if action in {"bookmark", "bookmark_with_note", "forget_article"}:
            return self.current is not None
        if action == "undo_remove":
            return bool(self.keeping and self.keeping.removed)
        if action in {"outline", "links", "follow_link", "open_in_browser", "toggle_original"}:
            return self.current is not None
        if action == "back":
            return self.history.can_go_back
        if action == "forward":
            return self.history.can_go_forward
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
        from reader.ui.screens.entity_panel import EntityPanel

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

    # ----------------------------------------------------------------- search
    def action_search(self) -> None:
        from reader.ui.screens.search import SearchScreen

        current = self.current
        self.app.push_screen(
            SearchScreen(
                self.session,
                current_article=current.key if current else None,
                current_title=current.title if current else "",
                query=self.last_query or "",
                limit=self.settings.search.limit,
                min_score=self.settings.search.min_score,
                this_article_only=self.settings.search.scope == "article",
            ),
            self._search_done,
        )

    def _search_done(self, result: SearchResult | None) -> None:
        """Open the chosen hit: its article, the cursor on its passage; the query's matches
        in the article are found in a worker (a long article takes a second) and marked."""
        if result is None:
            return
        hit = result.hit
        if self.session.get(hit.article) is None:
            self.notify("That article is no longer in the library.", severity="warning")
            return
        self.jump(hit.article, hit.passage_index)
        if self.current is None or self.current.key != hit.article:
            self.notify("That article is no longer in the library.", severity="warning")
            return
        self.last_query = result.query
        self.view.set_matches([])
        self.view.move_to_article_section(hit.passage_index, center=True)
        self.view.focus()
        self.match_index = None
        self._find_matches(self.current, result.query, hit.passage_index)

    @work(thread=True, exclusive=True, group="matches", description="finding matches")
    def _find_matches(self, loaded: LoadedArticle, query: str, passage: int) -> None:
        from reader.core.search.matching import find_in_text

        worker = get_current_worker()
        article = loaded.article
        matches = find_in_text(query, article.text)
        section = article.sections[passage]
        inside = [
            i for i, (start, _e) in enumerate(matches) if section.start <= start < section.end
        ]
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_matches, loaded, matches, inside)

    def _show_matches(
        self, loaded: LoadedArticle, matches: list[tuple[int, int]], inside: list[int]
    ) -> None:
        if self.current is not loaded:
            return  # another article was opened meanwhile
        self.view.set_matches(matches)
        self.match_index = inside[0] if inside else None
        self.refresh_bindings()

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, direction: int) -> None:
        """Move to the next/previous match of the last query in this article (wrapping)."""
        matches = self.view.matches
        if not matches or self.current is None:
            return
        if self.match_index is None:
            here = self.current.article.sections[self.view.cleaned_cursor].start
            later = [i for i, (start, _e) in enumerate(matches) if start >= here]
            index = (later[0] if later else 0) if direction > 0 else (later[0] - 1 if later else -1)
        else:
            index = self.match_index + direction
        self.match_index = index % len(matches)
        start, _end = matches[self.match_index]
        self.view.move_to_article_section(self.view.section_of_offset(start), center=True)
        self.notify(f"Match {self.match_index + 1} of {len(matches)}", timeout=1.5)

    # ----------------------------------------------------------------- bookmarks
    def _passage_bookmarks(self, section_index: int) -> list[Bookmark]:
        """The current article's bookmarks that start in this section."""
        if not self.current or not self.keeping:
            return []
        section = self.current.article.sections[section_index]
        return [
            b
            for b in self.keeping.bookmarks(self.current.key)
            if not b.orphaned and not b.colour and section.start <= b.start < section.end
        ]

    def _show_bookmarks(self) -> None:
        if not self.current or not self.keeping:
            return
        marked = set()
        original = self.view.original
        bookmarks = self.keeping.bookmarks(self.current.key)
        for bookmark in bookmarks:
            if not bookmark.orphaned and not bookmark.colour:  # highlights are drawn instead
                section = self.view.section_of_offset(bookmark.start)
                marked.add(original.to_original[section] if original is not None else section)
        self.view.set_bookmarked(marked)
        self.show_marks(bookmarks)

    def action_bookmark(self) -> None:
        """Bookmark the passage under the cursor, or offer to remove its bookmark."""
        from reader.ui.screens.dialogs import Confirm

        existing = self._passage_bookmarks(self.view.cleaned_cursor)
        if existing:
            question = "Remove the bookmark on this passage?"
            if existing[0].note:
                question += f"\nIts note: {existing[0].note}"
            self.app.push_screen(
                Confirm(question),
                lambda yes: self._remove_bookmarks(existing) if yes else None,
            )
            return
        self._add_bookmark("")

    def action_bookmark_with_note(self) -> None:
        from reader.ui.screens.dialogs import TextPrompt

        if self.highlight_with_note():  # a selection: highlighted, with the note
            return
        if self.note_fresh_highlight():  # right after `h`: the note of that highlight
            return
        existing = self._passage_bookmarks(self.view.cleaned_cursor)
        note = existing[0].note if existing else ""
        title = "Note for this passage" if not existing else "Edit the note of this bookmark"

        def done(text: str | None) -> None:
            if text is None:
                return
            if existing and self.keeping:
                self.keeping.update_note(existing[0], text)
                self.notify("Note saved.")
            else:
                self._add_bookmark(text)

        self.app.push_screen(TextPrompt(title, note, "what this passage is about"), done)

    def _add_bookmark(self, note: str) -> None:
        section = self.view.current_section
        keeping = self.writable_keeping() if self.current is not None else None
        if self.current is None or section is None or keeping is None:
            return
        bookmark = keeping.add(self.current, section, note)
        self.session.index_bookmark(bookmark)
        self._show_bookmarks()
        self.notify("Passage bookmarked." + (" (with a note)" if note else ""))

    def _remove_bookmarks(self, bookmarks: list[Bookmark]) -> None:
        if not self.keeping:
            return
        for bookmark in bookmarks:
            self.keeping.remove(bookmark)
        self._show_bookmarks()
        self.refresh_bindings()
        self.notify("Bookmark removed (u brings it back).")

    def action_undo_remove(self) -> None:
        if not self.keeping:
            return
        restored = self.keeping.undo_remove()
        if restored is None:
            self.notify("Nothing to undo.")
            return
        self._show_bookmarks()
        self.refresh_bindings()
        self.notify("Bookmark restored.")

    def action_bookmarks(self) -> None:
        from reader.ui.screens.bookmarks import BookmarksScreen

        if self.keeping is not None:
            screen = BookmarksScreen(self.keeping, self.colours, self.swatches())
            self.app.push_screen(screen, self._bookmark_chosen)

    def _bookmark_chosen(self, choice: Bookmark | Reattach | None) -> None:
        """Jump to a bookmark's passage, opening its article (in a worker) if need be; for
        a re-attach, then wait for the selection of its new place."""
        from reader.ui.screens.bookmarks import Reattach

        if choice is None:
            return
        bookmark = choice.bookmark if isinstance(choice, Reattach) else choice
        self._reattach_next = bookmark if isinstance(choice, Reattach) else None
        if self.session.get(bookmark.article_key) is None:
            self._open_for(bookmark)
        else:
            self._jump_to(bookmark)

    @work(thread=True, group="open", description="opening a bookmark's article")
    def _open_for(self, bookmark: Bookmark) -> None:
        self.session.open_path(bookmark.article_path)
        self.app.call_from_thread(self._opened_for, bookmark)

    def _opened_for(self, bookmark: Bookmark) -> None:
        if self.session.get(bookmark.article_key) is None:
            self.notify(
                f"The article of this bookmark is not open and its file is missing: "
                f"{bookmark.article_path}",
                severity="warning",
                markup=False,
            )
            return
        self.set_articles(self.session.articles)
        self._jump_to(bookmark)

    def _jump_to(self, bookmark: Bookmark) -> None:
        if self._reattach_next is bookmark:
            self._reattach_next = None
            self.open_article(bookmark.article_key, cursor=0)
            self.view.focus()
            self.start_reattaching(bookmark)
            return
        if bookmark.orphaned:
            self.open_article(bookmark.article_key, cursor=0)
            self.notify(
                "This bookmark's passage is no longer in the article; its quote is kept in the "
                "bookmarks list (r there re-attaches it).",
                severity="warning",
            )
            return
        loaded = self.session.get(bookmark.article_key)
        starts = [s.start for s in loaded.article.sections] if loaded else [0]
        section = max(0, bisect_right(starts, bookmark.start) - 1)
        self.jump(bookmark.article_key, section)
        if self.current:
            self.view.move_to_article_section(section, center=True)

    def action_forget_article(self) -> None:
        from reader.ui.screens.dialogs import Confirm

        current = self.current
        if current is None:
            return

        def forget(yes: bool | None) -> None:
            if not yes:
                return
            self.session.forget(current.key)
            self.history.forget(current.key)
            self.current = None
            self.set_articles(self.session.articles)
            self.notify("Removed from the library; its bookmarks are kept (orphaned).")

        self.app.push_screen(
            Confirm(f"Forget “{current.title}” (remove it from the library)?"), forget
        )
