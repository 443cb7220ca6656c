"""The rules that type one name: gazetteers, head words and the words around it.

A name gets a label and whether the rules decided it (a gazetteer, a head noun, a cue such as
"spokesman" before it or a dateline) or only guessed (the typing model then decides).
"""

from __future__ import annotations

from reader.core.entities import cues
from reader.core.entities import gazetteer as gz
from reader.core.entities.news import SCORECARD, Layout
from reader.core.entities.patterns import (
    APPOSED_PLACE,
    NEXT_WORD,
    PLACE_OF,
    POSSESSIVE_PLACE,
    prev_word,
)
from reader.core.models import EntityLabel

_THING_NOUNS = cues.ORG_NOUNS | cues.PLACE_NOUNS | cues.MISC_NOUNS
_COUNTRY_ACRONYMS = gz.words("US USA UK UAE USSR DRC PRC")
_DETERMINERS = gz.words("the a an its their our this that these those")


def label(
    text: str,
    t: gz.Gazetteer,
    layout: Layout | None,
    start: int,
    end: int,
    words: list[str],
    whole: str,
) -> tuple[EntityLabel, bool]:
    """The label of the name at text[start:end], and whether a gazetteer or cue decided it;
    `words` and `whole` are the name as a name is written (title case for a headline's)."""
    before, before_at = prev_word(text, start)
    if layout is not None:
        if start in layout.datelines:
            return "PLACE", True  # "LONDON 1996-08-30", "MADRID (Reuters) -"
        if before in SCORECARD and before_at and text[before_at - 1] in " \t":
            return "PERSON", True  # "c Croft b Cork": a cricket scorecard
        if (
            layout.sports
            and (len(words) == 1 or _club_words(t, words))
            and whole not in t.demonyms
            and whole not in t.organisations
            and words[-1] not in gz.MISC_HEADS
            and layout.team(start, end, before)
        ):
            return ("PLACE" if whole in t.countries else "ORG"), True
    if whole in t.organisations:
        return "ORG", True
    if whole in t.places or (whole.isupper() and whole.title() in t.places):
        return "PLACE", True
    if whole in t.demonyms or (whole.isupper() and whole.title() in t.demonyms):
        return "MISC", True
    last = words[-1]
    if last in gz.ORG_HEADS:
        return "ORG", True
    if last in gz.MISC_HEADS:
        return "MISC", True
    if len(words) > 1 and any(w in gz.ORG_HEADS for w in words):
        return "ORG", True
    if len(words) > 1 and words[0] in t.organisations:
        return "ORG", True  # "OSCE Minsk ...", "UN Human Rights ..."
    if last in gz.PLACE_HEADS or (len(words) > 1 and last in t.places):
        return "PLACE", True
    defined = cues.definition(text, end)
    if defined:
        return defined, True  # type: ignore[return-value]  # "Aisby is a village in ..."
    if words[0] in t.first_names and len(words) > 1:
        # "Mark Hopkins Hotel", "Cary Village Mall": a kind noun last is no surname: guessed
        return "PERSON", last.lower() not in _THING_NOUNS
    if len(words) > 1 and _plural(last) and _place_prefix(t, words):
        return "ORG", True  # "Boston Braves", "St. Louis Eagles": a place's team
    if layout is not None and layout.sports and before.lower() == "the" and _plural(last):
        return "ORG", True  # "the Browns", "the Vics" in sports copy
    apposed = APPOSED_PLACE.match(text, end)
    if apposed and apposed.group(1) in t.places:
        return "PLACE", True  # "Grantham, Lincolnshire", "Hayward, California"
    prev_lower = before.lower()
    if prev_lower == "of" and PLACE_OF.search(text, max(0, start - 30), start):
        return "PLACE", True  # "the city of Gyor", "the province of Idlib"
    if prev_lower in gz.ROLE_WORDS and len(words) <= 3:
        return "PERSON", True
    if len(words) == 1 and (whole.isupper() or _is_dotted(whole)):
        return ("PLACE" if whole.replace(".", "") in _COUNTRY_ACRONYMS else "ORG"), True
    nxt = NEXT_WORD.match(text, end, end + 30)
    next_word = nxt.group(1) if nxt else ""
    if next_word in gz.PLACE_NOUNS_AFTER:
        return "PLACE", True
    possessive = POSSESSIVE_PLACE.match(text, end)
    if possessive and possessive.group(1) in t.places:
        return "PLACE", True  # "Shusha, Azerbaijan's cultural capital"
    if next_word in gz.SPEECH_VERBS and len(words) <= 3:
        return "PERSON", len(words) > 1
    if prev_lower in gz.PLACE_PREPOSITIONS and len(words) == 1:
        return "PLACE", False
    if 2 <= len(words) <= 3 and prev_lower not in _DETERMINERS:
        return "PERSON", False  # people's names do not follow "the"; works and bodies do
    return "MISC", False


def _club_words(t: gz.Gazetteer, words: list[str]) -> bool:
    """Whether a longer name reads as a club's ("Aston Villa", "Real Madrid"), not a
    player's ("Steffi Graf"): a place or a club word in it, no given name first."""
    if words[0] in t.first_names:
        return False
    return any(w in gz.CLUB_WORDS or w in t.places or w in t.towns for w in words)


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[0].isupper()


def _place_prefix(t: gz.Gazetteer, words: list[str]) -> bool:
    """Whether the name starts with a place or town ("Boston", "St. Louis", "New York")."""
    for n in (1, 2):
        head = " ".join(words[:n])
        if n < len(words) and (head in t.places or head in t.towns):
            return True
    return False


def _is_dotted(word: str) -> bool:
    return len(word) >= 4 and word.endswith(".") and word.count(".") >= 2
