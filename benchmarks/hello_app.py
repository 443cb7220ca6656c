"""A bare Textual app, the baseline for `benchmarks/tui.py`'s time to first paint."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class HelloApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello world")


if __name__ == "__main__":
    HelloApp().run()
