"""The footer of every screen: Textual's, rebuilt only when what it shows changes.

Textual's `Footer` recomposes whenever its screen says its bindings were updated, which
happens on every focus change and every screen pushed over it or dismissed, even when the keys
it shows are the same. Each rebuild mounts a `FooterKey` per key and restyles each twice (its
`compact` reactive starts true and is then bound to the footer's), about 30 ms on the reading
screen: most of what opening the outline or the link list cost. This footer keeps what it
showed last and skips the rebuild when nothing it shows has changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, bool, str], ...]


class ReaderFooter(Footer):
    """A `Footer` that recomposes only when its keys, their descriptions or their state
    change."""

    _shown: Shown | None = None
    _first_pending = False

    def __init__(self, *, keys_after_first_frame: bool = False) -> None:
        super().__init__()
        self.keys_after_first_frame = keys_after_first_frame
        """The reading screen's footer, at start: its keys come a frame after the article."""

    def _what_it_shows(self, screen: Screen) -> Shown:
        """The footer's content as data: every shown binding's key, description, action,
        whether it is enabled, and its tooltip (the command palette's key among them)."""
        palette = screen.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.description, binding.action, enabled, tooltip or "")
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's, but skipped when nothing shown changed, and the rebuild is queued at
        # once rather than after the next refresh: a new screen's keys are then in its
        # first frames, not one refresh (up to 20 ms at 60 frames a second) after.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            shown = self._what_it_shows(screen)
            if shown == self._shown:
                return
            first, self._shown = self._shown is None, shown
            if first and self.keys_after_first_frame:
                # The first keys come a frame after the screen's first, as with Textual's own
                # footer: the article is what a reader waits for at start, and the keys
                # mounted and styled before it delayed it. Changes until then are shown by
                # that one rebuild, which composes the bindings of its time.
                self._first_pending = True
                self.call_after_refresh(self._first_recompose)
            elif not self._first_pending:
                self.call_later(self.recompose)

    async def _first_recompose(self) -> None:
        self._first_pending = False
        await self.recompose()
