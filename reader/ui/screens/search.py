"""The search screen: results on every keystroke, searched in a thread, stale ones dropped."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.core.models import SearchHit
from reader.core.session import Session
from reader.ui import bindings
from reader.ui.render import highlight_positions
from reader.ui.screens.overlay import Overlay
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.safe_input import SafeInput


@dataclass(frozen=True)
class SearchResult:
    """The hit the user chose, and the query that found it (for next/previous match)."""

    hit: SearchHit
    query: str


class SearchScreen(Overlay[SearchResult | None]):
    BINDINGS = bindings.SEARCH

    def __init__(
        self,
        session: Session,
        *,
        current_article: str | None,
        current_title: str = "",
        query: str = "",
        limit: int = 50,
        min_score: float = 0.0,
        this_article_only: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.current_article = current_article
        self.current_title = current_title
        self.initial_query = query
        self.limit = limit
        self.min_score = min_score
        self.this_article_only = this_article_only and current_article is not None
        self.hits: list[SearchHit] = []
        self.shown_query: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield SafeInput(
                self.initial_query,
                placeholder="Search (typos are fine; tag: note: colour: title: entity: narrow it)",
                id="search-input",
            )
            yield Static(id="search-status")
            yield OptionList(id="search-results")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._update_status()
        self.search(self.initial_query)

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    # ----------------------------------------------------------------- searching
    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def search(self, query: str) -> None:
        """Run a query in a thread; a newer keystroke cancels this one and its results."""
        worker = get_current_worker()
        if self.session.index is None or not query.strip():
            self.app.call_from_thread(self._show, query, [])
            return
        hits = self.session.search(
            query,
            limit=self.limit,
            min_score=self.min_score,
            article=self.current_article if self.this_article_only else None,
            cancelled=lambda: worker.is_cancelled,
        )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[SearchHit]) -> None:
        if query != self.query_one(Input).value:
            return  # a newer keystroke is being searched; these results are stale
        self.hits = hits
        self.shown_query = query
        match_style = "bold $text-warning underline"
        options = []
        for index, hit in enumerate(hits):
            badge = Content.styled(f"{hit.kind:<8}", "$text-muted")
            heading = Content.assemble(badge, " ", Content.styled(hit.title, "bold"))
            snippet = highlight_positions(hit.snippet, hit.positions, match_style)
            options.append(Option(Content.assemble(heading, "\n", snippet), id=str(index)))
        self.results.set_options(options)
        if options:
            self.results.highlighted = 0
        self._update_status()

    def _update_status(self) -> None:
        scope = (
            Content.assemble("in ", Content.styled(self.current_title, "italic"))
            if self.this_article_only
            else Content("in all articles")
        )
        if self.session.index is None:
            status = Content("Indexing… results will appear when it is done.")
        elif not self.query_one(Input).value.strip():
            status = Content.assemble("Type to search ", scope)
        else:
            count = len(self.hits)
            status = Content.assemble(f"{count} result{'s' * (count != 1)} ", scope)
        self.query_one("#search-status", Static).update(
            Content.assemble(status, Content.styled("   ctrl+t: scope", "$text-muted"))
        )

    def index_ready(self) -> None:
        """The index finished building while the screen was open."""
        self.search(self.query_one(Input).value)

    # ----------------------------------------------------------------- actions
    def action_move(self, step: int) -> None:
        if not self.hits:
            return
        current = self.results.highlighted or 0
        self.results.highlighted = max(0, min(len(self.hits) - 1, current + step))

    def action_toggle_scope(self) -> None:
        if self.current_article is None:
            self.notify("No article is open.", markup=False)
            return
        self.this_article_only = not self.this_article_only
        self._update_status()
        self.search(self.query_one(Input).value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self._choose(self.results.highlighted)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not (0 <= index < len(self.hits)) or self.shown_query is None:
            self.app.bell()
            return
        self.dismiss(SearchResult(self.hits[index], self.shown_query))

    def action_close(self) -> None:
        self.dismiss(None)
