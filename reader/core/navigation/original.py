"""The original view: the text as read, the lines the cleaner took out put back at their
place, each with its reason; and which sources open that way (`[sources."..."] clean = false`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.models import Article, Section, SectionKind


@dataclass(frozen=True)
class Original:
    """The article's sections with its removed lines among them (kind "removed")."""

    sections: tuple[Section, ...]
    text: str
    reasons: dict[int, str]
    """Section index -> the reason its line was taken out (removed sections only)."""
    to_original: tuple[int, ...]
    """For each section of the cleaned article, its index here."""
    to_cleaned: tuple[int, ...]
    """For each section here, the cleaned section it is (or the kept one before it)."""


def original_of(article: Article) -> Original:
    """Linear in the article: one pass over its sections and removed lines."""
    cleaned = article.sections
    buckets: dict[int, list[tuple[str, str]]] = {}
    for line in article.removed:
        after = min(line.after, len(cleaned) - 1)
        buckets.setdefault(after, []).append((line.text, line.reason))
    parts: list[tuple[SectionKind, str, int, str, int]] = []
    for text, reason in buckets.get(-1, ()):
        parts.append(("removed", text, 0, reason, 0))
    for index, section in enumerate(cleaned):
        parts.append((section.kind, section.text, section.level, "", index))
        for text, reason in buckets.get(index, ()):
            parts.append(("removed", text, 0, reason, index))
    sections: list[Section] = []
    reasons: dict[int, str] = {}
    to_original = [0] * len(cleaned)
    to_cleaned: list[int] = []
    offset = 0
    for kind, text, level, reason, kept in parts:
        if kind == "removed":
            reasons[len(sections)] = reason
        else:
            to_original[kept] = len(sections)
        to_cleaned.append(kept)
        sections.append(Section(kind, text, offset, level))
        offset += len(text) + 2
    text = "\n\n".join(section.text for section in sections)
    return Original(tuple(sections), text, reasons, tuple(to_original), tuple(to_cleaned))


def opens_uncleaned(
    rules: Mapping[str, Mapping[str, object]], article: Article, path: Path | None = None
) -> bool:
    """Whether the settings' `[sources."NAME"]` tables say this article opens uncleaned
    (`clean = false`). NAME is a site (the page's host, or a subdomain of it, or the site
    name shown as its source) or a folder (its files and those below). The longest
    matching name decides."""
    host = (urlsplit(article.url).hostname or "").lower() if article.url else ""
    where = path or article.path
    file = os.path.realpath(where) if where else ""
    best: tuple[int, bool] | None = None
    for name, rule in rules.items():
        if "clean" not in rule:
            continue
        longer = best is None or len(name) > best[0]
        if longer and _matches(name, host, article.source, file):
            best = (len(name), bool(rule["clean"]))
    return best is not None and not best[1]


def _matches(name: str, host: str, source: str, file: str) -> bool:
    if is_folder_rule(name):
        if not file:
            return False
        folder = os.path.realpath(os.path.expanduser(name))
        return file == folder or file.startswith(folder.rstrip(os.sep) + os.sep)
    wanted = name.lower().strip(".")
    if host and (host == wanted or host.endswith("." + wanted)):
        return True
    return bool(source) and source.casefold() == name.casefold()


def is_folder_rule(name: str) -> bool:
    """A `[sources]` name is a folder when it is written as a path (has a slash or opens
    with ~), else a site."""
    return "/" in name or os.sep in name or name.startswith("~")
