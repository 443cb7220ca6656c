"""Which lines of a page are the article: boilerplate vocabulary, a prose score, the main region.

A page dump has no markup and no link density, so the article is found the way jusText and
boilerpipe find it, from what is left: prose lines are long and end sentences, boilerplate lines
are short, repeated, or say typical things ("Share", "Subscribe", "© 2016"). Each line gets a
score (positive for prose, negative otherwise) and the article is the run of lines with the
highest total (the maximum-sum subarray), so a menu between two articles splits them and a short
heading or a code line between two paragraphs stays in.

Everything here is linear in the input: regexes are anchored, bounded and only run on short
lines, so one 10 MB line costs a length check, not a backtracking search.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

#: Lines longer than this are never boilerplate by vocabulary: banners and prompts are short,
#: and a long paragraph that mentions "cookies" is more likely about cookies.
MAX_BOILERPLATE_CHARS = 400

# Wording that condemns a line wherever it occurs in it (if the line is short enough).
# Patterns are matched on the casefolded line; they name typical boilerplate in English and
# the commonest other languages, never the words of one particular page.
_CONTAINS: tuple[tuple[str, str, int], ...] = (
    ("cookie banner", r"\b(?:cookies?|gdpr)\b", MAX_BOILERPLATE_CHARS),
    (
        "copyright footer",
        r"\ball rights reserved|tous droits réservés|alle rechte vorbehalten"
        r"|todos los derechos reservados|版權所有|版权所有|無断転載",
        300,
    ),
    (
        "subscribe prompt",
        r"\b(?:subscribe|subscription|newsletter|sign up for|abonnez"
        r"|abonnieren|suscríbete|delivered to your inbox|already a subscriber)\b",
        140,
    ),
)
# What a cookie banner says besides "cookie": a line about cookies that asks for nothing is
# more likely to be about baking.
_COOKIE_CONTEXT = re.compile(
    r"\b(?:accept|agree|consent|experience|opt[ -]?out|privacy|settings|policy|continu\w*"
    r"|use[sd]?|using|browsing|personali[sz]e|ok)\b"
)
#: A line that opens by saying the site uses cookies is a banner up to this length.
MAX_COOKIE_BANNER = 1500
_COOKIE_OPENING = re.compile(
    r"\W{0,3}(?:we(?: and our (?:partners|vendors))?|(?:this|our) (?:web ?)?site) uses? cookies\b",
    re.IGNORECASE,
)
# What only a banner says: "use", "ok" or "experience" may come up in a recipe with cookies.
_BANNER_WORDS = re.compile(
    r"\b(?:accept\w*|agree|consent|opt[ -]?out|privacy|(?:cookie )?settings|cookie policy"
    r"|browsing|personali[sz]\w+|third[ -]part(?:y|ies)|targeted|analy[sz]\w+)\b"
)
# Whole short lines that are boilerplate: labels, buttons, menu entries.
_WHOLE: tuple[tuple[str, str], ...] = (
    ("copyright footer", r"(?:©|\(c\)|copyright\b).*"),
    (
        "advertisement",
        r"(?:advertisement|advertising|sponsored(?: links?| content)?"
        r"|report this ad|ad|ads|anzeige|publicité|publicidad|promoted links?|广告|廣告|広告"
        r"|continue reading(?: the main story)?|story continues below(?: advertisement)?)",
    ),
    (
        "share prompt",
        r"(?:click to )?(?:share(?: this)?(?: article| story| page| post)?"
        r"(?: on| via| with)?|tweet(?: this)?|pin(?: it)?|email(?: this)?"
        r"|print(?: this)?(?: article| page)?|follow(?: us)?(?: on)?|like us on|partager|teilen"
        r"|compartir|copy link|permalink|分享)(?:\b.{0,40})?"
        r"|(?:facebook|twitter|linkedin|whatsapp|reddit|pinterest|google\+|instagram|youtube"
        r"|telegram|pocket|flipboard|tumblr|e-?mail|mail)(?: ?:? ?\w{0,12})?",
    ),
    (
        "sign-in prompt",
        r"(?:sign in|sign out|log in|login|log out|logout|register"
        r"|create (?:an|your|a free) account|my account|se connecter|anmelden|iniciar sesión"
        r"|登入|登录|ログイン)\b.{0,25}",
    ),
    (
        "related links",
        r"(?:read more|read next|related(?: articles| stories| posts| content"
        r"| links| topics| coverage| reading)?|artículos relacionados|noticias relacionadas"
        r"|articles liés|ähnliche artikel|recommended(?: for you| stories| articles)?"
        r"|you (?:may|might) also like"
        r"|see also|more (?:from|stories|on|in|news|articles)\b.{0,40}"
        r"|most (?:popular|read|viewed|shared)|trending(?: now| articles| stories)?|top stories"
        r"|editor'?s picks|around the web|what to read next|lire aussi|à lire aussi|mehr zum thema"
        r"|lesen sie auch|ver también|sur le même sujet|les plus (?:partagés|lus)"
        r"|相關文章|相关文章|関連記事|推薦閱讀|推荐阅读|热门文章|熱門文章).{0,3}",
    ),
    (
        "comments prompt",
        r"(?:\d[\d,.]* ?)?(?:comments?|kommentare|commentaires|comentarios)"
        r"(?: \(\d+\)| \d+)?|\d[\d,.]* ?(?:responses?|replies)|there are \d+ comments"
        r"|(?:leave|post|add|write|join) (?:a|the) (?:comment|reply|response|discussion)\b.{0,40}"
        r"|(?:show|view|hide|load) (?:all |more )?comments\b.{0,20}|\d+ ?comments?\b.{0,30}"
        r"|.{0,4}(?:留言|评论|評論|コメント).{0,8}",
    ),
    (
        "navigation",
        r"(?:skip to (?:main )?(?:content|navigation|main|search|footer)\b.{0,40}"
        r"|back to top|menu|main menu|search|home|next article|previous article"
        r"|older (?:article|post)s?|newer (?:article|post)s?|next|previous|prev"
        r"|(?:page )?\d+ (?:of|/) \d+|toggle navigation|close|open|go|[›»«‹|▲]|top)",
    ),
)
#: Lines longer than this are judged by _CONTAINS only.
MAX_WHOLE_CHARS = 60
_WHOLE_RE = re.compile(
    # A label may stand in brackets or after a bullet ("【関連記事】", "» Read more").
    r"\W{0,3}(?:"
    + "|".join(f"(?P<r{index}>{pattern})" for index, (_, pattern) in enumerate(_WHOLE))
    + r")\W{0,3}"
)
_CONTAINS_RE = tuple(re.compile(pattern) for _, pattern, _ in _CONTAINS)
# Literal words at least one of which every _CONTAINS pattern needs: a few substring tests
# (much faster than a regex) rule most lines out before the patterns (with their word
# boundaries) run.
_KEYWORDS = (
    "cookie", "gdpr", "reserv", "droits", "rechte", "subscri", "newsletter", "sign up", "abonn",
    "suscr", "inbox",
)  # fmt: skip
_CJK_KEYWORDS = ("版權所有", "版权所有", "無断転載")

_SENTENCE_END = frozenset(".!?。！？…:;\"”’»)'")
# The commonest function words of English and the larger European languages. Running text is
# about a third function words; headlines, menus and link lists have few (the jusText idea).
_STOPWORD_TEXT = """
    a an the and or but if of to in on at by for with from as is are was were be been has
    have had it its this that these those he she they we you i his her their our not no so
    than then there which who what when where will would can could should said also into
    about after over more all one up out do did its it's just
    le la les un une des du de et ou est sont dans pour par sur avec au aux ce cette qui que
    il elle ils nous vous pas plus se sa son ses leur été être
    der die das den dem des ein eine einer und oder ist sind war im in zu mit von auf für
    nicht sich auch es er sie wir als bei nach aus wie
    el los las una uno y o es son en con por para del al que se su lo como más pero fue
    il lo gli di da e è che non per una sono
    os as um uma em no na do da dos das não com mais ao
    het een en van de is op te dat niet zijn voor met
    a v ve se na je to že s z do o i od za jak"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_CODE_CHARS = re.compile(r"[{}();=<>\[\]]")
