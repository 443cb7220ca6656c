"""Export to Markdown, JSON and Web Annotation JSON-LD, and import from both JSON forms."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.models import Bookmark
from reader.core.storage.anchoring import make_bookmark
from reader.core.storage.export import from_json, to_annotations, to_json, to_markdown
from reader.core.storage.store import Store

TEXT = (
    "Budget talks resume\n\n"
    "The council met on Tuesday to discuss the new budget.\n\n"
    "The mayor said a decision would come before the end of the year."
)


def mark(passage: str, note: str = "", key: str = "key1", title: str = "Budget talks") -> Bookmark:
    start = TEXT.index(passage)
    path = str(Path("/news/budget.txt").resolve()) if key == "key1" else "other.txt"
    return make_bookmark(key, title, path, TEXT, start, start + len(passage), note)


@pytest.fixture
def bookmarks() -> list[Bookmark]:
    return [
        mark("The council met on Tuesday", "who was there?"),
        mark("The mayor said a decision", "", key="key2", title="Other article"),
        mark("the new budget", "line one\nline two"),
    ]


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_groups_by_article_with_title_source_quote_and_note(bookmarks) -> None:
    text = to_markdown(bookmarks)
    assert text.startswith("# Bookmarks\n")
    assert text.count("## Budget talks") == 1 and text.count("## Other article") == 1
    budget = text[text.index("## Budget talks") : text.index("## Other article")]
    assert "Source: " in budget and "budget.txt" in budget
    assert "> The council met on Tuesday" in budget and "> the new budget" in budget
    assert "who was there?" in budget
    assert "line one\nline two" in budget
    assert "> The mayor said a decision" in text[text.index("## Other article") :]


def test_markdown_marks_orphaned_bookmarks(bookmarks) -> None:
    text = to_markdown([replace(bookmarks[0], orphaned=True)])
    assert "orphaned" in text


def test_markdown_keeps_untrusted_quotes_inside_their_blockquote() -> None:
    hostile = mark("The council met on Tuesday")
    hostile = replace(
        hostile,
        quote="first line\n# Heading\n```\n<script>alert(1)</script>\n\n[x]: http://evil\n1. item",
        note="---\n<img src=x onerror=alert(1)>",
        article_title="Title\n# injected ##",
    )
    text = to_markdown([hostile])
    lines = text.splitlines()
    start = lines.index("> first line")
    quote_lines = lines[start : start + 7]
    assert all(line.startswith(">") for line in quote_lines)
    assert "> \\# Heading" in quote_lines and "> \\```" in quote_lines
    assert "> 1\\. item" in quote_lines and "> \\[x]: http://evil" in quote_lines
    # No raw HTML: every "<" is escaped.
    assert re.search(r"(?<!\\)<", text) is None
    assert "> \\<script>alert(1)\\</script>" in quote_lines
    assert "\n---\n" not in text
    assert "## Title \\# injected \\#\\#" in lines


def test_markdown_of_nothing() -> None:
    assert "No bookmarks" in to_markdown([])


# -- plain JSON ------------------------------------------------------------------------------


def test_json_round_trip(bookmarks) -> None:
    data = json.loads(to_json(bookmarks))
    assert data["format"] == "reader-bookmarks" and data["version"] == 2
    assert data["bookmarks"][0]["quote"] == "The council met on Tuesday"
    assert from_json(to_json(bookmarks)) == bookmarks


def test_json_is_valid_for_any_text() -> None:
    odd = replace(mark("The council"), note='quote " backslash \\ newline \n tab \t ünïcode')
    assert from_json(to_json([odd])) == [odd]


# -- Web Annotation --------------------------------------------------------------------------


def test_annotation_structure(bookmarks) -> None:
    data = json.loads(to_annotations(bookmarks))
    assert isinstance(data, list) and len(data) == 3
    anno = data[0]
    assert anno["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert anno["type"] == "Annotation"
    assert anno["id"] == f"urn:uuid:{bookmarks[0].id}"
    assert uuid.UUID(anno["id"].removeprefix("urn:uuid:"))
    assert anno["created"] == bookmarks[0].created and anno["modified"]
    assert anno["body"] == {
        "type": "TextualBody",
        "value": "who was there?",
        "format": "text/plain",
        "purpose": "commenting",
    }
    target = anno["target"]
    assert target["source"].startswith("file:///") and target["source"].endswith("budget.txt")
    quote, position = target["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "The council met on Tuesday",
        "prefix": bookmarks[0].prefix,
        "suffix": bookmarks[0].suffix,
    }
    assert position == {
        "type": "TextPositionSelector",
        "start": bookmarks[0].start,
        "end": bookmarks[0].end,
    }
    # No note: no body; a relative path: an article urn as the source.
    assert "body" not in data[1]
    assert data[1]["target"]["source"] == "urn:reader:article:key2"


def test_annotation_round_trip(bookmarks) -> None:
    assert from_json(to_annotations(bookmarks)) == bookmarks


def test_a_foreign_annotation_is_read(tmp_path: Path) -> None:
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno23",
        "type": "Annotation",
        "body": [{"type": "TextualBody", "value": "A comment"}],
        "target": {
            "source": "http://example.org/page1",
            "selector": {"type": "TextQuoteSelector", "exact": "anotation", "prefix": "an "},
        },
    }
    [read] = from_json(json.dumps(foreign))
    assert read.quote == "anotation" and read.prefix == "an " and read.note == "A comment"
    assert read.article_key == "http://example.org/page1"
    assert read.orphaned  # no position: anchored by its quote when the article is opened
    # The same foreign id gives the same bookmark id every time: no duplicates on re-import.
    assert from_json(json.dumps([foreign]))[0].id == read.id


def test_an_annotation_collection_is_read(bookmarks) -> None:
    items = json.loads(to_annotations(bookmarks))
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": items},
    }
    assert from_json(json.dumps(collection)) == bookmarks
    # Some tools put the annotations in the collection itself, with no page.
    flat = {"type": "AnnotationCollection", "items": items}
    assert from_json(json.dumps(flat)) == bookmarks


# -- import into the store -------------------------------------------------------------------


@pytest.mark.parametrize("export", [to_json, to_annotations])
def test_importing_twice_makes_no_duplicates(tmp_path: Path, bookmarks, export) -> None:
    exported = export(bookmarks)
    with Store(tmp_path / "reader.sqlite3") as store:
        assert store.import_bookmarks(from_json(exported)) == (3, 0)
        assert store.import_bookmarks(from_json(exported)) == (0, 3)
        assert sorted(b.id for b in store.bookmarks()) == sorted(b.id for b in bookmarks)


def test_export_from_one_store_import_into_another(tmp_path: Path, bookmarks) -> None:
    with Store(tmp_path / "a" / "reader.sqlite3") as first:
        for bookmark in bookmarks:
            first.add_bookmark(bookmark)
        exported = to_annotations(first.bookmarks())
    with Store(tmp_path / "b" / "reader.sqlite3") as second:
        second.import_bookmarks(from_json(exported))
        assert sorted(second.bookmarks(), key=lambda b: b.id) == sorted(
            bookmarks, key=lambda b: b.id
        )


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ('"a string"', "neither a reader bookmark export nor Web Annotations"),
        ('{"format": "reader-bookmarks", "version": 99, "bookmarks": []}', "Update reader"),
        ('{"format": "reader-bookmarks", "version": 1}', '"bookmarks" list'),
        (
            '{"format": "reader-bookmarks", "version": 1, "bookmarks": [{"id": "x"}]}',
            "Bookmark 1: 'article_key' is missing",
        ),
        ('[{"type": "Annotation", "id": "urn:uuid:1", "target": 3}]', "Annotation 1: its target"),
        (
            '[{"type": "Annotation", "id": "a", "target": {"source": "s", "selector": []}}]',
            "no TextQuoteSelector",
        ),
        ("[1, 2]", "Annotation 1 is not an object"),
    ],
)
def test_bad_input_gives_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        from_json(text)


def test_bad_offsets_are_refused(bookmarks) -> None:
    data = json.loads(to_json(bookmarks))
    data["bookmarks"][1]["start"] = 50
    data["bookmarks"][1]["end"] = 10
    with pytest.raises(ValueError, match="Bookmark 2: start 50 and end 10"):
        from_json(json.dumps(data))


def test_control_characters_in_imported_text_are_removed(bookmarks) -> None:
    data = json.loads(to_json(bookmarks[:1]))
    data["bookmarks"][0]["note"] = "safe\x1b]52;c;ZXZpbA==\x07 note\x1b[2J"
    [read] = from_json(json.dumps(data))
    assert read.note == "safe note"


def test_a_version_1_file_imports_as_passage_bookmarks() -> None:
    old = {
        "format": "reader-bookmarks",
        "version": 1,
        "bookmarks": [
            {
                "id": "0b0e5c1e-8a8e-4a36-9f5e-6a0c2b1b7d10",
                "article_key": "k",
                "article_title": "T",
                "article_path": "/t.txt",
                "quote": "a quote",
                "prefix": "",
                "suffix": "",
                "start": 0,
                "end": 7,
                "note": "n",
                "created": "2024-01-01T00:00:00.000Z",
                "updated": "2024-01-01T00:00:00.000Z",
                "orphaned": False,
            }
        ],
    }
    (bookmark,) = from_json(json.dumps(old))
    assert (bookmark.colour, bookmark.tags, bookmark.state) == ("", (), "exact")


def test_highlights_round_trip_through_web_annotations() -> None:
    text = "One two three four five six seven eight nine ten eleven twelve."
    highlight = replace(
        make_bookmark("k", "T", "/t.txt", text, 4, 13, "a note", colour="blue"),
        tags=("numbers", "[red]x[/]"),
    )
    (anno,) = json.loads(to_annotations([highlight]))
    assert anno["motivation"] == "highlighting"
    assert {"type": "TextualBody", "value": "numbers", "purpose": "tagging"} in anno["body"]
    assert anno["target"]["styleClass"] == "reader-blue"
    (back,) = from_json(to_annotations([highlight]))
    assert (back.colour, back.tags, back.note, back.quote) == (
        "blue",
        ("numbers", "[red]x[/]"),
        "a note",
        "two three",
    )
    markdown = to_markdown([highlight])
    assert "highlight, blue" in markdown and "tags: numbers, \\[red\\]x\\[/\\]" in markdown
