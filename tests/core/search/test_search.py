"""SearchIndex and find_in_text: what a user typing into the search box gets back."""

from __future__ import annotations

import random
import threading

import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA

from reader.core.models import Article, Block, Entity
from reader.core.search import ranking
from reader.core.search.bitsets import bits_from_ids
from reader.core.search.index import SearchIndex
from reader.core.search.inverted import InvertedIndex
from reader.core.search.matching import find_in_text
from reader.core.search.terms import typo_limit

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


def _named(title: str, text: str, names: list[str]) -> tuple[Article, list[Entity]]:
    article = Article(title=title, blocks=(Block("paragraph", text),))
    full = article.text
    return article, [Entity(full.index(n), full.index(n) + len(n), "ORG") for n in names]


def test_entity_names_are_one_document_expanded_per_article() -> None:
    idx = SearchIndex()
    for i in range(5):
        article, entities = _named(f"T{i}", f"Story {i} about the World Bank.", ["World Bank"])
        idx.add_article(f"k{i}", article, entities)
    article, entities = _named("Odd", "The WORLD bank again.", ["WORLD bank"])
    idx.add_article("odd", article, entities)
    assert idx._index.size == 6 * 2 + 1  # titles and passages, and one document for the name
    hits = [h for h in idx.query("world bank", limit=50) if h.kind == "entity"]
    assert [h.article for h in hits] == ["k0", "k1", "k2", "k3", "k4", "odd"]
    assert [h.title for h in hits] == ["T0", "T1", "T2", "T3", "T4", "Odd"]
    assert hits[0].snippet == "World Bank" and hits[-1].snippet == "WORLD bank"
    assert all(h.score == 100 and h.passage_index == 1 for h in hits)
    assert len(idx.query("world bank", limit=3)) == 3
    scoped = [h.article for h in idx.query("world bank", article="k3") if h.kind == "entity"]
    assert scoped == ["k3"]


def test_entity_name_removed_with_its_last_article_and_back_again() -> None:
    idx = SearchIndex()
    for key in ("a", "b"):
        article, entities = _named(key, "Minsk Group met.", ["Minsk Group"])
        idx.add_article(key, article, entities)
    idx.remove_article("a")
    assert [h.article for h in idx.query("minsk group") if h.kind == "entity"] == ["b"]
    idx.remove_article("b")
    assert idx.query("minsk group") == []
    article, entities = _named("c", "Minsk Group again.", ["Minsk Group"])
    idx.add_article("c", article, entities)
    assert [h.article for h in idx.query("minsk group") if h.kind == "entity"] == ["c"]


def test_compaction_keeps_entity_names() -> None:
    idx = SearchIndex()
    for i in range(1200):
        article, entities = _named(f"T{i}", f"Item {i} on the Red Cross.", ["Red Cross"])
        idx.add_article(f"a{i}", article, entities)
    for i in range(1195):
        idx.remove_article(f"a{i}")
    hits = [h for h in idx.query("red cross", limit=50) if h.kind == "entity"]
    assert [h.article for h in hits] == [f"a{i}" for i in range(1195, 1200)]
    assert len(idx._doc_text) < 1200  # compacted on the way


def test_common_word_beginnings_are_taken_as_typed() -> None:
    """A word that begins words of many passages skips dropped-letter and run-together
    readings (costly, rarely meant); a rare one keeps them."""
    idx = SearchIndex()
    idx.add_passages("p", "P", [f"the more the merrier {i}" for i in range(40)] + ["a major one"])
    hits = idx.query("mor", limit=100)
    assert len(hits) == 40 and all("more" in h.snippet for h in hits)  # not "major" (m-o-r)
    idx.add_passages("q", "Q", ["the building stood"])
    assert idx.query("bld")[0].article == "q"  # dropped letters: still found


