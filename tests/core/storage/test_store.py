"""The store keeps the library, reading state and bookmarks, and never loses a bookmark."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.models import Bookmark
from reader.core.navigation.position import Anchor
from reader.core.paths import Paths
from reader.core.storage import store as store_module
from reader.core.storage.anchoring import make_bookmark
from reader.core.storage.store import SCHEMA_VERSION, MissingBookmark, Store, StoreError

PASSAGE = (
    "The council met on Tuesday to discuss the new budget, which has been delayed for "
    "several months because of a dispute over school funding and road repairs."
)
TEXT = f"Budget talks resume\n\nOfficials gathered after the summer.\n\n{PASSAGE}\n\nThe end."


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return Paths.under(tmp_path).database


@pytest.fixture
def store(db_path: Path):
    opened = Store(db_path)
    yield opened
    opened.close()


def bookmark(note: str = "", key: str = "key1", passage: str = PASSAGE) -> Bookmark:
    start = TEXT.index(passage)
    return make_bookmark(
        key, "Budget talks", "/news/budget.txt", TEXT, start, start + len(passage), note
    )


# -- bookmarks -------------------------------------------------------------------------------


def test_a_new_store_creates_its_folder_and_is_empty(db_path: Path) -> None:
    with Store(db_path) as store:
        assert db_path.exists()
        assert store.bookmarks() == [] and store.library() == [] and store.notices == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_add_list_delete_and_undo(store: Store) -> None:
    first = store.add_bookmark(replace(bookmark("first"), created="2024-01-01T10:00:00.000Z"))
    second = store.add_bookmark(
        replace(bookmark("second", passage="Officials gathered"), created="2024-01-01T10:00:01Z")
    )
    assert [b.note for b in store.bookmarks()] == ["second", "first"]  # newest first
    assert store.bookmarks("key1") == store.bookmarks()
    assert store.bookmarks("other") == []

    deleted = store.delete_bookmark(first.id)
    assert deleted == first
    assert store.bookmarks() == [second]

    store.restore_bookmark(deleted)
    assert store.bookmarks() == [second, first]


def test_add_fills_in_an_empty_id_and_timestamps(store: Store) -> None:
    added = store.add_bookmark(replace(bookmark(), id="", created="", updated=""))
    assert len(added.id) == 36 and added.created and added.updated == added.created
    assert store.bookmarks() == [added]


def test_adding_the_same_id_twice_is_refused(store: Store) -> None:
    first = store.add_bookmark(bookmark())
    with pytest.raises(ValueError, match="already stored"):
        store.add_bookmark(first)
    assert len(store.bookmarks()) == 1


def test_note_edit(store: Store) -> None:
    added = store.add_bookmark(bookmark("old note"))
    edited = store.update_note(added.id, "new note")
    assert edited.note == "new note" and edited.updated >= added.updated
    assert store.bookmarks()[0].note == "new note"


def test_editing_or_deleting_a_missing_bookmark_says_so(store: Store) -> None:
    with pytest.raises(MissingBookmark, match="not saved"):
        store.update_note("no-such-id", "note")
    with pytest.raises(StoreError, match="not found"):
        store.delete_bookmark("no-such-id")


def test_everything_persists_across_reopening(db_path: Path) -> None:
    with Store(db_path) as store:
        kept = store.add_bookmark(bookmark("keep me"))
        store.remember("key1", "/news/budget.txt", "Budget talks", 1234, 1700000000.5)
        store.set_read("key1")
        store.set_position("key1", Anchor("The quote", 3, 120, 7), 40)
    # No close at all: a write is committed when the call returns.
    crashed = Store(db_path)
    crashed.add_bookmark(bookmark("made before a crash", passage="The end."))
    del crashed
    with Store(db_path) as store:
        assert kept in store.bookmarks()
        assert "made before a crash" in [b.note for b in store.bookmarks()]
        assert store.state("key1") == (True, Anchor("The quote", 3, 120, 7))
        assert store.progress() == {"key1": 40}
        [entry] = store.library()
        assert (entry.key, entry.path, entry.size, entry.mtime) == (
            "key1",
            "/news/budget.txt",
            1234,
            1700000000.5,
        )


# -- re-anchoring ----------------------------------------------------------------------------


def test_reanchor_after_text_inserted_before(store: Store) -> None:
    added = store.add_bookmark(bookmark())
    changed = "Update: corrected on Friday.\n\n" + TEXT
    [moved] = store.reanchor_bookmarks("key1", changed)
    assert changed[moved.start : moved.end] == PASSAGE and moved.start > added.start
    assert store.bookmarks() == [moved]  # persisted


def test_reanchor_after_a_small_edit_inside_the_passage(store: Store) -> None:
    store.add_bookmark(bookmark("my note"))
    edited = PASSAGE.replace("several months", "many months")
    changed = TEXT.replace(PASSAGE, edited)
    [moved] = store.reanchor_bookmarks("key1", changed)
    assert changed[moved.start : moved.end] == edited
    assert not moved.orphaned and moved.note == "my note"


def test_a_bookmark_whose_passage_is_gone_is_orphaned_and_still_listed(db_path: Path) -> None:
    with Store(db_path) as store:
        added = store.add_bookmark(bookmark("remember this"))
        [orphan] = store.reanchor_bookmarks("key1", TEXT.replace(PASSAGE, "Other words."))
        assert orphan.orphaned and orphan.quote == PASSAGE
    with Store(db_path) as store:
        [listed] = store.bookmarks()
        assert listed.id == added.id and listed.orphaned
        assert listed.quote == PASSAGE and listed.note == "remember this"
        # When the passage comes back (the edit is undone), it attaches again.
        [back] = store.reanchor_bookmarks("key1", TEXT)
        assert not back.orphaned and TEXT[back.start : back.end] == PASSAGE


# -- reading state and library ---------------------------------------------------------------


def at(section: int) -> Anchor:
    return Anchor(f"Passage {section}", 0, section * 100, section)


def test_reading_state_and_position_round_trip(store: Store) -> None:
    assert store.state("unknown") == (False, Anchor(""))
    store.set_read("a")
    store.set_position("a", at(12))
    store.set_position("b", at(3))
    assert store.state("a") == (True, at(12))
    assert store.state("b") == (False, at(3))
    assert store.read_keys() == {"a"}
    store.set_read("a", False)
    assert store.state("a") == (False, at(12)) and store.read_keys() == set()
    assert store.progress() == {}  # not given: not known
    with pytest.raises(ValueError, match="Anchor"):
        store.set_position("a", Anchor("q", -1))


def test_library_remembers_and_keeps_the_added_time(store: Store) -> None:
    store.remember("a", "/x/a.txt", "A")
    store.remember("b", None, "B from stdin")
    first_added = store.library()[0].added
    store.remember("a", "/x/a.txt", "A, retitled", size=10, mtime=1.0)
    entries = store.library()
    assert [e.key for e in entries] == ["a", "b"]
    assert entries[0].title == "A, retitled" and entries[0].added == first_added
    assert entries[0].size == 10


def test_a_moved_file_keeps_its_state(store: Store) -> None:
    store.remember("a", "/old/place.txt", "A")
    store.set_position("a", at(5))
    store.remember("a", "/new/place.txt", "A")
    [entry] = store.library()
    assert entry.path == "/new/place.txt" and entry.position == at(5)


def test_an_edited_file_takes_over_its_old_entry_state_and_bookmarks(store: Store) -> None:
    store.remember("old", "/news/budget.txt", "Budget talks")
    store.set_read("old")
    store.set_position("old", at(4))
    added = store.add_bookmark(bookmark(key="old"))
    # The path finds the state before the new key is remembered.
    assert store.state("new", path="/news/budget.txt") == (True, at(4))
    assert store.remember("new", "/news/budget.txt", "Budget talks") == ["old"]
    [entry] = store.library()
    assert (entry.key, entry.read, entry.position) == ("new", True, at(4))
    edited = "Corrected.\n\n" + TEXT
    [moved] = store.reanchor_bookmarks("new", edited)
    assert moved.id == added.id and edited[moved.start : moved.end] == PASSAGE


def test_forget_keeps_the_bookmarks_orphaned_and_listed(store: Store) -> None:
    store.remember("key1", "/news/budget.txt", "Budget talks")
    store.remember("key2", "/news/other.txt", "Other")
    added = store.add_bookmark(bookmark("still here"))
    store.forget("key1")
    assert [e.key for e in store.library()] == ["key2"]
    [kept] = store.bookmarks()
    assert kept.id == added.id and kept.orphaned and kept.note == "still here"
    assert store.detached_bookmarks() == [kept]
    # Opening the article again attaches them again.
    store.remember("key1", "/news/budget.txt", "Budget talks")
    [back] = store.reanchor_bookmarks("key1", TEXT)
    assert not back.orphaned


# -- import ----------------------------------------------------------------------------------


def test_import_twice_adds_nothing_the_second_time(store: Store) -> None:
    items = [bookmark("one"), bookmark("two", passage="The end.")]
    assert store.import_bookmarks(items) == (2, 0)
    assert store.import_bookmarks(items) == (0, 2)
    assert len(store.bookmarks()) == 2


def test_import_takes_only_a_newer_note(store: Store) -> None:
    local = store.add_bookmark(bookmark("local note"))
    older = replace(local, note="older note", updated="2000-01-01T00:00:00Z")
    newer = replace(local, note="newer note", updated="2999-01-01T00:00:00.000Z", start=0)
    assert store.import_bookmarks([older]) == (0, 1)
    assert store.bookmarks()[0].note == "local note"
    result = store.import_bookmarks_detailed([newer])
    assert (result.added, result.skipped, result.updated) == (0, 0, 1)
    [stored] = store.bookmarks()
    assert stored.note == "newer note" and stored.start == local.start  # anchor untouched


# -- damage, locks, versions, folders ---------------------------------------------------------


def test_a_corrupt_file_is_moved_aside_with_a_notice(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = b"this is not a database at all\x00\xff" * 200
    db_path.write_bytes(garbage)
    with Store(db_path) as store:
        [notice] = store.notices
        assert "damaged" in notice and str(db_path) in notice
        [moved] = list(db_path.parent.glob("reader.sqlite3.corrupt-*"))
        assert str(moved) in notice
        assert moved.read_bytes() == garbage
        # The fresh store works.
        store.add_bookmark(bookmark())
        assert len(store.bookmarks()) == 1


def test_a_damaged_page_found_by_quick_check_is_moved_aside(db_path: Path) -> None:
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO library (key, path, title, added) VALUES (?, ?, ?, '')",
            [(f"key{n}", f"/x/{n}.txt", "A title " * 20) for n in range(200)],
        )
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 5)):
        data[offset] = 0x5A
    db_path.write_bytes(bytes(data))
    with Store(db_path) as store:
        assert store.notices and "moved aside" in store.notices[0]
        assert store.library() == []
    assert list(db_path.parent.glob("reader.sqlite3.corrupt-*"))


def test_a_newer_schema_is_refused_and_left_unchanged(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version of reader") as raised:
        Store(db_path)
    assert str(db_path) in str(raised.value)
    assert db_path.read_bytes() == before


def test_a_locked_database_waits_then_says_so(db_path: Path) -> None:
    Store(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked") as raised:
            store = Store(db_path, timeout=0.2)
            store.add_bookmark(bookmark())
        assert str(db_path) in str(raised.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Once the other program lets go, the bookmark can be saved (the UI retries).
    with Store(db_path) as store:
        store.add_bookmark(bookmark())
        assert len(store.bookmarks()) == 1


def test_a_locked_fresh_database_fails_to_open_with_a_message(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("CREATE TABLE x (y)")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            Store(db_path, timeout=0.2)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_data_folder_that_cannot_be_made_gives_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreError, match="READER_DATA_DIR") as raised:
        Store(blocker / "reader.sqlite3")
    assert str(blocker) in str(raised.value)


def test_a_database_path_that_cannot_be_opened_gives_a_message(tmp_path: Path) -> None:
    # A folder where the database file should be: SQLite cannot open it.
    (tmp_path / "reader.sqlite3").mkdir()
    with pytest.raises(StoreError, match="cannot open"):
        Store(tmp_path / "reader.sqlite3")


def test_a_write_that_fails_raises_and_nothing_is_half_saved(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store_module, "_insert", read_only)
    with pytest.raises(StoreError, match="read-only") as raised:
        store.add_bookmark(bookmark())
    assert "READER_DATA_DIR" in str(raised.value)
    monkeypatch.undo()
    assert store.bookmarks() == []
    store.add_bookmark(bookmark())  # and the store still works afterwards


def test_a_closed_store_raises_a_store_error(db_path: Path) -> None:
    store = Store(db_path)
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.add_bookmark(bookmark())


def test_migrations_run_from_an_older_version(db_path: Path, monkeypatch) -> None:
    with Store(db_path) as store:
        store.add_bookmark(bookmark("kept through the migration"))
    extra = ("ALTER TABLE bookmarks ADD COLUMN spare TEXT NOT NULL DEFAULT ''",)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, extra])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store(db_path) as store:
        assert [b.note for b in store.bookmarks()] == ["kept through the migration"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_two_stores_on_one_file_and_threads_lose_nothing(db_path: Path) -> None:
    first, second = Store(db_path), Store(db_path)
    made: list[Bookmark] = []

    def add_many(store: Store) -> None:
        for _ in range(10):
            made.append(store.add_bookmark(bookmark()))

    threads = [threading.Thread(target=add_many, args=(s,)) for s in (first, first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {b.id for b in second.bookmarks()} == {b.id for b in made}
    assert len(made) == 30
    first.close()
    second.close()


def test_positions_stored_before_quotes_are_kept_by_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for statement in store_module.MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO reading_state (key, read, position, updated) VALUES ('a', 1, 6, 'then')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.state("a") == (True, Anchor("", 0, 0, 6))  # found by its passage index
        assert store.progress() == {}
        store.set_position("a", at(2), 30)
        assert store.state("a") == (True, at(2)) and store.progress() == {"a": 30}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    conn.close()
