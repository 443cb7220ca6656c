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

MAX_PIECE_PLACES = 8
"""Places of a quote's three-word runs elsewhere looked about for an edited copy of it (see
`_intact`); past this many, the careful search is made instead."""

MAX_NEAR_WINDOWS = 1
"""Windows like the quote found about those places, at most, before the careful search is
made instead (see `_intact`)."""


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


def _context_may_agree(bookmark: Bookmark, text: str, span: tuple[int, int]) -> bool:
    """Whether the text around a window may be as like the stored context as a rival's must
    be for the context not to tell it from the best place (see `_rival`), wherever
    `_refine` moves its edges: each stored side's best match in reach of them (rapidfuzz
    partial ratio, at least the ratio at any edge there). A widened context is not looked
    at here: rapidfuzz measures a string longer than 64 characters much more slowly."""
    if max(len(bookmark.prefix), len(bookmark.suffix)) > 2 * CONTEXT:
        return True
    reach = 2 * _refine_slack(bookmark.quote) + 1  # two rounds of `_refine`
    least = 100.0 - CONTEXT_MARGIN - 1.0
    start, end = span
    prefix, suffix = bookmark.prefix, bookmark.suffix
    if prefix:
        before = text[max(0, start - len(prefix) - reach) : start + reach]
        if fuzz.partial_ratio(prefix, before, score_cutoff=least) == 0:
            return False
    if suffix:
        after = text[max(0, end - reach) : end + len(suffix) + reach]
        if fuzz.partial_ratio(suffix, after, score_cutoff=least) == 0:
            return False
    return bool(prefix or suffix)


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
    elsewhere, it is unless the quote's words occur elsewhere too (see below)."""
    block = bookmark.prefix + bookmark.quote + bookmark.suffix
    if len(block) < MIN_FUZZY + 2 * MIN_CONTEXT_AGREEMENT:
        return None
    found = windows.exact.starts(block, 2)
    if len(found) != 1:
        return None
    start = found[0] + len(bookmark.prefix)
    if start == bookmark.start:
        return start, start + len(bookmark.quote)  # in place, with its whole context
    # A copy of the quote elsewhere could be the bookmarked passage, edited (its context
    # then no longer tells): when any three words of the quote occur elsewhere in the text
    # (as words: `str.split(" ")` cuts both) with a window around them like the quote, the
    # careful search decides.
    quote = bookmark.quote
    end = start + len(quote)
    words = quote.split(" ")
    if len(words) < 3:
        return None
    runs = windows.exact.runs()
    looked: set[int] = set()
    seen: list[tuple[int, int]] = []  # windows like the quote found about those places
    for i in range(len(words) - 2):
        piece = " ".join(words[i : i + 3])
        places = [at for at in runs.get(piece, ()) if not start <= at < end and at not in looked]
        if not places:
            continue
        if len(places) > MAX_PIECE_PLACES or len(looked) + len(places) > MAX_PIECE_PLACES:
            return None  # a common phrase: the careful search is quicker than looking about
        for at in places:
            looked.add(at)
            lo = max(0, at - len(quote))
            found = fuzz.partial_ratio_alignment(
                quote,
                text[lo : at + len(piece) + len(quote)],
                score_cutoff=threshold - SEARCH_SLACK,
            )
            if found is None:
                continue
            window = lo + found.dest_start, lo + found.dest_end
            if _overlap(window, (start, end)) or any(_overlap(window, w) for w in seen):
                continue
            seen.append(window)
            if len(seen) > MAX_NEAR_WINDOWS or _rival(bookmark, text, window, threshold):
                return None  # (near-twins abound: the careful search is as quick)
    return start, end


def _rival(bookmark: Bookmark, text: str, window: tuple[int, int], threshold: float) -> bool:
    """Whether a window like the quote, away from where the quote was found with its whole
    context, could keep the careful search from settling there: as like the quote as a
    rival (see `_reanchor`), with its own context too near the stored one for the context
    to tell them apart."""
    if not _context_may_agree(bookmark, text, window):
        return False
    quote = bookmark.quote
    span = _refine(quote, text, *window)
    if span[0] >= span[1] or fuzz.ratio(quote, text[span[0] : span[1]]) < threshold - RIVAL_MARGIN:
        return False
    return _context_likeness(bookmark, text, *span) > 100.0 - CONTEXT_MARGIN - 1.0


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
