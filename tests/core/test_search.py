"""SearchIndex and find_in_text: what a user typing into the search box gets back."""

from __future__ import annotations

import threading

import pytest

from reader.core.models import Article, Block, Entity
from reader.core.search import SearchIndex, find_in_text

SUMMIT = Article(
    title="Talks Resume in Vienna",
    blocks=(
        Block("paragraph", "The OSCE Minsk Group met on Monday to discuss the ceasefire."),
        Block("heading", "Reactions", level=2),
        Block("paragraph", "The prime minister said the government would review the plan."),
        Block("paragraph", "Critics said the minister was not prime material for the job."),
    ),
)

BUDGET = Article(
    title="Budget Deficit Narrows",
    blocks=(
        Block("paragraph", "The chancellor said the budget deficit would narrow next year."),
        Block("paragraph", "Analysts expected the prime ministers of both countries to meet."),
    ),
)


@pytest.fixture
def index() -> SearchIndex:
    idx = SearchIndex()
    idx.add_article("summit", SUMMIT)
    idx.add_article("budget", BUDGET)
    return idx


def texts(hits) -> list[str]:
    return [h.snippet for h in hits]


def test_exact_phrase_ranks_first_with_top_score(index: SearchIndex) -> None:
    hits = index.query("prime minister ")
    assert hits[0].article == "summit" and hits[0].passage_index == 3
    assert hits[0].score == 100
    assert all(h.score < 100 for h in hits[1:])
    assert {h.passage_index for h in hits if h.article == "summit"} >= {3, 4}


def test_word_order_does_not_matter_but_ranks_lower(index: SearchIndex) -> None:
    hits = index.query("minister prime")
    assert {(h.article, h.passage_index) for h in hits} >= {("summit", 3), ("summit", 4)}
    assert hits[0].score < 100


@pytest.mark.parametrize(
    "typed",
    ["govenment", "goverment", "governmnet", "govermnent rewiew", "gvrnmnt", "gov wou rev"],
)
def test_typos_dropped_letters_and_prefixes_find_the_passage(
    index: SearchIndex, typed: str
) -> None:
    hits = index.query(typed)
    assert (hits[0].article, hits[0].passage_index) == ("summit", 3)


def test_initials_find_an_organisation(index: SearchIndex) -> None:
    hits = index.query("osce mg")
    assert (hits[0].article, hits[0].passage_index) == ("summit", 1)


@pytest.mark.parametrize("typed", ["primini", "budef", "chasaid"])
def test_prefixes_typed_without_spaces(index: SearchIndex, typed: str) -> None:
    hits = index.query(typed)
    assert hits, typed
    expected = {"primini": "prime minister", "budef": "budget deficit", "chasaid": "chancellor"}
    assert expected[typed] in hits[0].snippet.lower()


def test_every_prefix_of_a_query_returns_quickly_and_sensibly(index: SearchIndex) -> None:
    query = "budget deficit"
    for end in range(1, len(query) + 1):
        hits = index.query(query[:end])
        assert hits, query[:end]
    assert "budget deficit" in hits[0].snippet.lower()


def test_snippet_marks_the_matched_characters(index: SearchIndex) -> None:
    hit = index.query("prime minister")[0]
    assert hit.snippet[hit.start : hit.end].lower() == "prime minister"
    marked = "".join(hit.snippet[p] for p in hit.positions).lower()
    assert "primeminister" in marked


def test_typo_highlight_marks_only_matching_letters(index: SearchIndex) -> None:
    hit = index.query("goverment")[0]
    word = hit.snippet[hit.start : hit.end]
    assert word == "government"
    marked = "".join(hit.snippet[p] for p in hit.positions)
    assert marked == "goverment"


