"""Navigation in a real terminal (tmux): the outline, the links list, the original view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal, needs_tmux, reader_command
from tests.ui.nav_pages import write_page

pytestmark = needs_tmux


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "READER_CONFIG_DIR": str(tmp_path / "config"),
        "READER_DATA_DIR": str(tmp_path / "data"),
    }


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def test_outline_links_and_the_original_view_of_a_saved_page(
    env: dict[str, str], terminals: list[Terminal], tmp_path: Path
) -> None:
    page = write_page(tmp_path)
    terminal = Terminal(reader_command(str(page)), env, width=130, height=40)
    terminals.append(terminal)
    terminal.wait_for("The Harbour Story", "Outline", "palette")
    terminal.send("o")
    terminal.wait_for("Outline of The Harbour Story", "Early Boats", "Hostile Corner")
    terminal.send("Down", "Enter")  # the second heading
    terminal.wait_until_gone("Outline of The Harbour Story")
    terminal.wait_for("Later Harbour Days ·")  # the section in the article's border
    terminal.send("l")
    screen = terminal.wait_for("Links in The Harbour Story", "next story", "the map")
    assert "https://harbour.example/story/next.html" in screen
    assert "javascript: links are never followed" in screen
    assert "\x1b" not in terminal.screen_with_escapes().replace("\x1b[", "")  # only SGR
    terminal.send("Escape")
    terminal.wait_until_gone("Links in The Harbour Story")
    terminal.send("v")
    terminal.wait_for("original Later Harbour Days")
    terminal.send("g")  # the menu the extractor left out stands above the title
    terminal.wait_for("Home News Sport", "outside the article (extractor)")
    terminal.send("v")
    terminal.wait_until_gone("Home News Sport")
    terminal.send("q")
    assert terminal.wait_for_exit() == 0
