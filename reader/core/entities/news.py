"""News-copy cues: what newswire layout and sports copy say about a name.

Reuters-style news (the CoNLL-2003 kind) has datelines ("LONDON 1996-08-30", "MADRID (Reuters)
-"), all-caps headlines ("SOCCER - JAPAN BEAT SYRIA IN ASIAN CUP OPENER."), results and
standings lines ("Aston Villa 2 Derby 0", "NEW YORK 74 58 .561 -"), cricket scorecards ("Saeed
Anwar c Croft b Cork 176") and teams named after places ("Barcelona beat Sevilla", "Chelsea
manager Ruud Gullit", "Sevilla's coach"). A city's club is an organisation; a country's team
stays the country, as CoNLL-2003 marks national teams LOC.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from reader.core.entities import gazetteer as gz

#: A line without a lowercase ASCII letter (linear: one class, then the line's end).
_NO_LOWER_LINE = re.compile(r"^[^a-z\n]+$", re.M)
_CAPS_WORD = re.compile(r"[A-Z]{2}")
_CAPS_NAME = r"[A-Z][A-Z.'’-]*[A-Z.]"
#: A dateline's place: capitals at a line's start before a date, "(Reuters)" or a dash and a
#: sentence ("CLEVELAND – Cleveland DL ..."; not "SOCCER - JAPAN ...", whose dash opens capitals).
_DATELINE = re.compile(
    rf"^[ \t]*({_CAPS_NAME}(?:[ ]{_CAPS_NAME}){{0,3}})(?=[ ]?,[ ][^\n]{{1,40}}?[ ]\d{{4}}-\d\d-\d\d"
    r"|[ ]\d{4}-\d\d-\d\d|[ ]?\([ ]?Reuters[ ]?\)|[ ]?[–—-][ ]+[A-Z][a-z])",
    re.M,
)
#: Words of a sports report: one of them in lowercase makes a text sports copy.
SPORT_WORDS = gz.words("""
match matches goal goals scored striker midfielder defender goalkeeper league season coach
championship wickets innings runs batsman bowler tries try quarterback touchdown pitcher
inning homer seeded seeding semifinal semi-final quarter-final final tournament race lap laps
stage rider driver points standings draw drew beat win won victory defeat unbeaten
""")
#: Lowercase words after a name (possessive or not) that make it a team: "Chelsea manager",
#: "Sevilla's coach", "Williams driver".
TEAM_ROLES = gz.words("""
coach manager striker midfielder defender goalkeeper keeper captain forward winger fullback
quarterback pitcher catcher batsman bowler driver rider team side squad fans supporters
player players skipper defence defense attack
""")
#: Words before a name that make it the other side of a match: "beat Sevilla", "against Arsenal".
TEAM_BEFORE = gz.words("beat beats defeated edged thrashed crushed routed overcame against v vs")
#: Words after a name that make it a side: "Barcelona beat", "Real Madrid drew".
TEAM_AFTER = gz.words("beat beats drew defeated edged thrashed crushed routed overcame")
_PAIR_BEFORE = re.compile(
    r"\b(?:(?:drew|draw|draws|tie|tied)(?:[ ]\d{1,2}-\d{1,2})?[ ]with"
    r"|(?:lost|loss|home|defeat|losing)[ ]to|(?:signed|bought|joined|moved)[ ]from"
    r"|(?:playing|play|plays|played|signed)[ ]for)[ ]+$"
)
_PAIR_ENDS = gz.words("with to for from")
_SCORE_AFTER = re.compile(r"[ ]\d{1,3}(?=[ ]*(?:$|[,;.]|[ ][A-Z(]))", re.M)
_SCORE_BEFORE = re.compile(r"(?:^|\d[ ]|[,:][ ])[ ]*$", re.M)
_STANDINGS = re.compile(r"(?:[ ]+[-\d.]+){2,}[ ]*$", re.M)
_WON_LOST = re.compile(r"[ ]+(?:won|lost|win|lose|leads?|trails?)[ ]+\d{1,3}-\d{1,3}\b")
#: A results row: "Aston Villa 2 Derby 0", "Everton 2 Newcastle 1," (sports copy by itself).
_RESULT_ROW = re.compile(
    r"^[ \t]*[A-Z][\w.'’ -]{1,30}?[ ]\d{1,3}[ ]*,?[ ]+[A-Z][\w.'’ -]{1,30}?[ ]\d{1,3}\b", re.M
)
_POSSESSIVE = re.compile(r"[ ]?['’]s\b")
_NEXT = re.compile(r"[ \t]*([A-Za-z]+)")
#: Lowercase words before a name that make it a player in a cricket scorecard ("c Croft b Cork").
SCORECARD = gz.words("c b st lbw")


class Layout:
    """Where the text's all-caps lines and datelines are, and whether it is sports copy."""

    def __init__(self, text: str, lowercase: set[str]) -> None:
        self.text = text
        caps = [m.span() for m in _NO_LOWER_LINE.finditer(text) if _CAPS_WORD.search(m.group())]
        self._caps_starts = [s for s, _ in caps]
        self._caps_ends = [e for _, e in caps]
        self.datelines = {m.start(1) for m in _DATELINE.finditer(text)}
        self.sports = not SPORT_WORDS.isdisjoint(lowercase) or bool(_RESULT_ROW.search(text))

    def caps_line(self, pos: int) -> bool:
        """Whether `pos` lies in a line written all in capitals (a headline)."""
        i = bisect_right(self._caps_starts, pos) - 1
        return i >= 0 and pos < self._caps_ends[i]

    def team(self, start: int, end: int, before: str) -> bool:
        """Whether sports copy uses the name at start:end (`before` is the word before it) as a
        side in a match."""
        if not self.sports:
            return False
        text = self.text
        after = end
        possessive = _POSSESSIVE.match(text, end)
        if possessive:
            after = possessive.end()
        nxt = _NEXT.match(text, after, after + 20)
        if nxt and nxt.group(1) in TEAM_ROLES:
            return True
        if possessive:
            return False
        if (nxt and nxt.group(1) in TEAM_AFTER) or _WON_LOST.match(text, end):
            return True
        low = max(0, start - 80)  # a row's name stands near its line's start: look back 80
        line_start = text.rfind("\n", low, start) + 1 or low
        at_line_start = not text[line_start:start].strip() and (line_start > low or low == 0)
        if at_line_start and _STANDINGS.match(text, end):
            return True  # "NEW YORK 74 58 .561 -": a standings row
        if _SCORE_AFTER.match(text, end) and _SCORE_BEFORE.search(text, line_start, start):
            return True  # "Everton 2 Newcastle 1", "Leeds 0 Liverpool 2"
        if before in TEAM_BEFORE:
            return True
        return before in _PAIR_ENDS and bool(_PAIR_BEFORE.search(text, max(0, start - 24), start))
