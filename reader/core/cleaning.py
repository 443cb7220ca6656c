"""Raw article text -> Article: title, standfirst, dateline, byline, body blocks.

(Stub: the real cleaner is being written.)
"""

from __future__ import annotations

from pathlib import Path

from reader.core.models import Article, Block, RawDocument

#: Bumped whenever cleaning output changes, so caches keyed on it are invalidated.
CLEANER_VERSION = 1


def clean(doc: RawDocument) -> Article:
    """Clean a loaded document into an Article."""
    paras = [p.strip() for p in doc.text.split("\n\n") if p.strip()]
    title = paras[0] if paras else ""
    return Article(
        title=title,
        blocks=tuple(Block("paragraph", p) for p in paras[1:]),
        source=doc.path.name if doc.path else doc.name,
        path=doc.path,
        warnings=doc.warnings,
    )


def clean_text(text: str, *, name: str = "<text>", fmt: str = "text") -> Article:
    """Clean text that is already in memory (tests, stdin)."""
    return clean(RawDocument(name=name, text=text, format=fmt))  # type: ignore[arg-type]


def clean_file_text(path: str | Path) -> str:
    """Load and clean one file, returning `Article.text` (the bench scorer's `--py` entry)."""
    from reader.core.loading import load_file

    return clean(load_file(Path(path))).text
