"""The inverted index behind search: normalised text, postings, bitsets, and term expansion.

Why bitsets: results update on every keystroke, and the first letters a user types ("p", "pr")
match most passages. Python ints used as bitsets (bit i = document i) turn unions,
intersections and even per-document weighted counts (`BitCounter`) into C-speed operations over
N/64 machine words, so a keystroke costs about the same whether a term matches ten passages or
all of them. Rare words keep compact `array('I')` postings and become bitsets on demand; the
frequent words and every one- and two-letter prefix keep a ready bitset.

Term expansion (`expand`) is where the fuzziness lives: one typed word stands for the vocabulary
words it could mean (exact, prefix, one typo, dropped letters, run-together word prefixes), each
with a grade; the ranking in `search.py` weighs them.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, chain, filterfalse, islice, repeat, takewhile

from rapidfuzz import process
from rapidfuzz.distance import OSA, LCSseq

# Punctuation separates words (so "don't" is "don t", and a query normalised the same way
# still matches); all other characters, letters of any script and digits, belong to words.
_PUNCT = (
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2013\u2014\u2015\u2026"
    "\u00ab\u00bb\u2039\u203a\u00a1\u00bf\u00b7\u2022"
)
_TABLE = str.maketrans(dict.fromkeys(_PUNCT, " "))
_TOKEN = re.compile("[^\\s" + re.escape(_PUNCT) + "]+")

#: Grades of the ways a typed word can match a vocabulary word (1 = typed exactly).
EXACT, PREFIX, JOINED_STRONG, TYPO, SUBSEQUENCE, JOINED = 1.0, 0.85, 0.75, 0.7, 0.6, 0.55
JOINED_BAND = 0.3
"""Weight of a run-together reading whose parts were not checked for standing side by side."""
CHAIN_BUDGET = 1000
"""Documents a keystroke may check for words standing side by side (a regex each, ~2 us)."""
FUZZY_POSTINGS = 6_000
"""Most postings of rare words gathered for a typed word's dropped-letter matches (~0.1 us
each; see `InvertedIndex.bits_of`)."""
COMMON = 16
"""A typed word that begins words in 1/COMMON of documents is taken as typed: its readings
with letters left out ("mor" for "mayor") or run together ("like" for "li ke...") are not
looked for (they are thousands of words and documents, for a reading rarely meant), nor,
from five letters ("spokesm"), its typos."""
BROAD = 1000
"""Words a typed prefix may stand for before they are looked for token by token instead of
listed (see `Term.grades`, and `_merge` and `_find` in search.py): "s" begins 20,000 words."""
NEAR_SCAN = 2_000
"""Words of a letter and length range checked one by one for typos; more are narrowed
first (see `InvertedIndex.near`)."""
DROPPED_WORDS = 600
"""Most vocabulary words a typed word stands for with letters left out, the shortest first:
"rai" is in 7,000 words of a large library ("ramirez", "rabadi", ...), and each costs about
a microsecond a keystroke, for a reading that is rarely the one meant."""


def fold(text: str) -> str:
    """Text lower-cased with punctuation turned to spaces (usually the same length as text)."""
    return text.lower().translate(_TABLE)


def tokenize(text: str) -> list[str]:
    """Lower-case words of text, split at whitespace and punctuation."""
    return fold(text).split()


def token_spans(text: str) -> list[tuple[int, int]]:
    """Offsets in text of the words `tokenize` returns, in the same order."""
    return [m.span() for m in _TOKEN.finditer(text)]


# -- bitsets -----------------------------------------------------------------------------------

_TO_01 = bytes.maketrans(b"\x00\x01", b"01")
_BIT = bytes(1 << b for b in range(8))
_BYTE_IDS = [tuple(b for b in range(8) if value >> b & 1) for value in range(256)]
_NONZERO = re.compile(b"[^\x00]")


def bits_from_ids(groups: Iterable[Iterable[int]], size: int) -> int:
    """A bitset of the ids in groups (all < size).

    Many ids: flag bytes set without a Python-level loop, read as a base-2 number (about
    5 ns a document). Few ids: bits set one by one in a packed buffer.
    """
    groups = [ids if isinstance(ids, (array, list, tuple)) else list(ids) for ids in groups]
    total = sum(map(len, groups))
    if not total or size <= 0:
        return 0
    if total * 16 < size:
        packed = bytearray((size >> 3) + 1)
        for ids in groups:
            for i in ids:
                packed[i >> 3] |= _BIT[i & 7]
        return int.from_bytes(packed, "little")
    if len(groups) > 8 and all(type(ids) is array and ids.typecode == "I" for ids in groups):
        # Many postings (a fuzzy word's thousands of rare neighbours): one scatter over
        # their concatenation, not one per word.
        groups = [array("I", b"".join(map(array.tobytes, groups)))]
    flags = bytearray(size)
    set_flag = flags.__setitem__
    for ids in groups:
        deque(map(set_flag, ids, repeat(1)), maxlen=0)
    return int(flags.translate(_TO_01)[::-1], 2)


def ids_from_bits(bits: int, limit: int | None = None) -> list[int]:
    """The ids set in a bitset, smallest first (at most limit of them)."""
    if bits <= 0:
        return []
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    out: list[int] = []
    extend = out.extend
    for found in _NONZERO.finditer(data):
        at = found.start()
        extend(map((at << 3).__add__, _BYTE_IDS[data[at]]))
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


class BitCounter:
    """A small integer score per document, kept as bit planes (bit-sliced arithmetic).

    Adding a weight to every document of a bitset costs a few big-int operations, so the
    weighted sum over all query terms is computed for every document at once, and `top` finds
    the best n documents without looking at documents one by one.
    """

    def __init__(self) -> None:
        self.planes: list[int] = []

    def add(self, docs: int, weight: int) -> None:
        level = 0
        while weight:
            if weight & 1:
                self._carry(docs, level)
            weight >>= 1
            level += 1

    def _carry(self, carry: int, level: int) -> None:
        planes = self.planes
        while carry:
            if level >= len(planes):
                planes.extend([0] * (level - len(planes)))
                planes.append(carry)
                return
            plane = planes[level]
            planes[level] = plane ^ carry
            carry &= plane
            level += 1

    def top(self, pool: int, n: int) -> tuple[int, int, int]:
        """The best n documents of pool: (surely in, tied at the boundary, how many of those)."""
        chosen, need = 0, n
        for plane in reversed(self.planes):
            high = pool & plane
            found = high.bit_count()
            if found > need:
                pool = high
            else:
                chosen |= high
                need -= found
                pool ^= high
                if not need:
                    return chosen, 0, 0
        return chosen, pool, need


# -- the index ---------------------------------------------------------------------------------


class InvertedIndex:
    """Documents as normalised text, with postings per word and bitsets for the broad ones.

    Not thread-safe by itself: `SearchIndex` holds a lock around every use.
    """

    PREFIX_CACHE = 512
    CHAIN_CACHE = 256

    def __init__(self) -> None:
        self.norms: list[str] = []
        """Each document's words joined by single spaces, padded with a space at both ends, so
        a phrase is found with `in` and a word-prefix pattern with a leading space."""
        self.postings: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
        self._add_ids = self.postings.__getitem__
        self._dense: dict[str, int] = {}
        self._short: dict[str, int] = {}  # every one- and two-character prefix, broad three
        self._covered = 0  # documents reflected in _dense and _short
        self._words: list[str] = []  # sorted vocabulary
        self._buckets: dict[str, tuple[list[str], list[int]]] = {}
        """Vocabulary by first character, shortest first (alphabetical within a length), and
        where each length starts in that list."""
        self._lined: dict[str, tuple[str, list[int]]] = {}
        """The same one a line, and where each length starts in that text."""
        self._backwards: dict[str, str] = {}
        """The same text backwards with a line break at each end: words ending with a suffix
        are lines starting with it reversed, found by a literal search (see `near`)."""
        self._vocab_size = 0
        self._prefix_cache: OrderedDict[str, int] = OrderedDict()
        self._chains: OrderedDict[tuple[str, ...], tuple[int, int]] = OrderedDict()

    @property
    def size(self) -> int:
        return len(self.norms)

    def add(self, text: str, *, shared: bool = False) -> int:
        """Index one document; returns its id. Call `refresh` before querying.

        `shared`: the text recurs across documents (an entity name), so its normalised form
        is interned: one copy for all of them.
        """
        tokens = tokenize(text)
        doc = len(self.norms)
        norm = " " + " ".join(tokens) + " "
        self.norms.append(sys.intern(norm) if shared else norm)
        deque(map(array.append, map(self._add_ids, set(tokens)), repeat(doc)), maxlen=0)
        return doc

    def refresh(self) -> bool:
        """Bring derived structures up to date; True when anything changed."""
        size = self.size
        if self._covered == size:
            return False
        if len(self.postings) != self._vocab_size:
            self._words = sorted(self.postings)
            buckets: defaultdict[str, list[str]] = defaultdict(list)
            for word in self._words:
                buckets[word[0]].append(word)
            self._buckets, self._lined, self._backwards = {}, {}, {}
            for first, words in buckets.items():
                by_length: list[list[str]] = [[] for _ in range(max(map(len, words)) + 1)]
                for word in words:
                    by_length[len(word)].append(word)
                counts = list(map(len, by_length))
                lined = "\n".join(chain.from_iterable(by_length))
                # Copies made one after the other lie side by side in memory: a scan of 20,000
                # of them (`expand`'s typos) costs a third of one over the index's own words.
                flat = lined.split("\n")
                self._buckets[first] = (flat, [0, *accumulate(counts)])
                starts = [0, *accumulate(c * (n + 1) for n, c in enumerate(counts))]
                self._lined[first] = (lined, starts)
                self._backwards[first] = "\n" + lined[::-1] + "\n"
            self._vocab_size = len(self.postings)
        self._prefix_cache.clear()
        self._chains.clear()
        if size - self._covered > max(2000, size // 8):
            self._rebuild_bits()
        else:
            self._extend_bits(range(self._covered, size))
        self._covered = size
        return True

    def _rebuild_bits(self) -> None:
        """Bitsets of every one- and two-character prefix, and of the words and three-character
        prefixes found in many documents (see `_broad`): each posting scattered once.

        The broad ones are the costly ones to gather at a keystroke ("the" is in most
        documents, "tha" stands for "that", "than", "thanks" ...), so they are made here,
        with the index, rather than at the first keystroke that needs them. A prefix's bitset
        is the union of its broad words' and a scatter of the others.
        """
        size, postings, broad = self.size, self.postings, self._broad()
        by_three: defaultdict[str, list[str]] = defaultdict(list)
        for word in self._words:
            by_three[word[:3]].append(word)
        dense: dict[str, int] = {}
        short: dict[str, int] = {}
        for three, words in by_three.items():
            bits, rare, total = 0, [], 0
            for word in words:
                ids = postings[word]
                total += len(ids)
                if len(ids) >= broad:
                    found = dense[word] = bits_from_ids([ids], size)
                    bits |= found
                else:
                    rare.append(ids)
            bits |= bits_from_ids(rare, size)
            if len(three) == 3 and total >= broad:
                short[three] = bits
            for prefix in {three[:2], three[:1]}:
                short[prefix] = short.get(prefix, 0) | bits
        self._dense, self._short = dense, short

    def _broad(self) -> int:
        """Postings from which a word or prefix keeps a bitset: a bitset takes size/8 bytes,
        postings 4 bytes a document, so one in 1/64 of the documents or more."""
        return max(64, self.size >> 6)

    def _extend_bits(self, docs: Iterable[int]) -> None:
        dense, short = self._dense, self._short
        for doc in docs:
            bit = 1 << doc
            words = set(self.norms[doc].split())
            for word in words & dense.keys():
                dense[word] |= bit
            prefixes = {w[:2] for w in words} | {w[:1] for w in words}
            prefixes |= {w[:3] for w in words if len(w) >= 3} & short.keys()  # the broad ones
            for prefix in prefixes:
                short[prefix] = short.get(prefix, 0) | bit

    def df(self, word: str) -> int:
        ids = self.postings.get(word)
        return len(ids) if ids is not None else 0

    def bits_of(self, words: Iterable[str], cap: int | None = None) -> int:
        """Documents containing any of words.

        cap: most postings of rare words to gather (in the order given; frequent words have
        a ready bitset and always count). A fuzzy word can stand for thousands of rare words
        ("rai" is in "ramirez", "rabadi", ...): gathering every one of their documents would
        cost more than the rest of a keystroke, and each adds next to nothing.
        """
        bits, rare = 0, []
        left = cap if cap is not None else sys.maxsize
        dense, postings = self._dense, self.postings
        threshold = self._broad()
        for word in words:
            found = dense.get(word)
            if found is not None:
                bits |= found
                continue
            ids = postings.get(word)
            if ids is None:
                continue
            if len(ids) >= threshold:
                # A bitset takes size/8 bytes, postings 4 bytes an id: keep one for words in
                # more than 1/64 of documents, which come back in query after query.
                found = dense[word] = bits_from_ids([ids], self.size)
                bits |= found
            elif left > 0:
                rare.append(ids)
                left -= len(ids)
        return bits | bits_from_ids(rare, self.size) if rare else bits

    def words_with_prefix(self, prefix: str) -> list[str]:
        words = self._words
        lo = bisect_left(words, prefix)
        hi = bisect_left(words, prefix[:-1] + chr(ord(prefix[-1]) + 1), lo)
        return words[lo:hi]

    def has_prefix(self, prefix: str) -> bool:
        words = self._words
        lo = bisect_left(words, prefix)
        return lo < len(words) and words[lo].startswith(prefix)

    def bucket(self, first: str, shortest: int = 0, longest: int | None = None) -> list[str]:
        """Vocabulary words starting with first, of shortest to longest characters (shortest
        first, alphabetical within a length)."""
        words, starts = self._buckets.get(first, ((), [0]))
        top = len(starts) - 1
        lo = starts[min(max(1, shortest), top)]
        hi = starts[top if longest is None else min(max(0, longest + 1), top)]
        return list(words[lo:hi])

    def near(self, text: str, limit: int) -> list[str]:
        """Words that may be within limit edits of text (and start with its first letter,
        within limit of its length), in `bucket` order: a superset for `expand` to check.

        Some of limit + 1 pieces of text, told apart by one letter, stand in each such word
        unchanged (an edit changes one letter or two side by side, or adds one between two):
        the first piece at the start, the last at the end, another near its typed offset. So
        of 20,000 words of a letter and length, only those holding a piece are checked.
        """
        n, first = len(text), text[0]
        words, starts = self._buckets.get(first, ((), [0]))
        top = len(starts) - 2  # the longest length
        shortest, longest = max(1, n - limit), min(n + limit, top)
        if shortest > longest:
            return []
        lo, hi = starts[shortest], starts[longest + 1]
        free = n - limit  # letters in pieces
        sizes = [free // (limit + 1) + (i < free % (limit + 1)) for i in range(limit + 1)]
        if hi - lo <= NEAR_SCAN or min(sizes[0] - 1, *sizes[1:]) < 3 - (limit == 1):
            return list(words[lo:hi])
        found: set[str] = set()
        head = text[: sizes[0]]
        after = head[:-1] + chr(ord(head[-1]) + 1)
        for length in range(shortest, longest + 1):
            a, b = starts[length], starts[length + 1]
            found.update(words[bisect_left(words, head, a, b) : bisect_left(words, after, a, b)])
        lined, offsets = self._lined[first]
        start, end = offsets[shortest], offsets[longest + 1] - 1  # without the last line break
        tail = re.escape(text[n - sizes[-1] :][::-1])
        backwards = self._backwards[first]
        size = len(lined)  # backwards[size - i] is lined[i]
        pattern = re.compile(f"\n({tail}[^\n]*)")
        found.update(w[::-1] for w in pattern.findall(backwards, size - end, size - start + 1))
        at = sizes[0] + 1
        for piece in sizes[1:-1]:
            # Every occurrence, overlapping ones too (a lookahead): in "bcaaaaaydzf" the piece
            # "aaa" starts at 2, 3 and 4, and only the one near its typed offset counts.
            occurs = re.compile(f"(?={re.escape(text[at : at + piece])})")
            for m in occurs.finditer(lined, start, end):
                line = lined.rfind("\n", 0, m.start()) + 1
                if abs(m.start() - line - at) <= limit:
                    stop = lined.find("\n", m.start())
                    found.add(lined[line : stop if stop >= 0 else len(lined)])
            at += piece + 1
        return sorted(sorted(found), key=len)

    def holding(self, text: str) -> list[str]:
        """Words starting with text's first letter that hold its other letters in order
        ("rai": "rain", "ramirez"), shortest first.

        One regular expression over the bucket's words written one a line: a scan of
        contiguous text, not a call per word (20,000 of them, each a cache miss).
        """
        lined = self._lined.get(text[0])
        if lined is None:
            return []
        words, starts = lined
        pattern = _holding_pattern(text)
        return pattern.findall(words, starts[min(len(text), len(starts) - 1)])

    def prefix_bits(self, prefix: str) -> int:
        """Documents with a word starting with prefix (cached: the next keystroke reuses it)."""
        if len(prefix) <= 2:
            return self._short.get(prefix, 0)
        broad = self._short.get(prefix) if len(prefix) == 3 else None
        if broad is not None:
            return broad
        cache = self._prefix_cache
        bits = cache.get(prefix)
        if bits is None:
            bits = cache[prefix] = self.bits_of(self.words_with_prefix(prefix))
            if len(cache) > self.PREFIX_CACHE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(prefix)
        return bits

    def chain(
        self, parts: tuple[str, ...], budget: Budget, within: tuple[str, int] | None = None
    ) -> tuple[int, int]:
        """Documents where words starting with parts follow each other in order ("pri mini":
        "... prime minister ..."), as (found, unchecked).

        Postings cannot tell whether two words are neighbours, and an index of neighbouring
        pairs costs more to build than the whole index. So documents holding every part
        somewhere are checked with a regular expression, at most `budget` of them per
        keystroke. Results are kept: the next keystroke extends a chain ("pri mi" after
        "pri m") and checks only what its shorter chain found, or has not checked yet.

        within: (name, documents) to check only those documents, kept under that name.
        """
        cache = self._chains
        key = parts if within is None else (within[0], *parts)
        known = cache.get(key)
        if known is not None:
            cache.move_to_end(key)
            found, unchecked = known
            if not unchecked or not budget.left:
                return known
            docs = unchecked
        elif within is not None:
            found, docs = 0, within[1]
        else:
            found, docs = 0, -1
            parent = (*parts[:-1], parts[-1][:-1]) if len(parts[-1]) > 1 else parts[:-1]
            if len(parent) >= 2 and parent in cache:
                parent_found, parent_unchecked = cache[parent]
                docs = parent_found | parent_unchecked
            for part in sorted(parts, key=len, reverse=True):
                if not docs:
                    break
                docs &= self.prefix_bits(part)
        ids = ids_from_bits(docs, budget.left) if docs and budget.left else []
        budget.left -= len(ids)
        if ids:
            search = re.compile(" " + "\\S* ".join(map(re.escape, parts))).search
            norms = self.norms
            found |= bits_from_ids([[d for d in ids if search(norms[d])]], self.size)
            docs &= ~bits_from_ids([ids], self.size) if len(ids) < docs.bit_count() else 0
        cache[key] = (found, docs)
        if len(cache) > self.CHAIN_CACHE:
            cache.popitem(last=False)
        return found, docs


class Budget:
    """Documents a query may still check with a regular expression (see `chain`)."""

    def __init__(self, left: int) -> None:
        self.left = left


# -- term expansion ----------------------------------------------------------------------------


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


@lru_cache(maxsize=256)
def _holding_pattern(text: str) -> re.Pattern[str]:
    """A line starting with text's first letter and holding the others in order (each
    matched at its first occurrence, so there is nothing to backtrack)."""
    rest = "".join(f"[^\n{re.escape(c)}]*{re.escape(c)}" for c in text[1:])
    return re.compile(f"^{re.escape(text[0])}{rest}[^\n]*$", re.MULTILINE)


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