_LETTERS = re.compile(r"[^\W\d_]+")
#: Share of a line's characters below which it is numbers and symbols rather than words.
DATA_LETTERS = 0.25


#: Longest line judged as data (a line that opens with a word never is).
MAX_DATA_LINE = 100


def _is_data(line: str) -> bool:
    """Numbers and symbols with few words: a row of a table, a rule, a figure."""
    letters = sum(map(len, _LETTERS.findall(line)))
    return letters < DATA_LETTERS * len(line.replace(" ", ""))


_COMMENT_STARTS = ("//", "#", "/*", "* ")


def boilerplate_reason(line: str) -> str | None:
    """Why a line is boilerplate by its wording alone, or None.

    Only short lines are judged: the patterns say what a banner or a prompt says, and a
    paragraph of article that happens to use the same words is much longer.
    """
    if len(line) > MAX_BOILERPLATE_CHARS:
        # ... except a cookie banner, which can be long but says what it is at once.
        if (
            len(line) <= MAX_COOKIE_BANNER
            and _COOKIE_OPENING.match(line)
            and _BANNER_WORDS.search(line.casefold())
        ):
            return "cookie banner"
        return None
    folded = line.casefold().strip()
    if len(folded) <= MAX_WHOLE_CHARS:
        match = _WHOLE_RE.fullmatch(folded)
        if match and match.lastgroup:
            return _WHOLE[int(match.lastgroup[1:])][0]
    if not _has_keyword(folded):
        return None
    for (reason, _, limit), pattern in zip(_CONTAINS, _CONTAINS_RE, strict=True):
        if len(folded) <= limit and pattern.search(folded):
            if reason == "cookie banner" and not _COOKIE_CONTEXT.search(folded):
                continue
            return reason
    return None


