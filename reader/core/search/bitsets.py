"""Python ints as bitsets of documents (bit i = document i), and weighted counts over them.

Why: results update on every keystroke, and the first letters a user types match most
passages. Unions, intersections and even per-document weighted counts (`BitCounter`) become
C-speed operations over N/64 machine words, so a keystroke costs about the same whether a term
matches ten passages or all of them.
"""

from __future__ import annotations

import re
from array import array
from collections import deque
from collections.abc import Iterable
from itertools import repeat

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
