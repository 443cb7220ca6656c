"""HTML pages -> Article: the main text found by two extractors, title and byline from metadata.

Two maintained extractors do the finding: readability-lxml (a port of Firefox's Reader View)
picks the page's main node, and trafilatura extracts text and metadata (title, author, date,
site name). Which text is used is decided by how far the two agree (`html_choice`):
trafilatura's by default, readability's when it holds nearly all of trafilatura's and
somewhat more. Nothing in the page runs: neither extractor executes scripts or fetches
anything, and script and style elements never reach the text.

Formulas (MathML) are turned into readable text first, elements the page hides are taken out
and headings freed of links to their own place, and what the extractors find is then repaired:
a related-posts section, a trailing menu and teasers of other pages cut, furniture among the
paragraphs (advertisement markers, a wiki's "Main article:" notes, a "Like
this:" widget, a copyright line) left out, the title and byline not repeated in the body, the
site name taken off the title (see `reader.core.cleaning.html_repairs`). When the repairs
take out much of the text, they are not trusted and the extractor's text is shown as found.

The raw page is kept (the file itself, or `fetch.store_page` for a URL), so extraction can be
re-run when `EXTRACTOR_VERSION` changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from reader.core.cleaning import html_choice as choice
from reader.core.cleaning import html_repairs as repairs
from reader.core.cleaning.links import aligned, placed
from reader.core.ingest.loading import display_name, sanitize
from reader.core.models import Article, Block, RawDocument
from reader.core.versions import EXTRACTOR_VERSION  # noqa: F401 (bump it there)

# Elements whose content is never text, and elements that start a new block.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "title", "iframe", "object", "embed"}
    | {"select", "textarea"}
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
        "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption",
        "table", "thead", "tbody", "tfoot", "tr", "caption", "address", "details", "summary",
        "hr", "form", "fieldset", "body",
    }
)  # fmt: skip
# trafilatura's XML: <head rend="h2">, <p>, <list><item>, <quote>, <code>, <table><row><cell>.
_XML_BLOCKS = frozenset({"p", "list", "item", "quote", "code", "table", "row", "main", "doc"})
_CELLS = frozenset({"td", "th", "cell"})
_BREAKS = frozenset({"br", "lb"})
_SPACES = re.compile(r"[^\S\n]+")
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Extraction:
    """What the extractors found in a page."""

    blocks: tuple[Block, ...]
    title: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    extractor: str = ""
    """Which text was used: "readability", "trafilatura" or "page" (neither found an article)."""
    url: str = ""
    """The page's canonical address, when it names one."""
    page: tuple[Block, ...] = ()
    """Every text block of the page, with its links: what the article is aligned with."""


def clean_html(doc: RawDocument) -> Article:
    """A loaded HTML document -> Article (the `clean()` entry point for format "html")."""
    url = doc.name if _is_url(doc.name) else None
    found = extract(doc.text, url=url)
    warnings = doc.warnings
    if found.extractor == "page":
        warnings += (f"{doc.name}: no article found in the page; showing all of its text",)
    blocks = repairs.without_repeats(found.blocks, found.title, found.author)
    front = [text for text in (found.title, found.author) if text]
    blocks, removed = aligned(front, blocks, found.page)
    source = found.site or (urlsplit(url).hostname or "" if url else "")
    if not source:
        source = display_name(doc.path.name) if doc.path else doc.name
    return Article(
        title=found.title,
        blocks=blocks,
        byline=found.author,
        date=found.date,
        removed=removed,
        source=source,
        path=doc.path,
        warnings=warnings,
        url=url or found.url,
    )


def extract(html: str, url: str | None = None) -> Extraction:
    """Find the article in a page: its body blocks and its metadata."""
    if not html.strip():
        return Extraction((), extractor="page")
    html = repairs.page_prepared(html)
    meta, traf_blocks = _trafilatura(html, url)
    read_blocks, read_title = _readability(html)
    chosen, extractor = choice.choose(read_blocks, traf_blocks)
    page, address = _page_blocks(html)
    if chosen:
        blocks = repairs.without_teasers(repairs.without_trailing_section(chosen))
        blocks = repairs.without_furniture(blocks)
        blocks, fallback = choice.checked(blocks, chosen, read_blocks, traf_blocks)
        extractor = fallback or extractor
    else:
        blocks, extractor = page, "page"
    site = meta.get("sitename", "")
    return Extraction(
        blocks=blocks,
        title=repairs.without_site(meta.get("title") or read_title, site, read_title),
        author=repairs.author_line(meta.get("author", "")),
        date=meta.get("date", ""),
        site=site,
        extractor=extractor,
        url=address or (meta.get("url", "") if _is_url(meta.get("url", "")) else ""),
        page=page,
    )