def test_long_passage_snippet_is_a_window_with_ellipses() -> None:
    filler = " ".join(f"word{i}" for i in range(80))
    idx = SearchIndex()
    idx.add_passages("long", "Long", [f"{filler} the hidden needle is here {filler}"])
    hit = idx.query("hidden needle")[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= 162
    assert hit.snippet[hit.start : hit.end] == "hidden needle"
    assert all(hit.snippet[p] != " " for p in hit.positions)


def test_kinds_and_passage_indexes() -> None:
    article = Article(
        title="Vienna Talks",
        blocks=(
            Block("paragraph", "Sergei Lavrov arrived in Vienna."),
            Block("paragraph", "Later Lavrov left Vienna again."),
        ),
    )
    text = article.text
    entities = [
        Entity(text.index("Sergei Lavrov"), text.index("Sergei Lavrov") + 13, "PERSON"),
        Entity(text.index("Vienna."), text.index("Vienna."), "PLACE"),  # empty: ignored
        Entity(text.rindex("Vienna"), text.rindex("Vienna") + 6, "PLACE"),
        Entity(text.index("Vienna", 10), text.index("Vienna", 10) + 6, "PLACE"),
    ]
    idx = SearchIndex()
    idx.add_article("k", article, entities)
    hits = idx.query("vienna")
    kinds = sorted((h.kind, h.passage_index) for h in hits)
    # the title, both passages, and one entity hit (deduplicated) at its first mention
    assert kinds == [("entity", 1), ("passage", 1), ("passage", 2), ("title", 0)]
    person = [h for h in idx.query("lavrov") if h.kind == "entity"]
    assert [(h.snippet, h.passage_index) for h in person] == [("Sergei Lavrov", 1)]
    assert all(h.title == "Vienna Talks" for h in hits)


def test_article_scope(index: SearchIndex) -> None:
    assert {h.article for h in index.query("prime")} == {"summit", "budget"}
    assert {h.article for h in index.query("prime", article="budget")} == {"budget"}
    assert index.query("prime", article="missing") == []


def test_cancelled_query_returns_nothing(index: SearchIndex) -> None:
    assert index.query("prime minister", cancelled=lambda: True) == []
    assert index.query("prime minister", cancelled=lambda: False)


def test_min_score_and_limit(index: SearchIndex) -> None:
    hits = index.query("prime minister", min_score=99)
    assert [h.score for h in hits] == [100]
    assert len(index.query("the", limit=2)) == 2


def test_no_match_and_empty_queries(index: SearchIndex) -> None:
    assert index.query("") == []
    assert index.query("   ,. ") == []
    assert index.query("xylophone") == []


def test_remove_and_replace_article(index: SearchIndex) -> None:
    index.remove_article("budget")
    assert all(h.article != "budget" for h in index.query("deficit"))
    replaced = Article(title="Summit", blocks=(Block("paragraph", "Entirely new words."),))
    index.add_article("summit", replaced)
    assert index.query("osce") == []
    assert index.query("entirely new")[0].article == "summit"


def test_bookmarks_are_searchable_and_survive_reindexing(index: SearchIndex) -> None:
    index.add_bookmark("summit", SUMMIT.title, 3, "review the plan — check this later")
    hits = [h for h in index.query("check this later") if h.kind == "bookmark"]
    assert [(h.article, h.passage_index) for h in hits] == [("summit", 3)]
    index.add_article("summit", SUMMIT)
    assert any(h.kind == "bookmark" for h in index.query("check this later"))
    index.remove_article("summit")
    assert not index.query("check this later")


def test_punctuation_and_case_are_ignored() -> None:
    idx = SearchIndex()
    idx.add_passages("p", "P", ["He said: “Don’t stop!” — and LEFT."])
    assert idx.query("don't stop")[0].score == 100
    assert idx.query("DON T STOP")[0].score == 100


def test_many_removals_compact_the_index() -> None:
    idx = SearchIndex()
    for i in range(1200):
        idx.add_passages(f"a{i}", f"Title {i}", [f"passage number {i} about apples"])
    for i in range(1100):
        idx.remove_article(f"a{i}")
    hits = idx.query("apples", limit=500)
    assert sorted({h.article for h in hits}) == sorted(f"a{i}" for i in range(1100, 1200))


def test_query_from_a_worker_thread_while_adding() -> None:
    idx = SearchIndex()
    idx.add_passages("first", "First", ["the quick brown fox"])
    errors: list[BaseException] = []

    def search() -> None:
        try:
            for _ in range(50):
                idx.query("quick fox")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    worker = threading.Thread(target=search)
    worker.start()
    for i in range(50):
        idx.add_passages(f"k{i}", "T", [f"another quick fox number {i}"])
    worker.join()
    assert not errors
    assert len(idx.query("quick fox", limit=100)) == 51


def test_find_in_text_exact_phrase_spans() -> None:
    text = "The Prime Minister met the prime minister's deputy. Prime ministers agree."
    spans = find_in_text("prime minister", text)
    assert [text[s:e] for s, e in spans] == ["Prime Minister", "prime minister"]


def test_find_in_text_fuzzy_and_run_together() -> None:
    text = "The OSCE Minsk Group met the goverment in Minsk."
    assert [text[s:e] for s, e in find_in_text("government", text)] == ["goverment"]
    assert [text[s:e] for s, e in find_in_text("osce mg", text)] == ["OSCE Minsk Group"]
    assert [text[s:e] for s, e in find_in_text("minsk", text)] == ["Minsk", "Minsk"]
    assert find_in_text("", text) == []
    assert find_in_text("zebra", text) == []


def test_two_letter_word_missing_a_letter(index: SearchIndex) -> None:
    hits = index.query("minister ws not")
    assert "minister was not" in hits[0].snippet.lower()
    assert find_in_text("minister ws not", "The minister was not there") == [(4, 20)]
