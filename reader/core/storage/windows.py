"""The window of a text most like a quote, and where a quote occurs exactly: found by
scanning the text (rapidfuzz `partial_ratio_alignment`; exact occurrences from the word index
of `occurrences.Occurrences`), each answer kept for the text, so that the searches
re-anchoring one bookmark repeats (whether the passage found has a twin, where its copies
are) and those of an article's other bookmarks cost nothing again. A scan starts from a
window known to be good (see `Scan._floor`), and a search for a quote as edited is skipped
when the search for the stored quote rules it out (see `ruled_out`). The first search for a
quote as edited is made in parts, each part's best window kept (`Scan.best_of_parts`): the
search for the runners-up before and after the window found is then made again only about
it, not over the whole text a second time.
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

PART = 4096
"""Characters of text whose windows one search of a scan in parts measures (see
`Scan.best_of_parts`): about the 24th part of a long article."""

PAD = "\x00"
"""What a part is padded with where it meets the next part (another character if the quote
holds this one): a character no window of the quote can match."""


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
        self._parts: dict[str, tuple[float, list[_Part]]] = {}  # quote -> (cutoff, parts)
        self.part = PART

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
        kept = self._parts.get(quote)
        if kept is not None and cutoff >= kept[0]:
            found = self._from_parts(quote, a, b, cutoff, kept[1])
        else:
            found = self._search(quote, a, b, cutoff)
        self._answers[key] = (cutoff, found)
        if found is None:
            self._nothing = [*self._nothing[1 - KEPT_IN_VAIN :], (quote, a, b, cutoff)]
        return found

    def best_of_parts(self, quote: str, cutoff: float) -> Window | None:
        """`best(quote, 0, len(text), cutoff)`, found by searching the text in parts and
        keeping each part's best window, so that asking later for the best window of a
        stretch of it (the runners-up before and after the window found) searches again only
        the parts at that stretch's ends (see `_from_parts`)."""
        n, size = len(self.text), len(quote)
        if not quote or n <= size or n < 3 * self.part:
            return self.best(quote, 0, n, cutoff)
        parts = []
        for start in range(0, n - size + 1, self.part):
            stop = min(start + self.part, n - size + 1)  # the windows begun here
            end = min(n, stop + size - 1)
            best = self._padded(quote, start, end, start > 0, end < n, cutoff)
            parts.append(_Part(start, stop, best))
        self._parts[quote] = (cutoff, parts)
        return self.best(quote, 0, n, cutoff)

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

    def _padded(
        self, quote: str, begin: int, end: int, left: bool, right: bool, cutoff: float
    ) -> Window | None:
        """The best window of `text[begin:end]` if at least `cutoff`% like the quote, with
        `PAD` standing for the text beyond on the sides asked (`left`, `right`), so that the
        shorter windows `partial_ratio_alignment` measures at the ends of what it is given
        are windows with padding in them; `_PADDED` when the best is one."""
        size = len(quote)
        pad = next(c for c in (PAD, "\x01", "\x02", "\x03") if c not in quote)
        before = pad * size if left else ""
        after = pad * size if right else ""
        found = fuzz.partial_ratio_alignment(
            quote, before + self.text[begin:end] + after, score_cutoff=cutoff
        )
        if found is None:
            return None
        first = begin - len(before) + found.dest_start
        last = begin - len(before) + found.dest_end
        if first < begin or last > end:
            return _PADDED
        return Window(first, last, found.score)

    def _from_parts(
        self, quote: str, a: int, b: int, cutoff: float, parts: list[_Part]
    ) -> Window | None:
        """`_search(quote, a, b, cutoff)`, answered from the best window of each part found
        by `best_of_parts` (at a cutoff no higher than this one), searching again only what
        those cannot tell: the stretch's ends, and parts whose best window had padding in
        it. The answer is as good as the search's: each window as long as the quote and
        begun in `a..b - len(quote)` is measured in one part or one search, and a window
        with padding in it is no more like the quote than the real one (so never a better
        answer). Of windows alike, the first found is taken; which one the search answers
        depends on where the text it is given begins (rapidfuzz does not measure windows in
        order), so the two may differ there, never in score."""
        size = len(quote)
        if b - a <= size:
            return self._search(quote, a, b, cutoff)
        last = b - size  # the last start of a window as long as the quote
        found: list[Window] = []
        run: list[int] = []  # starts of windows no part can answer for: [from, to)
        for part in parts:
            usable = (
                part.best is not _PADDED
                and part.start >= a
                and part.stop <= last + 1
                and (part.start > a or a == 0)  # the stretch's own short windows at a
                and (part.stop + size - 1 < b or b == len(self.text))  # and at b
            )
            if usable:
                if part.best is not None and part.best.score >= cutoff:
                    found.append(part.best)  # (a Window of the part's real text)
            elif part.stop > a and part.start <= last:
                lo, hi = max(a, part.start), min(last + 1, part.stop)
                if run and run[1] == lo:
                    run[1] = hi
                else:
                    if run and not self._add_run(quote, a, b, run, cutoff, found):
                        return self._search(quote, a, b, cutoff)
                    run = [lo, hi]
        if run and not self._add_run(quote, a, b, run, cutoff, found):
            return self._search(quote, a, b, cutoff)
        if not found:
            return None
        return min(found, key=lambda w: (-w.score, w.start, w.end))

    def _add_run(
        self, quote: str, a: int, b: int, run: list[int], cutoff: float, found: list[Window]
    ) -> bool:
        """Add to `found` the best window begun in `run` (with the stretch's short windows
        at `a` or `b` where the run reaches them), the text beyond the run padded; False
        when the best had padding in it: the whole stretch must then be searched."""
        lo, hi = run
        end = b if hi == b - len(quote) + 1 else hi + len(quote) - 1
        window = self._padded(quote, lo, end, lo > a, end < b, cutoff)
        if window is _PADDED:
            return False
        if window is not None:
            found.append(window)
        return True


@dataclass(frozen=True, slots=True)
class _Part:
    """One part of a scan in parts: the windows begun in `start..stop` and the best of them."""

    start: int
    stop: int
    best: Window | None


_PADDED = Window(-1, -1, -1.0)
"""A part's best window had padding in it: the part cannot answer alone."""
