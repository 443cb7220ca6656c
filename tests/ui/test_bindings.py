"""Every key is a binding with an id, listed in help and rebindable in the keymap."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode

import reader.ui
from reader.core.paths import Paths
from reader.core.settings import DEFAULTS, replace_setting
from reader.ui import bindings
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.search import SearchScreen
from tests.ui.helpers import running, screen_text, settle


def _classes_with_bindings() -> list[type[DOMNode]]:
    found = []
    for module in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        for _name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if (
                issubclass(cls, DOMNode)
                and cls.__module__.startswith("reader.")
                and cls.__dict__.get("BINDINGS")
            ):
                found.append(cls)
    return found


def test_every_screen_and_widget_takes_its_bindings_from_the_one_list() -> None:
    classes = _classes_with_bindings()
    names = {cls.__name__ for cls in classes}
    assert {"ReaderApp", "MainScreen", "ArticleView", "EntityPanel", "TextPrompt"} <= names
    listed = [id(b) for _title, section in bindings.SECTIONS for b in section]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), cls
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"
            assert id(binding) in listed, f"{cls.__name__}: {binding.id} is not in help"


def test_binding_ids_are_unique() -> None:
    ids = [b.id for _title, section in bindings.SECTIONS for b in section if b.id]
    assert len(ids) == len(set(ids))


async def test_help_shows_every_binding_as_bound(app_paths: Paths) -> None:
    settings = replace_setting(DEFAULTS, "keymap", {"entities.filter": "F"})
    async with running(paths=app_paths, size=(120, 200), settings=settings) as (app, pilot):
        assert not any("entities.filter" in w for w in app.startup_warnings)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for title, section in bindings.SECTIONS:
            assert title in text
            for binding in section:
                assert bindings.described(binding) in text, binding.id
                # with its id, to rebind it by in the settings (tab is Textual's own)
                rows = [r for r in text.splitlines() if bindings.described(binding) in r]
                assert binding.id is None or any(f" {binding.id} " in r for r in rows), binding.id
        line = next(row for row in text.splitlines() if "Filter articles by it" in row)
        assert " F " in line  # the keymap's key, not the default "f"


async def test_ctrl_p_in_search_moves_to_the_previous_result(
    app_paths: Paths, tmp_path: Path
) -> None:
    paths = []
    for i in range(3):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Harbour {i}\n\nThe harbour story number {i}.", encoding="utf-8")
        paths.append(path)
    async with running(paths, paths=app_paths) as (app, pilot):
        await pilot.press("slash")
        for char in "harbour":
            await pilot.press(char)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and len(screen.hits) >= 2
        await pilot.press("down", "down")
        assert screen.results.highlighted == 2
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        assert screen.results.highlighted == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")  # elsewhere it is still the palette
        await pilot.pause()
        assert CommandPalette.is_open(app)
