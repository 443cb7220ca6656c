"""The installed `reader` command in a real terminal (tmux): start, read, search, quit."""

from __future__ import annotations

import os
import re
import signal
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
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def _style_before(screen_with_escapes: str, word: str) -> str:
    """The SGR escape sequences just before `word` on the reading cursor's line (marked ▌)."""
    line = next(line for line in screen_with_escapes.splitlines() if word in line and "▌" in line)
    before = line[: line.rindex(word)]  # the article pane is right of the sidebar
    return "".join(re.findall(r"\x1b\[[0-9;:]*m", before)[-3:])


def test_reader_opens_the_seed_reads_and_quits(
    env: dict[str, str], terminals: list[Terminal], tmp_path: Path
) -> None:
    second = tmp_path / "second.txt"
    second.write_text("A second article\n\nIt is about the weather in Oslo.\n")
    from reader.core.paths import seed_files

    terminal = Terminal(reader_command(str(seed_files()[0]), str(second)), env)
    terminals.append(terminal)
    screen = terminal.wait_for(TITLE, "Articles", "Search", "palette")
    assert "This website uses cookies" not in screen
    # Entities are drawn in their own style: "Azerbaijan" is styled unlike plain "lauds".
    coloured = terminal.screen_with_escapes()
    assert _style_before(coloured, "Azerbaijan,") != _style_before(coloured, "lauds")
    terminal.send("G")
    terminal.wait_for("Russian-brokered agreement")
    terminal.send("n")
    terminal.wait_for("It is about the weather in Oslo.")
    terminal.send("p")
    terminal.wait_for("Foreign Ministry says agreement")
    terminal.send("?")
    terminal.wait_for("Next entity")
    terminal.send("Escape")
    terminal.wait_until_gone("Next entity")
    terminal.send("q")
    assert terminal.wait_for_exit() == 0
    # The terminal is restored: the alternate screen is gone with everything reader drew.
    assert TITLE not in terminal.screen()


def test_search_with_a_typo_jumps_to_the_passage(
    env: dict[str, str], terminals: list[Terminal]
) -> None:
    terminal = Terminal(reader_command(), env)
    terminals.append(terminal)
    terminal.wait_for(TITLE, "palette")
    terminal.send("/")
    terminal.wait_for("Type to search")
    terminal.send("-l", "minefeilds")  # two letters swapped
    screen = terminal.wait_for("results in all articles")
    assert "minefields" in screen
    terminal.send("Enter")
    terminal.wait_until_gone("results in all articles")
    terminal.wait_for("Next match")
    terminal.send("q")
    assert terminal.wait_for_exit() == 0


def test_hostile_file_cannot_drive_the_terminal(
    env: dict[str, str], terminals: list[Terminal], tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(
        b"A hostile article \x1b]0;PWNED-TITLE\x07about [bold]markup[/]\n\n"
        b"The body clears the screen \x1b[2J\x1b[H here and paints \x1b[41mRED\x1b[0m text, "
        b"writes the clipboard \x1b]52;c;cHduZWQ=\x07 and hides "
        b"\x1b]8;;http://evil.example\x1b\\a link\x1b]8;;\x1b\\ and a bell\x07 [/] in it.\n"
    )
    terminal = Terminal(reader_command(str(hostile)), env)
    terminals.append(terminal)
    terminal.wait_for("about [bold]markup[/]", "here and paints RED text", "a link and a bell [/]")
    assert "PWNED" not in terminal.title()
    # The red background (SGR 41) from the file never reached the terminal.
    assert "\x1b[41m" not in terminal.screen_with_escapes()
    terminal.send("q")
    assert terminal.wait_for_exit() == 0


def _background_brightness(screen_with_escapes: str) -> int:
    """r+g+b of the most common 24-bit background colour on screen."""
    from collections import Counter

    colours = Counter(re.findall(r"\x1b\[(?:[0-9;]*;)?48;2;(\d+);(\d+);(\d+)", screen_with_escapes))
    (r, g, b), _count = colours.most_common(1)[0]
    return int(r) + int(g) + int(b)


def test_config_with_a_light_theme_and_a_rebound_quit_key(
    env: dict[str, str], terminals: list[Terminal], tmp_path: Path
) -> None:
    config = tmp_path / "my-config.toml"
    config.write_text('theme = "textual-light"\n\n[keymap]\n"app.quit" = "ctrl+q"\n')
    env = {**env, "READER_CONFIG": str(config), "COLORTERM": "truecolor"}
    terminal = Terminal(reader_command(), env)
    terminals.append(terminal)
    terminal.wait_for(TITLE, "palette")
    assert _background_brightness(terminal.screen_with_escapes()) > 3 * 160
    terminal.send("q")  # no longer quits
    terminal.send("?")
    terminal.wait_for("Next entity")
    assert "^q" in terminal.screen() or "ctrl+q" in terminal.screen()
    terminal.send("Escape")
    terminal.wait_until_gone("Next entity")
    terminal.send("C-q")
    assert terminal.wait_for_exit() == 0


def test_a_bookmark_survives_quitting_and_restarting(
    env: dict[str, str], terminals: list[Terminal]
) -> None:
    terminal = Terminal(reader_command(), env)
    terminals.append(terminal)
    terminal.wait_for(TITLE, "palette")
    terminal.send("j", "j", "j", "b")
    terminal.wait_for("Passage bookmarked")
    terminal.send("q")
    assert terminal.wait_for_exit() == 0
    again = Terminal(reader_command(), env)
    terminals.append(again)
    again.wait_for(TITLE, "palette", "★")  # the passage is marked, the cursor back on it
    again.send("'")
    again.wait_for("1 bookmark", "On the first anniversary of the agreement")
    again.send("Escape")
    again.wait_until_gone("1 bookmark")
    again.send("q")
    assert again.wait_for_exit() == 0


def test_a_highlight_and_its_tag_survive_sigkill_once_shown(
    env: dict[str, str], terminals: list[Terminal]
) -> None:
    """What the screen said was done is on disk: killed with no chance to save, reader
    comes back with the highlight, its colour and its tag."""
    terminal = Terminal(reader_command(), env)
    terminals.append(terminal)
    terminal.wait_for(TITLE, "palette")
    terminal.send("j", "j", "j", "m", "w", "w", "2")
    terminal.wait_for("Highlighted 3 words in green")
    terminal.send("t")
    terminal.wait_for("Tags for these words")
    terminal.send("-l", "ceasefire")
    terminal.send("Enter")
    terminal.wait_for("Tags of these words: ceasefire")
    os.kill(terminal.pid(), signal.SIGKILL)
    terminal.wait_for_exit()
    again = Terminal(reader_command(), env)
    terminals.append(again)
    again.wait_for(TITLE, "palette")
    again.send("'")
    again.wait_for("1 bookmark", "■ green", "#ceasefire", "“On the first”")
