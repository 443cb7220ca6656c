"""Words standing side by side: run-together prefixes ("primini"), prefixes typed with spaces
("pri mini") and mistyped words find the passage where the words are neighbours, even when
many passages hold the same words apart."""

from __future__ import annotations

import pytest

from reader.core.search.index import SearchIndex
from reader.core.search.inverted import Budget, InvertedIndex

FILLER = [
    "The minister spoke at length before the prime time broadcast on Monday.",
    "A prime example was given by the minister for transport.",
    "Ministers said prime rates would stay where they were.",
    "Officials said that the minister had that prime report on the desk.",
]


@pytest.fixture
def crowded() -> SearchIndex:
    """Hundreds of passages holding "prime" and "minister" apart, one holding them together."""
    idx = SearchIndex()
    for i in range(150):
        idx.add_passages(f"f{i}", f"Filler {i}", FILLER)
    idx.add_passages("target", "Target", ["Yesterday the prime minister said that melissa left."])
    return idx


@pytest.mark.parametrize("typed", ["primini", "pri mini", "prmin", "prime min"])
def test_neighbouring_words_rank_first(crowded: SearchIndex, typed: str) -> None:
    hits = crowded.query(typed)
    assert hits[0].article == "target", typed
    assert "prime minister" in hits[0].snippet.lower()
    assert hits[0].snippet[hits[0].start : hits[0].end].lower().startswith("pr")


def test_run_together_highlight_marks_the_typed_letters(crowded: SearchIndex) -> None:
    hit = crowded.query("primini")[0]
    marked = "".join(hit.snippet[p] for p in hit.positions).lower()
    assert marked == "primini"


def test_mistyped_neighbouring_words_rank_first(crowded: SearchIndex) -> None:
    hits = crowded.query("sqid tht melsisa")
    assert hits[0].article == "target"


def test_typing_letter_by_letter_gives_what_a_cold_query_gives(crowded: SearchIndex) -> None:
    typed = "pri mini"
    for end in range(1, len(typed) + 1):
        crowded.query(typed[:end])
    warm = [(h.article, h.passage_index, h.score) for h in crowded.query(typed)]
    crowded.clear_caches()
    cold = [(h.article, h.passage_index, h.score) for h in crowded.query(typed)]
    assert warm == cold
    assert warm[0][0] == "target"


def test_run_together_parts_apart_are_no_match() -> None:
    idx = SearchIndex()
    idx.add_passages("apart", "A", ["the prime time show with the minister"])
    idx.add_passages("together", "T", ["the prime minister arrived"])
    hits = idx.query("primini")
    assert [h.article for h in hits] == ["together"]


def test_chain_checks_within_its_budget_and_resumes() -> None:
    index = InvertedIndex()
    for i in range(40):
        index.add("prime minister" if i % 10 == 0 else "prime rate and the minister")
    index.refresh()
    found, unchecked = index.chain(("pri", "mini"), Budget(15))
    assert found.bit_count() == 2 and unchecked.bit_count() == 25
    found, unchecked = index.chain(("pri", "mini"), Budget(100))
    assert found.bit_count() == 4 and unchecked == 0
    # a longer chain reuses the shorter one's result: nothing left to check
    budget = Budget(100)
    found, unchecked = index.chain(("pri", "minis"), budget)
    assert found.bit_count() == 4 and budget.left == 96


def test_a_query_in_one_article_does_not_narrow_later_queries(crowded: SearchIndex) -> None:
    assert all(h.article == "f3" for h in crowded.query("sqid tht melsisa", article="f3"))
    assert crowded.query("sqid tht melsisa")[0].article == "target"
    assert crowded.query("pri mini", article="f3")[0].article == "f3"
    assert crowded.query("pri mini")[0].article == "target"
