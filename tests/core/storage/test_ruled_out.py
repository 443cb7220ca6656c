"""Ruling out windows like an edited quote from a search for the stored quote that found
nothing is never wrong: whenever it says so, a search would have found nothing either."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from reader.core.storage.ruled_out import ruled_out

WORDS = ["the", "budget", "was", "delayed", "for", "months", "residents", "gathered", "outside"]


def edited(rng: random.Random, quote: str, changes: int) -> str:
    chars = list(quote)
    for _ in range(changes):
        at = rng.randrange(len(chars))
        if rng.random() < 0.5:
            chars.pop(at)
        else:
            chars.insert(at, "x")
    return "".join(chars)


def test_what_is_ruled_out_a_search_would_not_find() -> None:
    rng = random.Random(23)
    told = 0
    for _ in range(400):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120)))
        at = rng.randrange(len(text) - 30)
        stored = text[at : at + rng.randint(20, 70)]
        a0, b0 = rng.choice([(0, max(0, at - 1)), (at + len(stored), len(text))])
        cutoff0 = rng.choice([70.0, 75.0])
        if b0 - a0 <= len(stored) or fuzz.partial_ratio(stored, text[a0:b0]) >= cutoff0:
            continue  # the first search must have found nothing
        quote = edited(rng, stored, rng.randint(0, 4))
        a, b = a0 + rng.randint(-3, 3), b0 + rng.randint(-3, 3)
        a, b = max(0, a), min(len(text), b)
        cutoff = rng.choice([80.0, 85.0])
        if ruled_out(text, quote, a, b, cutoff, (stored, a0, b0, cutoff0)):
            told += 1
            assert fuzz.partial_ratio_alignment(quote, text[a:b], score_cutoff=cutoff) is None
    assert told > 20  # it does tell, often


def test_nothing_is_ruled_out_for_a_quote_unlike_the_one_searched_for() -> None:
    text = "the budget was delayed for months " * 5
    nothing = ("residents gathered outside the hall", 0, len(text), 70.0)
    assert not ruled_out(text, "the budget was delayed", 0, len(text), 80.0, nothing)
