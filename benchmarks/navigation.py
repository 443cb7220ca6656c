"""Navigation on a 5 MB article: how long the outline and the link list take to open, and the
original view to toggle, in process (Pilot), medians of several runs.

    .venv/bin/python benchmarks/navigation.py            # 5 MB, 7 runs
    .venv/bin/python benchmarks/navigation.py --mb 5 --runs 11

The article is generated (deterministic): Markdown with a heading every 20 paragraphs, a link
in every other paragraph, and boilerplate lines the cleaner takes out ("Advertisement",
"Share this article") among them. Each figure is the time from the action (the key's action
called directly, as the binding would). For the outline and the link list, "opens" is the time
to the screen's first frame, written out as a real terminal would be sent it: the whole list
and the footer's keys are in it, only the scroll bar's thumb comes a frame (about 10 ms) later;
"settles" is the time until the frame after Textual's follow-up layout passes (the scroll bar
sized, mounts completed: `call_after_refresh`). For the original view, the time until its
first screen is laid out (the rest of a big article is laid out in a thread, also timed:
"fully laid out"). "a bare modal screen" is Textual's own `ModalScreen` with one Static over
the reading screen, measured the same way: what any screen costs here, apart from reader's
work.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder is first on sys.path, and benchmarks/html.py would hide the
# standard library's html (which markdown-it imports): put the project there instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

WORDS = [
    "harbour",
    "boat",
    "morning",
    "council",
    "river",
    "market",
    "village",
    "winter",
    "report",
    "people",
    "water",
    "road",
    "school",
    "doctor",
    "bridge",
    "station",
    "garden",
    "museum",
    "letter",
    "summer",
    "festival",
    "history",
    "island",
]
BOILERPLATE = ("Advertisement", "Share this article", "Subscribe to our newsletter")


def article(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = ["# A Very Long Article About Harbours\n"]
    size = 0
    paragraph = 0
    while size < megabytes * 1_000_000:
        if paragraph % 20 == 0:
            level = "##" if paragraph % 100 == 0 else "###"
            parts.append(f"{level} Section {paragraph // 20 + 1}: {rng.choice(WORDS).title()}\n")
        words = [rng.choice(WORDS) for _ in range(rng.randint(60, 120))]
        if paragraph % 2 == 0:
            at = rng.randrange(len(words) - 2)
            words[at] = f"[{words[at]} {words[at + 1]}](https://example.org/{paragraph}/page.html)"
            del words[at + 1]
        text = " ".join(words).capitalize() + "."
        parts.append(text + "\n")
        if paragraph % 15 == 7:
            parts.append(rng.choice(BOILERPLATE) + "\n")
        size += len(text)
        paragraph += 1
    return "\n".join(parts)


async def measure(path: Path, data: Path, runs: int) -> dict[str, list[float]]:
    from textual.screen import ModalScreen
    from textual.widgets import Static

    from reader.core.paths import Paths
    from reader.ui.app import make_app
    from reader.ui.screens.links import LinksScreen
    from reader.ui.screens.outline import OutlineScreen

    class Bare(ModalScreen[None]):
        def compose(self):
            yield Static("a bare screen")

    app = make_app(sources=[str(path)], paths=Paths.under(data))
    frames: list[tuple[float, object]] = []
    display = app._display

    def recording_display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None:
            # What a real terminal would be sent (headless Textual skips this part).
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            frames.append((time.perf_counter(), screen))
        display(screen, renderable)

    app._display = recording_display  # type: ignore[method-assign]
    times: dict[str, list[float]] = {
        "a bare modal screen opens": [],
        "outline opens": [],
        "link list opens": [],
        "a bare modal screen settles": [],
        "outline settles": [],
        "link list settles": [],
        "original view on (first screen)": [],
        "original view off (first screen)": [],
        "original view on (fully laid out)": [],
    }
    async with app.run_test(size=(140, 45)) as pilot:
        while app.main_screen.current is None:
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen = app.main_screen
        view = screen.view
        await app.workers.wait_for_complete()
        article = screen.current.article
        print(
            f"article: {len(article.text) / 1e6:.1f} MB, {len(article.sections):,} sections, "
            f"{sum(s.kind == 'heading' for s in article.sections):,} headings, "
            f"{len(article.links):,} links, {len(article.removed):,} removed lines"
        )
        for _ in range(runs):
            for name, action, kind in (
                ("a bare modal screen opens", lambda: app.push_screen(Bare()), Bare),
                ("outline opens", screen.action_outline, OutlineScreen),
                ("link list opens", screen.action_links, LinksScreen),
            ):
                frames.clear()
                start = time.perf_counter()
                action()
                while not isinstance(app.screen, kind):
                    await asyncio.sleep(0)
                await _drawn(app.screen)
                settled = time.perf_counter()
                first = next(t for t, shown in frames if shown is app.screen)
                times[name].append(first - start)
                times[name.replace("opens", "settles")].append(settled - start)
                app.screen.dismiss(None)
                await pilot.pause()
            for on in (True, False):
                start = time.perf_counter()
                screen.action_toggle_original()
                await _drawn(view)
                ready = time.perf_counter()
                await app.workers.wait_for_complete()
                done = time.perf_counter()
                assert (view.original is not None) == on
                label = "on" if on else "off"
                times[f"original view {label} (first screen)"].append(ready - start)
                if on:
                    times["original view on (fully laid out)"].append(done - start)
                await pilot.pause()
    return times


async def _drawn(widget) -> None:
    """Until the frame after now is drawn."""
    done = asyncio.Event()
    widget.call_after_refresh(done.set)
    await done.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.md"
        path.write_text(article(options.mb), encoding="utf-8")
        started = time.perf_counter()
        times = asyncio.run(measure(path, Path(folder) / "data", options.runs))
        print(f"(the app started and cleaned the article in {time.perf_counter() - started:.1f} s)")
    print(f"medians of {options.runs} runs (min-max), in ms:")
    for name, values in times.items():
        ms = [v * 1000 for v in values]
        print(f"  {name:36} {statistics.median(ms):7.1f}  ({min(ms):.1f}-{max(ms):.1f})")
    print(f"command: .venv/bin/python benchmarks/navigation.py --mb {options.mb:g} "
          f"--runs {options.runs}")  # fmt: skip


if __name__ == "__main__":
    main()