def _has_keyword(folded: str) -> bool:
    for word in _KEYWORDS:
        if word in folded:
            return True
    return not folded.isascii() and any(word in folded for word in _CJK_KEYWORDS)


class LineInfo(NamedTuple):
    """What the region finder knows of a line: its weight as text and its shape.

    A named tuple rather than a dataclass: one is made per line, and tuples are cheap.
    """

    weight: int
    """Length with each CJK character counted three times (a CJK character is about a word)."""
    words: int
    has_sentence: bool
    """Some sentence punctuation followed by a space (or the end) is in it. Only looked for
    in lines of PROSE_WORDS words or more: a shorter line is never prose, and nothing else
    asks."""
    ends_sentence: bool
    code_like: bool
    wordy: bool
    """Reads like sentences: enough function words (or, for CJK, commas and full stops)."""
    prose: bool
    """Reads like running text (as opposed to a label, a link or a menu item)."""


#: Fewest words of a prose line shorter than PROSE_WEIGHT (which must also hold a sentence).
PROSE_WORDS = 8
#: A line this heavy that reads like sentences is prose whatever its punctuation.
PROSE_WEIGHT = 200


def describe(line: str) -> LineInfo:
    """Measure a line once, so scoring and heading detection share the work.

    The weight is the UTF-8 length: a CJK character (three bytes) then counts about as much
    as a short Latin word, which is what it says, and measuring it costs one C call.
    """
    if not line:
        return _EMPTY
    length = len(line)
    ascii_only = line.isascii()
    weight = length if ascii_only else len(line.encode("utf-8", "surrogatepass"))
    words = line.count(" ") + 1 + (weight - length) // 4
    ends = line[-1] in _SENTENCE_END
    # Code, and data with few words (numbers, the rows and rules of a table).
    code_like = length < 200 and (
        _CODE_CHARS.search(line) is not None
        or line.startswith(_COMMENT_STARTS)
        or (length <= MAX_DATA_LINE and not line[:3].isalpha() and _is_data(line))
    )
    if words < PROSE_WORDS and weight < PROSE_WEIGHT:  # a label, a link, a menu item
        return LineInfo(weight, words, ends, ends, code_like, False, False)
    # Only a line long enough to be prose needs the (slower) sentence and function-word tests.
    has_sentence = (
        ends
        or ". " in line
        or "? " in line
        or "! " in line
        or (not ascii_only and _CJK_STOP.search(line) is not None)
    )
    wordy = _wordy(line, weight)
    prose = wordy and not code_like and (weight >= PROSE_WEIGHT or has_sentence)
    return LineInfo(weight, words, has_sentence, ends, code_like, wordy, prose)