def _trafilatura(
    html: str, url: str | None, *, favor_recall: bool = True, favor_precision: bool = False
) -> tuple[dict[str, str], tuple[Block, ...]]:
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(
            html,
            url=url,
            output_format="xml",
            with_metadata=True,
            favor_recall=favor_recall,
            favor_precision=favor_precision,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
    except Exception:  # an extractor bug on one odd page must not lose the page
        return {}, ()
    if not xml:
        return {}, ()
    try:
        root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True))
    except etree.XMLSyntaxError:
        return {}, ()
    if root is None:
        return {}, ()
    meta = {
        key: _inline(root.get(key, ""))
        for key in ("title", "author", "date", "sitename", "url")
        if root.get(key)
    }
    main = root.find("main")
    return meta, (_blocks_of(main, xml=True) if main is not None else ())


def _readability(html: str) -> tuple[tuple[Block, ...], str]:
    import logging

    import lxml.html
    from readability import Document

    # readability logs a traceback to stderr for pages it cannot parse; we handle the
    # failure ourselves, and output on stderr would be drawn over the reader's screen.
    logging.getLogger("readability").setLevel(logging.CRITICAL + 1)

    try:
        document = Document(html)
        summary = document.summary(html_partial=True)
        title = document.short_title()
    except Exception:  # readability raises on pages it cannot parse (empty, odd markup)
        return (), ""
    if not summary.strip():
        return (), _inline(title)
    try:
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:
        return (), _inline(title)
    return _blocks_of(root), _inline(title or "")


def _page_blocks(html: str) -> tuple[tuple[Block, ...], str]:
    """Every text block of the page, with its links: what is shown when neither extractor
    finds an article, and what the article is aligned with (`links.aligned`); and the
    address the page gives itself (<base href>, canonical link or og:url), or ""."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:
        return (), ""
    body = root.find("body")
    return _blocks_of(body if body is not None else root, links=True), _address(root)


def _address(root) -> str:
    for path in (
        "//head/base/@href",
        "//link[@rel='canonical']/@href",
        "//meta[@property='og:url']/@content",
    ):
        for value in root.xpath(path):
            value = _inline(str(value))
            if _is_url(value):
                return value
    return ""


def _blocks_of(root, *, xml: bool = False, links: bool = False) -> tuple[Block, ...]:
    """Paragraph and heading blocks of an HTML or trafilatura-XML element tree.

    Inline elements join their text without a break (a drop capital stays part of its word);
    each block element starts a new block; <br> is a line break inside a block; table cells
    are joined by spaces within a row. With `links`, each block keeps its <a href> links.
    """
    block_tags = _XML_BLOCKS if xml else _HTML_BLOCKS
    blocks: list[Block] = []
    parts: list[str] = []
    found: list[tuple[str, str]] = []

    def flush(kind: str = "paragraph", level: int = 0) -> None:
        lines = (_inline(line) for line in "".join(parts).split("\n"))
        text = "\n".join(line for line in lines if line)
        parts.clear()
        if text:
            placed_links = placed(text, found) if found else ()
            blocks.append(Block(kind, text, level, placed_links))  # type: ignore[arg-type]
        found.clear()

    preformatted = 0

    def add(text: str | None) -> None:
        if text:
            parts.append(text if preformatted else text.replace("\n", " "))

    def walk(element) -> None:
        nonlocal preformatted
        if not isinstance(element.tag, str):
            return  # a comment or processing instruction
        tag = element.tag.rpartition("}")[2].lower()
        if tag in _SKIP:
            return
        level = _heading_level(element, tag, xml)
        block = level or tag in block_tags
        if block:
            flush()
        if tag in _BREAKS:
            parts.append("\n")
        elif tag in _CELLS:
            parts.append(" ")
        if links and tag == "a":
            target = _inline(element.get("href") or "")
            text = _inline("".join(element.itertext()))
            if target and text:
                found.append((text, target))
        pre = tag == "pre" or (xml and tag == "code")
        preformatted += pre
        add(element.text)
        for child in element:
            walk(child)
            add(child.tail)
        preformatted -= pre
        if level:
            flush("heading", level)
        elif block:
            flush()

    walk(root)
    flush()
    return tuple(blocks)


def _heading_level(element, tag: str, xml: bool) -> int:
    if not xml:
        return _HEADINGS.get(tag, 0)
    if tag == "head":  # trafilatura's heading: <head rend="h2">
        rend = element.get("rend", "")
        return _HEADINGS.get(rend, 2)
    return 0


def _inline(text: str) -> str:
    """Text on one line: control characters out, runs of white space collapsed."""
    return _SPACES.sub(" ", sanitize(text)).strip()


def _is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))
