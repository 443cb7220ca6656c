"""The snippet of a hit: a window of its text around the best match, with the matched
characters marked.

Only the matched words around the match are located (a snippet shows a few dozen), and
only the window's characters are copied: a passage can be thousands.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from reader.core.search.ranking import _Match
from reader.core.search.terms import TYPO, Term
from reader.core.search.text import fold

SNIPPET = 160


def _chars(term: Term, token: str, grade: float) -> list[int]:
    """Offsets within token of the characters the typed word matched."""
    text = term.text
    if token.startswith(text):
        return list(range(len(text)))
    if grade == TYPO:
        return [
            j
            for op in Levenshtein.opcodes(text, token)
            if op.tag == "equal"
            for j in range(op.dest_start, op.dest_end)
        ]
    out, j = [], 0
    for c in text:  # a subsequence: match greedily left to right
        j = token.find(c, j)
        if j < 0:
            break
        out.append(j)
        j += 1
    return out


@lru_cache(maxsize=512)
def _skip(words: int) -> re.Pattern[str]:
    """Matches up to the start of word number `words` of a folded or normalised text."""
    return re.compile(r"\s*(?:\S+\s+){%d}" % words)  # noqa: UP031 (braces)


_WORD = re.compile(r"\S+")


def _highlight(text: str, norm: str, match: _Match, terms: list[Term]) -> dict[int, list[int]]:
    """Offsets in text of matched characters near the best match, by token position.

    Only the matched words around the match are located (a snippet shows a few dozen):
    tokenizing whole passages for 50 hits would cost more than the search itself.
    """
    folded = fold(text)
    if len(folded) != len(text):  # a letter whose lower case is longer: offsets would drift
        return {}
    first, last = match.chain
    since, until = max(0, first - 12), last + 24
    direct: list[tuple[int, Term, float]] = []
    joined: list[tuple[int, int]] = []  # (position, offset of a typed letter in that word)
    for term, found, ends in zip(terms, match.hits, match.ends, strict=True):
        for pos, grade in found.items():
            if not since <= pos < until:
                continue
            if ends.get(pos, pos) == pos:
                direct.append((pos, term, grade))
                continue
            at = _skip(pos).match(norm)
            m = term.joined.match(norm, at.end() - 1) if term.joined and at else None
            for g in range(1, len(term.text) + 1) if m else ():
                char = m.start(g)  # type: ignore[union-attr]
                p = norm.count(" ", 0, char) - 1
                if since <= p < until:
                    joined.append((p, char - norm.rfind(" ", 0, char) - 1))
    spans = _spans(folded, {p for p, _, _ in direct}.union(p for p, _ in joined))
    marks: dict[int, list[int]] = {}
    for pos, term, grade in direct:
        if pos not in spans:
            continue
        s, e = spans[pos]
        chars = _chars(term, folded[s:e], grade)
        marks.setdefault(pos, []).extend(s + j for j in chars if s + j < e)
    for p, offset in joined:
        if p not in spans:
            continue
        s, e = spans[p]
        marks.setdefault(p, []).append(min(s + offset, e - 1))
    return marks


def _spans(folded: str, positions: set[int]) -> dict[int, tuple[int, int]]:
    """Offsets of the words at the given token positions of a folded text, each found by
    skipping the words since the previous one (no match object for the words between)."""
    out: dict[int, tuple[int, int]] = {}
    at, next_pos = 0, 0
    for pos in sorted(positions):
        skipped = _skip(pos - next_pos).match(folded, at)
        word = _WORD.match(folded, skipped.end()) if skipped else None
        if word is None:
            break
        out[pos] = word.span()
        at, next_pos = word.end(), pos + 1
    return out


def _snippet(
    text: str, norm: str, match: _Match, terms: list[Term]
) -> tuple[str, int, int, tuple[int, ...]]:
    marks = _highlight(text, norm, match, terms)
    first, last = match.chain
    anchor = [o for p in range(first, last + 1) for o in marks.get(p, ())]
    if not anchor:
        anchor = [o for offsets in marks.values() for o in offsets] or [0]
    everything = sorted({o for offsets in marks.values() for o in offsets})
    return _cut(text, min(anchor), max(anchor) + 1, everything)


def _cut(
    text: str, start: int, end: int, marks: list[int]
) -> tuple[str, int, int, tuple[int, ...]]:
    """A window of at most SNIPPET characters around [start, end), cut at spaces, with "…".

    Only the window's characters are copied: a passage can be thousands.
    """
    size = len(text)
    if size <= SNIPPET:
        lo, hi, base = 0, size, 0
    else:
        lo = max(0, min(start - (SNIPPET - min(end - start, SNIPPET)) // 3, size - SNIPPET))
        base, hi = lo, lo + SNIPPET
    window = text[base : base + SNIPPET].replace("\n", " ").replace("\t", " ")
    if lo > 0:
        space = window.find(" ", 0, max(0, start - base))
        lo = base + space + 1 if space >= 0 else lo
    if hi < size:
        space = window.rfind(" ", max(end, lo) - base, SNIPPET)
        hi = base + space if base + space > lo else hi
    head = "…" if lo > 0 else ""
    tail = "…" if hi < size else ""
    shift = len(head) - lo
    snippet = head + window[lo - base : hi - base] + tail
    inside = tuple(o + shift for o in marks if lo <= o < hi)
    s = min(max(start, lo), hi) + shift
    e = min(max(end, lo), hi) + shift
    return snippet, s, e, inside
