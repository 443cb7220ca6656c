"""OPML, the file feed readers exchange their subscriptions in: read it, and write ours.

Reading takes every outline with an `xmlUrl` (at any depth: folders are flattened), http and
https only. The file is parsed with the standard library's expat, which refuses entity
expansion bombs; nothing it names is fetched here (`reader add --opml` adds the feeds).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from xml.sax.saxutils import quoteattr

from reader.core.ingest.loading import sanitize


class OPMLError(ValueError):
    """Not OPML (or not XML); str(error) is a message for the user."""


def feeds_in_opml(data: bytes | str) -> list[tuple[str, str]]:
    """(url, title) of every feed in an OPML document, each once, in document order."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise OPMLError(f"This is not OPML: {error}.") from None
    if root.tag.lower() != "opml":
        raise OPMLError(f"This is not OPML: its root element is <{root.tag}>, not <opml>.")
    found: dict[str, str] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url.lower().startswith(("http://", "https://")) and url not in found:
            found[url] = sanitize(outline.get("title") or outline.get("text") or "")
    return list(found.items())


def opml_of(feeds: Mapping[str, Mapping[str, str]], title: str = "reader feeds") -> str:
    """An OPML 2.0 document of the feeds (url -> {"title": ...})."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title></head>",
        "  <body>",
    ]
    for url, entry in feeds.items():
        name = entry.get("title") or url
        lines.append(
            f'    <outline type="rss" text={quoteattr(name)} title={quoteattr(name)} '
            f"xmlUrl={quoteattr(url)}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
