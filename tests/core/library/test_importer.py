"""Importing a folder: parallel, resumable, interruptible, and never half-added."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reader.core.library import importer
from reader.core.library.cache import ArticleCache
from reader.core.library.importer import ImportReport, import_paths
from reader.core.storage.store import Store

PLACES = ["Kyiv", "Lagos", "Lima", "Seoul", "Lisbon", "Cairo", "Delhi", "Oslo"]


def _text(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"Harbour plan {i} for {place}\n\nBy Olena Petrov\n\n"
        f"The World Bank said on Monday that the harbour in {place} would cost {i + 2} million "
        f"dollars. Dmitri Kowalski, a spokesman for the port, said work would start in May.\n\n"
        f"Critics in {place} said the plan number {i} was too costly for the city.\n"
    )


def _folder(root: Path, n: int, start: int = 0) -> Path:
    folder = root / "articles"
    folder.mkdir(exist_ok=True)
    for i in range(start, start + n):
        (folder / f"{i:04d}.txt").write_text(_text(i), encoding="utf-8")
    return folder


@pytest.fixture
def stores(tmp_path: Path):
    data = tmp_path / "data"
    with Store(data / "reader.sqlite3") as store, ArticleCache.in_folder(data) as cache:
        yield store, cache


def _run(folder: Path | list[str], stores, **kwargs) -> ImportReport:
    store, cache = stores
    paths = folder if isinstance(folder, list) else [str(folder)]
    return import_paths(paths, cache=cache, store=store, **{"workers": 0, **kwargs})


def _consistent(stores) -> int:
    """Every file in the library is cached, unchanged, and opens without being read."""
    store, cache = stores
    entries = store.library()
    for entry in entries:
        stat = os.stat(entry.path)
        assert (entry.size, entry.mtime) == (stat.st_size, stat.st_mtime)
        hash_ = cache.lookup_file(entry.path, entry.size, entry.mtime)
        assert hash_ is not None, entry.path
        loaded = cache.get_by_hash(hash_)
        assert loaded is not None and loaded.key == entry.key
        assert loaded.title == entry.title
    return len(entries)


def test_adds_files_and_reports_progress(tmp_path: Path, stores) -> None:
    folder = _folder(tmp_path, 20)
    seen: list[tuple[int, int]] = []
    report = _run(folder, stores, progress=lambda done, total: seen.append((done, total)))
    assert (report.added, report.skipped_unchanged, report.failed) == (20, 0, [])
    assert report.processed == 20 and not report.interrupted
    assert seen[-1] == (20, 20)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert _consistent(stores) == 20
    store, _ = stores
    entries = store.library()
    assert entries[0].path == str((folder / "0000.txt").resolve())
    assert entries[0].title == "Harbour plan 0 for Kyiv"
    assert [e.path for e in entries] == sorted(e.path for e in entries)  # in path order


def test_rerun_adds_only_new_and_changed(tmp_path: Path, stores) -> None:
    folder = _folder(tmp_path, 10)
    _run(folder, stores)
    again = _run(folder, stores)
    assert (again.added, again.skipped_unchanged, again.processed) == (0, 10, 0)
    changed = folder / "0003.txt"
    changed.write_text(_text(3) + "\nA new paragraph about the harbour.\n", encoding="utf-8")
    os.utime(changed, (1_700_000_000, 1_700_000_000))
    _folder(tmp_path, 2, start=10)
    third = _run(folder, stores)
    assert (third.added, third.skipped_unchanged, third.processed) == (3, 9, 3)
    assert _consistent(stores) == 12  # the edited file took over its old entry


def test_stop_after_some_files_then_rerun_completes(tmp_path: Path, stores) -> None:
    folder = _folder(tmp_path, 40)
    done = [0]

    def progress(n: int, total: int) -> None:
        done[0] = n

    first = _run(folder, stores, progress=progress, should_stop=lambda: done[0] >= 5)
    assert first.interrupted
    assert 5 <= first.added < 40
    assert _consistent(stores) == first.added
    second = _run(folder, stores)
    assert not second.interrupted
    assert second.skipped_unchanged == first.added
    assert second.added == 40 - first.added
    assert _consistent(stores) == 40


def test_ctrl_c_keeps_the_library_consistent(tmp_path: Path, stores) -> None:
    folder = _folder(tmp_path, 300)

    def progress(done: int, total: int) -> None:
        if done == 200:  # after one batch was written, in the middle of the next
            raise KeyboardInterrupt

    first = _run(folder, stores, progress=progress)
    assert first.interrupted
    count = _consistent(stores)
    assert 0 < count < 300
    second = _run(folder, stores)
    assert second.added + second.skipped_unchanged == 300
    assert _consistent(stores) == 300


def test_cached_but_forgotten_is_remembered_without_reading(tmp_path: Path, stores) -> None:
    folder = _folder(tmp_path, 5)
    _run(folder, stores)
    store, _ = stores
    store.forget(store.library()[0].key)
    report = _run(folder, stores)
    assert (report.added, report.skipped_unchanged, report.processed) == (1, 4, 0)
    assert _consistent(stores) == 5


def test_failures_are_reported_per_file(tmp_path: Path, stores) -> None:
    folder = _folder(tmp_path, 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "latin.txt").write_bytes("Caf\xe9 news\n\nThe caf\xe9 opened.".encode("cp1252"))
    report = _run([str(folder), str(tmp_path / "missing")], stores)
    assert report.added == 4
    names = sorted(Path(p.name).name for p in report.failed)
    assert names == ["binary.bin", "empty.txt", "missing"]
    assert all(p.name in p.message for p in report.failed)
    assert [Path(w.name).name for w in report.warnings] == ["latin.txt"]
    assert _consistent(stores) == 4


def test_a_cleaner_bug_fails_one_file_only(
    tmp_path: Path, stores, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 3)
    real = importer.process

    def flaky(document, *args):
        if document.path.name == "0001.txt":
            raise ValueError("boom")
        return real(document, *args)

    monkeypatch.setattr(importer, "process", flaky)
    report = _run(folder, stores)
    assert report.added == 2
    assert len(report.failed) == 1 and "ValueError: boom" in report.failed[0].message


def test_duplicate_text_is_added_once(tmp_path: Path, stores) -> None:
    folder = _folder(tmp_path, 2)
    (folder / "copy.txt").write_text(_text(0), encoding="utf-8")
    report = _run(folder, stores)
    assert (report.added, report.duplicates) == (2, 1)
    again = _run(folder, stores)
    assert again.added == 0 and again.duplicates == 1


@pytest.mark.parametrize("in_thread", [False, True], ids=["fork", "forkserver from a thread"])
def test_process_pool_of_two(tmp_path: Path, stores, in_thread: bool) -> None:
    folder = _folder(tmp_path, importer.MIN_FOR_POOL + 12)
    if in_thread:  # as the TUI runs it: from a worker thread, so workers are not forked
        with ThreadPoolExecutor(1) as threads:
            report = threads.submit(_run, folder, stores, workers=2).result()
    else:
        report = _run(folder, stores, workers=2)
    assert report.added == report.processed == importer.MIN_FOR_POOL + 12
    assert report.failed == []
    assert _consistent(stores) == importer.MIN_FOR_POOL + 12
