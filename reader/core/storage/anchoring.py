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
   for it may be the twin of a passage since deleted;
3. when the quote itself occurred more than once as bookmarked (its context was widened past
   `WIDE_CONTEXT` to reach text the copies do not share), a place must have that outer text
   near it, and any other place like the quote orphans it: paragraphs moved about carry
   their surroundings with them, so only the place could tell the copies apart;
4. a quote of sentence length (under `SENTENCE`) must have some of its context near
   (`NEARBY`, `NEAR_CONTEXT`), a stock phrase (under `STOCK`) on both sides: a sentence
   recurs (boilerplate, a formula filled in again), and without its context a place is as
   likely another such sentence as the bookmarked one.

A shorter quote is looked for exactly where its context agrees, else fuzzily together with its
prefix and suffix.

Below the threshold the answer is None: the bookmark is orphaned. It keeps its stored quote and
is still listed; it is never moved to a place it may not belong.
"""

from __future__ import annotations

import uuid
from bisect import bisect_left
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from reader.core.models import Bookmark, now
from reader.core.storage.windows import Scan

CONTEXT = 32
"""Characters of text kept before and after a quote (the TextQuoteSelector prefix and suffix)."""

MIN_FUZZY = 20
"""A quote shorter than this is searched fuzzily together with its prefix and suffix, and an
exact match of it needs its context to agree: a short phrase occurs in too many places."""

MIN_CONTEXT_AGREEMENT = 8
"""Characters of prefix plus suffix that must agree for an exact match of a short quote."""

WIDE_CONTEXT = 96
"""Characters of context kept each side of a quote that has a twin in the text."""

MAX_CONTEXT = 640
"""At most this many characters of context each side (see `selectors`)."""

OUTER_AGREEMENT = 85.0
"""How like the text near a place the outer `CONTEXT` characters of each side of a stored
context must be, when that context was widened past `WIDE_CONTEXT` (see `_outer_agrees`)."""

OUTER_SLACK = 2 * CONTEXT
"""How far from where they were the outer characters of a widened context may be found."""

TWIN = 80.0
"""How alike (rapidfuzz ratio) another passage must be to count as the quote's twin."""

RIVAL_MARGIN = 10.0
"""A place this close to the best in likeness to the quote is a rival: the context decides."""

CONTEXT_MARGIN = 30.0
"""How much better the best place's context must be than any rival's."""

MIN_CONTEXT = 75.0
"""How like the stored context (the worse side) a place must be when the context decides."""

SENTENCE = 150
"""A quote shorter than this (a sentence, not a passage) may well occur elsewhere: a stock
phrase, a formula, a sentence printed again. Found where none of its context is near, it is
orphaned (see `_context_nearby`)."""

STOCK = 60
"""A quote shorter than this (a stock phrase) needs its context near on both sides."""

NEARBY = 120
"""How far past where it was (about a sentence) a quote's context is looked for."""

NEAR_CONTEXT = 75.0
"""How like the stored context (rapidfuzz partial ratio) the text near a place must be to
count as that context (unrelated text of the same kind scores 40-55, and up to about 70 when
it shares a phrase such as a name)."""

SEARCH_SLACK = 15.0
"""Windows this much below the threshold are still looked at (their edges are refined)."""

MAX_CANDIDATES = 50
"""Exact occurrences looked at, at most."""

RIVAL_LENGTHS = (0.6, 5 / 3)
"""How much shorter and longer than the quote a window may be and still be `threshold -
RIVAL_MARGIN` (75%) like it (rapidfuzz ratio: twice the common characters over both lengths)."""


def make_bookmark(
    article_key: str,
    article_title: str,
    article_path: str,
    text: str,
    start: int,
    end: int,
    note: str = "",
    *,
    colour: str = "",
    tags: tuple[str, ...] = (),
) -> Bookmark:
    """A new bookmark (or highlight, in `colour`) for `text[start:end]`, with its context, a
    fresh UUID and timestamps."""
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
        colour=colour,
        tags=tags,
    )


