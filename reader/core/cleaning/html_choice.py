"""Which extractor's text a page gets, decided by how far the two extractors agree.

readability-lxml and trafilatura each find a page's main text; on most pages they find nearly
the same text. Where they differ, the choice rests on what the two texts say about each other,
not on which extractor wins on some kind of page:

- a text that holds nearly all of the other's (COVER of its 4-word shingles), has more words,
  and at most twice as many once repeated blocks are counted once (trafilatura drops a
  paragraph that a page repeats) is a well-formed superset: that extractor found more of the
  article, so its text is taken, less the short lines at its end beyond where the other's ends
  (a menu, a footer). Where the two agree closely, that is the longer of them;
- a text that holds most of the other's but is more than twice as long has taken in something
  else (a gallery, comments, the next article): the shorter text, which both found, is taken;
- otherwise (the two hold little of each other, or are as long) trafilatura's text is taken:
  on real news pages it is the stronger of the two. When both are short scraps of a page with
  no one article (an index, a home page), neither is.

After the repairs (`html_repairs`), `checked` compares the repaired text with the text it was
made from: when the repairs took out much of it, they are not trusted, and the extractor whose
text is the larger well-formed superset is shown as it found it, rather than a guess.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.core.cleaning import html_repairs as repairs
from reader.core.models import Block

# A text holds another when it has at least this share of the other's 4-word shingles.
COVER = 0.9
# A superset at most this many times as long as the other text is well-formed; a longer one
# that still holds at least LONGER_COVER of the other has taken in something else.
SUPERSET_LENGTH = 2.0
LONGER_COVER = 0.8
# Two texts under this many words that share less than this share of their 4-word shingles
# are scraps picked from a page that holds no one article.
SCRAP_WORDS = 100
SCRAPS_SHARED = 0.1
# The repairs are trusted when what they leave holds at least this share of the words of the
# text they repaired (on the development pages they never take out more than a quarter).
REPAIRS_KEEP = 0.6

_TOKEN = re.compile(r"\w+")


def choose(read: tuple[Block, ...], traf: tuple[Block, ...]) -> tuple[tuple[Block, ...], str]:
    """The blocks to use and the extractor they come from ("readability" or "trafilatura");
    no blocks (and "page") when neither found an article."""
    read_words, traf_words = _words(read), _words(traf)
    if not traf_words:
        return (read, "readability") if read_words else ((), "page")
    if not read_words:
        return traf, "trafilatura"
    read_in_traf = contained(read_words, traf_words)
    traf_in_read = contained(traf_words, read_words)
    if (
        max(len(read_words), len(traf_words)) < SCRAP_WORDS
        and max(read_in_traf, traf_in_read) < SCRAPS_SHARED
    ):
        return (), "page"
    superset = _superset(read, traf)
    if superset == "readability":
        return repairs.without_trailing_scraps(read, traf), "readability"
    if superset == "trafilatura":
        return repairs.without_trailing_scraps(traf, read), "trafilatura"
    read_length, traf_length = _distinct_length(read), _distinct_length(traf)
    if traf_in_read >= LONGER_COVER and read_length > SUPERSET_LENGTH * traf_length:
        return traf, "trafilatura"
    if read_in_traf >= LONGER_COVER and traf_length > SUPERSET_LENGTH * read_length:
        return read, "readability"
    return traf, "trafilatura"


def checked(
    repaired: tuple[Block, ...],
    chosen: tuple[Block, ...],
    read: tuple[Block, ...],
    traf: tuple[Block, ...],
) -> tuple[tuple[Block, ...], str | None]:
    """The repaired blocks and None, or, when they disagree strongly with the text they were
    made from (they keep less than REPAIRS_KEEP of its words, or of its 4-word shingles), the
    extractor text that is the larger well-formed superset of the other (trafilatura's when
    neither is), unrepaired, and the name of its extractor."""
    before, after = _words(chosen), _words(repaired)
    if not before or (
        len(after) >= REPAIRS_KEEP * len(before) and contained(before, after) >= REPAIRS_KEEP
    ):
        return repaired, None
    if _superset(read, traf) == "readability" or not _words(traf):
        return read, "readability"
    return traf, "trafilatura"


def _superset(read: tuple[Block, ...], traf: tuple[Block, ...]) -> str | None:
    """Which text, if either, is a well-formed superset of the other: it holds at least COVER
    of the other's 4-word shingles, has more words, and at most SUPERSET_LENGTH times as many
    once repeated blocks are counted once (trafilatura drops a paragraph a page repeats, so
    readability's text can be twice as long and still hold nothing else)."""
    read_words, traf_words = _words(read), _words(traf)
    if not (read_words and traf_words):
        return None
    for name, big, small, big_words, small_words in (
        ("readability", read, traf, read_words, traf_words),
        ("trafilatura", traf, read, traf_words, read_words),
    ):
        if (
            len(big_words) > len(small_words)
            and _distinct_length(big) <= SUPERSET_LENGTH * _distinct_length(small)
            and contained(small_words, big_words) >= COVER
        ):
            return name
    return None


def contained(inner: list[str], outer: list[str], n: int = 4) -> float:
    """The share of inner's n-word shingles (counted with repeats) also found in outer."""
    a, b = _shingles(inner, n), _shingles(outer, n)
    total = sum(a.values())
    return sum((a & b).values()) / total if total else 1.0


def _shingles(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def _words(blocks: tuple[Block, ...]) -> list[str]:
    return _TOKEN.findall(" ".join(block.text for block in blocks))


def _distinct_length(blocks: tuple[Block, ...]) -> int:
    """Words in the blocks, each distinct block counted once."""
    seen: set[str] = set()
    total = 0
    for block in blocks:
        if block.text not in seen:
            seen.add(block.text)
            total += len(_TOKEN.findall(block.text))
    return total
