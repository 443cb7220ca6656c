"""The article view's marks: a selection made with the keyboard or the mouse, and highlights.

A mixin of `ArticleView` (kept apart so each file holds one idea). The view never touches the
store: `h` and `1`..`4` post `Marking.HighlightSpan` with the selected span and the colour's
number, and the screen makes the highlight and hands back every highlight to draw.

Drawing order, lowest first (later layers win where they set the same attribute): a
highlight's whole style; entity colours and link underlines; the highlight's background
again; the entity chosen with `[`/`]`; search matches; the selection. So an entity inside a
highlight keeps its text colour and weight on the highlight's background (its own faint
background would hide the highlight), a search match inside it stays visible, and the
selection shows over everything. A highlight inside another (a word marked in a marked
passage) is drawn over it: highlights are drawn longest first where they start together.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import get_character_cell_size
from rich.style import Style as RichStyle
from textual import events
from textual.message import Message
from textual.widget import Widget

from reader.ui.render import StyledSpan
from reader.ui.selection import Selection

GUTTER = 3
"""Cells left of the text: the reading-cursor bar, then the bookmark mark, then a space."""
HIGHLIGHT_STYLES = 4
"""Colours keys 1 to 4 make; their styles are the component classes article--highlight-N."""

Mark = tuple[int, int, int]
"""(start, end, colour number 0-3): a highlight as the view draws it."""


class Marking:
    """Selection and highlights for `ArticleView` (see the module docstring)."""

    @dataclass
    class HighlightSpan(Message):
        """Highlight `start`..`end` of the article's text in colour `colour` (0-3)."""

        view: Widget
        start: int
        end: int
        colour: int

        @property
        def control(self) -> Widget:
            return self.view

    selection: Selection | None
    marks: list[Mark]
    _mark_starts: list[int]
    _highlight_styles: list[RichStyle]
    _highlight_tints: list[RichStyle | None]
    """Each colour's background alone, drawn again over entities and links (None: none)."""
    _selection_style: RichStyle
    _drag_from: int | None

    def _init_marks(self) -> None:
        self.selection = None
        self.marks = []
        self._mark_starts = []
        self._highlight_styles = [RichStyle()] * HIGHLIGHT_STYLES
        self._highlight_tints = [None] * HIGHLIGHT_STYLES
        self._selection_style = RichStyle()
        self._drag_from = None
        self.highlight_overrides: dict[int, RichStyle] = {}
        """Colour number -> a style from the settings, in place of the theme's."""

    # ----------------------------------------------------------------- the screen's calls
    def set_highlights(self, marks: list[Mark]) -> None:
        """The article's highlights, to draw under the text's other styles."""
        self.marks = sorted(marks, key=lambda mark: (mark[0], -mark[1], mark[2]))
        self._mark_starts = [start for start, _end, _colour in self.marks]
        self._invalidate()

    def set_highlight_styles(self, overrides: dict[int, RichStyle]) -> None:
        self.highlight_overrides = overrides
        self._rebuild_spans()
        self._invalidate()

    def _mark_styles(self) -> None:
        self._highlight_styles = [
            self.highlight_overrides.get(n)
            or self.get_component_rich_style(f"article--highlight-{n + 1}")
            for n in range(HIGHLIGHT_STYLES)
        ]
        self._highlight_tints = [
            None if style.bgcolor is None else RichStyle(bgcolor=style.bgcolor)
            for style in self._highlight_styles
        ]
        self._selection_style = self.get_component_rich_style("article--selection")

    def mark_spans(
        self, start: int, end: int
    ) -> tuple[list[StyledSpan], list[StyledSpan], list[StyledSpan]]:
        """(highlights under the text's styles, their backgrounds over entities and links,
        the selection over everything) in start..end (see the module docstring)."""
        under: list[StyledSpan] = []
        tint: list[StyledSpan] = []
        if self.marks:
            # Highlights may nest or overlap: look back from the first that starts after end.
            last = bisect_right(self._mark_starts, end)
            for mark_start, mark_end, colour in self.marks[:last]:
                if mark_end > start:
                    number = colour % HIGHLIGHT_STYLES
                    under.append(StyledSpan(mark_start, mark_end, self._highlight_styles[number]))
                    if (background := self._highlight_tints[number]) is not None:
                        tint.append(StyledSpan(mark_start, mark_end, background))
        over: list[StyledSpan] = []
        if self.selection is not None:
            s, e = self.selection.span
            if e > start and s < end:
                over.append(StyledSpan(s, e, self._selection_style))
        return under, tint, over

    # ----------------------------------------------------------------- the keys
    def _selectable(self) -> bool:
        return self.loaded is not None and self.original is None

    def _selected(self, selection: Selection | None) -> None:
        self.selection = selection
        if selection is not None:
            end_section = self.section_of_offset(max(selection.start, selection.end - 1))
            if end_section != self.cursor:
                self.move_cursor(end_section)
        self._invalidate()
        self.refresh_bindings()

    def action_select(self) -> None:
        if not self._selectable() or self.loaded is None:
            self.app.bell()
            return
        from reader.ui.selection import start_in

        self._selected(start_in(self.loaded.article, self.cursor))

    def action_select_word(self, step: int) -> None:
        if self.selection is not None and self.loaded is not None:
            from reader.ui.selection import by_word

            self._selected(by_word(self.loaded.article.text, self.selection, step))

    def action_select_sentence(self, step: int) -> None:
        if self.selection is not None and self.loaded is not None:
            from reader.ui.selection import by_sentence

            self._selected(by_sentence(self.loaded.article.text, self.selection, step))

    def select_passages(self, step: int) -> bool:
        """`j`/`k` with a selection: extend it by a passage (True), else False."""
        if self.selection is None or self.loaded is None:
            return False
        from reader.ui.selection import by_passage

        self._selected(by_passage(self.loaded.article, self.selection, step))
        return True

    def action_cancel_selection(self) -> None:
        self._selected(None)

    def action_highlight(self, colour: int) -> None:
        if self.selection is None:
            return
        start, end = self.selection.span
        self.post_message(self.HighlightSpan(self, start, end, colour))
        self._selected(None)

    def marking_check(self, action: str) -> bool | None:
        """check_action's answer for the marking actions (None: not one of them)."""
        if action in {"select_word", "select_sentence", "cancel_selection", "highlight"}:
            return self.selection is not None
        return None

    # ----------------------------------------------------------------- the mouse
    def offset_at(self, x: int, y: int) -> int | None:
        """The offset in the article's text under a point of the view (None: no text)."""
        layout = self._layout
        line = self.scroll_offset.y + y
        if layout is None or not self._selectable() or not 0 <= line < len(layout.lines):
            return None
        section, start, end = layout.lines[line]
        if section < 0:
            return None
        width = self.scrollable_content_region.width
        pad = max(0, (width - layout.width - GUTTER) // 2)
        column = x + self.scroll_offset.x - pad - GUTTER
        text = self.text
        at, cells = start, 0
        while at < end and cells + get_character_cell_size(text[at]) <= column:
            cells += get_character_cell_size(text[at])
            at += 1
        return at

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drag_from = self.offset_at(event.x, event.y)
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:  # the mouse is captured from the press to the release
            return
        here = self.offset_at(event.x, event.y)
        if here is None or here == self._drag_from:
            return
        start, end = sorted((self._drag_from, here))
        self._selected(Selection(start, end + 1 if end < len(self.text) else end))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self.release_mouse()
        self._drag_from = None
