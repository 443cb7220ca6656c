"""Highlights and tags in the store: the migration from passage bookmarks keeps everything,
tags are checked data, and re-anchoring says how a highlight fared."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.storage.anchoring import make_bookmark, reanchored
from reader.core.storage.store import SCHEMA_VERSION, Store
from reader.core.storage.tags import MAX_TAG, TagError, completions, parse_tags

V1 = Path(__file__).with_name("data") / "reader_v1.sqlite3"
"""A database made by the reader before highlights (schema 1): four bookmarks, three notes,
one orphaned, reading state."""


def test_the_migration_from_passage_bookmarks_keeps_every_bookmark_and_note(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reader.sqlite3"
    shutil.copy(V1, path)
    with sqlite3.connect(path) as conn:
        before = conn.execute(
            "SELECT id, quote, note, start_offset, end_offset, orphaned FROM bookmarks"
        ).fetchall()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with Store(path) as store:
        after = store.bookmarks()
        assert sorted((b.id, b.quote, b.note, b.start, b.end, int(b.orphaned)) for b in after) == (
            sorted(before)
        )
        assert {b.note for b in after} == {
            "note 0: ümlaut ✓",
            "",
            "note 2: ümlaut ✓",
            "kept orphan",
        }
        assert all(b.colour == "" and b.tags == () for b in after)
        assert sorted(b.state for b in after) == ["exact", "exact", "exact", "orphaned"]
        read, where = store.state("k1")
        assert read and where.section == 2  # the reading position, as stored before
        assert store.library_paths() == ["/articles/one.txt"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


TEXT = "Intro line.\n\nThe ceasefire in Karabakh held through the night, officials said.\n\nEnd."


def test_a_highlight_keeps_its_colour_tags_and_exact_span(tmp_path: Path) -> None:
    start = TEXT.index("ceasefire")
    end = TEXT.index(" held")
    highlight = make_bookmark("k", "T", "/t.txt", TEXT, start, end, colour="green")
    with Store(tmp_path / "r.sqlite3") as store:
        store.add_bookmark(highlight)
        store.update_bookmark(highlight.id, tags=["Karabakh", "war, peace"])
        (kept,) = store.bookmarks()
        assert (kept.quote, kept.colour) == ("ceasefire in Karabakh", "green")
        assert kept.tags == ("Karabakh", "war, peace")
        assert store.tagged_keys("karabakh") == {"k"}
        store.set_article_tags("other", parse_tags("Karabakh, reading list"))
        assert store.tagged_keys("KARABAKH") == {"k", "other"}
        assert store.all_tags()[0] == "Karabakh"  # used twice: first


def test_reanchoring_tells_exact_moved_and_orphaned() -> None:
    start = TEXT.index("The ceasefire")
    end = TEXT.index(", officials")
    highlight = make_bookmark("k", "T", "", TEXT, start, end, colour="yellow")
    moved_text = "New intro.\n\n" + TEXT  # the same words, elsewhere
    assert reanchored(highlight, moved_text).state == "exact"
    edited = TEXT.replace("held through", "held firm through")
    moved = reanchored(highlight, edited)
    assert moved.state == "moved" and 85 <= moved.score < 100
    assert moved.quote == "The ceasefire in Karabakh held firm through the night"
    assert reanchored(moved, edited).state == "moved"  # stays moved until re-attached
    gone = reanchored(highlight, "Intro line.\n\nSomething else entirely.\n\nEnd.")
    assert gone.state == "orphaned" and gone.quote == highlight.quote


def test_reattaching_an_orphan_makes_it_exact(tmp_path: Path) -> None:
    highlight = make_bookmark("k", "T", "", TEXT, 0, 11, note="first", colour="pink")
    with Store(tmp_path / "r.sqlite3") as store:
        store.add_bookmark(highlight)
        store.reanchor_bookmarks("k", "Nothing alike at all here, none of it.")
        assert store.bookmarks()[0].state == "orphaned"
        new = "Another text with the part to mark."
        fixed = store.reattach(highlight.id, new, new.index("the part"), len(new) - 1)
        assert (fixed.quote, fixed.state, fixed.note, fixed.colour) == (
            "the part to mark",
            "exact",
            "first",
            "pink",
        )


def test_tags_are_data_and_a_huge_one_is_refused() -> None:
    assert parse_tags(" a\x1b[31m , [bold]b[/] ,, A ") == ("a", "[bold]b[/]")
    with pytest.raises(TagError, match="at most 64 characters"):
        parse_tags("x" * 10_000)
    assert len(parse_tags("y" * MAX_TAG)[0]) == MAX_TAG


def test_tag_completion_prefers_prefixes() -> None:
    known = ["Karabakh", "market", "Baku", "ark"]
    assert completions("war, kar", known) == ["Karabakh"]
    assert completions("ar", known) == ["ark", "Karabakh", "market"]
    assert completions("karabakh, ", known) == []
