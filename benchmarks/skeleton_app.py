"""Textual alone, laid out as reader's main screen: the floor for `benchmarks/tui.py`'s time to
first paint.

No reader code runs here: two round-bordered panes with titles (a one-row OptionList holding
the seed's title; a scrolling Static holding the seed's text, wrapped at 80 columns; a
one-line legend under it) and a Footer with as many keys as reader shows. Whatever this costs
over the bare "hello" app is what the issue's first frame costs in Textual itself, before
reader loads, cleans, stores or highlights anything.

    python benchmarks/skeleton_app.py [SEED_FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_1f898c961dd7184c.txt"

CSS = """
#sidebar-pane { width: 38; max-width: 40%; border: round $panel-lighten-2; }
#sidebar-pane:focus-within { border: round $accent; }
#sidebar { height: 1fr; border: none; background: transparent; padding: 0; }
#article-pane { border: round $panel-lighten-2; border-title-style: bold; }
#article-pane:focus-within { border: round $accent; }
#article { scrollbar-gutter: stable; }
#text { width: 80; padding: 0 2; }
#legend { height: 1; padding: 0 1; color: $text-muted; }
"""

KEYS = ["E", "slash", "b", "apostrophe", "o", "l", "v", "q", "question_mark"]
"""The keys reader's Footer shows on the seed."""


class SkeletonApp(App[None]):
    CSS = CSS
    BINDINGS = [Binding(key, f"noop({key!r})", f"Key {key}") for key in KEYS]

    def __init__(self, seed: Path) -> None:
        super().__init__()
        self.text = seed.read_text(encoding="utf-8")

    def compose(self) -> ComposeResult:
        title = self.text.split("\n", 1)[0]
        with Horizontal():
            with Vertical(id="sidebar-pane"):
                yield OptionList(Content(f"{title}\nseed · 2 min"), id="sidebar")
            with Vertical(id="article-pane"):
                with VerticalScroll(id="article"):
                    yield Static(Content(self.text), id="text")
                yield Static("people 2  places 38  dates 6", id="legend")
        yield Footer()

    def action_noop(self, key: str) -> None:
        """Each key its own action, so the Footer shows each, as reader's does."""

    def on_mount(self) -> None:
        self.query_one("#sidebar-pane").border_title = "Articles"
        self.query_one("#article-pane").border_title = self.text.split("\n", 1)[0]
        self.query_one("#article").focus()


if __name__ == "__main__":
    SkeletonApp(Path(sys.argv[1]) if len(sys.argv) > 1 else SEED).run()
