"""TUI benchmark: time to first paint, opening a 5 MB article, and key repeat, in a real terminal.

Run from the project root (needs tmux):

    .venv/bin/python benchmarks/tui.py --runs 5

Every figure is the median of --runs launches (min and max beside it), each in a fresh tmux
session (120x36, TERM=xterm-256color, COLUMNS/LINES unset) on a private tmux server, with
HOME, READER_CONFIG_DIR and READER_DATA_DIR in a new temporary folder. The screen is read
with `capture-pane` every --poll ms; a figure's resolution is about that plus one capture.

1. First paint: from `tmux new-session` until the seed's title is on screen, for `reader`
   (no arguments: the embedded seed) and for a bare Textual app (`benchmarks/hello_app.py`,
   a Static("hello world")) started by the same Python the same way. Launches alternate
   between the two, and the ratio is taken per pair. Target: reader / hello <= 1.3.
   Beside them, the same for `benchmarks/skeleton_app.py`: Textual alone, laid out as
   reader's main screen on the seed (bordered panes, list row, text, legend, Footer), with
   no reader code: what that screen costs in Textual before reader does anything.
2. Open a 5 MB article: `reader small.txt big.txt` (generated, deterministic); once the small
   article's title shows, press `n` and time until a phrase of the big article's first
   paragraph is on screen. Target: <= 200 ms after the key.
3. Key repeat: `reader big.txt`; hold `j` (--rate keys/s for --hold s, paced against the
   clock) while a thread captures the screen; then time from the last key to the screen's
   last change (the screen must stay still --quiet ms to count as settled). Also checks the
   reading cursor (the passage marked "▌") is on passage N (N presses from the title) and
   reports the largest backlog seen while holding (keys sent minus passages moved).
   Target: the cursor stops within 100 ms of the last key.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.cleaning.clean import clean  # noqa: E402
from reader.core.ingest.loading import load_file  # noqa: E402

HELLO_APP = Path(__file__).resolve().with_name("hello_app.py")
SKELETON_APP = Path(__file__).resolve().with_name("skeleton_app.py")
SEED_TITLE = "Russia lauds Azerbaijan"
HELLO_TEXT = "hello world"
WIDTH, HEIGHT = 120, 36

SMALL_TITLE = "Ferry timetable changes announced for the winter"
BIG_TITLE = "Harbour authority publishes its longest annual review"
BIG_PHRASE = "Okonkwo-Vandermeer"
"""Only in the big article's first paragraph; one word, so it never wraps apart."""
CURSOR = "▌"


# --------------------------------------------------------------------------- tmux
@dataclass
class Capture:
    start: float
    end: float
    screen: str

    @property
    def at(self) -> float:
        return (self.start + self.end) / 2


