"""Snapshot tests for the look of the main screens (regenerate on purpose with
`pytest tests/ui/test_snapshots.py --snapshot-update`, and read the diff report first)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.core.paths import Paths
from reader.ui.app import make_app


async def _loaded(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_reading_the_seed(snap_compare, tmp_path: Path) -> None:
    app = make_app(paths=Paths.under(tmp_path), theme="textual-dark")

    async def run_before(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("j", "j", "j", "right_square_bracket")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_light_theme_without_highlights(snap_compare, tmp_path: Path) -> None:
    app = make_app(paths=Paths.under(tmp_path), theme="textual-light")

    async def run_before(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("e")

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_entity_panel(snap_compare, tmp_path: Path) -> None:
    app = make_app(paths=Paths.under(tmp_path), theme="textual-dark")

    async def run_before(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("E")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 36), run_before=run_before)


def test_help_screen(snap_compare, tmp_path: Path) -> None:
    app = make_app(paths=Paths.under(tmp_path), theme="textual-dark")

    async def run_before(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 50), run_before=run_before)


def test_outline(snap_compare, tmp_path: Path) -> None:
    from tests.ui.nav_pages import write_page

    page = write_page(tmp_path)
    app = make_app(sources=[str(page)], paths=Paths.under(tmp_path), theme="textual-dark")

    async def run_before(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("ctrl+down", "ctrl+down", "o")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 36), run_before=run_before)


def test_link_list(snap_compare, tmp_path: Path) -> None:
    from tests.ui.nav_pages import write_page

    page = write_page(tmp_path)
    app = make_app(sources=[str(page)], paths=Paths.under(tmp_path), theme="textual-dark")

    async def run_before(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 44), run_before=run_before)
