"""A library of thousands of articles: listed at start from the cache, opened on demand,
missing and changed files noticed (issue 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.ingest import sources as sources_module
from reader.core.library.cache import ArticleCache
from reader.core.library.importer import import_paths
from reader.core.paths import Paths
from reader.core.storage.anchoring import make_bookmark
from reader.core.storage.store import Store
from tests.ui.helpers import running, screen_text

N = 2500
PLACES = ["Kyiv", "Lagos", "Lima", "Seoul", "Lisbon", "Cairo", "Delhi", "Oslo"]


def _article(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"Harbour report {i:05d} from {place}\n\n"
        f"The port authority in {place} said on Monday that berth {i} would reopen.\n"
    )


def _library(root: Path, paths: Paths) -> Path:
    folder = root / "articles"
    folder.mkdir()
    for i in range(N):
        (folder / f"{i:05d}.txt").write_text(_article(i), encoding="utf-8")
    with Store(paths.database) as store, ArticleCache.in_folder(paths.data_dir) as cache:
        report = import_paths([str(folder)], cache=cache, store=store, workers=0)
    assert report.added == N
    return folder


async def test_a_big_library_is_listed_from_the_cache_and_the_last_article_opens(
    app_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library(tmp_path, app_paths)
    read: list[str] = []

    def load_sources(sources: list[str], **options: object) -> object:
        read.extend(sources)
        return real_load_sources(sources, **options)

    real_load_sources = sources_module.load_sources
    monkeypatch.setattr(sources_module, "load_sources", load_sources)
    async with running(paths=app_paths) as (app, pilot):
        screen = app.main_screen
        assert len(screen.sidebar.keys) == N
        assert read == []  # listed from the cache (sizes and mtimes unchanged): no file read
        assert not app.session.problems
        assert "Harbour report 00000 from Kyiv" in screen_text(app)
        # Articles are summaries until opened: memory holds the few opened, not the library.
        assert sum(1 for a in app.session.articles if a._content is not None) <= 20
        screen.sidebar.focus()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert screen.current is not None
        assert screen.current.title == f"Harbour report {N - 1:05d} from {PLACES[(N - 1) % 8]}"
        assert "berth 2499 would reopen" in screen_text(app)
        assert app.session.index is not None  # built in the background from the cache
        hits = app.session.index.query("berth 2499")
        assert hits and hits[0].article == screen.current.key
        # The entity filter asks the cache, not each article's text.
        screen.set_entity_filter("Cairo")
        expected = sum(1 for i in range(N) if PLACES[i % len(PLACES)] == "Cairo")
        assert len(screen.sidebar.keys) == expected
        assert sum(1 for a in app.session.articles if a._content is not None) <= 20


async def test_changed_files_are_read_again_and_deleted_ones_are_listed_as_missing(
    app_paths: Paths, tmp_path: Path
) -> None:
    folder = _library(tmp_path, app_paths)
    changed = folder / "00001.txt"
    changed.write_text("A rewritten report\n\nThe port authority changed its mind.\n")
    os.utime(changed, (1_700_000_000, 1_700_000_000))
    (folder / "00002.txt").unlink()
    async with running(paths=app_paths) as (app, pilot):
        screen = app.main_screen
        titles = {a.title: a for a in app.session.articles}
        assert "A rewritten report" in titles
        assert "Harbour report 00001 from Lagos" not in titles
        gone = titles["Harbour report 00002 from Lima"]
        assert gone.missing
        assert "⚠ missing" in screen.sidebar.row_text(screen.sidebar.keys.index(gone.key))
        screen.open_article(gone.key)  # still readable: its text is in the cache
        await pilot.pause()
        assert "berth 2 would reopen" in screen_text(app)


async def test_a_bookmark_follows_its_file_when_the_file_is_edited(
    app_paths: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    file = folder / "report.txt"
    body = [
        "Harbour plan approved in Oslo",
        "The port authority in Oslo said on Monday that the new berth would reopen in May, "
        "after two years of repairs that cost more than expected.",
        "Dockworkers welcomed the news, though their union said that the night shifts "
        "agreed last year still had to be paid before any new work could begin.",
        "A second paragraph worth keeping for later: the harbour master expects the first "
        "container ships to call in the second week of June.",
    ]
    file.write_text("\n\n".join(body) + "\n")
    async with running([file], paths=app_paths) as (app, _pilot):
        loaded = app.main_screen.current
        assert loaded is not None
        text = loaded.article.text
        start = text.index("A second paragraph")
        end = text.index(".", start) + 1
        with Store(app_paths.database) as store:
            store.add_bookmark(make_bookmark(loaded.key, loaded.title, str(file), text, start, end))
    body.insert(2, "Officials added that the ferry terminal would stay closed until the autumn.")
    file.write_text("\n\n".join(body) + "\n")
    async with running(paths=app_paths) as (app, _pilot):  # plain `reader`: the library
        current = app.main_screen.current
        assert current is not None and "ferry terminal" in current.article.text
        assert app.session.keeping is not None
        (bookmark,) = app.session.keeping.bookmarks()
        assert bookmark.article_key == current.key and not bookmark.orphaned
        assert current.article.text[bookmark.start : bookmark.end].startswith("A second")