class Tmux:
    """A private tmux server (its own socket), so the user's sessions are never touched."""

    def __init__(self) -> None:
        exe = shutil.which("tmux")
        if exe is None:
            raise SystemExit("tmux is not installed")
        self.base = [exe, "-L", f"reader-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"]
        # A parked session keeps the server alive between launches; options are set once.
        self.run("-f", "/dev/null", "new-session", "-d", "-s", "park", "-x", "80", "-y", "24",
                 "cat")  # fmt: skip
        self.socket = Path(self.run("display-message", "-p", "#{socket_path}").strip())
        self.run("set-option", "-g", "remain-on-exit", "on")
        # No client ever attaches, so each window keeps the size it is created with. (A global
        # `window-size manual` makes tmux 3.3a's server exit on the next new-session.)
        self.run("set-option", "-g", "default-size", f"{WIDTH}x{HEIGHT}")

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=10)
        if check and result.returncode:
            raise RuntimeError(f"tmux {shlex.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=10)
        self.socket.unlink(missing_ok=True)


class Pane:
    def __init__(self, tmux: Tmux, args: Sequence[str], env: dict[str, str]) -> None:
        self.tmux = tmux
        self.name = f"bench-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {shlex.join(args)}"
        self.started = time.perf_counter()
        tmux.run("new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT),
                 command)  # fmt: skip

    def screen(self) -> str:
        return self.tmux.run("capture-pane", "-p", "-t", self.name, check=False)

    def capture(self) -> Capture:
        start = time.perf_counter()
        screen = self.screen()
        return Capture(start, time.perf_counter(), screen)

    def send(self, *keys: str) -> float:
        """Send keys; returns the time just before (so a latency includes the send)."""
        sent = time.perf_counter()
        self.tmux.run("send-keys", "-t", self.name, *keys)
        return sent

    def dead(self) -> bool:
        return self.tmux.run("display-message", "-p", "-t", self.name, "#{pane_dead}",
                             check=False).strip() == "1"  # fmt: skip

    def wait_for(self, text: str, poll: float, timeout: float) -> Capture:
        """Poll until `text` is on screen; returns the first capture showing it."""
        deadline = time.perf_counter() + timeout
        while True:
            capture = self.capture()
            if text in capture.screen:
                return capture
            if capture.end > deadline or (self.dead() and text not in self.screen()):
                raise RuntimeError(f"{text!r} did not appear; the screen shows:\n{capture.screen}")
            time.sleep(poll)

    def wait_for_each(self, texts: Sequence[str], poll: float, timeout: float) -> list[float]:
        """Poll until every text has been on screen; when each was first seen."""
        seen: dict[str, float] = {}
        deadline = time.perf_counter() + timeout
        while len(seen) < len(texts):
            capture = self.capture()
            seen.update((t, capture.at) for t in texts if t not in seen and t in capture.screen)
            if capture.end > deadline:
                missing = [t for t in texts if t not in seen]
                raise RuntimeError(
                    f"{missing!r} did not appear; the screen shows:\n{capture.screen}"
                )
            time.sleep(poll)
        return [seen[t] for t in texts]

    def close(self) -> None:
        self.tmux.run("kill-session", "-t", self.name, check=False)


def fresh_env(tmp: Path) -> dict[str, str]:
    home = Path(tempfile.mkdtemp(prefix="home-", dir=tmp))
    return {
        "HOME": str(home),
        "READER_CONFIG_DIR": str(home / "config"),
        "READER_DATA_DIR": str(home / "data"),
    }


def reader_command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("reader")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "reader", *args]


# --------------------------------------------------------------------------- articles
PEOPLE = [
    "Maria Lindqvist", "Tomasz Wieczorek", "Amina Yusuf", "Daniel Ortega Ruiz", "Priya Raman",
    "Kenji Watanabe", "Fatima Al-Hassan", "Oliver Brennan", "Sofia Castellano", "Ivan Petrenko",
    "Grace Mensah", "Lukas Hoffmann", "Chen Wei", "Isabel Moreau", "Samuel Adeyemi",
    "Hannah Kowalski", "Rafael Mendes", "Leila Haddad", "Erik Johansson", "Naomi Fischer",
]  # fmt: skip
PLACES = [
    "Rotterdam", "Gdansk", "Mombasa", "Valparaiso", "Chennai", "Osaka", "Alexandria", "Cork",
    "Genoa", "Odesa", "Tema", "Hamburg", "Shanghai", "Marseille", "Lagos", "Antwerp",
    "Halifax", "Durban", "Piraeus", "Aarhus",
]  # fmt: skip
ORGS = [
    "the port authority", "the transport ministry", "the dockworkers' union",
    "the European Commission", "the regional council", "the coast guard",
    "the World Bank", "the chamber of commerce", "the national weather service",
    "the harbour pilots' association", "the customs agency", "the audit office",
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{person}, a spokesperson for {org}, said on {day} that talks in {place} would resume "
    "within {n} days.",
    "Container traffic through {place} rose {pct} percent in {month}, according to figures "
    "published by {org}.",
    "The dispute began in {month} {year}, when {org} proposed cutting {n} jobs at the {place} "
    "terminal.",
    "\u201cWe have never seen volumes like this,\u201d said {person}, who has worked at the "
    "{place} docks for {small} years.",
    "Officials estimate the repairs will cost {money} million euros and take until {month} {year}.",
    "A storm on {day} closed the harbour at {place} for {small} hours and delayed {n} ships.",
    "{org} said it would publish a full report on the {place} incident by the end of {month}.",
    "Analysts at {org} expect freight rates to fall by {pct} percent before {year}.",
    "In {place}, {person} told reporters that the new cranes had doubled the night shift's output.",
    "The agreement, signed in {place} on {day}, covers {n} vessels and runs for {small} years.",
    "Critics, including {person}, argue that {org} underestimated the cost by {money} million "
    "euros.",
    "Fishing crews from {place} protested on {day} against the dredging plan backed by {org}.",
    "Insurance claims after the {month} floods in {place} reached {money} million euros.",
    "{person} said the {place} ferry link carried {n} passengers last year, {pct} percent more "
    "than the year before.",
    "The budget for {year} sets aside {money} million euros for sea walls in {place} and {place2}.",
    "Inspectors found {small} breaches of safety rules on ships calling at {place} in {month}.",
]


