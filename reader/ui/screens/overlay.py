"""The base of reader's modal screens: the reading screen behind, dimmed once, not every frame.

A `ModalScreen` with a translucent background shows the screen under it tinted: Textual renders
that screen again and blends every segment's colours with the tint on each frame the modal
draws, about 20 ms a frame on the reading screen, two or three frames to open. The screen
behind does not change while a modal is over it (it is suspended), so `Overlay` tints it once
per size and reuses the segments until the modal closes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

Result = TypeVar("Result")


class _TintedOnce:
    """A `BackgroundScreen` rendered once per size, theme and tint: the same segments on each
    frame after."""

    def __init__(self) -> None:
        self.background: BackgroundScreen | None = None
        self.theme = ""
        self._segments: list[Segment] = []
        self._key: tuple[object, ...] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.background is None:
            return
        key = (options.max_width, options.height, self.theme, self.background.color)
        if key != self._key:
            self._segments = list(self._tinted(console, options))
            self._key = key
        yield from self._segments

    def _tinted(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """The screen behind, tinted as `BackgroundScreen` tints it (its `process_segments`
        for each distinct style once: a screen has a few dozen styles and thousands of
        segments)."""
        assert self.background is not None
        tint, process = self.background.color, BackgroundScreen.process_segments
        tinted: dict[Style | None, Style | None] = {}
        for segment in console.render(self.background.screen._compositor, options):
            text, style, control = segment
            if control:
                yield segment
                continue
            if style not in tinted:
                [sample] = process([Segment(" ", style)], tint)
                tinted[style] = sample.style
            yield Segment(text, tinted[style])


class Overlay(ModalScreen[Result]):
    """A `ModalScreen` whose tinted backdrop is rendered once per size (see the module)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._backdrop = _TintedOnce()

    def render(self) -> RenderableType:
        rendered = super().render()
        if not isinstance(rendered, BackgroundScreen):
            return rendered
        self._backdrop.background = rendered
        self._backdrop.theme = self.app.theme
        return self._backdrop
