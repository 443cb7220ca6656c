"""The reading position as a quote and an offset, so it survives another terminal width and
a re-extraction of the page: the passage is found again by its opening words, not by its
index (which changes when the cleaner finds one paragraph more) or by a line (which changes
with the width)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.models import Article

#: Characters of the passage kept as its quote.
QUOTE = 80


@dataclass(frozen=True)
class Anchor:
    quote: str
    """The passage's first `QUOTE` characters ("" for a position stored before quotes)."""
    offset: int = 0
    """Characters into the passage where reading stands (a long passage scrolled into)."""
    start: int = 0
    """Where the passage started in the article's text: which copy of a repeated quote, and
    where to go when the quote is gone."""
    section: int = 0
    """The passage's index when the anchor was made (all a position stored before quotes has)."""


def anchor(article: Article, section: int, offset: int = 0) -> Anchor:
    sections = article.sections
    if not sections:
        return Anchor("", 0, 0, 0)
    section = max(0, min(section, len(sections) - 1))
    passage = sections[section]
    offset = max(0, min(offset, len(passage.text)))
    return Anchor(passage.text[:QUOTE], offset, passage.start, section)


def locate(article: Article, where: Anchor) -> tuple[int, int]:
    """(section index, offset into it) of the anchor in the article: the passage that opens
    with the quote nearest its old start; else one holding the quote; else the passage at
    its old start (or, for an anchor with no quote, its old index)."""
    sections = article.sections
    if not sections:
        return 0, 0
    if not where.quote:
        return max(0, min(where.section, len(sections) - 1)), 0
    opening = [i for i, s in enumerate(sections) if s.text.startswith(where.quote)]
    if not opening:
        opening = [i for i, s in enumerate(sections) if where.quote in s.text]
    if opening:
        best = min(opening, key=lambda i: abs(sections[i].start - where.start))
        return best, min(where.offset, len(sections[best].text))
    return section_at(article, where.start), 0


def section_at(article: Article, offset: int) -> int:
    sections = article.sections
    for index in range(len(sections) - 1, -1, -1):
        if sections[index].start <= offset:
            return index
    return 0


def percent(article: Article, section: int, offset: int = 0) -> int:
    """How far through the article reading stands, 0 to 100: the text up to the end of the
    passage read (or up to `offset` into a long one), over the whole text."""
    sections = article.sections
    total = len(article.text)
    if not sections or not total:
        return 0
    section = max(0, min(section, len(sections) - 1))
    passage = sections[section]
    end = passage.start + offset if offset else passage.end
    if section == len(sections) - 1 and not offset:
        return 100
    return max(0, min(100, round(100 * end / total)))
