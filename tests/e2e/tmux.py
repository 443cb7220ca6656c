"""Drive the real `reader` program in a tmux session: send keys, read the screen.

Waiting is always for text to appear on screen (polling `capture-pane`), never a fixed sleep.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    """A tmux session running one command in a pane of a fixed size."""

    def __init__(
        self,
        args: Sequence[str],
        env: Mapping[str, str],
        *,
        width: int = 120,
        height: int = 36,
        cwd: Path | None = None,
    ) -> None:
        self.name = f"reader-e2e-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # COLUMNS/LINES inherited from the test runner would override the pane's real size.
        command = f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {shlex.join(args)}"
        self._tmux(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
            *(["-c", str(cwd)] if cwd else []), command,
        )  # fmt: skip
        self._tmux("set-option", "-t", self.name, "remain-on-exit", "on")
        self._tmux("set-option", "-t", self.name, "window-size", "manual")
        self._tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def _tmux(self, *args: str) -> str:
        assert TMUX is not None
        result = subprocess.run([TMUX, *args], capture_output=True, text=True, check=True)
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def screen_with_escapes(self) -> str:
        return self._tmux("capture-pane", "-p", "-e", "-t", self.name)

    def title(self) -> str:
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_title}").strip()

    def pid(self) -> int:
        """The process in the pane (`env` execs the command, so it is reader itself)."""
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """Wait until every one of `texts` is on screen at once; returns the screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{texts!r} did not appear on screen; it shows:\n{screen}")
            time.sleep(0.05)

    def wait_until_gone(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} is still on screen:\n{screen}")
            time.sleep(0.05)

    def wait_for_exit(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while True:
            fields = self._tmux(
                "display-message", "-p", "-t", self.name, "#{pane_dead} #{pane_dead_status}"
            ).split()
            if fields and fields[0] == "1":
                return int(fields[1]) if len(fields) > 1 else 0
            if time.monotonic() > deadline:
                raise AssertionError(f"reader did not exit; screen:\n{self.screen()}")
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "kill-session", "-t", self.name], capture_output=True)


def reader_command(*args: str) -> list[str]:
    """The installed `reader` console script (as a user runs it), beside this Python."""
    script = Path(sys.executable).with_name("reader")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "reader", *args]
