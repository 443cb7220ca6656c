"""The word index finds exactly what `str.find` finds: hits inside longer words, overlapping
hits, double spaces and line breaks included."""

from __future__ import annotations

import random

from reader.core.storage.occurrences import INDEX_AFTER, WORD_INDEX_AFTER, Occurrences

WORDS = ["the", "budget", "was", "delayed", "a", "an", "the\nbudget", "", "thebudget", "s"]


def find_all(text: str, needle: str, after: int = -1) -> list[int]:
    found, at = [], text.find(needle, after + 1)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def count(text: str, needle: str) -> int:
    return text.count(needle)


def indexed(text: str) -> Occurrences:
    """Occurrences of `text` with its indexes built (asked enough to build them)."""
    occurrences = Occurrences(text)
    for _ in range(WORD_INDEX_AFTER + 1):
        occurrences.starts("x y z")
    for _ in range(INDEX_AFTER + 1):
        occurrences.starts("v w x y z")
    assert occurrences._places is not None and occurrences._runs is not None
    return occurrences


def test_the_index_finds_what_str_find_finds() -> None:
    rng = random.Random(5)
    for _ in range(40):
        text = " ".join(rng.choice(WORDS) for _ in range(400))
        occurrences = indexed(text)
        for _ in range(60):
            at = rng.randrange(len(text) - 40)
            needle = text[at : at + rng.randint(1, 40)]
            after = rng.choice([-1, 0, at - 1, at, len(text) // 2])
            assert occurrences.starts(needle, after=after) == find_all(text, needle, after)
            assert occurrences.starts(needle, 2) == find_all(text, needle)[:2]
            times = rng.randint(0, 3)
            assert occurrences.more_than(needle, times) == (count(text, needle) > times)


def test_overlapping_and_unaligned_occurrences_count_as_str_count_does() -> None:
    text = "a a a a a ha a a xa a a"
    occurrences = indexed(text)
    assert occurrences.starts("a a a") == find_all(text, "a a a")
    assert occurrences.more_than("a a a", 1) is (text.count("a a a") > 1)
    assert occurrences.more_than("a a a", text.count("a a a")) is False
    assert occurrences.starts("ha a a") == [10]


def test_before_the_index_and_without_inner_words_str_find_answers() -> None:
    text = "one two three two three"
    occurrences = Occurrences(text)
    assert occurrences.starts("two three") == [4, 14]
    assert occurrences.starts("two three", 1) == [4]
    assert occurrences.starts("e t", after=10) == [12] == find_all(text, "e t", 10)
    assert occurrences.starts("") == find_all(text, "")
    assert occurrences.more_than("", len(text)) is True


def test_long_strings_are_found_from_the_runs_of_three_words_as_str_find_finds_them() -> None:
    """A string of three inner words or more is looked up by them in the index of runs:
    still exactly `str.find`'s answers, hits inside longer words and overlaps included."""
    rng = random.Random(41)
    long_ones = 0
    for _ in range(20):
        text = " ".join(rng.choice(WORDS) for _ in range(600))
        occurrences = Occurrences(text)
        for _ in range(INDEX_AFTER + 1):
            occurrences.starts("a b c d e f")  # so that the index of runs is built
        for _ in range(80):
            at = rng.randrange(len(text) - 60)
            needle = text[at : at + rng.randint(15, 60)]
            limit = rng.choice([None, 1, 2, 5])
            after = rng.choice([-1, at - 1, rng.randrange(len(text))])
            long_ones += len(needle.split(" ")) >= 5
            want = find_all(text, needle, after)
            assert occurrences.starts(needle, limit, after) == (
                want if limit is None else want[:limit]
            )
    assert long_ones > 1000


def test_the_runs_of_three_words_are_where_they_begin_as_words() -> None:
    text = "the budget was delayed, the budget was cut\nand the budget was saved"
    runs = Occurrences(text).runs()
    assert runs["the budget was"] == [0, 24, 47]
    assert runs["was delayed, the"] == [11]
    assert "cut and the" not in runs  # a line break is part of a word, not a space
