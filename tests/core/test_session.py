"""The session: one owner of the articles, the index, the cache and the store (no Pilot).

Each test is a defect the reader had while the app kept the list itself: a forgotten article
stayed searchable, articles added during the first load vanished or were never indexed, a
folder opened by name did per-article database work, and a bookmark's file was cleaned
again, ignoring the cache.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.library import articles as articles_module
from reader.core.paths import Paths
from reader.core.session import Session
from reader.core.settings import DEFAULTS, replace_setting
from reader.core.storage import store as store_module


def write(folder: Path, name: str, title: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def opened(paths: Paths, sources: list[Path | str], **settings: object) -> Session:
    config = DEFAULTS
    for key, value in settings.items():
        config = replace_setting(config, key.replace("__", "."), value)
    session = Session(paths, config, sources=[str(s) for s in sources])
    notices = session.open(lambda message: pytest.fail(f"store error: {message}"))
    assert notices == []
    return session


def load_all(session: Session) -> None:
    plan, _gone = session.start()
    for _step in session.load(plan):
        pass


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths.under(tmp_path / "home")


def test_a_forgotten_article_is_no_longer_found_by_search(paths: Paths, tmp_path: Path) -> None:
    a = write(tmp_path / "in", "a.txt", "Harbour news", "The harbour in Bergen reopened.")
    b = write(tmp_path / "in", "b.txt", "Mountain news", "Snow closed the pass near Oslo.")
    session = opened(paths, [a, b])
    load_all(session)
    index = session.build_index()
    assert index is not None
    harbour = next(x for x in session.articles if x.title == "Harbour news")
    assert {hit.article for hit in index.query("harbour bergen")} == {harbour.key}
    session.forget(harbour.key)
    assert session.get(harbour.key) is None
    assert [x.title for x in session.articles] == ["Mountain news"]
    assert index.query("harbour bergen") == []
    assert session.keeping is not None
    assert str(a.resolve()) not in session.keeping.library_paths()
    session.close()


def test_articles_added_while_the_first_load_runs_stay(paths: Paths, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    sources = [write(folder, f"{i:02d}.txt", f"Article {i}", f"Body number {i}.") for i in range(6)]
    extra = write(tmp_path / "extra", "x.txt", "Added by hand", "Added while loading.")
    session = opened(paths, sources)
    plan, _gone = session.start()
    steps = session.load(plan)
    first = next(steps)  # the first article is posted at once
    assert len(first.added) == 1
    report = session.add([str(extra)])
    assert [x.title for x in report.added] == ["Added by hand"]
    for _step in steps:
        pass
    titles = [x.title for x in session.articles]
    assert "Added by hand" in titles
    assert sorted(titles) == sorted([*(f"Article {i}" for i in range(6)), "Added by hand"])
    session.close()


def test_articles_added_while_the_index_is_built_are_searchable(
    paths: Paths, tmp_path: Path
) -> None:
    sources = [
        write(tmp_path / "in", f"{i}.txt", f"Report {i}", f"Routine text {i}.") for i in range(3)
    ]
    extra = write(tmp_path / "late", "late.txt", "Late arrival", "A zeppelin over Tromsø.")
    session = opened(paths, sources)
    load_all(session)
    added: list[str] = []

    def pause() -> None:  # between articles of the build: the user presses `a`
        if not added:
            added.extend(a.key for a in session.add([str(extra)]).added)

    index = session.build_index(pause=pause)
    assert index is not None and added
    assert [hit.article for hit in index.query("zeppelin")] == added
    session.close()


def test_an_article_forgotten_while_the_index_is_built_is_not_in_it(
    paths: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    sources = [write(folder, f"{i}.txt", f"Story {i}", f"Walrus {i} seen.") for i in range(3)]
    session = opened(paths, sources)
    load_all(session)
    first = session.articles[0].key
    forgotten: list[str] = []

    def pause() -> None:
        if not forgotten:
            forgotten.append(first)
            session.forget(first)

    index = session.build_index(pause=pause)
    assert index is not None
    assert first not in {hit.article for hit in index.query("walrus", limit=50)}
    assert len({hit.article for hit in index.query("walrus", limit=50)}) == 2
    session.close()


def test_a_folder_opened_by_name_is_remembered_in_one_write_off_the_start(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "folder"
    for i in range(30):
        write(folder, f"{i:02d}.txt", f"Piece {i}", f"Words of piece {i}.")
    load_all(opened(paths, [folder]))  # cached now

    session = opened(paths, [folder])
    writes: list[str] = []
    original = store_module.Store._write

    def counting(self: store_module.Store, what: str):  # type: ignore[no-untyped-def]
        writes.append(what)
        return original(self, what)

    monkeypatch.setattr(store_module.Store, "_write", counting)
    fetched: list[str] = []
    real_content = articles_module.LoadedArticle.content

    def content(self: articles_module.LoadedArticle):  # type: ignore[no-untyped-def]
        fetched.append(self.key)
        return real_content(self)

    monkeypatch.setattr(articles_module.LoadedArticle, "content", content)
    plan, _gone = session.start()
    assert len(session.articles) == 30  # listed from the cache before the first frame
    assert writes == [], "nothing is written before the first frame"
    for _step in session.load(plan):
        pass
    assert writes == ["remember the articles"]  # one transaction for all 30
    assert fetched == [], "no article's text is fetched to remember it (none has bookmarks)"
    assert session.keeping is not None
    assert len(session.keeping.library_paths()) == 30
    session.close()


def test_opening_a_bookmarks_file_uses_the_cache(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "in", "a.txt", "Cached one", "Already cleaned once.")
    load_all(opened(paths, [path]))
    session = opened(paths, [write(tmp_path / "other", "b.txt", "Other", "Something else.")])
    load_all(session)

    def no_cleaning(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was cleaned again instead of read from the cache")

    monkeypatch.setattr(articles_module, "process", no_cleaning)
    loaded = session.open_path(str(path.resolve()))
    assert loaded is not None and loaded.title == "Cached one"
    assert session.get(loaded.key) is loaded
    assert [a.title for a in session.articles] == ["Other", "Cached one"]
    session.close()


def test_a_new_bookmark_is_found_once_the_index_is_ready(paths: Paths, tmp_path: Path) -> None:
    path = write(tmp_path / "in", "a.txt", "Notes", "The quarterly figures were grim.")
    session = opened(paths, [path])
    load_all(session)
    loaded = session.articles[0]
    assert session.keeping is not None
    building = threading.Event()
    release = threading.Event()

    def pause() -> None:
        building.set()
        release.wait(5)

    thread = threading.Thread(target=session.build_index, kwargs={"pause": pause})
    thread.start()
    building.wait(5)
    bookmark = session.keeping.add(loaded, loaded.article.sections[-1], "remember the gloom")
    session.index_bookmark(bookmark)  # while the index is being built
    release.set()
    thread.join(5)
    assert session.index is not None
    kinds = [hit.kind for hit in session.index.query("gloom")]
    assert kinds == ["bookmark"]
    session.close()


def test_the_file_size_limit_comes_from_the_settings(paths: Paths, tmp_path: Path) -> None:
    big = write(tmp_path / "in", "big.txt", "Big", "word " * 1000)
    session = opened(paths, [big], loading__max_file_mb=0.001)
    load_all(session)
    assert session.articles == []
    assert any("big.txt" in p.message and "MB" in p.message for p in session.problems)
    session.close()


def test_a_first_start_shows_the_seed_before_the_database_exists(paths: Paths) -> None:
    """A first start creates the database and the cache in the load worker, not before the
    first frame; the seed is on screen already, from the prepared copy."""
    session = Session(paths)
    assert session.open(pytest.fail, defer_creation=True) == []
    assert not paths.database.exists() and session.keeping is None
    plan, _gone = session.start()
    assert [a.title[:6] for a in session.articles] == ["Russia"]
    steps = list(session.load(plan))
    assert steps[0].created and paths.database.exists()
    assert session.cache is not None and len(session.cache) == 1
    session.close()
    again = Session(paths)
    again.open(pytest.fail, defer_creation=True)
    assert again.keeping is not None  # there is a database now: opened at once
    again.close()
