"""Tags, as the user types them ("karabakh, ceasefire") and as the store keeps them.

A tag is data like any text: control codes go (`sanitize`), white space is collapsed, and
markup stays literal where it is shown. Tags are compared without case ("Karabakh" and
"karabakh" are one tag; the first spelling is kept). A tag is at most `MAX_TAG` characters
and an item has at most `MAX_TAGS`: a 10,000-character "tag" is a paste gone wrong, and
refused with a message rather than stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.ingest.loading import sanitize

MAX_TAG = 64
MAX_TAGS = 32


class TagError(ValueError):
    """Tags that cannot be kept; str(error) says why, for the user."""


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags as typed -> checked tags (see `checked_tags`)."""
    return checked_tags(text.split(","))


def checked_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags cleaned, empty ones dropped, duplicates (ignoring case) once; TagError when one
    is too long or there are too many."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in tags:
        tag = " ".join(sanitize(str(raw)).split())
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise TagError(
                f"A tag is at most {MAX_TAG} characters; this one has {len(tag):,} "
                f"(“{tag[:20]}…”). Separate tags with commas."
            )
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise TagError(f"At most {MAX_TAGS} tags; {len(out)} were given.")
    return tuple(out)


def completions(typed: str, known: Iterable[str]) -> list[str]:
    """Known tags that complete the last tag being typed ("kar" -> "karabakh"), best first:
    those starting with it, then those containing it."""
    last = typed.rsplit(",", 1)[-1].strip().casefold()
    if not last:
        return []
    chosen = {t.strip().casefold() for t in typed.split(",")[:-1]}
    names = [t for t in dict.fromkeys(known) if t.casefold() not in chosen]
    starting = [t for t in names if t.casefold().startswith(last)]
    inside = [t for t in names if last in t.casefold() and t not in starting]
    return sorted(starting, key=str.casefold) + sorted(inside, key=str.casefold)
