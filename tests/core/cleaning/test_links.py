"""Links kept in the article model (Markdown and saved pages), and where removed lines stood."""

from __future__ import annotations

from reader.core.cleaning.clean import clean, clean_text
from reader.core.cleaning.links import aligned, placed
from reader.core.library.articles import LoadedArticle
from reader.core.library.codec import deserialise, serialise
from reader.core.models import Block, Link, RawDocument

PARAGRAPH = "The harbour is old and the boats are many. " * 8

PAGE = f"""<html><head><title>The Harbour</title>
<link rel="canonical" href="https://harbour.example/story"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>The Harbour</h1><p>{PARAGRAPH}See <a href="https://example.org/map">the map</a>
and <a href="javascript:alert(1)">this</a>.</p><h2>Boats</h2><p>{PARAGRAPH}</p>
<h2>People</h2><p>{PARAGRAPH}<a href="other.html">Other</a></p></article>
<footer>Copyright 2020 Harbour Inc. All rights reserved</footer></body></html>"""


def _links(article) -> list[tuple[str, str]]:
    return [(article.text[link.start : link.end], link.target) for link in article.links]


def test_markdown_links_are_kept_with_their_text_and_target() -> None:
    article = clean_text(
        "# Title\n\nSome [link  text](http://a.example/c) and [two](rel/x).\n\n## Sub\n\n"
        "A [heading link](#sub) here.",
        fmt="markdown",
    )
    assert _links(article) == [
        ("link text", "http://a.example/c"),
        ("two", "rel/x"),
        ("heading link", "#sub"),
    ]


def test_a_saved_page_keeps_its_links_and_lists_what_the_extractor_left_out() -> None:
    article = clean(RawDocument(name="page.html", text=PAGE, format="html"))
    assert [s.text for s in article.sections if s.kind == "heading"] == ["Boats", "People"]
    assert _links(article) == [
        ("the map", "https://example.org/map"),
        ("this", "javascript:alert(1)"),
        ("Other", "other.html"),
    ]
    assert article.url == "https://harbour.example/story"
    removed = {line.text: line for line in article.removed}
    assert removed["Home News"].after == -1  # before the title
    footer = removed["Copyright 2020 Harbour Inc. All rights reserved"]
    assert footer.reason == "copyright footer"
    assert footer.after == len(article.sections) - 1


def test_removed_lines_of_a_text_dump_know_where_they_stood() -> None:
    article = clean_text(
        "Menu\nHome\nNews\n\nThe Title Of It\n\n"
        + "A paragraph of text. " * 12
        + "\n\nSubscribe to our newsletter\n"
    )
    where = {line.text: line.after for line in article.removed}
    assert where["Menu"] == -1
    assert where["Subscribe to our newsletter"] == len(article.sections) - 1


def test_placed_finds_each_link_after_the_one_before() -> None:
    links = placed("a b a b", [("a", "1"), ("a", "2"), ("zz", "3")])
    assert links == (Link(0, 1, "1"), Link(4, 5, "2"))


def test_aligned_takes_links_only_from_a_matching_page_block() -> None:
    blocks = (Block("paragraph", "Home is where the heart is, they say, and so on."),)
    page = (
        Block("paragraph", "Home", links=(Link(0, 4, "/"),)),
        Block("paragraph", blocks[0].text, links=(Link(0, 4, "/home"),)),
    )
    out, removed = aligned([], blocks, page)
    assert out[0].links == (Link(0, 4, "/home"),)
    assert [line.text for line in removed] == ["Home"]


def test_the_cache_keeps_links_removed_positions_and_the_url() -> None:
    document = RawDocument(name="page.html", text=PAGE, format="html")
    article = clean(document)
    loaded = LoadedArticle("k", document, article)
    back = deserialise(serialise(loaded), "k", document).article
    assert back.links == article.links
    assert back.removed == article.removed
    assert back.url == article.url
    assert back.blocks == article.blocks