def selectors(
    text: str, start: int, end: int, windows: Scan | None = None, *, alone: bool = False
) -> tuple[str, str, str]:
    """(quote, prefix, suffix) of `text[start:end]`.

    The context is `CONTEXT` characters each side, or `WIDE_CONTEXT` when the quote has a twin
    in the text (itself elsewhere, or a passage at least `TWIN`% like it): as W3C advises, the
    context of a repeated passage is made long enough to tell the copies apart, and a stored
    context longer than `CONTEXT` tells `reanchor` that only the context can.

    A passage whose surroundings repeat too (a paragraph printed twice) gets its context widened
    further, `CONTEXT` characters at a time, until quote and context occur only once, and then
    by `CONTEXT` more: its outermost characters are then text the copies do not share, and a
    context longer than `WIDE_CONTEXT` tells `reanchor` to demand them.

    `windows` is how to look for a twin (see `reanchored_all`); by default, a scan. `alone`
    tells that a search has just found no window like the passage elsewhere (see
    `reanchored`): only its exact copies are then looked for.
    """
    width = CONTEXT
    windows = windows or Scan(text)
    if _has_twin(text, start, end, windows, exact_only=alone):
        width = WIDE_CONTEXT
        shared = _shared_context(text, start, end, windows)
        if shared is not None:
            width = min(MAX_CONTEXT, max(WIDE_CONTEXT + CONTEXT, shared + CONTEXT))
    return text[start:end], text[max(0, start - width) : start], text[end : end + width]


def reanchor(
    bookmark: Bookmark, text: str, threshold: float = 85.0, *, windows: Scan | None = None
) -> tuple[int, int] | None:
    """Where the bookmark's passage is in `text` (start, end), or None when it is not found.

    `windows` is how to look for places like the quote (see `reanchored_all`): by default, a
    scan of the text."""
    if not bookmark.quote or not text:
        return None
    windows = windows or Scan(text)
    intact = _intact(bookmark, text, windows, threshold)
    if intact is not None:
        return intact
    found = _reanchor(bookmark, text, threshold, windows)
    return None if found is None else found[:2]


def _reanchor(
    bookmark: Bookmark, text: str, threshold: float, windows: Scan
) -> tuple[int, int, bool] | None:
    """`reanchor` for a bookmark that is not intact (see `_intact`): (start, end, alone),
    where `alone` tells that no other window of the text was as much as `SEARCH_SLACK`
    below the threshold like the quote (nor the quote itself elsewhere)."""
    quote = bookmark.quote
    if len(quote) < MIN_FUZZY:
        span = _reanchor_short(bookmark, text, threshold, windows)
        return None if span is None else (*span, False)
    copied = _was_copied(bookmark)
    if copied and not _in_place(bookmark, text) and _separate_copies(quote, windows) > 1:
        # The quote had copies as bookmarked and still has: whatever else is found, each copy
        # is a rival of the other, and the context cannot tell them apart (see below).
        return None
    candidates = _candidates(bookmark, text, threshold, windows)
    if _in_place(bookmark, text) and not any(
        threshold - RIVAL_MARGIN <= c.likeness < 100.0 for c in candidates
    ):
        # Quote and context just where they were, and no edited copy about (which could be
        # the bookmarked one, moved away): an unchanged copy elsewhere is no rival.
        return bookmark.start, bookmark.end, len(candidates) == 1
    eligible = [c for c in candidates if not copied or _outer_agrees(bookmark, text, c)]
    if not eligible:
        return None
    best = max(eligible, key=lambda c: (c.likeness + c.context, c.likeness, -c.distance))
    if best.likeness < threshold:
        return None
    rivals = [c for c in candidates if c is not best and c.likeness >= threshold - RIVAL_MARGIN]
    if rivals and copied:
        # The quote had copies as bookmarked and has others now. Paragraphs moved about carry
        # their surroundings with them, so the context cannot tell which is the bookmarked one.
        return None
    if rivals:
        # Another place is (nearly) as like the quote: only the context can tell them apart.
        runner_up = max(c.context for c in rivals)
        if best.context < MIN_CONTEXT or best.context - runner_up < CONTEXT_MARGIN:
            return None
    elif _was_repeated(bookmark) and best.context < MIN_CONTEXT:
        # The passage had a twin when it was bookmarked; a lone copy with other text around
        # it may be that twin, the passage itself being gone.
        return None
    if len(quote) < SENTENCE:
        # A sentence may recur (a stock phrase, a formula filled in again): with none of its
        # context near, it is as likely another such sentence as the bookmarked one.
        near = _context_nearby(bookmark, text, best.start, best.end)
        if near and (min(near) if len(quote) < STOCK else max(near)) < NEAR_CONTEXT:
            return None
    return best.start, best.end, len(candidates) == 1


