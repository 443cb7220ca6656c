"""The capitalised-run pass: runs of capitalised words, trimmed, split and typed by rules.

Runs of capitalised words (joined by connectors such as "of the", "for", "de", "and") are
trimmed of sentence-initial common words and split at "and", at "of" after a word that does
not open a name, before a given name glued to a role word, and at titles; each piece is then
typed by gazetteers (places, demonyms, organisations, given names) and cue words (ORG/PLACE/MISC
head nouns, titles, "spokesman", "said", "in").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from reader.core.entities import cues, model, rules
from reader.core.entities import gazetteer as gz
from reader.core.entities.context import agree
from reader.core.entities.features import features
from reader.core.entities.headlines import headline_names
from reader.core.entities.news import Layout
from reader.core.entities.patterns import (
    GAP,
    INITIAL_OR_TITLE,
    LOWER_WORD,
    SENTENCE_END,
    SENTENCE_SKIP,
    TOKEN,
    Span,
    prev_word,
)
from reader.core.models import EntityLabel

_HEADS = gz.ORG_HEADS | gz.MISC_HEADS | gz.PLACE_HEADS
#: What stands between two names of one list.
_LIST_GAPS = frozenset([", ", ", and ", " and ", ", or ", " or ", "; ", " & "])


class Names:
    """The capitalised-run pass: finds runs, trims and splits them, types them, propagates."""

    def __init__(self, text: str, masked: list[Span]) -> None:
        self.text = text
        self.table = gz.load()
        self.masked = masked
        self._lower: set[str] | None = None
        self.mid_sentence: set[str] = set()
        """Words written capitalised somewhere other than at a sentence start."""
        self.layout: Layout | None = None
        self._starts: dict[int, bool] = {}

    def lowercase_words(self) -> set[str]:
        """Words this text writes in lowercase: a capitalised one at a sentence start is common."""
        if self._lower is None:
            self._lower = set(LOWER_WORD.findall(self.text))
        return self._lower

    def known(self, word: str) -> bool:
        return word in self.table.known

    def sentence_start(self, pos: int) -> bool:
        known = self._starts.get(pos)
        if known is None:
            known = self._starts[pos] = self._sentence_start(pos)
        return known

    def _sentence_start(self, pos: int) -> bool:
        i = pos - 1
        text = self.text
        while i >= 0 and text[i] in SENTENCE_SKIP:
            i -= 1
        if i < 0:
            return True
        if text[i] == "." and INITIAL_OR_TITLE.search(text, max(0, i - 5), i + 1):
            return False  # "George W. Bush", "Mr. Okafor": the dot ends a word, not a sentence
        return text[i] in SENTENCE_END

    def tokens(self) -> Iterator[tuple[int, int]]:
        """Capitalised tokens outside masked spans; hyphenated names split into their parts."""
        ends = [m.end for m in self.masked]
        starts = [m.start for m in self.masked]
        n = len(ends)
        k = 0
        next_end = ends[0] if n else -1  # the current masked span's end (-1: none left)
        for match in TOKEN.finditer(self.text):
            start, end = match.span()
            if 0 <= next_end <= start:
                while k < n and ends[k] <= start:
                    k += 1
                next_end = ends[k] if k < n else -1
            if k < n and starts[k] < end:
                continue
            word = match.group()
            if "-" not in word:
                yield start, end
                continue
            parts = word.split("-")
            keep = 1
            while keep < len(parts) and (parts[keep][:1].isupper() or parts[keep][:1].isdigit()):
                keep += 1
            parts = parts[:keep]  # "Russian-brokered" -> "Russian"; "P-38" stays whole
            if len(parts) > 1 and all(self.known(p) for p in parts):
                for part in parts:  # "Azerbaijani-Armenian" -> two names
                    yield start, start + len(part)
                    start += len(part) + 1
            else:
                yield start, start + len("-".join(parts))

    def runs(self) -> Iterator[list[tuple[int, int]]]:
        """Runs of capitalised tokens joined by gaps ("Bank of England")."""
        run: list[tuple[int, int]] = []
        text = self.text
        gap = GAP.fullmatch
        for tok in self.tokens():
            # one space between two words is a gap: the common case, without the regex
            if run and (
                (tok[0] == run[-1][1] + 1 and text[run[-1][1]] == " ")
                or gap(text, run[-1][1], tok[0])
            ):
                run.append(tok)
                continue
            if run:
                yield run
            run = [tok]
        if run:
            yield run

    def candidates(self) -> list[Span]:
        """Every name the rules find, with the rules' label: what the model then types."""
        runs = list(self.runs())
        text = self.text
        mid = self.mid_sentence
        for run in runs:
            s, e = run[0]
            if not self.sentence_start(s):
                mid.add(text[s:e])
            for (_, prev_end), (s, e) in itertools.pairwise(run):
                # inside a run only a dot ending the word before ("Inc. The") ends a sentence
                if text[prev_end - 1] != "." or not self.sentence_start(s):
                    mid.add(text[s:e])
        self.layout = Layout(text, self.lowercase_words())
        found: list[Span] = []
        for run in runs:
            if self.layout.caps_line(run[0][0]):
                found.extend(self.split_caps(run))
            else:
                found.extend(self.classify_run(run))
        return found

    def split_caps(self, run: list[tuple[int, int]]) -> list[Span]:
        """Names in an all-caps line (see headlines.py), typed as a name is written."""
        assert self.layout is not None
        pieces = headline_names(self.text, run, self.table, self.mid_sentence, self.layout)
        return [self.typed(piece, words) for piece, words in pieces]

    def candidate_features(
        self, found: list[Span], wanted: list[bool] | None = None
    ) -> list[list[str]]:
        """The typing model's features of each candidate (see features.py); only of the
        `wanted` ones when given (the others get an empty list)."""
        text, table = self.text, self.table
        inner: dict[str, int] = {}
        for span in found:
            name = text[span.start : span.end]
            if " " in name:
                for part in name.split():
                    inner[part] = inner.get(part, 0) + 1
        out = [
            features(text, span, table, self.sentence_start(span.start), inner)
            if wanted is None or wanted[i]
            else []
            for i, span in enumerate(found)
        ]
        for i, feats in enumerate(out):
            # names in one list are mostly of one kind: "Orgy, Velvet Revolver, and Linkin Park"
            if feats and i and text[found[i - 1].end : found[i].start] in _LIST_GAPS:
                feats.append(f"list:{found[i - 1].label}{int(found[i - 1].strong)}")
            if (
                feats
                and i + 1 < len(found)
                and text[found[i].end : found[i + 1].start] in _LIST_GAPS
            ):
                feats.append(f"list:{found[i + 1].label}{int(found[i + 1].strong)}")
        return out

    def spans(self) -> list[Span]:
        found = self.candidates()
        weights = model.load()
        if weights is None:
            return self.propagate(found)
        guessed = [not span.strong for span in found]
        feats = self.candidate_features(found, guessed)
        # a gazetteer or a cue decided the strong ones: measured better than the model
        totals = [
            model.scores(weights, f) if guess else model.certain(span.label)
            for span, f, guess in zip(found, feats, guessed, strict=True)
        ]
        agree(self.text, found, totals, self.table.places)
        return [s for s in found if s.label is not None and s.end - s.start > 1]

    def classify_run(self, run: list[tuple[int, int]]) -> list[Span]:
        text = self.text
        if len(run) > 1:
            whole = text[run[0][0] : run[-1][1]]
            if whole in self.table.places or whole in self.table.organisations:
                return [self.typed(run)]
        run = self.trim(run)
        if len(run) < 2:
            return self.split_titles(run)
        if text[run[0][0] : run[0][1]] == "The":
            # trim keeps a capital "The" only where it opens a title mid-sentence ("the film
            # The Last Emperor", "bands such as The Receiving End of Sirens"): the title is one
            # name, its "of" and title words ("Emperor") included; "and" still parts two names
            gaps = (text[prev[1] : tok[0]].split()[:1] for prev, tok in itertools.pairwise(run))
            if ["and"] not in gaps:
                return [self.typed(run)]
        pieces: list[list[tuple[int, int]]] = [[run[0]]]
        after_of: set[int] = set()
        for prev, tok in itertools.pairwise(run):
            gap = text[prev[1] : tok[0]].split()
            if gap[:1] == ["and"] and self.split_at_and(run, tok, gap):
                pieces.append([tok])
            elif gap[:1] == ["of"] and text[prev[0] : prev[1]] not in gz.OF_OPENERS:
                after_of.add(len(pieces))
                pieces.append([tok])  # "Mark Jones of the Daily Telegraph": two names
            else:
                pieces[-1].append(tok)
        out: list[Span] = []
        for i, piece in enumerate(pieces):
            before = len(out)
            for part in self.split_role(self.trim(piece)):
                out.extend(self.split_titles(part))
            if i in after_of and before and len(out) > before:
                self.affiliation(out[before - 1], out[before])
        return out

    def affiliation(self, person: Span, body: Span) -> None:
        """ "Mark Jones of the Daily Telegraph", "Ann Lee of Harvard": after a person and "of"
        stands where the person works (an organisation) unless it is a known place."""
        if person.label != "PERSON" or body.strong:
            return
        name = self.text[body.start : body.end]
        t = self.table
        body.label = "PLACE" if name in t.towns or name in t.places else "ORG"
        body.strong = True

    def split_role(self, run: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """Cut a person's name from the words glued before it: "Cleveland DL Larry Ogunjobi"
        -> "Cleveland", "Larry Ogunjobi"; "Engineer John Greiner" -> "John Greiner".

        The name starts at a given name followed by one more word; what stands before it
        is kept as a name of its own once role words (short capitals like "DL", or words the
        text also writes in lowercase) are dropped from its end.
        """
        text = self.text
        first_names = self.table.first_names
        words = [text[s:e] for s, e in run]
        if len(words) < 3 or words[-1] in _HEADS:
            return [run]
        for i in range(1, len(words) - 1):
            if words[i] not in first_names or words[i - 1] in first_names:
                continue
            if text[run[i - 1][1] : run[i][0]].strip() or words[i - 1].endswith("."):
                continue  # "Bank of Martin ...", "James W. ..."
            prefix = run[:i]
            while prefix and self.role_word(text[prefix[-1][0] : prefix[-1][1]]):
                prefix = prefix[:-1]
            if len(prefix) == i and not self.known(text[run[0][0] : run[i - 1][1]]):
                continue  # "Karl Friedrich Otto Westphal": nothing says the name starts later
            return [prefix, run[i:]] if prefix else [run[i:]]
        return [run]

    def role_word(self, word: str) -> bool:
        """A position or job written before a name: "DL", "QB", "Engineer", "Coroner"."""
        if word.isupper() and len(word) <= 3 and word not in self.table.organisations:
            return True
        lower = word.lower()
        return _is_title(word) or lower in gz.ROLE_WORDS or lower in self.lowercase_words()

    def split_at_and(
        self, run: list[tuple[int, int]], tok: tuple[int, int], gap: list[str]
    ) -> bool:
        """Whether "and" separates names: "Armenia and Azerbaijan" yes, "Trade and Industry" no.

        Inside a name opened by an organisation word, "and" joins one more word; "and the"
        or a longer name after it starts a second name. One or two words, "and" and a name
        ending in an organisation or place head are one name: the head is both words'
        ("Trade and Industry Committee"), unless the words before already have a head.
        """
        if gap[1:]:
            return True  # "Britain and the European Union"
        text = self.text
        at = run.index(tok)
        last = text[run[-1][0] : run[-1][1]]
        if (
            at <= 2
            and (last in gz.ORG_HEADS or last in gz.PLACE_HEADS)
            and len(run) - at > 1
            and not any(text[s:e] in _HEADS for s, e in run[:at])
        ):
            return False
        if text[run[0][0] : run[0][1]] not in gz.ORG_OPENERS:
            return True
        return len(run) - at > 1

    def trim(self, run: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Drop leading words that are common words capitalised by position, not names."""
        text = self.text
        known = self.table.known
        while run:
            word = text[run[0][0] : run[0][1]]
            lower = word.lower()
            if word in known or (word.isupper() and len(word) > 1):
                break
            if (
                word == "The"
                and len(run) > 1
                and not self.sentence_start(run[0][0])
                and self.text[max(0, run[0][0] - 20) : run[0][0]].rstrip()[-1:].isalpha()
            ):
                break  # "the film The Last Emperor": a capital The mid-sentence opens a title
            if (
                (lower in gz.COMMON_WORDS and lower not in gz.NAME_ADJECTIVES)
                or (
                    lower in gz.NAME_ADJECTIVES and self.sentence_start(run[0][0]) and len(run) == 1
                )
                or (self.sentence_start(run[0][0]) and lower in self.lowercase_words())
            ):
                run = run[1:]
                continue
            if self.sentence_start(run[0][0]) and word not in self.mid_sentence:
                if len(run) == 1:
                    # "Meteorologists expect ...": capitalised only by position, unless a
                    # definition follows ("Aisby is a village in ...")
                    if self.news_cue(run):
                        return run
                    if cues.definition(text, run[0][1]):
                        self.mid_sentence.add(word)  # its later mentions are the name too
                        return run
                    return []
                if word not in _HEADS and text[run[0][1] : run[1][0]].strip():
                    run = run[1:]  # "Veterans of the Korean War": the connector joined a noun
                    continue
            break
        return run

    def news_cue(self, run: list[tuple[int, int]]) -> bool:
        """Whether layout or sports copy marks the run a name ("Coventry 1 Forest 1")."""
        layout = self.layout
        start, end = run[0][0], run[-1][1]
        return layout is not None and (
            start in layout.datelines or layout.team(start, end, prev_word(self.text, start)[0])
        )

    def split_titles(self, run: list[tuple[int, int]]) -> list[Span]:
        """Cut titles out: "Russian President Vladimir Putin" -> "Russian", "Vladimir Putin"."""
        if len(run) < 2:
            if not run or _is_title(self.text[run[0][0] : run[0][1]]):
                return []
            return [self.typed(run)]
        words = [self.text[s:e] for s, e in run]
        first = next((i for i, w in enumerate(words) if _is_title(w)), None)
        if first == len(words) - 1 and words[-2] in self.table.first_names:
            first = None  # "John Major", "Anna King": a title word after a given name is a surname
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
            out.append(Span(run[rest][0], run[-1][1], "PERSON", True))
        return out

    def typed(self, run: list[tuple[int, int]], words: list[str] | None = None) -> Span:
        start, end = run[0][0], run[-1][1]
        if words is None:
            whole = self.text[start:end]
            words = [whole] if len(run) == 1 else [self.text[s:e] for s, e in run]
        else:
            whole = " ".join(words)
        label, strong = rules.label(self.text, self.table, self.layout, start, end, words, whole)
        return Span(start, end, label, strong)

    def propagate(self, found: list[Span]) -> list[Span]:
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
