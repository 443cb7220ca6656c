"""Core data -> styled terminal lines: the only place article text meets style.

Article text is never parsed: it becomes `Segment`s (or `Content` built with `Content(text)`)
whose styles are attached by offset. So `[bold]` or `[/]` in an article prints literally, and
since loading removed every control character, nothing here can drive the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.style import Style

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class StyledSpan:
    """A style over [start, end) of a text."""

    start: int
    end: int
    style: RichStyle


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Break text into lines of at most `width` cells, at spaces; returns (start, end) pairs.

    Words wider than the line are folded. Newlines in text force a break. Offsets let the
    renderer style a line by slicing the section's spans, without copying styled text.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    ascii_only = text.isascii()
    position = 0
    for raw_line in text.split("\n"):
        line_start = -1
        line_end = 0
        used = 0
        for match in _WORD.finditer(raw_line):
            start, end = match.span()
            start += position
            end += position
            word_width = end - start if ascii_only else cell_len(match.group())
            if line_start >= 0 and used + 1 + word_width <= width:
                line_end = end
                used += 1 + word_width
                continue
            if line_start >= 0:
                lines.append((line_start, line_end))
            if word_width > width:
                folded = _fold(text, start, end, width, ascii_only)
                lines.extend(folded[:-1])
                line_start, line_end = folded[-1]
                used = line_end - line_start if ascii_only else cell_len(text[line_start:line_end])
            else:
                line_start, line_end, used = start, end, word_width
        if line_start >= 0:
            lines.append((line_start, line_end))
        elif not lines or raw_line == "":
            lines.append((position, position))
        position += len(raw_line) + 1
    return lines


def _fold(text: str, start: int, end: int, width: int, ascii_only: bool) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    if ascii_only:
        for s in range(start, end, width):
            pieces.append((s, min(end, s + width)))
        return pieces
    piece_start = start
    used = 0
    for index in range(start, end):
        w = cell_len(text[index])
        if used + w > width and index > piece_start:
            pieces.append((piece_start, index))
            piece_start, used = index, 0
        used += w
    pieces.append((piece_start, end))
    return pieces


def line_segments(
    text: str,
    start: int,
    end: int,
    base: RichStyle,
    spans: Sequence[StyledSpan],
) -> list[Segment]:
    """Segments for text[start:end] with `base` and every span overlapping it applied.

    `spans` may overlap (a search match over an entity): where they do, later spans in the
    list are layered on top, so the caller orders them by what must show. Callers pass the
    spans near the line, not all.
    """
    if start >= end:
        return []
    active = [s for s in spans if s.end > start and s.start < end]
    if not active:
        return [Segment(text[start:end], base)]
    cuts = {start, end}
    for span in active:
        cuts.add(max(start, span.start))
        cuts.add(min(end, span.end))
    points = sorted(cuts)
    segments: list[Segment] = []
    for left, right in pairwise(points):
        style = base
        for span in active:
            if span.start <= left and span.end >= right:
                style = style + span.style
        segments.append(Segment(text[left:right], style))
    return segments


def reason_tag(reason: str) -> str:
    """What the original view draws after a removed line: its reason, set apart."""
    return f"  ⟵ {reason}"


def plain(text: str, style: str | Style | None = None) -> Content:
    """Untrusted text as Content, never parsed as markup."""
    return Content(text) if style is None else Content.styled(text, style)


def highlight_positions(text: str, positions: Sequence[int], style: str | Style) -> Content:
    """Untrusted text as Content with the characters at `positions` styled (search matches)."""
    content = Content(text)
    spans = _runs(sorted(p for p in positions if 0 <= p < len(text)))
    for run_start, run_end in spans:
        content = content.stylize(style, run_start, run_end)
    return content


def _runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and runs[-1][1] == position:
            runs[-1] = (runs[-1][0], position + 1)
        else:
            runs.append((position, position + 1))
    return runs