_CJK_STOP = re.compile("[。？！]")
_EMPTY = LineInfo(0, 0, False, False, code_like=False, wordy=False, prose=False)


def _wordy(line: str, weight: int) -> bool:
    """Does the line read like sentences rather than a list of names or headlines?

    Latin-script text needs enough function words or enough clause punctuation (commas and
    full stops: Lorem ipsum has no English function words, headlines have no commas). Text
    that is mostly CJK has no spaces to count words by, so a long line or clause punctuation
    is enough.
    """
    if weight - len(line) > len(line):  # most characters take three bytes: CJK or symbols
        if _CJK_LETTER.search(line) is None:  # box drawing, arrows, dingbats: not text
            return False
        return len(line) >= 40 or _CJK_CLAUSE.search(line) is not None
    sample = line[:600]  # a sample says as much as the whole and keeps long lines cheap
    # Lines come with their white space collapsed: words are what single spaces separate.
    words = sample.count(" ") + 1 - sample.endswith(" ")
    commas = sample.count(", ")
    clauses = commas + sample.count(". ") + sample.count("; ")
    # Clause punctuation every dozen words, but not a comma after every word or two: that
    # is a list of names or tags ("alice, bob, carol, ..."), not sentences.
    if (clauses + (sample[-1] in ",.;")) * 12 >= words and commas * LIST_ITEM_WORDS < words:
        return True
    tokens = sample.casefold().split()  # words with their punctuation: good enough to count
    return sum(map(STOPWORDS.__contains__, tokens)) * 6 >= len(tokens)


#: A line whose comma-separated items average fewer words than this is a list, not prose.
LIST_ITEM_WORDS = 2.2
_CJK_CLAUSE = re.compile("[，。、；！？]")
_CJK_LETTER = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def is_prose(info: LineInfo) -> bool:
    """Does the line read like running text (as opposed to a label, a link or a menu item)?"""
    return info.prose


def line_score(info: LineInfo, reason: str | None, repeated: bool) -> float:
    """Evidence that a line belongs to the article: its length if prose, a penalty otherwise.

    Prose counts by its length so that one long paragraph outweighs a few headlines; short
    lines cost a fixed amount so that a long menu (many short lines) separates two texts
    while a subheading or a caption between paragraphs does not.
    """
    if reason is not None:
        return -40.0
    if is_prose(info):
        return float(info.weight) * (0.5 if repeated else 1.0)
    if info.words >= 8 and info.wordy:
        return info.weight / 2
    if info.code_like:
        return -3.0
    return -40.0 if repeated else -20.0


def main_region(scores: Sequence[float]) -> tuple[int, int]:
    """The [start, end) run of lines with the largest total score (Kadane's algorithm).

    Returns (0, 0) when no line scores above zero: there is no article text to anchor on.
    """
    best, best_start, best_end = 0.0, 0, 0
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, index
        total += score
        if total > best:
            best, best_start, best_end = total, start, index + 1
    return best_start, best_end


@dataclass
class Unit:
    """One paragraph, heading or line of the input, with what the cleaner decided about it."""

    text: str
    kind: str = ""
    """"heading" or "code" when the format says so (Markdown), "" for plain text; "used"
    once the text went into the title, byline or standfirst."""
    level: int = 0
    reason: str = ""
    """Why the unit was taken out; "" while it is kept."""
    links: tuple[tuple[str, str], ...] = ()
    """(link text, target) of the unit's links (Markdown), found in its text as a block."""


#: A run of at least this many short lines outside prose is a menu, wherever it is.
NAV_RUN = 4


