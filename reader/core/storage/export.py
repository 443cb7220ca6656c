"""Bookmarks out and in: Markdown for reading, plain JSON, and W3C Web Annotation JSON-LD.

- `to_markdown`: grouped by article (title, source path), in reading order, each quote a
  blockquote, then its note, then its colour, tags and state. Quotes, notes, tags and titles
  are untrusted: every quote line is prefixed with "> ", and anything that would start
  Markdown structure or raw HTML is backslash-escaped, so text can neither leave its
  blockquote nor inject HTML.
- `to_json`: {"format": "reader-bookmarks", "version": 2, "bookmarks": [...every field...]}.
- `to_annotations`: a JSON array of Web Annotations (https://www.w3.org/TR/annotation-model/),
  each with a TextQuoteSelector and a TextPositionSelector on its target, the note as a
  TextualBody (purpose "commenting"), each tag as a TextualBody (purpose "tagging"), and a
  highlight's colour as motivation "highlighting" with a CSS stylesheet and styleClass (and a
  "colour:NAME" tag, which tools without stylesheets keep); reader's own fields (article key
  and title, colour, orphaned, score) go under "reader:…" keys, which other tools ignore.
- `from_json`: reads either JSON form back (also a single annotation, or an
  AnnotationCollection / AnnotationPage), raising ValueError with a message for the user.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from reader.core.ingest.loading import sanitize
from reader.core.models import Bookmark
from reader.core.storage.tags import TagError, checked_tags

JSON_FORMAT = "reader-bookmarks"
JSON_VERSION = 2
"""2: highlights (colour, tags, score); a version 1 file reads as passage bookmarks."""
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
URN_ARTICLE = "urn:reader:article:"

# -- Markdown ------------------------------------------------------------------------------

# What opens Markdown structure at the start of a line (after indentation): headings, quotes,
# lists, thematic breaks, setext underlines, fences, tables, link definitions, HTML.
_BLOCK_START = re.compile(r"^([ \t]*)(?:([#>*+\-=_`~|\[])|(\d+)([.)]))")
_SPECIAL_INLINE = re.compile(r"([\\`*_\[\]<>!|#])")


def _escape_line(line: str) -> str:
    """A line of untrusted text made inert: no raw HTML, no block structure at its start."""
    line = line.replace("\\", "\\\\").replace("<", "\\<")
    match = _BLOCK_START.match(line)
    if match:
        indent, mark, digits, dot = match.groups()
        escaped = f"\\{mark}" if mark else f"{digits}\\{dot}"
        line = indent + escaped + line[match.end() :]
    return line


def _inline(text: str) -> str:
    """Untrusted text on one line (titles, paths): whitespace collapsed, specials escaped."""
    return _SPECIAL_INLINE.sub(r"\\\1", " ".join(text.split()))


def _blockquote(text: str) -> list[str]:
    return [f"> {_escape_line(line)}".rstrip() for line in text.split("\n")] or [">"]


def to_markdown(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks and highlights as Markdown, grouped by article (in order of first
    appearance), each article's in reading order, with colour, note and tags."""
    groups: dict[str, list[Bookmark]] = {}
    for bookmark in bookmarks:
        groups.setdefault(bookmark.article_key or bookmark.article_title, []).append(bookmark)
    for items in groups.values():
        items.sort(key=lambda b: (b.orphaned, b.start, b.end))
    lines = ["# Bookmarks", ""]
    if not groups:
        lines += ["No bookmarks.", ""]
    for items in groups.values():
        first = items[0]
        lines += [f"## {_inline(first.article_title) or 'Untitled'}", ""]
        if first.article_path:
            lines += [f"Source: {_inline(first.article_path)}", ""]
        for bookmark in items:
            lines += _blockquote(bookmark.quote)
            lines.append("")
            if bookmark.note.strip():
                lines += [_escape_line(line) for line in bookmark.note.strip().split("\n")]
                lines.append("")
            details = [f"Bookmarked {bookmark.created}"] if bookmark.created else []
            if bookmark.colour:
                details.insert(0, f"highlight, {bookmark.colour}")
            if bookmark.tags:
                details.append("tags: " + ", ".join(bookmark.tags))
            if bookmark.state == "moved":
                details.append(f"moved: re-anchored at {bookmark.score:g}% likeness")
            if bookmark.orphaned:
                details.append("orphaned: the passage was not found in the article's current text")
            if details:
                lines += [f"*{_inline('; '.join(details))}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- plain JSON ----------------------------------------------------------------------------


def to_json(bookmarks: Iterable[Bookmark]) -> str:
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "bookmarks": [asdict(bookmark) for bookmark in bookmarks],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- Web Annotation ------------------------------------------------------------------------


def _source(bookmark: Bookmark) -> str:
    path = bookmark.article_path
    if path and Path(path).is_absolute():
        return Path(path).as_uri()
    return URN_ARTICLE + bookmark.article_key


def annotation(bookmark: Bookmark) -> dict:
    """One bookmark as a W3C Web Annotation (a JSON-LD object)."""
    motivation = "highlighting" if bookmark.colour else "bookmarking"
    anno: dict = {
        "@context": ANNO_CONTEXT,
        "id": f"urn:uuid:{bookmark.id}",
        "type": "Annotation",
        "motivation": "commenting" if bookmark.note and not bookmark.colour else motivation,
        "created": bookmark.created,
        "modified": bookmark.updated or bookmark.created,
    }
    bodies: list[dict] = []
    if bookmark.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": bookmark.note,
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in bookmark.tags]
    if bookmark.colour:
        # The colour as a CSS class a stylesheet can draw (W3C's styleClass), and by name.
        bodies.append(
            {"type": "TextualBody", "value": f"colour:{bookmark.colour}", "purpose": "tagging"}
        )
    if len(bodies) == 1:
        anno["body"] = bodies[0]
    elif bodies:
        anno["body"] = bodies
    anno["target"] = {
        "source": _source(bookmark),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": bookmark.quote,
                "prefix": bookmark.prefix,
                "suffix": bookmark.suffix,
            },
            {"type": "TextPositionSelector", "start": bookmark.start, "end": bookmark.end},
        ],
    }
    anno["reader:article"] = {
        "key": bookmark.article_key,
        "title": bookmark.article_title,
        "path": bookmark.article_path,
    }
    if bookmark.colour:
        anno["stylesheet"] = {
            "type": "CssStylesheet",
            "value": f".{_css_class(bookmark.colour)} {{ background-color: {bookmark.colour}; }}",
        }
        anno["target"]["styleClass"] = _css_class(bookmark.colour)
        anno["reader:colour"] = bookmark.colour
    anno["reader:orphaned"] = bookmark.orphaned
    anno["reader:score"] = bookmark.score
    return anno


