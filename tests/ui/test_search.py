"""Pilot tests of search: results per keystroke, typo tolerance, jumping, scope, next match."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.paths import Paths
from reader.ui.screens.search import SearchScreen
from tests.ui.helpers import running, screen_text, settle


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


async def type_query(app, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        await pilot.press(char if char != " " else "space")
    await settle(app, pilot)


async def test_results_update_per_keystroke_and_tolerate_typos(
    app_paths: Paths, seed: Path
) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_query(app, pilot, "peskvo")  # swapped letters
        screen = app.screen
        assert screen.hits, "a typo still finds the passage"
        assert any("Peskov" in hit.snippet for hit in screen.hits[:5])
        assert "Peskov" in screen_text(app)
        await type_query(app, pilot, " said")
        assert screen.shown_query == "peskvo said"
        top = screen.hits[0]  # the next keystroke narrows to both words, side by side
        assert "Peskov said" in top.snippet
        at = top.snippet.index("Peskov said")
        marked = set(top.positions)
        assert at in marked  # the typo'd word is marked where it matched...
        assert set(range(at + 7, at + 11)) <= marked  # ...and "said" in full


async def test_enter_jumps_to_the_passage_and_marks_the_match(
    app_paths: Paths, seed: Path, tmp_path: Path
) -> None:
    other = write(tmp_path, "other.txt", "Unrelated weather\n\nSunny spells over Oslo today.")
    async with running([other, seed], paths=app_paths) as (app, pilot):
        main = app.main_screen
        assert main.current is not None and main.current.title == "Unrelated weather"
        await pilot.press("slash")
        await type_query(app, pilot, "minefields maps")
        hit = app.screen.hits[0]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert main.current.key == hit.article
        section = main.current.article.sections[main.view.cursor]
        assert "minefields maps" in section.text
        assert any(section.start <= s < section.end for s, _e in main.view.matches)


async def test_escape_closes_and_leaves_the_reader_where_it_was(
    app_paths: Paths, seed: Path
) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j", "j")
        view = app.main_screen.view
        before = (view.cursor, view.scroll_offset.y)
        await pilot.press("slash")
        await type_query(app, pilot, "unesco")
        await pilot.press("down")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert (view.cursor, view.scroll_offset.y) == before


async def test_scope_switch_limits_results_to_this_article(
    app_paths: Paths, tmp_path: Path
) -> None:
    a = write(tmp_path, "a.txt", "Harbour news\n\nThe harbour in Bergen reopened.")
    b = write(tmp_path, "b.txt", "Harbour gossip\n\nA second harbour story from Oslo.")
    async with running([a, b], paths=app_paths) as (app, pilot):
        await pilot.press("slash")
        await type_query(app, pilot, "harbour")
        screen = app.screen
        assert {hit.article for hit in screen.hits} == {x.key for x in app.session.articles}
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert {hit.article for hit in screen.hits} == {app.main_screen.current.key}
        assert "in Harbour news" in screen_text(app)


async def test_next_match_keys_walk_through_matches(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        main = app.main_screen
        await pilot.press("slash")
        await type_query(app, pilot, "South Caucasus")
        await pilot.press("enter")
        await pilot.pause()
        matches = main.view.matches
        assert len(matches) >= 3
        first = main.match_index
        assert first is not None
        await pilot.press("full_stop")
        assert main.match_index == (first + 1) % len(matches)
        start, _ = matches[main.match_index]
        section = main.current.article.sections[main.view.cursor]
        assert section.start <= start < section.end
        await pilot.press("comma")
        assert main.match_index == first


async def test_markup_in_a_query_and_in_results_is_literal(
    app_paths: Paths, tmp_path: Path
) -> None:
    a = write(tmp_path, "a.txt", "Tags\n\nWrite [bold]x[/] to make text bold, or [/] to stop.")
    async with running([a], paths=app_paths) as (app, pilot):
        await pilot.press("slash")
        await type_query(app, pilot, "[bold]x[/]")
        assert app.screen.hits
        assert "[bold]x[/]" in screen_text(app)


async def test_matches_in_the_article_are_found_off_the_ui_thread(
    app_paths: Paths, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matching a query over a long article takes a second: never on the UI thread."""
    from reader.core.search import matching

    threads: list[int] = []
    real = matching.find_in_text

    def spy(query: str, text: str) -> list[tuple[int, int]]:
        threads.append(threading.get_ident())
        return real(query, text)

    monkeypatch.setattr(matching, "find_in_text", spy)
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("slash")
        await type_query(app, pilot, "South Caucasus")
        await pilot.press("enter")
        await settle(app, pilot)
        assert threads and threading.get_ident() not in threads
        assert len(app.main_screen.view.matches) >= 3
