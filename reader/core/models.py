"""The data the core hands around: frozen dataclasses with no behaviour beyond derived views.

Every layer (CLI, TUI, search, store) speaks in these types, so they are kept small and
immutable: an `Article` can be shared between threads without copying.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

SectionKind = Literal[
    "title", "standfirst", "dateline", "byline", "heading", "paragraph", "removed"
]
""""removed" only in the original view (a line the cleaner took out), never in an Article."""
EntityLabel = Literal["PERSON", "ORG", "PLACE", "DATE", "NUMBER", "MISC"]
ENTITY_LABELS: tuple[EntityLabel, ...] = ("PERSON", "ORG", "PLACE", "DATE", "NUMBER", "MISC")

#: Kinds of section a reader moves between with the reading cursor (the "passages").
PASSAGE_KINDS: frozenset[str] = frozenset({"heading", "paragraph"})


@dataclass(frozen=True)
class RawDocument:
    """A file's text as loaded: decoded, control characters removed, nothing else changed."""

    name: str
    """What to call the document in messages: the path as given, or "<stdin>"."""
    text: str
    format: Literal["text", "markdown", "html"] = "text"
    path: Path | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoadProblem:
    """A file that could not be loaded, and why, phrased for the user."""

    name: str
    message: str


@dataclass(frozen=True)
class Link:
    """A link in a text: [start, end) offsets of its text, and its target as the source
    wrote it (relative or absolute, any scheme: whether it may be followed is decided when
    it is, see `reader.core.navigation.links`)."""

    start: int
    end: int
    target: str


@dataclass(frozen=True)
class Block:
    """A body block: a paragraph or a subheading (level 1-6, as in Markdown)."""

    kind: Literal["heading", "paragraph"]
    text: str
    level: int = 0
    links: tuple[Link, ...] = ()
    """The block's links, offsets into `text`, in order."""


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner took out, kept with its reason so that nothing is silently lost."""

    text: str
    reason: str
    after: int = -1
    """Where it stood in the text as read: after `Article.sections[after]` (-1: before all)."""


@dataclass(frozen=True)
class Section:
    """One piece of an article's canonical text, with its offset into `Article.text`."""

    kind: SectionKind
    text: str
    start: int
    level: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Article:
    """A cleaned article: its parts recognised, its boilerplate removed (and recorded)."""

    title: str
    blocks: tuple[Block, ...]
    standfirst: str = ""
    dateline: str = ""
    byline: str = ""
    date: str = ""
    """A date found in the article (dateline or byline), as written; "" when none."""
    removed: tuple[RemovedLine, ...] = ()
    source: str = ""
    """Where the article came from, for display: a file name or a site."""
    path: Path | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)
    url: str = ""
    """The page's address (a fetched page, or the canonical URL a saved page names): what
    its relative links are resolved against; "" when unknown."""

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """Title, standfirst, dateline, byline, then blocks, each with its offset.

        `Article.text` is these texts joined by blank lines: the same text `reader clean`
        prints, so entity offsets and search offsets mean the same thing everywhere.
        """
        parts: list[tuple[SectionKind, str, int]] = []
        for kind, text in (
            ("title", self.title),
            ("standfirst", self.standfirst),
            ("dateline", self.dateline),
            ("byline", self.byline),
        ):
            if text:
                parts.append((kind, text, 0))
        parts.extend((block.kind, block.text, block.level) for block in self.blocks)
        sections: list[Section] = []
        offset = 0
        for kind, text, level in parts:
            sections.append(Section(kind, text, offset, level))
            offset += len(text) + 2
        return tuple(sections)

    @cached_property
    def text(self) -> str:
        return "\n\n".join(section.text for section in self.sections)

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Every link of the body, with offsets into `text`, in order."""
        sections = self.sections
        front = len(sections) - len(self.blocks)
        found: list[Link] = []
        for block, section in zip(self.blocks, sections[front:], strict=True):
            shift = section.start
            found.extend(Link(ln.start + shift, ln.end + shift, ln.target) for ln in block.links)
        return tuple(found)

    @cached_property
    def body_text(self) -> str:
        """The body blocks alone, joined as in `text`: no title, standfirst, dateline or byline
        (what `reader clean --body` prints, and what extraction benchmarks score)."""
        return "\n\n".join(block.text for block in self.blocks)

    @cached_property
    def word_count(self) -> int:
        return count_words(self.text)

    @property
    def reading_minutes(self) -> int:
        """Minutes to read at 230 words a minute (CJK counted per character, see count_words)."""
        return max(1, round(self.word_count / 230)) if self.word_count else 0


def count_words(text: str) -> int:
    """Words in text, counting each CJK character as a word (CJK has no spaces).

    Reading-time studies for Chinese and Japanese measure characters a minute at roughly the
    rate of English words a minute, so one character stands for one word here.
    """
    if not text or max(text) < "\u3040":  # no CJK at all (a C-speed scan): no regex needed
        return len(text.split())
    pattern = _cjk()
    cjk = len(pattern.findall(text))
    if not cjk:
        return len(text.split())
    return cjk + len(pattern.sub(" ", text).split())


@cache
def _cjk() -> re.Pattern[str]:
    """Compiled on first use (5 ms: its ranges are a big character set), and only for a
    text with characters from U+3040 up."""
    return re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class Entity:
    """A typed span of text: offsets into the text it was extracted from (end exclusive)."""

    start: int
    end: int
    label: EntityLabel

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class SearchHit:
    """One search result: where it is, how good, and what to show (snippet with match span)."""

    article: str
    """The article's key (its id in the session: path or name)."""
    title: str
    kind: Literal["title", "passage", "entity", "bookmark"]
    passage_index: int
    """Index into `Article.sections` (0 for a title hit)."""
    score: float
    snippet: str
    start: int
    """Offsets of the best match in `snippet` (end exclusive); equal when nothing to mark."""
    end: int
    positions: tuple[int, ...] = ()
    """Offsets in `snippet` of each matched character, for highlighting."""


def now() -> str:
    """The current time, ISO 8601 in UTC to the millisecond ("2024-05-01T10:00:00.123Z"): the
    form of every time the store and the exports write."""
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


AnchorState = Literal["exact", "moved", "orphaned"]


@dataclass(frozen=True)
class Bookmark:
    """A kept span of an article, anchored the way W3C Web Annotation anchors text: a passage
    bookmark (`b`) is a highlight of a whole passage, in a colour or none.

    The quote with the text just before and after it (TextQuoteSelector) and its offsets
    (TextPositionSelector) let the bookmark find its span again after the article's text
    changes; when it cannot, it is shown "orphaned" with its quote, never dropped.
    """

    id: str
    """A UUID: stable across export and import, so re-importing makes no duplicates."""
    article_key: str
    article_title: str
    article_path: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str = ""
    created: str = ""
    """ISO 8601 UTC timestamps."""
    updated: str = ""
    orphaned: bool = False
    colour: str = ""
    """The highlight's colour name (see `settings.HighlightSettings`); "" for a plain
    passage bookmark, drawn as a mark in the gutter."""
    tags: tuple[str, ...] = ()
    score: float = 100.0
    """How like its quote as made the text it was last re-anchored to is (100: unchanged);
    below 100 the span was moved fuzzily, and the bookmarks list says so."""

    @property
    def state(self) -> AnchorState:
        """exact, moved (re-anchored fuzzily: see `score`) or orphaned."""
        if self.orphaned:
            return "orphaned"
        return "exact" if self.score >= 100.0 else "moved"
