"""Print the cleaner's dev-set F1 (via the shared scorer) and its in-process throughput.

Run from the project root:

    .venv/bin/python benchmarks/cleaning.py [--scorer PATH] [--repeat N]

The F1 comes from ../shared/bench/cleaning/score_cleaning.py run on the page dumps with
`--py reader.core.cleaning.clean:clean_file_text` (loading included, as the scorer times it). The
throughput is measured here on documents already loaded, best of --repeat passes, so it is
the cleaner's own speed.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

from reader.core.cleaning.clean import CLEANER_VERSION, clean
from reader.core.ingest.loading import load_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCORER = ROOT.parent / "shared" / "bench" / "cleaning" / "score_cleaning.py"


def score(scorer: Path) -> None:
    """Run the shared scorer in a subprocess and print its summary and the command."""
    command = [
        sys.executable,
        str(scorer),
        "--set",
        "readability",
        "--mode",
        "dirty",
        "--py",
        "reader.core.cleaning.clean:clean_file_text",
    ]
    print("$", shlex.join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def throughput(dumps: Path, repeat: int) -> None:
    """Clean every dump (loaded beforehand) and print MB/s, best of `repeat` passes."""
    files = sorted(dumps.glob("*.txt"))
    docs = [load_file(path) for path in files]
    size = sum(path.stat().st_size for path in files)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            clean(doc)
        best = min(best, time.perf_counter() - start)
    print(
        f"clean() alone: {len(docs)} docs, {size / 1e6:.2f} MB in {best:.3f} s: "
        f"{size / 1e6 / best:.2f} MB/s (best of {repeat}, cleaner version {CLEANER_VERSION})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("$", shlex.join([sys.executable, *sys.argv]))
    score(args.scorer)
    throughput(args.scorer.parent / "data" / "readability" / "dirty", args.repeat)


if __name__ == "__main__":
    main()
