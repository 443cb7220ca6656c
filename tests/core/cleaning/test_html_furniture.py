"""HTML pages: page furniture among an article's paragraphs (advertisement markers,
a wiki's cross-reference notes, sharing widgets, copyright lines), headings that link to their
own place, and bylines written a little differently from the author's name."""

from __future__ import annotations

import lxml.html

from reader.core.cleaning import html_repairs
from reader.core.cleaning.html import extract
from reader.core.cleaning.html_repairs import without_furniture, without_repeats
from reader.core.models import Block

PARAGRAPHS = [
    "The council voted on Tuesday to rebuild the old harbour wall, ending a debate that has "
    "run for more than a decade in the small coastal town.",
    "Engineers say the wall, built in 1891, has been losing stones to winter storms since the "
    "1990s, and that another bad season could breach it entirely.",
    "Residents packed the meeting hall. Several spoke in favour of the plan, while others "
    "worried about the cost and the months of building work on the quay.",
    "The work is expected to start next spring and to last about eighteen months, according "
    "to the council's own estimate published alongside the vote.",
]


def blocks(*texts: str) -> tuple[Block, ...]:
    return tuple(Block("paragraph", text) for text in texts)


def texts(found: tuple[Block, ...]) -> list[str]:
    return [block.text for block in found]


def test_advertisement_markers_between_paragraphs_are_left_out() -> None:
    found = blocks(PARAGRAPHS[0], "Advertisement", PARAGRAPHS[1],
                   "Continue reading the main story", PARAGRAPHS[2])  # fmt: skip
    assert texts(without_furniture(found)) == PARAGRAPHS[:3]


def test_cross_reference_notes_are_left_out_but_prose_that_mentions_them_stays() -> None:
    prose = (
        "The harbour was first walled in 1891; see also: the town's own history, which "
        "tells how the stones were brought by sea from a quarry up the coast. "
    ) * 3
    hatnote = "This article is about the town. For other uses, see Harbour (disambiguation)."
    found = (
        Block("paragraph", hatnote),
        Block("heading", "History", 2),
        Block("paragraph", "Main article: History of the harbour"),
        Block("paragraph", PARAGRAPHS[0]),
        Block("paragraph", "See also: List of harbours"),
        Block("paragraph", prose),
    )
    assert texts(without_furniture(found)) == ["History", PARAGRAPHS[0], prose]


def test_a_like_or_share_widget_is_left_out_with_its_buttons() -> None:
    found = (
        *blocks(*PARAGRAPHS[:2]),
        Block("heading", "Like this:", 3),
        *blocks("Like", "Loading..."),
        *blocks(*PARAGRAPHS[2:]),
    )
    assert texts(without_furniture(found)) == PARAGRAPHS


def test_a_heading_called_share_with_text_under_it_stays() -> None:
    found = (Block("heading", "Share", 2), *blocks(*PARAGRAPHS))
    assert texts(without_furniture(found)) == ["Share", *PARAGRAPHS]


def test_copyright_lines_at_the_end_are_left_out() -> None:
    found = blocks(*PARAGRAPHS, "Copyright © 1998 - 2016 Example Inc. All Rights Reserved")
    assert texts(without_furniture(found)) == PARAGRAPHS


def test_nothing_but_furniture_is_left_as_it_is() -> None:
    found = blocks("Advertisement", "Copyright 2024 Example Inc.")
    assert without_furniture(found) == found


def test_a_byline_with_a_nickname_or_a_date_run_into_it_is_not_shown_twice() -> None:
    for line in ("Richard (R.J.) Eskow", "by Lucas Nolan22 Dec 2016"):
        author = "Richard Eskow" if line.startswith("Richard") else "Lucas Nolan"
        found = blocks(line, *PARAGRAPHS)
        assert texts(without_repeats(found, "Harbour wall to be rebuilt", author)) == PARAGRAPHS


def test_a_short_line_that_names_other_people_stays() -> None:
    found = blocks("Richard and Maria spoke first.", *PARAGRAPHS)
    assert texts(without_repeats(found, "Harbour wall", "Richard Eskow")) == texts(found)


def test_links_to_a_place_in_the_page_are_taken_out_of_headings_only() -> None:
    root = lxml.html.document_fromstring(
        '<body><h2 id="z"><a class="toclink" href="#z">Understanding Z-Score</a></h2>'
        '<h3><a href="https://example.com/other">Another story</a></h3>'
        '<p><a href="#z">back to the section</a></p></body>'
    )
    assert html_repairs._unlinked_headings(root)
    assert root.find(".//h2").text == "Understanding Z-Score"
    assert root.find(".//h2").find("a") is None
    assert root.find(".//h3").find("a") is not None  # a teaser of another page stays a link
    assert root.find(".//p").find("a") is not None


def test_a_heading_that_links_to_itself_is_kept_in_the_article() -> None:
    body = "".join(
        f'<h2 id="s{n}"><a class="toclink" href="#s{n}">Section number {n}</a></h2><p>{text}</p>'
        for n, text in enumerate(PARAGRAPHS * 2)
    )
    page = (
        "<!DOCTYPE html><html><head><title>Harbour wall to be rebuilt</title></head><body>"
        f'<nav><a href="/">Home</a></nav><article>{body}</article></body></html>'
    )
    headings = [block.text for block in extract(page).blocks if block.kind == "heading"]
    assert "Section number 1" in headings and "Section number 6" in headings


def test_a_page_without_heading_anchors_is_handed_on_untouched() -> None:
    page = (
        "<html><body><h2>Plain</h2><p>" + PARAGRAPHS[0] + '</p><a href="#top">Top</a></body></html>'
    )
    assert html_repairs.page_prepared(page) is page
