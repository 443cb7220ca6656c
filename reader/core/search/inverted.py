"""The inverted index behind search: the vocabulary, postings, and where words stand.

Rare words keep compact `array('I')` postings and become bitsets (`bitsets.py`) on demand; the
frequent words and every one- and two-letter prefix keep a ready bitset, so the first letters a
user types ("p", "pr"), which match most passages, cost no more than a rare word. The index
also answers the questions term expansion (`terms.py`) asks of the vocabulary: words with a
prefix, words near a typed word, words holding its letters in order, and which documents hold
words side by side (`chain`).
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections import OrderedDict, defaultdict, deque
from collections.abc import Iterable
from functools import lru_cache, partial
from itertools import accumulate, chain, repeat

from reader.core.search.bitsets import bits_from_ids, ids_from_bits
from reader.core.search.text import tokenize

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
listed (see `Term.grades`, and `_merge` and `_find` in ranking.py): "s" begins 20,000 words."""
NEAR_SCAN = 2_000
"""Words of a letter and length range checked one by one for typos; more are narrowed
first (see `InvertedIndex.near`)."""
DROPPED_WORDS = 600
"""Most vocabulary words a typed word stands for with letters left out, the shortest first:
"rai" is in 7,000 words of a large library ("ramirez", "rabadi", ...), and each costs about
a microsecond a keystroke, for a reading that is rarely the one meant."""


@lru_cache(maxsize=256)
def _holding_pattern(text: str) -> re.Pattern[str]:
    """A line starting with text's first letter and holding the others in order (each
    matched at its first occurrence, so there is nothing to backtrack)."""
    rest = "".join(f"[^\n{re.escape(c)}]*{re.escape(c)}" for c in text[1:])
    return re.compile(f"^{re.escape(text[0])}{rest}[^\n]*$", re.MULTILINE)


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
