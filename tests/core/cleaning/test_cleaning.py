"""Unit tests for the article cleaner: the seed's parts, boilerplate with reasons, layouts."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.cleaning.clean import CLEANER_VERSION, clean, clean_text, normalize, text_units
from reader.core.ingest.loading import load_file
from reader.core.models import RawDocument

SEED = next((Path(__file__).parents[3] / "seeds").glob("*.txt"))

PROSE = (
    "The council met on Tuesday to discuss the new budget, which has been delayed for "
    "several months because of a dispute over school funding and road repairs."
)


def seed_article():
    return clean(load_file(SEED))


def test_seed_parts() -> None:
    article = seed_article()
    assert article.title == "Russia lauds Azerbaijan, Armenia’s adherence to Karabakh deal"
    assert article.standfirst.startswith("Foreign Ministry says")
    assert article.dateline == "MOSCOW (AA) –"
    assert article.blocks[0].text.startswith("On the first anniversary")
    assert article.source == SEED.name
    assert article.path == SEED


def test_seed_heading_and_paragraphs_kept() -> None:
    article = seed_article()
    headings = [block.text for block in article.blocks if block.kind == "heading"]
    assert headings == [
        "– Kremlin: agreement on Karabakh put end to war, paved way for peaceful life in region"
    ]
    raw_paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    # Title, standfirst, 23 body paragraphs, the heading and the cookie line.
    body = [block for block in article.blocks if block.kind == "paragraph"]
    assert len(body) == len(raw_paragraphs) - 4
    assert body[-1].text.startswith("On Nov. 10, 2020")


def test_seed_cookie_line_removed_with_reason() -> None:
    article = seed_article()
    assert [(line.reason, line.text[:25]) for line in article.removed] == [
        ("cookie banner", "This website uses cookies")
    ]
    assert "cookies" not in article.text


def test_byline_and_date_kept_apart() -> None:
    text = (
        "Council approves budget\n\nBy Jane Smith\n\nMarch 3, 2021\n\n"
        f"{PROSE}\n\n{PROSE}\n\nShare this article\n\n© 2021 Example News. All rights reserved."
    )
    article = clean_text(text)
    assert article.title == "Council approves budget"
    assert article.byline == "By Jane Smith"
    assert article.date == "March 3, 2021"
    reasons = {line.reason for line in article.removed}
    assert {"share prompt", "copyright footer"} <= reasons
    assert all(block.text == PROSE for block in article.blocks if block.kind == "paragraph")


def test_dump_navigation_and_related_links_removed() -> None:
    menu = ["Home", "World", "Politics", "Business", "Sport", "Weather"]
    related = ["Related", "Ten things to do this weekend", "Why cats purr"]
    lines = [*menu, "Council approves budget", PROSE, "Advertisement", PROSE, PROSE, *related]
    article = clean_text("\n".join(lines))
    assert article.title == "Council approves budget"
    assert [block.text for block in article.blocks] == [PROSE, PROSE, PROSE]
    reasons = {line.text: line.reason for line in article.removed}
    assert reasons["Home"] == "navigation"
    assert reasons["Advertisement"] == "advertisement"
    assert reasons["Related"] == "related links"
    assert reasons["Why cats purr"] in ("related links", "navigation")


def test_nothing_is_lost() -> None:
    lines = ["Home", "News", "Council approves budget", PROSE, "Subscribe to our newsletter"]
    article = clean_text("\n".join(lines))
    kept = article.text
    for line in lines:
        assert line in kept or line in [removed.text for removed in article.removed]


def test_wrapped_text_is_rejoined() -> None:
    words = (PROSE + " ") * 3
    wrapped, line = [], ""
    for word in words.split():
        if len(line) + len(word) + 1 > 72:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    wrapped.append(line)
    text = "A title\n\n" + "\n".join(wrapped) + "\n\n" + "\n".join(wrapped) + "\n"
    article = clean_text(text)
    assert article.title == "A title"
    assert len(article.blocks) == 2
    assert article.blocks[0].text == " ".join(words.split())


def test_one_paragraph_per_line_is_not_joined() -> None:
    units = text_units(f"{PROSE}\n{PROSE}\n{PROSE}")
    assert [unit.text for unit in units] == [PROSE, PROSE, PROSE]


def test_normalize() -> None:
    assert normalize("cafe\u0301 co\u00adop\u200b  a\tb\u00a0c") == "café coop a b c"


def test_markdown_format() -> None:
    text = f"# The title\n\n{PROSE}\n\n## A *section*\n\n{PROSE} See [the docs](http://x).\n"
    article = clean_text(text, fmt="markdown")
    assert article.title == "The title"
    assert [(block.kind, block.level) for block in article.blocks] == [
        ("paragraph", 0),
        ("heading", 2),
        ("paragraph", 0),
    ]
    assert article.blocks[1].text == "A section"
    assert article.blocks[2].text.endswith("See the docs.")


def test_source_and_warnings_from_document() -> None:
    doc = RawDocument(name="<stdin>", text=PROSE, warnings=("odd bytes",))
    article = clean(doc)
    assert article.source == "<stdin>"
    assert article.warnings == ("odd bytes",)
    assert isinstance(CLEANER_VERSION, int)


def test_degenerate_inputs() -> None:
    assert clean_text("").blocks == ()
    assert clean_text(" \n\n\t").title == ""
    only_boilerplate = clean_text("Home\nNews\nSport\nWeather\nAccept all cookies\n© 2020 X")
    assert only_boilerplate.blocks == ()
    assert len(only_boilerplate.removed) == 6
    cjk = clean_text("这是一个关于城市预算的长段落，议会在星期二开会讨论。" * 20)
    assert cjk.word_count > 0


def test_huge_line_is_linear() -> None:
    start = time.perf_counter()
    clean_text("a" * 10_000_000)
    clean_text("word, " * 1_000_000 + "(" * 100_000)
    assert time.perf_counter() - start < 10


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(["text", "markdown"]))
def test_clean_never_raises(text: str, fmt: str) -> None:
    article = clean_text(text, fmt=fmt)
    assert isinstance(article.text, str)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Home", "", PROSE, "Share", "– A heading", "x = f(y);"])))
def test_clean_never_raises_on_article_like_text(lines: list[str]) -> None:
    clean_text("\n".join(lines))


def test_first_short_line_of_a_text_file_is_its_title() -> None:
    text = "Safe headline [bold]x[/]\n\nBody RED text and a link and a bell [/] end.\n"
    article = clean_text(text)
    assert article.title == "Safe headline [bold]x[/]"
    assert [block.text for block in article.blocks] == [
        "Body RED text and a link and a bell [/] end."
    ]
    assert article.removed == ()
    unpunctuated = clean_text(f"Notes from the meeting\n\n{PROSE}\n\n{PROSE}\n")
    assert unpunctuated.title == "Notes from the meeting"


def test_a_line_or_two_is_never_emptied() -> None:
    for text in ("Home\n", "Just one line", "Home\nSearch", "Title here\n\nshort body"):
        article = clean_text(text)
        kept = [article.title, *(block.text for block in article.blocks)]
        assert all(line in kept for line in text.split("\n") if line.strip()), text
    # ... but a banner beside a real line still goes.
    article = clean_text("A short note\nAccept all cookies to continue")
    assert [line.reason for line in article.removed] == ["cookie banner"]


def _paragraph(topic: str) -> str:
    return (
        f"The {topic} was discussed at length on Tuesday, and the members agreed that the "
        f"plan for the {topic} should be published before the end of the month."
    )


def test_a_comma_list_of_names_is_not_prose() -> None:
    names = ", ".join(f"reader_{index}" for index in range(400))
    lines = ["Kudos", names, PROSE, PROSE, PROSE, "Comments", names]
    article = clean_text("\n".join(["Home", "Works", "A story", *lines[2:5], *lines[:2]]))
    assert [block.text for block in article.blocks] == [PROSE, PROSE, PROSE]
    assert names in [line.text for line in article.removed]


def test_teasers_after_a_tail_label_are_cut_even_when_longer_than_the_article() -> None:
    article_lines = [_paragraph(topic) for topic in ("budget", "school", "road", "park")]
    teasers = []  # each: a headline, a summary that reads like prose, the source's name
    for number in range(8):
        summary = f"In story {number}, {PROSE[0].lower()}{PROSE[1:]} It is still going on."
        teasers += [f"Headline number {number} about another town", summary, "Morning News"]
    lines = ["Home", "News", "Council approves budget", *article_lines, "Recommended for You"]
    article = clean_text("\n".join([*lines, *teasers, "About us", "Contact"]))
    assert [block.text for block in article.blocks] == article_lines
    assert "story 0" not in article.text


def test_a_related_box_inside_the_article_does_not_end_it() -> None:
    first = [_paragraph(topic) for topic in ("budget", "school")]
    rest = [_paragraph(topic) for topic in ("road", "park", "library")]
    box = ["Related", "Ten things to do this weekend", "Why cats purr"]
    article = clean_text(
        "\n".join(["Home", "News", "Council approves budget", *first, *box, *rest])
    )
    assert [block.text for block in article.blocks] == [*first, *rest]


def test_long_cookie_banner_and_bracketed_labels() -> None:
    banner = "We use cookies and similar technologies to personalise content and ads, " * 8
    baking = "We use cookies from the bakery next door, " + "and the children love them, " * 14
    assert len(banner) > 400 and len(baking) > 400
    article = clean_text("\n".join([banner.strip(), PROSE, baking.strip(), PROSE, "【関連記事】"]))
    reasons = {line.text: line.reason for line in article.removed}
    assert reasons[banner.strip()] == "cookie banner"
    assert reasons["【関連記事】"] == "related links"
    assert baking.strip() in article.text
