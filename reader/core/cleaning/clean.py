"""Raw article text -> Article: title, standfirst, dateline, byline, date, body blocks.

The input is either a text file (paragraphs separated by blank lines, perhaps hard-wrapped),
a page dump (every visible block of a web page, one a line: menus and footers included) or
Markdown. All three become a list of units (one per paragraph, heading or line); the
boilerplate module finds the article among them; what is not article is kept in
`Article.removed` with its reason, so `--show-removed` can show that nothing was lost.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reader.core.cleaning.article_parts import Parts as _Parts
from reader.core.cleaning.article_parts import blocks as _blocks
from reader.core.cleaning.article_parts import front_matter as _front_matter
from reader.core.cleaning.boilerplate import Unit, boilerplate_reason, mark_boilerplate
from reader.core.ingest.loading import display_name
from reader.core.models import Article, RawDocument, RemovedLine
from reader.core.versions import CLEANER_VERSION  # noqa: F401 (bump it there)

# Soft hyphen, zero-width space, word joiner, BOM. ZWJ/ZWNJ stay: they shape emoji sequences
# and Persian or Indic words, so removing them would change what the text says.
_INVISIBLE_CHARS = "\u00ad\u200b\u2060\ufeff"
# Runs of horizontal white space, and single tabs or odd spaces (a lone " " is left alone:
# replacing it by itself is most of the work on ordinary text).
_WHITE = "\t\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[ {_WHITE}]{{2,}}|[{_WHITE}]")
_LIST_MARKER = re.compile(r"\s{0,8}(?:[-*•+–]|\d{1,3}[.)])\s")


def normalize(text: str) -> str:
    """NFC, invisible characters out, runs of spaces and tabs collapsed (newlines kept)."""
    return _SPACES.sub(" ", _composed(text))


def _composed(text: str) -> str:
    """NFC, invisible characters out (ASCII text has neither to do)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    for char in _INVISIBLE_CHARS:  # a substring test is far faster than a regex pass
        if char in text:
            text = text.replace(char, "")
    return text


def text_units(text: str) -> list[Unit]:
    """Paragraph units of plain text: wrapped lines re-joined, one-per-line blocks left alone."""
    return _text_units(text)[0]


def _text_units(text: str) -> tuple[list[Unit], bool]:
    """Paragraph units of plain text, and whether blank lines separate its paragraphs.

    Hard-wrapped text (most lines no longer than about 100 columns, paragraphs separated by
    blank lines) is re-joined within each blank-line block, except where a line is short
    (a deliberate break) or the next starts a list item. Anything else (a page dump, or
    paragraphs that are single long lines) keeps one unit per line. A text is paragraphed
    (written as a text file, not copied from a page) when most of its units stand in a
    blank-line block of their own.
    """
    # Splitting on white space and joining collapses runs of it (tabs, odd spaces) and strips
    # the line in one pass of C, faster than a regex over the whole text.
    lines = [" ".join(line.split()) for line in _composed(text).split("\n")]
    filled = [line for line in lines if line]
    if not filled:
        return [], False
    width = _wrap_width(filled, blank_lines=len(lines) - len(filled))
    units: list[Unit] = []
    previous = ""
    starts = 0  # units that open a blank-line block
    for line in lines:
        if not line:
            pass
        elif width and previous and len(previous) >= width // 2 and not _LIST_MARKER.match(line):
            units[-1].text = _join(units[-1].text, line)
        else:
            units.append(Unit(line))
            starts += not previous
        previous = line
    return units, len(units) >= 2 and starts * 2 >= len(units)


def _wrap_width(filled: list[str], blank_lines: int) -> int:
    """The column text is wrapped at, or 0 when it is not hard-wrapped.

    Wrapped text has blank lines between paragraphs and most of its lines near one width; a
    page dump has almost no blank lines and many short lines (menus, labels).
    """
    if blank_lines * 20 < len(filled) or len(filled) < 4:
        return 0
    lengths = sorted(len(line) for line in filled)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 30 <= width <= 110:
        return 0
    near = sum(1 for length in lengths if length >= 0.6 * width)
    return width if near * 2 >= len(lengths) else 0


