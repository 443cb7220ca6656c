"""How search sees text: lower-cased, punctuation as spaces, split into words.

The index, the query and the matching inside one article all normalise text here, so a typed
word and an indexed one compare equal exactly when a reader would say they are the same word.
"""

from __future__ import annotations

import re

# Punctuation separates words (so "don't" is "don t", and a query normalised the same way
# still matches); all other characters, letters of any script and digits, belong to words.
_PUNCT = (
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2013\u2014\u2015\u2026"
    "\u00ab\u00bb\u2039\u203a\u00a1\u00bf\u00b7\u2022"
)


_TABLE = str.maketrans(dict.fromkeys(_PUNCT, " "))


_TOKEN = re.compile("[^\\s" + re.escape(_PUNCT) + "]+")


def fold(text: str) -> str:
    """Text lower-cased with punctuation turned to spaces (usually the same length as text)."""
    return text.lower().translate(_TABLE)


def tokenize(text: str) -> list[str]:
    """Lower-case words of text, split at whitespace and punctuation."""
    return fold(text).split()


def token_spans(text: str) -> list[tuple[int, int]]:
    """Offsets in text of the words `tokenize` returns, in the same order."""
    return [m.span() for m in _TOKEN.finditer(text)]
