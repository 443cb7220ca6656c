"""Bookmarks find their passage again after the article's text changes, or say they cannot."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.storage.anchoring import CONTEXT, make_bookmark, reanchor, reanchored

PASSAGE = (
    "The council met on Tuesday to discuss the new budget, which has been delayed for "
    "several months because of a dispute over school funding and road repairs."
)
TEXT = (
    "Budget talks resume\n\n"
    "Officials gathered in the town hall after a long summer break.\n\n"
    f"{PASSAGE}\n\n"
    "The mayor said a decision would come before the end of the year."
)


def passage_bookmark(text: str = TEXT, passage: str = PASSAGE):
    start = text.index(passage)
    return make_bookmark(
        "key1", "Budget talks resume", "/news/budget.txt", text, start, start + len(passage)
    )


def test_make_bookmark_keeps_quote_context_offsets_and_a_uuid() -> None:
    bookmark = passage_bookmark()
    start = TEXT.index(PASSAGE)
    assert bookmark.quote == PASSAGE
    assert (bookmark.start, bookmark.end) == (start, start + len(PASSAGE))
    assert bookmark.prefix == TEXT[start - CONTEXT : start]
    assert bookmark.suffix == TEXT[start + len(PASSAGE) : start + len(PASSAGE) + CONTEXT]
    assert uuid.UUID(bookmark.id).version == 4
    assert bookmark.created.endswith("Z") and bookmark.updated == bookmark.created
    assert not bookmark.orphaned


def test_make_bookmark_at_the_edges_of_the_text_has_short_context() -> None:
    bookmark = make_bookmark("k", "t", "", "Hello world", 0, 5)
    assert (bookmark.prefix, bookmark.quote, bookmark.suffix) == ("", "Hello", " world")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (3, 100), (4, 2)])
def test_make_bookmark_rejects_an_empty_or_outside_span(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="Cannot bookmark"):
        make_bookmark("k", "t", "", "Hello world", start, end)


def test_unchanged_text_keeps_the_offsets() -> None:
    bookmark = passage_bookmark()
    assert reanchor(bookmark, TEXT) == (bookmark.start, bookmark.end)


def test_text_inserted_before_shifts_the_offsets() -> None:
    bookmark = passage_bookmark()
    inserted = "Editor's note: this story was updated on Wednesday.\n\n"
    changed = inserted + TEXT
    span = reanchor(bookmark, changed)
    assert span == (bookmark.start + len(inserted), bookmark.end + len(inserted))
    assert changed[span[0] : span[1]] == PASSAGE


def test_repeated_quote_prefers_the_occurrence_with_matching_context() -> None:
    text = "Alpha one. The same sentence here. Beta two. The same sentence here. Gamma three."
    second = text.rindex("The same sentence here.")
    bookmark = make_bookmark("k", "t", "", text, second, second + len("The same sentence here."))
    # The text before both occurrences grows; the context still picks the second.
    changed = "Preface. " + text.replace("Alpha one.", "Alpha one, longer now.")
    start, end = reanchor(bookmark, changed)
    assert changed[start - len(" Beta two. ") : start] == " Beta two. "
    assert changed[start:end] == "The same sentence here."


def test_a_small_edit_inside_the_passage_is_found_fuzzily() -> None:
    bookmark = passage_bookmark()
    edited = PASSAGE.replace("several months", "many months").replace("road", "bridge")
    changed = "A new first line.\n\n" + TEXT.replace(PASSAGE, edited)
    span = reanchor(bookmark, changed)
    assert span is not None
    assert changed[span[0] : span[1]] == edited


def test_reanchored_takes_the_new_wording_and_keeps_the_note() -> None:
    bookmark = passage_bookmark()
    bookmark = type(bookmark)(**{**bookmark.__dict__, "note": "check the figures"})
    edited = PASSAGE.replace("Tuesday", "Wednesday")
    moved = reanchored(bookmark, TEXT.replace(PASSAGE, edited))
    assert moved.quote == edited and not moved.orphaned
    assert moved.note == "check the figures" and moved.id == bookmark.id


def test_a_passage_that_is_gone_is_orphaned_not_moved() -> None:
    bookmark = passage_bookmark()
    changed = TEXT.replace(PASSAGE, "Nothing about that any more.")
    assert reanchor(bookmark, changed) is None
    orphan = reanchored(bookmark, changed)
    assert orphan.orphaned
    # The stored quote is kept: it is all that is left of the passage.
    assert (orphan.quote, orphan.start, orphan.end) == (PASSAGE, bookmark.start, bookmark.end)


def test_a_heavily_rewritten_passage_is_orphaned() -> None:
    bookmark = passage_bookmark()
    rewritten = "On Tuesday councillors finally argued about money for schools and roads."
    assert reanchor(bookmark, TEXT.replace(PASSAGE, rewritten)) is None


def test_a_short_quote_needs_its_context() -> None:
    start = TEXT.index("budget")
    bookmark = make_bookmark("k", "t", "", TEXT, start, start + len("budget"))
    # The same word elsewhere, with other words around it, is not the bookmarked place.
    assert reanchor(bookmark, "Another budget entirely, in another article.") is None
    # With its context intact, a typo fixed in the word itself is still found.
    changed = "New line.\n\n" + TEXT.replace("new budget", "new budgets")
    start, end = reanchor(bookmark, changed)
    assert changed[start:end].startswith("budget")


def test_empty_text_orphans() -> None:
    assert reanchor(passage_bookmark(), "") is None


@settings(max_examples=60, deadline=None)
@given(before=st.text(max_size=200), after=st.text(max_size=200))
def test_an_unchanged_passage_is_always_found_exactly(before: str, after: str) -> None:
    bookmark = passage_bookmark()
    changed = before + TEXT + after
    span = reanchor(bookmark, changed)
    assert span is not None
    assert changed[span[0] : span[1]] == PASSAGE


OTHER = "Residents gathered outside the offices of the port operator to protest against the plan."
LATER = "Talks between the union and the railway on the timetable ended without a deal."


def test_a_repeated_paragraph_whose_own_copy_is_gone_is_orphaned_not_moved() -> None:
    text = f"Title\n\n{PASSAGE}\n\n{OTHER}\n\n{PASSAGE}\n\n{LATER}"
    start = text.rindex(PASSAGE)
    bookmark = make_bookmark("k", "t", "", text, start, start + len(PASSAGE))
    # The bookmarked (second) copy is deleted; the first, with other text around it, remains.
    changed = f"Title\n\n{PASSAGE}\n\n{OTHER}\n\n{LATER}"
    assert reanchor(bookmark, changed) is None
    orphan = reanchored(bookmark, changed)
    assert orphan.orphaned and orphan.quote == PASSAGE


def test_two_identical_passages_are_never_mistaken_for_each_other() -> None:
    text = f"Title\n\n{OTHER}\n\n{PASSAGE}\n\nA short middle paragraph.\n\n{PASSAGE}\n\n{LATER}"
    first = text.index(PASSAGE)
    second = text.rindex(PASSAGE)
    for at, before in ((first, OTHER), (second, "A short middle paragraph.")):
        bookmark = make_bookmark("k", "t", "", text, at, at + len(PASSAGE))
        # Text inserted at the top and a word changed in both copies. Both copies are still
        # there, and paragraphs that move carry their surroundings with them, so the copy
        # with the bookmark's context may not be the bookmarked one: right place or orphaned.
        edited = PASSAGE.replace("several months", "many months")
        changed = "Editor's note: updated.\n\n" + text.replace(PASSAGE, edited)
        span = reanchor(bookmark, changed)
        if span is not None:
            assert changed[span[0] : span[1]] == edited
            assert changed[: span[0]].endswith(before + "\n\n")


def test_an_ambiguous_pair_with_no_telling_context_is_orphaned() -> None:
    bookmark = passage_bookmark()
    # Two copies of the passage (one a little edited), neither with the bookmark's context.
    edited = PASSAGE.replace("road repairs", "bridge repairs")
    changed = f"Something else entirely.\n\n{PASSAGE}\n\n{OTHER}\n\n{edited}\n\n{LATER}"
    assert reanchor(bookmark, changed) is None
    assert reanchored(bookmark, changed).orphaned


def test_a_reworded_passage_is_never_moved_to_an_unchanged_copy_of_it() -> None:
    text = f"Title\n\n{OTHER}\n\n{PASSAGE}\n\n{LATER}\n\nSummary.\n\n{PASSAGE}"
    start = text.index(PASSAGE)
    bookmark = make_bookmark("k", "t", "", text, start, start + len(PASSAGE))
    # The bookmarked copy is reworded; the quote still occurs verbatim in the summary. Had
    # the paragraphs been moved about too, the summary could sit where the passage was:
    # the reworded passage, or orphaned, never the copy.
    edited = PASSAGE.replace("several months", "many months").replace("road", "bridge")
    changed = text.replace(PASSAGE, edited, 1)
    span = reanchor(bookmark, changed)
    assert span is None or changed[span[0] : span[1]] == edited
