"""Kind nouns around a name: the lowercase words that say what sort of thing it is.

Why: most names the gazetteers do not list are typed by the words next to them, and those are
general nouns, not names: "the band Orgy", "Aisby is a village in", "their 1998 album
Electro-Shock Blues", "a Danish chain of hypermarkets". The typing model cannot learn every
such noun from a few dozen training articles, so the nouns are grouped here by the kind of
name they describe and the model learns one weight per group and position (see `features`).
The lists are ordinary English category nouns, written by hand, not taken from any test set.
"""

from __future__ import annotations

import re

from reader.core.entities.gazetteer import words

#: Nouns for people: jobs, roles, relations.
PERSON_NOUNS = words("""
singer songwriter musician guitarist drummer bassist vocalist pianist composer conductor rapper
actor actress comedian dancer model player pitcher catcher batter footballer cricketer golfer
boxer wrestler jockey racer cyclist athlete swimmer skater goalkeeper striker defender coach
manager politician statesman diplomat lawyer judge writer author poet novelist playwright
journalist editor critic painter sculptor artist photographer architect designer producer
director filmmaker businessman businesswoman entrepreneur engineer inventor scientist physicist
chemist biologist mathematician economist historian philosopher theologian professor teacher
priest bishop monk missionary preacher saint soldier officer general admiral colonel captain
commander pilot astronaut explorer king queen prince princess emperor empress duke earl count
lord knight sultan pharaoh president senator governor mayor minister chancellor premier
member founder cofounder leader chairman son daughter brother sister wife husband father mother
uncle aunt nephew niece grandson granddaughter cousin widow teammate teammates rider driver
""")

#: Nouns for organisations: bodies, firms, bands, teams, parties, media.
ORG_NOUNS = words("""
band group duo trio quartet orchestra choir ensemble company corporation firm manufacturer
maker retailer chain brand label publisher newspaper broadcaster network channel station
studio airline carrier operator railroad railway franchise club team side squad party
organisation organization association society union federation league agency charity
foundation institute university college school academy government ministry department
council committee commission army navy regiment brigade battalion division squadron wing
unit movement alliance coalition church order bank subsidiary supermarket hypermarkets
developer distributor dealer store stores shop business enterprise conglomerate consortium
""")

#: Nouns for places: settlements, regions, features, buildings and grounds.
PLACE_NOUNS = words("""
village town city hamlet suburb borough parish county state province region district
municipality prefecture commune township country nation kingdom republic territory colony
capital island archipelago peninsula continent river stream creek lake pond sea ocean bay
gulf strait coast shore beach mountain mountains hill hills peak volcano valley canyon desert
forest plain plateau glacier waterfall street road avenue square bridge tunnel harbour harbor
port airport airfield base stadium arena circuit track park neighbourhood neighborhood area
locality settlement estate building tower castle palace mall hotel museum cathedral temple
""")

#: Nouns for other names (MISC): works, events, products, languages, peoples, awards.
MISC_NOUNS = words("""
album albums song songs single singles track tracks ep record film films movie movies novel
novels book books series sitcom show episode play musical opera symphony poem painting game
games videogame soundtrack compilation anthology magazine title war battle campaign operation
offensive revolution rebellion election festival tournament championship championships
competition cup award awards prize trophy medal event race marathon aircraft airplane plane
fighter bomber helicopter car vehicle locomotive engine rifle tank missile ship vessel
language languages dialect religion faith ethnic tribe people nationality treaty act law
doctrine style genre dance cuisine software program programme console model version edition
""")

KINDS: dict[str, frozenset[str]] = {
    "PERSON": PERSON_NOUNS,
    "ORG": ORG_NOUNS,
    "PLACE": PLACE_NOUNS,
    "MISC": MISC_NOUNS,
}
_KIND_OF: dict[str, str] = {w: kind for kind, nouns in KINDS.items() for w in nouns}

_NOUNS = frozenset(_KIND_OF)
#: ASCII punctuation to spaces: words then split on whitespace (ASCII-only: translate's fast path)
_PUNCT_TO_SPACE = str.maketrans("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", " " * 32)
_SKIP_BEFORE = frozenset(["the", "a", "an", "of", "their", "his", "her", "its"])
_LOWER = re.compile(r"[a-z]+")
_COPULA = re.compile(r"\W{0,3}(?:\([^()\n]{0,80}\)\W*)?(?:is|was|are|were)\s+(?:an?|the)\s+")


def features(text: str, start: int, end: int) -> list[str]:
    """Cue features of the name at text[start:end]: the kind a definition gives it ("X is a
    village"), the kind noun just before it ("the band X", "town of X"), the one just after
    it ("X album"), and every kind named in its sentence within 60 characters (weaker,
    learnt as such). This runs for every name the rules only guessed: slices, translate
    and set operations, all in C."""
    out: list[str] = []
    defined = definition(text, end)  # guessed names have none; it teaches on decided ones
    if defined:
        out.append(f"def:{defined}")
    left = text[max(0, start - 60) : start]
    before = left[_sentence_start(left) :].translate(_PUNCT_TO_SPACE).split()
    right = text[end : end + 60]
    after = right[: _sentence_end(right)].translate(_PUNCT_TO_SPACE).split()
    i = len(before) - 1
    while i >= 0 and before[i] in _SKIP_BEFORE:
        i -= 1
    if i >= len(before) - 3 and i >= 0 and before[i] in _NOUNS:
        out.append(f"lk:{_KIND_OF[before[i]]}")
    if after and after[0] in _NOUNS:
        out.append(f"rk:{_KIND_OF[after[0]]}")
    nouns = _NOUNS.intersection(before + after)
    if nouns:
        out.extend(f"sk:{kind}" for kind in sorted({_KIND_OF[w] for w in nouns}))
    return out


def definition(text: str, end: int) -> str | None:
    """The kind a definition right after a name gives it: "X is a village" -> PLACE,
    "X (born 1912) was an American singer" -> PERSON; None without one."""
    copula = _COPULA.match(text, end)
    if copula is None:
        return None
    return _first_kind(text, copula.end(), copula.end() + 60)


def _first_kind(text: str, start: int, end: int) -> str | None:
    """The kind of the first kind noun in text[start:end] ("a small hamlet" -> PLACE), unless
    a relative clause or "and" comes first (then the noun is about something else)."""
    for m in _LOWER.finditer(text, start, end):
        kind = _KIND_OF.get(m.group())
        if kind:
            return kind
        if m.group() in ("which", "that", "who", "where", "and"):
            return None
    return None


def _sentence_start(window: str) -> int:
    """Where the sentence holding the window's end starts (0: before the window)."""
    return max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n")) + 1


def _sentence_end(window: str) -> int:
    """Where the sentence holding the window's start ends (the window's length: after it)."""
    ends = [i for i in (window.find(". "), window.find("? "), window.find("\n")) if i >= 0]
    return min(ends) if ends else len(window)
