"""The whole library in one JSON file, to move to another machine and lose nothing.

`reader export-library FILE` writes the library (each article's source, title, when it was
added, its reading state and tags), every bookmark and highlight (as `export.to_json` does)
and the feeds added; `reader import-library FILE` reads it into this machine's library:
articles already here keep their state, bookmarks already here (same id) are not duplicated.
Pages and feed items reader fetched itself (kept in the data folder's `pages/`, see
`ingest.fetch.store_page`) travel inside the file, with their sidecars, and are written to
the new machine's data folder: the web may have changed or lost them since. The user's own
article files are not copied: an article whose file is not on this machine is listed as
missing, with its bookmarks, until the file is put back.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from reader.core.models import now
from reader.core.storage.export import from_json, parse_json
from reader.core.storage.store import ImportResult, Store

FORMAT = "reader-library"
VERSION = 1
PAGE_NAME = re.compile(r"[0-9a-f]{64}\.html")
"""How reader names a stored page (the SHA-256 of its URL): the only names written back."""


@dataclass
class LibraryImport:
    articles_added: int = 0
    articles_known: int = 0
    bookmarks: ImportResult = field(default_factory=lambda: ImportResult(0, 0, 0))
    feeds: dict[str, dict[str, str]] = field(default_factory=dict)
    pages: int = 0
    """Stored pages written into this machine's data folder."""


def export_library(
    store: Store, feeds: dict[str, dict[str, str]], data_dir: Path | None = None
) -> str:
    """The library as JSON; with `data_dir`, each page stored there goes inside it."""
    articles = store.dump_library()
    if data_dir is not None:
        for entry in articles:
            page = _stored_page(entry.get("path"), Path(data_dir) / "pages")
            if page is not None:
                entry["page"] = page
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported": now(),
        "articles": articles,
        "bookmarks": [asdict(b) for b in store.bookmarks()],
        "feeds": feeds,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _stored_page(path: object, pages: Path) -> dict[str, object] | None:
    """A page reader stored (its bytes, base64, and its sidecar), or None for another file."""
    if not isinstance(path, str):
        return None
    file = Path(path)
    if file.parent.resolve() != pages.resolve() or not PAGE_NAME.fullmatch(file.name):
        return None
    try:
        body = file.read_bytes()
    except OSError:
        return None  # gone from this machine too: listed as missing, as any file
    try:
        meta = json.loads(file.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    return {
        "name": file.name,
        "body": base64.b64encode(body).decode("ascii"),
        "meta": meta if isinstance(meta, dict) else {},
    }


META_TEXT = ("url", "final_url", "fetched", "content_type", "encoding", "sha256")
"""The sidecar's fields (see `ingest.fetch.store_page`), kept from an export if text."""


def _restore_pages(articles: list[dict[str, object]], data_dir: Path) -> tuple[int, dict[str, str]]:
    """Write the export's pages into `data_dir/pages` (a page already there is kept) and
    point their articles at them. Returns how many were written, and each old path's new
    one (for the bookmarks). OSError when the folder cannot be written."""
    from reader.core.atomic import write_atomic

    folder = Path(data_dir) / "pages"
    moved: dict[str, str] = {}
    written = 0
    for entry in articles:
        page = entry.get("page")
        if not isinstance(page, dict) or not PAGE_NAME.fullmatch(str(page.get("name"))):
            continue
        try:
            body = base64.b64decode(str(page.get("body")), validate=True)
        except (binascii.Error, ValueError):
            continue  # the article is listed as missing, as a file not on this machine
        target = folder / str(page["name"])
        if not target.exists():
            # The sidecar is another machine's word: only its text fields are kept.
            given = page.get("meta") if isinstance(page.get("meta"), dict) else {}
            meta = {k: v for k, v in given.items() if k in META_TEXT and isinstance(v, str)}
            if given.get("feed_item") is True:
                meta["feed_item"] = True
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(target, body)
            write_atomic(target.with_suffix(".json"), json.dumps(meta, indent=1).encode())
            written += 1
        if isinstance(entry.get("path"), str):
            moved[str(entry["path"])] = str(target)
        entry["path"] = str(target)
    return written, moved


def import_library(store: Store, text: str, data_dir: Path | None = None) -> LibraryImport:
    """Read an export into the store (its pages into `data_dir`, when given); ValueError
    (for the user) when the file is not one, before anything is written; OSError when the
    pages cannot be written."""
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
    bookmarks = from_json(  # checked before anything is written
        json.dumps(
            {"format": "reader-bookmarks", "version": 2, "bookmarks": data.get("bookmarks") or []}
        )
    )
    report = LibraryImport()
    if data_dir is not None:
        report.pages, moved = _restore_pages(articles, data_dir)
        bookmarks = [
            replace(b, article_path=moved.get(b.article_path, b.article_path)) for b in bookmarks
        ]
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
