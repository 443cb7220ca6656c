"""Where articles come from: files and folders, web pages by URL, and RSS/Atom feeds.

`load_sources` is what the TUI and `reader add` call with whatever the user typed. A URL is
fetched once and its raw page stored in the data folder (so the article opens offline from
then on, and can be re-extracted when the extractor improves); a feed adds each of its items
as an article, and is remembered in feeds.json so `reader refresh` can fetch new items.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

from reader.core.ingest import loading
from reader.core.ingest.kinds import FEED_SUFFIXES, is_url
from reader.core.models import LoadProblem, RawDocument


def load_sources(
    sources: Iterable[str],
    *,
    data_dir: Path,
    max_bytes: int = loading.DEFAULT_MAX_BYTES,
    fetch_timeout: float = 10.0,
    cancelled: Callable[[], bool] = lambda: False,
) -> loading.LoadResult:
    """Documents for every source (file, folder, page URL, feed URL or file); never raises."""
    result = loading.LoadResult()
    for source in sources:
        if cancelled():
            break
        if is_url(source):
            _load_url(source, data_dir, max_bytes, fetch_timeout, result)
        elif Path(source).suffix.lower() in FEED_SUFFIXES and Path(source).is_file():
            _load_feed_file(Path(source), data_dir, max_bytes, result)
        else:
            for item in loading.expand([source]):
                if isinstance(item, LoadProblem):
                    result.problems.append(item)
                    continue
                try:
                    result.documents.append(_load_file(item, max_bytes))
                except loading.LoadError as error:
                    result.problems.append(LoadProblem(str(item), str(error)))
    return result


def _load_file(path: Path, max_bytes: int) -> RawDocument:
    """A file; a page stored by reader opens under its URL."""
    from reader.core.ingest.fetch import load_page, page_meta

    if path.suffix == ".html" and page_meta(path):
        return load_page(path)
    return loading.load_file(path, max_bytes)


def _load_url(
    url: str, data_dir: Path, max_bytes: int, timeout: float, result: loading.LoadResult
) -> None:
    from reader.core.ingest.feeds import FeedError, parse_feed
    from reader.core.ingest.fetch import FetchError, fetch, load_page, store_page

    accept = frozenset({"text/html", "application/xhtml+xml", "text/plain", *FEED_TYPES})
    try:
        page = fetch(url, accept=accept, timeout=timeout, max_bytes=max_bytes)
    except FetchError as error:
        result.problems.append(LoadProblem(url, str(error)))
        return
    if page.content_type in FEED_TYPES or _looks_like_feed(page.body):
        try:
            feed = parse_feed(page.body, url=page.final_url)
        except FeedError as error:
            result.problems.append(LoadProblem(url, f"{url}: {error}"))
            return
        remember_feed(data_dir, url, feed.title)
        _add_feed_items(feed, data_dir, result)
        return
    try:
        result.documents.append(load_page(store_page(page, data_dir)))
    except (OSError, loading.LoadError) as error:
        result.problems.append(LoadProblem(url, f"{url}: {error}"))


def _load_feed_file(path: Path, data_dir: Path, max_bytes: int, result: loading.LoadResult) -> None:
    from reader.core.ingest.feeds import FeedError, parse_feed

    try:
        with path.open("rb") as stream:
            data = loading.read_limited(stream, str(path), max_bytes)
        feed = parse_feed(data, url=None)
    except (OSError, loading.LoadError, FeedError) as error:
        name = loading.display_name(str(path))
        message = str(error) if str(error).startswith(name) else f"{name}: {error}"
        result.problems.append(LoadProblem(name, message))
        return
    _add_feed_items(feed, data_dir, result)


def _add_feed_items(feed: object, data_dir: Path, result: loading.LoadResult) -> None:
    """Each item becomes a stored page (so it reopens offline) and a document."""
    from reader.core.ingest.feeds import feed_item_document

    for item in feed.items:  # type: ignore[attr-defined]
        document = feed_item_document(item, feed)  # type: ignore[arg-type]
        path = _store_item(document, data_dir)
        result.documents.append(
            RawDocument(name=document.name, text=document.text, format="html", path=path)
        )


def _store_item(document: RawDocument, data_dir: Path) -> Path:
    from hashlib import sha256  # here: it loads OpenSSL, which a start does not need

    from reader.core.atomic import write_atomic
    from reader.core.ingest.fetch import page_key

    folder = Path(data_dir) / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    key = page_key(document.name + "#feed-item")
    path = folder / f"{key}.html"
    meta = {
        "url": document.name,
        "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "content_type": "text/html",
        "encoding": "utf-8",
        "sha256": sha256(document.text.encode()).hexdigest(),
        "feed_item": True,
    }
    write_atomic(path, document.text.encode("utf-8"))
    write_atomic(path.with_suffix(".json"), json.dumps(meta, indent=1).encode("utf-8"))
    return path


def _looks_like_feed(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in body[:4096] or b"<feed" in body[:4096])


FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
    }
)


# ---------------------------------------------------------------- remembered feeds
def feeds_file(data_dir: Path) -> Path:
    return Path(data_dir) / "feeds.json"


def remembered_feeds(data_dir: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(feeds_file(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember_feed(data_dir: Path, url: str, title: str) -> None:
    feeds = remembered_feeds(data_dir)
    entry = feeds.get(url, {})
    entry.update({"title": title, "added": entry.get("added") or _now()})
    feeds[url] = entry
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    from reader.core.atomic import write_atomic

    write_atomic(feeds_file(data_dir), json.dumps(feeds, indent=1).encode("utf-8"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
