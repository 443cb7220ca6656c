"""What kind of source the user named, told from the name alone (no file read, no import of
the loaders): a page URL, a feed file, or a file or folder."""

from __future__ import annotations

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))
