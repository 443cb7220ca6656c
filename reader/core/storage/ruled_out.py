"""That no window of a stretch of text is like a quote, told from a search that found nothing
like a similar quote there, without searching again.

Re-anchoring a highlight searches the text before and after the place found for anything
`SEARCH_SLACK` below the threshold like the stored quote (usually finding nothing); then the
selectors of the place found ask whether its text, a quote as edited, has a twin in the same
stretches: a second search of the same length for a string most of whose characters are the
first's. A window like the edited quote is like the stored one too, by as many characters as
the two quotes share (the characters of the edited quote that both match are a common
subsequence of the stored quote and the window); when that is enough for the first search's
cutoff, that search would have found it, and it found nothing.

The bound holds for windows as long as the edited quote; the search for it also measures
shorter windows at the stretch's ends, and windows that reach past the first search's
stretch: those few are measured here.
"""

from __future__ import annotations

import math

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

MAX_MEASURED = 64
"""Windows past the first search's stretch measured at most (else the search is made)."""


def ruled_out(
    text: str, quote: str, a: int, b: int, cutoff: float, nothing: tuple[str, int, int, float]
) -> bool:
    """Whether no window of `text[a:b]` is `cutoff`% like `quote` (as
    `partial_ratio_alignment` measures it), given that no window of `text[a0:b0]` was
    `cutoff0`% like `quote0`, where `nothing` is (quote0, a0, b0, cutoff0). False when that
    cannot be told (the search must then be made)."""
    other, a0, b0, cutoff0 = nothing
    size, size0 = len(quote), len(other)
    if not quote or cutoff <= 0 or size0 > b0 - a0 or b - a <= size:
        return False
    # The fewest characters a window accepted at `cutoff` shares with the quote (rapidfuzz
    # accepts a distance a hair over the cutoff's: 0.1 allows for it); then with `other`.
    shared = math.ceil(size - math.floor(2 * size * (1 - cutoff / 100) + 0.1) / 2)
    shared += LCSseq.similarity(quote, other) - size - max(0, size - size0)
    if shared * 100 < cutoff0 * size0 + 1e-6:
        return False  # not enough to be found by the first search
    ratio = fuzz.ratio
    # Windows as long as the quote that reach out of the first search's stretch.
    last = b - size
    before = range(a, min(last, a0 - 1) + 1)
    after = range(max(a, b0 - size + 1, before.stop), last + 1)
    if len(before) + len(after) > MAX_MEASURED:
        return False
    outside = [*before, *after]
    for p in outside:
        if ratio(quote, text[p : p + size], score_cutoff=cutoff):
            return False
    # Shorter windows at the ends: those long enough to reach the cutoff at all.
    shortest = max(1, math.floor(cutoff * size / (200 - cutoff)) - 1)
    for length in range(shortest, size):
        if ratio(quote, text[a : a + length], score_cutoff=cutoff) or ratio(
            quote, text[b - length : b], score_cutoff=cutoff
        ):
            return False
    return True
