"""Clean text -> typed entity spans, with rules and gazetteers instead of a statistical model.

Why rules: the reader highlights entities while the user reads, so extraction must take
milliseconds per article, run anywhere Python runs and need no model download. The extractor
works in three passes, each a linear-time regular expression plus a little Python per match:

1. dates, durations, money, percentages and numbers (`patterns.py`-style regexes below);
2. quoted short capitalised titles (“Iron Fist”) as MISC (named works, operations, slogans);
3. runs of capitalised words (joined by connectors such as "of the", "for", "de", "and"),
   trimmed of sentence-initial common words, split at titles and "and", then typed by
   gazetteers (places, demonyms, organisations, given names) and cue words (ORG/PLACE/MISC head
   nouns, titles, "spokesman", "said", "in"). A last pass gives a name its label from a
   confident mention elsewhere in the text ("Peskov said" after "Dmitry Peskov").

`extract_with_backend(text, "spacy")` uses spaCy instead, when it and an English model are
installed, with its labels mapped to ours.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from reader.core.entities import gazetteer as gz
from reader.core.models import Entity, EntityLabel


class EntityBackendError(RuntimeError):
    """A named extraction backend cannot run here; the message says what to install."""


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


_UPPER = _char_class(str.isupper)
_ABBREVIATIONS = "Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Ltd|Co|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|Rev"
#: A capitalised word: title abbreviations with their dot, dotted acronyms ("U.S."), or a word
#: starting with an uppercase letter, hyphen/apostrophe parts included but not a possessive "'s".
_TOKEN = re.compile(
    rf"\b(?:(?:{_ABBREVIATIONS})\.|(?:[{_UPPER}]\.){{2,}}|[{_UPPER}]\.(?=[ ][{_UPPER}])"
    rf"|[{_UPPER}]{{1,3}}-?\d+[{_UPPER}]?\b"
    rf"|[{_UPPER}][^\W_]*(?:[-'’](?!s\b)[^\W_]+)*)"
)
_SPACE = r"[ \t\xa0]+"
_CONNECTOR = "of|for|and|de|del|della|di|du|des|la|le|von|van|der|den|al|bin|ibn|da|dos|das"
#: What may stand between two words of one name: spaces, or one connector (plus an article).
_GAP = re.compile(rf"{_SPACE}(?:(?:{_CONNECTOR}){_SPACE}(?:(?:the|la|der|den|de){_SPACE})?)?")
_PREV_WORD = re.compile(r"([A-Za-z]+)\.?[ \t\xa0]*$")
_NEXT_WORD = re.compile(r"[ \t\xa0]*([A-Za-z]+)")
_POSSESSIVE_PLACE = re.compile(rf",{_SPACE}([{_UPPER}][^\W_]*)[’']s\b")
_PLACE_OF = re.compile(
    r"\b(?:city|town|village|region|province|district|port|capital|island)[ ]of[ \t\xa0]+$"
)
_HEADS = gz.ORG_HEADS | gz.MISC_HEADS | gz.PLACE_HEADS
_DETERMINERS = gz.words("the a an its their our this that these those")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,80})[”\"]")
_SENTENCE_SKIP = " \t\xa0“\"‘'([–—-"
_SENTENCE_END = ".!?\n"
_INITIAL_OR_TITLE = re.compile(rf"(?<![^\W_])(?:[{_UPPER}]|Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep)\.$")

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
    rf"(?P<date>{_MONTH}[ ]{_DAY}(?:,?[ ]{_YEAR})?\b"
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
_COUNTRY_ACRONYMS = gz.words("US USA UK UAE USSR DRC PRC")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    label: EntityLabel
    strong: bool
    """Decided by a gazetteer or a cue rather than guessed; guesses defer to strong mentions."""


def extract(text: str) -> list[Entity]:
    """Entities in text: sorted, non-overlapping, offsets into text, no surrounding spaces."""
    if not text:
        return []
    masked: list[_Span] = []
    for match in _NUMERIC.finditer(text):
        start, end = match.span()
        masked.append(_Span(start, end, "DATE" if match.lastgroup == "date" else "NUMBER", True))
    masked.extend(_quoted_titles(text))
    masked.sort(key=lambda s: s.start)
    names = _Names(text, masked)
    spans = masked + names.spans()
    spans.sort(key=lambda s: (s.start, -s.end))
    out: list[Entity] = []
    last_end = 0
    for span in spans:
        if span.start >= last_end and span.end > span.start:
            out.append(Entity(span.start, span.end, span.label))
            last_end = span.end
    return out


def extract_spans(text: str) -> list[list[object]]:
    """`extract` as [start, end, label] lists: the shape the benchmark scorer reads."""
    return [[e.start, e.end, e.label] for e in extract(text)]


def _quoted_titles(text: str) -> Iterator[_Span]:
    """Short quotations whose every word is capitalised: titles of works, operations, slogans."""
    table = gz.load()
    for match in _QUOTED.finditer(text):
        inner = match.group(1).rstrip(",.;:!? ")
        words = inner.split()
        if not 1 <= len(words) <= 6 or not words[0][:1].isupper():
            continue
        if not all(w[:1].isupper() or w in gz.CONNECTORS or w == "the" for w in words):
            continue
        if inner in table.places or inner in table.organisations or inner in table.demonyms:
            continue
        if len(words) == 1 and words[0].lower() in gz.COMMON_WORDS:
            continue
        start = match.start(1)
        yield _Span(start, start + len(inner), "MISC", True)


class _Names:
    """The capitalised-run pass: finds runs, trims and splits them, types them, propagates."""

    def __init__(self, text: str, masked: list[_Span]) -> None:
        self.text = text
        self.table = gz.load()
        self.masked = masked
        self._lower: set[str] | None = None
        self.mid_sentence: set[str] = set()
        """Words written capitalised somewhere other than at a sentence start."""

    def lowercase_words(self) -> set[str]:
        """Words this text writes in lowercase: a capitalised one at a sentence start is common."""
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return self._lower

    def known(self, word: str) -> bool:
        t = self.table
        return any(word in s for s in (t.places, t.demonyms, t.first_names, t.organisations))

    def sentence_start(self, pos: int) -> bool:
        i = pos - 1
        text = self.text
        while i >= 0 and text[i] in _SENTENCE_SKIP:
            i -= 1
        if i < 0:
            return True
        if text[i] == "." and _INITIAL_OR_TITLE.search(text, max(0, i - 5), i + 1):
            return False  # "George W. Bush", "Mr. Okafor": the dot ends a word, not a sentence
        return text[i] in _SENTENCE_END

    def tokens(self) -> Iterator[tuple[int, int]]:
        """Capitalised tokens outside masked spans; hyphenated names split into their parts."""
        masked = self.masked
        k = 0
        for match in _TOKEN.finditer(self.text):
            start, end = match.span()
            while k < len(masked) and masked[k].end <= start:
                k += 1
            if k < len(masked) and masked[k].start < end:
                continue
            word = match.group()
            if "-" not in word:
                yield start, end
                continue
            parts = word.split("-")
            keep = 1
            while keep < len(parts) and parts[keep][:1].isupper():
                keep += 1
            parts = parts[:keep]  # "Russian-brokered" -> "Russian"
            if len(parts) > 1 and all(self.known(p) for p in parts):
                for part in parts:  # "Azerbaijani-Armenian" -> two names
                    yield start, start + len(part)
                    start += len(part) + 1
            else:
                yield start, start + len("-".join(parts))

    def runs(self) -> Iterator[list[tuple[int, int]]]:
        run: list[tuple[int, int]] = []
        for tok in self.tokens():
            if run and _GAP.fullmatch(self.text, run[-1][1], tok[0]):
                run.append(tok)
                continue
            if run:
                yield run
            run = [tok]
        if run:
            yield run

    def spans(self) -> list[_Span]:
        runs = list(self.runs())
        text = self.text
        self.mid_sentence = {
            text[s:e] for run in runs for s, e in run if not self.sentence_start(s)
        }
        found: list[_Span] = []
        for run in runs:
            found.extend(self.classify_run(run))
        return self.propagate(found)

    def classify_run(self, run: list[tuple[int, int]]) -> list[_Span]:
        text = self.text
        whole = text[run[0][0] : run[-1][1]]
        if len(run) > 1 and (whole in self.table.places or whole in self.table.organisations):
            return [self.typed(run)]
        run = self.trim(run)
        if not run:
            return []
        pieces: list[list[tuple[int, int]]] = [[run[0]]]
        for prev, tok in itertools.pairwise(run):
            gap = text[prev[1] : tok[0]].split()
            if gap[:1] == ["and"] and self.split_at_and(run, tok, gap):
                pieces.append([tok])
            elif gap[:1] == ["of"] and text[prev[0] : prev[1]] not in gz.OF_OPENERS:
                pieces.append([tok])  # "Mark Jones of the Daily Telegraph": two names
            else:
                pieces[-1].append(tok)
        out: list[_Span] = []
        for piece in pieces:
            out.extend(self.split_titles(self.trim(piece)))
        return out

    def split_at_and(
        self, run: list[tuple[int, int]], tok: tuple[int, int], gap: list[str]
    ) -> bool:
        """Whether "and" separates names: "Armenia and Azerbaijan" yes, "Trade and Industry" no.

        Inside a name opened by an organisation word, "and" joins one more word; "and the"
        or a longer name after it starts a second name.
        """
        if self.text[run[0][0] : run[0][1]] not in gz.ORG_OPENERS or gap[1:]:
            return True
        return len(run) - run.index(tok) > 1

    def trim(self, run: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Drop leading words that are common words capitalised by position, not names."""
        text = self.text
        while run:
            word = text[run[0][0] : run[0][1]]
            lower = word.lower()
            if self.known(word) or (word.isupper() and len(word) > 1):
                break
            if (lower in gz.COMMON_WORDS and lower not in gz.NAME_ADJECTIVES) or (
                lower in gz.NAME_ADJECTIVES and self.sentence_start(run[0][0]) and len(run) == 1
            ) or (
                self.sentence_start(run[0][0]) and lower in self.lowercase_words()
            ):
                run = run[1:]
                continue
            if self.sentence_start(run[0][0]) and word not in self.mid_sentence:
                if len(run) == 1:
                    return []  # "Meteorologists expect ...": capitalised only by position
                if word not in _HEADS and text[run[0][1] : run[1][0]].strip():
                    run = run[1:]  # "Veterans of the Korean War": the connector joined a noun
                    continue
            break
        return run

    def split_titles(self, run: list[tuple[int, int]]) -> list[_Span]:
        """Cut titles out: "Russian President Vladimir Putin" -> "Russian", "Vladimir Putin"."""
        if not run:
            return []
        words = [self.text[s:e] for s, e in run]
        first = next((i for i, w in enumerate(words) if _is_title(w)), None)
        if first is None:
            return [self.typed(run)]
        rest = first
        while rest < len(words) and _is_title(words[rest]):
            rest += 1
        name = words[rest:]
        if name and (len(name) > 4 or any(w in _HEADS for w in name)):
            return [self.typed(run)]
        if name and self.text[run[rest - 1][1] : run[rest][0]].strip():
            return [self.typed(run)]  # "High Commissioner for Refugees": a connector follows
        out = [self.typed(run[:first])] if first else []
        if name:
            out.append(_Span(run[rest][0], run[-1][1], "PERSON", True))
        return out

    def typed(self, run: list[tuple[int, int]]) -> _Span:
        label, strong = self.label(run)
        return _Span(run[0][0], run[-1][1], label, strong)

    def label(self, run: list[tuple[int, int]]) -> tuple[EntityLabel, bool]:
        """The label of one name, and whether a gazetteer or cue decided it."""
        t, text = self.table, self.text
        start, end = run[0][0], run[-1][1]
        whole = text[start:end]
        words = [text[s:e] for s, e in run]
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
        if any(w in gz.ORG_HEADS for w in words):
            return "ORG", True
        if len(words) > 1 and words[0] in t.organisations:
            return "ORG", True  # "OSCE Minsk ...", "UN Human Rights ..."
        if last in gz.PLACE_HEADS or (len(words) > 1 and last in t.places):
            return "PLACE", True
        if words[0] in t.first_names and len(words) > 1:
            return "PERSON", True
        prev = _PREV_WORD.search(text, max(0, start - 30), start)
        prev_word = prev.group(1).lower() if prev else ""
        if _PLACE_OF.search(text, max(0, start - 30), start):
            return "PLACE", True  # "the city of Gyor", "the province of Idlib"
        if prev_word in gz.PERSON_CUES and len(words) <= 3:
            return "PERSON", True
        if len(words) == 1 and (whole.isupper() or _is_dotted(whole)):
            return ("PLACE" if whole.replace(".", "") in _COUNTRY_ACRONYMS else "ORG"), True
        nxt = _NEXT_WORD.match(text, end, end + 30)
        next_word = nxt.group(1) if nxt else ""
        if next_word in gz.PLACE_NOUNS_AFTER:
            return "PLACE", True
        possessive = _POSSESSIVE_PLACE.match(text, end)
        if possessive and possessive.group(1) in t.places:
            return "PLACE", True  # "Shusha, Azerbaijan's cultural capital"
        if next_word in gz.SPEECH_VERBS and len(words) <= 3:
            return "PERSON", len(words) > 1
        if prev_word in gz.PLACE_PREPOSITIONS and len(words) == 1:
            return "PLACE", False
        if 2 <= len(words) <= 3 and prev_word not in _DETERMINERS:
            return "PERSON", False  # people's names do not follow "the"; works and bodies do
        return "MISC", False

    def propagate(self, found: list[_Span]) -> list[_Span]:
        """Give guessed names the label of a confident mention of the same name or surname."""
        text = self.text
        labels: dict[str, EntityLabel] = {}
        for span in found:
            if not span.strong:
                continue
            name = text[span.start : span.end]
            labels.setdefault(name, span.label)
            if span.label == "PERSON" and " " in name:
                labels.setdefault(name.rsplit(" ", 1)[1], "PERSON")
        for span in found:
            if not span.strong:
                span.label = labels.get(text[span.start : span.end], span.label)
        return [s for s in found if s.strong or s.end - s.start > 1]


