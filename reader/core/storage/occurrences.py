"""Where a string occurs exactly in a text, answered from an index of the text's words once
the text has been asked about often enough.

Re-anchoring an article's highlights asks, for each one, whether its quote with its context
occurs once, and whether any three words of it occur elsewhere: some ten substring searches
per highlight, each a `str.find` over the whole text (about 15 us on 90 KB). A string with two
spaces in it has a whole word between them, and any occurrence of the string has that word at
a known distance from its start, between two spaces of the text; so the occurrences are among
the places of the string's rarest inner word, each checked with `str.startswith`. The answers
are exactly `str.find`'s (overlapping occurrences included); strings with no inner word are
still searched with `str.find`. A long string (three inner words or more) is looked up by its
first three inner words in an index of the text's runs of three words (`Occurrences.runs`),
which is rarer than any one word; re-anchoring also asks that index whether a run of a
quote's words occurs elsewhere.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

INDEX_AFTER = 32
"""Searches for long strings answered with `str.find` before the index of runs of three words
is built (ten milliseconds or so on 90 KB): one bookmark's re-anchoring asks a few; an
article's thousand highlights ask thousands."""

WORD_INDEX_AFTER = 256
"""The same for strings of three or four words and the index of words: fewer are asked (the
quotes of a few words), so the index pays only for many more of them."""

KEY_MORE = 3
"""Characters after a word that are part of its key in the index (the space and two more),
so that "the" before "budget" and "the" before "council" are told apart."""

FEW_PLACES = 2
"""A word with this few places is rare enough: the needle's other words are not looked up."""

MAX_PLACES = 64
"""A word with more places than this (a "the") is checked no faster than `str.find` searches."""