def _css_class(colour: str) -> str:
    return "reader-" + re.sub(r"[^A-Za-z0-9_-]", "-", colour)


def to_annotations(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks as a JSON array of W3C Web Annotations."""
    return json.dumps([annotation(b) for b in bookmarks], ensure_ascii=False, indent=2) + "\n"


# -- import --------------------------------------------------------------------------------


def parse_json(text: str) -> object:
    """JSON from a file the user gave; ValueError saying where it is broken."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"This is not JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None


def from_json(text: str) -> list[Bookmark]:
    """Bookmarks from either JSON form; ValueError saying what is wrong and where."""
    data = parse_json(text)
    if _plain_list(data):
        return [_from_plain(item, n) for n, item in enumerate(data, 1)]
    if isinstance(data, dict) and data.get("format") == JSON_FORMAT:
        version = data.get("version")
        if not isinstance(version, int) or version > JSON_VERSION:
            raise ValueError(
                f"This bookmark file has version {version!r}; this reader reads up to "
                f"{JSON_VERSION}. Update reader to import it."
            )
        items = data.get("bookmarks")
        if not isinstance(items, list):
            raise ValueError('The bookmark file has no "bookmarks" list.')
        return [_from_plain(item, n) for n, item in enumerate(items, 1)]
    items = _annotation_items(data)
    if items is None:
        raise ValueError(
            "This JSON is neither a reader bookmark export nor Web Annotations "
            '(expected {"format": "reader-bookmarks", ...} or annotations with "type": '
            '"Annotation").'
        )
    return [_from_annotation(item, n) for n, item in enumerate(items, 1)]


def _plain_list(data: object) -> bool:
    """A bare list of plain bookmarks (as `to_json` writes inside its "bookmarks")."""
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(item, dict) and "quote" in item for item in data)
    )


def _annotation_items(data: object) -> list | None:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    kind = data.get("type")
    if kind == "Annotation":
        return [data]
    if kind == "AnnotationCollection":
        # Its annotations are in its first page; some tools put them in "items" directly.
        page = data.get("first")
        if isinstance(page, dict):
            return _annotation_items(page)
        items = data.get("items")
        return items if isinstance(items, list) else []
    if kind == "AnnotationPage":
        items = data.get("items")
        return items if isinstance(items, list) else None
    return None


_STRINGS = ("id", "article_key", "article_title", "article_path", "quote", "prefix", "suffix")
_TEXT_FIELDS = ("article_title", "article_path", "quote", "prefix", "suffix", "note")


