"""The article pane: a Line-API view that renders only the lines on screen.

A 5 MB article wraps to ~100,000 lines; building a widget per paragraph (or one huge
`Static`) would take seconds. Here the text is wrapped to (section, start, end) offsets once
per width (in a thread for big articles), and `render_line` styles just the visible lines,
slicing entity and match spans by offset. Article text is never parsed as markup.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.core.library.articles import LoadedArticle
from reader.core.models import ENTITY_LABELS, Entity, Section
from reader.core.navigation import outline
from reader.ui import bindings
from reader.ui.render import StyledSpan, line_segments, reason_tag, wrap_offsets
from reader.ui.widgets.article_styles import ArticleStyles
from reader.ui.widgets.marking import GUTTER, Marking

# The original view and terminal hyperlinks are imported when first used: the first frame
# needs neither.
if TYPE_CHECKING:
    from reader.core.navigation.original import Original

BOOKMARK_MARK = "★"
BIG_ARTICLE_CHARS = 200_000
"""Above this, wrapping runs in a thread so the UI stays responsive while a book opens."""
EAGER_SECTIONS = 60
"""Sections laid out at once (after the cursor) while a big article's layout is in a thread."""

Line = tuple[int, int, int]
"""(section index, start, end): offsets into Article.text; section -1 is a blank line."""


@dataclass(frozen=True)
class Layout:
    width: int
    lines: list[Line]
    first_line: list[int]
    """For each section, the index of its first line."""


def build_layout(
    sections: tuple[Section, ...],
    width: int,
    cancelled: Callable[[], bool] | None = None,
    tags: dict[int, str] | None = None,
) -> Layout:
    """Wrap every section to `width`. With `cancelled` (in a thread), it stops when asked and
    pauses now and then, so the UI thread gets the GIL and stays responsive meanwhile.

    `tags` (the original view): section -> a reason drawn after its last line, on a line of
    its own (an empty span at the section's end) when it does not fit there."""
    lines: list[Line] = []
    first_line: list[int] = []
    for index, section in enumerate(sections):
        if cancelled is not None and index % 128 == 0:
            if cancelled():
                break
            time.sleep(0.001)
        if index:
            lines.append((-1, 0, 0))
        first_line.append(len(lines))
        offset = section.start
        lines.extend(
            (index, offset + start, offset + end)
            for start, end in wrap_offsets(section.text, width)
        )
        if tags and index in tags:
            _, start, end = lines[-1]
            if end - start + len(reason_tag(tags[index])) > width:
                lines.append((index, section.end, section.end))
    return Layout(width, lines, first_line)


