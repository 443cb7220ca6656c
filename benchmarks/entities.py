"""Score the entity extractor on the seed gold and on our own gold, and time it.

Run from the project root (shared/ beside it):

    .venv/bin/python benchmarks/entities.py [--mb 5] [--corpus /tmp/corpus/passages_20000.txt]

Scores come from the shared scorer (`../shared/bench/ner/score_ner.py`), run on the seed gold,
on wikigold's two fixed halves (documents with an even index: tuning and the typing model's
training data; odd index: held out, never looked at), on `benchmarks/entities_gold.txt`
(hand-written development paragraphs), `benchmarks/entities_heldout.txt` (hand-written, never
used to change a rule), `benchmarks/entities_news.txt` (hand-written news in the CoNLL scheme),
`benchmarks/entities_news_heldout.txt` (the same kind, only scored) and
`benchmarks/entities_encyclopedic.txt` (hand-written encyclopedia-style paragraphs in the CoNLL
scheme, a development set the typing model is trained on), converted to the
scorer's JSONL in a temporary directory; errors are printed for all but the two held-out sets.
Throughput is measured in process on the seed repeated to --mb megabytes, on the same size of
our own gold paragraphs and of the news dev set, on the seed as one long line, and on a
generated news-like corpus if given
(make one with `../shared/bench/search/gen_corpus.py --n 20000 --no-system-text`).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader.core.entities.recogniser import extract

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "bench" / "ner" / "score_ner.py"
SEED_GOLD = ROOT.parent / "shared" / "bench" / "ner" / "seed_gold.jsonl"
OWN_GOLD = Path(__file__).resolve().parent / "entities_gold.txt"
HELD_OUT = Path(__file__).resolve().parent / "entities_heldout.txt"
NEWS = Path(__file__).resolve().parent / "entities_news.txt"
NEWS_HELD_OUT = Path(__file__).resolve().parent / "entities_news_heldout.txt"
ENCYCLOPEDIC = Path(__file__).resolve().parent / "entities_encyclopedic.txt"
WIKIGOLD = ROOT.parent / "shared" / "bench" / "ner" / "wikigold.jsonl"
_MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\]\]")


def parse_marked(marked: str) -> tuple[str, list[list[object]]]:
    """Strip the markup: "[[Paris|LOC]] is big" -> "Paris is big", [[0, 5, "LOC"]]."""
    parts: list[str] = []
    spans: list[list[object]] = []
    pos = 0
    length = 0
    for match in _MARK.finditer(marked):
        parts.append(marked[pos : match.start()])
        length += match.start() - pos
        name = match.group(1)
        spans.append([length, length + len(name), match.group(2)])
        parts.append(name)
        length += len(name)
        pos = match.end()
    parts.append(marked[pos:])
    return "".join(parts), spans


def own_gold_docs(path: Path = OWN_GOLD) -> list[dict[str, object]]:
    """Documents of a marked-up gold file: one a paragraph, comment lines left out."""
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    docs = []
    for i, paragraph in enumerate(p for p in "\n".join(lines).split("\n\n") if p.strip()):
        text, spans = parse_marked(paragraph.strip())
        docs.append({"id": f"own-{i}", "text": text, "entities": spans})
    return docs


def score(gold: Path, errors: bool = True) -> None:
    cmd = [
        sys.executable,
        str(SCORER),
        str(gold),
        "--func",
        "reader.core.entities.recogniser:extract_spans",
        *(["--show-errors", "15"] if errors else []),
    ]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def throughput(name: str, text: str) -> None:
    extract(text[:1000])
    t0 = time.perf_counter()
    entities = extract(text)
    seconds = time.perf_counter() - t0
    mb = len(text.encode("utf-8")) / 1e6
    print(
        f"{name}: {mb:.1f} MB, {len(entities)} entities, {seconds:.2f} s, {mb / seconds:.2f} MB/s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="size of the timing texts")
    ap.add_argument("--corpus", type=Path, help="a text file of passages to time as well")
    args = ap.parse_args()
    print("$", " ".join([Path(sys.executable).name, *sys.argv]))
    score(SEED_GOLD)
    with tempfile.TemporaryDirectory() as tmp:
        if WIKIGOLD.exists():  # even half: tuning and training; odd half: never looked at
            lines = WIKIGOLD.read_text("utf-8").splitlines(keepends=True)
            for name, half in (("even", lines[0::2]), ("odd", lines[1::2])):
                gold = Path(tmp) / f"wikigold_{name}.jsonl"
                gold.write_text("".join(half), "utf-8")
                score(gold, errors=name == "even")
        for source in (OWN_GOLD, HELD_OUT, NEWS, NEWS_HELD_OUT, ENCYCLOPEDIC):
            gold = Path(tmp) / (source.stem + ".jsonl")
            docs = own_gold_docs(source)
            lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
            gold.write_text(lines, "utf-8")
            score(gold, errors=source != NEWS_HELD_OUT)
    docs = own_gold_docs()
    size = int(args.mb * 1e6)
    seed_text = json.loads(SEED_GOLD.read_text("utf-8").splitlines()[0])["text"] + "\n\n"
    throughput("seed repeated", (seed_text * (size // len(seed_text) + 1))[:size])
    own_text = "\n\n".join(str(d["text"]) for d in docs) + "\n\n"
    throughput("own gold repeated", (own_text * (size // len(own_text) + 1))[:size])
    news_text = "\n\n".join(str(d["text"]) for d in own_gold_docs(NEWS)) + "\n\n"
    throughput("news dev set repeated", (news_text * (size // len(news_text) + 1))[:size])
    one_line = (seed_text.replace("\n", " ") * (size // len(seed_text) + 1))[:size]
    throughput("seed as one line", one_line)
    if args.corpus:
        throughput(f"corpus {args.corpus.name}", args.corpus.read_text("utf-8")[:size])


if __name__ == "__main__":
    main()
