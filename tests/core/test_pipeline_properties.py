"""Properties of load -> clean -> extract -> search -> render, over hostile generated input.

Whatever the bytes: loading either gives a document or a LoadError naming the file; nothing
raises otherwise; no control character survives into any text or rendered segment; entity and
search offsets slice the text they claim to.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.style import Style as RichStyle

from reader.core.cleaning.clean import clean
from reader.core.entities.recogniser import extract
from reader.core.ingest.loading import LoadError, display_name, load_bytes
from reader.core.models import Article, Entity
from reader.core.search.index import SearchIndex
from reader.ui.render import StyledSpan, highlight_positions, line_segments, plain, wrap_offsets

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# Pieces that hostile input is made of, mixed with ordinary words and arbitrary text.
FRAGMENTS = (
    "\x1b[31m", "\x1b[0m", "\x1b[2J", "\x1b]52;c;SGVsbG8=\x07", "\x1b]8;;http://x\x1b\\",
    "\x1b]0;title\x07", "\x1bP+q\x1b\\", "\x1b_apc\x1b\\", "\x07", "\x08", "\r", "\r\n",
    "\x9b31m", "\x9d0;t\x9c", "\x85", "\u202e", "\u2066", "\ufeff", "\x00", "\t",
    "[bold]", "[/]", "[/bold]", "[@click=app.quit]", "[link=x]", ":smile:", "$accent",
    "$(id)", "`id`", "\n", "\n\n", "# ", "<p>", "&#27;", "Angela Merkel", "Paris", " 2020 ",
    "12 May 2021", "the", "Café", "Zürich", "東京", "😀", " ", "  ",
)  # fmt: skip


def hostile_text() -> st.SearchStrategy[str]:
    piece = st.sampled_from(FRAGMENTS) | st.text(max_size=12)
    return st.lists(piece, max_size=40).map("".join)


def hostile_bytes() -> st.SearchStrategy[bytes]:
    encoded = st.tuples(hostile_text(), st.sampled_from(["utf-8", "utf-16-le", "utf-16", "cp1252"]))
    as_bytes = encoded.map(lambda pair: pair[0].encode(pair[1], errors="replace"))
    return (
        as_bytes
        | st.binary(max_size=300)
        | st.lists(as_bytes | st.binary(max_size=8)).map(b"".join)
    )


def check_article(article: Article, entities: list[Entity]) -> None:
    text = article.text
    assert not UNSAFE.search(text), repr(text)
    for section in article.sections:
        assert text[section.start : section.end] == section.text
    for entity in entities:
        assert 0 <= entity.start < entity.end <= len(text), entity
    for width in (1, 9, 40):
        for section in article.sections:
            previous = 0
            for start, end in wrap_offsets(section.text, width):
                assert previous <= start <= end <= len(section.text)
                previous = end
    spans = [StyledSpan(e.start, e.end, RichStyle(bold=True)) for e in entities]
    for section in article.sections:
        for start, end in wrap_offsets(section.text, 30):
            begin, finish = section.start + start, section.start + end
            segments = line_segments(text, begin, finish, RichStyle(), spans)
            assert "".join(s.text for s in segments) == text[begin:finish]
            for segment in segments:
                assert not UNSAFE.search(segment.text)


def check_search(article: Article, entities: list[Entity], query: str) -> None:
    index = SearchIndex()
    index.add_article("k", article, entities)
    words = article.text.split()
    for q in (query, words[0] if words else "x", words[-1][:-1] if words else "y"):
        for hit in index.query(q, limit=5):
            assert not UNSAFE.search(hit.snippet + hit.title)
            assert 0 <= hit.start <= hit.end <= len(hit.snippet)
            assert all(0 <= p < len(hit.snippet) for p in hit.positions)
            assert 0 <= hit.passage_index < max(1, len(article.sections))
            assert highlight_positions(hit.snippet, hit.positions, "bold").plain == hit.snippet
            assert plain(hit.title).plain == hit.title


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_bytes(), name=st.sampled_from(["a.txt", "b.md", "c.html", "d"]))
def test_any_bytes_through_the_whole_pipeline(data: bytes, name: str) -> None:
    from pathlib import Path

    try:
        document = load_bytes(data, name, path=Path(name))
    except LoadError as error:
        assert str(error).startswith(f"{name}: ")
        return
    assert not UNSAFE.search(document.text)
    article = clean(document)
    entities = extract(article.text)
    check_article(article, entities)
    check_search(article, entities, "Merkel")


@settings(max_examples=150, deadline=None)
@given(text=hostile_text(), query=hostile_text())
def test_hostile_text_and_queries(text: str, query: str) -> None:
    try:
        document = load_bytes(text.encode("utf-8", errors="surrogatepass"), "t.txt")
    except LoadError:
        return
    article = clean(document)
    entities = extract(article.text)
    check_article(article, entities)
    check_search(article, entities, query)


@given(name=st.text() | st.binary().map(lambda b: b.decode("utf-8", errors="surrogateescape")))
def test_display_name_is_inert_and_printable(name: str) -> None:
    shown = display_name(name)
    assert not UNSAFE.search(shown)
    shown.encode("utf-8")  # never a lone surrogate: it can be printed and stored
    assert "\n" not in shown and "\t" not in shown  # a name shows on one line
    if name.isprintable() and not UNSAFE.search(name):
        assert shown == name
