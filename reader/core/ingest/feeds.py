"""RSS and Atom feeds -> Feed of items; each item -> a small HTML document for `clean_html`.

feedparser does the parsing, always on bytes already in hand (given a string that looks like
a URL or a file name it would fetch or open it, so text is encoded first), with its HTML
sanitizer on: scripts, styles, event handlers and embedded objects are removed from item
content. Nothing a feed links to is ever fetched.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass

from reader.core.ingest.fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT,
    FEED_TYPES,
    fetch,
)
from reader.core.ingest.loading import sanitize
from reader.core.models import RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FeedError(Exception):
    """Not a feed, or a feed too broken to read; str(error) is a message for the user."""


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    date: str
    """The item's publication (or update) date as YYYY-MM-DD, or as written when unparsed."""
    summary: str
    """Sanitized HTML (plain-text summaries are escaped into HTML)."""
    content_html: str
    """The item's full content, sanitized HTML; "" when the feed gives only a summary."""
    author: str = ""


@dataclass(frozen=True)
class Feed:
    title: str
    link: str
    items: tuple[FeedItem, ...]


def parse_feed(data: bytes | str, url: str | None = None) -> Feed:
    """Parse an RSS or Atom feed. Raises FeedError when the data holds no feed."""
    import feedparser

    if isinstance(data, str):
        data = data.encode("utf-8")  # a str would be taken for a URL or path and opened
    headers = {"content-location": url} if url else None
    parsed = feedparser.parse(
        data, sanitize_html=True, resolve_relative_uris=True, response_headers=headers
    )
    feed = parsed.get("feed", {})
    entries = parsed.get("entries", [])
    name = url or "feed"
    if not entries and not feed.get("title"):
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise FeedError(f"{name}: not an RSS or Atom feed{detail}")
    items = tuple(_item(entry) for entry in entries)
    return Feed(
        title=_text(feed.get("title", "")),
        link=_text(feed.get("link", "") or url or ""),
        items=items,
    )


def fetch_feed(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> Feed:
    """Fetch and parse a feed. Raises FetchError or FeedError."""
    page = fetch(
        url,
        accept=FEED_TYPES | {"text/plain", *_HTML_TYPES},  # many servers mislabel feeds
        timeout=timeout,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
    )
    return parse_feed(page.body, url=page.final_url)


def feed_item_document(item: FeedItem, feed: Feed | None = None) -> RawDocument:
    """A feed item as a small HTML page (title, date, site, content) for `clean_html`."""
    esc = html.escape
    body = item.content_html or item.summary
    head = [f"<title>{esc(item.title)}</title>"]
    if item.author:
        head.append(f'<meta name="author" content="{esc(item.author)}">')
    if item.date:
        head.append(f'<meta property="article:published_time" content="{esc(item.date)}">')
    if feed and feed.title:
        head.append(f'<meta property="og:site_name" content="{esc(feed.title)}">')
    if item.link:
        head.append(f'<link rel="canonical" href="{esc(item.link)}">')
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        + "".join(head)
        + "</head><body><article>"
        + f"<h1>{esc(item.title)}</h1>"
        + (f"<p><time>{esc(item.date)}</time></p>" if item.date else "")
        + f"<div>{body}</div></article></body></html>"
    )
    return RawDocument(
        name=item.link or item.title or "feed item", text=sanitize(page), format="html"
    )


def _item(entry: dict) -> FeedItem:
    content = ""
    for part in entry.get("content", []) or []:
        value = part.get("value", "")
        if value:
            content = value if part.get("type") in _HTML_TYPES else _as_html(value)
            if part.get("type") in _HTML_TYPES:
                break
    summary = entry.get("summary", "") or ""
    detail = entry.get("summary_detail") or {}
    if summary and detail.get("type") not in _HTML_TYPES:
        summary = _as_html(summary)
    if content and _same_text(content, summary):
        summary = ""
    return FeedItem(
        title=_text(entry.get("title", "")),
        link=_text(entry.get("link", "")),
        date=_date(entry),
        summary=sanitize(summary),
        content_html=sanitize(content),
        author=_text(entry.get("author", "")),
    )


def _date(entry: dict) -> str:
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
        if entry.get(key):
            return _text(entry[key])
    return ""


def _as_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _text(value: str) -> str:
    """A title or link: one line, control characters out."""
    return " ".join(sanitize(str(value)).split())
