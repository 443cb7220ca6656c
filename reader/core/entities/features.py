"""What the typing model sees of one candidate name: short feature strings.

Features are about shape and context, so that they hold on text the model was not trained on:
the rules' own guess, the words of the name and their gazetteer hits, head and suffix words,
the words before and after it (titles, "said", "in", "the"), capitalisation, and whether the
same words stand elsewhere in the text as part of a longer name.
"""

from __future__ import annotations

from functools import lru_cache

from reader.core.entities import cues
from reader.core.entities import gazetteer as gz
from reader.core.entities.patterns import Span

_EDGE_PUNCT = "\"'“”‘’()[],.;:!?"
_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)


@lru_cache(maxsize=8192)
def _shape(word: str) -> str:
    """ "McLaughlin" -> "XxXx", "U.S." -> "X.X.", "F-16" -> "X-d": runs collapsed."""
    out = []
    for ch in word.translate(_SHAPE):
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)[:6]


@lru_cache(maxsize=8192)
def _context_word(token: str | None) -> str:
    if not token:
        return "<none>"
    stripped = token.strip(_EDGE_PUNCT)
    if not stripped:
        return token[-1]  # the punctuation itself: "(", ",", "--"
    return stripped.lower() if stripped[0].islower() else "<Cap>"


_ROMAN = frozenset(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"])


def features(
    text: str,
    span: Span,
    table: gz.Gazetteer,
    sentence_start: bool,
    inner_words: dict[str, int],
) -> list[str]:
    """Feature strings of the candidate `span` (its words given) in `text`."""
    whole = text[span.start : span.end]
    feats = list(_name_features(whole, span.label, span.strong, table))
    if sentence_start:
        feats.append("ss")
    if inner_words.get(whole):
        feats.append("part-of-longer")
    before = text[max(0, span.start - 40) : span.start].rsplit(None, 2)
    if len(before) == 3:
        before = before[1:]
    if sentence_start:  # the words before belong to another sentence
        p1 = p2 = "<s>"
    else:
        p1 = _context_word(before[-1]) if before else "<none>"
        p2 = _context_word(before[-2]) if len(before) > 1 else "<none>"
    after = text[span.end : span.end + 40].split(None, 2)
    n1 = _context_word(after[0]) if after else "<none>"
    n2 = _context_word(after[1]) if len(after) > 1 else "<none>"
    feats += [f"p1:{p1}", f"p2:{p2}|{p1}", f"n1:{n1}", f"n2:{n1}|{n2}"]
    if text.startswith("'s", span.end) or text.startswith("’s", span.end):
        feats.append("possessive")
    feats += cues.features(text, span.start, span.end)
    return feats


@lru_cache(maxsize=8192)
def _name_features(whole: str, label: str, strong: bool, table: gz.Gazetteer) -> tuple[str, ...]:
    """The features of the name itself, whatever stands around it (cached: names repeat)."""
    words = whole.split()
    if len(words) > 1 and words[-1] in _ROMAN:
        words = words[:-1]  # "World War II", "Phantom II": the head is the word before
    first, last = words[0], words[-1]
    n = len(words)
    feats = [
        "bias",
        f"r:{label}{int(strong)}",
        f"n:{min(n, 4)}",
        f"f:{first.lower()}",
        f"l:{last.lower()}",
        f"s:{last[-3:].lower()}",
        f"sh:{_shape(first)}:{_shape(last) if n > 1 else ''}",
    ]
    feats.extend(f"w:{w.lower()}" for w in words[1:-1][:3])
    if whole in table.places:
        feats.append("g:place")
    elif whole in table.towns:
        feats.append("g:town")
    if whole in table.demonyms:
        feats.append("g:demonym")
    if whole in table.organisations:
        feats.append("g:org")
    if first in table.first_names:
        feats.append("g:first" if n > 1 else "g:first1")
    if last in table.surnames:
        feats.append("g:surname" if n > 1 else "g:surname1")
    if n > 1:
        if last in table.places or last in table.towns:
            feats.append("g:lastplace")
        if first in table.places or first in table.towns:
            feats.append("g:firstplace")
        if first in table.demonyms:
            feats.append("g:firstdemonym")
        if first in table.organisations or (first.isupper() and len(first) > 1):
            feats.append("g:firstorg")
    if last in gz.ORG_HEADS:
        feats.append("h:org")
    elif any(w in gz.ORG_HEADS for w in words):
        feats.append("h:orgin")
    if last in gz.MISC_HEADS:
        feats.append("h:misc")
    if last in gz.PLACE_HEADS:
        feats.append("h:place")
    if whole.isupper() and len(whole) > 1:
        feats.append("caps" if n > 1 or len(whole) > 5 else "acronym")
    feats.extend(_whole_shape(whole))
    return tuple(feats)


def _whole_shape(whole: str) -> list[str]:
    """A digit anywhere in the name ("P-38 Lightning", "65th Air Division", "Power98FM"):
    model codes, units and stations, rarely people or places. (A plural ending of people,
    "Dodgers", and a connector word inside were tried as well: no better in cross-validation.)"""
    return ["x:digit"] if any(ch.isdigit() for ch in whole) else []
