"""Re-anchoring all of an article's highlights at once finds each where one at a time would,
and still orphans a highlight rather than moving it to a copy of its passage."""

from __future__ import annotations

import random
from pathlib import Path

from reader.core.models import Bookmark
from reader.core.storage.anchoring import CONTEXT, make_bookmark, reanchored, reanchored_all
from reader.core.storage.store import Store
from reader.core.storage.windows import PART, Scan

PLACES = ["Lagos", "Manila", "Brno", "Osaka", "Accra", "Lyon", "Hamburg", "Valencia"]
THINGS = ["budget", "ferry service", "pension reform", "rail strike", "water supply"]
SENTENCES = [
    "Officials in {place} said the {thing} had been delayed for {n} months.",
    "Residents of {place} gathered outside the town hall to protest against the {thing}.",
    "The {thing} is expected to improve further, according to figures published on {day}.",
    "Analysts said the {thing} could stall if the council failed to reach an agreement.",
    "In {place}, the {thing} has divided opinion since it was first proposed {n} years ago.",
    "Critics say the {thing} favours large companies over households in {place}.",
    "The last time the {thing} was changed, in {year}, thousands took to the streets.",
    "Union members will vote on the offer on {day}, a spokesman said.",
    "The company declined to comment.",
    "Hospitals in {place} reported a shortage of nurses and beds over the weekend.",
]
DAYS = ["Monday", "Tuesday", "Friday", "Sunday"]


def sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES).format(
        place=rng.choice(PLACES),
        thing=rng.choice(THINGS),
        n=rng.randint(2, 95),
        day=rng.choice(DAYS),
        year=rng.randint(1990, 2023),
    )


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(count)]


def highlights(text: str, rng: random.Random, count: int) -> list[Bookmark]:
    made = []
    for _ in range(count):
        start = text.index(" ", rng.randrange(0, len(text) - 200)) + 1
        end = text.index(" ", start + rng.randint(15, 120))
        made.append(make_bookmark("k", "t", "", text, start, end, colour="yellow"))
    return made


