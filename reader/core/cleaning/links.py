"""Links kept in the article model, and what a saved page lost on its way to the article.

Markdown gives each block's links as (link text, target) pairs; a saved page's links are read
from the page itself, because the extractor that found the text may not keep them (trafilatura
keeps links only in a mode that changes the text it finds, on a quarter of the development
pages). So a page is read once more as all of its blocks (`html._page_blocks`), each with its
links, and aligned, in reading order, with the article's blocks: a page block found in an
article block gives that block its links; a page block found nowhere is a line the extractor
(or a repair) left out, and becomes a `RemovedLine` at its place, so the original view and
`reader clean --show-removed` show a saved page's cut text as they show a text dump's.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.cleaning.boilerplate import boilerplate_reason
from reader.core.models import Block, Link, RemovedLine

#: How many article blocks ahead of the last one matched a page block is looked for.
WINDOW = 40
#: A page block shorter than this is in an article block only when the two are equal (a menu
#: entry "Home" is not taken for the word in a paragraph).
MIN_CONTAINED = 16
#: The reason a page block the extractor left out is given when no boilerplate rule names it.
LEFT_OUT = "outside the article (extractor)"


def placed(text: str, pairs: Sequence[tuple[str, str]]) -> tuple[Link, ...]:
    """Links at their place in text: each (link text, target) found after the one before;
    a pair whose text is not there (cut with a dateline, say) is dropped."""
    links: list[Link] = []
    cursor = 0
    for link_text, target in pairs:
        if not link_text or not target:
            continue
        start = text.find(link_text, cursor)
        if start < 0:
            start = text.find(link_text)
            if start < 0:
                continue
        end = start + len(link_text)
        links.append(Link(start, end, target))
        cursor = end
    links.sort(key=lambda link: link.start)
    return tuple(links)


def aligned(
    front: list[str], blocks: tuple[Block, ...], page: tuple[Block, ...]
) -> tuple[tuple[Block, ...], tuple[RemovedLine, ...]]:
    """The article's blocks with the links of the page blocks found in them, and the page
    blocks found nowhere (not in a block, not the title or byline) as removed lines.

    `front`: the texts of the sections before the blocks (title, byline), in order, so a
    removed line's `after` indexes `Article.sections`. Linear in the page: each page block is
    looked for in the next `WINDOW` article blocks only.
    """
    front_index = {text: index for index, text in reversed(list(enumerate(front)))}
    links: list[list[tuple[str, str]]] = [[] for _ in blocks]
    removed: list[RemovedLine] = []
    texts = [block.text for block in blocks]
    following = 0  # the article block a page block is looked for from
    after = -1
    for block in page:
        text = block.text
        if text in front_index:  # the title or byline, shown above the body
            if after < len(front):
                after = max(after, front_index[text])
            continue
        found = _find(text, texts, following)
        if found is None:
            reason = boilerplate_reason(text) or LEFT_OUT
            removed.append(RemovedLine(text, reason, after))
            continue
        after = len(front) + found
        following = found + (texts[found] == text)
        if block.links:
            links[found].extend((text[ln.start : ln.end], ln.target) for ln in block.links)
    out = tuple(
        Block(b.kind, b.text, b.level, placed(b.text, pairs)) if pairs else b
        for b, pairs in zip(blocks, links, strict=True)
    )
    return out, tuple(removed)


def _find(text: str, texts: list[str], start: int) -> int | None:
    """The index of the article block, from `start - 1` (a page block may be the rest of the
    last one matched) to `start + WINDOW`, equal to text or holding it (or held by it)."""
    lo = max(0, start - 1)
    hi = min(len(texts), start + WINDOW)
    for index in range(lo, hi):
        if texts[index] == text:
            return index
    if len(text) < MIN_CONTAINED:
        return None
    for index in range(lo, hi):
        other = texts[index]
        if text in other or (len(other) >= MIN_CONTAINED and other in text):
            return index
    return None
