"""HTML extraction on the shared cleaning bench: F1 and docs/s, ours and each extractor alone.

    .venv/bin/python benchmarks/html.py            # all four rows
    .venv/bin/python benchmarks/html.py article    # one row

Rows: `article` is what `reader clean` prints for a saved page (Article.text: title and byline
lines included, which the references lack); `body` the extracted blocks only; `readability`
and `trafilatura` each extractor alone, through the same block conversion.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, and this file would be imported
# as the standard library's `html` module (which the extractors use): take the folder out.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "bench" / "cleaning" / "score_cleaning.py"
ROWS = {
    "article": "reader.core.cleaning.clean:clean_file_text",
    # This script as `__main__`: loaded by file name it would be a module called "html"
    # and hide the standard library's (which the extractors import).
    "body": "__main__:body",
    "readability": "__main__:readability_only",
    "trafilatura": "__main__:trafilatura_only",
}


def _html(path: str) -> str:
    from reader.core.ingest.loading import load_file

    return load_file(Path(path)).text


def body(path: str) -> str:
    from reader.core.cleaning.html import extract

    return "\n\n".join(block.text for block in extract(_html(path)).blocks)


def readability_only(path: str) -> str:
    from reader.core.cleaning.html import _readability

    return "\n\n".join(block.text for block in _readability(_html(path))[0])


def trafilatura_only(path: str) -> str:
    from reader.core.cleaning.html import _trafilatura

    return "\n\n".join(block.text for block in _trafilatura(_html(path), None)[1])


def main(argv: list[str]) -> int:
    import importlib.util

    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("score_cleaning", SCORER)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    for name in argv or list(ROWS):
        args = ["--set", "readability", "--mode", "html", "--py", ROWS[name], "--label", name]
        print(f"$ python {SCORER} {' '.join(args)}", flush=True)
        scorer.main(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
