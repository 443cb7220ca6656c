"""The links list: the article's links, numbered, with their targets shown as text;
`enter` adds the linked page to the library and opens it, `O` opens it in the browser."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, overload

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reader.core.models import Link
from reader.core.navigation.links import resolve, shown
from reader.ui import bindings
from reader.ui.screens.overlay import Overlay
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.nav_list import NavList

NO_LINKS = "This article has no links."
#: Characters of a link's text and target shown in the list (a row is a line of each).
TEXT_SHOWN = 120
TARGET_SHOWN = 200
ROW_HEIGHT = 4
"""The link's number and text, its target, why it is not followed (or nothing), a space."""


@dataclass(frozen=True)
class LinkChoice:
    action: Literal["follow", "browser"]
    number: int
    """The link's index in `Article.links`."""


class Numbered(Sequence[tuple[int, Link]]):
    """An article's links, each with its number (its index), made as the list asks for a
    row: a 5 MB article has tens of thousands of links, and a pair made for each at once
    cost the allocations (and, now and then, a full garbage collection) of opening the list."""

    def __init__(self, links: Sequence[Link]) -> None:
        self._links = links

    def __len__(self) -> int:
        return len(self._links)

    @overload
    def __getitem__(self, index: int) -> tuple[int, Link]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, Link]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, Link] | Sequence[tuple[int, Link]]:
        if isinstance(index, slice):
            return [(i, self._links[i]) for i in range(len(self._links))[index]]
        if index < 0:
            index += len(self._links)
        return index, self._links[index]


class LinksScreen(Overlay[LinkChoice | None]):
    BINDINGS = bindings.LINKS

    def __init__(
        self,
        title: str,
        text: str,
        links: Sequence[tuple[int, Link]],
        base: str,
        *,
        heading: str = "Links in ",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.links = links
        self.base = base
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical(id="links-dialog", classes="nav-dialog"):
            yield Static(Content.assemble(self.heading, Content(self.title_text)),
                         id="links-title", classes="nav-title")  # fmt: skip
            if self.links:
                yield NavList(len(self.links), self._row, row_height=ROW_HEIGHT, id="links-list")
            else:
                yield Static(NO_LINKS, id="links-empty", markup=False)
            yield Static(
                "enter: open in reader   O: open in the browser   esc: close", classes="nav-hint"
            )
        yield ReaderFooter()

    def _row(self, index: int) -> list[Content]:
        """Built when drawn: a list of thousands resolves only the links on screen."""
        number, link = self.links[index]
        target = resolve(link.target, self.base)
        rows = [
            Content.assemble(
                Content.styled(f"{number + 1:>4}. ", "$text-accent"),
                Content(shown(self.text[link.start : link.end], TEXT_SHOWN)),
            ),
            Content.assemble(
                "      ", Content.styled(shown(target.url, TARGET_SHOWN), "$text-muted")
            ),
        ]
        if not target.followable:
            why = Content.styled(f"not followed: {target.why}", "$text-warning")
            rows.append(Content.assemble("      ", why))
        return rows

    def on_mount(self) -> None:
        for nav_list in self.query(NavList):
            nav_list.focus()

    def _chosen(self, action: Literal["follow", "browser"], index: int | None = None) -> None:
        if index is None:
            found = self.query(NavList)
            index = found.first().highlighted if found else None
        if index is None:
            self.dismiss(None)
            return
        self.dismiss(LinkChoice(action, self.links[index][0]))

    def action_browser(self) -> None:
        self._chosen("browser")

    @on(NavList.Selected)
    def _follow(self, event: NavList.Selected) -> None:
        event.stop()
        self._chosen("follow", event.index)

    def action_close(self) -> None:
        self.dismiss(None)
