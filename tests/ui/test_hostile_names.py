"""Hostile file names, pasted queries and notes stay inert everywhere they are shown."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.widgets import Input

from reader.core.paths import Paths
from reader.ui.screens.search import SearchScreen
from tests.cli.test_cli import run
from tests.ui.helpers import running, screen_text, settle


async def test_a_hostile_file_name_is_shown_inert(app_paths: Paths, tmp_path: Path) -> None:
    name = os.fsdecode(b"[bold red]x\x1b[31mred\xff.txt")
    (tmp_path / name).write_text("Plain body text about the harbour.\n")
    async with running([tmp_path], paths=app_paths) as (app, _pilot):
        text = screen_text(app)
        assert "\x1b" not in text and "[bold red]x" in text and "\\x1b" in text


def test_clean_json_with_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(b"latin\xe9\xc2\x9b.txt")
    path.write_text("Title\n\nBody text.\n")
    result = run("clean", "--json", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "\\xe9" in data["source"] and "\x9b" not in result.stdout


async def test_escape_sequences_pasted_into_search_are_removed(
    app_paths: Paths, seed: Path
) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        box = app.screen.query_one(Input)
        box.value = "\x1b]52;c;QQ==\x07peskov\x1b[2J"
        await settle(app, pilot)
        assert box.value == "peskov"
        assert "\x1b" not in screen_text(app)


async def test_a_note_with_control_codes_is_stored_clean(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("j", "B")
        app.screen.query_one(Input).value = "note \x1b[31mred\x07 end"
        await pilot.press("enter")
        [bookmark] = app.session.keeping.bookmarks()
        assert bookmark.note == "note red end"
