"""The articles of a session: each loaded document cleaned, its entities found, and kept together.

The TUI and the CLI both go through `process`, so an article looks the same in both; the
sorting and entity-filter helpers live here rather than in widgets so they can be tested
without a terminal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.core.models import Article, Entity, RawDocument

SortKey = Literal["added", "title", "date"]
SORT_KEYS: tuple[SortKey, ...] = ("added", "title", "date")


@dataclass(frozen=True)
class Summary:
    """What the article list shows of an article, known without loading its text."""

    title: str
    source: str
    date: str
    words: int
    missing: bool = False
    """Its file is gone (moved or deleted): shown from the cache, marked in the list."""

    @property
    def reading_minutes(self) -> int:
        """As `Article.reading_minutes`."""
        return max(1, round(self.words / 230)) if self.words else 0


Content = tuple[Article, tuple[Entity, ...]]
#: How many fetched articles stay in memory (the one read and the last few opened).
RESIDENT = 16
_resident: OrderedDict[int, LoadedArticle] = OrderedDict()
_resident_lock = threading.Lock()


class LoadedArticle:
    """An article ready to show: the document it came from, its cleaned form, its entities.

    It holds its content, or (from the cache) a summary and a way to fetch the content when
    it is opened: a library of ten thousand articles would take gigabytes in memory, their
    summaries a few megabytes. Fetched content stays while the article is among the last
    `RESIDENT` opened.
    """

    __slots__ = ("_content", "_document", "_fetch", "_probe", "added", "key", "summary")

    def __init__(
        self,
        key: str,
        document: RawDocument | Callable[[], RawDocument],
        article: Article | None = None,
        entities: tuple[Entity, ...] = (),
        added: int = 0,
        *,
        summary: Summary | None = None,
        fetch: Callable[[], Content] | None = None,
        probe: Callable[[str], bool] | None = None,
    ) -> None:
        if article is None and (fetch is None or summary is None):
            raise ValueError("an article needs its content, or a summary and a fetch")
        self.key = key
        """Identity within the session and in the store: a hash of the cleaned text."""
        self._document = document
        """The document, or how to make it (a summary's is made only if asked for)."""
        self.added = added
        """Position in load order, for the "added" sort."""
        self._content: Content | None = (article, entities) if article is not None else None
        self._fetch = fetch
        self._probe = probe
        """For a summary: whether it has an entity reading a (casefolded) name, answered
        without building the article, so a filter over 10,000 articles takes a moment."""
        self.summary = summary or Summary(
            article.title or article.source or self.document.name,  # type: ignore[union-attr]
            article.source,  # type: ignore[union-attr]
            article.date,  # type: ignore[union-attr]
            article.word_count,  # type: ignore[union-attr]
        )

    @property
    def document(self) -> RawDocument:
        if callable(self._document):
            self._document = self._document()
        return self._document

    def __repr__(self) -> str:
        return f"LoadedArticle({self.key!r}, {self.title!r}, added={self.added})"

    def content(self) -> Content:
        """The article and its entities, fetched if need be (and kept while recent)."""
        content = self._content
        if content is not None:
            if self._fetch is not None:
                with _resident_lock, contextlib.suppress(KeyError):  # evicted meanwhile
                    _resident.move_to_end(id(self), last=True)
            return content
        assert self._fetch is not None
        content = self._fetch()
        with _resident_lock:
            self._content = content
            _resident[id(self)] = self
            while len(_resident) > RESIDENT:
                _, old = _resident.popitem(last=False)
                old._content = None
        return content

    def peek(self) -> Content:
        """The content without keeping it: for passes over every article (the search index)."""
        content = self._content
        if content is not None:
            return content
        assert self._fetch is not None
        return self._fetch()

    @property
    def article(self) -> Article:
        return self.content()[0]

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.content()[1]

    @property
    def title(self) -> str:
        return self.summary.title

    @property
    def source(self) -> str:
        return self.summary.source

    @property
    def date(self) -> str:
        return self.summary.date

    @property
    def reading_minutes(self) -> int:
        return self.summary.reading_minutes

    @property
    def missing(self) -> bool:
        return self.summary.missing

    def with_added(self, added: int) -> LoadedArticle:
        """The same article at another place in the load order."""
        content = self._content if self._fetch is None else None
        return LoadedArticle(
            self.key,
            self._document,
            *(content or (None, ())),
            added,
            summary=self.summary,
            fetch=self._fetch,
            probe=self._probe,
        )

    def entity_text(self, entity: Entity) -> str:
        return self.article.text[entity.start : entity.end]

    def entity_counts(self) -> Counter[str]:
        return Counter(entity.label for entity in self.entities)

    def mentions(self, name: str) -> bool:
        """Whether any entity of the article reads `name` (case-insensitively)."""
        wanted = " ".join(name.casefold().split())
        if self._content is None and self._probe is not None:
            return self._probe(wanted)
        article, entities = self.peek()
        text = article.text
        return any(" ".join(text[e.start : e.end].casefold().split()) == wanted for e in entities)


def article_key(article: Article) -> str:
    """A stable id for an article: the hash of its cleaned text, so a moved file keeps it."""
    import hashlib  # a start from the cache never makes a key

    return hashlib.blake2b(article.text.encode("utf-8"), digest_size=10).hexdigest()


def process(
    document: RawDocument,
    added: int = 0,
    extractor: Callable[[str], list[Entity]] | None = None,
) -> LoadedArticle:
    """Clean a document and find its entities (with `extractor`, else the built-in one)."""
    # Imported here: a start that finds every article in the cache never needs them.
    from reader.core.cleaning.clean import clean

    if extractor is None:
        from reader.core.entities.recogniser import extract as extractor
    article = clean(document)
    return LoadedArticle(
        key=article_key(article),
        document=document,
        article=article,
        entities=tuple(extractor(article.text)),
        added=added,
    )


def sort_articles(articles: Sequence[LoadedArticle], key: SortKey) -> list[LoadedArticle]:
    """Articles in the order asked for; dateless articles go last when sorting by date."""
    if key == "title":
        return sorted(articles, key=lambda a: (a.title.casefold(), a.added))
    if key == "date":
        far = dt.date.max

        def by_date(a: LoadedArticle) -> tuple[dt.date, int]:
            return (parse_date(a.date) or far, a.added)

        return sorted(articles, key=by_date)
    return sorted(articles, key=lambda a: a.added)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def parse_date(text: str) -> dt.date | None:
    """The first date written in text ("2020-11-10", "Nov. 10, 2020", "10 November 2020")."""
    if not text:
        return None
    candidates: list[tuple[int, int, int]] = []
    if match := _ISO_DATE.search(text):
        candidates.append((int(match[1]), int(match[2]), int(match[3])))
    if (match := _MONTH_DAY_YEAR.search(text)) and match[1].lower() in _MONTHS:
        candidates.append((int(match[3]), _MONTHS[match[1].lower()], int(match[2])))
    if (match := _DAY_MONTH_YEAR.search(text)) and match[2].lower() in _MONTHS:
        candidates.append((int(match[3]), _MONTHS[match[2].lower()], int(match[1])))
    for year, month, day in candidates:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None
