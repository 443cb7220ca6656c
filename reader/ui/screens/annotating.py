"""The reading screen's highlights and tags: a mixin of `MainScreen`, kept apart by idea.

The article view posts `HighlightSpan` for a selection (`h`, `1`..`4`); this makes the
highlight through the session's `Keeping` (committed before anything is shown), makes it
findable by search, and hands the view every highlight of the article to draw. `B` on a
selection highlights it with a note; `t` tags the article, or the selection's highlight.
Right after `h`, while the cursor stays in the passage where the highlight ends, `B` and `t`
act on that highlight: readers mark words first and then say why. An orphaned highlight
chosen for re-attaching (`r` in the bookmarks list) takes the next selection as its new span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from textual.style import Style

from reader.core.models import Bookmark
from reader.core.settings import colour_number
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.marking import HIGHLIGHT_STYLES

if TYPE_CHECKING:
    from reader.core.library.keeping import Keeping
    from reader.core.settings import Settings


class Annotating:
    """Highlights and tags for `MainScreen` (`self` is the `MainScreen`: its `current`,
    `view`, `session`, `keeping`, `writable_keeping`, `settings`, `_show_bookmarks` and
    `refresh_sidebar`)."""

    settings: Settings
    reattaching: Bookmark | None = None
    """An orphaned bookmark waiting for its new span (the next selection highlighted)."""
    tag_filter: str | None = None
    """Only articles with this tag (on them or on one of their highlights) are listed."""
    _tagged: set[str] = set()
    fresh: tuple[Bookmark, int] | None = None
    """The highlight just made and the passage it ends in (see `fresh_highlight`)."""

    # ----------------------------------------------------------------- colours
    @property
    def colours(self) -> tuple[str, ...]:
        return self.settings.highlights.colours

    def highlight_styles(self) -> dict[int, RichStyle]:
        """The settings' styles per colour number, over the theme's."""
        out: dict[int, RichStyle] = {}
        for name, text in self.settings.highlights.styles.items():
            try:
                style = RichStyle.parse(text)
            except Exception:  # checked at start (a warning); drawn as the theme's
                continue
            number = colour_number(self.colours, name)
            if number is not None:
                out[number] = style
        return out

    def swatches(self) -> tuple[str | Style, ...]:
        """How the bookmarks list shows each colour's ■: in the colour the article draws
        it with (the settings' style's background, else its text colour; else the theme's)."""
        from reader.ui.screens.bookmarks import SWATCHES

        styles = self.highlight_styles()
        out: list[str | Style] = []
        for n in range(len(self.colours)):
            style = styles.get(n)
            colour = style and (style.bgcolor or style.color)
            out.append(
                Style.from_rich_style(RichStyle(color=colour))
                if colour
                else SWATCHES[n % len(SWATCHES)]
            )
        return tuple(out)

    def show_marks(self, bookmarks: list[Bookmark]) -> None:
        """Draw the article's highlights (plain bookmarks are the gutter's ★)."""
        view: ArticleView = self.view
        view.set_highlights(
            [
                # (a colour not among the settings', as from another tool, in the first)
                (b.start, b.end, (colour_number(self.colours, b.colour) or 0) % HIGHLIGHT_STYLES)
                for b in bookmarks
                if b.colour and not b.orphaned
            ]
        )

    # ----------------------------------------------------------------- highlighting
    # Found by name (a mixin's `@on` handlers are not collected): Marking.HighlightSpan.
    def on_marking_highlight_span(self, event: ArticleView.HighlightSpan) -> None:
        colour = self.colours[event.colour % len(self.colours)]
        if self.reattaching is not None:
            self._reattach(event.start, event.end)
            return
        self.make_highlight(event.start, event.end, colour)

    def make_highlight(self, start: int, end: int, colour: str, note: str = "") -> Bookmark | None:
        keeping: Keeping | None = self.writable_keeping()
        current = self.current
        if keeping is None or current is None:
            return None
        highlight = keeping.add_span(current, start, end, colour, note)
        self.session.index_bookmark(highlight)
        self.fresh = highlight, self.view.cleaned_cursor
        self._show_bookmarks()
        words = len(current.article.text[start:end].split())
        self.notify(
            f"Highlighted {words} word{'s' * (words != 1)} in {colour}"
            + (" (with a note)." if note else ". B: a note for it, t: tags."),
            markup=False,
        )
        return highlight

    def fresh_highlight(self) -> Bookmark | None:
        """The highlight just made, as stored now, while the cursor is still in the passage
        where it ends: `B` and `t` without a selection act on it. None once the cursor has
        left that passage (see `cursor_left_fresh`) or the highlight is gone."""
        keeping: Keeping | None = self.keeping
        if not self._on_fresh() or self.fresh is None or keeping is None:
            return None
        made = self.fresh[0]
        return next((b for b in keeping.bookmarks(made.article_key) if b.id == made.id), None)

    def _on_fresh(self) -> bool:
        """Whether the cursor is in the passage where the fresh highlight ends (no store read:
        asked on every cursor move)."""
        if self.fresh is None or self.current is None:
            return False
        made, section = self.fresh
        view: ArticleView = self.view
        return made.article_key == self.current.key and view.cleaned_cursor == section

    def cursor_left_fresh(self) -> None:
        """The cursor moved: once it is off the fresh highlight's passage, `B` and `t` are
        the passage's and the article's again, even if it comes back."""
        if self.fresh is not None and not self._on_fresh():
            self.fresh = None

    def note_fresh_highlight(self) -> bool:
        """`B` right after `h`: write or edit the note of the highlight just made. False:
        there is none (see `fresh_highlight`)."""
        from reader.ui.screens.dialogs import TextPrompt

        mark = self.fresh_highlight()
        keeping: Keeping | None = self.keeping
        if mark is None or keeping is None:
            return False

        def done(text: str | None) -> None:
            if text is not None:
                keeping.update_note(mark, text)
                self._show_bookmarks()
                self.notify("Note saved on the highlight.")

        title = "Edit the note of this highlight" if mark.note else "Note for this highlight"
        self.app.push_screen(TextPrompt(title, mark.note, "what these words are about"), done)
        return True

    def highlight_with_note(self) -> bool:
        """`B` with a selection: highlight it (first colour) with a note. False: no selection."""
        from reader.ui.screens.dialogs import TextPrompt

        view: ArticleView = self.view
        if view.selection is None:
            return False
        start, end = view.selection.span
        view.action_cancel_selection()

        def done(text: str | None) -> None:
            if text is not None:
                self.make_highlight(start, end, self.colours[0], text)

        self.app.push_screen(
            TextPrompt("Note for this highlight", "", "what these words are about"), done
        )
        return True

    # ----------------------------------------------------------------- re-attaching
    def start_reattaching(self, bookmark: Bookmark) -> None:
        self.reattaching = bookmark
        self.notify(
            "Select the new place of this bookmark (m, then w ) j to extend), then press h. "
            "esc then h without a selection cancels.",
            timeout=10,
        )

    def _reattach(self, start: int, end: int) -> None:
        keeping: Keeping | None = self.keeping
        current = self.current
        bookmark, self.reattaching = self.reattaching, None
        if keeping is None or current is None or bookmark is None:
            return
        if bookmark.article_key != current.key:
            self.notify("That is another article: open the bookmark's own article first.",
                        severity="warning")  # fmt: skip
            return
        if keeping.reattach(bookmark, current.article.text, start, end) is not None:
            self._show_bookmarks()
            self.notify("Re-attached: the bookmark is on the words you selected.")

    # ----------------------------------------------------------------- tags
    def action_tag(self) -> None:
        """Tag the selection's highlight (making it, in the first colour, if need be), or the
        article; several tags, comma-separated, completed from the tags in use."""
        from reader.core.storage.tags import TagError
        from reader.ui.screens.dialogs import TagSuggester, TextPrompt

        keeping: Keeping | None = self.writable_keeping()
        current = self.current
        view: ArticleView = self.view
        if keeping is None or current is None:
            return
        span = view.selection.span if view.selection is not None else None
        target = self._highlight_at(span) if span else self.fresh_highlight()
        shown = ", ".join(target.tags if target else keeping.article_tags(current.key))
        what = "these words" if span or target else "this article"

        def done(text: str | None) -> None:
            if text is None:
                return
            from reader.core.storage.tags import parse_tags

            try:
                tags = parse_tags(text)
                if span is None and target is None:
                    kept = keeping.set_article_tags(current.key, tags)
                else:
                    view.action_cancel_selection()
                    mark = target
                    if mark is None and span is not None:
                        mark = self.make_highlight(*span, self.colours[0])
                    changed = keeping.update_highlight(mark, tags=tags) if mark else None
                    kept = changed.tags if changed else None
            except TagError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            if kept is not None:
                self._tagged = set()
                self._show_bookmarks()
                self.notify(f"Tags of {what}: " + (", ".join(kept) or "none"), markup=False)

        prompt = TextPrompt(
            f"Tags for {what}",
            shown,
            "comma-separated, e.g. karabakh, to read",
            suggester=TagSuggester(keeping.all_tags()),
        )
        self.app.push_screen(prompt, done)

    def _highlight_at(self, span: tuple[int, int]) -> Bookmark | None:
        """The current article's highlight of exactly this span, if there is one."""
        keeping: Keeping | None = self.keeping
        current = self.current
        if keeping is None or current is None:
            return None
        return next(
            (b for b in keeping.bookmarks(current.key) if (b.start, b.end) == span and b.colour),
            None,
        )

    def set_tag_filter(self, tag: str | None) -> None:
        """List only the articles with this tag (None: all)."""
        keeping: Keeping | None = self.keeping
        self.tag_filter = tag
        self._tagged = keeping.tagged_keys(tag) if keeping is not None and tag else set()
        self._visible = None
        self.refresh_sidebar()
        self.refresh_bindings()