def mark_boilerplate(units: list[Unit], *, trim: bool = True) -> tuple[list[LineInfo], int, int]:
    """Give every unit that is not article a reason; return the line infos and main region.

    With trim (plain text and page dumps) everything outside the main region goes; without
    it (Markdown, which someone wrote on purpose) only what the vocabulary or the shape of a
    menu condemns.
    """
    infos: list[LineInfo] = []
    scores: list[float] = []
    # A page repeats many of its short lines (menus, labels): each distinct text is measured
    # once, and a second sighting marks it as repeated.
    seen: dict[str, tuple[LineInfo, str | None]] = {}
    repeated: set[str] = set()
    for unit in units:
        text = unit.text
        if unit.kind == "code":
            infos.append(_CODE)
            continue
        known = seen.get(text)
        if known is None:
            known = seen[text] = (describe(text), boilerplate_reason(text))
        elif len(text) < 200:
            repeated.add(text)
        infos.append(known[0])
    for unit, info in zip(units, infos, strict=True):
        if unit.kind:
            scores.append(-3.0)
        else:
            reason = seen[unit.text][1]
            unit.reason = reason or ""
            scores.append(line_score(info, reason, unit.text in repeated))
    _soften_code_blocks(units, infos, scores)
    escalated = _escalate(scores)
    start, end = main_region(escalated)
    if start == end:  # no prose to anchor on: keep everything the vocabulary allows
        start, end = 0, len(units)
    end = _cut_at_stamps(units, infos, scores, start, end)
    end = _cut_at_tail_marker(units, infos, scores, start, end)

    # A short sentence just before or after the text ("More talks are planned for June.") is
    # the article's, not a menu or a footer: those are caught by their vocabulary.
    def sentence(index: int) -> bool:
        unit, info = units[index], infos[index]
        return (
            not unit.kind
            and not unit.reason
            and info.ends_sentence
            and info.words >= 5
            and unit.text not in repeated
        )

    while end < len(units) and sentence(end):
        end += 1
    while start > 0 and start < end and sentence(start - 1):
        start -= 1
    if trim:
        for index, (unit, info) in enumerate(zip(units, infos, strict=True)):
            if not unit.reason and not start <= index < end:
                unit.reason = "outside article" if is_prose(info) else "navigation"
    _mark_runs(units, infos)
    return infos, start, end


#: The k-th non-prose line in a row costs k times its own penalty, up to this many times:
#: one or two lines between paragraphs (a heading, a caption) are cheap to include, a menu
#: or a column of headlines is not, however much prose lies beyond it.
ESCALATION_CAP = 3
#: Share of the region's prose after which a tail label ends it...
TAIL_SEEN = 0.67
#: ... or after this share of it when a list follows: one in which fewer than LIST_PAIRED of
#: the prose lines have a prose line next to them.
LIST_SEEN = 0.15
LIST_PAIRED = 0.5
#: Labels after which the article is over (when most of it has been seen): what follows is
#: comments, related stories or sharing buttons, even when it reads like prose.
TAIL_MARKERS = frozenset({"comments prompt", "related links", "share prompt"})


#: Share of code-like lines that makes a run of non-prose lines a code block or a table.
CODE_SHARE = 0.4


def _soften_code_blocks(units: list[Unit], infos: list[LineInfo], scores: list[float]) -> None:
    """In a run of non-prose lines that is largely code or data, charge every line as code.

    A code block or a table has lines with no code characters too ("SELECT", a column
    name, a word in a cell); a menu has hardly any code-like lines.
    """
    index = 0
    while index < len(units):
        if scores[index] > 0 and not infos[index].code_like:
            index += 1
            continue
        run = index
        code = 0
        while run < len(units) and (scores[run] <= 0 or infos[run].code_like):
            code += infos[run].code_like
            run += 1
        if run - index >= 3 and code >= CODE_SHARE * (run - index):
            for line in range(index, run):
                if not units[line].reason and scores[line] < -3:
                    scores[line] = -3.0
        index = run


def _escalate(scores: Sequence[float]) -> list[float]:
    """Scores with each run of negative lines made progressively more expensive."""
    result: list[float] = []
    run = 0
    for score in scores:
        if score < -5:  # code lines (-3) neither break nor extend a run
            run = min(run + 1, ESCALATION_CAP)
            result.append(score * run)
        else:
            run = 0 if score > 0 else run
            result.append(score)
    return result


#: Time stamps on short lines: the metadata of comments ("Jo · May 3 at 2:15 PM") and of
#: live feeds ("14:44 Headline"); an article states its time once, near the top.
_STAMP = re.compile(
    r"\b\d{1,2}[:h]\d{2}\b|\b\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?"
    r"|years?) ago\b",
    re.IGNORECASE,
)
_DAY_STAMP = re.compile(r"\b(?:yesterday|today) at\b", re.IGNORECASE)
_DIGIT = re.compile("[0-9]")


