"""Outline, links, history, reading positions and the original view, without a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.cleaning.clean import clean_text
from reader.core.models import Article, Block, RemovedLine
from reader.core.navigation import links, outline, position
from reader.core.navigation.history import History, Place
from reader.core.navigation.original import opens_uncleaned, original_of

MARKDOWN = (
    "# The Harbour\n\nIntro paragraph about the harbour.\n\n## Boats\n\nBoats come and go.\n\n"
    "### Small boats\n\nDinghies mostly.\n\n## People\n\nPeople live here."
)


def test_the_outline_lists_headings_with_depth_and_finds_the_current_one() -> None:
    article = clean_text(MARKDOWN, fmt="markdown")
    headings = outline.outline(article)
    assert [h.text for h in headings] == ["Boats", "Small boats", "People"]
    assert outline.depth(headings) == [0, 1, 0]
    dinghies = next(i for i, s in enumerate(article.sections) if s.text == "Dinghies mostly.")
    assert headings[outline.current(headings, dinghies)].text == "Small boats"
    assert outline.current(headings, 0) is None
    assert outline.step(headings, dinghies, +1) == headings[2].section
    assert outline.step(headings, dinghies, -1) == headings[1].section
    assert outline.step(headings, headings[2].section, +1) is None


def test_a_text_dump_has_the_subheadings_the_cleaner_recognises() -> None:
    prose = "This is a long paragraph of prose that ends a sentence properly. " * 4
    article = clean_text(f"A Title Line Here\n\n{prose}\n\nWhat Happened Next\n\n{prose}\n")
    assert [h.text for h in outline.outline(article)] == ["What Happened Next"]


@pytest.mark.parametrize(
    ("target", "base", "url", "followable"),
    [
        ("https://a.example/x", "", "https://a.example/x", True),
        ("other.html", "https://h.example/dir/page", "https://h.example/dir/other.html", True),
        ("/root", "http://h.example/dir/page", "http://h.example/root", True),
        ("  https://a.example/\n", "", "https://a.example/", True),
        ("other.html", "", "other.html", False),
        ("#section", "https://h.example/", "#section", False),
        ("javascript:alert(1)", "https://h.example/", "javascript:alert(1)", False),
        ("JavaScript:alert(1)", "", "JavaScript:alert(1)", False),
        ("data:text/html,<script>", "", "data:text/html,<script>", False),
        ("file:///etc/passwd", "", "file:///etc/passwd", False),
        ("mailto:a@b.example", "", "mailto:a@b.example", False),
        ("http:///nohost", "", "http:///nohost", False),
        ("https://a.example/\x1b[31m", "", "https://a.example/\x1b[31m", False),
    ],
)
def test_links_resolve_and_only_http_and_https_are_followed(
    target: str, base: str, url: str, followable: bool
) -> None:
    resolved = links.resolve(target, base)
    assert (resolved.url, resolved.followable) == (url, followable)
    assert bool(resolved.why) != followable


def test_a_very_long_link_is_not_followed_and_is_shown_cut() -> None:
    long = "https://a.example/" + "x" * 10_000
    assert not links.resolve(long).followable
    shown = links.shown(long)
    assert len(shown) == links.SHOWN + 1 and shown.endswith("…")


def test_targets_are_shown_with_escapes_visible() -> None:
    assert links.shown("a\x1b[2Jb\u202ec") == "a\\x1b[2Jb\\u202ec"
    assert links.shown("[bold]x[/]") == "[bold]x[/]"  # markup is only text here


def test_osc8_targets_are_plain_ascii_http_urls() -> None:
    assert links.osc8_target("https://a.example/é x") == "https://a.example/%C3%A9%20x"
    assert links.osc8_target("javascript:alert(1)") is None
    assert links.osc8_target("https://a.example/\x07") == "https://a.example/"  # trimmed
    assert links.osc8_target("https://a.example/a\x1b\\b") is None


def test_history_goes_back_and_forward_like_a_browser() -> None:
    history = History()
    a, b, c = Place("a", 0), Place("b", 3), Place("c", 1)
    assert history.back(a) is None
    history.jumped(a)  # a -> b
    history.jumped(b)  # b -> c
    assert history.back(c) == b
    assert history.back(b) == a
    assert history.forward(a) == b
    history.jumped(b)  # a new jump forgets forward
    assert not history.can_go_forward
    history.forget("a")
    assert history.back(Place("d", 0)) == b
    assert history.back(b) is None


def test_the_position_survives_a_re_extraction_that_adds_a_paragraph() -> None:
    before = clean_text(MARKDOWN, fmt="markdown")
    index = next(i for i, s in enumerate(before.sections) if s.text == "Dinghies mostly.")
    anchor = position.anchor(before, index, offset=3)
    added = MARKDOWN.replace("## Boats", "A new paragraph.\n\n## Boats")
    after = clean_text(added, fmt="markdown")
    found, offset = position.locate(after, anchor)
    assert after.sections[found].text == "Dinghies mostly." and found == index + 1
    assert offset == 3
    gone = clean_text(MARKDOWN.replace("Dinghies mostly.", "Rowing boats."), fmt="markdown")
    assert position.locate(gone, anchor)[0] == position.section_at(gone, anchor.start)
    assert position.locate(before, position.Anchor("", section=2)) == (2, 0)


def test_percent_is_how_far_through_the_text_reading_stands() -> None:
    article = clean_text(MARKDOWN, fmt="markdown")
    last = len(article.sections) - 1
    assert position.percent(article, last) == 100
    assert 0 < position.percent(article, 0) < position.percent(article, 3) < 100


def test_the_original_view_puts_removed_lines_back_in_their_place() -> None:
    article = Article(
        title="T",
        blocks=(Block("paragraph", "One."), Block("paragraph", "Two.")),
        removed=(
            RemovedLine("Menu", "navigation", -1),
            RemovedLine("Share", "share prompt", 1),
            RemovedLine("© 2024", "copyright footer", 2),
        ),
    )
    original = original_of(article)
    assert [s.text for s in original.sections] == ["Menu", "T", "One.", "Share", "Two.", "© 2024"]
    assert original.reasons == {0: "navigation", 3: "share prompt", 5: "copyright footer"}
    assert original.to_original == (1, 2, 4)
    assert original.to_cleaned == (0, 0, 1, 1, 2, 2)
    assert all(original.text[s.start : s.end] == s.text for s in original.sections)


def test_sources_rules_open_a_site_or_folder_uncleaned(tmp_path: Path) -> None:
    page = Article(title="x", blocks=(), url="https://news.example.com/a", source="Example")
    rules = {"example.com": {"clean": False}, "keep.example.com": {"clean": True}}
    assert opens_uncleaned(rules, page)
    assert not opens_uncleaned(
        rules, Article(title="x", blocks=(), url="https://keep.example.com/")
    )
    assert opens_uncleaned(
        {"Example": {"clean": False}}, Article(title="", blocks=(), source="Example")
    )
    folder = tmp_path / "raw"
    folder.mkdir()
    inside = Article(title="x", blocks=(), path=folder / "a.txt")
    assert opens_uncleaned({str(folder): {"clean": False}}, inside)
    assert not opens_uncleaned({str(tmp_path / "other"): {"clean": False}}, inside)
