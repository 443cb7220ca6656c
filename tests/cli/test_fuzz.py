"""A fuzzing entry point for the loader and the cleaner, on a wall-clock budget.

`fuzz_one(data)` is the target: any bytes, as any kind of file, must either load and clean with
no control character left, or be refused with a LoadError naming the file. `fuzz_for(seconds)`
feeds it hypothesis-generated input (hostile fragments, other encodings, raw bytes) in batches
until the time is up and returns how many inputs ran. The test runs a fixed number of inputs
(READER_FUZZ_INPUTS, 2,000 by default: about two seconds), so it costs the same on a fast
machine and a slow one; benchmarks/hostile.py runs it for longer and prints the count.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.cleaning.clean import clean
from reader.core.ingest.loading import LoadError, display_name, load_bytes

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
NAMES = ("a.txt", "b.md", "c.html", "noext", "x\x1b[31m\udcff.txt")
FRAGMENTS = (
    b"\x1b[", b"\x1b]", b"\x1b]52;c;", b"\x07", b"\x1b\\", b"\x9b", b"\xc2\x9b", b"\xc2\x9d",
    b"\xe2\x80\xae", b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\r", b"\n\n",
    b"[bold]", b"[/]", b"<html>", b"<p>", b"</p>", b"<script>", b"&#27;", b"&#x9b;", b"# ",
    b"* ", b"```", b"Angela Merkel", b" in Paris ", b"\xe9", b"\xc3", b"\xe2\x82", b"\xf0\x9f",
    b"Copyright 2024", b"Share this", b"Cookies", b"By Jane Doe", b"\t", b" ",
)  # fmt: skip


def fuzz_one(data: bytes, name: str = "a.txt") -> None:
    """The target: raises AssertionError (a bug) or nothing."""
    shown = display_name(name)
    try:
        document = load_bytes(data, name, path=Path(name))
    except LoadError as error:
        assert str(error).startswith(f"{shown}: "), str(error)
        assert not UNSAFE.search(str(error))
        return
    assert not UNSAFE.search(document.text)
    assert document.name == shown
    article = clean(document)
    text = article.text
    assert not UNSAFE.search(text)
    for section in article.sections:
        assert text[section.start : section.end] == section.text


def inputs() -> st.SearchStrategy[bytes]:
    piece = st.sampled_from(FRAGMENTS) | st.binary(max_size=16)
    built = st.lists(piece, max_size=60).map(b"".join)
    utf16 = st.text(max_size=200).map(lambda t: t.encode("utf-16-le", errors="surrogatepass"))
    return built | utf16 | st.binary(max_size=2000)


def fuzz_for(seconds: float, batch: int = 200, most: int | None = None) -> int:
    """Run the target on generated input for about `seconds` (or until `most` inputs have
    run); returns the executions run. A failure raises (hypothesis shrinks it and prints the
    smallest input first)."""
    runs = 0

    @settings(
        max_examples=batch,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=inputs(), name=st.sampled_from(NAMES))
    def target(data: bytes, name: str) -> None:
        nonlocal runs
        runs += 1
        fuzz_one(data, name)

    end = time.monotonic() + seconds
    while time.monotonic() < end and (most is None or runs < most):
        target()
    return runs


def test_fuzz_the_loader_and_cleaner() -> None:
    inputs = int(os.environ.get("READER_FUZZ_INPUTS", "2000"))
    runs = fuzz_for(float("inf"), most=inputs)
    assert runs >= inputs
    print(f"fuzz: {runs} inputs, no failure")
