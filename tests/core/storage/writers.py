"""Writer processes for the durability tests: each a real `python -c SCRIPT` with its own
store on one file, started and held until "go" (the `writers` fixture, in conftest.py,
kills any a test leaves running)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def start_writer(
    started: list[subprocess.Popen[str]], script: str, *args: object
) -> subprocess.Popen[str]:
    """A writer running `script` with `args`, once it has printed "ready"."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    started.append(process)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def go(process: subprocess.Popen[str]) -> None:
    """Let a writer start writing (so that several really write at the same time)."""
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()
