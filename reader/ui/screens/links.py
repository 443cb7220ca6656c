"""The links list: the article's links, numbered, with their targets shown as text;
`enter` adds the linked page to the library and opens it, `O` opens it in the browser."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.models import Link
from reader.core.navigation.links import resolve, shown
from reader.ui import bindings

NO_LINKS = "This article has no links."
#: Characters of a link's text shown in the list.
TEXT_SHOWN = 120


@dataclass(frozen=True)
class LinkChoice:
    action: Literal["follow", "browser"]
    number: int
    """The link's index in `Article.links`."""


class LinksScreen(ModalScreen[LinkChoice | None]):
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
        self.links = list(links)
        self.base = base
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical(id="links-dialog", classes="nav-dialog"):
            yield Static(Content.assemble(self.heading, Content(self.title_text)),
                         id="links-title", classes="nav-title")  # fmt: skip
            if self.links:
                option_list = OptionList(*self._options(), id="links-list", classes="nav-list")
                option_list.highlighted = 0  # now: a key typed right after `l` finds it set
                yield option_list
            else:
                yield Static(NO_LINKS, id="links-empty", markup=False)
            yield Static(
                "enter: open in reader   O: open in the browser   esc: close", classes="nav-hint"
            )
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for number, link in self.links:
            target = resolve(link.target, self.base)
            label = Content(shown(self.text[link.start : link.end], TEXT_SHOWN))
            where = Content.styled(shown(target.url), "$text-muted")
            parts = [Content.styled(f"{number + 1:>4}. ", "$text-accent"), label, "\n      ",
                     where]  # fmt: skip
            if not target.followable:
                parts += [
                    "\n      ",
                    Content.styled(f"not followed: {target.why}", "$text-warning"),
                ]
            options.append(Option(Content.assemble(*parts), id=str(number)))
        return options

    def on_mount(self) -> None:
        found = self.query(OptionList)
        if found:
            found.first().focus()

    def _chosen(self, action: Literal["follow", "browser"], index: int | None = None) -> None:
        if index is None:
            found = self.query(OptionList)
            index = found.first().highlighted if found else None
        if index is None:
            self.dismiss(None)
            return
        self.dismiss(LinkChoice(action, self.links[index][0]))

    def action_follow(self) -> None:
        self._chosen("follow")

    def action_browser(self) -> None:
        self._chosen("browser")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._chosen("follow", event.option_index)

    def action_close(self) -> None:
        self.dismiss(None)
