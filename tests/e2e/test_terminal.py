"""The real program in a real terminal (tmux): start, read, navigate, quit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal, needs_tmux, reader_command

pytestmark = needs_tmux

TITLE = "Russia lauds Azerbaijan"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "READER_CONFIG_DIR": str(tmp_path / "config"),
        "READER_DATA_DIR": str(tmp_path / "data"),
    }


@pytest.fixture
def terminal_factory() -> Iterator[list[Terminal]]:
    terminals: list[Terminal] = []
    yield terminals
    for terminal in terminals:
        terminal.close()


def test_reader_opens_the_seed_reads_and_quits(
    env: dict[str, str], terminal_factory: list[Terminal]
) -> None:
    terminal = Terminal(reader_command(), env)
    terminal_factory.append(terminal)
    terminal.wait_for(TITLE, "Articles", "Next passage", "palette")
    terminal.send("G")
    terminal.wait_for("Russian-brokered agreement")
    terminal.send("?")
    terminal.wait_for("Next entity")
    terminal.send("Escape")
    terminal.wait_until_gone("Next entity")
    terminal.send("q")
    assert terminal.wait_for_exit() == 0


def test_hostile_file_cannot_drive_the_terminal(
    env: dict[str, str], terminal_factory: list[Terminal], tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(
        b"A hostile article \x1b]0;PWNED-TITLE\x07about [bold]markup[/]\n\n"
        b"The body clears the screen \x1b[2J\x1b[H here and paints \x1b[41mRED\x1b[0m text, "
        b"writes the clipboard \x1b]52;c;cHduZWQ=\x07 and hides "
        b"\x1b]8;;http://evil.example\x1b\\a link\x1b]8;;\x1b\\ and a bell\x07 [/] in it.\n"
    )
    terminal = Terminal(reader_command(str(hostile)), env)
    terminal_factory.append(terminal)
    terminal.wait_for("about [bold]markup[/]", "here and paints RED text", "a link and a bell [/]")
    assert "PWNED" not in terminal.title()
    # The red background (SGR 41) from the file never reached the terminal.
    assert "\x1b[41m" not in terminal.screen_with_escapes()
    terminal.send("q")
    assert terminal.wait_for_exit() == 0
