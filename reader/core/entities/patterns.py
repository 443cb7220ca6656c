"""The regular expressions of the entity pass: name tokens, gaps, dates and numbers.

Each is linear-time (no nested unbounded repetition), so a hostile line costs what its length
costs. `numeric_spans` and `quoted_titles` are the first two passes of `recogniser.extract`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.core.entities import gazetteer as gz
from reader.core.models import EntityLabel


def _char_class(predicate: object) -> str:
    """A regex character class of every BMP character for which `predicate(ch)` holds."""
    ranges: list[str] = []
    start = None
    for code in range(0x10000 + 1):
        inside = code < 0x10000 and predicate(chr(code))  # type: ignore[operator]
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            end = code - 1
            tail = "-" + re.escape(chr(end)) if end > start else ""
            ranges.append(re.escape(chr(start)) + tail)
            start = None
    return "".join(ranges)


UPPER = _char_class(str.isupper)
_ABBREVIATIONS = "Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Ltd|Co|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|Rev"
#: A capitalised word: title abbreviations with their dot, dotted acronyms ("U.S."), or a word
#: starting with an uppercase letter, hyphen/apostrophe parts included but not a possessive "'s";
#: model codes ("F-16") and capitals joined by "&" ("AT&T", "B&SR").
TOKEN = re.compile(  # the lookahead first lets the engine skip to capitals (twice as fast)
    rf"(?=[{UPPER}])\b(?:(?:{_ABBREVIATIONS})\.|(?:[{UPPER}]\.){{2,}}|[{UPPER}]\.(?=[ ][{UPPER}])"
    rf"|[{UPPER}]{{1,3}}-?\d+[{UPPER}]?\b"
    rf"|[{UPPER}][^\W_]*(?:[-'’&](?!s\b)[^\W_]+)*)"
)
SPACE = r"[ \t\xa0]+"
_CONNECTOR = "of|for|and|de|del|della|di|du|des|la|le|von|van|der|den|al|bin|ibn|da|dos|das"
#: What may stand between two words of one name: spaces, or one connector (plus an article).
GAP = re.compile(rf"{SPACE}(?:(?:{_CONNECTOR}){SPACE}(?:(?:the|la|der|den|de){SPACE})?)?")
NEXT_WORD = re.compile(r"[ \t\xa0]*([A-Za-z]+)")
#: ", California" after a name, not followed by a possessive or more capitalised words.
APPOSED_PLACE = re.compile(
    rf",{SPACE}([{UPPER}][^\W_]*(?:[ ][{UPPER}][^\W_]*)?)(?![’'\w]|[ ][{UPPER}])"
)
POSSESSIVE_PLACE = re.compile(rf",{SPACE}([{UPPER}][^\W_]*)[’']s\b")
PLACE_OF = re.compile(
    r"\b(?:city|town|village|region|province|district|port|capital|island)[ ]of[ \t\xa0]+$"
)
LOWER_WORD = re.compile(r"\b[a-z]+\b")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,80})[”\"]")
SENTENCE_SKIP = " \t\xa0“\"‘'([–—-"
SENTENCE_END = ".!?\n"
INITIAL_OR_TITLE = re.compile(rf"(?<![^\W_])(?:[{UPPER}]|Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep)\.$")

_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_NOT_MAY = _MONTH_FULL.replace("May|", "")  # "May" alone is a verb as often as a month
_MONTH = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_NUMBER_WORD = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    "ninety|hundred|thousand|million|billion|dozen"
)
_WORDNUM = rf"(?:(?i:{_NUMBER_WORD})(?:[- ](?:{_NUMBER_WORD}|one))*)"
_DIGITS = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:[ ]?(?:million|billion|trillion|thousand|hundred|bn|mn)\b)"
_UNITS = "|".join(sorted(gz.TIME_UNITS, key=len, reverse=True))
_CURRENCY = "dollars|euros|pounds|yen|yuan|rubles|roubles|rupees|francs|manats?|lira|drams"
_NOT_AFTER_WORD = r"(?<![^\W_])(?<![^\W\d_]-)"
#: One alternation tried in order at each position: specific patterns before general ones.
_NUMERIC = re.compile(
    rf"{_NOT_AFTER_WORD}(?:"
    rf"(?P<date>{_YEAR}-[01]\d-[0-3]\d\b|{_MONTH}[ ]{_DAY}(?:,?[ ]{_YEAR})?\b"
    rf"|{_DAY}[ ](?:of[ ])?{_MONTH}(?:,?[ ]{_YEAR})?\b"
    rf"|(?:{_MONTH_FULL})[ ]{_YEAR}\b|(?:{_MONTH_NOT_MAY})\b"
    rf"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|(?:\d+|{_WORDNUM})[- ](?:{_UNITS})(?:-old)?\b(?:[ ]ago\b)?"
    rf"|{_YEAR}s?\b(?![.,]\d)|\d{{1,2}}:\d\d(?:[ ]?[ap]\.?m\.?)?"
    rf")|(?P<num>(?:US|C|A)?[$€£¥][ ]?{_DIGITS}{_SCALE}?"
    rf"|{_DIGITS}{_SCALE}?(?:[ ]?(?:%|percent\b|per[ ]cent\b)|[ ](?:{_CURRENCY})\b)"
    rf"|{_DIGITS}{_SCALE}?\b"
    rf"|\b(?i:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}|one))?\b(?:[ ](?:percent|per[ ]cent)\b)?"
    rf"))"
)


_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def prev_word(text: str, start: int) -> tuple[str, int]:
    """The ASCII word right before `start` (spaces and a dot between allowed: "Mr. Okafor",
    "spokesman Arvid"), as written, and where it starts; "" when none is within 30 characters.
    A loop over a few characters: cheaper than a regex searched over the window."""
    low = max(0, start - 30)
    i = start
    while i > low and text[i - 1] in " \t\xa0":
        i -= 1
    if i > low and text[i - 1] == ".":
        i -= 1
    j = i
    while j > low and text[j - 1] in _LETTERS:
        j -= 1
    return text[j:i], j


@dataclass(slots=True)
class Span:
    start: int
    end: int
    label: EntityLabel
    strong: bool
    """Decided by a gazetteer or a cue rather than guessed; guesses defer to strong mentions."""


def _starts(prefixes: str) -> str:
    """Each word prefix as written lowercase, capitalised and in capitals."""
    return "|".join(f"{p}|{p.capitalize()}|{p.upper()}" for p in prefixes.split())


#: Where a match of _NUMERIC can start: a digit or currency sign, or a word starting like a
#: month, weekday or number word. Scanning for these first and trying _NUMERIC only there
#: finds the same spans as _NUMERIC.finditer in a fraction of the time (the engine scans fast
#: for a leading character set or literal words, not for a leading look-behind).
_DIGIT_START = re.compile(r"(?<![^\W_])[\d$€£¥]")  # _NUMERIC never starts after a word character
_WORD_START = re.compile(
    r"(?<![^\W_])(?:US\$|C\$|A\$|"
    # months and weekdays match only capitalised; number words in any of the three cases, by
    # prefixes long enough to skip "for", "this", "those", "military" (fewer false starts)
    + "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|"
    + _starts(
        "two thre four fiv six seve eigh nine ten elev twe thir fift fort hund thou mill bill doz"
    )
    + ")"
)


def numeric_spans(text: str) -> Iterator[Span]:
    """Dates, durations, money, percentages and counts."""
    # the two scans never start at the same character (a digit or currency sign, or a
    # letter), and each is in order: sorting their concatenation is one merge (Timsort runs)
    starts = [m.start() for m in _DIGIT_START.finditer(text)]
    starts += [m.start() for m in _WORD_START.finditer(text)]
    starts.sort()
    match_at = _NUMERIC.match
    end = 0
    for pos in starts:
        if pos < end:
            continue
        match = match_at(text, pos)
        if match:
            end = match.end()
            yield Span(pos, end, "DATE" if match.lastgroup == "date" else "NUMBER", True)


#: Short words a title leaves lowercase inside it ("Time to Wake Up", "Taste of Chaos").
_TITLE_SMALL = gz.CONNECTORS | gz.words("the a an to in on at by or and but as with from up")


def quoted_titles(text: str) -> Iterator[Span]:
    """Short quotations whose every word is capitalised: titles of works, operations, slogans."""
    table = gz.load()
    for match in _QUOTED.finditer(text):
        inner = match.group(1).rstrip(",.;:!? ")
        words = inner.split()
        if not 1 <= len(words) <= 6 or not words[0][:1].isupper():
            continue
        if not all(w[:1].isupper() or w in _TITLE_SMALL or w[:1].isdigit() for w in words):
            continue
        if not words[-1][:1].isupper() and not words[-1][:1].isdigit():
            continue  # "Time to Wake Up", "93 Million Miles"; not "Sayings of the day"
        if inner in table.places or inner in table.organisations or inner in table.demonyms:
            continue
        if len(words) == 1 and words[0].lower() in gz.COMMON_WORDS:
            continue
        start = match.start(1)
        yield Span(start, start + len(inner), "MISC", True)
