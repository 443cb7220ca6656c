"""Helpers for Pilot tests: start the app on given files and wait until they are loaded."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot

from reader.core.paths import Paths
from reader.ui.app import ReaderApp, make_app


@asynccontextmanager
async def running(
    sources: Sequence[Path | str] = (),
    *,
    paths: Paths,
    size: tuple[int, int] = (120, 40),
    **options: object,
) -> AsyncIterator[tuple[ReaderApp, Pilot]]:
    app = make_app(sources=[str(s) for s in sources], paths=paths, **options)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield app, pilot


async def settle(app: ReaderApp, pilot: Pilot) -> None:
    """Wait for workers (loading, layout) and the messages they post."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: ReaderApp) -> str:
    """Everything on the screen as plain text, one line per row: what a user sees."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def visible_lines(app: ReaderApp) -> list[str]:
    """The article view's visible lines as plain text."""
    view = app.main_screen.view
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
