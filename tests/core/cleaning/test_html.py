"""HTML pages -> Article: main text, metadata, headings, and nothing from scripts."""

from __future__ import annotations

from pathlib import Path

from reader.core.cleaning.clean import clean
from reader.core.cleaning.html import EXTRACTOR_VERSION, clean_html, extract
from reader.core.ingest.loading import load_file
from reader.core.models import RawDocument

BODY = [
    "The council voted on Tuesday to rebuild the old harbour wall, ending a debate that has "
    "run for more than a decade in the small coastal town.",
    "Engineers say the wall, built in 1891, has been losing stones to winter storms since the "
    "1990s, and that another bad season could breach it entirely.",
    "Residents packed the meeting hall. Several spoke in favour of the plan, while others "
    "worried about the cost and the months of building work on the quay.",
    "The work is expected to start next spring and to last about eighteen months, according "
    "to the council's own estimate published alongside the vote.",
]


def page(*, extra_body: str = "", script: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour wall to be rebuilt - The Coastal Times</title>
<meta property="og:title" content="Harbour wall to be rebuilt">
<meta property="og:site_name" content="The Coastal Times">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<script>var secret = "SCRIPT-TEXT-MUST-NOT-SHOW"; document.write(secret);</script>
<style>.x {{ content: "STYLE-TEXT-MUST-NOT-SHOW" }}</style>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour wall to be rebuilt</h1>
<p class="byline">By Maria Lopez</p>
{paragraphs}
<h2>What happens next</h2>
<p>A public consultation on the design opens next week and runs until the end of April, the
council said in a statement on its website.</p>
{extra_body}
<script>console.log("INLINE-SCRIPT-MUST-NOT-SHOW")</script>
</article>
<footer>Copyright 2024 The Coastal Times. All rights reserved. Privacy policy.</footer>
{script}
</body></html>"""


def doc(text: str, name: str = "page.html") -> RawDocument:
    return RawDocument(name=name, text=text, format="html")


def test_title_author_date_and_site_name_are_found() -> None:
    article = clean_html(doc(page()))
    assert article.title == "Harbour wall to be rebuilt"
    assert article.byline == "Maria Lopez"
    assert article.date == "2024-03-05"
    assert article.source == "The Coastal Times"


def test_the_main_text_is_kept_and_the_page_furniture_dropped() -> None:
    article = clean_html(doc(page()))
    for paragraph in BODY:
        assert paragraph in article.text
    assert "All rights reserved" not in article.text
    assert "Sport" not in article.text


def test_headings_keep_their_level() -> None:
    article = clean_html(doc(page()))
    headings = [(b.text, b.level) for b in article.blocks if b.kind == "heading"]
    assert ("What happens next", 2) in headings
    # The page's h1 repeats the title: it is not repeated in the body.
    assert all(b.text != article.title for b in article.blocks)


def test_script_and_style_content_never_appears() -> None:
    text = clean_html(doc(page(script="<script>alert('BODY-SCRIPT-MUST-NOT-SHOW')</script>"))).text
    assert "MUST-NOT-SHOW" not in text


def test_markup_like_text_comes_through_literally() -> None:
    extra = "<p>The sign read [bold]x[/] and [red]danger[/red], in square brackets.</p>"
    article = clean_html(doc(page(extra_body=extra)))
    assert "[bold]x[/] and [red]danger[/red]" in article.text


def test_inline_markup_does_not_split_words() -> None:
    found = extract(
        "<html><body><article>"
        + "".join(f"<p><span class='drop'>W</span>ords and <b>bold</b> text {n}. {BODY[0]}</p>"
                  for n in range(4))
        + "</article></body></html>"
    )  # fmt: skip
    assert found.blocks[0].text.startswith("Words and bold text 0.")


def test_control_characters_from_entities_are_removed() -> None:
    extra = "<p>Escape &#27;[31mred&#27;[0m and a bell &#7; here.</p>"
    text = clean_html(doc(page(extra_body=extra))).text
    assert "\x1b" not in text and "\x07" not in text


def test_a_page_without_an_article_shows_its_text_with_a_warning() -> None:
    article = clean_html(doc("<html><body><p>Hi</p></body></html>", "tiny.html"))
    assert "Hi" in article.text
    assert article.source == "tiny.html"


def test_an_empty_page_gives_an_empty_article() -> None:
    article = clean_html(doc("<html><body></body></html>"))
    assert article.blocks == ()


def test_html_files_load_and_clean_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "saved.htm"
    path.write_text(page(), encoding="utf-8")
    article = clean(load_file(path))
    assert article.title == "Harbour wall to be rebuilt"
    assert article.path == path
    assert BODY[1] in article.text


def test_broken_markup_does_not_crash() -> None:
    for text in (
        "<html><body><p>Unclosed <b>bold <i>and",
        "<<<>>>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>" + BODY[0] + "</p></body></html>",
    ):
        clean_html(doc(text))  # fmt: skip


def test_the_extractor_version_is_exposed() -> None:
    assert isinstance(EXTRACTOR_VERSION, int) and EXTRACTOR_VERSION >= 1


def test_the_text_that_holds_the_others_and_more_is_taken_and_trafilaturas_otherwise() -> None:
    from reader.core.cleaning import html_choice
    from reader.core.models import Block

    short = tuple(Block("paragraph", t) for t in BODY[:2])
    longer = tuple(Block("paragraph", t) for t in BODY[:3])
    assert html_choice.choose(short, longer)[1] == "trafilatura"
    assert html_choice.choose(longer, short)[1] == "readability"
    other = tuple(Block("paragraph", t) for t in BODY[2:] * 2)
    assert html_choice.choose(short, other)[1] == "trafilatura"
