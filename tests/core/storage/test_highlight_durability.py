"""Highlights and tags survive other processes: two at once, and one killed mid-write.

Each writer is a real process with its own `Store` on one file. For every step it prints a
line only once the step's call has returned (it is committed): a highlight made (its id),
then its tags set, then the article tagged. The test then checks each promise.
"""

from __future__ import annotations

import signal
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
sys.stdin.readline()
store = Store(path)
colours = ["yellow", "green", "blue", "pink"]
for n in range(count):
    start = (n * 7) % 1500
    mark = make_bookmark(f"key-{name}", name, "/a.txt", text, start, start + 30,
                         colour=colours[n % 4])
    store.add_bookmark(mark)
    print("mark", mark.id, flush=True)
    store.update_bookmark(mark.id, tags=[f"{name}-{n}", "shared"])
    print("tags", mark.id, f"{name}-{n}", flush=True)
    store.set_article_tags(f"article-{name}-{n}", [f"t{n}"])
    print("article", f"article-{name}-{n}", f"t{n}", flush=True)
store.close()
"""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return Paths.under(tmp_path).database


def check_promises(db_path: Path, lines: list[str]) -> None:
    with Store(db_path) as store:
        assert store.notices == []
        marks = {b.id: b for b in store.bookmarks()}
        tags = store.article_tags()
    for line in lines:
        kind, *rest = line.split()
        if kind == "mark":
            assert rest[0] in marks and marks[rest[0]].colour
        elif kind == "tags":
            assert marks[rest[0]].tags == (rest[1], "shared")
        elif kind == "article":
            assert tags[rest[0]] == (rest[1],)


def test_two_processes_highlighting_and_tagging_at_once_lose_nothing(
    db_path: Path, writers: list
) -> None:
    Store(db_path).close()
    both = [start_writer(writers, WRITER, db_path, 150, name) for name in ("first", "second")]
    for writer in both:
        go(writer)
    lines: list[str] = []
    for writer in both:
        out, _ = writer.communicate(timeout=120)
        assert writer.returncode == 0
        lines += out.splitlines()
    assert len(lines) == 2 * 150 * 3
    check_promises(db_path, lines)
    with Store(db_path) as store:
        assert len(store.bookmarks()) == 300
        assert len(store.tagged_keys("shared")) == 2  # both writers' articles


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_after_a_highlight_or_tag_is_shown_loses_nothing(
    db_path: Path, writers: list
) -> None:
    Store(db_path).close()
    writer = start_writer(writers, WRITER, db_path, 1_000_000, "doomed")
    go(writer)
    assert writer.stdout is not None
    lines = [writer.stdout.readline().strip() for _ in range(60)]
    writer.send_signal(signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    lines += [line for line in rest.split("\n")[:-1] if line]
    check_promises(db_path, lines)
