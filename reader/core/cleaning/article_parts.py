"""The parts around an article's body: title, standfirst, dateline, byline, date; and its blocks.

These are found after boilerplate is marked, from position and shape: the title is the first
line of a text file (or the heading-like line just before a dump's first paragraph), a byline
starts "By", a dateline is the capitalised place (and agency) that opens the first paragraph,
a standfirst is a short lede between the title and a longer first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.cleaning.boilerplate import LineInfo, Unit, is_prose
from reader.core.cleaning.links import placed
from reader.core.models import Block

#: How far before the article's first paragraph a title, byline or date may sit in a dump.
LOOKBACK = 8
#: Longest line taken for a title, byline or standfirst (in characters).
MAX_TITLE = 250
MAX_BYLINE = 100
MAX_STANDFIRST = 320

_DATELINE = re.compile(
    r"([A-ZÀ-Þ][A-ZÀ-Þ.'’-]{1,24}(?: [A-ZÀ-Þ][A-ZÀ-Þ.'’-]{1,24}){0,3}"  # MOSCOW, NEW YORK
    r"(?:, [A-Z][\w.]{0,12}(?: [\w.]{1,12}){0,2})?"  # , Jan. 5 / , Calif.
    r"(?: \([^()\n]{1,30}\))?"  # (AA), (Reuters)
    r" ?[–—-]{1,2}) "
)
_BYLINE = re.compile(r"(?:(?:written|posted|words|story) )?(?:by|par|von|por|door|di) \w", re.I)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\.?,? \d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})\b"
)
_HEADING_END = frozenset(".,;:!")


@dataclass
class Parts:
    """What surrounds the body; the units they came from are marked as used."""

    title: str = ""
    standfirst: str = ""
    dateline: str = ""
    byline: str = ""
    date: str = ""


def front_matter(
    units: list[Unit], infos: list[LineInfo], start: int, title: str, *, headed: bool
) -> Parts:
    """Find title, byline, standfirst, dateline and date; take their units out of the body.

    A unit used for a part gets reason "" and kind "used", so it is neither a block nor
    listed as removed: its text is in the article, just not in the body.
    """
    parts = Parts(title=title)
    window = range(max(0, start - LOOKBACK), start)
    if not parts.title:
        parts.title = _take_title(units, infos, window, headed=headed)
    body = [index for index, unit in enumerate(units) if _in_body(unit)]
    parts.byline = _take_byline(units, [*window, *body[:3]])
    body = [index for index in body if _in_body(units[index])]
    parts.standfirst = _take_standfirst(units, infos, body)
    body = [index for index in body if _in_body(units[index])]
    parts.dateline = _take_dateline(units, body[:1])
    near_top = [units[index].text for index in [*window, *body[:3]] if len(units[index].text) < 120]
    parts.date = _find_date([parts.dateline, parts.byline, *near_top])
    return parts


def _in_body(unit: Unit) -> bool:
    return not unit.reason and unit.kind != "used"


def _use(unit: Unit) -> str:
    unit.reason, unit.kind = "", "used"
    return unit.text


def _take_title(units: list[Unit], infos: list[LineInfo], window: range, *, headed: bool) -> str:
    """The first unit of a headed text; else the nearest heading-like line before the body."""
    if not units:
        return ""
    first = units[0]
    if headed and first.kind in ("", "heading") and _title_like(first, infos[0], 1):
        return _use(first)
    if first.kind == "heading":
        return _use(first)
    for index in reversed(window):
        if _title_like(units[index], infos[index], 3):
            return _use(units[index])
    body = [index for index, unit in enumerate(units) if _in_body(unit)]
    if body and _title_like(units[body[0]], infos[body[0]], 3) and len(body) > 1:
        return _use(units[body[0]])
    return ""


def _title_like(unit: Unit, info: LineInfo, min_words: int) -> bool:
    text = unit.text
    return (
        unit.reason in ("", "navigation", "outside article")
        and unit.kind in ("", "heading")
        and min_words <= info.words <= 30
        and len(text) <= MAX_TITLE
        and not text.endswith(".")
        and not info.code_like
        and not _BYLINE.match(text)
        and not _is_date_only(text)
    )


def _is_date_only(text: str) -> bool:
    match = _DATE.search(text)
    return bool(match) and len(match.group()) >= len(text) * 0.6


def _take_byline(units: list[Unit], indices: list[int]) -> str:
    for index in indices:
        unit = units[index]
        if unit.kind == "used" or unit.reason not in ("", "navigation"):
            continue
        if len(unit.text) <= MAX_BYLINE and _BYLINE.match(unit.text):
            return _use(unit)
    return ""


def _take_standfirst(units: list[Unit], infos: list[LineInfo], body: list[int]) -> str:
    """A short lede right after the title, before a longer (or datelined) first paragraph."""
    if len(body) < 3 or units[body[0]].kind or units[body[1]].kind:
        return ""
    lede, first = units[body[0]], units[body[1]]
    info = infos[body[0]]
    if (
        len(lede.text) > MAX_STANDFIRST
        or lede.text.count(". ") > 1
        or not info.ends_sentence
        or _DATELINE.match(lede.text[:120])
        or not is_prose(infos[body[1]])
    ):
        return ""
    if _DATELINE.match(first.text[:120]) or len(first.text) >= 1.5 * len(lede.text):
        return _use(lede)
    return ""


def _take_dateline(units: list[Unit], indices: list[int]) -> str:
    """The place (and agency) that opens the first paragraph, cut out of it."""
    for index in indices:
        unit = units[index]
        match = _DATELINE.match(unit.text[:120])
        if match and len(unit.text) > match.end() + 20:
            unit.text = unit.text[match.end() :]
            return match.group(1)
    return ""


def _find_date(texts: list[str]) -> str:
    for text in texts:
        match = _DATE.search(text) if text else None
        if match:
            return match.group()
    return ""


def blocks(units: list[Unit], infos: list[LineInfo]) -> tuple[Block, ...]:
    """The kept units as paragraphs and headings (a short unpunctuated line before prose)."""
    kept = [(unit, info) for unit, info in zip(units, infos, strict=True) if _in_body(unit)]
    result: list[Block] = []
    for position, (unit, info) in enumerate(kept):
        links = placed(unit.text, unit.links) if unit.links else ()
        if unit.kind == "heading":
            result.append(Block("heading", unit.text, unit.level or 2, links))
            continue
        following = kept[position + 1][1] if position + 1 < len(kept) else None
        if not unit.kind and following is not None and _heading_like(unit, info, following):
            result.append(Block("heading", unit.text, 2, links))
        else:
            result.append(Block("paragraph", unit.text, links=links))
    return tuple(result)


def _heading_like(unit: Unit, info: LineInfo, following: LineInfo) -> bool:
    text = unit.text
    return (
        is_prose(following)
        and not is_prose(info)
        and 1 <= info.words <= 20
        and len(text) < 150
        and text[-1] not in _HEADING_END
        and not info.code_like
        and not text[:1].islower()
        and not text.startswith(("•", "* ", "- "))
    )