def edited(rng: random.Random, parts: list[str]) -> str:
    """Paragraphs inserted, one deleted, one printed twice, a tenth of them reworded."""
    parts = list(parts)
    for _ in range(4):
        parts.insert(rng.randrange(len(parts)), " ".join(paragraphs(rng, 1)))
    del parts[rng.randrange(len(parts))]
    parts.insert(rng.randrange(len(parts)), rng.choice(parts))
    for i in rng.sample(range(len(parts)), len(parts) // 10):
        words = parts[i].split(" ")
        for _ in range(max(1, len(words) // 8)):
            words[rng.randrange(len(words))] = rng.choice(THINGS + PLACES)
        parts[i] = " ".join(words)
    return "\n\n".join(parts)


def test_all_at_once_finds_each_highlight_where_one_at_a_time_would() -> None:
    rng = random.Random(20240501)
    states = set()
    for _ in range(3):
        parts = paragraphs(rng, 40)
        text = "\n\n".join(parts)
        marks = highlights(text, rng, 60)
        changed = edited(rng, parts)
        together = reanchored_all(marks, changed)
        assert together == [reanchored(mark, changed) for mark in marks]
        states |= {mark.state for mark in together}
    assert states == {"exact", "moved", "orphaned"}  # the set exercises every outcome


def test_a_highlight_on_a_repeated_paragraph_is_orphaned_not_moved_to_the_copy() -> None:
    rng = random.Random(7)
    parts = paragraphs(rng, 30)
    twice = "Analysts said the budget could stall if the council failed to reach an agreement."
    parts[10] = f"Officials in Lyon said the budget had been delayed for 7 months. {twice}"
    parts[20] = parts[10]
    text = "\n\n".join(parts)
    at = text.rindex(twice)
    mark = make_bookmark("k", "t", "", text, at, at + len(twice))
    others = highlights(text, rng, 20)
    # The highlighted copy's sentence is deleted; the other copy, with the same neighbours,
    # stays: it is like the quote, but not the highlighted passage.
    changed = text[:at] + text[at + len(twice) :]
    assert changed.count(twice) == 1
    [again, *_rest] = reanchored_all([mark, *others], changed)
    assert again.orphaned


def test_a_highlight_on_a_near_twin_sentence_deleted_is_orphaned() -> None:
    rng = random.Random(11)
    parts = paragraphs(rng, 30)
    one = "The central bank left interest rates unchanged at 27 percent for a second time."
    twin = "The central bank left interest rates unchanged at 47 percent for a third time."
    parts[5] = f"Markets were calm on Monday. {one} Traders had expected a cut."
    parts[25] = f"Critics say the rules favour large companies. {twin}"
    text = "\n\n".join(parts)
    at = text.index(one)
    mark = make_bookmark("k", "t", "", text, at, at + len(one))
    changed = text.replace(f" {one}", "")
    [again, *_rest] = reanchored_all([mark, *highlights(text, rng, 20)], changed)
    assert again.orphaned


def test_the_store_reanchors_an_article_as_one_at_a_time_would(tmp_path: Path) -> None:
    rng = random.Random(3)
    parts = paragraphs(rng, 30)
    text = "\n\n".join(parts)
    marks = highlights(text, rng, 25)
    changed = edited(rng, parts)
    with Store(tmp_path / "store.sqlite3") as store:
        for mark in marks:
            store.add_bookmark(mark)
        result = store.reanchor_bookmarks("k", changed)
        stored = {mark.id: mark for mark in store.bookmarks("k")}
    by_id = {mark.id: reanchored(mark, changed) for mark in marks}
    assert {mark.id: mark for mark in result} == by_id
    assert stored == by_id


def test_a_scan_answers_again_as_it_did_and_knows_whether_a_window_is_alike() -> None:
    text = "The budget was delayed. The budget was delayed again. Nothing else happened."
    scan = Scan(text)
    assert scan.occurrences("The budget was delayed") == [0, 24]
    assert scan.occurrences("The budget", 1) == [0]
    assert scan.occurrences("The budget") == [0, 24]
    assert scan.occurrences("aa") == []
    window = scan.best("The budget was delayd", 24, len(text), 70.0)
    assert window is not None and text[window.start : window.end].startswith("The budget")
    assert scan.best("The budget was delayd", 24, len(text), 70.0) == window
    assert scan.has("The budget was delayd", 24, len(text), window.score)
    assert not scan.has("The budget was delayd", 24, len(text), window.score + 1)
    assert scan.best("Nothing like it at all here", 0, 20, 90.0) is None
    assert not scan.has("Nothing like it at all here", 0, 20, 95.0)


def test_a_long_article_is_reanchored_all_at_once_as_one_at_a_time() -> None:
    """Long enough for the first search of each edited quote to be made in parts (the
    runners-up then searched for again only about the window found)."""
    rng = random.Random(2)
    parts = paragraphs(rng, 150)
    text = "\n\n".join(parts)
    assert len(text) > 3 * PART
    marks = highlights(text, rng, 80)
    changed = edited(rng, parts)
    together = reanchored_all(marks, changed)
    assert together == [reanchored(mark, changed) for mark in marks]
    assert {mark.state for mark in together} == {"exact", "moved", "orphaned"}


def test_a_sentence_reworded_is_not_moved_to_a_copy_of_it_with_its_old_neighbours() -> None:
    """The highlighted sentence with its context, exactly once, elsewhere: a paragraph printed
    again as it read before the highlighted one was reworded. Its words occur where the
    highlight was, so the careful search decides: the reworded sentence, or none."""
    rng = random.Random(13)
    parts = paragraphs(rng, 40)
    one = "The ministry said the new ferry timetable would start in the first week of June."
    before, after = (
        "Markets were calm across the region on Monday.",
        "Traders had expected the bank to cut its rates.",
    )
    parts[8] = f"{before} {one} {after}"
    text = "\n\n".join(parts)
    at = text.index(one)
    mark = make_bookmark("k", "t", "", text, at, at + len(one))
    assert f"{mark.prefix}{one}{mark.suffix}" in parts[8]  # the context is the paragraph's
    reworded = one.replace("first week", "second week").replace("new ferry", "ferry")
    changed_parts = list(parts)
    changed_parts[8] = parts[8].replace(one, reworded)
    changed_parts.insert(30, parts[8])  # the paragraph as it read, printed again later
    changed = "\n\n".join(changed_parts)
    [again, *_rest] = reanchored_all([mark, *highlights(text, rng, 20)], changed)
    assert again.orphaned or again.quote == reworded


def test_a_reworded_highlight_with_a_twin_of_its_new_wording_keeps_a_wide_context() -> None:
    """After re-anchoring, the highlight's context is widened as at bookmarking when its new
    wording has a near-twin in the text, so that later edits cannot move it to the twin;
    and stays narrow when nothing is like it."""
    rng = random.Random(23)
    parts = paragraphs(rng, 40)
    one = "The ministry said the new ferry timetable would start in the first week of June."
    parts[8] = f"Markets were calm across the region on Monday. {one} Traders were wary."
    text = "\n\n".join(parts)
    at = text.index(one)
    mark = make_bookmark("k", "t", "", text, at, at + len(one))
    assert len(mark.prefix) == CONTEXT
    reworded = one.replace("new ferry", "winter ferry")
    twin = reworded.replace("first week", "second week")
    alone = text.replace(one, reworded)
    [moved] = reanchored_all([mark], alone)
    assert moved.quote == reworded and len(moved.prefix) == CONTEXT
    with_twin = alone.replace(parts[30], f"{parts[30]} {twin}")
    [moved] = reanchored_all([mark], with_twin)
    assert moved.quote == reworded and len(moved.prefix) > CONTEXT


def test_a_reworded_first_sentence_is_not_moved_to_a_copy_of_it_printed_later() -> None:
    """As above, for a highlight that began the article: only its suffix can tell the copy
    from the reworded sentence."""
    rng = random.Random(17)
    parts = paragraphs(rng, 30)
    one = "The ministry said the new ferry timetable would start in the first week of June."
    parts[0] = f"{one} Traders had expected the bank to cut its rates."
    text = "\n\n".join(parts)
    mark = make_bookmark("k", "t", "", text, 0, len(one))
    assert not mark.prefix
    reworded = one.replace("first week", "second week").replace("new ferry", "ferry")
    changed_parts = [parts[0].replace(one, reworded), *parts[1:]]
    changed_parts.insert(20, parts[0])
    [again] = reanchored_all([mark], "\n\n".join(changed_parts))
    assert again.orphaned or again.quote == reworded
