"""An article and its entities as the bytes the cache keeps, and back.

Apart from the cache because it is the one part that must change with the article model:
bump `FORMAT_VERSION` with any change to the layout, and every cached entry becomes a miss.
The encoding is zlib-compressed JSON of plain lists: compact, and safe to decode (no pickle).
"""

from __future__ import annotations

import json
import zlib

from reader.core.library.articles import LoadedArticle
from reader.core.models import (
    ENTITY_LABELS,
    Article,
    Block,
    Entity,
    Link,
    RawDocument,
    RemovedLine,
)

#: Bumped whenever the layout of a cached entry changes.
FORMAT_VERSION = 2

_LABEL_INDEX = {label: i for i, label in enumerate(ENTITY_LABELS)}


def serialise(loaded: LoadedArticle) -> bytes:
    """Article + entities -> zlib-compressed JSON of plain lists (compact, safe to decode).

    Blocks are a paragraph's text, [level, text] for a heading, or [level, text, links] for
    a block with links (level 0: a paragraph; links a flat list start, end, target, ...);
    removed lines are [text, reason, after]; entities are a flat list start, end, label
    index, ...
    """
    article = loaded.article
    blocks = [_block(b) for b in article.blocks]
    entities: list[int] = []
    for entity in loaded.entities:
        entities += (entity.start, entity.end, _LABEL_INDEX[entity.label])
    payload = [
        article.title,
        article.standfirst,
        article.dateline,
        article.byline,
        article.date,
        article.source,
        blocks,
        [[line.text, line.reason, line.after] for line in article.removed],
        list(article.warnings),
        list(loaded.document.warnings),
        entities,
        article.url,
    ]
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    return zlib.compress(raw.encode("utf-8", "surrogatepass"), 1)


def deserialise(data: bytes, key: str, document: RawDocument, added: int = 0) -> LoadedArticle:
    """The inverse of `serialise`. Raises ValueError (or zlib.error) for damaged data."""
    payload = json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass"))
    (
        title,
        standfirst,
        dateline,
        byline,
        date,
        source,
        blocks,
        removed,
        warnings,
        doc_warnings,
        flat,
        url,
    ) = payload
    article = Article(
        title=title,
        blocks=tuple(_unblock(b) for b in blocks),
        standfirst=standfirst,
        dateline=dateline,
        byline=byline,
        date=date,
        removed=tuple(RemovedLine(text, reason, after) for text, reason, after in removed),
        source=source,
        path=document.path,
        warnings=tuple(warnings),
        url=url,
    )
    if doc_warnings and not document.warnings:
        document = RawDocument(
            document.name,
            document.text,
            document.format,
            document.path,
            document.encoding,
            tuple(doc_warnings),
        )
    labels = ENTITY_LABELS
    entities = tuple(
        Entity(flat[i], flat[i + 1], labels[flat[i + 2]]) for i in range(0, len(flat), 3)
    )
    return LoadedArticle(
        key=key, document=document, article=article, entities=entities, added=added
    )


def _block(block: Block) -> object:
    if block.links:
        flat: list[object] = []
        for link in block.links:
            flat += (link.start, link.end, link.target)
        return [block.level if block.kind == "heading" else 0, block.text, flat]
    return block.text if block.kind == "paragraph" else [block.level, block.text]


def _unblock(data: object) -> Block:
    if isinstance(data, str):
        return Block("paragraph", data)
    if len(data) == 2:  # type: ignore[arg-type]
        return Block("heading", data[1], data[0])  # type: ignore[index]
    level, text, flat = data  # type: ignore[misc]
    links = tuple(Link(flat[i], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3))
    return Block("heading" if level else "paragraph", text, level, links)


def entity_names(loaded: LoadedArticle) -> str:
    """The article's distinct entity names, casefolded with single spaces, one a line and
    framed by newlines, so that `instr(names, "\nname\n")` finds one exactly."""
    text = loaded.article.text
    names = {" ".join(text[e.start : e.end].casefold().split()) for e in loaded.entities}
    return "\n" + "\n".join(sorted(names - {""})) + "\n"
