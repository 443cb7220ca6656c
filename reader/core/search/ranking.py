"""Exact scoring of a document against a query: where each query word matched, and how well.

The index narrows a query to a few hundred documents on bitsets; these are scored here on
their text: coverage of the query words (weighted by rarity), query words found next to each
other in order (a swapped pair counts half), and the exact phrase, which always ranks first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count, repeat
from operator import mul

from reader.core.search.inverted import BROAD
from reader.core.search.terms import JOINED, JOINED_STRONG, PREFIX, Term


@dataclass
class _Match:
    """Where a document matched: per query word, token position -> grade (and where a
    run-together match ends)."""

    score: float
    hits: list[dict[int, float]]
    ends: list[dict[int, int]]
    chain: tuple[int, int]
    """Token positions of the best run of query words (first, last), for the snippet."""


def _bits(term: Term) -> int:
    """Documents a term matches in any way."""
    bits = 0
    for _, band in term.bands:
        bits |= band
    return bits


class _Query:
    """A query's terms prepared for scoring many documents: one dict lookup per token."""

    def __init__(
        self,
        terms: list[Term],
        words: list[str],
        complete: bool,
        idfs: list[float],
        merged: dict[str, tuple[tuple[int, float], ...]],
    ):
        self.terms = terms
        self.idfs = idfs
        self.idf_total = sum(idfs) or 1.0
        self.phrase = " " + " ".join(words) + " "
        self.complete = complete
        self.merged = merged
        """Vocabulary word -> (query word index, grade) for each query word it matches."""
        self.broad = [(i, t.text) for i, t in enumerate(terms) if _broad(t)]
        """Query words typed as prefixes of too many words to list in merged (see `_merge`):
        (index, prefix), found in each token instead."""
        self.joined: list[tuple[int, re.Pattern[str], set[int] | None]] = [
            (i, t.joined, None) for i, t in enumerate(terms) if t.joined is not None
        ]
        """Run-together patterns, tried only in the documents listed (None: in all)."""


def _broad(term: Term) -> bool:
    return any(grade == PREFIX and len(words) > BROAD for grade, words in term.groups)


def _merge(
    base: dict[str, tuple[tuple[int, float], ...]], index: int, term: Term
) -> dict[str, tuple[tuple[int, float], ...]]:
    """base plus one more query word's vocabulary (dict operations in C, no per-word loop)."""
    grades = term.grades
    groups = term.groups or [
        (grade, list(compress(grades, map(grade.__eq__, grades.values()))))
        for grade in set(grades.values())
    ]
    own: dict[str, tuple[tuple[int, float], ...]] = {}
    broad = _broad(term)
    for grade, words in groups:  # a handful of grades: one shared value each
        if broad and grade == PREFIX:
            continue  # 20,000 words for "t": a dict of them costs more than looking (`_find`)
        if own:
            own.update(dict.fromkeys(words, ((index, grade),)))
        else:
            own = dict.fromkeys(words, ((index, grade),))
    if len(base) > len(own):
        merged = {**base, **own}
        for word in base.keys() & own.keys():
            merged[word] = base[word] + own[word]
        return merged
    for word, found in base.items():  # own is new: grow it (the usual case: a broad prefix)
        mine = own.get(word)
        own[word] = found + mine if mine else found
    return own


def _joined_hit(norm: str, pattern: re.Pattern[str]) -> tuple[int, float, int] | None:
    """(first position, grade, last position) of a run-together match, None if none."""
    found = pattern.search(norm)
    if found is None:
        return None
    first = norm.count(" ", 0, found.start(1)) - 1
    last = norm.count(" ", 0, found.end()) - 1
    if last == first:
        return None
    # Whole parts of two letters or more read as intended ("pri mini"); single letters
    # inside ("p r i") are as likely an accident of a long passage.
    part, parts = 1, []
    for g in range(2, (pattern.groups or 0) + 1):
        if found.start(g) == found.end(g - 1):
            part += 1
        else:
            parts.append(part)
            part = 1
    strong = all(n >= 2 for n in parts) or len(parts) + 1 == pattern.groups
    return first, JOINED_STRONG if strong else JOINED, last


def _find(
    norm: str, q: _Query, doc: int = -1
) -> tuple[list[dict[int, float]], list[dict[int, int]]]:
    """Per query word: token position -> grade, and for run-together matches the position
    where the match ends (other matches end where they start)."""
    tokens = norm.split()
    found = list(map(q.merged.get, tokens))
    hits: list[dict[int, float]] = [{} for _ in q.terms]
    ends: list[dict[int, int]] = [{} for _ in q.terms]
    for p in compress(count(), found):
        for i, grade in found[p]:
            hits[i][p] = grade
    for i, prefix in q.broad:
        here = hits[i]
        for p in compress(count(), map(str.startswith, tokens, repeat(prefix))):
            if here.get(p, 0.0) < PREFIX:
                here[p] = PREFIX
    for i, pattern, allowed in q.joined:
        if (allowed is None or doc in allowed) and max(hits[i].values(), default=0.0) < PREFIX:
            joined = _joined_hit(norm, pattern)
            if joined is not None:
                first, grade, last = joined
                hits[i][first] = max(grade, hits[i].get(first, 0.0))
                ends[i][first] = last
    return hits, ends


def _score(norm: str, q: _Query, doc: int) -> _Match | None:
    hits, ends = _find(norm, q, doc)
    best = [max(h.values(), default=0.0) for h in hits]
    matched = len(best) - best.count(0.0)
    k = len(best)
    if not matched or matched < k - 1 - (k == 2):
        return None
    coverage = sum(map(mul, q.idfs, best)) / q.idf_total
    if q.phrase in norm:
        exact = 1.0
    elif not q.complete and q.phrase[:-1] in norm:
        exact = 0.9
    else:
        exact = 0.0
    if k == 1:
        first = max(hits[0], key=hits[0].__getitem__)
        chain = (first, ends[0].get(first, first))
        return _Match(100 * (0.8 * coverage + 0.2 * exact), hits, ends, chain)
    # Runs of query words in order at consecutive positions; a joined match is a run itself.
    runs: dict[int, tuple[int, int]] = {}  # end position -> (run length, start position)
    chain, longest, reversed_pairs = (0, 0), 0, 0
    for i, here in enumerate(hits):
        nxt: dict[int, tuple[int, int]] = {}
        last = ends[i]
        for start in here:
            end = last.get(start, start)
            length, first = runs.get(start - 1, (0, start))
            length += 1
            if length > nxt.get(end, (0, 0))[0]:
                nxt[end] = (length, first)
            if length > longest:
                longest, chain = length, (first, end)
        if i and all(length == 1 for length, _ in nxt.values()):
            # Not after the previous word: word order swapped ("minister prime") counts half.
            reversed_pairs += any((end + 1) in hits[i - 1] for end in nxt)
        runs = nxt
    adjacency = min(1.0, (longest - 1 + 0.5 * reversed_pairs) / (k - 1))
    score = 100 * (0.5 * coverage + 0.3 * adjacency + 0.2 * exact)
    return _Match(score, hits, ends, chain)
