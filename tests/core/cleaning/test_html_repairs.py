"""HTML pages: what the reader shows after the extractors ran (repeats, titles, bylines,
related-posts sections, formulas, home pages), on small pages written here."""

from __future__ import annotations

from reader.core.cleaning import html_choice, html_formulas, html_repairs
from reader.core.cleaning.html import clean_html, extract
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


def page(
    body: str, *, title: str = "Harbour wall to be rebuilt", head: str = "", site: str = ""
) -> str:
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{site_meta}{head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>{body}</article>
<footer>Copyright 2024 The Coastal Times. All rights reserved.</footer>
</body></html>"""


def paragraphs(texts: list[str] = PARAGRAPHS) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def article(text: str):
    return clean_html(RawDocument(name="page.html", text=text, format="html"))


def test_a_byline_line_in_the_body_is_not_shown_twice() -> None:
    head = '<meta name="author" content="Maria Lopez">'
    shown = article(page('<p class="byline">By Maria Lopez, Harbour correspondent</p>'
                         + paragraphs(), head=head))  # fmt: skip
    assert shown.byline == "Maria Lopez"
    assert "Harbour correspondent" not in shown.text
    assert shown.text.count("Maria Lopez") == 1
    assert shown.blocks[0].text == PARAGRAPHS[0]


def test_a_title_split_over_two_headings_is_not_repeated_in_the_body() -> None:
    title = "Harbour wall to be rebuilt after storm damage"
    head = f'<meta property="og:title" content="{title}">'
    body = "<h1>Harbour wall</h1><h2>to be rebuilt after storm damage</h2>" + paragraphs()
    shown = article(page(body, title=title, head=head))
    assert shown.title == title
    assert shown.blocks[0].text == PARAGRAPHS[0]


def test_a_first_paragraph_that_merely_starts_like_the_title_is_kept() -> None:
    body = paragraphs(["Harbour life goes on as the wall is rebuilt, " + PARAGRAPHS[0],
                       *PARAGRAPHS[1:]])  # fmt: skip
    shown = article(page(body, title="Harbour"))
    assert shown.blocks[0].text.startswith("Harbour life goes on")


def test_the_site_name_is_taken_off_the_end_of_the_title() -> None:
    shown = article(page(paragraphs(), title="Harbour wall to be rebuilt | The Coastal Times",
                         site="The Coastal Times"))  # fmt: skip
    assert shown.title == "Harbour wall to be rebuilt"
    assert shown.source == "The Coastal Times"


def test_a_title_with_a_colon_that_is_not_a_site_name_is_kept_whole() -> None:
    title = "Harbour wall: what the vote means"
    assert html_repairs.without_site(title, "The Coastal Times", "") == title


def test_a_related_posts_section_at_the_end_is_dropped() -> None:
    related = ("<h3>Related</h3><p>Ferry timetable changes for the summer season announced by "
               "the operator this week.</p><p>March 17, 2024</p>")  # fmt: skip
    text = article(page(paragraphs() + related)).text
    assert PARAGRAPHS[-1] in text
    assert "Ferry timetable" not in text


def formula_page(math: str) -> str:
    sentence = f"<p>The load on the wall grows as {math} with the height of the waves.</p>"
    return page(paragraphs(PARAGRAPHS[:3]) + sentence + paragraphs(PARAGRAPHS[3:]))


def test_a_formula_is_written_out_from_its_markup_rather_than_its_tex() -> None:
    # MediaWiki: LaTeX in alttext and in an annotation, and the presentation markup.
    math = (
        '<math alttext="{\\displaystyle \\lambda _{\\max }}"><semantics><mrow><mstyle>'
        '<msub><mi>λ</mi><mo movablelimits="true" form="prefix">max</mo></msub>'
        "</mstyle></mrow>"
        '<annotation encoding="application/x-tex">{\\displaystyle \\lambda _{\\max }}'
        "</annotation></semantics></math>"
    )
    text = article(formula_page(math)).text
    assert "The load on the wall grows as λ_max with the height of the waves." in text


def test_a_formula_without_markup_shows_its_alttext_or_tex_annotation() -> None:
    alttext = '<math alttext="{\\displaystyle h^{2}}"></math>'
    assert "grows as h^{2} with the height" in article(formula_page(alttext)).text
    annotation = (
        "<math><semantics><mrow></mrow>"
        '<annotation encoding="application/x-tex">h^2</annotation></semantics></math>'
    )
    assert "grows as h^2 with the height" in article(formula_page(annotation)).text


def test_a_formula_with_neither_is_written_out_from_its_markup() -> None:
    math = (
        "<math><mi>x</mi><mo>=</mo><mfrac><mrow><mo>−</mo><mi>b</mi><mo>±</mo><msqrt>"
        "<msup><mi>b</mi><mn>2</mn></msup><mo>−</mo><mn>4</mn><mi>a</mi><mi>c</mi></msqrt>"
        "</mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math>"
    )
    text = article(formula_page(math)).text
    assert "grows as x = (−b ± √(b^2 − 4ac))/(2a) with the height" in text


def test_a_formula_kept_hidden_for_screen_readers_is_still_shown() -> None:
    # MediaWiki: the MathML in a hidden span, an image of the formula shown instead.
    math = (
        '<span class="math"><span style="display: none;"><math alttext="h^2">'
        '<msup><mi>h</mi><mn>2</mn></msup></math></span><img src="f.svg" alt="h^2"></span>'
    )
    assert "grows as h^2 with the height" in article(formula_page(math)).text


def test_a_display_formula_gets_a_line_of_its_own() -> None:
    math = (
        '<math display="block"><mi>E</mi><mo>=</mo><mi>m</mi>'
        "<msup><mi>c</mi><mn>2</mn></msup></math>"
    )
    block = next(b for b in article(formula_page(math)).blocks if "load" in b.text)
    assert block.text.split("\n") == [
        "The load on the wall grows as",
        "E = mc^2",
        "with the height of the waves.",
    ]


def test_written_out_formulas_read_as_they_are_meant() -> None:
    import lxml.html

    def written(markup: str) -> str:
        return html_formulas.formula_text(lxml.html.fragment_fromstring(f"<math>{markup}</math>"))

    assert written("<mi>sin</mi><mo>&af;</mo><mi>x</mi>") == "sin x"
    assert written("<mover><mi>x</mi><mo>˙</mo></mover><mo>=</mo><mi>y</mi>") == "ẋ = y"
    sum_ = (
        "<munderover><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"
    )
    assert written(sum_ + "<msub><mi>a</mi><mi>k</mi></msub>") == "∑_(k = 1)^n a_k"
    assert written("<mi>A</mi><mrow><mtext> Hermitian</mtext></mrow><mo>⟺</mo>"
                   "<mi>A</mi><mo>=</mo><msup><mi>A</mi><mi>H</mi></msup>") == (
        "A Hermitian ⟺ A = A^H"
    )  # fmt: skip
    assert written("<mrow><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow><mrow><mo>(</mo><mi>n</mi>"
                   "<mrow><mtext> matrices</mtext></mrow><mo>)</mo></mrow>") == (
        "1/2 (n matrices)"
    )  # fmt: skip
    assert written("<mfrac><mn>1</mn><mrow><mo>(</mo><mn>1</mn><mo>−</mo><mi>q</mi><mo>)</mo>"
                   "<mo>(</mo><mn>1</mn><mo>+</mo><mi>q</mi><mo>)</mo></mrow></mfrac>") == (
        "1/((1 − q)(1 + q))"
    )  # fmt: skip


def test_form_controls_are_not_text() -> None:
    controls = "<form><select><option>50%</option><option>75%</option></select></form>"
    body = paragraphs(PARAGRAPHS[:3]) + controls + paragraphs(PARAGRAPHS[3:])
    text = article(page(body)).text
    assert "75%" not in text
    assert PARAGRAPHS[3] in text


def test_date_words_and_repeats_are_taken_out_of_the_author_line() -> None:
    assert html_repairs.author_line("Joshua Sokol May") == "Joshua Sokol"
    assert html_repairs.author_line("Joe Wee Monday; February") == "Joe Wee"
    assert html_repairs.author_line("Jeffrey Gettleman; JEFFREY GETTLEMAN") == "Jeffrey Gettleman"
    assert html_repairs.author_line("Stella Kim; Jennifer Jett") == "Stella Kim; Jennifer Jett"
    assert html_repairs.author_line("June Smith") == "June Smith"
    assert html_repairs.author_line("Last Updated January 7") == ""


def test_two_unrelated_scraps_mean_no_article_was_found() -> None:
    read = (Block("paragraph", "Olympic games open in Beijing under tight rules."),)
    traf = (Block("paragraph", "A new album from the band is out on Friday to good reviews."),)
    assert html_choice.choose(read, traf) == ((), "page")


def test_extract_still_gives_blocks_for_a_plain_article() -> None:
    found = extract(page(paragraphs()))
    assert [block.text for block in found.blocks if block.kind == "paragraph"] == PARAGRAPHS
