"""Hostile input: cases passed, fuzzing executions, and the memory it takes to refuse 200 MB.

1. Writes the hostile corpus (tests/hostile/generate.py) to a temporary folder and runs each
   case through `reader clean`, `reader entities --json` and `reader search` (in-process):
   a case passes when it loads with its text shown literally and no control character in any
   output, or is refused with its message naming the file and exit status 2.
2. Runs the loader/cleaner fuzz target (tests/test_fuzz.py) for --fuzz-seconds.
3. Runs `reader clean` on the sparse 200 MB file in a fresh process, and `reader --version`
   in another, and prints each one's peak RSS (ru_maxrss of the child).

Usage: .venv/bin/python benchmarks/hostile.py [--fuzz-seconds 60]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on sys.path, and its html.py would shadow the
# standard library's html (which markdown-it imports): put the project root there instead.
sys.path[0] = str(ROOT)

from reader.cli import main as reader_main  # noqa: E402
from reader.core.ingest.loading import display_name  # noqa: E402
from tests.cli.test_fuzz import fuzz_for  # noqa: E402
from tests.hostile.generate import Generated, generate  # noqa: E402

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = reader_main(list(args))
    return code, out.getvalue(), err.getvalue()


def check(generated: Generated) -> str | None:
    """None when the case behaves as it must, else what went wrong."""
    case = generated.case
    path = str(generated.path)
    shown = display_name(path)
    commands = [("clean", path)]
    if not case.heavy:
        commands += [("entities", "--json", path), ("search", case.query or "the", path)]
    for command in commands:
        try:
            code, out, err = run(*command)
        except Exception as error:  # a crash is a failed case, reported, not a stopped run
            return f"{command[0]}: {type(error).__name__}: {error}"
        if UNSAFE.search(out) or UNSAFE.search(err):
            return f"{command[0]}: a control character in the output"
        if case.loads:
            if code != 0:
                return f"{command[0]}: exit {code}: {err.strip()}"
            if command[0] == "clean":
                missing = [t for t in case.shows if t not in out]
                if missing:
                    return f"clean: not shown literally: {missing!r}"
            if any(payload in out + err for payload in case.hides):
                return f"{command[0]}: an escape sequence's payload got through"
            if case.warns and not any(case.warns in x and shown in x for x in err.splitlines()):
                return f"{command[0]}: no warning {case.warns!r} naming the file"
        elif code != 2 or case.refusal not in err or shown not in err:
            return f"{command[0]}: exit {code}, expected a refusal {case.refusal!r}: {err!r}"
    return None


def peak_rss_kib(*args: str) -> tuple[int, int]:
    """(exit status, peak RSS in KiB) of `python -m reader ARGS` run in a fresh process."""
    probe = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run([sys.executable, '-m', 'reader', *sys.argv[1:]],"
        " capture_output=True).returncode\n"
        "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT
    )
    code, rss = result.stdout.split()
    return int(code), int(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz-seconds", type=float, default=30.0)
    options = parser.parse_args()
    print(
        f"command: .venv/bin/python benchmarks/hostile.py --fuzz-seconds {options.fuzz_seconds:g}"
    )
    with tempfile.TemporaryDirectory() as folder:
        made = generate(Path(folder) / "corpus")
        started = time.perf_counter()
        failures = {g.case.id: why for g in made if (why := check(g)) is not None}
        elapsed = time.perf_counter() - started
        print(f"hostile cases: {len(made)} tried, {len(made) - len(failures)} passed "
              f"({elapsed:.1f} s)")  # fmt: skip
        for case_id, why in failures.items():
            print(f"  FAILED {case_id}: {why}")

        started = time.perf_counter()
        runs = fuzz_for(options.fuzz_seconds)
        elapsed = time.perf_counter() - started
        print(f"fuzzing: {runs} executions in {elapsed:.1f} s, no failure ({runs / elapsed:.0f}/s)")

        huge = next(g.path for g in made if g.case.id == "sparse-200-mb")
        code, rss = peak_rss_kib("clean", str(huge))
        _, baseline = peak_rss_kib("--version")
        print(
            f"refusing a {huge.stat().st_size / 2**20:.0f} MB file (`reader clean`, exit {code}): "
            f"peak RSS {rss / 1024:.1f} MiB (`reader --version`: {baseline / 1024:.1f} MiB)"
        )
    figures = {
        "cases": len(made),
        "passed": len(made) - len(failures),
        "fuzz_runs": runs,
        "peak_rss_kib_refusing_200mb": rss,
        "peak_rss_kib_version": baseline,
    }
    print(json.dumps(figures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
