"""Keyboard selection rules (pure functions, no terminal)."""

from __future__ import annotations

from reader.core.cleaning.clean import clean
from reader.core.models import RawDocument
from reader.ui.selection import Selection, by_passage, by_sentence, by_word, start_in

TEXT = "A title\n\nFirst sentence here. Second one, “quoted.” Third!\n\nAnother passage with words."


def article():  # type: ignore[no-untyped-def]
    return clean(RawDocument("a.txt", TEXT, "text"))


def selected(sel: Selection) -> str:
    return article().text[sel.start : sel.end]


def test_a_selection_starts_on_the_first_word_of_the_passage() -> None:
    a = article()
    first = next(i for i, s in enumerate(a.sections) if s.text.startswith("First"))
    assert selected(start_in(a, first)) == "First"  # type: ignore[arg-type]
    assert start_in(a, 99) is None


def test_words_sentences_and_passages_extend_and_shrink() -> None:
    a = article()
    text = a.text
    first = next(i for i, s in enumerate(a.sections) if s.text.startswith("First"))
    sel = start_in(a, first)
    assert sel is not None
    sel = by_word(text, sel, 2)
    assert selected(sel) == "First sentence here."
    assert selected(by_word(text, sel, -1)) == "First sentence"
    assert selected(by_word(text, Selection(sel.start, sel.start + 5), -1)) == "First"  # floor
    sel = by_sentence(text, start_in(a, first), 1)  # type: ignore[arg-type]
    assert selected(sel) == "First sentence here."
    sel = by_sentence(text, sel, 1)
    assert selected(sel) == "First sentence here. Second one, “quoted.”"
    assert selected(by_sentence(text, sel, -1)) == "First sentence here."
    whole = by_passage(a, sel, 1)
    assert selected(whole).endswith("Third!")
    across = by_passage(a, whole, 1)  # a span may cross passages
    assert selected(across).endswith("Another passage with words.")
    assert by_passage(a, across, 1) == across  # never past the text
    assert selected(by_passage(a, across, -1)).endswith("Third!")
