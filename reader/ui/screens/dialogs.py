"""Small modal dialogs: a one-line text prompt (notes, tags, a source) and a yes/no question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Static

from reader.ui import bindings
from reader.ui.screens.overlay import Overlay
from reader.ui.widgets.safe_input import SafeInput


class TextPrompt(Overlay[str | None]):
    """Asks for one line of text; Enter returns it, Esc returns None (nothing changes)."""

    BINDINGS = bindings.PROMPT

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        *,
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"))
            yield SafeInput(
                self.value,
                placeholder=self.placeholder,
                suggester=self.suggester,
                id="prompt-input",
            )
            yield Static(Content.styled("enter: save   esc: cancel", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(Overlay[bool]):
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


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from the tags in use: shown
    dimmed after the cursor, taken with the right arrow."""

    def __init__(self, known: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = known

    async def get_suggestion(self, value: str) -> str | None:
        from reader.core.storage.tags import completions

        last = value.rsplit(",", 1)[-1].lstrip()
        found = [
            t for t in completions(value, self.known) if t.casefold().startswith(last.casefold())
        ]
        if not last or not found:
            return None
        return value[: len(value) - len(last)] + found[0]
