"""A list of fixed-height rows drawn with the Line API: the outline and the links list.

A 5 MB article has hundreds of headings and thousands of links. `OptionList` renders every
option to measure the list's height before it can draw (0.7 s for 3,800 links); here every
row is `row_height` lines, built only when drawn, so a list opens in the time of one screen.
Rows are `Content` (never markup) made by the screen's `row(index)` callable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from reader.ui import bindings

Row = Callable[[int], list[Content]]


class NavList(ScrollView, can_focus=True):
    """`count` rows of `row_height` lines; `enter` or a click posts `Selected`."""

    BINDINGS = bindings.NAV_LIST
    COMPONENT_CLASSES = {"nav-list--highlight"}
    DEFAULT_CSS = """
    NavList { height: auto; max-height: 30; background: transparent; }
    NavList > .nav-list--highlight { background: $block-cursor-background; }
    """

    @dataclass
    class Selected(Message):
        nav_list: NavList
        index: int

        @property
        def control(self) -> NavList:
            return self.nav_list

    def __init__(
        self,
        count: int,
        row: Row,
        *,
        row_height: int = 1,
        highlighted: int = 0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.count = count
        self.row = row
        self.row_height = row_height
        self.highlighted = max(0, min(highlighted, count - 1))
        self._rows: LRUCache[tuple[int, int, bool], list[Strip]] = LRUCache(256)
        self.virtual_size = Size(0, count * row_height)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.count * self.row_height

    def on_mount(self) -> None:
        self.call_after_refresh(self._scroll_to_highlight)

    def row_text(self, index: int) -> str:
        """The row's text as drawn (for tests)."""
        return "\n".join(line.plain for line in self.row(index))

    # ----------------------------------------------------------------- drawing
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index, part = divmod(scroll_y + y, self.row_height)
        if index >= self.count:
            return Strip.blank(width, self.rich_style)
        return self._row(index, width)[part].crop(scroll_x, scroll_x + width)

    def _row(self, index: int, width: int) -> list[Strip]:
        highlighted = index == self.highlighted
        key = (index, width, highlighted)
        strips = self._rows.get(key)
        if strips is None:
            base = self.rich_style
            if highlighted:
                base = base + self.get_component_rich_style("nav-list--highlight")
            lines = self.row(index)[: self.row_height]
            lines += [Content("")] * (self.row_height - len(lines))
            strips = []
            for line in lines:
                segments = line.render_segments(Style.from_rich_style(base))
                strip = Strip(segments).crop(0, width).extend_cell_length(width, base)
                strips.append(strip)
            self._rows[key] = strips
        return strips

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows.clear()

    # ----------------------------------------------------------------- moving
    def move_to(self, index: int) -> None:
        if not self.count:
            return
        self.highlighted = max(0, min(index, self.count - 1))
        self._rows.clear()
        self.refresh()
        self._scroll_to_highlight()

    def _scroll_to_highlight(self) -> None:
        top = self.highlighted * self.row_height
        self.scroll_to_region(Region(0, top, 1, self.row_height), animate=False, spacing=None)

    def _rows_per_page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height)

    def action_cursor_down(self) -> None:
        self.move_to(self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.highlighted - 1)

    def action_page_down(self) -> None:
        self.move_to(self.highlighted + self._rows_per_page())

    def action_page_up(self) -> None:
        self.move_to(self.highlighted - self._rows_per_page())

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_select(self) -> None:
        if self.count:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // self.row_height
        if 0 <= index < self.count:
            event.stop()
            self.move_to(index)
            self.post_message(self.Selected(self, index))
