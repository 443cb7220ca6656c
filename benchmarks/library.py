"""A library of N articles: import rate, warm start, opening, search, memory.

Generates N news-like text articles (~5 KB each, deterministic) in a temporary folder, adds
them with `import_paths` into a temporary data folder, then, in a fresh process (so that its
peak RSS is the warm start's alone), times what a start with that library does.

Usage: .venv/bin/python benchmarks/library.py [--n 1000 --n 10000] [--workers N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for tui.py's tmux driver

from reader.core.library.cache import ArticleCache
from reader.core.library.importer import import_paths
from reader.core.storage.store import Store


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth Ahmed Fatima Olena "
    "Dmitri Priya Rahul Wei Mei Kenji Yuki Carlos Lucia Pierre Amelie Hans Greta Kwame Amara"
)
LAST = _words(
    "Smith Johnson Williams Brown Garcia Miller Davis Kowalski Novak Petrov Schmidt Rossi "
    "Dubois Tanaka Suzuki Kim Park Singh Patel Khan Hassan Okafor Mensah Haddad Yilmaz"
)
PLACES = _words(
    "London Paris Berlin Madrid Rome Warsaw Kyiv Beijing Tokyo Seoul Delhi Mumbai Lagos "
    "Nairobi Cairo Lima Bogota Toronto Chicago Sydney Jakarta Manila Istanbul Athens Lisbon"
)
ORGS = [
    "the World Bank",
    "the United Nations",
    "the European Commission",
    "the Ministry of Finance",
    "the Central Bank",
    "the National Health Service",
    "Reuters",
    "the International Monetary Fund",
    "the Port Authority",
    "the Supreme Court",
]
MONTHS = "January February March April May June July August September October November December"
TOPICS = _words(
    "budget election harbour railway drought vaccine tariff pension bridge refinery "
    "wildfire strike inflation reservoir satellite curriculum housing fishery copper"
)
SYLLABLES = _words("ka lo mi ne ra so tu vi ba de fo gi hu ja ke li mo nu pa re si to")
COMMON = _words(
    "the of and to in a is that for on with as was by at from it an be this which or are "
    "were has had have not but its their after over more than about into would could said "
    "officials year week plan people government new report country city local public"
)


def _word(rng: random.Random) -> str:
    """A vocabulary of a few thousand plausible words, as a real library would have."""
    if rng.random() < 0.6:
        return rng.choice(COMMON)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, topic: str) -> str:
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    place, org = rng.choice(PLACES), rng.choice(ORGS)
    filler = " ".join(_word(rng) for _ in range(rng.randint(8, 18)))
    templates = [
        f"{person}, a spokesman for {org}, said the {topic} {filler}.",
        f"In {place}, officials said {rng.randint(2, 900)} people {filler}.",
        f"The {topic} plan would cost {rng.randint(2, 90)} million dollars, {filler}.",
        f"{org[0].upper() + org[1:]} said on {rng.choice(MONTHS.split())} {rng.randint(1, 28)} "
        f"that {filler}.",
        f"According to {person}, the {topic} in {place} {filler}.",
        f"Critics {filler}, while supporters of the {topic} {_word(rng)} {_word(rng)}.",
    ]
    return rng.choice(templates)


def article(i: int, size: int = 5000) -> str:
    rng = random.Random(i)
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    title = f"{place} {rng.choice(['weighs', 'rejects', 'backs', 'delays'])} {topic} plan {i}"
    month = rng.choice(MONTHS.split())
    parts = [
        title,
        f"By {rng.choice(FIRST)} {rng.choice(LAST)}",
        f"{place.upper()}, {month} {rng.randint(1, 28)}, {rng.randint(2015, 2024)} — "
        + _sentence(rng, topic),
    ]
    length = sum(len(p) for p in parts)
    while length < size:
        paragraph = " ".join(_sentence(rng, topic) for _ in range(rng.randint(2, 5)))
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def generate(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:06d}.txt").write_text(article(i), encoding="utf-8")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def warm(data: Path) -> dict:
    """What plain `reader` does with a library already imported: the real app, headless
    (`App.run_test`, 120x40), in a fresh process so that its peak RSS is the start's alone."""
    import asyncio

    from reader.core.paths import Paths
    from reader.ui.app import make_app

    out: dict = {}

    async def run() -> None:
        t0 = time.perf_counter()
        app = make_app(paths=Paths(config_dir=data / "config", data_dir=data))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen
            while not screen.sidebar.keys:
                await pilot.pause(0.005)
            out["start: first rows listed (app made -> rows)"] = time.perf_counter() - t0
            total = len(Store(data / "reader.sqlite3").library_paths())
            while len(screen.sidebar.keys) < total:
                await pilot.pause(0.005)
            out["start: every row listed"] = time.perf_counter() - t0
            out["sidebar rows"] = len(screen.sidebar.keys)
            out["RSS MB, listed"] = _rss()
            while app.session.index is None:
                await pilot.pause(0.02)
            out["start: search index ready"] = time.perf_counter() - t0
            out["RSS MB, index built"] = _rss()
            # Opening: every 50th article, the last included, through the sidebar's message
            # path (fetch from the cache, lay out, draw), timed until the frame is drawn.
            keys = screen.sidebar.keys
            drawn = asyncio.Event()
            display = app._display

            def _display(*args: object) -> None:  # the compositor's frame for the terminal
                display(*args)
                drawn.set()

            app._display = _display  # type: ignore[method-assign]
            times = []
            for key in [*keys[max(1, len(keys) // 50) :: max(1, len(keys) // 50)], keys[-1]]:
                await pilot.pause()
                drawn.clear()
                t = time.perf_counter()
                screen.open_article(key)
                await asyncio.wait_for(drawn.wait(), 10)
                assert screen.current is not None and screen.current.key == key
                times.append(time.perf_counter() - t)
            times.sort()
            out["open an article, median"] = statistics.median(times)
            out["open an article, max"] = times[-1]
            # Scrolling the sidebar: the actions its keys run (home, page down, end), each
            # timed until its frame is drawn (Pilot's `press` adds its own waits).
            screen.sidebar.focus()
            await pilot.pause()
            sidebar = screen.sidebar
            for key, action in (
                ("home", sidebar.action_first),
                ("pagedown", sidebar.action_page_down),
                ("end", sidebar.action_last),
            ):
                await pilot.pause()
                drawn.clear()
                t = time.perf_counter()
                action()
                await asyncio.wait_for(drawn.wait(), 10)
                out[f"sidebar {key} (action to frame)"] = time.perf_counter() - t
            # Search as typed: every prefix of each query is a keystroke (caches kept, as in
            # the app); the full query is also timed cold.
            queries = ["harbour", "spokesman world bank", "kyiv budget", "inflaton", "petrov said"]
            assert app.session.index is not None
            index = app.session.index
            index.query("warm up")
            keystrokes, full = [], []
            for q in queries:
                index.clear_caches()
                for end in range(1, len(q) + 1):
                    t = time.perf_counter()
                    index.query(q[:end])
                    keystrokes.append(time.perf_counter() - t)
                index.clear_caches()
                t = time.perf_counter()
                index.query(q)
                full.append(time.perf_counter() - t)
            keystrokes.sort()
            out["search keystroke median"] = statistics.median(keystrokes)
            out["search keystroke p95"] = keystrokes[int(len(keystrokes) * 0.95)]
            out["search full query (cold) max of 5"] = max(full)
            out["peak RSS MB"] = _rss()

    asyncio.run(run())
    return out


def first_paint(folder: Path, data: Path, runs: int = 5) -> None:
    """Plain `reader` on the library in tmux, launch to the first article's title on screen,
    against the bare Textual app of benchmarks/tui.py launched the same way, in pairs."""
    import compileall

    import tui

    import reader

    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)  # as pip install does
    compileall.compile_file(tui.HELLO_APP, quiet=1)
    title = (folder / "000000.txt").read_text(encoding="utf-8").splitlines()[0][:18]
    env = {
        "HOME": str(data.parent),
        "READER_CONFIG_DIR": str(data / "config"),
        "READER_DATA_DIR": str(data),
    }
    tmux = tui.Tmux()
    hello = [sys.executable, str(tui.HELLO_APP)]
    reader_args = tui.reader_command()
    ratios, ours, theirs = [], [], []
    try:
        tui.first_paint(tmux, reader_args, title, data.parent, 0.005, env)  # warm-up
        for _ in range(runs):
            base = tui.first_paint(tmux, hello, tui.HELLO_TEXT, data.parent, 0.005)
            took = tui.first_paint(tmux, reader_args, title, data.parent, 0.005, env)
            ratios.append(took / base)
            ours.append(took)
            theirs.append(base)
    finally:
        tmux.close()
    print(
        f"first paint in tmux (launch -> {title!r} on screen), median of {runs}: "
        f"reader {_ms(statistics.median(ours))}, bare Textual app "
        f"{_ms(statistics.median(theirs))}; ratio per pair median "
        f"{statistics.median(ratios):.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f})"
        "  [target <= 2]"
    )


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, workers: int | None, keep: bool) -> None:
    root = Path(tempfile.mkdtemp(prefix=f"reader-bench-{n}-"))
    folder, data = root / "articles", root / "data"
    t = time.perf_counter()
    generate(folder, n)
    made = time.perf_counter() - t
    sizes = [p.stat().st_size for p in folder.iterdir()]
    print(
        f"\n== {n} articles, mean {sum(sizes) / len(sizes) / 1024:.1f} KB "
        f"(generated in {made:.1f} s) in {root}"
    )

    with Store(data / "reader.sqlite3") as store, ArticleCache.in_folder(data) as cache:
        t = time.perf_counter()
        report = import_paths([str(folder)], cache=cache, store=store, workers=workers)
        took = time.perf_counter() - t
        print(
            f"import: {report.added} added in {took:.2f} s = {report.added / took:.0f} articles/s"
            f" (failed {len(report.failed)}, workers {workers or 'one a core'})"
        )
        t = time.perf_counter()
        again = import_paths([str(folder)], cache=cache, store=store, workers=workers)
        took = time.perf_counter() - t
        print(f"re-import (nothing changed): {again.skipped_unchanged} skipped in {_ms(took)}")
    cache_mb = (data / "cache.sqlite3").stat().st_size / 1e6
    print(f"cache file: {cache_mb:.1f} MB ({cache_mb * 1e6 / n / 1024:.2f} KB an article)")

    command = [sys.executable, __file__, "--warm", str(data)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the warm start failed:\n{result.stderr}")
    print("plain `reader` on that library (the real app, headless, fresh process):")
    for name, value in json.loads(result.stdout).items():
        if "MB" in name or name == "sidebar rows":
            print(f"  {name}: {value:.0f}")
        else:
            print(f"  {name}: {_ms(value)}")
    first_paint(folder, data)
    if not keep:
        import shutil

        shutil.rmtree(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="articles (repeatable)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--warm", metavar="DATA_DIR", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.warm:
        print(json.dumps(warm(Path(options.warm))))
        return
    print("command: " + " ".join([".venv/bin/python", "benchmarks/library.py", *sys.argv[1:]]))
    for n in options.n or [1000, 10000]:
        run(n, options.workers, options.keep)


if __name__ == "__main__":
    main()
