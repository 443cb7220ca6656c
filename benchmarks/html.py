"""HTML extraction on the shared cleaning bench: F1 and docs/s, ours and each extractor alone,
on two fixed halves of the pages.

    .venv/bin/python benchmarks/html.py                 # every row, both halves
    .venv/bin/python benchmarks/html.py body trafilatura --half held
    .venv/bin/python benchmarks/html.py --whole         # every row on all 130 pages at once

Rows: `article` is what `reader clean` prints for a saved page (Article.text: title and byline
lines included, which the references lack); `body` what `reader clean --body` prints (the
extracted blocks only: what extraction benchmarks score); `readability` and `trafilatura` each
extractor alone on the page as given, through the same block conversion (trafilatura with the
options reader uses: favor_recall); `trafilatura-default` and `trafilatura-precision` the same
with trafilatura's default and favor_precision options; `dumps` is `reader clean` on the
page dumps (`--mode dirty`), the cleaner reader uses for text that is not HTML.

The halves (`halves()`): the bench's page ids sorted, the even positions (0, 2, 4, ...) are the
tuning half, the pages a rule may be written from; the odd positions are the held-out half,
only measured. A rule that helps the tuning half and not the held-out one is fitted to the
pages, not general.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, and this file would be imported
# as the standard library's `html` module (which the extractors use): take the folder out.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "bench" / "cleaning" / "score_cleaning.py"
DATA = SCORER.parent / "data" / "readability"
# name -> (scorer mode, function). This script runs as `__main__`: loaded by file name it would
# be a module called "html" and hide the standard library's (which the extractors import).
ROWS = {
    "article": ("html", "reader.core.cleaning.clean:clean_file_text"),
    "body": ("html", "__main__:body"),
    "readability": ("html", "__main__:readability_only"),
    "trafilatura": ("html", "__main__:trafilatura_only"),
    "trafilatura-default": ("html", "__main__:trafilatura_default"),
    "trafilatura-precision": ("html", "__main__:trafilatura_precision"),
    "dumps": ("dirty", "reader.core.cleaning.clean:clean_file_text"),
}
DEFAULT_ROWS = ("article", "body", "readability", "trafilatura", "dumps")


def halves(ids: list[str]) -> dict[str, list[str]]:
    """The two fixed halves of the pages: ids sorted, even positions tuning, odd held out."""
    ordered = sorted(ids)
    return {"tune": ordered[0::2], "held": ordered[1::2]}


def bench_ids() -> list[str]:
    lines = (DATA / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t", 1)[0] for line in lines if line]


def _html(path: str) -> str:
    from reader.core.ingest.loading import load_file

    return load_file(Path(path)).text


def body(path: str) -> str:
    from reader.core.cleaning.clean import clean_file_body

    return clean_file_body(path)


def readability_only(path: str) -> str:
    from reader.core.cleaning.html import _readability

    return "\n\n".join(block.text for block in _readability(_html(path))[0])


def trafilatura_only(path: str, **options: bool) -> str:
    from reader.core.cleaning.html import _trafilatura

    return "\n\n".join(block.text for block in _trafilatura(_html(path), None, **options)[1])


def trafilatura_default(path: str) -> str:
    return trafilatura_only(path, favor_recall=False)


def trafilatura_precision(path: str) -> str:
    return trafilatura_only(path, favor_recall=False, favor_precision=True)


def main(argv: list[str]) -> int:
    import importlib.util

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", metavar="ROW", help=f"some of: {', '.join(ROWS)}")
    parser.add_argument("--half", choices=("tune", "held", "both"), default="both")
    parser.add_argument("--whole", action="store_true", help="all pages at once, no halves")
    args = parser.parse_args(argv)
    unknown = [name for name in args.rows if name not in ROWS]
    if unknown:
        parser.error(f"unknown row {unknown[0]!r}; rows: {', '.join(ROWS)}")

    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("score_cleaning", SCORER)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    split = halves(bench_ids())
    names = ["all"] if args.whole else (["tune", "held"] if args.half == "both" else [args.half])
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.rows or DEFAULT_ROWS:
            mode, function = ROWS[name]
            for half in names:
                extra = []
                if half != "all":
                    ids = Path(tmp) / f"{half}.txt"
                    ids.write_text("\n".join(split[half]) + "\n", encoding="utf-8")
                    extra = ["--ids", str(ids)]
                label = f"{name} ({half})"
                command = ["--set", "readability", "--mode", mode, "--py", function, *extra]
                shown = " ".join(command).replace(str(Path(tmp)), "IDS")
                print(f"$ python {SCORER} {shown} --label '{label}'", flush=True)
                scorer.main([*command, "--label", label, "--bootstrap", "0"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
