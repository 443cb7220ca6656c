"""The window of a text most like a quote, and where a quote occurs exactly: found by
scanning the text (rapidfuzz `partial_ratio_alignment`; exact occurrences from the word index
of `occurrences.Occurrences`), each answer kept for the text, so that the searches
re-anchoring one bookmark repeats (whether the passage found has a twin, where its copies
are) and those of an article's other bookmarks cost nothing again. A scan starts from a
window known to be good (see `Scan._floor`), and a search for a quote as edited is skipped
when the search for the stored quote rules it out (see `ruled_out`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from reader.core.storage.occurrences import Occurrences
from reader.core.storage.ruled_out import ruled_out

FLOOR_SLACK = 1e-6
"""How far below a known window's score the scan's cutoff is set (rounding)."""

KEPT_IN_VAIN = 4
"""Searches that found nothing kept to rule out windows like a similar quote (a bookmark's
stored quote, for the quote as edited: see `ruled_out`)."""

FLOOR_PLACES = 8
"""Places of a quote's rarest word looked at for a window like the quote."""


@dataclass(frozen=True, slots=True)
class Window:
    start: int
    end: int
    score: float
    """How like the quote the window is (rapidfuzz ratio, 0-100)."""


class Scan:
    """Windows of one text, found by scanning it; each answer is kept, so that asking again
    (for a twin of a passage just found, say) costs nothing."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = Occurrences(text)
        self._answers: dict[tuple[str, int, int], tuple[float, Window | None]] = {}
        self._occurrences: dict[str, tuple[list[int], bool]] = {}  # (found, all of them?)
        self._nothing: list[tuple[str, int, int, float]] = []  # the last searches in vain

    def occurrences(self, quote: str, limit: int | None = None) -> list[int]:
        """Where the quote occurs exactly in the text (each start, overlapping ones too): the
        first `limit` of them, or all."""
        found, complete = self._occurrences.get(quote, ([], False))
        if not complete and (limit is None or len(found) < limit):
            # One more than asked for tells whether these are all of them.
            wanted = None if limit is None else limit - len(found) + 1
            more = self.exact.starts(quote, wanted, found[-1] if found else -1)
            complete = wanted is None or len(more) < wanted
            found.extend(more if complete else more[:-1])
            self._occurrences[quote] = (found, complete)
        return found if limit is None else found[:limit]

    def best(self, quote: str, a: int, b: int, cutoff: float) -> Window | None:
        """The window of `text[a:b]` most like the quote, if at least `cutoff`% like it (the
        answer of `partial_ratio_alignment` on that slice: windows as long as the quote, and
        shorter ones at the slice's ends)."""
        key = (quote, a, b)
        known = self._answers.get(key)
        if known is not None:
            cut, found = known
            if cut == cutoff or (found is None and cutoff >= cut):
                return found  # (of windows alike, another cutoff may give another)
        found = self._search(quote, a, b, cutoff)
        self._answers[key] = (cutoff, found)
        if found is None:
            self._nothing = [*self._nothing[1 - KEPT_IN_VAIN :], (quote, a, b, cutoff)]
        return found

    def has(self, quote: str, a: int, b: int, cutoff: float) -> bool:
        """Whether a window of `text[a:b]` is at least `cutoff`% like the quote."""
        known = self._answers.get((quote, a, b))
        if known is not None:
            if known[1] is not None:
                return known[1].score >= cutoff  # the best window's score
            if cutoff >= known[0]:
                return False  # none as good as a lower cutoff
        for nothing in reversed(self._nothing):
            if nothing[0] != quote and ruled_out(self.text, quote, a, b, cutoff, nothing):
                self._answers[(quote, a, b)] = (cutoff, None)
                return False  # nothing like a similar quote there (see `ruled_out`)
        return self.best(quote, a, b, cutoff) is not None

    def _search(self, quote: str, a: int, b: int, cutoff: float) -> Window | None:
        # A window known to be as like the quote as `floor` lets the scan pass over stretches
        # that cannot beat it from the start, not only once it comes to it: the same window
        # is found (see `_floor`), sooner.
        floor = self._floor(quote, a, b)
        raised = max(cutoff, floor - FLOOR_SLACK)
        text = self.text if (a, b) == (0, len(self.text)) else self.text[a:b]
        alignment = fuzz.partial_ratio_alignment(quote, text, score_cutoff=raised)
        if alignment is None and raised > cutoff:
            # Never so with rapidfuzz 3, whose search measures every window as long as the
            # quote; one that skipped some could miss the floor's window: search as asked.
            alignment = fuzz.partial_ratio_alignment(quote, text, score_cutoff=cutoff)
        if alignment is None:
            return None
        return Window(a + alignment.dest_start, a + alignment.dest_end, alignment.score)

    def _floor(self, quote: str, a: int, b: int) -> float:
        """How like the quote some window of `text[a:b]` is, for certain: the best of a few
        windows as long as the quote placed where its rarest inner word occurs (0 if none).

        Only windows that `partial_ratio_alignment` scores in its first search (as long as the
        quote, starting before `b - len(quote)`) count: with a cutoff at most the best such
        window's score, that search finds the same best window, the first of equals in its
        order, and the shorter windows at the ends are then measured against the same score.
        """
        size = len(quote)
        last = b - size - 1  # the last start of a window of the first search
        if last < a:
            return 0.0
        best = 0.0
        text = self.text
        ratio = fuzz.ratio
        for start in self.exact.likely(quote, a, last + 1, FLOOR_PLACES):
            best = max(best, ratio(quote, text[start : start + size], score_cutoff=best))
        return best
