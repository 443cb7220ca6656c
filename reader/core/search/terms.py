"""Term expansion: one typed word stands for the vocabulary words it could mean.

Exact, prefix, one typo, dropped letters, run-together word prefixes, each with a grade; the
ranking weighs them. This is where the fuzziness of search lives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import filterfalse, islice, takewhile

from rapidfuzz import process
from rapidfuzz.distance import OSA, LCSseq

from reader.core.search.inverted import (
    BROAD,
    CHAIN_BUDGET,
    COMMON,
    DROPPED_WORDS,
    FUZZY_POSTINGS,
    JOINED_BAND,
    Budget,
    InvertedIndex,
)

#: Grades of the ways a typed word can match a vocabulary word (1 = typed exactly).
EXACT, PREFIX, JOINED_STRONG, TYPO, SUBSEQUENCE, JOINED = 1.0, 0.85, 0.75, 0.7, 0.6, 0.55


@dataclass(frozen=True)
class Term:
    """What one typed word can match: vocabulary words with grades, and document bitsets."""

    text: str
    grades: dict[str, float]
    """Vocabulary word -> grade, for every word the term expands to but those of a broad
    prefix (more than `BROAD` words: `groups` holds them; a dict of them would cost more than
    the rest of the keystroke)."""
    bands: tuple[tuple[float, int], ...]
    """(grade, documents) best grade first; each document is in the band of its best match."""
    joined: re.Pattern[str] | None = None
    """Matches the term as run-together word prefixes ("primini", "mg") in a normalised text."""
    joined_docs: int = 0
    """Documents holding the parts of some run-together reading (not necessarily together)."""
    subsequences: tuple[str, ...] | None = None
    """Vocabulary words holding the typed letters in order (any length), for the next
    keystroke to look among: a word holding "rain" holds "rai"."""
    groups: tuple[tuple[float, Sequence[str]], ...] = ()
    """grades as (grade, words) in the order they were set (a later one wins): a broad prefix
    stands for 20,000 words, and dict operations over groups keep them out of Python loops."""


def _missing_one(text: str, word: str) -> bool:
    """A two-letter word typed for a three-letter one with its middle or last letter left
    out ("te" for "the", "ws" for "was"); the first letter is taken as typed."""
    return len(word) == 3 and word[0] == text[0] and text[1] in word[1:]


def typo_limit(text: str) -> int:
    """Edits tolerated in a typed word: none below 3 letters (too many neighbours), 2 from 8."""
    return 0 if len(text) < 3 else 1 if len(text) < 8 else 2


def expand(
    index: InvertedIndex, text: str, budget: Budget | None = None, parent: Term | None = None
) -> Term:
    """Expand a typed word against the vocabulary.

    Typo and dropped-letter matching look only at words with the same first letter: people
    rarely get the first letter wrong, and it makes the scan over the vocabulary 20x smaller;
    and at words of a length that can match. `parent`, the expansion of the word one letter
    shorter (the previous keystroke), narrows the dropped-letter scan to its matches.
    A word that begins words of many documents is taken as typed (see `COMMON`); dropped-letter
    matches are the shortest `DROPPED_WORDS`, their documents gathered up to `FUZZY_POSTINGS`
    of rare words (the others still count when a document is scored).
    Run-together readings ("primini" = "pri" + "mini") are checked for the parts standing
    side by side in up to `budget` documents (see `InvertedIndex.chain`).
    """
    grades: dict[str, float] = {}
    pending: list[tuple[float, int]] = []

    prefixed = index.words_with_prefix(text)
    graded: Callable[[str], bool] = grades.__contains__
    if len(prefixed) > BROAD:  # not listed in grades: a word starting with text is graded
        graded = lambda word: word in grades or word.startswith(text)  # noqa: E731
    else:
        grades.update(dict.fromkeys(prefixed, PREFIX))
    groups: list[tuple[float, Sequence[str]]] = [(PREFIX, prefixed)]
    if index.df(text):
        grades[text] = EXACT
        groups.append((EXACT, (text,)))
        pending.append((EXACT, index.bits_of([text])))
    covered = 0
    if prefixed:
        pending.append((PREFIX, index.prefix_bits(text)))
        covered = pending[-1][1].bit_count()
    n = len(text)
    common = covered * COMMON >= index.size
    limit = typo_limit(text)
    if limit and not (common and n >= 5):  # "spokesm": typing "spokesman", no typo
        near = index.near(text, limit)
        found = process.extract(text, near, scorer=OSA.distance, score_cutoff=limit, limit=None)
        typos = [word for word, _, _ in found if not graded(word)]
        grades.update(dict.fromkeys(typos, TYPO))
        groups.append((TYPO, typos))
        pending.append((TYPO, index.bits_of(typos)))
    elif n == 2:
        short = [w for w in index.bucket(text[0], 3, 3) if _missing_one(text, w)]
        short = [w for w in short if not graded(w)]
        grades.update(dict.fromkeys(short, SUBSEQUENCE))
        groups.append((SUBSEQUENCE, short))
        pending.append((SUBSEQUENCE, index.bits_of(short)))
    subsequences = None
    if n >= 3 and not common:
        # Matches come shortest first (an extract keeps the order of its choices).
        if parent is not None and parent.text == text[:-1] and parent.subsequences is not None:
            pool = parent.subsequences
            found = process.extract(
                text, pool, scorer=LCSseq.similarity, score_cutoff=n, limit=None
            )
            subsequences = tuple([w for w, _, _ in found])
        else:
            subsequences = tuple(index.holding(text))
        longest = 3 * n
        fits = takewhile(lambda w: len(w) <= longest, subsequences)
        subs = list(islice(filterfalse(graded, fits), DROPPED_WORDS))
        grades.update(dict.fromkeys(subs, SUBSEQUENCE))
        groups.append((SUBSEQUENCE, subs))
        pending.append((SUBSEQUENCE, index.bits_of(subs, FUZZY_POSTINGS)))
    joined, joined_docs = None, 0
    segments = segmentations(index, text) if 2 <= len(text) <= 24 and not common else []
    if segments:
        # Most specific reading first: documents holding a rare reading ("of" + "war" + "co")
        # weigh more than those holding a loose one ("o" + "f" + ...), and are checked first
        # for the parts standing side by side; those where they do rank as a match.
        joined = joined_pattern(text)
        budget = budget or Budget(CHAIN_BUDGET)
        readings = []
        for parts in segments:
            docs = index.prefix_bits(parts[0])
            for part in parts[1:]:
                if not docs:
                    break
                docs &= index.prefix_bits(part)
            if docs:
                readings.append((docs.bit_count(), parts, docs))
        readings.sort(key=lambda r: r[0])
        for _, parts, docs in readings:
            side_by_side, unchecked = index.chain(parts, budget)
            if side_by_side:
                whole = all(len(p) >= 2 for p in parts[:-1]) or len(parts) == len(text)
                pending.append((JOINED_STRONG if whole else JOINED, side_by_side))
            docs &= ~side_by_side
            if docs & unchecked:
                pending.append((JOINED_BAND, docs & unchecked))
            joined_docs |= side_by_side | (docs & unchecked)
    bands: list[tuple[float, int]] = []
    seen = 0
    for grade, bits in sorted(pending, key=lambda band: -band[0]):  # stable: rarest first
        bits &= ~seen
        if bits:
            bands.append((grade, bits))
            seen |= bits
    return Term(text, grades, tuple(bands), joined, joined_docs, subsequences, tuple(groups))


def segmentations(index: InvertedIndex, text: str, limit: int = 64) -> list[tuple[str, ...]]:
    """Ways to read text as prefixes of consecutive words ("primini" = "pri" + "mini").

    Parts of one letter are allowed only as initials (a whole short token: "mg"), as the
    last part (still being typed) or when the letter is a common word ("a"); otherwise nearly
    every split would be possible. Longer parts are tried first.
    """
    n = len(text)
    out: list[tuple[str, ...]] = []
    if n <= 5 and all(index.has_prefix(c) for c in text):
        out.append(tuple(text))
    parts: list[str] = []

    def walk(start: int) -> None:
        if len(out) >= limit:
            return
        if start == n:
            if len(parts) >= 2 and tuple(parts) not in out:
                out.append(tuple(parts))
            return
        if len(parts) >= 6:
            return
        for end in range(n, start, -1):
            part = text[start:end]
            if end - start == 1 and end != n and index.df(part) * 50 < index.size:
                continue  # one letter inside: only a common word ("a"), not any letter
            if index.has_prefix(part):
                parts.append(part)
                walk(end)
                parts.pop()

    walk(0)
    return out


def joined_pattern(text: str) -> re.Pattern[str]:
    """Each character either continues the current word or starts the next one.

    Continuing is tried first, so the reading found has the longest parts.
    Run on a normalised text (single spaces, padded), one group per typed character, so the
    matched characters can be highlighted.
    """
    groups = [f"({re.escape(c)})" for c in text]
    return re.compile(" " + "(?:\\S* )??".join(groups))


def grade_word(term: str, word: str) -> float:
    """How well a typed word matches one word (0 when not at all); see `expand`."""
    if word == term:
        return EXACT
    if word.startswith(term):
        return PREFIX
    if not word or word[0] != term[0]:
        return 0.0
    if len(term) == 2 and _missing_one(term, word):
        return SUBSEQUENCE
    limit = typo_limit(term)
    if limit and OSA.distance(term, word, score_cutoff=limit) <= limit:
        return TYPO
    if len(term) >= 3 and len(word) <= 3 * len(term) and LCSseq.similarity(term, word) == len(term):
        return SUBSEQUENCE
    return 0.0