class Occurrences:
    """Exact occurrences of strings in one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._asked = 0
        self._places: dict[str, list[int]] | None = None  # word -> where it starts
        self._runs: dict[str, list[int]] | None = None  # three words -> where they start
        self._asked_long = 0

    def starts(self, needle: str, limit: int | None = None, after: int = -1) -> list[int]:
        """Where `needle` occurs (each start, overlapping ones too) after index `after`, in
        order: the first `limit` of them, or all."""
        if limit is not None and limit <= 0:
            return []
        found = self._indexed(needle, limit, after)
        if found is not None:
            return found
        found = []
        find = self.text.find
        at = find(needle, after + 1)
        while at != -1 and (limit is None or len(found) < limit):
            found.append(at)
            at = find(needle, at + 1)
        return found

    def more_than(self, needle: str, times: int) -> bool:
        """Whether `self.text.count(needle) > times` (non-overlapping occurrences, counted
        from the start as `str.count` does)."""
        if not needle:
            return self.text.count(needle) > times
        if self._places is not None:
            rarest = self._rarest(needle)
            if rarest is not None and len(rarest[0]) <= times:
                return False  # each occurrence has a place of its own of that word
        seen, free = 0, 0
        for at in self.starts(needle):
            if at >= free:
                seen += 1
                if seen > times:
                    return True
                free = at + len(needle)
        return False

    def likely(self, needle: str, a: int, b: int, limit: int) -> list[int]:
        """Up to `limit` places in `a..b` where `needle` would start if its rarest run of
        three inner words found in the text (else its rarest inner word) is where it is
        there (unchecked: places to look at first), from the middle of the range out; none
        before an index is built."""
        found = self._rarest_run(needle) if self._runs is not None else None
        if found is None and self._places is not None:
            found = self._rarest(needle)
        if found is None:
            return []
        places, shift = found
        lo, hi = bisect_left(places, a + shift), bisect_left(places, b + shift)
        if hi - lo > limit:
            lo = (lo + hi - limit) // 2
            hi = lo + limit
        return [place - shift for place in places[lo:hi]]

    def _rarest_run(self, needle: str) -> tuple[list[int], int] | None:
        """The places of the needle's rarest run of three inner words that the text has,
        and the run's offset in the needle; None when it has none."""
        assert self._runs is not None
        parts = needle.split(" ")
        best: list[int] | None = None
        best_at = 0
        at = len(parts[0]) + 1
        for k in range(1, len(parts) - 3):
            places = self._runs.get(" ".join(parts[k : k + 3]))
            if places and (best is None or len(places) < len(best)):
                best, best_at = places, at
                if len(best) <= FEW_PLACES:
                    break
            at += len(parts[k]) + 1
        return None if best is None else (best, best_at)

    def _rarest(self, needle: str) -> tuple[list[int], int] | None:
        """The places of the needle's rarest inner word (keyed with what follows it), and
        the word's offset in the needle; None when it has no inner word."""
        parts = needle.split(" ")
        best: list[int] | None = None
        best_at = 0
        at = len(parts[0]) + 1
        assert self._places is not None
        for part in parts[1:-1]:
            key = needle[at : at + len(part) + KEY_MORE]
            if len(key) == len(part) + KEY_MORE:
                places = self._places.get(key, [])
                if best is None or len(places) < len(best):
                    best, best_at = places, at
                    if len(best) <= FEW_PLACES:
                        break  # (a rarer word would save next to nothing)
            at += len(part) + 1
        return None if best is None else (best, best_at)

    def runs(self) -> dict[str, list[int]]:
        """Where each run of three words begins, the words as `str.split(" ")` cuts the text
        (punctuation and line breaks part of them): the key is the run as it reads."""
        if self._runs is None:
            words = self.text.split(" ")
            starts = accumulate((len(w) + 1 for w in words), initial=0)
            runs: dict[str, list[int]] = {}
            triples = zip(words, words[1:], words[2:], strict=False)  # (two fewer than words)
            for key, at in zip(map(" ".join, triples), starts, strict=False):
                known = runs.get(key)
                if known is None:
                    runs[key] = [at]
                else:
                    known.append(at)
            self._runs = runs
        return self._runs

    def _indexed(self, needle: str, limit: int | None, after: int) -> list[int] | None:
        """`starts` from an index, or None when the index cannot tell (yet)."""
        parts = needle.split(" ")
        if len(parts) >= 5:
            # Any occurrence has the needle's inner words as whole words of the text, at
            # their offsets: the places of its first three inner words are the candidates.
            self._asked_long += 1
            if self._runs is not None or self._asked_long > INDEX_AFTER:
                places = self.runs().get(" ".join(parts[1:4]), [])
                return self._checked(needle, places, len(parts[0]) + 1, limit, after)
            return None  # (asked too few times yet to build the index of runs)
        if len(parts) < 3:
            return None
        self._asked += 1
        if self._places is None:
            if self._asked <= WORD_INDEX_AFTER:
                return None
            self._places = self._build()
        # Any occurrence has each inner part as a whole word (spaces either side), at the
        # part's offset in the needle, followed by what follows it there: the places of the
        # rarest such word are the only candidates.
        rarest = self._rarest(needle)
        if rarest is None or len(rarest[0]) > MAX_PLACES:
            return None
        return self._checked(needle, *rarest, limit, after)

    def _checked(
        self, needle: str, places: list[int], shift: int, limit: int | None, after: int
    ) -> list[int]:
        """The starts (`place - shift`, after `after`) where the needle does occur: the first
        `limit` of them, or all."""
        found = []
        startswith = self.text.startswith
        for place in places:
            at = place - shift
            if at > after and startswith(needle, at):
                found.append(at)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def _build(self) -> dict[str, list[int]]:
        """Each word's places, keyed by the word and the `KEY_MORE` characters after it."""
        text = self.text
        words = text.split(" ")
        places: dict[str, list[int]] = {}
        starts = accumulate((len(w) + 1 for w in words), initial=0)
        for word, at in zip(words, starts, strict=False):  # (one start more than words)
            key = text[at : at + len(word) + KEY_MORE]
            known = places.get(key)
            if known is None:
                places[key] = [at]
            else:
                known.append(at)
        return places
