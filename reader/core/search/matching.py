"""Where a query matches inside one article's text: for highlighting the matches and stepping
through them (`.` and `,`), with the same word matching as search.
"""

from __future__ import annotations

from reader.core.search.ranking import _find, _merge, _Query
from reader.core.search.terms import Term, grade_word, joined_pattern
from reader.core.search.text import token_spans, tokenize


def find_in_text(query: str, text: str) -> list[tuple[int, int]]:
    """Spans of text where query matches, in order: for highlighting and next/previous match.

    Occurrences of the exact phrase (any case) when there are some; otherwise runs of the
    query's words in order, each matched as search matches it; otherwise each word's best
    matches on their own.
    """
    words = tokenize(query)
    spans = token_spans(text)
    tokens = [" ".join(tokenize(text[s:e])) for s, e in spans]
    if not words or not tokens:
        return []
    distinct = set(tokens)
    terms = []
    for word in words:
        grades = {t: g for t in distinct if (g := grade_word(word, t))}
        terms.append(Term(word, grades, (), joined_pattern(word) if len(word) >= 2 else None))
    norm = " " + " ".join(tokens) + " "
    merged: dict[str, tuple[tuple[int, float], ...]] = {}
    for i, term in enumerate(terms):
        merged = _merge(merged, i, term)
    q = _Query(terms, words, not query[-1:].isspace(), [1.0] * len(terms), merged)
    hits, ends = _find(norm, q)
    out: list[tuple[int, int]] = []
    for first in range(len(tokens)):  # runs of all the words in order
        pos = first
        for found, last in zip(hits, ends, strict=True):
            if pos not in found:
                break
            pos = last.get(pos, pos) + 1
        else:
            out.append((spans[first][0], spans[pos - 1][1]))
    if out:
        exact = [span for span in out if tokenize(text[span[0] : span[1]]) == words]
        return exact or out
    for found, last in zip(hits, ends, strict=True):
        top = max(found.values(), default=0.0)
        out += [(spans[p][0], spans[last.get(p, p)][1]) for p, g in found.items() if g == top]
    return sorted(set(out))
