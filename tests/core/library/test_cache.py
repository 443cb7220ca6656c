"""The article cache: hits, misses, invalidation, and a damaged file started afresh."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reader.core import versions
from reader.core.ingest.loading import LoadError, load_file
from reader.core.library.articles import process
from reader.core.library.cache import ArticleCache, content_hash
from reader.core.library.codec import deserialise, serialise
from reader.core.models import RawDocument

MARKDOWN = """# A harbour for Kyiv

*The plan, explained*

By Olena Petrov

## Money

The World Bank said on Monday that the harbour would cost 40 million dollars.

## People

Dmitri Kowalski, a spokesman for the port, said work would start in May 2025.
"""


@pytest.fixture
def cache(tmp_path: Path) -> ArticleCache:
    with ArticleCache(tmp_path / "data" / "cache.sqlite3") as opened:
        yield opened


def _write(path: Path, text: str, mtime: float | None = None) -> Path:
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def _same(a, b) -> None:
    assert a.key == b.key
    assert a.article == b.article
    assert a.article.text == b.article.text
    assert a.entities == b.entities
    assert a.title == b.title


def test_serialise_round_trip_keeps_everything(tmp_path: Path, seed: Path) -> None:
    for document in (
        load_file(seed),
        load_file(_write(tmp_path / "a.md", MARKDOWN)),
        RawDocument("x.txt", "Caf\xe9 menu\n\nHome | About\n\nText.", warnings=("not UTF-8",)),
    ):
        loaded = process(document)
        back = deserialise(serialise(loaded), loaded.key, document)
        _same(back, loaded)
        assert back.article.removed == loaded.article.removed
        assert back.article.warnings == loaded.article.warnings
        assert back.document.warnings == loaded.document.warnings


def test_miss_then_hit(cache: ArticleCache, seed: Path) -> None:
    document = load_file(seed)
    assert cache.get(document) is None
    first = cache.load_or_process(document, 3)
    hit = cache.get(document, added=3)
    assert hit is not None
    _same(hit, first)
    assert hit.document is document
    assert hit.added == 3
    assert len(cache) == 1


def test_hit_by_file_needs_no_file(cache: ArticleCache, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", MARKDOWN, mtime=1_600_000_000.5)
    loaded = cache.open_file(path)
    stat = path.stat()
    hash_ = cache.lookup_file(path, stat.st_size, stat.st_mtime)
    assert hash_ == content_hash(loaded.document)
    path.unlink()
    hit = cache.get_by_hash(hash_, added=7)
    assert hit is not None
    _same(hit, loaded)
    assert hit.document.path == path
    assert hit.document.format == "markdown"
    assert hit.document.text == ""  # the raw text is not kept
    assert hit.added == 7


def test_changed_file_is_read_again(cache: ArticleCache, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "Old title\n\nOld text of the article.", 1_600_000_000)
    old = cache.open_file(path)
    stat = path.stat()
    assert cache.lookup_file(path, stat.st_size + 1, stat.st_mtime) is None
    assert cache.lookup_file(path, stat.st_size, stat.st_mtime + 1) is None
    # Same size, new mtime: read again, not trusted.
    _write(path, "New title\n\nNew text of the article.", 1_600_000_100)
    assert path.stat().st_size == stat.st_size
    new = cache.open_file(path)
    assert new.article.title == "New title"
    assert new.key != old.key
    stat = path.stat()
    assert cache.lookup_file(path, stat.st_size, stat.st_mtime) == content_hash(new.document)


def test_deleted_file_is_not_served_by_path(cache: ArticleCache, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "Title\n\nSome text.")
    cache.open_file(path)
    path.unlink()
    with pytest.raises(LoadError, match="no such file"):
        cache.open_file(path)


def test_cleaner_version_bump_invalidates(
    tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "cache.sqlite3"
    document = load_file(seed)
    stat = seed.stat()
    with ArticleCache(file) as cache:
        cache.load_or_process(document, size=stat.st_size, mtime=stat.st_mtime)
    monkeypatch.setattr(versions, "CLEANER_VERSION", versions.CLEANER_VERSION + 1)
    with ArticleCache(file) as cache:
        assert cache.get(document) is None
        assert cache.lookup_file(seed, stat.st_size, stat.st_mtime) is None
        assert len(cache) == 0
        cache.load_or_process(document)
        assert cache.get(document) is not None


def test_entities_version_and_backend_invalidate(
    tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "cache.sqlite3"
    document = load_file(seed)
    with ArticleCache(file) as cache:
        cache.load_or_process(document)
    with ArticleCache(file, backend="spacy") as cache:
        assert cache.get(document) is None
    monkeypatch.setattr(versions, "ENTITIES_VERSION", versions.ENTITIES_VERSION + 1)
    with ArticleCache(file) as cache:
        assert cache.get(document) is None


def test_garbage_cache_file_is_replaced(tmp_path: Path, seed: Path) -> None:
    file = tmp_path / "cache.sqlite3"
    file.write_bytes(b"this is not a database at all" * 200)
    with ArticleCache(file) as cache:
        assert cache.problems == []
        document = load_file(seed)
        assert cache.get(document) is None
        cache.load_or_process(document)
        assert cache.get(document) is not None


def test_damaged_pages_while_open_start_afresh(tmp_path: Path, seed: Path) -> None:
    file = tmp_path / "cache.sqlite3"
    document = load_file(seed)
    with ArticleCache(file) as cache:
        cache.load_or_process(document)
    data = bytearray(file.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the first is garbage
    file.write_bytes(bytes(data))
    with ArticleCache(file) as cache:
        assert cache.get(document) is None  # no crash: a miss, and a fresh file
        cache.load_or_process(document)
        assert cache.get(document) is not None


def test_damaged_entry_is_a_miss(cache: ArticleCache, seed: Path) -> None:
    document = load_file(seed)
    cache.load_or_process(document)
    with sqlite3.connect(cache.path) as conn:
        conn.execute("UPDATE articles SET data = x'00010203'")
    assert cache.get(document) is None
    assert len(cache) == 0


def test_unwritable_cache_only_slows_down(tmp_path: Path, seed: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ArticleCache(blocker / "cache.sqlite3")  # its folder is a file
    loaded = cache.open_file(seed)
    assert loaded.article.title
    assert cache.problems and str(blocker) in cache.problems[0]


def test_same_text_in_two_files(cache: ArticleCache, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", "Title\n\nThe same text.")
    b = _write(tmp_path / "b.txt", "Title\n\nThe same text.")
    cache.open_file(a)
    loaded_b = cache.open_file(b)
    assert loaded_b.document.path == b
    stat = b.stat()
    hash_ = cache.lookup_file(b, stat.st_size, stat.st_mtime)
    assert hash_ is not None
    hit = cache.get_by_hash(hash_, path=b)
    assert hit.document.path == b and hit.article.path == b
    assert hit.article.source == "b.txt"


def test_prune_keeps_only_the_library(cache: ArticleCache, tmp_path: Path) -> None:
    kept = _write(tmp_path / "a.txt", "Kept\n\nThis one stays.")
    gone = _write(tmp_path / "b.txt", "Gone\n\nThis one goes.")
    cache.open_file(kept)
    cache.open_file(gone)
    assert cache.prune([str(kept)]) == 1
    assert list(cache.files()) == [str(kept)]
    assert len(cache) == 1
