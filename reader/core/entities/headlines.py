"""Names in an all-caps line (a headline), where capitals say nothing about names.

"SOCCER - JAPAN BEAT SYRIA IN ASIAN CUP OPENER." -> "JAPAN", "SYRIA", "ASIAN CUP". A word
belongs to a name when, written as a name ("Japan", "Cup"), a gazetteer or a head list knows
it, or the text writes it so elsewhere ("MONTGOMERIE" after "Colin Montgomerie"); "OF" joins
after a word that opens a name ("TOUR OF SPAIN"); a dateline's words always count.
"""

from __future__ import annotations

from reader.core.entities import gazetteer as gz
from reader.core.entities.news import Layout

_HEADS = gz.ORG_HEADS | gz.MISC_HEADS | gz.PLACE_HEADS
Run = list[tuple[int, int]]


def headline_names(
    text: str, run: Run, table: gz.Gazetteer, named: set[str], layout: Layout
) -> list[tuple[Run, list[str]]]:
    """The names in a run of capitals, each with its words as a name is written; `named` are
    the words the text writes capitalised mid-sentence."""
    if len(run) > 1:
        whole = text[run[0][0] : run[-1][1]].title()
        if whole in table.places or whole in table.organisations:
            return [(run, whole.split())]  # "NEW YORK"
    pieces: list[Run] = []
    normal: list[list[str]] = []
    joined = False
    for tok in run:
        word = text[tok[0] : tok[1]]
        name = as_name(word, table)
        if pieces and not joined and word.lower() in gz.CONNECTORS:
            joined = normal[-1][-1] in gz.OF_OPENERS and tok[0] - pieces[-1][-1][1] == 1
            if joined:
                pieces[-1].append(tok)
                normal[-1].append(word.lower())
            continue
        if not _name_word(word, name, table, named) and tok[0] not in layout.datelines:
            joined = False
            continue
        if joined or (pieces and tok[0] - pieces[-1][-1][1] == 1):
            pieces[-1].append(tok)
            normal[-1].append(name)
        else:
            pieces.append([tok])
            normal.append([name])
        joined = False
    out = []
    for piece, words in zip(pieces, normal, strict=True):
        if words[-1] in gz.CONNECTORS:
            piece, words = piece[:-1], words[:-1]
        if not all(w in _HEADS for w in words):  # "LEAGUE", "DIVISION" alone are no names
            out.append((piece, words))
    return out


def as_name(word: str, table: gz.Gazetteer) -> str:
    """A capitals word as a name is written: "JAPAN" -> "Japan"; "BBC", "U.S." stay."""
    if word in table.known or "." in word:
        return word
    title = word.title()
    if len(word) <= 3 and title not in table.known and title not in _HEADS:
        return word
    return title


def _name_word(word: str, name: str, table: gz.Gazetteer, named: set[str]) -> bool:
    if name in table.known or "." in name or name in _HEADS or name in table.towns:
        return True
    return len(word) > 3 and name in named