def test_broad_prefix_still_grades_every_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-letter word stands for more words than are listed (`inverted.BROAD`): tokens are
    matched against it one by one, with the same result."""
    idx = SearchIndex()
    idx.add_passages("many", "Many", [f"filler t{i:04d}x word alpha" for i in range(1500)])
    idx.add_passages("target", "Target", ["the alpha tango met"])
    broad = idx.query("alpha t")
    assert broad[0].article == "target"
    assert broad[0].snippet[broad[0].start : broad[0].end] == "alpha t"  # the typed letters
    monkeypatch.setattr(ranking, "BROAD", 10**9)
    idx.clear_caches()
    assert idx.query("alpha t") == broad


def test_holding_finds_letters_in_order_shortest_first() -> None:
    index = InvertedIndex()
    for text in ("building bold blade", "bald bird", "ballad"):
        index.add(text)
    index.refresh()
    assert index.holding("bld") == ["bald", "bold", "blade", "ballad", "building"]
    assert index.holding("bxd") == [] and index.holding("zz") == []


def _vocabulary(n: int, seed: int = 7) -> list[str]:
    """n made-up words of one first letter, mostly 6 to 9 letters, a few of 12 to 14."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bdgklmnprst" for v in "aeiou"]

    def word(syllables_in: int) -> str:
        return "r" + "".join(rng.choice(syllables) for _ in range(syllables_in))

    words = {word(rng.choice((3, 3, 4))) for _ in range(n)}
    words |= {word(6) + "s" for _ in range(n // 20)}
    return sorted(words)


def _edits(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))
    c = rng.choice("abdeiklmnoprstu")
    return rng.choice(
        (
            word[:i] + c + word[i + 1 :],
            word[:i] + word[i + 1 :],
            word[:i] + c + word[i:],
            word[:i] + word[i + 1 : i + 2] + word[i] + word[i + 2 :],
        )
    )


def test_typo_candidates_narrowed_by_pieces_miss_nothing() -> None:
    """Over thousands of words of one letter and length, typos are looked for only among
    words holding a piece of the typed word (`InvertedIndex.near`): the same words are found,
    in the same order, as by checking every word."""
    words = _vocabulary(6000)
    index = InvertedIndex()
    for start in range(0, len(words), 50):
        index.add(" ".join(words[start : start + 50]))
    index.refresh()
    rng = random.Random(3)
    typed = rng.sample(words, 150)
    typed += [_edits(w, rng) for w in typed] + [_edits(_edits(w, rng), rng) for w in typed]
    narrowed = 0
    for text in typed:
        limit = typo_limit(text)
        every = index.bucket("r", len(text) - limit, len(text) + limit)
        near = index.near(text, limit)
        narrowed += len(near) < len(every)
        kept = set(near)
        assert near == [w for w in every if w in kept], text  # bucket order
        full = process.extract(text, every, scorer=OSA.distance, score_cutoff=limit, limit=None)
        found = process.extract(text, near, scorer=OSA.distance, score_cutoff=limit, limit=None)
        assert [w for w, _, _ in found] == [w for w, _, _ in full], text
    assert narrowed > len(typed) // 2  # the pieces were used, not only the whole scan


def test_broad_bitsets_made_with_the_index_match_gathered_ones() -> None:
    """Bitsets of frequent words and three-letter prefixes, made when the index is built and
    kept up to date as documents are added, equal those gathered from postings."""
    index = InvertedIndex()
    for i in range(2100):
        index.add(f"the theatre then {'rare' if i % 7 else 'thunder'} word{i % 300}")
    index.refresh()  # built at once
    for i in range(40):
        index.add(f"thesis {i} the end")
    index.refresh()  # extended
    assert "the" in index._short and "the" in index._dense
    for prefix in ("the", "thu", "th", "t", "wor", "rar"):
        assert index.prefix_bits(prefix) == index.bits_of(index.words_with_prefix(prefix))
    for word in ("the", "theatre", "rare"):
        assert index.bits_of([word]) == bits_from_ids([index.postings[word]], index.size)


def test_a_typo_is_found_when_a_piece_of_the_typed_word_recurs_in_the_word() -> None:
    """A piece that occurs several times, overlapping, in a word ("aaa" in "bcaaaaaydzf")
    is looked at in every place: the one near its typed offset finds the word."""
    rng = random.Random(1)
    filler = {"b" + "".join(rng.choice("klmnoprtuv") for _ in range(rng.randint(9, 13)))}
    while len(filler) < 3000:  # enough words of that letter and length to narrow
        filler.add("b" + "".join(rng.choice("klmnoprtuv") for _ in range(rng.randint(9, 13))))
    words = sorted(filler)
    index = SearchIndex()
    index.add_passages("filler", "", [" ".join(words[i : i + 50]) for i in range(0, 3000, 50)])
    index.add_passages("target", "", ["a passage about bcaaaaaydzf"])
    assert [hit.article for hit in index.query("bcaxaaaaydef")] == ["target"]