def reanchored(
    bookmark: Bookmark, text: str, threshold: float = 85.0, *, windows: Scan | None = None
) -> Bookmark:
    """The bookmark as it stands against `text`: new offsets and selectors, or orphaned.

    A found passage takes its quote, prefix and suffix from the new text, so the bookmark
    shows the passage as it reads now and later edits are measured from it. An orphaned
    bookmark keeps everything it had (its quote is the only record of the passage).
    """
    windows = windows or Scan(text)
    intact = _intact(bookmark, text, windows, threshold)
    if intact is not None:  # quote and context unchanged: only the offsets may move
        if intact == (bookmark.start, bookmark.end) and not bookmark.orphaned:
            return bookmark
        return replace(bookmark, start=intact[0], end=intact[1], orphaned=False)
    found = _reanchor(bookmark, text, threshold, windows) if bookmark.quote and text else None
    if found is None:
        return bookmark if bookmark.orphaned else replace(bookmark, orphaned=True)
    span = found[:2]
    # A place found alone, with no other window even `SEARCH_SLACK` below the threshold like
    # the stored quote, is taken to have no twin of its new wording either (at least
    # `threshold` like the stored quote, a twin of it would be near that): the twin search
    # of `selectors`, a search of the whole text, is not made again.
    quote, prefix, suffix = selectors(text, *span, windows, alone=found[2])
    # The score says how far the span moved from what was highlighted: kept while the quote
    # reads the same (an unchanged re-anchoring does not make a moved highlight exact).
    score = (
        bookmark.score if quote == bookmark.quote else round(fuzz.ratio(bookmark.quote, quote), 1)
    )
    return replace(
        bookmark,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        start=span[0],
        end=span[1],
        orphaned=False,
        score=min(score, 99.9) if quote != bookmark.quote else score,
    )


def reanchored_all(bookmarks: list[Bookmark], text: str, threshold: float = 85.0) -> list[Bookmark]:
    """`reanchored` for each of an article's bookmarks, in order, sharing what is found in the
    text (see `windows.Scan`)."""
    windows = Scan(text)
    return [reanchored(bookmark, text, threshold, windows=windows) for bookmark in bookmarks]


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


def _exact(bookmark: Bookmark, text: str, windows: Scan) -> tuple[int, int] | None:
    quote = bookmark.quote
    best: tuple[int, int] | None = None
    best_rank: tuple[int, int] | None = None
    for at in windows.occurrences(quote):
        end = at + len(quote)
        if _context_agrees(bookmark, text, at, end) and _outer_agrees(bookmark, text, (at, end)):
            rank = (-_context_score(bookmark, text, at, end), abs(at - bookmark.start))
            if best_rank is None or rank < best_rank:
                best, best_rank = (at, end), rank
    return best


def _fuzzy(
    bookmark: Bookmark, text: str, threshold: float, windows: Scan
) -> tuple[int, int] | None:
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
        window = windows.best(needle, 0, len(text), threshold)
        if window is None:
            return None
        found = (window.start, window.end)
    # Where the quote sits inside the window found for the needle, roughly; then refine.
    start = min(len(text), found[0] + offset)
    end = min(len(text), max(start + 1, start + len(quote)))
    start, end = _refine(quote, text, start, end)
    if start >= end or fuzz.ratio(quote, text[start:end]) < threshold:
        return None
    return start, end


