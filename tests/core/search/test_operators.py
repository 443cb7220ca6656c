"""Search operators: parsed from the query, and narrowing the session's search."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.paths import Paths
from reader.core.search.operators import parse_query, words_in
from reader.core.session import Session


def test_operators_are_taken_out_and_unknown_ones_stay_words() -> None:
    parsed = parse_query('tag:karabakh colour:Yellow title:"south caucasus" ceasfire ')
    assert parsed.tags == ("karabakh",) and parsed.colours == ("Yellow",)
    assert parsed.titles == ("south caucasus",)
    assert parsed.words == "ceasfire "  # the trailing space: the last word is complete
    assert parse_query("color:red").colours == ("red",)
    for plain in ("foo:bar peace", "http://example.com", "at 10:30", "tag:", 'note:""'):
        parsed = parse_query(plain)
        assert not parsed.filtered and parsed.words == plain


def test_words_in_matches_word_prefixes_without_case() -> None:
    assert words_in("Karab cease", "The CEASEFIRE in Karabakh")
    assert not words_in("truce", "The ceasefire in Karabakh")
    assert words_in("Karabak ceasfire", "The CEASEFIRE in Karabakh")  # typos, as in words
    assert not words_in("cese", "The ceasefire")  # too short to guess at


@pytest.fixture
def session(tmp_path: Path) -> Session:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "war.txt": "Karabakh ceasefire holds\n\nThe ceasefire in Karabakh held overnight.",
        "port.txt": "Harbour report\n\nThe ceasefire talks moved to the harbour in Baku.",
        "cook.txt": "Recipes\n\nA ceasefire between cooks: soup in Lisbon.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    made = Session(Paths.under(tmp_path / "home"), sources=[str(folder)])
    made.open(pytest.fail)
    plan, _gone = made.start()
    for _step in made.load(plan):
        pass
    made.build_index()
    yield made
    made.close()


def _titles(hits) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.title for h in hits}


def test_tag_finds_the_typo_in_tagged_articles_only(session: Session) -> None:
    assert session.keeping is not None
    war = next(a for a in session.articles if a.title.startswith("Karabakh"))
    assert _titles(session.search("ceasfire")) == {
        "Karabakh ceasefire holds", "Harbour report", "Recipes"
    }  # fmt: skip
    session.keeping.set_article_tags(war.key, ["Karabakh"])
    assert _titles(session.search("tag:karabakh ceasfire")) == {"Karabakh ceasefire holds"}
    assert _titles(session.search("tag:karabakh")) == {"Karabakh ceasefire holds"}
    assert session.search("tag:nothing ceasefire") == []


def test_colour_and_note_search_highlights(session: Session) -> None:
    assert session.keeping is not None
    port = next(a for a in session.articles if a.title == "Harbour report")
    text = port.article.text
    start = text.index("harbour in Baku")
    highlight = session.keeping.add_span(port, start, start + 15, "green", "Baku port talks")
    session.index_bookmark(highlight)
    hits = session.search("colour:green")
    assert [(h.kind, h.snippet) for h in hits] == [("bookmark", "harbour in Baku")]
    assert [h.kind for h in session.search("colour:green baku")] == ["bookmark"]
    assert session.search("colour:pink") == []
    assert [h.title for h in session.search("note:port")] == ["Harbour report"]
    assert session.search("note:lisbon") == []


def test_title_and_entity_narrow_to_articles(session: Session) -> None:
    assert _titles(session.search("title:harbour ceasefire")) == {"Harbour report"}
    assert _titles(session.search("entity:lisbon ceasefire")) == {"Recipes"}
    assert _titles(session.search("title:recipes")) == {"Recipes"}