def _is_stamped(line: str) -> bool:
    """Does a line hold a time stamp? (Cheap tests first: most lines have no digit.)"""
    if _DIGIT.search(line) is not None and _STAMP.search(line) is not None:
        return True
    return "day at" in line.casefold() and _DAY_STAMP.search(line) is not None


#: This many stamped lines within STAMP_WINDOW lines make a comment thread or a feed.
STAMP_RUN = 3
STAMP_WINDOW = 30
MAX_STAMP_LINE = 120
#: Share of the region's prose that must come before a run of stamps for it to end there.
STAMP_SEEN = 0.15


def _cut_at_stamps(
    units: list[Unit], infos: list[LineInfo], scores: Sequence[float], start: int, end: int
) -> int:
    """End the region where a run of time-stamped short lines (comments, a feed) begins.

    Only once some of the region's prose has been seen: stamps at its top are a news ticker
    or the article's own date, and the article is still to come.
    """
    stamps = [
        index
        for index in range(start + 1, end)
        if len(units[index].text) <= MAX_STAMP_LINE
        and not infos[index].code_like
        and _is_stamped(units[index].text)
    ]
    if len(stamps) < STAMP_RUN:
        return end
    total = sum(score for score in scores[start:end] if score > 0)
    for position, index in enumerate(stamps):
        following = stamps[position : position + STAMP_RUN]
        if len(following) == STAMP_RUN and following[-1] - index < STAMP_WINDOW:
            seen = sum(score for score in scores[start:index] if score > 0)
            if seen >= STAMP_SEEN * total:
                return index
    return end


def _cut_at_tail_marker(
    units: list[Unit], infos: list[LineInfo], scores: Sequence[float], start: int, end: int
) -> int:
    """End the region at the first tail label after which the article is over.

    It is over after half of the region's prose; or after some of it (LIST_SEEN) when what
    follows the label is a list rather than paragraphs: prose lines standing one by one
    between short lines (teasers with their source, comments with "Reply"), where an
    article's paragraphs follow one another.
    """
    total = sum(score for score in scores[start:end] if score > 0)
    # Prose lines from each index to the end, and those of them next to another prose line.
    prose_after = [0] * (end - start + 1)
    paired_after = [0] * (end - start + 1)
    for index in range(end - 1, start - 1, -1):
        prose = infos[index].prose
        paired = prose and (
            (index + 1 < end and infos[index + 1].prose)
            or (index > start and infos[index - 1].prose)
        )
        prose_after[index - start] = prose_after[index - start + 1] + prose
        paired_after[index - start] = paired_after[index - start + 1] + paired
    seen = 0.0
    for index in range(start, end):
        if units[index].reason in TAIL_MARKERS:
            if seen >= TAIL_SEEN * total:
                return index
            after, paired = prose_after[index - start], paired_after[index - start]
            if seen >= LIST_SEEN * total and paired < LIST_PAIRED * after:
                return index
        seen += max(scores[index], 0.0)
    return end


_CODE = LineInfo(0, 0, False, False, code_like=True, wordy=False, prose=False)


def _is_short(unit: Unit, info: LineInfo) -> bool:
    return not unit.kind and not is_prose(info) and info.words < 15 and not info.code_like


def _mark_runs(units: list[Unit], infos: list[LineInfo]) -> None:
    """Take out related-link runs (short lines after a "Related" label) and menus.

    A label such as "Read more" or "Related" is followed by headlines: short lines with no
    sentence, up to the next prose. A menu is a run of NAV_RUN or more very short lines.
    """
    index = 0
    while index < len(units):
        unit = units[index]
        if unit.reason == "related links":
            index += 1
            while index < len(units) and _is_short(units[index], infos[index]):
                units[index].reason = units[index].reason or "related links"
                index += 1
            continue
        run = index
        while run < len(units) and _is_menu_item(units[run], infos[run]):
            run += 1
        if run - index >= NAV_RUN:
            for item in units[index:run]:
                item.reason = item.reason or "navigation"
        index = max(run, index + 1)


def _is_menu_item(unit: Unit, info: LineInfo) -> bool:
    text = unit.text
    return (
        not unit.kind
        and info.words <= 4
        and len(text) <= 30
        and not info.ends_sentence
        and not info.code_like
        and (text[:1].isupper() or text[:1].isdigit())
    )
