"""The articles of a session: each loaded document cleaned, its entities found, and kept together.

The TUI and the CLI both go through `process`, so an article looks the same in both; the
sorting and entity-filter helpers live here rather than in widgets so they can be tested
without a terminal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.core.cleaning import clean
from reader.core.entities import extract
from reader.core.models import Article, Entity, RawDocument

SortKey = Literal["added", "title", "date"]
SORT_KEYS: tuple[SortKey, ...] = ("added", "title", "date")


@dataclass(frozen=True)
class LoadedArticle:
    """An article ready to show: the document it came from, its cleaned form, its entities."""

    key: str
    """Identity within the session and in the store: a hash of the cleaned text."""
    document: RawDocument
    article: Article
    entities: tuple[Entity, ...]
    added: int
    """Position in load order, for the "added" sort."""

    @property
    def title(self) -> str:
        return self.article.title or self.article.source or self.document.name

    def entity_text(self, entity: Entity) -> str:
        return self.article.text[entity.start : entity.end]

    def entity_counts(self) -> Counter[str]:
        return Counter(entity.label for entity in self.entities)

    def mentions(self, name: str) -> bool:
        """Whether any entity of the article reads `name` (case-insensitively)."""
        wanted = name.casefold()
        return any(self.entity_text(e).casefold() == wanted for e in self.entities)


def article_key(article: Article) -> str:
    """A stable id for an article: the hash of its cleaned text, so a moved file keeps it."""
    return hashlib.blake2b(article.text.encode("utf-8"), digest_size=10).hexdigest()


def process(
    document: RawDocument,
    added: int = 0,
    extractor: Callable[[str], list[Entity]] = extract,
) -> LoadedArticle:
    """Clean a document and find its entities."""
    article = clean(document)
    return LoadedArticle(
        key=article_key(article),
        document=document,
        article=article,
        entities=tuple(extractor(article.text)),
        added=added,
    )


def process_all(
    documents: Iterable[RawDocument], extractor: Callable[[str], list[Entity]] = extract
) -> list[LoadedArticle]:
    """Process documents, dropping exact duplicates (the same cleaned text loaded twice)."""
    seen: set[str] = set()
    result: list[LoadedArticle] = []
    for document in documents:
        loaded = process(document, len(result), extractor)
        if loaded.key not in seen:
            seen.add(loaded.key)
            result.append(loaded)
    return result


def sort_articles(articles: Sequence[LoadedArticle], key: SortKey) -> list[LoadedArticle]:
    """Articles in the order asked for; dateless articles go last when sorting by date."""
    if key == "title":
        return sorted(articles, key=lambda a: (a.title.casefold(), a.added))
    if key == "date":
        far = dt.date.max

        def by_date(a: LoadedArticle) -> tuple[dt.date, int]:
            return (parse_date(a.article.date) or far, a.added)

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