def _want(item: dict, key: str, kind: type | tuple[type, ...], where: str, default=None):
    value = item.get(key, default)
    if value is None or (isinstance(value, bool) and kind is int) or not isinstance(value, kind):
        raise ValueError(f"{where}: {key!r} is missing or not a {_kind_name(kind)}.")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "whole number", bool: "true/false", list: "list", dict: "object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _checked(values: dict, where: str) -> Bookmark:
    if not 0 <= values["start"] <= values["end"]:
        raise ValueError(
            f"{where}: start {values['start']} and end {values['end']} are not a span."
        )
    if not values["quote"]:
        raise ValueError(f"{where}: the quote is empty.")
    for name in _TEXT_FIELDS:
        values[name] = sanitize(values[name])
    values["colour"] = " ".join(sanitize(values.get("colour", "")).split())[:32]
    try:
        values["tags"] = checked_tags(t for t in values.get("tags", ()) if isinstance(t, str))
    except TagError as error:
        raise ValueError(f"{where}: {error}") from None
    values["score"] = min(100.0, max(0.0, values.get("score", 100.0)))
    values["id"] = _uuid(values["id"], where)
    return Bookmark(**values)


def _uuid(value: str, where: str) -> str:
    value = value.strip()
    if value.lower().startswith("urn:uuid:"):
        value = value[len("urn:uuid:") :]
    try:
        return str(uuid.UUID(value))
    except ValueError:
        if not value:
            raise ValueError(f"{where}: the id is empty.") from None
        # A foreign id: a UUID derived from it, the same on every import.
        return str(uuid.uuid5(uuid.NAMESPACE_URL, value))


def _from_plain(item: object, n: int) -> Bookmark:
    where = f"Bookmark {n}"
    if not isinstance(item, dict):
        raise ValueError(f"{where} is not an object.")
    values: dict = {}
    for name in _STRINGS:
        values[name] = _want(item, name, str, where, "" if name in ("prefix", "suffix") else None)
    for name in ("note", "created", "updated", "colour"):
        values[name] = _want(item, name, str, where, "")
    values["start"] = _want(item, "start", int, where)
    values["end"] = _want(item, "end", int, where)
    values["orphaned"] = _want(item, "orphaned", bool, where, False)
    values["tags"] = _want(item, "tags", list, where, [])
    values["score"] = float(_want(item, "score", (int, float), where, 100.0))
    return _checked(values, where)


def _from_annotation(item: object, n: int) -> Bookmark:
    where = f"Annotation {n}"
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise ValueError(f'{where} is not an object with "type": "Annotation".')
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict):
        raise ValueError(f"{where}: its target is missing or not an object.")
    selectors = target.get("selector")
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list):
        raise ValueError(f"{where}: its target has no selector.")
    quote = next(
        (s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None
    )
    position = next(
        (s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"),
        None,
    )
    if quote is None:
        raise ValueError(f"{where}: its target has no TextQuoteSelector.")
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    if not isinstance(source, str):
        raise ValueError(f"{where}: its target has no source.")
    extra = item.get("reader:article")
    extra = extra if isinstance(extra, dict) else {}
    key, path = _from_source(source)
    body = item.get("body")
    bodies = body if isinstance(body, list) else [body] if body is not None else []
    texts = [
        b
        for b in bodies
        if isinstance(b, dict)
        and b.get("type") == "TextualBody"
        and isinstance(b.get("value"), str)
    ]
    notes = [b["value"] for b in texts if b.get("purpose") != "tagging"]
    tagged = [b["value"] for b in texts if b.get("purpose") == "tagging"]
    colour = next((t[len("colour:") :] for t in tagged if t.startswith("colour:")), "")
    if not notes and isinstance(item.get("bodyValue"), str):
        notes = [item["bodyValue"]]
    values: dict = {
        "id": _want(item, "id", str, where),
        "article_key": _want(extra, "key", str, where, key),
        "article_path": _want(extra, "path", str, where, path),
        "quote": _want(quote, "exact", str, where),
        "prefix": _want(quote, "prefix", str, where, ""),
        "suffix": _want(quote, "suffix", str, where, ""),
        "note": "\n\n".join(notes),
        "created": _want(item, "created", str, where, ""),
        "updated": _want(item, "modified", str, where, ""),
        "orphaned": _want(item, "reader:orphaned", bool, where, False),
        "colour": _want(item, "reader:colour", str, where, colour),
        "tags": [t for t in tagged if not t.startswith("colour:")],
        "score": float(_want(item, "reader:score", (int, float), where, 100.0)),
    }
    if item.get("motivation") == "highlighting" and not values["colour"]:
        values["colour"] = "yellow"  # another tool's highlight: reader's default colour
    values["article_title"] = _want(
        extra, "title", str, where, PurePosixPath(values["article_path"]).name
    )
    if position is not None:
        values["start"] = _want(position, "start", int, where)
        values["end"] = _want(position, "end", int, where)
    else:
        # No offsets: anchored by quote alone when the article is next opened.
        values["start"], values["end"] = 0, len(values["quote"])
        values["orphaned"] = True
    return _checked(values, where)


def _from_source(source: str) -> tuple[str, str]:
    """(article key, path) from a target source: our urn, a file URI, or any other IRI."""
    if source.startswith(URN_ARTICLE):
        return source[len(URN_ARTICLE) :], ""
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return source, unquote(parsed.path)
    return source, ""