def _join(head: str, tail: str) -> str:
    """Join a wrapped line to the next; a line-end hyphen stays (it may be "well-known")."""
    return head + tail if head.endswith("-") and head[-2:-1].isalpha() else f"{head} {tail}"


def markdown_units_of(text: str) -> tuple[list[Unit], str]:
    """Units of a Markdown document, and the title its front matter gives (or "")."""
    from reader.core.cleaning.markdown import markdown_units, split_front_matter

    title, _ = split_front_matter(text)
    units = []
    for unit in markdown_units(text):
        body = unit.text if unit.kind in ("code", "html") else normalize(unit.text).strip()
        kind = unit.kind if unit.kind != "paragraph" else ""
        links = tuple((normalize(text).strip(), target) for text, target in unit.links)
        units.append(Unit(body, kind, unit.level, links=links))
    return units, normalize(title).strip()


def clean(doc: RawDocument) -> Article:
    """Clean a loaded document into an Article."""
    if doc.format == "html":
        from reader.core.cleaning.html import clean_html

        return clean_html(doc)
    markdown = doc.format == "markdown"
    paragraphed = False
    if markdown:
        units, title = markdown_units_of(doc.text)
    else:
        (units, paragraphed), title = _text_units(doc.text), ""
    headed = markdown or _starts_with_title_block(doc.text)
    if paragraphed and headed and _is_text_title(units[0].text):
        title = units.pop(0).text
    short = len(units) <= SHORT_TEXT
    infos, start, _ = mark_boilerplate(units, trim=not (markdown or short))
    if short and all(unit.reason for unit in units):
        for unit in units:  # a line or two, all boilerplate: keep them rather than nothing
            unit.reason = ""
    parts = _front_matter(units, infos, start, title, headed=headed)
    blocks = _blocks(units, infos)
    return Article(
        title=parts.title,
        blocks=blocks,
        standfirst=parts.standfirst,
        dateline=parts.dateline,
        byline=parts.byline,
        date=parts.date,
        removed=_removed(units, parts),
        source=display_name(doc.path.name) if doc.path else doc.name,
        path=doc.path,
        warnings=doc.warnings,
    )


def _removed(units: list[Unit], parts: _Parts) -> tuple[RemovedLine, ...]:
    """The units taken out, each with the section it followed in the text as read (the
    front parts first, as `Article.sections` orders them; then one block a kept unit)."""
    front = [text for text in (parts.title, parts.standfirst, parts.dateline, parts.byline) if text]
    index_of = {text: index for index, text in reversed(list(enumerate(front)))}
    block = len(front)
    after = -1
    removed: list[RemovedLine] = []
    for unit in units:
        if unit.reason:
            removed.append(RemovedLine(unit.text, unit.reason, after))
        elif unit.kind == "used":
            after = index_of.get(unit.text, after)
        else:
            after = block
            block += 1
    return tuple(removed)


#: A text of this many units or fewer loses only what its wording condemns, and never all
#: of it: with so little to compare, position and shape say nothing.
SHORT_TEXT = 2
#: The first line of a paragraphed text file is its title if it is shorter than this.
MAX_TEXT_TITLE = 150


def _is_text_title(line: str) -> bool:
    """The first line of a text file is its title unless long, or a banner by its wording."""
    return len(line) < MAX_TEXT_TITLE and boilerplate_reason(line) is None


def _starts_with_title_block(text: str) -> bool:
    """Is the first line alone in its block (followed by a blank line), as a title is?"""
    head = text.lstrip()[:2000]
    first, _, rest = head.partition("\n")
    return bool(first.strip()) and rest.lstrip(" \t").startswith("\n")


def clean_text(text: str, *, name: str = "<text>", fmt: str = "text") -> Article:
    """Clean text that is already in memory (tests, stdin)."""
    return clean(RawDocument(name=name, text=text, format=fmt))  # type: ignore[arg-type]


def clean_file_text(path: str | Path) -> str:
    """Load and clean one file, returning `Article.text` (the bench scorer's `--py` entry)."""
    from reader.core.ingest.loading import load_file

    return clean(load_file(Path(path))).text


def clean_file_body(path: str | Path) -> str:
    """Load and clean one file, returning the body alone (`reader clean --body`)."""
    from reader.core.ingest.loading import load_file

    return clean(load_file(Path(path))).body_text
