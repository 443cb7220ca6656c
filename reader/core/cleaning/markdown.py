"""Markdown -> plain units (headings with their level, paragraphs, code), markup reduced to text.

The cleaner works on lines of plain text, so Markdown is flattened first: emphasis, inline code,
links and images become their text (an image its alt text), list items keep a bullet or their
number, block quotes and tables keep their text, code blocks are kept verbatim. Parsing uses
markdown-it-py (CommonMark; already installed as a dependency of Textual's Markdown support, and
it imports neither textual nor rich), so nested and edge-case syntax is handled by a real parser
rather than by regexes that backtrack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

UnitKind = Literal["heading", "paragraph", "code", "html"]

# YAML front matter: a first line "---", then up to a closing "---" or "..." line.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.{0,20000}?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_TAG = re.compile(r"<[^<>]{0,2000}>")


@dataclass(frozen=True)
class MarkdownUnit:
    """One block of a Markdown document as plain text."""

    kind: UnitKind
    text: str
    level: int = 0
    links: tuple[tuple[str, str], ...] = ()
    """(link text, target) of each link in the unit, in order."""


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = _parser()


def split_front_matter(text: str) -> tuple[str, str]:
    """(title from YAML front matter or "", the text without it).

    Front matter is metadata, not prose; left in, its closing "---" would turn its last line
    into a setext heading.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text
    title = _FRONT_TITLE.search(match.group(1))
    value = title.group(1).strip("'\"") if title else ""
    return value, text[match.end() :]


def inline_text(token: Token) -> str:
    """The readable text of an inline token: markup dropped, images as their alt text."""
    return inline_text_and_links(token)[0]


def inline_text_and_links(token: Token) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The readable text of an inline token and its links as (link text, target) pairs."""
    parts: list[str] = []
    links: list[tuple[str, str]] = []
    opened: list[tuple[int, str]] = []  # (index in parts where the link text starts, target)
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child) or child.content)
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append(" ")
        elif child.type == "link_open":
            opened.append((len(parts), str(child.attrGet("href") or "")))
        elif child.type == "link_close" and opened:
            first, target = opened.pop()
            text = " ".join("".join(parts[first:]).split())
            if text and target:
                links.append((text, target))
    return "".join(parts).strip(), tuple(links)


def markdown_units(text: str) -> list[MarkdownUnit]:
    """Flatten a Markdown document into units, in reading order."""
    _, body = split_front_matter(text)
    return list(_units(_MD.parse(body)))


def _units(tokens: Iterable[Token]) -> Iterable[MarkdownUnit]:
    lists: list[list[int]] = []  # one entry per open list: [next number] or [-1] for bullets
    prefix = ""
    cells: list[str] | None = None
    row_links: list[tuple[str, str]] = []
    heading_level = 0
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else -1
            lists.append([start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            prefix = _item_prefix(lists[-1])
        elif kind == "tr_open":
            cells, row_links = [], []
        elif kind == "tr_close" and cells is not None:
            row = " | ".join(cell for cell in cells if cell)
            cells = None
            if row:
                yield MarkdownUnit("paragraph", row, links=tuple(row_links))
        elif kind == "inline":
            content, links = inline_text_and_links(token)
            if cells is not None:
                cells.append(content)
                row_links.extend(links)
            elif content and heading_level:
                yield MarkdownUnit("heading", content, heading_level, links)
            elif content:
                yield MarkdownUnit("paragraph", prefix + content, links=links)
                prefix = ""
        elif kind in ("fence", "code_block") and token.content.strip():
            yield MarkdownUnit("code", token.content.rstrip("\n"))
        elif kind == "html_block":
            yield from _html_units(token.content)


def _item_prefix(counter: list[int]) -> str:
    if counter[0] < 0:
        return "• "
    number = counter[0]
    counter[0] += 1
    return f"{number}. "


def _html_units(html: str) -> Iterable[MarkdownUnit]:
    """Raw HTML in Markdown: its text, if any, as a paragraph; the markup itself as "html"."""
    text = " ".join(_TAG.sub(" ", html).split())
    yield MarkdownUnit("paragraph", text) if text else MarkdownUnit("html", html.strip())
