"""Search operators: `tag:NAME`, `note:WORDS`, `colour:NAME`, `title:WORDS`, `entity:NAME`.

They narrow where the fuzzy words are looked for (`tag:karabakh ceasfire` finds the typo'd
word in articles tagged karabakh only); with no words left, the query lists what the
operators name. A value is one word, or several in quotes (`title:"south caucasus"`).
Anything else that looks like an operator (`foo:bar`, a URL, "10:30") is searched as words:
a query is never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPERATORS = {
    "tag": "tags",
    "note": "notes",
    "colour": "colours",
    "color": "colours",
    "title": "titles",
    "entity": "entities",
}
_OPERATOR = re.compile(r'(?<!\S)(\w+):(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class ParsedQuery:
    words: str
    """The fuzzy part, as typed (with its trailing space, which says the last word is done)."""
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    operators: tuple[str, ...] = field(default=(), compare=False)
    """The operators as typed, for the status line ("tag:karabakh")."""

    @property
    def filtered(self) -> bool:
        return bool(self.tags or self.notes or self.colours or self.titles or self.entities)

    @property
    def highlights_only(self) -> bool:
        """Only bookmarks and highlights can match (a note or a colour was asked for)."""
        return bool(self.notes or self.colours)


def parse_query(query: str) -> ParsedQuery:
    """Split a query into its operators and its fuzzy words (see the module docstring)."""
    found: dict[str, list[str]] = {name: [] for name in set(OPERATORS.values())}
    typed: list[str] = []

    def take(match: re.Match[str]) -> str:
        name = OPERATORS.get(match[1].lower())
        value = " ".join((match[2] if match[2] is not None else match[3]).split())
        if name is None or not value:
            return match[0]  # not an operator (or nothing after it yet): words
        found[name].append(value)
        typed.append(match[0])
        return " "

    words = _OPERATOR.sub(take, query)
    if typed:
        words = " ".join(words.split()) + (" " if query[-1:].isspace() else "")
    return ParsedQuery(
        words=words,
        tags=tuple(found["tags"]),
        notes=tuple(found["notes"]),
        colours=tuple(found["colours"]),
        titles=tuple(found["titles"]),
        entities=tuple(found["entities"]),
        operators=tuple(typed),
    )


TYPO_LENGTH = 5
"""A word of `note:` or `title:` this long or longer may have a typo (see `words_in`)."""
TYPO_LIKENESS = 80.0
"""How like a word of the text (rapidfuzz ratio) a word with a typo must be."""


def words_in(wanted: str, text: str) -> bool:
    """Whether every word of `wanted` begins a word of `text`, or, from `TYPO_LENGTH`
    letters on, is that word with a typo (`title:weathr`), case ignored: the test for
    `note:` and `title:`, as forgiving as the fuzzy words they narrow."""
    from rapidfuzz import fuzz

    have = re.findall(r"\w+", text.casefold())
    return all(
        any(
            word.startswith(w) or (len(w) >= TYPO_LENGTH and fuzz.ratio(w, word) >= TYPO_LIKENESS)
            for word in have
        )
        for w in re.findall(r"\w+", wanted.casefold())
    )
