"""A scan finds the window `partial_ratio_alignment` finds, whatever shortcut it takes: the
same best window of each stretch of text (the first of equals), the same score, the same
None, for quotes near the start or end of the text and for stretches barely longer than the
quote."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from reader.core.storage.occurrences import INDEX_AFTER, WORD_INDEX_AFTER
from reader.core.storage.windows import Scan, Window

SENTENCES = [
    "Officials in Lyon said the budget had been delayed for 7 months.",
    "Officials in Brno said the budget had been delayed for 9 months.",
    "Residents gathered outside the town hall to protest against the ferry service.",
    "The company declined to comment.",
    "Analysts said the pension reform could stall if the council failed to agree.",
    "Analysts said the rail strike could stall if the council failed to agree.",
]


def reworded(rng: random.Random, quote: str) -> str:
    words = quote.split(" ")
    for _ in range(rng.randint(0, 3)):
        words[rng.randrange(len(words))] = rng.choice(["water", "the", "Lagos", "a"])
    return " ".join(words)


def scanned(text: str) -> Scan:
    scan = Scan(text)
    for _ in range(WORD_INDEX_AFTER + 1):  # so that the indexes and what they allow are used
        scan.exact.starts("a b c")
    for _ in range(INDEX_AFTER + 1):
        scan.exact.starts("a b c d e")
    return scan


def expected(quote: str, text: str, a: int, b: int, cutoff: float) -> Window | None:
    found = fuzz.partial_ratio_alignment(quote, text[a:b], score_cutoff=cutoff)
    return None if found is None else Window(a + found.dest_start, a + found.dest_end, found.score)


def test_a_scan_finds_what_partial_ratio_alignment_finds() -> None:
    rng = random.Random(17)
    floors = 0
    for _ in range(60):
        text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 30)))
        scan = scanned(text)
        for _ in range(30):
            at = rng.randrange(len(text) - 20)
            quote = reworded(rng, text[at : at + rng.randint(20, 90)])
            a = rng.choice([0, rng.randrange(len(text)), max(0, at - len(quote) - 1)])
            b = rng.choice([len(text), rng.randrange(a, len(text) + 1), a + len(quote) + 1])
            b = min(b, len(text))
            if b - a <= len(quote):
                continue
            cutoff = rng.choice([70.0, 80.0, 85.0, 95.0])
            floors += scan._floor(quote, a, b) >= cutoff
            want = expected(quote, text, a, b, cutoff)
            assert scan.best(quote, a, b, cutoff) == want
            assert scan.has(quote, a, b, cutoff) == (want is not None)
    assert floors > 100  # the scans often started from a window found where words are


def test_quotes_at_the_ends_of_the_text_and_stretches_barely_longer_than_the_quote() -> None:
    text = " ".join(SENTENCES)
    scan = scanned(text)
    first, last = SENTENCES[0], SENTENCES[-1]
    for quote in (first, first.replace("Lyon", "Lagos"), last, last.replace("rail", "water")):
        for a, b in ((0, len(text)), (0, len(first) + 1), (len(text) - len(last) - 1, len(text))):
            for cutoff in (70.0, 90.0):
                want = expected(quote, text, a, b, cutoff)
                assert scan.best(quote, a, b, cutoff) == want
                assert scan.has(quote, a, b, cutoff) == (want is not None)
    assert scan.best(first, 0, len(text), 70.0) == Window(0, len(first), 100.0)


def same_best(found: Window | None, quote: str, text: str, a: int, b: int, cutoff: float) -> bool:
    """Whether `found` is a best window of `text[a:b]` as `partial_ratio_alignment` finds one:
    None when it finds none, else a window of the stretch with the score it finds, measured
    as it measures one. (Of windows alike, which it answers depends on where the text it is
    given begins: rapidfuzz does not measure them in order.)"""
    want = expected(quote, text, a, b, cutoff)
    if want is None or found is None:
        return found == want
    return (
        a <= found.start < found.end <= b
        and found.score == want.score
        and fuzz.ratio(quote, text[found.start : found.end]) == want.score
    )


def test_a_scan_in_parts_answers_each_stretch_as_a_search_of_it_would() -> None:
    """The runners-up before and after a window are answered from a scan of the whole text in
    parts: a window as like the quote as the best a search of the stretch finds (its short
    windows at the stretch's ends included), or none when it finds none, wherever the parts
    meet."""
    rng = random.Random(29)
    from_parts = 0
    for _ in range(80):
        text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 40)))
        scan = scanned(text)
        scan.part = rng.choice([40, 97, 200, 333])
        for _ in range(6):
            at = rng.randrange(len(text) - 20)
            quote = reworded(rng, text[at : at + rng.randint(20, 90)])
            cutoff = rng.choice([70.0, 80.0, 85.0])
            found = scan.best_of_parts(quote, cutoff)
            assert same_best(found, quote, text, 0, len(text), cutoff)
            for _ in range(8):
                a = rng.choice([0, rng.randrange(len(text)), at])
                b = rng.choice([len(text), rng.randrange(a, len(text) + 1), a + len(quote) + 1])
                b = min(b, len(text))
                if b - a <= len(quote):
                    continue  # (the quote is then searched for in the stretch, not it in the quote)
                asked = rng.choice([cutoff, cutoff + 5.0, 90.0])
                from_parts += b - a > 3 * scan.part and quote in scan._parts
                found = scan.best(quote, a, b, asked)
                assert same_best(found, quote, text, a, b, asked), (quote, a, b, asked, scan.part)
    assert from_parts > 300  # most stretches were answered from the parts
