"""Pilot tests of bookmarks and reading state: keep, list, jump, delete, undo, resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.paths import Paths
from reader.core.storage.store import Store
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.dialogs import Confirm, TextPrompt
from tests.ui.helpers import running, screen_text


def stored_bookmarks(paths: Paths) -> list:
    store = Store(paths.database)
    try:
        return store.bookmarks()
    finally:
        store.close()


async def test_b_bookmarks_the_passage_and_it_survives_a_restart(
    app_paths: Paths, seed: Path
) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j", "j", "j")
        section = app.main_screen.view.current_section
        assert section is not None
        await pilot.press("b")
        assert "★" in screen_text(app)
        assert 4 in app.main_screen.view.bookmarked
    [bookmark] = stored_bookmarks(app_paths)
    assert bookmark.quote == section.text
    async with running([seed], paths=app_paths) as (app, _pilot):
        assert 4 in app.main_screen.view.bookmarked
        # and the reading position was kept: the cursor resumes on that passage
        assert app.main_screen.view.cursor == 4


async def test_bookmark_with_a_note_then_remove_and_undo(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j")
        await pilot.press("B")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"ceasefire terms", "enter")
        [bookmark] = stored_bookmarks(app_paths)
        assert bookmark.note == "ceasefire terms"
        await pilot.press("b")
        assert isinstance(app.screen, Confirm)
        assert "ceasefire terms" in screen_text(app)
        await pilot.press("y")
        assert stored_bookmarks(app_paths) == []
        assert 2 not in app.main_screen.view.bookmarked
        await pilot.press("u")
        assert [b.id for b in stored_bookmarks(app_paths)] == [bookmark.id]
        assert 2 in app.main_screen.view.bookmarked


async def test_bookmarks_screen_lists_filters_jumps_and_deletes(
    app_paths: Paths, seed: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Weather today\n\nRain over Bergen all afternoon.\n\nSun tomorrow.\n")
    async with running([seed, other], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j", "j", "b")
        await pilot.press("n", "j", "b")
        await pilot.press("apostrophe")
        assert isinstance(app.screen, BookmarksScreen)
        text = screen_text(app)
        assert "2 bookmarks" in text and "Weather today" in text
        # newest first
        assert app.screen.shown[0].article_title == "Weather today"
        await pilot.press("slash", *"aniversary")  # a typo
        await pilot.pause()
        assert [b.article_title for b in app.screen.shown] == [app.session.articles[0].title]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, BookmarksScreen)
        assert app.main_screen.current.key == app.session.articles[0].key
        assert app.main_screen.view.cursor == 3
        await pilot.press("apostrophe")
        await pilot.press("d")
        await pilot.pause()
        assert len(app.screen.all_bookmarks) == 1
        assert len(stored_bookmarks(app_paths)) == 1


async def test_an_edited_article_keeps_its_bookmark(app_paths: Paths, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nFirst paragraph here.\n\nThe passage I keep about harbours.\n")
    async with running([article], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j", "b")
    article.write_text(
        "Title\n\nA new opening paragraph.\n\nFirst paragraph here.\n\n"
        "The passage I keep about harbours.\n"
    )
    async with running([article], paths=app_paths) as (app, _pilot):
        sections = app.main_screen.current.article.sections
        marked = app.main_screen.view.bookmarked
        assert [sections[i].text for i in marked] == ["The passage I keep about harbours."]


async def test_a_bookmark_whose_passage_is_gone_is_listed_as_orphaned(
    app_paths: Paths, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nKept paragraph.\n\nA passage that will be deleted entirely.\n")
    async with running([article], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j", "b")
    article.write_text("Title\n\nKept paragraph.\n\nSomething completely different now.\n")
    async with running([article], paths=app_paths) as (app, pilot):
        assert not app.main_screen.view.bookmarked
        await pilot.press("apostrophe")
        assert "orphaned" in screen_text(app)
        assert "A passage that will be deleted entirely." in screen_text(app)


async def test_plain_reader_opens_the_library_once_there_is_one(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running(paths=app_paths) as (app, _pilot):
        assert app.session.showing_seeds
        assert app.main_screen.current.title.startswith("Russia lauds")
    mine = tmp_path / "mine.txt"
    mine.write_text("My own article\n\nSomething I want to read later.\n")
    async with running([mine], paths=app_paths) as (app, _pilot):
        pass
    async with running(paths=app_paths) as (app, _pilot):
        assert not app.session.showing_seeds
        assert [a.title for a in app.session.articles] == ["My own article"]


async def test_forgetting_an_article_keeps_its_bookmarks(app_paths: Paths, tmp_path: Path) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("My own article\n\nA passage worth keeping.\n")
    async with running([mine], paths=app_paths) as (app, pilot):
        await pilot.press("j", "b", "delete")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        assert app.session.articles == []
    [bookmark] = stored_bookmarks(app_paths)
    assert bookmark.orphaned and bookmark.quote == "A passage worth keeping."


@pytest.mark.parametrize("when", ["before the load starts", "while the load creates it"])
async def test_a_bookmark_made_before_the_first_load_reaches_the_database_is_kept(
    app_paths: Paths, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """On a first start the database is created by the load worker; `b` pressed before the
    worker got there, or while it is creating the database, is kept, not dropped."""
    import asyncio
    import threading
    import time

    from reader.core.library.keeping import Keeping
    from reader.core.session import Session
    from reader.ui.app import make_app

    release, creating = threading.Event(), threading.Event()
    load, make_keeping = Session.load, Keeping.__init__

    def held_back(self, plan, cancelled=lambda: False):  # type: ignore[no-untyped-def]
        release.wait(30)
        yield from load(self, plan, cancelled)

    def slow_keeping(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        creating.set()
        time.sleep(0.3)  # a slow disk: the key comes while the database is being made
        make_keeping(self, *args, **kwargs)

    monkeypatch.setattr(Session, "load", held_back)
    monkeypatch.setattr(Keeping, "__init__", slow_keeping)
    app = make_app(sources=[], paths=app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app_paths.database.exists()  # the load has not created it yet
        await pilot.press("j", "j", "j")
        if when == "while the load creates it":
            release.set()
            assert await asyncio.to_thread(creating.wait, 10)
        await pilot.press("b")
        await pilot.pause()
        assert "★" in screen_text(app)
        assert any("bookmarked" in n.message for n in app._notifications)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert 3 in app.main_screen.view.bookmarked
    [bookmark] = stored_bookmarks(app_paths)
    assert bookmark.quote.startswith("On the first anniversary")
