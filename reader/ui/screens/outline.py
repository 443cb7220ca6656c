"""The outline: the article's headings, indented by level, the current section marked;
`enter` goes to one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.navigation.outline import Heading, depth
from reader.ui import bindings

CURRENT_MARK = "▶ "
NO_HEADINGS = "This article has no headings."


class OutlineScreen(ModalScreen[int | None]):
    """Dismissed with the chosen heading's section index (into `Article.sections`)."""

    BINDINGS = bindings.OUTLINE

    def __init__(self, title: str, headings: tuple[Heading, ...], current: int | None) -> None:
        super().__init__()
        self.title_text = title
        self.headings = headings
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="outline-dialog", classes="nav-dialog"):
            yield Static(Content.assemble("Outline of ", Content(self.title_text)),
                         id="outline-title", classes="nav-title")  # fmt: skip
            if self.headings:
                option_list = OptionList(*self._options(), id="outline-list", classes="nav-list")
                # Set now, not once mounted: a key typed right after `o` must find it set.
                option_list.highlighted = self.current if self.current is not None else 0
                yield option_list
            else:
                yield Static(NO_HEADINGS, id="outline-empty", markup=False)
            yield Static("enter: go to the heading   esc: close", classes="nav-hint")
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for index, (heading, level) in enumerate(zip(self.headings, depth(self.headings),
                                                     strict=True)):  # fmt: skip
            current = index == self.current
            mark = Content.styled(CURRENT_MARK, "$accent") if current else Content("  ")
            text = Content(heading.text)
            if current:
                text = text.stylize("bold")
            options.append(Option(Content.assemble("  " * level, mark, text), id=str(index)))
        return options

    def on_mount(self) -> None:
        found = self.query(OptionList)
        if found:
            found.first().focus()

    def action_jump(self) -> None:
        found = self.query(OptionList)
        if not found or found.first().highlighted is None:
            self.dismiss(None)
            return
        self.dismiss(self.headings[found.first().highlighted].section)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter (the list's own binding) or a click
        self.dismiss(self.headings[event.option_index].section)

    def action_close(self) -> None:
        self.dismiss(None)
