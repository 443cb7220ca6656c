"""Back and forward through the places a reader jumped between (by a link, a search result,
a bookmark or the outline), as a browser keeps them."""

from __future__ import annotations

from dataclasses import dataclass

#: Places kept each way; the oldest go first.
LIMIT = 200


@dataclass(frozen=True)
class Place:
    key: str
    """The article's key."""
    section: int
    """The reading cursor: an index into the article's sections."""


class History:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._back: list[Place] = []
        self._forward: list[Place] = []

    def jumped(self, here: Place) -> None:
        """A jump is about to leave `here`: it can be come back to; forward is forgotten."""
        if not self._back or self._back[-1] != here:
            self._back.append(here)
            del self._back[: -self.limit]
        self._forward.clear()

    def back(self, here: Place) -> Place | None:
        """Where back goes from `here` (which forward then returns to); None at the start."""
        while self._back:
            place = self._back.pop()
            if place != here:
                self._forward.append(here)
                return place
        return None

    def forward(self, here: Place) -> Place | None:
        while self._forward:
            place = self._forward.pop()
            if place != here:
                self._back.append(here)
                return place
        return None

    def forget(self, key: str) -> None:
        """An article left the library: its places go from both ways."""
        self._back = [p for p in self._back if p.key != key]
        self._forward = [p for p in self._forward if p.key != key]

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)
