"""The whole library in one JSON file, to move to another machine and lose nothing.

`reader export-library FILE` writes the library (each article's source, title, when it was
added, its reading state and tags), every bookmark and highlight (as `export.to_json` does)
and the feeds added; `reader import-library FILE` reads it into this machine's library:
articles already here keep their state, bookmarks already here (same id) are not duplicated.
Article files are not copied: an article whose file is not on this machine is listed as
missing, with its bookmarks, until the file is put back (a page or feed can be added again
from its URL).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from reader.core.models import now
from reader.core.storage.export import from_json, parse_json
from reader.core.storage.store import ImportResult, Store

FORMAT = "reader-library"
VERSION = 1


@dataclass
class LibraryImport:
    articles_added: int = 0
    articles_known: int = 0
    bookmarks: ImportResult = field(default_factory=lambda: ImportResult(0, 0, 0))
    feeds: dict[str, dict[str, str]] = field(default_factory=dict)


def export_library(store: Store, feeds: dict[str, dict[str, str]]) -> str:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported": now(),
        "articles": store.dump_library(),
        "bookmarks": [asdict(b) for b in store.bookmarks()],
        "feeds": feeds,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def import_library(store: Store, text: str) -> LibraryImport:
    """Read an export into the store; ValueError (for the user) when the file is not one."""
    data = parse_json(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f'This is not a reader library export (no "format": "{FORMAT}").')
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise ValueError(
            f"This library file has version {data.get('version')!r}; this reader reads up "
            f"to {VERSION}. Update reader to import it."
        )
    articles = data.get("articles")
    if not isinstance(articles, list) or not all(
        isinstance(a, dict) and isinstance(a.get("key"), str) for a in articles
    ):
        raise ValueError('The library file\'s "articles" is not a list of articles with keys.')
    bookmarks = from_json(
        json.dumps(
            {"format": "reader-bookmarks", "version": 2, "bookmarks": data.get("bookmarks") or []}
        )
    )
    report = LibraryImport()
    report.articles_added, report.articles_known = store.load_library(articles)
    report.bookmarks = store.import_bookmarks_detailed(bookmarks)
    feeds = data.get("feeds")
    if isinstance(feeds, dict):
        report.feeds = {
            str(url): {"title": str(v.get("title", ""))}
            for url, v in feeds.items()
            if isinstance(v, dict) and str(url).lower().startswith(("http://", "https://"))
        }
    return report