class ArticleView(Marking, ScrollView, can_focus=True):
    """Shows one article with a reading cursor on the current passage, its highlights, and
    a selection made with the keyboard or the mouse (see `marking.py`)."""

    BINDINGS = bindings.READING

    DEFAULT_CSS = """
    ArticleView { height: 1fr; }
    """

    _styles_widget: ArticleStyles | None = None

    @dataclass
    class CursorMoved(Message):
        """The reading cursor is on another passage (for status displays)."""

        view: ArticleView
        section: int

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(self, *, text_width: int = 80, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded: LoadedArticle | None = None
        self.text_width = text_width
        self.cursor = 0
        self.show_entities = True
        self.selected_entity: int | None = None
        self.matches: list[tuple[int, int]] = []
        self.bookmarked: set[int] = set()
        self.enabled_labels: set[str] = set(ENTITY_LABELS)
        self.style_overrides: dict[str, RichStyle] = {}
        """Entity styles from the settings, in place of the theme's."""
        self.empty_message = "Loading…"
        self.original: Original | None = None
        """Set in the original view: the text as read, drawn instead of the article."""
        self.osc8 = False
        """Draw links as terminal hyperlinks (OSC 8)."""
        self._link_starts: list[int] = []
        self._link_style = RichStyle()
        self._layout: Layout | None = None
        self._pending_scroll = False
        """Scroll to the cursor once its section is laid out."""
        self._entity_styles: dict[str, RichStyle] = {}
        self._match_style = RichStyle()
        self._selected_style = RichStyle()
        self._entity_starts: list[int] = []
        self._starts_for: LoadedArticle | None = None
        self._line_cache: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._init_marks()
        self._styles_stale = True

    # ----------------------------------------------------------------- public API
    def show(self, loaded: LoadedArticle | None, cursor: int = 0) -> None:
        """Open an article (or none) with the reading cursor on section `cursor`."""
        self.loaded = loaded
        self.original = None
        self.selected_entity = None
        self.selection = None
        self.marks, self._mark_starts = [], []
        self.matches = []
        self.bookmarked = set()
        sections = loaded.article.sections if loaded else ()
        self.cursor = max(0, min(cursor, len(sections) - 1))
        self._layout = None
        self._rebuild_spans()
        self._relayout()

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections drawn: the article's, or the original view's."""
        if self.original is not None:
            return self.original.sections
        return self.loaded.article.sections if self.loaded else ()

    @property
    def text(self) -> str:
        if self.original is not None:
            return self.original.text
        return self.loaded.article.text if self.loaded else ""

    def set_original(self, on: bool) -> None:
        """Show the text as read (removed lines dimmed, with their reasons), or the article;
        the cursor stays on the same passage."""
        if self.loaded is None or on == (self.original is not None):
            return
        if on:
            from reader.core.navigation.original import original_of

            self.original = original_of(self.loaded.article)
            self.cursor = self.original.to_original[self.cursor]
        else:
            self.cursor = self.original.to_cleaned[self.cursor] if self.original else 0
            self.original = None
        self._layout = None
        self._rebuild_spans()
        self._relayout()
        self.post_message(self.CursorMoved(self, self.cursor))

    @property
    def cleaned_cursor(self) -> int:
        """The cursor as an index into the article's sections (also in the original view)."""
        if self.original is not None:
            return self.original.to_cleaned[self.cursor]
        return self.cursor

    def set_osc8(self, on: bool) -> None:
        self.osc8 = on
        self._invalidate()

    def set_bookmarked(self, sections: set[int]) -> None:
        """Mark these sections (passages) as bookmarked in the gutter."""
        self.bookmarked = set(sections)
        self._invalidate()

    def set_empty_message(self, message: str) -> None:
        self.empty_message = message
        self._invalidate()

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        """Highlight these [start, end) offsets of Article.text as search matches."""
        self.matches = sorted(matches)
        self._rebuild_spans()
        self._invalidate()

    def set_entity_styles(self, enabled: set[str], overrides: dict[str, RichStyle]) -> None:
        """Which entity kinds are highlighted, and styles that replace the theme's."""
        self.enabled_labels = set(enabled)
        self.style_overrides = dict(overrides)
        self._rebuild_spans()
        self._invalidate()

    def entity_style(self, label: str) -> RichStyle:
        return self.style_overrides.get(label) or self.get_component_rich_style(
            f"entity--{label.lower()}"
        )

    def set_show_entities(self, show: bool) -> None:
        self.show_entities = show
        self._rebuild_spans()
        self._invalidate()

    def set_text_width(self, width: int) -> None:
        self.text_width = width
        self._relayout()

    def move_cursor(self, section: int, *, center: bool = False) -> None:
        if not self.loaded:
            return
        count = len(self.sections)
        self.cursor = max(0, min(section, count - 1))
        self._invalidate()
        self._scroll_to_cursor(center=center)
        self.post_message(self.CursorMoved(self, self.cursor))

    def move_to_article_section(self, section: int, *, center: bool = False) -> None:
        """Move the cursor to the article's section `section` (in either view)."""
        if self.original is not None:
            to = self.original.to_original
            section = to[max(0, min(section, len(to) - 1))] if to else 0
        self.move_cursor(section, center=center)

    @property
    def section_count(self) -> int:
        return len(self.sections)

    @property
    def current_section(self) -> Section | None:
        """The article's section under the cursor (in the original view, the kept one at or
        before it): what a bookmark, a copy or a link refers to."""
        if not self.loaded:
            return None
        return self.loaded.article.sections[self.cleaned_cursor]

    def top_offset(self) -> int:
        """How far into the cursor's passage the top line on screen is (0 unless the
        passage starts above the screen): the offset of a reading position."""
        if self._layout is None or not self.loaded:
            return 0
        top = int(self.scroll_offset.y)
        if not 0 <= top < len(self._layout.lines):
            return 0
        section, start, _end = self._layout.lines[top]
        if section != self.cursor or self._layout.first_line[section] == top:
            return 0
        return max(0, start - self.sections[section].start)

    def scroll_into_passage(self, offset: int) -> None:
        """Scroll so the line holding `offset` (into the cursor's passage) is at the top."""
        if self._layout is None or offset <= 0 or self.cursor >= len(self._layout.first_line):
            return
        target = self.sections[self.cursor].start + offset
        first, last = self._section_lines(self.cursor)
        for line in range(first, min(last + 1, len(self._layout.lines))):
            section, start, end = self._layout.lines[line]
            if section == self.cursor and start <= target <= end:
                self.scroll_to(y=line, animate=False)
                return

    # ----------------------------------------------------------------- layout
    @property
    def measure(self) -> int:
        """Columns of text: the setting, or less in a narrow terminal."""
        return max(10, min(self.text_width, self.scrollable_content_region.width - GUTTER - 1))

    def _relayout(self) -> None:
        if not self.loaded or not self.size.width:
            self._layout = None
            self.virtual_size = Size(0, 0)
            self._invalidate()
            return
        sections = self.sections
        tags = self.original.reasons if self.original is not None else None
        width = self.measure
        self._pending_scroll = True
        if len(self.text) > BIG_ARTICLE_CHARS:
            # Lay out the start now, so the first screen shows at once, and the rest in a
            # thread; the lines of the start are the same in both, so the swap is seamless.
            if self.cursor < EAGER_SECTIONS:
                head = sections[: self.cursor + EAGER_SECTIONS]
                self._set_layout(self.loaded, build_layout(head, width, tags=tags), self.original)
            self._layout_in_thread(self.loaded, self.original, width)
        else:
            self._set_layout(self.loaded, build_layout(sections, width, tags=tags), self.original)

    # An explicit description: the default one is the repr of the arguments, which for a
    # 5 MB article costs a quarter of a second on the UI thread.
    @work(thread=True, exclusive=True, group="layout", description="article layout")
    def _layout_in_thread(
        self, loaded: LoadedArticle, original: Original | None, width: int
    ) -> None:
        worker = get_current_worker()
        sections = original.sections if original is not None else loaded.article.sections
        tags = original.reasons if original is not None else None
        layout = build_layout(sections, width, lambda: worker.is_cancelled, tags)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._set_layout, loaded, layout, original)

    def _set_layout(
        self, loaded: LoadedArticle, layout: Layout, original: Original | None = None
    ) -> None:
        if loaded is not self.loaded or original is not self.original:
            return
        self._layout = layout
        self.virtual_size = Size(self.scrollable_content_region.width, len(layout.lines))
        self._invalidate()
        if self._pending_scroll and self.cursor < len(layout.first_line):
            self._pending_scroll = False
            self._scroll_to_cursor(center=False, force_top=self.cursor == 0)

    def on_resize(self, event: events.Resize) -> None:
        if self._layout is None or self._layout.width != self.measure:
            self._relayout()
        else:
            self._invalidate()

    def get_component_rich_style(self, *names: str, partial: bool = False) -> RichStyle:
        """The view's component styles are held by the screen's `ArticleStyles` (see there:
        here, every focus change would work them all out again)."""
        if self._styles_widget is None:
            self._styles_widget = self.screen.query_one(ArticleStyles)
        return self._styles_widget.get_component_rich_style(*names, partial=partial)

    def notify_style_update(self) -> None:
        """The theme changed: the cached styles of spans and lines are stale."""
        super().notify_style_update()
        self._rebuild_spans()
        self._line_cache.clear()

    def _invalidate(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def _rebuild_spans(self) -> None:
        """The styles spans are drawn with are stale: worked out again when next drawn (a
        start restyles the view several times before its first frame)."""
        self._styles_stale = True

    def _compute_spans(self) -> None:
        """Refresh the styles spans are drawn with (spans themselves are found per line).

        A 5 MB article has tens of thousands of entities: building a styled span for each
        would cost a tenth of a second on every open, so `spans_between` looks up only the
        entities of the lines being drawn, by bisecting their start offsets.
        """
        if self.loaded is None:  # nothing to draw (and, early on, no component styles yet)
            self._entity_styles = {}
            return
        self._entity_styles = (
            {label: self.entity_style(label) for label in self.enabled_labels}
            if self.show_entities
            else {}
        )
        self._match_style = self.get_component_rich_style("article--match")
        self._selected_style = self.get_component_rich_style("article--selected-entity")
        self._link_style = self.get_component_rich_style("article--link")
        self._mark_styles()
        if self.loaded is not self._starts_for:
            self._starts_for = self.loaded
            self._entity_starts = [e.start for e in self.loaded.entities] if self.loaded else []
            self._link_starts = [link.start for link in self.loaded.article.links]
        self._styles_stale = False

    def spans_between(self, start: int, end: int) -> list[StyledSpan]:
        """Styled spans overlapping a range, in drawing order (see `marking.py`): highlights,
        entities and links, the highlights' backgrounds, the selected entity, search matches,
        the selection. The original view draws its text plain (its offsets are not the
        article's)."""
        if self.loaded is None or self.original is not None:
            return []
        if self._styles_stale:
            self._compute_spans()
        under, tint, over = self.mark_spans(start, end)
        spans: list[StyledSpan] = under
        if self._entity_styles:
            entities = self.loaded.entities
            first = max(0, bisect_right(self._entity_starts, start) - 1)
            last = bisect_right(self._entity_starts, end)
            for entity in entities[first:last]:
                style = self._entity_styles.get(entity.label)
                if style is not None and entity.end > start and entity.start < end:
                    spans.append(StyledSpan(entity.start, entity.end, style))
        if self._link_starts:
            links = self.loaded.article.links
            first = max(0, bisect_right(self._link_starts, start) - 1)
            for link in links[first : bisect_right(self._link_starts, end)]:
                if link.end > start and link.start < end:
                    spans.append(StyledSpan(link.start, link.end, self._link_span_style(link)))
        spans.extend(tint)
        if self.selected_entity is not None:
            entity = self.loaded.entities[self.selected_entity]
            if entity.end > start and entity.start < end:
                spans.append(StyledSpan(entity.start, entity.end, self._selected_style))
        spans.extend(
            StyledSpan(s, e, self._match_style) for s, e in self.matches if e > start and s < end
        )
        return spans + over

    def _link_span_style(self, link) -> RichStyle:
        if self.osc8:
            from reader.core.navigation.links import osc8_target

            target = osc8_target(link.target, self.loaded.article.url if self.loaded else "")
            if target is not None:
                return self._link_style + RichStyle(link=target)
        return self._link_style

    # ----------------------------------------------------------------- rendering
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        key = (index, width)
        cached = self._line_cache.get(key)
        if cached is None:
            cached = self._render_full_line(index, width)
            self._line_cache[key] = cached
        return cached.crop(scroll_x, scroll_x + width)

    def _render_full_line(self, index: int, width: int) -> Strip:
        base = self.rich_style
        layout = self._layout
        if self.loaded is None or layout is None:
            message = self.empty_message if self.loaded is None else "Laying out…"
            lines = message.splitlines()
            if 1 <= index <= len(lines):
                style = base + self.get_component_rich_style("article--empty")
                text = lines[index - 1].center(width)[:width]
                return Strip([Segment(text, style)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(layout.lines):
            return Strip.blank(width, base)
        section_index, start, end = layout.lines[index]
        measure = layout.width
        pad = max(0, (width - measure - GUTTER) // 2)
        if section_index < 0:
            return Strip.blank(width, base)
        section = self.sections[section_index]
        text_style = base + self.get_component_rich_style(f"article--{section.kind}")
        gutter = [Segment(" ", base)]
        if section_index == self.cursor:
            text_style = text_style + self.get_component_rich_style("article--cursor")
            gutter = [Segment("▌", base + self.get_component_rich_style("article--gutter"))]
        first_line = layout.first_line[section_index] == index
        if first_line and section_index in self.bookmarked:
            mark_style = base + self.get_component_rich_style("article--bookmark")
            gutter.append(Segment(BOOKMARK_MARK, mark_style))
        else:
            gutter.append(Segment(" ", base))
        gutter.append(Segment(" ", base))
        body = line_segments(self.text, start, end, text_style,
                             self.spans_between(start, end))  # fmt: skip
        if self.original is not None and section_index in self.original.reasons:
            last = index + 1 >= len(layout.lines) or layout.lines[index + 1][0] != section_index
            if last:
                tag = reason_tag(self.original.reasons[section_index])
                body.append(
                    Segment(tag, text_style + self.get_component_rich_style("article--reason"))
                )
        strip = Strip([Segment(" " * pad, base), *gutter, *body])
        if section_index == self.cursor:
            strip = strip.extend_cell_length(pad + GUTTER + measure, text_style)
        return strip.extend_cell_length(width, base)

    # ----------------------------------------------------------------- scrolling
    def _section_lines(self, section: int) -> tuple[int, int]:
        assert self._layout is not None
        first = self._layout.first_line
        top = first[section]
        bottom = first[section + 1] - 1 if section + 1 < len(first) else len(self._layout.lines)
        return top, max(top + 1, bottom)

    def _scroll_to_cursor(self, *, center: bool = False, force_top: bool = False) -> None:
        if self._layout is None or self.cursor >= len(self._layout.first_line):
            self._pending_scroll = True  # not laid out yet (a big article's tail)
            return
        if force_top:
            self.scroll_to(y=0, animate=False)
            return
        top, bottom = self._section_lines(min(self.cursor, len(self._layout.first_line) - 1))
        height = self.scrollable_content_region.height
        if bottom - top > height:
            bottom = top + height
        self.scroll_to_region(
            Region(0, top, 1, bottom - top), animate=False, center=center, spacing=None
        )

    def _section_at_line(self, line: int) -> int:
        if not self._layout or not self._layout.first_line:
            return 0
        return max(0, bisect_right(self._layout.first_line, line) - 1)

    # ----------------------------------------------------------------- actions
    def action_cursor_down(self) -> None:
        if not self.select_passages(+1):
            self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        if not self.select_passages(-1):
            self.move_cursor(self.cursor - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        marking = self.marking_check(action)
        return True if marking is None else marking

    def action_first(self) -> None:
        self.move_cursor(0)
        self.scroll_to(y=0, animate=False)

    def action_last(self) -> None:
        self.move_cursor(self.section_count - 1)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """Scroll a screen and put the cursor on the first passage starting in view."""
        if self._layout is None:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + direction * height, animate=False)
        top = int(self.scroll_target_y)
        section = self._section_at_line(top)
        if self._layout.first_line[section] < top and section + 1 < self.section_count:
            section += 1
        if direction > 0 and self.scroll_target_y >= self.max_scroll_y:
            section = max(section, self.section_count - 1)
        if direction < 0 and top == 0:
            section = 0
        self.cursor = section
        self._invalidate()
        self.post_message(self.CursorMoved(self, self.cursor))

    def action_next_entity(self) -> None:
        self._step_entity(+1)

    def action_previous_entity(self) -> None:
        self._step_entity(-1)

    def _step_entity(self, direction: int) -> None:
        if not self.loaded or not self.loaded.entities or self.original is not None:
            self.app.bell()
            return
        entities = self.loaded.entities
        if self.selected_entity is None:
            cursor_start = self.loaded.article.sections[self.cursor].start
            starts = [e.start for e in entities]
            position = bisect_right(starts, cursor_start - 1)
            index = position if direction > 0 else position - 1
        else:
            index = self.selected_entity + direction
        self.select_entity(index % len(entities))

    def select_entity(self, index: int) -> None:
        """Mark entity `index` and move the cursor to its passage."""
        if not self.loaded:
            return
        self.selected_entity = index
        self._rebuild_spans()
        entity: Entity = self.loaded.entities[index]
        self.move_to_article_section(self.section_of_offset(entity.start), center=True)

    def section_of_offset(self, offset: int) -> int:
        """The article's section holding `offset` (an offset into the article's text)."""
        if not self.loaded:
            return 0
        starts = [section.start for section in self.loaded.article.sections]
        return max(0, bisect_right(starts, offset) - 1)

    def action_next_heading(self) -> None:
        self._step_heading(+1)

    def action_previous_heading(self) -> None:
        self._step_heading(-1)

    def _step_heading(self, direction: int) -> None:
        if not self.loaded:
            return
        headings = outline.outline(self.loaded.article)
        section = outline.step(headings, self.cleaned_cursor, direction)
        if section is None:
            self.app.bell()
            return
        self.move_to_article_section(section)
        if self._layout is not None and self.cursor < len(self._layout.first_line):
            self.scroll_to(y=self._layout.first_line[self.cursor], animate=False)

    def action_copy_passage(self) -> None:
        section = self.sections[self.cursor] if self.loaded else None
        if section is None:
            return
        self.app.copy_to_clipboard(section.text)
        self.notify(f"Copied the passage ({len(section.text)} characters).", markup=False)

    def on_click(self, event: events.Click) -> None:
        if self._layout is None:
            return
        line = self.scroll_offset.y + event.y
        if 0 <= line < len(self._layout.lines):
            section, _, _ = self._layout.lines[line]
            if section >= 0:
                self.move_cursor(section)
