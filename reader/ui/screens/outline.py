"""The outline: the article's headings, indented by level, the current section marked;
`enter` goes to one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reader.core.navigation.outline import Heading, depth
from reader.ui import bindings
from reader.ui.screens.overlay import Overlay
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.nav_list import NavList

CURRENT_MARK = "▶ "
NO_HEADINGS = "This article has no headings."


class OutlineScreen(Overlay[int | None]):
    """Dismissed with the chosen heading's section index (into `Article.sections`)."""

    BINDINGS = bindings.OUTLINE

    def __init__(self, title: str, headings: tuple[Heading, ...], current: int | None) -> None:
        super().__init__()
        self.title_text = title
        self.headings = headings
        self.current = current
        self.depths = depth(headings)

    def compose(self) -> ComposeResult:
        with Vertical(id="outline-dialog", classes="nav-dialog"):
            yield Static(Content.assemble("Outline of ", Content(self.title_text)),
                         id="outline-title", classes="nav-title")  # fmt: skip
            if self.headings:
                start = self.current if self.current is not None else 0
                yield NavList(len(self.headings), self._row, highlighted=start, id="outline-list")
            else:
                yield Static(NO_HEADINGS, id="outline-empty", markup=False)
            yield Static("enter: go to the heading   esc: close", classes="nav-hint")
        yield ReaderFooter()

    def _row(self, index: int) -> list[Content]:
        heading = self.headings[index]
        current = index == self.current
        mark = Content.styled(CURRENT_MARK, "$accent") if current else Content("  ")
        text = Content(heading.text)
        if current:
            text = text.stylize("bold")
        return [Content.assemble("  " * self.depths[index], mark, text)]

    def on_mount(self) -> None:
        for nav_list in self.query(NavList):
            nav_list.focus()

    @on(NavList.Selected)
    def _jump(self, event: NavList.Selected) -> None:
        event.stop()
        self.dismiss(self.headings[event.index].section)

    def action_close(self) -> None:
        self.dismiss(None)