def _refine(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Move each edge of a span a little to make it most like the quote."""
    slack = _refine_slack(quote)
    ratio = fuzz.ratio
    for _ in range(2):
        before = start, end
        starts = range(max(0, start - slack), min(end, start + slack + 1))
        start = _most_like([ratio(quote, text[s:end]) for s in starts], starts, start)
        ends = range(max(start + 1, end - slack), min(len(text), end + slack) + 1)
        end = _most_like([ratio(quote, text[start:e]) for e in ends], ends, end)
        if (start, end) == before:
            break  # moved neither edge: another round would not either
    return start, end


def _refine_slack(quote: str) -> int:
    """How far `_refine` moves an edge in one round, at most."""
    return max(4, min(64, len(quote) // 5))


def _most_like(scores: list[float], places: range, current: int) -> int:
    """The place with the best score; of equals, the nearest to `current`, then the first."""
    best = max(scores)
    if scores.count(best) == 1:
        return places[scores.index(best)]
    nearness = [-abs(p - current) for p in places]
    return -max(zip(scores, nearness, [-p for p in places], strict=True))[2]


def _reanchor_short(
    bookmark: Bookmark, text: str, threshold: float, windows: Scan
) -> tuple[int, int] | None:
    """A short quote: exactly where its context agrees, else fuzzily with its context."""
    here = (bookmark.start, bookmark.end)
    if (
        text[bookmark.start : bookmark.end] == bookmark.quote
        and _context_agrees(bookmark, text, *here)
        and _outer_agrees(bookmark, text, here)
    ):
        return here
    exact = _exact(bookmark, text, windows)
    if exact is not None:
        return exact
    return _fuzzy(bookmark, text, threshold, windows)


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


def _candidates(bookmark: Bookmark, text: str, threshold: float, windows: Scan) -> list[_Candidate]:
    """Places in `text` like the quote: its exact occurrences, the best fuzzy window, and the
    best windows before and after that one (the runners-up, to see whether it is ambiguous)."""
    quote = bookmark.quote
    occurrences = windows.occurrences(quote, MAX_CANDIDATES)
    spans = [(at, at + len(quote)) for at in occurrences]
    cutoff = max(0.0, threshold - SEARCH_SLACK)
    segments = [(0, len(text))]
    for level in range(2):
        deeper = []
        for a, b in segments:
            if level == 0 and len(occurrences) == 1:
                found: tuple[int, int] | None = spans[0]  # the one window 100% like it
            elif level == 0 and len(text) > len(quote):
                # Searched in parts, each part's best kept: the runners-up before and after
                # the window found are then searched for again only about it.
                window = windows.best_of_parts(quote, cutoff)
                found = None if window is None else (window.start, window.end)
            else:
                found = _best_window(quote, text, a, b, cutoff, windows)
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


def _best_window(
    quote: str, text: str, a: int, b: int, cutoff: float, windows: Scan
) -> tuple[int, int] | None:
    """The window of `text[a:b]` most like the quote, if at least `cutoff`% like it."""
    if b - a < 0.7 * len(quote):
        return None
    if b - a <= len(quote):
        return (a, b) if fuzz.ratio(quote, text[a:b]) >= cutoff else None
    window = windows.best(quote, a, b, cutoff)
    return None if window is None else (window.start, window.end)


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


def _outer_agrees(bookmark: Bookmark, text: str, span: _Candidate | tuple[int, int]) -> bool:
    """Whether a place has the outermost characters of a widened context near it (see
    `selectors`): the text that told the passage from a copy of its whole surroundings.

    Each side's outer `CONTEXT` characters are looked for (rapidfuzz partial ratio, at least
    `OUTER_AGREEMENT`) where they should be, give or take `2 * CONTEXT` characters for edits
    nearer the quote. A side cut short by the start or end of the text demands that edge.
    A context no wider than `WIDE_CONTEXT` demands nothing.
    """
    start, end = (span.start, span.end) if isinstance(span, _Candidate) else span
    prefix, suffix = bookmark.prefix, bookmark.suffix
    width = max(len(prefix), len(suffix))
    if width <= WIDE_CONTEXT:
        return True
    slack = OUTER_SLACK
    at = start - len(prefix)  # where the prefix's outer characters should begin
    if len(prefix) < width and at > slack:
        return False  # the prefix began the text, and this place has more text before it
    at_end = end + len(suffix)  # where the suffix's outer characters should end
    if len(suffix) < width and at_end < len(text) - slack:
        return False
    for outer, lo, hi in (
        (prefix[:CONTEXT], at, at + CONTEXT),
        (suffix[-CONTEXT:], at_end - CONTEXT, at_end),
    ):
        if not outer:
            continue
        region = text[max(0, lo - slack) : max(0, hi + slack)]
        if fuzz.partial_ratio(outer, region) < OUTER_AGREEMENT:
            return False
    return True


def _shared_context(text: str, start: int, end: int, windows: Scan) -> int | None:
    """How far the surroundings of `text[start:end]` agree with those of its other exact
    occurrences: the most any copy shares, on its side that shares less (at most
    `MAX_CONTEXT`); None when the quote occurs only once."""
    quote = text[start:end]
    before, after = text[max(0, start - MAX_CONTEXT) : start][::-1], text[end : end + MAX_CONTEXT]
    most = None
    copies = 0
    for at in windows.occurrences(quote, MAX_CANDIDATES + 1):
        if copies >= MAX_CANDIDATES:
            break
        if at != start:
            copies += 1
            left = _common_length(before, text[max(0, at - MAX_CONTEXT) : at][::-1])
            right = _common_length(after, text[at + len(quote) : at + len(quote) + MAX_CONTEXT])
            most = max(most or 0, min(left, right))
    return most


def _common_length(one: str, other: str) -> int:
    """How many characters at the start of two strings agree."""
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )


def _context_nearby(bookmark: Bookmark, text: str, start: int, end: int) -> list[float]:
    """How well each stored side of the context (prefix, suffix; none when empty) is found in
    the text on its side of a span, up to `NEARBY` characters further away than it was (a
    sentence put between, a neighbour reworded): rapidfuzz partial ratio, 0-100."""
    found = []
    if bookmark.prefix:
        before = text[max(0, start - len(bookmark.prefix) - NEARBY) : start]
        found.append(fuzz.partial_ratio(bookmark.prefix, before) if before else 0.0)
    if bookmark.suffix:
        after = text[end : end + len(bookmark.suffix) + NEARBY]
        found.append(fuzz.partial_ratio(bookmark.suffix, after) if after else 0.0)
    return found


def _intact(
    bookmark: Bookmark, text: str, windows: Scan, threshold: float = 85.0
) -> tuple[int, int] | None:
    """The span when the quote with its whole stored context occurs exactly once in the
    text: the common case (nothing changed, or text added or removed elsewhere), settled
    with a few substring searches. The context was widened at bookmarking until quote and
    context were unique (see `selectors`): at the stored offset, it is the bookmarked place;
    elsewhere, it is unless another place has that context about a window like the quote
    (see `_context_elsewhere`), or the quote had copies (only the careful search weighs where
    they are)."""
    block = bookmark.prefix + bookmark.quote + bookmark.suffix
    if len(block) < MIN_FUZZY + 2 * MIN_CONTEXT_AGREEMENT:
        return None
    found = windows.exact.starts(block, 2)
    if len(found) != 1:
        return None
    start = found[0] + len(bookmark.prefix)
    if start == bookmark.start:
        return start, start + len(bookmark.quote)  # in place, with its whole context
    if _was_copied(bookmark):
        # The quote had copies as bookmarked: the careful search weighs where they are now.
        # (Settling here when no other place has the context about it kept many more such
        # highlights on a moved paragraph, but moved one to a paragraph printed twice.)
        return None
    end = start + len(bookmark.quote)
    if _context_elsewhere(bookmark, text, windows, (start, end), threshold):
        return None
    return start, end


def _context_elsewhere(
    bookmark: Bookmark, text: str, windows: Scan, span: tuple[int, int], threshold: float
) -> bool:
    """Whether a place other than `span` (where the quote was found with its whole context)
    has a window like the quote with text like the stored context about it: it may be the
    bookmarked passage with its quote reworded, and the text found a copy of the passage as
    it read (a paragraph printed again). The careful search then decides.

    Looked for with the text's index of runs of three words, not by searching the whole text
    for the quote (where near-twins abound, a search per bookmark is most of the work): a
    place is weighed where a run of the stored prefix puts the quote's start, and a run of
    the suffix its end, a length apart the quote could have there (`RIVAL_LENGTHS`). Runs
    are taken every third word (`_inner_runs`), so a place sharing five words running with
    each side is among them. It is weighed as the careful search weighs a rival: more than
    `100 - CONTEXT_MARGIN`% like each side of the stored context, and at least `threshold -
    RIVAL_MARGIN`% like the quote. Text that only shares a phrase with the context (a
    sentence written from the same formula) is measured and let go.
    """
    quote, prefix, suffix = bookmark.quote, bookmark.prefix, bookmark.suffix
    before, after = _inner_runs(prefix), _inner_runs(suffix)
    if (prefix and not before) or (suffix and not after):
        return True  # a side with no whole word in it cannot tell
    runs = windows.exact.runs()
    starts: set[int] = set()  # where a run of the prefix puts the quote's start
    for run, at in before:
        shift = len(prefix) - at
        starts.update([place + shift for place in _places(run, runs, windows)])
    ends: set[int] = set()  # where a run of the suffix puts the quote's end
    for run, at in after:
        ends.update([place - at for place in _places(run, runs, windows)])
    starts.discard(span[0])  # (the place found)
    ends.discard(span[1])
    least = 100.0 - CONTEXT_MARGIN - 1.0
    ratio = fuzz.ratio
    if not (prefix and suffix):  # the quote began or ended the text: one side tells
        for at in starts or ends:
            window = (at - len(quote), at) if prefix else (at, at + len(quote))
            side = text[max(0, at - len(prefix)) : at] if prefix else text[at : at + len(suffix)]
            if not _overlap(window, span) and ratio(prefix or suffix, side) > least:
                return True
        return False
    shortest, longest = (round(len(quote) * k) for k in RIVAL_LENGTHS)
    ordered = sorted(ends)
    likeness = threshold - RIVAL_MARGIN
    for start in starts:
        i = bisect_left(ordered, start + shortest)
        if i == len(ordered) or ordered[i] > start + longest:
            continue  # no end at a length the quote could have
        if ratio(prefix, text[max(0, start - len(prefix)) : start]) <= least:
            continue
        while i < len(ordered) and ordered[i] <= start + longest:
            end = ordered[i]
            i += 1
            if (
                not _overlap((start, end), span)
                and ratio(suffix, text[end : end + len(suffix)]) > least
                and ratio(quote, text[start:end]) >= likeness
            ):
                return True
    return False


def _inner_runs(side: str) -> list[tuple[str, int]]:
    """Runs of three whole words in a stored prefix or suffix, every third word on, as the
    text's index of runs keys them (`str.split(" ")`), with where each begins in it: any five
    words running hold one. A side with fewer whole words than three has them as its one
    run. Its first and last words may be cut short by its ends, so no run holds them."""
    words = side.split(" ")
    at = len(words[0]) + 1
    if len(words) < 5:
        whole = " ".join(words[1:-1])
        return [(whole, at)] if whole.strip() else []
    found = []
    for i in range(1, len(words) - 3, 3):
        run = f"{words[i]} {words[i + 1]} {words[i + 2]}"
        found.append((run, at))
        at += len(run) + 1
    return found


def _places(run: str, runs: dict[str, list[int]], windows: Scan) -> list[int]:
    """Where a run of `_inner_runs` occurs in the text: from the index of runs of three words,
    or (a run of fewer) searched for."""
    return runs.get(run, []) if run.count(" ") == 2 else windows.occurrences(run)


def _separate_copies(quote: str, windows: Scan) -> int:
    """How many of the quote's exact occurrences `_candidates` keeps apart (the first
    `MAX_CANDIDATES`, each overlapping no earlier one kept by more than half), up to two."""
    kept: list[tuple[int, int]] = []
    for at in windows.occurrences(quote, MAX_CANDIDATES):
        span = (at, at + len(quote))
        if not any(_overlap(span, other) for other in kept):
            kept.append(span)
            if len(kept) > 1:
                break
    return len(kept)


def _in_place(bookmark: Bookmark, text: str) -> bool:
    """Whether the text holds the quote with its whole stored context at the stored offset."""
    before = bookmark.start - len(bookmark.prefix)
    block = bookmark.prefix + bookmark.quote + bookmark.suffix
    return before >= 0 and text[before : before + len(block)] == block


def _was_copied(bookmark: Bookmark) -> bool:
    """Whether the quote occurred more than once when its selectors were taken (see
    `selectors`)."""
    return max(len(bookmark.prefix), len(bookmark.suffix)) > WIDE_CONTEXT


def _was_repeated(bookmark: Bookmark) -> bool:
    """Whether the passage had a twin when its selectors were taken (see `selectors`)."""
    return len(bookmark.prefix) > CONTEXT or len(bookmark.suffix) > CONTEXT


def _has_twin(text: str, start: int, end: int, windows: Scan, *, exact_only: bool = False) -> bool:
    """Whether `text[start:end]` occurs elsewhere in `text`, or (for a quote long enough to
    search fuzzily, unless `exact_only`) a passage at least `TWIN`% like it does."""
    quote = text[start:end]
    if not quote:
        return False
    if windows.occurrences(quote, 2) != [start]:
        return True
    if len(quote) < MIN_FUZZY or exact_only:
        return False
    for a, b in ((0, start), (end, len(text))):
        if b - a < 0.7 * len(quote):
            continue
        if b - a <= len(quote):
            if fuzz.ratio(quote, text[a:b]) >= TWIN:
                return True
        elif windows.has(quote, a, b, TWIN):
            return True
    return False
