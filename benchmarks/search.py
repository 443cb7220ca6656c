"""Search benchmark: latency per keystroke and per query, build time, memory, recall.

Make the corpus and queries first (needs numpy, in the benchmark environment only):

    python ../shared/bench/search/gen_corpus.py --n 100000 --seed 1 --out /tmp/corpus \\
        --no-system-text
    python ../shared/bench/search/gen_queries.py --corpus /tmp/corpus/passages_100000.tsv \\
        --out /tmp/corpus/queries.jsonl

then run from the project root:

    .venv/bin/python benchmarks/search.py --n 10000
    .venv/bin/python benchmarks/search.py --n 100000

The corpus is prefix-stable, so --n takes the first n passages of the file. Articles (and the
passages inside each) are shuffled with a fixed seed: the query targets all sit among the first
10k passages and ties are broken by insertion order. A query counts as found at k when its
target passage, or any passage holding the query's phrase (case-insensitive, whole words), is
among the first k passage hits.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.search.index import SearchIndex
from reader.core.search.text import tokenize


def load(corpus: Path, n: int) -> tuple[list[str], list[int], dict[int, str]]:
    texts, aids = [], []
    with open(corpus / "passages_100000.tsv", encoding="utf-8") as f:
        for line in f:
            if len(texts) >= n:
                break
            _, aid, text = line.rstrip("\n").split("\t", 2)
            texts.append(text)
            aids.append(int(aid))
    titles = {}
    with open(corpus / "articles_100000.tsv", encoding="utf-8") as f:
        for line in f:
            aid, title = line.rstrip("\n").split("\t", 1)
            titles[int(aid)] = title
    return texts, aids, titles


def build(texts: list[str], aids: list[int], titles: dict[int, str], seed: int):
    """Index articles in shuffled order; returns the index and (key, position) -> passage id."""
    rng = random.Random(seed)
    groups: dict[int, list[int]] = defaultdict(list)
    for pid, aid in enumerate(aids):
        groups[aid].append(pid)
    order = list(groups)
    rng.shuffle(order)
    where: dict[tuple[str, int], int] = {}
    index = SearchIndex()
    t0 = time.perf_counter()
    for aid in order:
        pids = groups[aid]
        rng.shuffle(pids)
        key = f"a{aid}"
        index.add_passages(key, titles.get(aid, ""), [texts[p] for p in pids])
        where.update(((key, i), p) for i, p in enumerate(pids))
    index.query("warm up")  # the first query finishes the bitsets: count it in the build
    return index, where, time.perf_counter() - t0


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/corpus"))
    parser.add_argument("--queries", type=Path, default=Path("/tmp/corpus/queries.jsonl"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-memory", action="store_true", help="skip the traced second build")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses per kind")
    args = parser.parse_args()

    texts, aids, titles = load(args.corpus, args.n)
    queries = [json.loads(line) for line in args.queries.open()]
    print(f"command: {' '.join(sys.argv)}")
    print(f"corpus: {len(texts)} passages, {len(set(aids))} articles; {len(queries)} queries")

    if not args.no_memory:
        gc.collect()
        tracemalloc.start()
        traced, _, _ = build(texts, aids, titles, args.seed)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del traced
        gc.collect()
        print(
            f"memory: index {current / 2**20:.0f} MB, peak while building {peak / 2**20:.0f} MB"
            " (tracemalloc; the passage texts themselves are not counted)"
        )
    index, where, seconds = build(texts, aids, titles, args.seed)
    print(f"build: {seconds:.2f} s")

    norms = [" " + " ".join(tokenize(t)) + " " for t in texts]
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    full_ms: list[float] = []
    misses: dict[str, list[str]] = defaultdict(list)
    for q in queries:
        index.clear_caches()
        t0 = time.perf_counter()
        hits = index.query(q["q"], limit=50)
        full_ms.append((time.perf_counter() - t0) * 1000)
        phrase = " " + q["phrase"] + " "
        passages = [where[(h.article, h.passage_index)] for h in hits if h.kind == "passage"]
        good = [p == q["target"] or phrase in norms[p] for p in passages[:5]]
        for kind in (q["kind"], f"{q['kind']}/{q['sub']}"):
            found[kind][0] += 1
            found[kind][1] += bool(good[:1] and good[0])
            found[kind][2] += any(good)
        if not any(good) and len(misses[q["kind"]]) < args.misses:
            top = passages[0] if passages else None
            misses[q["kind"]].append(
                f"{q['q']!r} -> {q['phrase']!r}; top: "
                f"{texts[top][:80] if top is not None else None!r}"
            )

    keystroke_ms: list[float] = []
    index.clear_caches()
    for q in queries:
        text = q["q"]
        for end in range(1, len(text) + 1):
            t0 = time.perf_counter()
            index.query(text[:end], limit=50)
            keystroke_ms.append((time.perf_counter() - t0) * 1000)

    print(
        f"per keystroke ({len(keystroke_ms)} prefixes): p50 {pct(keystroke_ms, 0.5):.1f} ms, "
        f"p95 {pct(keystroke_ms, 0.95):.1f} ms, max {max(keystroke_ms):.0f} ms"
    )
    print(
        f"full query, cold caches ({len(full_ms)}): p50 {pct(full_ms, 0.5):.1f} ms, "
        f"p95 {pct(full_ms, 0.95):.1f} ms, mean {statistics.mean(full_ms):.1f} ms"
    )
    print("recall      @1     @5    (queries)")
    for kind in sorted(found):
        total, at1, at5 = found[kind]
        print(f"  {kind:<14} {at1 / total:.3f}  {at5 / total:.3f}  ({total})")
    for kind, rows in misses.items():
        print(f"misses ({kind}):")
        for row in rows:
            print("  ", row)


if __name__ == "__main__":
    main()
