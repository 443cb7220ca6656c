"""Anchoring bookmarks to passages, and finding them again after the text changes.

A bookmark keeps what W3C Web Annotation calls a TextQuoteSelector (the quote, with up to
`CONTEXT` characters before and after it) and a TextPositionSelector (its offsets). When the
article's text changes (the file was edited, or the cleaner got better), `reanchor` looks for
the passage again, for a quote of `MIN_FUZZY` characters or more:

1. the candidates: every exact occurrence of the quote, the window of the text most like it
   (rapidfuzz, edges refined), and the best windows before and after that one, each scored by
   its likeness to the quote and by how like the stored prefix and suffix its surroundings are;
2. the best (likeness plus context) is accepted if it is at least `threshold`% like the quote
   and is not ambiguous: when another place is within `RIVAL_MARGIN` of it in likeness (a
   repeated paragraph, a stock sentence, a near-twin), its context must agree (`MIN_CONTEXT`)
   and beat every rival's by `CONTEXT_MARGIN`; when the passage had a twin as bookmarked (its
   stored context is wide, see `selectors`), even a lone place needs its context to agree,
   for it may be the twin of a passage since deleted.

A shorter quote is looked for exactly where its context agrees, else fuzzily together with its
prefix and suffix.

Below the threshold the answer is None: the bookmark is orphaned. It keeps its stored quote and
is still listed; it is never moved to a place it may not belong.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from reader.core.models import Bookmark

CONTEXT = 32
"""Characters of text kept before and after a quote (the TextQuoteSelector prefix and suffix)."""

MIN_FUZZY = 20
"""A quote shorter than this is searched fuzzily together with its prefix and suffix, and an
exact match of it needs its context to agree: a short phrase occurs in too many places."""

MIN_CONTEXT_AGREEMENT = 8
"""Characters of prefix plus suffix that must agree for an exact match of a short quote."""

WIDE_CONTEXT = 96
"""Characters of context kept each side of a quote that has a twin in the text."""

TWIN = 80.0
"""How alike (rapidfuzz ratio) another passage must be to count as the quote's twin."""

RIVAL_MARGIN = 10.0
"""A place this close to the best in likeness to the quote is a rival: the context decides."""

CONTEXT_MARGIN = 30.0
"""How much better the best place's context must be than any rival's."""

MIN_CONTEXT = 60.0
"""How like the stored context (the worse side) a place must be when the context decides."""

SEARCH_SLACK = 15.0
"""Windows this much below the threshold are still looked at (their edges are refined)."""

MAX_CANDIDATES = 50
"""Exact occurrences looked at, at most."""


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
    """(quote, prefix, suffix) of `text[start:end]`.

    The context is `CONTEXT` characters each side, or `WIDE_CONTEXT` when the quote has a twin
    in the text (itself elsewhere, or a passage at least `TWIN`% like it): as W3C advises, the
    context of a repeated passage is made long enough to tell the copies apart, and a stored
    context longer than `CONTEXT` tells `reanchor` that only the context can.
    """
    width = WIDE_CONTEXT if _has_twin(text, start, end) else CONTEXT
    return text[start:end], text[max(0, start - width) : start], text[end : end + width]


def reanchor(bookmark: Bookmark, text: str, threshold: float = 85.0) -> tuple[int, int] | None:
    """Where the bookmark's passage is in `text` (start, end), or None when it is not found."""
    quote = bookmark.quote
    if not quote or not text:
        return None
    if len(quote) < MIN_FUZZY:
        return _reanchor_short(bookmark, text, threshold)
    candidates = _candidates(bookmark, text, threshold)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.likeness + c.context, c.likeness, -c.distance))
    if best.likeness < threshold:
        return None
    rivals = [c for c in candidates if c is not best and c.likeness >= threshold - RIVAL_MARGIN]
    if rivals:
        # Another place is (nearly) as like the quote: only the context can tell them apart.
        runner_up = max(c.context for c in rivals)
        if best.context < MIN_CONTEXT or best.context - runner_up < CONTEXT_MARGIN:
            return None
    elif _was_repeated(bookmark) and best.context < MIN_CONTEXT:
        # The passage had a twin when it was bookmarked; a lone copy with other text around
        # it may be that twin, the passage itself being gone.
        return None
    return best.start, best.end


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


