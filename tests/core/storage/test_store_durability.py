"""Bookmarks survive other processes: two writers at once, and a writer killed mid-write.

Each writer is a real process (`python -c WRITER`) with its own `Store` on the same file. It
prints every bookmark id once `add_bookmark` has returned (that is, once it is committed), so
the test knows exactly which bookmarks were promised.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reader.core.paths import Paths
from reader.core.storage.store import Store
from tests.core.storage.writers import go, start_writer

WRITER = """
import sys
from reader.core.storage.anchoring import make_bookmark
from reader.core.storage.store import Store
from tests.core.storage.writers import go, start_writer

path, count, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = "Officials met on Tuesday to discuss the budget. " * 40
print("ready", flush=True)
sys.stdin.readline()  # wait for "go", so that the writers really run at the same time
store = Store(path)
for n in range(count):
    start = (n * 7) % 1500
    bookmark = make_bookmark(f"key-{name}", name, "/news/a.txt", text, start, start + 60)
    store.add_bookmark(bookmark)
    print(bookmark.id, flush=True)
store.close()
"""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return Paths.under(tmp_path).database


def stored_ids(db_path: Path) -> list[str]:
    with Store(db_path) as store:
        assert store.notices == []
        return [b.id for b in store.bookmarks()]


def test_two_processes_adding_at_once_lose_nothing(db_path: Path, writers: list) -> None:
    Store(db_path).close()
    both = [start_writer(writers, WRITER, db_path, 500, name) for name in ("first", "second")]
    for writer in both:
        go(writer)
    reported: list[str] = []
    for writer in both:
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0
        reported += out.split()
    assert len(reported) == len(set(reported)) == 1000
    ids = stored_ids(db_path)
    assert len(ids) == 1000
    assert set(ids) == set(reported)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_writer_killed_mid_write_keeps_every_committed_bookmark(
    db_path: Path, writers: list
) -> None:
    Store(db_path).close()  # the schema exists, so the kill lands among bookmark writes
    writer = start_writer(writers, WRITER, db_path, 1_000_000, "doomed")
    go(writer)
    assert writer.stdout is not None
    committed = [writer.stdout.readline().strip() for _ in range(50)]
    writer.send_signal(signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    # Anything printed before the kill was committed too; a cut-off last line was not.
    committed += [line for line in rest.split("\n")[:-1] if line]
    assert len(committed) >= 50

    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # left for the next opening to recover

    # The WAL left behind is recovered on opening: not damaged, nothing moved aside.
    ids = set(stored_ids(db_path))
    assert set(committed) <= ids
    assert len(ids) - len(committed) <= 1  # at most the one committed but not yet printed
    assert not list(db_path.parent.glob("*.corrupt-*"))
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_opening_a_fresh_database_waits_for_another_writer(db_path: Path) -> None:
    # What a second reader started at the same moment sees: the first one is creating the file.
    db_path.parent.mkdir(parents=True)
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE x (y)")
    other.execute("BEGIN IMMEDIATE")
    letting_go = threading.Timer(0.3, lambda: other.execute("ROLLBACK"))
    letting_go.start()
    began = time.monotonic()
    try:
        with Store(db_path, timeout=5) as store:
            assert store.bookmarks() == []
        assert time.monotonic() - began >= 0.2  # it waited for the other writer
    finally:
        letting_go.join()
        other.close()
