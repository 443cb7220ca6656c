"""The bookmarks screen: every kept passage, newest first, filtered fuzzily as you type.

The screen edits bookmarks itself, through the session's `Keeping` (delete, edit the note,
undo a delete), and dismisses with the bookmark to jump to; the reading screen redraws its
gutter when it is shown again.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.style import Style
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.library.keeping import Keeping
from reader.core.models import Bookmark
from reader.core.search.index import SearchIndex
from reader.core.settings import HIGHLIGHT_COLOURS, colour_number
from reader.ui import bindings
from reader.ui.render import highlight_positions
from reader.ui.screens.overlay import Overlay
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.safe_input import SafeInput

SWATCHES: tuple[str | Style, ...] = (
    "$text-warning",
    "$text-success",
    "$text-primary",
    "$text-error",
)
"""A highlight colour's ■ in the list: the theme colours the article draws them with."""
QUOTE_PREVIEW = 110
SHOWN_AT_MOST = 100
"""Rows in the list at once: the newest, or the best matches of the filter. Measuring and
drawing ten thousand multi-line rows takes seconds; a filter reaches every bookmark."""


@dataclass(frozen=True)
class Reattach:
    """The user chose to re-attach an (orphaned) bookmark: select its new place."""

    bookmark: Bookmark


class BookmarksScreen(Overlay["Bookmark | Reattach | None"]):
    """Lists bookmarks and highlights with their state (exact, moved, orphaned), colour and
    tags; the filter takes fuzzy words and `tag:`, `colour:`, `note:` operators. Dismisses
    with the bookmark to jump to, a `Reattach`, or None."""

    BINDINGS = bindings.BOOKMARKS

    def __init__(
        self,
        keeping: Keeping,
        colours: tuple[str, ...] = HIGHLIGHT_COLOURS,
        swatches: tuple[str | Style, ...] = SWATCHES,
    ) -> None:
        """Lists the newest `SHOWN_AT_MOST`; a filter fetches every one (with 10,000
        bookmarks, reading them all costs a tenth of a second). `colours` are the settings'
        highlight colours, `swatches` the style each is shown in (in their order)."""
        super().__init__()
        self.keeping = keeping
        self.colours = colours
        self.swatches = swatches
        self.all_bookmarks = keeping.bookmarks(limit=SHOWN_AT_MOST)
        self.total = keeping.bookmark_count()
        self.shown: list[Bookmark] = []
        self._index: SearchIndex | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-dialog"):
            yield SafeInput(
                placeholder="Filter: words of the quote, note or title; tag:NAME colour:NAME",
                id="bookmarks-filter",
            )
            yield Static(id="bookmarks-status")
            yield OptionList(id="bookmarks-list")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._refresh()
        self.option_list.focus()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#bookmarks-list", OptionList)

    def _reload(self) -> None:
        """The bookmarks changed (delete, edit, undo): show the new list."""
        self.all_bookmarks = self.keeping.bookmarks(limit=SHOWN_AT_MOST)
        self.total = self.keeping.bookmark_count()
        self._index = None
        self._refresh()

    def _search_index(self) -> SearchIndex:
        """The search core's fuzzy index over each bookmark's quote and note, built on the
        first keystroke of a filter and kept until the bookmarks change."""
        if self._index is None:
            if len(self.all_bookmarks) < self.total:
                self.all_bookmarks = self.keeping.bookmarks()
                self.total = len(self.all_bookmarks)
            self._index = SearchIndex()
            for bookmark in self.all_bookmarks:
                self._index.add_passages(
                    bookmark.id, bookmark.article_title, [_searchable(bookmark)]
                )
        return self._index

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        from reader.core.search.operators import parse_query, words_in

        query = self.query_one(Input).value.strip()
        highlighted = self.option_list.highlighted
        parsed = parse_query(query)
        if not query:
            self.shown = list(self.all_bookmarks[:SHOWN_AT_MOST])
        else:
            index = self._search_index()
            if parsed.words.strip():
                by_id = {b.id: b for b in self.all_bookmarks}
                hits = index.query(parsed.words, limit=len(by_id) or 1)
                found = [by_id[h.article] for h in hits if h.article in by_id]
            else:
                found = list(self.all_bookmarks)
            tags = [t.casefold() for t in parsed.tags]
            colours = [c.casefold() for c in parsed.colours]
            self.shown = [
                b
                for b in dict.fromkeys(found)
                if all(t in {x.casefold() for x in b.tags} for t in tags)
                and all(b.colour.casefold() == c for c in colours)
                and all(words_in(n, b.note) for n in parsed.notes)
                and all(words_in(w, b.article_title) for w in parsed.titles)
            ][:SHOWN_AT_MOST]
        self.option_list.set_options(self._option(b) for b in self.shown)
        if self.shown:
            self.option_list.highlighted = min(highlighted or 0, len(self.shown) - 1)
        count = len(self.shown)
        total = max(self.total, len(self.all_bookmarks))
        status = (
            f"{total} bookmark{'s' * (total != 1)}"
            if not query and count == total
            else f"{count} of {total} bookmark{'s' * (total != 1)}"
            + (" (the newest; / filters them all)" if not query else "")
        )
        self.query_one("#bookmarks-status", Static).update(
            Content.assemble(
                status,
                Content.styled(
                    "   enter: go to  e: note  t: tags  c: colour  d: delete  r: re-attach"
                    "  /: filter",
                    "$text-muted",
                ),
            )
        )

    def _option(self, bookmark: Bookmark) -> Option:
        heading = Content.styled(bookmark.article_title or bookmark.article_path, "bold")
        date = Content.styled(f"  {bookmark.created[:16].replace('T', ' ')}", "$text-muted")
        parts: list[Content | str] = [heading, date]
        if bookmark.colour:
            number = (colour_number(self.colours, bookmark.colour) or 0) % len(self.swatches)
            swatch = Content.styled("■", self.swatches[number])
            parts += ["  ", swatch, f" {bookmark.colour}"]
        if bookmark.state == "orphaned":
            parts.append(Content.styled("  orphaned: not found (r re-attaches)", "$text-error"))
        elif bookmark.state == "moved":
            parts.append(Content.styled(f"  moved ({bookmark.score:g}% alike)", "$text-warning"))
        else:
            parts.append(Content.styled("  exact", "$text-success"))
        if bookmark.tags:
            parts.append(Content.styled("  #" + " #".join(bookmark.tags), "$text-accent"))
        quote = bookmark.quote.replace("\n", " ")
        if len(quote) > QUOTE_PREVIEW:
            quote = quote[: QUOTE_PREVIEW - 1] + "…"
        parts += ["\n", Content.styled("  “", "$text-muted"), highlight_positions(quote, (), ""),
                  Content.styled("”", "$text-muted")]  # fmt: skip
        if bookmark.note:
            parts += ["\n  ", Content.styled(bookmark.note, "italic $text-accent")]
        return Option(Content.assemble(*parts), id=bookmark.id)

    def _current(self) -> Bookmark | None:
        index = self.option_list.highlighted
        if index is None or not (0 <= index < len(self.shown)):
            return None
        return self.shown[index]

    def action_move(self, step: int) -> None:
        if self.shown:
            current = self.option_list.highlighted or 0
            self.option_list.highlighted = max(0, min(len(self.shown) - 1, current + step))

    @on(Input.Submitted, "#bookmarks-filter")
    def _submitted(self) -> None:
        self._jump()

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._jump()

    def _jump(self) -> None:
        bookmark = self._current()
        if bookmark is None:
            self.app.bell()
            return
        self.dismiss(bookmark)

    def action_delete(self) -> None:
        if bookmark := self._current():
            self.keeping.remove(bookmark)
            self._reload()
            self.notify("Bookmark removed (u brings it back).")

    def action_edit(self) -> None:
        from reader.ui.screens.dialogs import TextPrompt

        bookmark = self._current()
        if bookmark is None:
            return

        def done(text: str | None) -> None:
            if text is not None:
                self.keeping.update_note(bookmark, text)
                self._reload()

        self.app.push_screen(TextPrompt("Edit the note", bookmark.note), done)

    def action_tag(self) -> None:
        """Tags of the chosen bookmark or highlight (comma-separated, completed from the
        tags in use): how a highlight made earlier is tagged."""
        from reader.core.storage.tags import TagError, parse_tags
        from reader.ui.screens.dialogs import TagSuggester, TextPrompt

        bookmark = self._current()
        if bookmark is None:
            self.app.bell()
            return

        def done(text: str | None) -> None:
            if text is None:
                return
            try:
                changed = self.keeping.update_highlight(bookmark, tags=parse_tags(text))
            except TagError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            if changed is not None:
                self._reload()
                self.notify("Tags: " + (", ".join(changed.tags) or "none"), markup=False)

        prompt = TextPrompt(
            "Tags for this bookmark",
            ", ".join(bookmark.tags),
            "comma-separated, e.g. karabakh, to read",
            suggester=TagSuggester(self.keeping.all_tags()),
        )
        self.app.push_screen(prompt, done)

    def action_colour(self) -> None:
        """The chosen highlight in the next colour (a passage bookmark has none: highlight
        the passage to colour it)."""
        bookmark = self._current()
        if bookmark is None:
            self.app.bell()
            return
        if not bookmark.colour:
            self.notify("A passage bookmark has no colour: select the passage and press 1-4.")
            return
        at = colour_number(self.colours, bookmark.colour)  # None: imported, say
        colour = self.colours[0 if at is None else (at + 1) % len(self.colours)]
        if self.keeping.update_highlight(bookmark, colour=colour) is not None:
            self._reload()

    def action_reattach(self) -> None:
        bookmark = self._current()
        if bookmark is None:
            self.app.bell()
            return
        self.dismiss(Reattach(bookmark))

    def action_undo(self) -> None:
        if self.keeping.undo_remove() is None:
            self.notify("Nothing to undo.")
            return
        self._reload()
        self.notify("Bookmark restored.")

    def action_close(self) -> None:
        self.dismiss(None)


def _searchable(bookmark: Bookmark) -> str:
    return f"{bookmark.quote}\n{bookmark.note}" if bookmark.note else bookmark.quote
