"""Library search benchmark: search latency over a real reader library, entity names included.

`benchmarks/search.py` measures passages of a generated corpus; this one indexes a reader data
folder's article cache (`cache.sqlite3`) as the app does: titles, passages and each article's
distinct person/organisation/place names. Queries are generated from the library's own text
with a fixed seed: 2-4 word phrases as they stand, with one typo, abbreviated to word prefixes
("pri mini") or run together ("primini"), and entity names typed in part.

Run from the project root, on a data folder that holds a filled cache (a library imported once):

    .venv/bin/python benchmarks/library_search.py /tmp/reader-bench-10000-nodumpgz/data
    .venv/bin/python benchmarks/library_search.py DATA --queries 200 --no-entities

Each query is typed letter by letter with cold caches (as if typed for the first time): the
figure that matters is the per-keystroke p95 (a frame: 16 ms). A query counts as found when one
of the first 5 hits holds its phrase (whole words, any case) or is the passage it came from.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.library.articles import LoadedArticle
from reader.core.library.cache import ArticleCache
from reader.core.models import PASSAGE_KINDS, SearchHit
from reader.core.search.index import NAMED, SearchIndex
from reader.core.search.text import tokenize


def load(data: Path) -> list[LoadedArticle]:
    cache = ArticleCache.in_folder(data)
    loaded = []
    for cached in cache.files().values():
        article = cache.get_by_hash(cached.hash, path=cached.path)
        if article is not None:
            loaded.append(article)
    if not loaded:
        sys.exit(f"{data}: no cached articles (open the library in reader once to fill the cache)")
    return loaded


def build(articles: list[LoadedArticle], entities: bool) -> tuple[SearchIndex, float]:
    index = SearchIndex()
    t0 = time.perf_counter()
    for loaded in articles:
        index.add_article(loaded.key, loaded.article, loaded.entities if entities else ())
    index.query("warm up")  # the first query finishes the bitsets: count it in the build
    return index, time.perf_counter() - t0


def _typo(word: str, rng: random.Random) -> str:
    """One edit, never to the first letter (see `search_index.expand`)."""
    i = rng.randrange(1, len(word))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    kind = rng.choice(("swap", "drop", "add", "change"))
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "add":
        return word[:i] + letter + word[i:]
    return word[:i] + letter + word[i + 1 :]


def make_queries(
    articles: list[LoadedArticle], n: int, seed: int, entities: bool
) -> list[dict[str, object]]:
    """n queries: (kind, typed text, phrase to find, source article key, passage index)."""
    rng = random.Random(seed)
    kinds = ["exact", "typo", "prefixes", "joined"] + (["entity"] if entities else [])
    out: list[dict[str, object]] = []
    while len(out) < n:
        loaded = rng.choice(articles)
        kind = kinds[len(out) % len(kinds)]
        article = loaded.article
        if kind == "entity":
            names = [e.text_in(article.text) for e in loaded.entities if e.label in NAMED]
            names = [name for name in names if len(tokenize(name)) >= 1]
            if not names:
                continue
            words = tokenize(rng.choice(names))
            typed = " ".join([*words[:-1], words[-1][: max(3, len(words[-1]) - 2)]])
            out.append(
                {
                    "kind": kind,
                    "q": typed,
                    "phrase": " ".join(words),
                    "key": loaded.key,
                    "passage": None,
                }
            )
            continue
        passages = [(i, s.text) for i, s in enumerate(article.sections) if s.kind in PASSAGE_KINDS]
        if not passages:
            continue
        where, text = rng.choice(passages)
        tokens = tokenize(text)
        length = rng.randint(2, 4)
        if len(tokens) < length:
            continue
        start = rng.randrange(len(tokens) - length + 1)
        words = tokens[start : start + length]
        if not all(w.isalpha() for w in words) or sum(map(len, words)) < 8:
            continue
        if kind == "exact":
            typed = " ".join(words)
        elif kind == "typo":
            long = [i for i, w in enumerate(words) if len(w) >= 4]
            if not long:
                continue
            i = rng.choice(long)
            typed = " ".join([*words[:i], _typo(words[i], rng), *words[i + 1 :]])
        elif kind == "prefixes":
            typed = " ".join(w[: rng.randint(3, 4)] for w in words)
        else:
            typed = "".join(w[: rng.randint(1, 3)] for w in words[:3])
            if len(typed) < 4:
                continue
        out.append(
            {
                "kind": kind,
                "q": typed,
                "phrase": " ".join(words),
                "key": loaded.key,
                "passage": where,
            }
        )
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a reader data folder (holds cache.sqlite3)")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-entities", action="store_true", help="index no entity names")
    parser.add_argument("--no-memory", action="store_true", help="skip the traced second build")
    parser.add_argument("--slowest", type=int, default=0, help="print this many slowest keystrokes")
    args = parser.parse_args()
    entities = not args.no_entities

    print(f"command: {' '.join(sys.argv)}")
    t0 = time.perf_counter()
    articles = load(args.data)
    print(
        f"library: {len(articles)} articles read from the cache in {time.perf_counter() - t0:.1f} s"
    )
    if not args.no_memory:
        gc.collect()
        tracemalloc.start()
        traced, _ = build(articles, entities)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del traced
        gc.collect()
        print(
            f"memory: index {current / 2**20:.0f} MB, peak while building {peak / 2**20:.0f} MB"
            " (tracemalloc; article texts themselves are not counted)"
        )
    index, seconds = build(articles, entities)
    kinds = Counter(index._doc_kind)  # a benchmark may look inside
    mentions = sum(map(len, getattr(index, "_mentions", {}).values()))
    print(
        f"build: {seconds:.2f} s; documents: {index._index.size} ({kinds[1]} passages, "
        f"{kinds[0]} titles, {kinds[2]} entity names mentioned {mentions} times)"
    )

    queries = make_queries(articles, args.queries, args.seed, entities)
    by_kind = Counter(str(q["kind"]) for q in queries)
    print(f"queries: {len(queries)} ({', '.join(f'{k} {n}' for k, n in by_kind.items())})")

    keystrokes: list[tuple[float, str]] = []
    full_ms: list[float] = []
    found: Counter[str] = Counter()
    for q in queries:
        text = str(q["q"])
        index.clear_caches()
        for end in range(1, len(text) + 1):
            t = time.perf_counter()
            index.query(text[:end], limit=50)
            keystrokes.append(((time.perf_counter() - t) * 1000, text[:end]))
        index.clear_caches()
        t = time.perf_counter()
        hits = index.query(text, limit=50)
        full_ms.append((time.perf_counter() - t) * 1000)
        phrase = " " + str(q["phrase"]) + " "
        good = any(
            phrase in " " + " ".join(tokenize(h.snippet)) + " "
            or phrase in " " + " ".join(tokenize(_text(index, h))) + " "
            or (h.article == q["key"] and h.passage_index == q["passage"] and h.kind == "passage")
            for h in hits[:5]
        )
        found[str(q["kind"])] += good

    ks = [ms for ms, _ in keystrokes]
    print(
        f"per keystroke ({len(ks)} prefixes): p50 {pct(ks, 0.5):.1f} ms, "
        f"p95 {pct(ks, 0.95):.1f} ms, max {max(ks):.0f} ms"
    )
    print(
        f"full query, cold caches ({len(full_ms)}): p50 {pct(full_ms, 0.5):.1f} ms, "
        f"p95 {pct(full_ms, 0.95):.1f} ms, mean {statistics.mean(full_ms):.1f} ms"
    )
    print("found @5: " + ", ".join(f"{k} {found[k]}/{n}" for k, n in by_kind.items()))
    for ms, typed in sorted(keystrokes, reverse=True)[: args.slowest]:
        print(f"  {ms:6.1f} ms  {typed!r}")


def _text(index: SearchIndex, hit: SearchHit) -> str:
    """The whole text of a passage or title hit (the snippet may cut the phrase); an entity
    hit's snippet is its whole name."""
    kind = ("title", "passage", "entity", "bookmark").index(hit.kind)
    for start, end, _ in index._ranges.get(hit.article, []):
        for doc in range(start, end):
            if index._doc_kind[doc] == kind and index._doc_passage[doc] == hit.passage_index:
                return index._doc_text[doc]
    return ""


if __name__ == "__main__":
    main()
