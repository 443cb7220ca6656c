"""Anchoring bookmarks to passages, and finding them again after the text changes.

A bookmark keeps what W3C Web Annotation calls a TextQuoteSelector (the quote, with up to
`CONTEXT` characters before and after it) and a TextPositionSelector (its offsets). When the
article's text changes (the file was edited, or the cleaner got better), `reanchor` looks for
the passage again:

1. the quote, exactly: of all its occurrences the one whose surrounding text agrees best with
   the stored prefix and suffix, then the one nearest the stored offset;
2. failing that, fuzzily with rapidfuzz: the best window of the text for the quote (for a short
   quote, for the quote with its prefix and suffix, so that context picks the place), its
   edges refined, accepted only if the quote and the window are at least `threshold`% alike.

Below the threshold the answer is None: the bookmark is orphaned. It keeps its stored quote and
is still listed; it is never moved to a place it may not belong.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from rapidfuzz import fuzz

from reader.core.models import Bookmark

CONTEXT = 32
"""Characters of text kept before and after a quote (the TextQuoteSelector prefix and suffix)."""

MIN_FUZZY = 20
"""A quote shorter than this is searched fuzzily together with its prefix and suffix, and an
exact match of it needs its context to agree: a short phrase occurs in too many places."""

MIN_CONTEXT_AGREEMENT = 8
"""Characters of prefix plus suffix that must agree for an exact match of a short quote."""


def now() -> str:
    """The current time, ISO 8601 in UTC to the millisecond ("2024-05-01T10:00:00.123Z")."""
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def make_bookmark(
    article_key: str,
    article_title: str,
    article_path: str,
    text: str,
    start: int,
    end: int,
    note: str = "",
) -> Bookmark:
    """A new bookmark for `text[start:end]`, with its context, a fresh UUID and timestamps."""
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"Cannot bookmark characters {start}-{end} of a text {len(text)} characters long."
        )
    quote, prefix, suffix = selectors(text, start, end)
    stamp = now()
    return Bookmark(
        id=str(uuid.uuid4()),
        article_key=article_key,
        article_title=article_title,
        article_path=article_path,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        note=note,
        created=stamp,
        updated=stamp,
    )


def selectors(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(quote, prefix, suffix) of `text[start:end]`."""
    return text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def reanchor(bookmark: Bookmark, text: str, threshold: float = 85.0) -> tuple[int, int] | None:
    """Where the bookmark's passage is in `text` (start, end), or None when it is not found."""
    quote = bookmark.quote
    if not quote or not text:
        return None
    if text[bookmark.start : bookmark.end] == quote and _context_agrees(
        bookmark, text, bookmark.start, bookmark.end
    ):
        return bookmark.start, bookmark.end
    exact = _exact(bookmark, text)
    if exact is not None:
        return exact
    return _fuzzy(bookmark, text, threshold)


def reanchored(bookmark: Bookmark, text: str, threshold: float = 85.0) -> Bookmark:
    """The bookmark as it stands against `text`: new offsets and selectors, or orphaned.

    A found passage takes its quote, prefix and suffix from the new text, so the bookmark
    shows the passage as it reads now and later edits are measured from it. An orphaned
    bookmark keeps everything it had (its quote is the only record of the passage).
    """
    span = reanchor(bookmark, text, threshold)
    if span is None:
        return bookmark if bookmark.orphaned else replace(bookmark, orphaned=True)
    quote, prefix, suffix = selectors(text, *span)
    return replace(
        bookmark,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        start=span[0],
        end=span[1],
        orphaned=False,
    )


def _context_score(bookmark: Bookmark, text: str, start: int, end: int) -> int:
    """How many characters of the stored prefix and suffix agree with the text around a span."""
    before = text[max(0, start - len(bookmark.prefix)) : start]
    after = text[end : end + len(bookmark.suffix)]
    score = 0
    for a, b in zip(reversed(bookmark.prefix), reversed(before), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(bookmark.suffix, after, strict=False):
        if a != b:
            break
        score += 1
    return score


def _context_agrees(bookmark: Bookmark, text: str, start: int, end: int) -> bool:
    """Whether an exact occurrence is trustworthy: a long quote, or enough agreeing context."""
    if len(bookmark.quote) >= MIN_FUZZY:
        return True
    wanted = min(MIN_CONTEXT_AGREEMENT, len(bookmark.prefix) + len(bookmark.suffix))
    return _context_score(bookmark, text, start, end) >= wanted


def _exact(bookmark: Bookmark, text: str) -> tuple[int, int] | None:
    quote = bookmark.quote
    best: tuple[int, int] | None = None
    best_rank: tuple[int, int] | None = None
    at = text.find(quote)
    while at != -1:
        end = at + len(quote)
        if _context_agrees(bookmark, text, at, end):
            rank = (-_context_score(bookmark, text, at, end), abs(at - bookmark.start))
            if best_rank is None or rank < best_rank:
                best, best_rank = (at, end), rank
        at = text.find(quote, at + 1)
    return best


def _fuzzy(bookmark: Bookmark, text: str, threshold: float) -> tuple[int, int] | None:
    quote = bookmark.quote
    if len(quote) >= MIN_FUZZY:
        needle, offset = quote, 0
    else:
        needle, offset = bookmark.prefix + quote + bookmark.suffix, len(bookmark.prefix)
        if len(needle) < MIN_FUZZY:
            return None
    if len(needle) > len(text):
        found = (0, len(text))
    else:
        alignment = fuzz.partial_ratio_alignment(needle, text, score_cutoff=threshold)
        if alignment is None:
            return None
        found = (alignment.dest_start, alignment.dest_end)
    # Where the quote sits inside the window found for the needle, roughly; then refine.
    start = min(len(text), found[0] + offset)
    end = min(len(text), max(start + 1, start + len(quote)))
    start, end = _refine(quote, text, start, end)
    if start >= end or fuzz.ratio(quote, text[start:end]) < threshold:
        return None
    return start, end


def _refine(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Move each edge of a span a little to make it most like the quote."""
    slack = max(4, min(64, len(quote) // 5))

    def score(s: int, e: int) -> float:
        return fuzz.ratio(quote, text[s:e]) if s < e else -1.0

    for _ in range(2):
        start = max(
            range(max(0, start - slack), min(end, start + slack + 1)),
            key=lambda s: (score(s, end), -abs(s - start)),
        )
        end = max(
            range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
            key=lambda e: (score(start, e), -abs(e - end)),
        )
    return start, end
