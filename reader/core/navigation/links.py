"""Link targets: resolved against the page's address, and whether one may be followed.

Only http and https links are ever followed (fetched through the fetcher, with its limits, or
handed to the system browser); `javascript:`, `data:`, `file:` and every other scheme are shown
and refused. A target is shown as text with anything unprintable as a visible escape, so a
link cannot move the cursor, change the title or draw a hyperlink of its own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from reader.core.models import Article, Link, Section

FOLLOWED = frozenset({"http", "https"})
#: Longer targets are refused: 2,048 characters is the limit sitemaps and many servers set
#: (and about Internet Explorer's); longer ones are more likely a trick than a page.
MAX_URL = 2048
#: Characters of a target or link text shown in a list before an ellipsis.
SHOWN = 300
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


@dataclass(frozen=True)
class Target:
    url: str
    """The absolute URL (the target as written when it cannot be resolved)."""
    followable: bool
    why: str = ""
    """Why it is not followed, for a message; "" when it is."""


def resolve(target: str, base: str = "") -> Target:
    """The link's absolute URL and whether it may be followed (http or https, with a host)."""
    # Browsers drop tabs and newlines inside a URL and trim control characters and spaces.
    raw = "".join(ch for ch in target if ch not in "\t\n\r").strip(_C0_AND_SPACE)
    if len(raw) > MAX_URL:
        return Target(raw, False, f"the link is too long to follow ({len(raw):,} characters)")
    if any(_unprintable(ch) for ch in raw):
        return Target(raw, False, "the link holds control characters")
    try:
        parts = urlsplit(raw)
    except ValueError:
        return Target(raw, False, "the link is not a valid address")
    scheme = parts.scheme.lower()
    if scheme and scheme not in FOLLOWED:
        return Target(raw, False, f"{scheme}: links are never followed")
    if not scheme:
        if raw.startswith("#"):
            return Target(raw, False, "the link is to a place in this page")
        base_scheme = urlsplit(base).scheme.lower() if base else ""
        if base_scheme not in FOLLOWED:
            return Target(raw, False, "a relative link, and this article's address is unknown")
        try:
            raw = urljoin(base, raw)
            parts = urlsplit(raw)
        except ValueError:
            return Target(raw, False, "the link is not a valid address")
    try:
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError:
        return Target(raw, False, "the link's port is not a number")
    if not parts.hostname:
        return Target(raw, False, "the link has no host name")
    return Target(raw, True)


def shown(text: str, limit: int = SHOWN) -> str:
    """Text as it may be shown: unprintable characters as visible escapes (\\x1b, \\u202e),
    cut to `limit` characters with an ellipsis."""
    out = []
    for ch in text[: limit + 1]:
        if _unprintable(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    result = "".join(out)
    return result if len(text) <= limit else result[:limit] + "…"


def _unprintable(ch: str) -> bool:
    # Cc: control characters; Cf: format characters (bidi overrides, zero-width joiners);
    # Zl/Zp: line and paragraph separators.
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def osc8_target(url: str, base: str = "") -> str | None:
    """The URL as it may go into an OSC 8 hyperlink: an http(s) URL with every character
    outside printable ASCII percent-encoded (so no escape, BEL or space can end the
    sequence early); None for anything else."""
    target = resolve(url, base)
    if not target.followable:
        return None
    return quote(target.url, safe="!#$&'()*+,-./:;=?@[]_~%")[:MAX_URL]


def links_in(article: Article, section: Section) -> list[tuple[int, Link]]:
    """The article's links that start inside `section`, each with its number (its index in
    `Article.links`)."""
    return [
        (index, link)
        for index, link in enumerate(article.links)
        if section.start <= link.start < section.end
    ]
