"""The article list: a Line-API widget that draws only the rows on screen.

A library can hold ten thousand articles. `OptionList` measures every option's height when
its options change or one is replaced (3 s to list 10,000, then a tenth of a second each time
an article is marked read); here every row is `ROW_HEIGHT` lines, so listing is building a
list of keys and drawing is the few rows in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.library.articles import LoadedArticle
from reader.ui import bindings

UNREAD_MARK = "●"
MISSING_NOTE = "⚠ missing"
ROW_HEIGHT = 3
"""Title (up to two lines), then source · date · reading time; a short title leaves the
third line blank, which spaces the rows."""


class Sidebar(ScrollView, can_focus=True):
    """Lists articles: title, then how far read · source · date · reading time; ● marks
    unread ones."""

    COMPONENT_CLASSES = {
        "sidebar--title",
        "sidebar--unread",
        "sidebar--details",
        "sidebar--missing",
        "sidebar--mark",
        "sidebar--highlight",
    }
    DEFAULT_CSS = """
    Sidebar > .sidebar--unread { text-style: bold; }
    Sidebar > .sidebar--details { color: $text-muted; }
    Sidebar > .sidebar--missing { color: $text-warning; }
    Sidebar > .sidebar--mark { color: $accent; }
    Sidebar > .sidebar--highlight { background: $boost; }
    Sidebar:focus > .sidebar--highlight { background: $block-cursor-background; }
    """
    BINDINGS = bindings.ARTICLE_LIST

    @dataclass
    class Open(Message):
        """The user chose an article to read."""

        sidebar: Sidebar
        key: str

        @property
        def control(self) -> Sidebar:
            return self.sidebar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[str] = []
        self.show_reading_time = True
        self._articles: list[LoadedArticle] = []
        self._read: set[str] = set()
        self._highlighted: int | None = None
        self._progress: dict[str, int] = {}
        """How far through each article reading stands (percent), where known."""
        self._rows: LRUCache[tuple[str, int, bool, bool, bool, int], list[Strip]] = LRUCache(512)

    # ----------------------------------------------------------------- public API
    def set_articles(
        self, articles: Sequence[LoadedArticle], read: set[str], current: str | None
    ) -> None:
        """Show these articles (in this order), keeping `current` highlighted."""
        self._articles = list(articles)
        self._read = set(read)
        self.keys = [loaded.key for loaded in self._articles]
        self._rows.clear()
        self.virtual_size = Size(self.virtual_size.width, len(self.keys) * ROW_HEIGHT)
        if current in self.keys:
            self._highlighted = None  # set anew below, and scrolled to
            self.highlighted = self.keys.index(current)
        else:
            self.highlighted = 0 if self.keys else None
        self.refresh()

    def set_progress(self, progress: dict[str, int]) -> None:
        """How far through each article (percent, by key) reading stands."""
        self._progress = dict(progress)
        self.refresh()

    def show_progress(self, key: str, percent: int) -> None:
        if self._progress.get(key) != percent:
            self._progress[key] = percent
            self.refresh()

    def mark_read(self, loaded: LoadedArticle) -> None:
        if loaded.key not in self._read:
            self._read.add(loaded.key)
            self.refresh()

    @property
    def highlighted(self) -> int | None:
        """The index of the highlighted row (where Enter opens), or None when empty."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(index, len(self.keys) - 1)) if self.keys else None
        if index == self._highlighted:
            return
        self._highlighted = index
        self.refresh()
        if index is not None:
            self.scroll_to_region(
                Region(0, index * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, spacing=None
            )

    def row_text(self, index: int) -> str:
        """The row's text as drawn (for tests and screen readers of the code)."""
        width = max(10, self.scrollable_content_region.width or 36)
        return "\n".join(strip.text for strip in self._row(index, width))

    # ----------------------------------------------------------------- drawing
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        line = scroll_y + y
        index, part = divmod(line, ROW_HEIGHT)
        if index >= len(self.keys):
            return Strip.blank(width, self.rich_style)
        return self._row(index, width)[part].crop(scroll_x, scroll_x + width)

    def _row(self, index: int, width: int) -> list[Strip]:
        loaded = self._articles[index]
        read = loaded.key in self._read
        highlighted = index == self._highlighted
        percent = self._progress.get(loaded.key, -1)
        cache_key = (loaded.key, width, read, highlighted, self.show_reading_time, percent)
        rows = self._rows.get(cache_key)
        if rows is None:
            rows = self._draw(loaded, width, read, highlighted, percent)
            self._rows[cache_key] = rows
        return rows

    def _draw(
        self, loaded: LoadedArticle, width: int, read: bool, highlighted: bool, percent: int = -1
    ) -> list[Strip]:
        """The row's lines: text is always plain Segments, never markup."""
        base = self.rich_style
        if highlighted:
            base = base + self.get_component_rich_style("sidebar--highlight")
        style = self._style
        title_style = base + style("sidebar--title" if read else "sidebar--unread")
        mark = Segment(" " if read else UNREAD_MARK, base + style("sidebar--mark"))
        room = max(1, width - 3)  # a column of margin on the right
        title = _wrap(loaded.title, room, lines=2)
        details = [loaded.source or loaded.document.name]
        if loaded.date:
            details.append(loaded.date)
        if self.show_reading_time and loaded.reading_minutes:
            details.append(f"{loaded.reading_minutes} min")
        if percent >= 0:
            details.insert(0, f"{percent}%")  # first, so a narrow list still shows it
        detail_segments = []
        if loaded.missing:  # first, so a narrow list still shows it
            detail_segments.append(Segment(MISSING_NOTE + " · ", base + style("sidebar--missing")))
        left = room - sum(cell_len(segment.text) for segment in detail_segments)
        detail_style = base + style("sidebar--details")
        detail_segments.append(Segment(_fit(" · ".join(details), max(1, left)), detail_style))
        lines = [[mark, Segment(" "), Segment(title[0], title_style)]]
        if len(title) > 1:
            lines.append([Segment("  ", base), Segment(title[1], title_style)])
        lines.append([Segment("  ", base), *detail_segments])
        while len(lines) < ROW_HEIGHT:
            lines.append([])
        return [Strip(segments).extend_cell_length(width, base) for segments in lines]

    def _style(self, name: str) -> RichStyle:
        return self.get_component_rich_style(name, partial=True)

    # ----------------------------------------------------------------- input
    def action_cursor_up(self) -> None:
        if self._highlighted is not None:
            self.highlighted = self._highlighted - 1

    def action_cursor_down(self) -> None:
        self.highlighted = 0 if self._highlighted is None else self._highlighted + 1

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(+1)

    def _page(self, direction: int) -> None:
        if self._highlighted is None:
            return
        rows = max(1, self.scrollable_content_region.height // ROW_HEIGHT)
        self.highlighted = self._highlighted + direction * rows

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.keys) - 1

    def action_open(self) -> None:
        if self._highlighted is not None and self.keys:
            self.post_message(self.Open(self, self.keys[self._highlighted]))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // ROW_HEIGHT
        if 0 <= index < len(self.keys):
            event.stop()
            self.highlighted = index
            self.post_message(self.Open(self, self.keys[index]))


def _fit(text: str, width: int) -> str:
    """The text cut to `width` cells, with an ellipsis when it was longer."""
    if cell_len(text) <= width:
        return text
    return chop_cells(text, max(1, width - 1))[0] + "…"


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Word-wrap to at most `lines` lines of `width` cells; the last one ends in … if cut."""
    words = text.split()
    result: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current:
            result.append(current)
        current = word
        if len(result) == lines - 1:
            rest = " ".join(words[i:])
            result.append(_fit(rest, width))
            return result
        while cell_len(current) > width:  # a word longer than the line
            head = chop_cells(current, width)[0]
            result.append(head)
            current = current[len(head) :]
            if len(result) == lines - 1:
                result.append(_fit(" ".join([current, *words[i + 1 :]]), width))
                return result
    if current or not result:
        result.append(current)
    return result
