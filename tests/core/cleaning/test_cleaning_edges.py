"""Short sentences at the edges of an article are the article's, not its menus or footers."""

from __future__ import annotations

from reader.core.cleaning.clean import clean_text


def test_a_short_closing_sentence_is_kept_when_a_note_is_added_above() -> None:
    text = (
        "Editor's note: corrected.\n\n"
        "Harbour report from Oslo\n\n"
        "The port authority in Oslo said on Monday that berth 7 would reopen.\n\n"
        "A second paragraph worth keeping for later.\n"
    )
    assert "A second paragraph worth keeping for later." in clean_text(text).text


def test_a_footer_after_the_text_still_goes() -> None:
    text = (
        "Harbour plan approved\n\n"
        "The port authority in Oslo said on Monday that the new berth would reopen in May, "
        "after two years of repairs that cost more than expected.\n\n"
        "All rights reserved. Copyright 2024 Example News.\n"
    )
    cleaned = clean_text(text).text
    assert "berth would reopen" in cleaned
    assert "All rights reserved" not in cleaned
