"""Small modal dialogs: a one-line text prompt (bookmark notes) and a yes/no question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.ui import bindings
from reader.ui.widgets.safe_input import SafeInput


class TextPrompt(ModalScreen[str | None]):
    """Asks for one line of text; Enter returns it, Esc returns None (nothing changes)."""

    BINDINGS = bindings.PROMPT

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"))
            yield SafeInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(Content.styled("enter: save   esc: cancel", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question: y or Enter says yes; n or Esc says no."""

    BINDINGS = bindings.CONFIRM

    def __init__(self, question: Content | str) -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(question)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            yield Static(Content.styled("y: yes   n: no", "$text-muted"))

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
