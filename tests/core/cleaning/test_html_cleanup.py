"""HTML pages: text a browser never shows, teasers of other pages, sidebar menus and sections
about other pages at the end are left out, on small pages written here."""

from __future__ import annotations

from reader.core.cleaning import html_choice, html_repairs
from reader.core.cleaning.html import clean_html
from reader.core.models import Block, RawDocument

PARAGRAPHS = [
    "The council voted on Tuesday to rebuild the old harbour wall, ending a debate that has "
    "run for more than a decade in the small coastal town.",
    "Engineers say the wall, built in 1891, has been losing stones to winter storms since the "
    "1990s, and that another bad season could breach it entirely.",
    "Residents packed the meeting hall. Several spoke in favour of the plan, while others "
    "worried about the cost and the months of building work on the quay.",
    "The work is expected to start next spring and to last about eighteen months, according "
    "to the council's own estimate published alongside the vote.",
    "A public consultation on the design opens next week and runs until the end of April, the "
    "council said in a statement on its website.",
]


def page(body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour wall to be rebuilt</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>{body}</article>
<footer>Copyright 2024 The Coastal Times. All rights reserved.</footer>
</body></html>"""


def paragraphs(texts: list[str] = PARAGRAPHS) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def shown(body: str) -> str:
    return clean_html(RawDocument(name="page.html", text=page(body), format="html")).text


def blocks(texts: list[str]) -> tuple[Block, ...]:
    return tuple(Block("paragraph", text) for text in texts)


def test_text_a_browser_does_not_show_is_left_out() -> None:
    body = (
        f'<p><span aria-hidden="true">Listen to this article</span>{PARAGRAPHS[0]}</p>'
        + paragraphs(PARAGRAPHS[1:3])
        + '<div style="color: red; display:none"><p>Sign in to keep reading.</p></div>'
        + "<p hidden>Your session has expired, please log in again.</p>"
        + '<p hidden="until-found">The full minutes of the meeting are on the website.</p>'
        + paragraphs(PARAGRAPHS[3:])
    )
    text = shown(body)
    assert PARAGRAPHS[0] in text
    assert "Listen to this article" not in text
    assert "Sign in" not in text
    assert "session has expired" not in text
    assert "full minutes of the meeting" in text  # found by a search: meant to be read


def test_teasers_of_other_pages_are_left_out() -> None:
    teaser = "Ever come home from a day of shopping and wondered why on earth you… Read more"
    kept = "The vote was close... Read more about the council on its website."
    found = html_repairs.without_teasers(blocks([*PARAGRAPHS[:2], teaser, kept, *PARAGRAPHS[2:]]))
    assert [block.text for block in found] == [*PARAGRAPHS[:2], kept, *PARAGRAPHS[2:]]


def test_an_excerpt_that_is_the_whole_text_is_kept() -> None:
    excerpt = blocks([PARAGRAPHS[0] + " Engineers say the wall… Read more"])
    assert html_repairs.without_teasers(excerpt) == excerpt


def test_a_sidebar_menu_after_the_article_is_left_out() -> None:
    menu = ["Official links:", "Our shop", "Bug tracker", "Support on Twitter"]
    read = blocks(PARAGRAPHS[1:])
    traf = blocks([PARAGRAPHS[0], *PARAGRAPHS[1:], *menu])  # more text, and a menu
    chosen, extractor = html_choice.choose(read, traf)
    assert extractor == "trafilatura"
    assert [block.text for block in chosen] == PARAGRAPHS


def test_short_lines_under_a_heading_readability_has_or_one_or_two_are_kept() -> None:
    read = blocks(PARAGRAPHS)
    links = blocks(['"Harbour walls". Coast Pages.', "Council minutes, 2024."])
    assert html_repairs.without_trailing_scraps(read + links, read) == read + links
    heading = (Block("heading", "External links", 2),)
    listed = read + heading + blocks(["Coast Pages", "Harbour Trust", "Council minutes"])
    assert html_repairs.without_trailing_scraps(listed, read + heading) == listed
    # A heading that is part of the menu, not of readability's text, goes with it.
    menu = read + blocks(["Coast Pages", "Harbour Trust"]) + heading + blocks(["Our shop"])
    assert html_repairs.without_trailing_scraps(menu, read) == read


def test_a_section_of_other_columns_at_the_end_is_left_out() -> None:
    other = (
        "<h2>Other Opinion Columns</h2><h3>Fraser’s lasting legacy</h3>"
        "<p>An effective prime minister, a relentless contributor, thinker and reformer.</p>"
    )
    text = shown(paragraphs() + other)
    assert PARAGRAPHS[-1] in text
    assert "lasting legacy" not in text
