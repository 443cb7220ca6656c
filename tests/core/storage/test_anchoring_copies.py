"""Correct or orphaned, never wrong: passages with copies, stock sentences, near-twins."""

from __future__ import annotations

from reader.core.storage.anchoring import WIDE_CONTEXT, make_bookmark, reanchor

# A paragraph printed twice (a pull quote, a summary): its sentences and their neighbours
# repeat, so only the text around the whole paragraph tells the copies apart.
LEAD = "Officials in Lagos said the ferry service had been delayed for 7 months."
MIDDLE = "Analysts said the budget could stall if the port operator failed to reach an agreement."
TAIL = "Investigators have not said what caused the fire, which broke out shortly after midnight."
TWICE = f"{LEAD} {MIDDLE} {TAIL}"
BEFORE_ONE = "The transport authority announced on Monday that it would review the tax increase."
BEFORE_TWO = "Weather forecasters warned of heavy rain across the region until Sunday."
AFTER_ONE = "Residents of Osaka gathered outside the offices of the city council to protest."
AFTER_TWO = "Hospitals in Brno reported a shortage of nurses and beds over the weekend."
TEXT = (
    f"Ferry delays\n\n{BEFORE_ONE}\n\n{TWICE}\n\n{AFTER_ONE}\n\n"
    f"{BEFORE_TWO}\n\n{TWICE}\n\n{AFTER_TWO}"
)


def middle_bookmark(copy: int):
    at = TEXT.index(MIDDLE) if copy == 1 else TEXT.rindex(MIDDLE)
    return make_bookmark("k", "t", "", TEXT, at, at + len(MIDDLE))


def test_a_sentence_of_a_repeated_paragraph_keeps_context_past_the_paragraph() -> None:
    bookmark = middle_bookmark(2)
    # Wider than the twin width: out to text the other copy does not share.
    assert len(bookmark.prefix) > WIDE_CONTEXT and len(bookmark.suffix) > WIDE_CONTEXT
    assert BEFORE_TWO[-20:] in bookmark.prefix


def test_unchanged_text_finds_each_copy_where_it_was() -> None:
    for copy in (1, 2):
        bookmark = middle_bookmark(copy)
        assert reanchor(bookmark, TEXT) == (bookmark.start, bookmark.end)


def test_the_bookmarked_copy_deleted_orphans_rather_than_moving_to_the_other() -> None:
    for copy in (1, 2):
        bookmark = middle_bookmark(copy)
        at = bookmark.start
        # Only the bookmarked sentence goes; the other copy, with the same neighbours, stays.
        changed = TEXT[:at] + TEXT[bookmark.end + 1 :]
        assert changed.count(MIDDLE) == 1
        assert reanchor(bookmark, changed) is None


def test_the_bookmarked_copy_reworded_is_never_confused_with_the_unchanged_one() -> None:
    reworded = MIDDLE.replace("could stall", "might stall").replace("port operator", "port")
    for copy in (1, 2):
        bookmark = middle_bookmark(copy)
        changed = TEXT[: bookmark.start] + reworded + TEXT[bookmark.end :]
        span = reanchor(bookmark, changed)
        # The unchanged copy is more like the quote, and its neighbours are the same: only
        # the right place (the reworded sentence) or orphaned will do.
        assert span is None or changed[span[0] : span[1]] == reworded


def test_text_inserted_between_the_copies_never_moves_a_bookmark_to_the_other() -> None:
    inserted = "Talks between the union and the railway ended without a deal on Friday.\n\n"
    for copy in (1, 2):
        bookmark = middle_bookmark(copy)
        changed = TEXT.replace(f"{BEFORE_TWO}\n\n", f"{BEFORE_TWO}\n\n{inserted}")
        span = reanchor(bookmark, changed)
        if span is not None:
            expected = changed.index(MIDDLE) if copy == 1 else changed.rindex(MIDDLE)
            assert span == (expected, expected + len(MIDDLE))


STOCK = "The company declined to comment."
STORY = (
    "Shares fall\n\n"
    "Shares in Atlas Shipping fell 12 percent in early trading after the announcement. "
    f"{STOCK} The chairman is expected to step down in the spring.\n\n"
    "Union members will vote on the offer on Friday, a spokesman said."
)


def test_a_stock_sentence_whose_own_place_is_gone_is_not_moved_to_another() -> None:
    at = STORY.index(STOCK)
    bookmark = make_bookmark("k", "t", "", STORY, at, at + len(STOCK))
    # The sentence is deleted; a new paragraph elsewhere says the same stock thing.
    changed = STORY.replace(f"{STOCK} ", "") + (
        f"\n\nThe port operator raised its fees by 4 percent. {STOCK}"
    )
    assert reanchor(bookmark, changed) is None


def test_a_stock_sentence_with_its_context_is_still_found() -> None:
    at = STORY.index(STOCK)
    bookmark = make_bookmark("k", "t", "", STORY, at, at + len(STOCK))
    changed = "Updated at noon.\n\n" + STORY
    start, end = reanchor(bookmark, changed)
    assert changed[start:end] == STOCK


def test_a_deleted_sentence_is_not_moved_to_a_near_twin_elsewhere() -> None:
    sentence = "The central bank left interest rates unchanged at 27 percent for a second time."
    twin = "The central bank left interest rates unchanged at 47 percent for a third time."
    text = f"Rates\n\nMarkets were calm on Monday. {sentence} Traders had expected a cut."
    at = text.index(sentence)
    bookmark = make_bookmark("k", "t", "", text, at, at + len(sentence))
    # The sentence is deleted; a paragraph further on has a sentence much like it.
    changed = (
        f"Rates\n\nMarkets were calm on Monday. Traders had expected a cut.\n\n{AFTER_ONE}"
        f"\n\n{BEFORE_ONE}\n\nCritics say the rules favour large companies. {twin}"
    )
    assert reanchor(bookmark, changed) is None


def test_a_lightly_edited_sentence_beside_its_old_neighbours_is_found() -> None:
    sentence = "The central bank left interest rates unchanged at 27 percent for a second time."
    text = f"Rates\n\nMarkets were calm on Monday. {sentence} Traders had expected a cut."
    at = text.index(sentence)
    bookmark = make_bookmark("k", "t", "", text, at, at + len(sentence))
    edited = sentence.replace("for a second time", "for the second time")
    changed = "Rates\n\nAn editor's note.\n\n" + text.replace(sentence, edited)
    span = reanchor(bookmark, changed)
    assert span is not None and changed[span[0] : span[1]] == edited


def test_a_long_passage_moved_elsewhere_and_edited_is_still_found() -> None:
    passage = f"{LEAD} {MIDDLE} {TAIL} {AFTER_TWO}"
    text = f"Title\n\n{BEFORE_ONE}\n\n{passage}\n\n{AFTER_ONE}\n\n{BEFORE_TWO}"
    at = text.index(passage)
    bookmark = make_bookmark("k", "t", "", text, at, at + len(passage))
    edited = passage.replace("7 months", "seven months").replace("Brno", "Brno and Lyon")
    # The paragraphs reordered: none of the passage's context is beside it any more.
    changed = f"Title\n\n{AFTER_ONE}\n\n{BEFORE_TWO}\n\n{BEFORE_ONE}\n\n{edited}"
    span = reanchor(bookmark, changed)
    assert span is not None
    assert changed[span[0] : span[1]] == edited