def _reanchor_short(bookmark: Bookmark, text: str, threshold: float) -> tuple[int, int] | None:
    """A short quote: exactly where its context agrees, else fuzzily with its context."""
    if text[bookmark.start : bookmark.end] == bookmark.quote and _context_agrees(
        bookmark, text, bookmark.start, bookmark.end
    ):
        return bookmark.start, bookmark.end
    exact = _exact(bookmark, text)
    if exact is not None:
        return exact
    return _fuzzy(bookmark, text, threshold)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    likeness: float
    """How like the quote the span is (rapidfuzz ratio, 0-100)."""
    context: float
    """How like the stored context the text around the span is (the worse side, 0-100)."""
    distance: int
    """How far the span is from the stored offset."""


def _candidates(bookmark: Bookmark, text: str, threshold: float) -> list[_Candidate]:
    """Places in `text` like the quote: its exact occurrences, the best fuzzy window, and the
    best windows before and after that one (the runners-up, to see whether it is ambiguous)."""
    quote = bookmark.quote
    spans: list[tuple[int, int]] = []
    at = text.find(quote)
    while at != -1 and len(spans) < MAX_CANDIDATES:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    cutoff = max(0.0, threshold - SEARCH_SLACK)
    segments = [(0, len(text))]
    for _ in range(2):
        deeper = []
        for a, b in segments:
            found = _best_window(quote, text, a, b, cutoff)
            if found is None:
                continue
            if not any(_overlap(found, span) for span in spans):
                spans.append(_refine(quote, text, *found))
            deeper += [(a, found[0]), (found[1], b)]
        segments = deeper
    candidates: list[_Candidate] = []
    for start, end in spans:
        if start >= end or any(_overlap((start, end), (c.start, c.end)) for c in candidates):
            continue
        candidates.append(
            _Candidate(
                start,
                end,
                fuzz.ratio(quote, text[start:end]),
                _context_likeness(bookmark, text, start, end),
                abs(start - bookmark.start),
            )
        )
    return candidates


def _best_window(quote: str, text: str, a: int, b: int, cutoff: float) -> tuple[int, int] | None:
    """The window of `text[a:b]` most like the quote, if at least `cutoff`% like it."""
    if b - a < 0.7 * len(quote):
        return None
    if b - a <= len(quote):
        return (a, b) if fuzz.ratio(quote, text[a:b]) >= cutoff else None
    alignment = fuzz.partial_ratio_alignment(quote, text[a:b], score_cutoff=cutoff)
    if alignment is None:
        return None
    return a + alignment.dest_start, a + alignment.dest_end


def _overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two spans share more than half of the shorter."""
    common = min(one[1], other[1]) - max(one[0], other[0])
    return common > 0.5 * min(one[1] - one[0], other[1] - other[0])


def _context_likeness(bookmark: Bookmark, text: str, start: int, end: int) -> float:
    """How like the stored prefix and suffix the text around a span is: the worse side (a
    side with no stored context does not count; with none at all, 0)."""
    sides = []
    if bookmark.prefix:
        sides.append(
            fuzz.ratio(bookmark.prefix, text[max(0, start - len(bookmark.prefix)) : start])
        )
    if bookmark.suffix:
        sides.append(fuzz.ratio(bookmark.suffix, text[end : end + len(bookmark.suffix)]))
    return min(sides, default=0.0)


def _was_repeated(bookmark: Bookmark) -> bool:
    """Whether the passage had a twin when its selectors were taken (see `selectors`)."""
    return len(bookmark.prefix) > CONTEXT or len(bookmark.suffix) > CONTEXT


def _has_twin(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` occurs elsewhere in `text`, or (for a quote long enough to
    search fuzzily) a passage at least `TWIN`% like it does."""
    quote = text[start:end]
    if not quote:
        return False
    if text.find(quote) != start or text.find(quote, start + 1) != -1:
        return True
    if len(quote) < MIN_FUZZY:
        return False
    return any(
        _best_window(quote, text, a, b, TWIN) is not None for a, b in ((0, start), (end, len(text)))
    )