def _sentence(rng: random.Random) -> str:
    place, place2 = rng.sample(PLACES, 2)
    sentence = rng.choice(TEMPLATES).format(
        person=rng.choice(PEOPLE),
        org=rng.choice(ORGS),
        place=place,
        place2=place2,
        month=rng.choice(MONTHS),
        day=rng.choice(DAYS),
        year=rng.randint(2009, 2031),
        n=f"{rng.randint(120, 98_000):,}",
        small=rng.randint(2, 40),
        pct=f"{rng.uniform(0.5, 40):.1f}",
        money=f"{rng.uniform(1, 900):.1f}",
    )
    return sentence[0].upper() + sentence[1:]


def big_article_text(size: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    parts = [
        BIG_TITLE,
        "",
        f"The harbour commissioner, Adaeze {BIG_PHRASE}, opened the review on Monday with a "
        "warning that the next decade of shipping will look nothing like the last.",
    ]
    total = sum(len(part) + 1 for part in parts)
    while total < size:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        parts += ["", paragraph]
        total += len(paragraph) + 2
    return "\n".join(parts) + "\n"


def small_article_text() -> str:
    return (
        f"{SMALL_TITLE}\n\n"
        "The ferry company will run two crossings a day instead of four from November, it said "
        "on Tuesday, citing fuel costs and the weather.\n\n"
        "Passengers with season tickets can ask for a refund at any harbour office.\n"
    )


class CursorFinder:
    """Which passage (section index) the reading cursor is on, from a plain screen capture."""

    BLOCKS = "".join(chr(c) for c in range(0x2580, 0x25A0))

    def __init__(self, path: Path) -> None:
        article = clean(load_file(path))  # what the app shows: the same loader and cleaner
        self.text = article.text
        self.starts = [section.start for section in article.sections]
        self.count = len(article.sections)
        self.first_paragraph_section = next(
            (i for i, s in enumerate(article.sections) if BIG_PHRASE in s.text), None
        )
        self._cache: dict[str, frozenset[int]] = {}

    def fragments(self, screen: str) -> list[str]:
        found = []
        for line in screen.splitlines():
            if CURSOR not in line:
                continue
            rest = line[line.rindex(CURSOR) + 3 :].split("│")[0]  # skip the bookmark column
            rest = rest.rstrip().rstrip(self.BLOCKS).strip()
            fragment = re.split(r"\s{2,}", rest)[0]
            if fragment:
                found.append(fragment)
        return found

    def sections_of(self, fragment: str) -> frozenset[int]:
        if fragment not in self._cache:
            hits: set[int] = set()
            at = self.text.find(fragment)
            while at >= 0:
                hits.add(bisect_right(self.starts, at) - 1)
                at = self.text.find(fragment, at + 1)
            self._cache[fragment] = frozenset(hits)
        return self._cache[fragment]

    def section(self, screen: str) -> int | None:
        """The cursor's section, or None if it is not on screen or cannot be told apart."""
        candidates: set[int] | None = None
        fragments = self.fragments(screen)
        long = [f for f in fragments if len(f) >= 25]  # "2014." is in hundreds of passages
        for fragment in long or fragments:
            sections = self.sections_of(fragment)
            candidates = set(sections) if candidates is None else candidates & sections
        return candidates.pop() if candidates and len(candidates) == 1 else None


# --------------------------------------------------------------------------- figures
@dataclass
class Figures:
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.values.setdefault(name, []).append(value)


def summary(values: list[float], unit: str = "ms", digits: int = 0) -> str:
    if not values:
        return "n/a"
    median = statistics.median(values)
    return (
        f"{median:.{digits}f} {unit} (min {min(values):.{digits}f}, max {max(values):.{digits}f}"
        f", n={len(values)})"
    )


def ms(seconds: float) -> float:
    return seconds * 1000


def first_paint(
    tmux: Tmux, args: list[str], text: str, tmp: Path, poll: float, env: dict | None = None
) -> float:
    pane = Pane(tmux, args, env or fresh_env(tmp))
    try:
        return pane.wait_for(text, poll, timeout=60).at - pane.started
    finally:
        pane.close()


def bench_first_paint(tmux: Tmux, opts: argparse.Namespace, tmp: Path) -> None:
    reader = reader_command()
    hello = [sys.executable, str(HELLO_APP)]
    skeleton = [sys.executable, str(SKELETON_APP)]
    print("\n1. Time to first paint (tmux new-session -> text on screen)")
    print(f"   reader: {shlex.join(reader)}   (waits for {SEED_TITLE!r})")
    print(f"   hello:  {shlex.join(hello)}   (waits for {HELLO_TEXT!r})")
    print(f"   skeleton: {shlex.join(skeleton)}   (waits for {SEED_TITLE!r})")
    # "first start": a new data folder each launch (databases and caches are created);
    # "usual start": the data folder of an earlier launch (the store and cache exist).
    usual = fresh_env(tmp)
    for _ in range(opts.warmup):  # .pyc files and the page cache, as for any second launch
        first_paint(tmux, hello, HELLO_TEXT, tmp, opts.poll)
        first_paint(tmux, skeleton, SEED_TITLE, tmp, opts.poll)
        first_paint(tmux, reader, SEED_TITLE, tmp, opts.poll)
        first_paint(tmux, reader, SEED_TITLE, tmp, opts.poll, usual)
    figures = Figures()
    for run in range(opts.runs):
        order = [
            ("hello", hello, HELLO_TEXT, None),
            ("skeleton", skeleton, SEED_TITLE, None),
            ("reader", reader, SEED_TITLE, None),
            ("usual", reader, SEED_TITLE, usual),
        ]
        if run % 2:
            order.reverse()
        times = {name: first_paint(tmux, a, t, tmp, opts.poll, env) for name, a, t, env in order}
        for name in ("hello", "skeleton", "reader", "usual"):
            figures.add(name, ms(times[name]))
        figures.add("ratio", times["reader"] / times["hello"])
        figures.add("ratio usual", times["usual"] / times["hello"])
        figures.add("ratio skeleton", times["skeleton"] / times["hello"])
        figures.add("ratio usual/skeleton", times["usual"] / times["skeleton"])
    v = figures.values
    print(f"   hello app:        {summary(v['hello'])}")
    print(f"   skeleton app (Textual alone, reader's layout): {summary(v['skeleton'])}")
    print(f"   reader, first start (new data folder): {summary(v['reader'])}")
    print(f"   reader, usual start (data folder kept): {summary(v['usual'])}")
    print(f"   ratio per pair, first start: {summary(v['ratio'], unit='x', digits=2)}")
    print(f"   ratio per pair, usual start: {summary(v['ratio usual'], unit='x', digits=2)}")
    for name, key, target in (("first start", "reader", 1.6), ("usual start", "usual", 1.45)):
        ratio = statistics.median(v[key]) / statistics.median(v["hello"])
        print(f"   ratio of medians, {name}: {ratio:.2f}x   [target <= {target}]")
    skeleton_ratio = summary(v["ratio skeleton"], unit="x", digits=2)
    print(f"   ratio per pair, skeleton / hello: {skeleton_ratio}")
    print(
        "   ratio per pair, reader usual start / skeleton: "
        f"{summary(v['ratio usual/skeleton'], unit='x', digits=2)}   [target <= 1.12]"
    )


def bench_open_big(tmux: Tmux, opts: argparse.Namespace, tmp: Path, small: Path, big: Path) -> None:
    print(f"\n2. Open a {big.stat().st_size / 2**20:.1f} MiB article: press n on the small one")
    print(f"   {shlex.join(reader_command(small.name, big.name))}   (in {tmp})")
    print(
        f"   waits for {BIG_TITLE!r} (the pane's header) and {BIG_PHRASE!r} (first "
        f"paragraph); settle before n: {opts.settle} s"
    )
    figures = Figures()
    for _ in range(opts.runs):
        pane = Pane(tmux, reader_command(str(small), str(big)), fresh_env(tmp))
        try:
            shown = pane.wait_for(SMALL_TITLE, opts.poll, timeout=opts.timeout)
            figures.add("launch", shown.at - pane.started)
            # Articles appear as they are loaded: wait until the big one is in the list.
            listed = pane.wait_for("2 articles", opts.poll, timeout=opts.timeout)
            figures.add("listed", listed.at - pane.started)
            time.sleep(opts.settle)
            sent = pane.send("n")
            title, phrase = pane.wait_for_each([BIG_TITLE, BIG_PHRASE], opts.poll, opts.timeout)
            figures.add("title", ms(title - sent))
            figures.add("open", ms(phrase - sent))
        finally:
            pane.close()
    v = figures.values
    print(f"   launch until the small article shows: {summary(v['launch'], unit='s', digits=2)}")
    print(f"   launch until the big one is listed:   {summary(v['listed'], unit='s', digits=2)}")
    print(f"   n -> its title on screen (response):  {summary(v['title'])}")
    print(f"   n -> its first paragraph on screen:   {summary(v['open'])}   [target <= 200 ms]")


@dataclass
class HoldResult:
    settle_ms: float
    rate: float
    final_section: int | None
    max_backlog: int | None
    final_screen: str


class Poller(threading.Thread):
    def __init__(self, pane: Pane, poll: float) -> None:
        super().__init__(daemon=True)
        self.pane, self.poll = pane, poll
        self.captures: list[Capture] = []
        self.last_change = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            capture = self.pane.capture()
            if self.captures and capture.screen != self.captures[-1].screen:
                self.last_change = capture.at
            self.captures.append(capture)
            time.sleep(self.poll)


def hold_once(
    tmux: Tmux, opts: argparse.Namespace, tmp: Path, big: Path, finder: CursorFinder
) -> HoldResult:
    pane = Pane(tmux, reader_command(str(big)), fresh_env(tmp))
    poller = Poller(pane, opts.poll)
    try:
        pane.wait_for(BIG_PHRASE, opts.poll, timeout=opts.timeout)
        time.sleep(opts.settle)
        presses = round(opts.rate * opts.hold)
        poller.start()
        time.sleep(0.05)
        sends: list[float] = []
        begin = time.perf_counter()
        for i in range(presses):
            delay = begin + i / opts.rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sends.append(pane.send("j"))
        last_key = sends[-1]
        deadline = time.perf_counter() + opts.timeout
        quiet = opts.quiet / 1000
        while time.perf_counter() < deadline:
            time.sleep(0.01)
            if poller.captures[-1].start - max(poller.last_change, last_key) > quiet:
                break
        poller.stop.set()
        poller.join(timeout=5)
        captures = poller.captures
        final = finder.section(captures[-1].screen)
        backlog = None
        seen: dict[str, int | None] = {}
        for capture in captures:
            if capture.start > last_key:
                break
            if capture.screen not in seen:
                seen[capture.screen] = finder.section(capture.screen)
            section = seen[capture.screen]
            if section is not None:
                behind = bisect_right(sends, capture.start) - section
                backlog = behind if backlog is None else max(backlog, behind)
        if captures[-1].start < last_key or not poller.last_change:
            raise RuntimeError("the screen was not captured after the last key")
        rate = (presses - 1) / (sends[-1] - sends[0]) if presses > 1 else 0.0
        return HoldResult(
            ms(poller.last_change - last_key), rate, final, backlog, captures[-1].screen
        )
    finally:
        poller.stop.set()
        pane.close()


def bench_key_repeat(
    tmux: Tmux, opts: argparse.Namespace, tmp: Path, big: Path, finder: CursorFinder
) -> None:
    presses = round(opts.rate * opts.hold)
    print(f"\n3. Key repeat: hold j on the {big.stat().st_size / 2**20:.1f} MiB article")
    print(f"   {shlex.join(reader_command(big.name))}   (in {tmp})")
    print(
        f"   {presses} presses of j at {opts.rate:g}/s for {opts.hold:g} s from the title; "
        f"settled = no change for {opts.quiet:g} ms; settle before: {opts.settle} s"
    )
    figures = Figures()
    cursors: list[int | None] = []
    for _ in range(opts.runs):
        result = hold_once(tmux, opts, tmp, big, finder)
        figures.add("settle", result.settle_ms)
        figures.add("rate", result.rate)
        if result.max_backlog is not None:
            figures.add("backlog", result.max_backlog)
        cursors.append(result.final_section)
    v = figures.values
    print(f"   keys actually sent at:            {summary(v['rate'], unit='/s', digits=1)}")
    print(f"   last key -> last screen change:   {summary(v['settle'])}   [target <= 100 ms]")
    print(f"   largest backlog while holding:    {summary(v.get('backlog', []), unit='keys')}")
    expected = min(presses, finder.count - 1)
    shown = ", ".join("?" if c is None else str(c) for c in cursors)
    verdict = "all as expected" if all(c == expected for c in cursors) else "NOT as expected"
    print(f"   cursor on passage after the hold:  {shown} (expected {expected}: {verdict})")


# --------------------------------------------------------------------------- main
def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="launches per figure")
    parser.add_argument("--warmup", type=int, default=1, help="untimed launches first (1.)")
    parser.add_argument("--poll", type=float, default=5.0, help="ms between screen captures")
    parser.add_argument("--size-mb", type=float, default=5.0, help="size of the big article")
    parser.add_argument("--rate", type=float, default=30.0, help="key presses per second (3.)")
    parser.add_argument("--hold", type=float, default=5.0, help="seconds j is held (3.)")
    parser.add_argument("--quiet", type=float, default=500.0, help="ms of no change = settled")
    parser.add_argument(
        "--settle", type=float, default=0.0, help="s to wait after the article shows (2., 3.)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="s to wait for a screen")
    parser.add_argument(
        "--only", choices=["paint", "open", "keys"], action="append", help="run only these"
    )
    opts = parser.parse_args(argv)
    opts.poll /= 1000
    return opts


def main(argv: Sequence[str] | None = None) -> None:
    opts = parse_args(argv)
    python = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else None
    command = [python or sys.executable, os.path.relpath(__file__), *sys.argv[1:]]
    print(f"command: {shlex.join(command)}")
    import textual

    tmux_version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    print(
        f"python {platform.python_version()}, textual {textual.__version__}, {tmux_version}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; "
        f"pane {WIDTH}x{HEIGHT}; poll every {opts.poll * 1000:g} ms"
    )
    # Byte-compiled first, as `pip install` does for an installed package: an editable
    # install run with PYTHONDONTWRITEBYTECODE set would otherwise compile reader's modules
    # at every launch, while Textual's came compiled.
    import compileall

    import reader

    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)
    compileall.compile_file(HELLO_APP, quiet=1)
    compileall.compile_file(SKELETON_APP, quiet=1)
    only = set(opts.only or ["paint", "open", "keys"])
    steps: list[Callable[[], None]] = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as name:
        tmp = Path(name)
        small, big = tmp / "small.txt", tmp / "big.txt"
        small.write_text(small_article_text(), encoding="utf-8")
        big.write_text(big_article_text(int(opts.size_mb * 1024 * 1024)), encoding="utf-8")
        finder = CursorFinder(big)
        if finder.first_paragraph_section is None:
            raise SystemExit(f"the cleaner dropped the big article's first paragraph ({big})")
        tmux = Tmux()
        try:
            if "paint" in only:
                steps.append(lambda: bench_first_paint(tmux, opts, tmp))
            if "open" in only:
                steps.append(lambda: bench_open_big(tmux, opts, tmp, small, big))
            if "keys" in only:
                steps.append(lambda: bench_key_repeat(tmux, opts, tmp, big, finder))
            for step in steps:
                step()
                sys.stdout.flush()
        finally:
            tmux.close()


if __name__ == "__main__":
    main()
