"""An article's outline: its headings (HTML h1-h6, Markdown headings, the subheadings the
cleaner recognises in text dumps), each with its section index and level."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from reader.core.models import Article


@dataclass(frozen=True)
class Heading:
    section: int
    """Index into `Article.sections`."""
    level: int
    text: str


def outline(article: Article) -> tuple[Heading, ...]:
    """The article's headings in order (the title is not one: it heads the whole)."""
    return tuple(
        Heading(index, max(1, section.level), section.text)
        for index, section in enumerate(article.sections)
        if section.kind == "heading"
    )


def depth(headings: tuple[Heading, ...]) -> list[int]:
    """How far each heading is indented: its level less the outline's shallowest level."""
    top = min((h.level for h in headings), default=1)
    return [h.level - top for h in headings]


def current(headings: tuple[Heading, ...], section: int) -> int | None:
    """The index (in `headings`) of the heading whose section holds `section`, or None
    before the first heading."""
    starts = [h.section for h in headings]
    index = bisect_right(starts, section) - 1
    return index if index >= 0 else None


def step(headings: tuple[Heading, ...], section: int, direction: int) -> int | None:
    """The section of the next (direction > 0) or previous heading from `section`; None
    when there is none that way."""
    if direction > 0:
        later = [h.section for h in headings if h.section > section]
        return later[0] if later else None
    earlier = [h.section for h in headings if h.section < section]
    return earlier[-1] if earlier else None
