"""HTML pages: which extractor's text is used, and when the repairs are not trusted."""

from __future__ import annotations

from reader.core.cleaning import html_choice
from reader.core.cleaning.html import extract
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
    "A public consultation on the design opens next week and runs until the end of April, the "
    "council said in a statement on its website.",
]
GALLERY = [
    f"Picture {n} of the week: a ferry leaves the port in a storm, a fishing boat comes home "
    f"with its catch, and the lighthouse keeper walks the pier at dawn in the rain."
    for n in range(1, 13)
]


def blocks(texts: list[str]) -> tuple[Block, ...]:
    return tuple(Block("paragraph", text) for text in texts)


def test_the_extractor_whose_text_holds_the_others_and_more_is_taken() -> None:
    three, five = blocks(PARAGRAPHS[:3]), blocks(PARAGRAPHS)
    assert html_choice.choose(five, three) == (five, "readability")
    assert html_choice.choose(three, five) == (five, "trafilatura")


def test_paragraphs_a_page_repeats_do_not_make_a_superset_too_long() -> None:
    # trafilatura keeps a paragraph once that the page prints twice: readability's text is
    # twice as long, yet holds nothing else, and is taken.
    twice = blocks(PARAGRAPHS[:2] * 2 + PARAGRAPHS[2:] * 2)
    once = blocks(PARAGRAPHS)
    assert html_choice.choose(twice, once) == (twice, "readability")


def test_a_text_far_longer_than_the_one_inside_it_gives_way_to_that_one() -> None:
    # trafilatura ran on into a gallery of other stories: five times readability's text.
    read = blocks(PARAGRAPHS)
    traf = blocks(PARAGRAPHS + GALLERY)
    assert html_choice.choose(read, traf) == (read, "readability")
    assert html_choice.choose(traf, read) == (read, "trafilatura")


def test_when_the_extractors_disagree_trafilaturas_text_is_taken() -> None:
    read, traf = blocks(PARAGRAPHS[:3] + GALLERY[:2]), blocks(PARAGRAPHS[2:] + GALLERY[5:7])
    assert html_choice.choose(read, traf) == (traf, "trafilatura")


def test_repairs_that_leave_little_of_the_text_fall_back_to_the_superset_extractor() -> None:
    read, traf = blocks(PARAGRAPHS), blocks(PARAGRAPHS[:4])
    chosen, _ = html_choice.choose(read, traf)
    kept = chosen[:4]  # a repair took out one paragraph in five: trusted
    assert html_choice.checked(kept, chosen, read, traf) == (kept, None)
    cut = chosen[:2]  # a repair took out most of it: readability's superset, as found
    assert html_choice.checked(cut, chosen, read, traf) == (read, "readability")
    # Neither text holds the other: trafilatura's.
    other = blocks(GALLERY[:4])
    assert html_choice.checked(cut[:1], other, read[:1], other) == (other, "trafilatura")


LONG = [
    f"{text} The harbour master said the plan had been a long time coming, and that boats "
    "using the quay would be moved to the north side while the builders were at work."
    for text in PARAGRAPHS
]


def test_a_related_heading_early_in_a_long_article_does_not_cut_it_in_two() -> None:
    # A heading that opens a section about other pages, past the middle of the blocks but
    # with most of the article's words after it: cutting there would lose most of the text.
    short = [f"Short note {n} on the harbour wall vote, from the council chamber." for n in "ABCDE"]
    body = "".join(f"<p>{text}</p>" for text in short) + "<h2>Related</h2>"
    body += "".join(f"<p>{text}</p>" for text in LONG)
    page = (
        "<html><head><title>Harbour wall to be rebuilt</title></head><body><article>"
        f"{body}</article></body></html>"
    )
    texts = [block.text for block in extract(page).blocks]
    assert all(text in texts for text in LONG)
    assert texts.index(short[0]) < texts.index(LONG[0])