def _is_title(word: str) -> bool:
    if word in gz.TITLES:
        return True
    return "-" in word and all(part.title() in gz.TITLES for part in word.split("-"))


def _is_dotted(word: str) -> bool:
    return len(word) >= 4 and word.endswith(".") and word.count(".") >= 2


_SPACY_LABELS: dict[str, EntityLabel] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "DATE": "DATE",
    "TIME": "DATE",
    "CARDINAL": "NUMBER",
    "MONEY": "NUMBER",
    "PERCENT": "NUMBER",
    "QUANTITY": "NUMBER",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}
_SPACY_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
_spacy_nlp: object | None = None


def extract_with_backend(text: str, backend: str = "builtin") -> list[Entity]:
    """Entities by the named backend: "builtin" (the rules above) or "spacy" (if installed)."""
    if backend == "builtin":
        return extract(text)
    if backend != "spacy":
        raise EntityBackendError(f"unknown entity backend {backend!r}: use 'builtin' or 'spacy'")
    doc = _load_spacy()(text)  # type: ignore[operator]
    out: list[Entity] = []
    last_end = 0
    for ent in doc.ents:
        label = _SPACY_LABELS.get(ent.label_)
        start, end = ent.start_char, ent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if label and start >= last_end and end > start:
            out.append(Entity(start, end, label))
            last_end = end
    return out


def _load_spacy() -> object:
    """spaCy's English pipeline, loaded once; a clear error when spaCy or a model is missing."""
    global _spacy_nlp
    if _spacy_nlp is not None:
        return _spacy_nlp
    try:
        import spacy  # type: ignore[import-not-found]
    except ImportError as exc:
        raise EntityBackendError(
            "the 'spacy' entity backend needs spaCy and an English model: "
            f"run `{sys.executable} -m pip install spacy` and then "
            f"`{sys.executable} -m spacy download en_core_web_sm`, or use the builtin backend"
        ) from exc
    for model in _SPACY_MODELS:
        try:
            _spacy_nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
            return _spacy_nlp
        except OSError:
            continue
    raise EntityBackendError(
        "spaCy is installed but no English model is: run "
        f"`{sys.executable} -m spacy download en_core_web_sm`, or use the builtin backend"
    )
