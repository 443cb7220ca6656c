"""The help screen: every key binding, as currently bound (keymap included), with its id (the
name `[keymap]` in the settings rebinds it by)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.ui import bindings
from reader.ui.bindings import described, keys_for
from reader.ui.screens.overlay import Overlay


class HelpScreen(Overlay[None]):
    BINDINGS = bindings.HELP

    def __init__(
        self, sections: list[tuple[str, list[Binding]]], keymap: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Content.styled("reader: keys", "bold"), id="help-title")
            for title, bindings in self.sections:
                lines: list[Content | str] = [Content.styled(title, "bold $text-accent"), "\n"]
                for binding in bindings:
                    keys = ", ".join(
                        self.app.get_key_display(Binding(key.strip(), ""))
                        for key in keys_for(binding, self.keymap).split(",")
                    )
                    lines.extend(
                        [
                            Content.styled(f"  {keys:<22}", "$text-primary"),
                            Content(f"{described(binding):<42}"),
                            Content.styled(f"  {binding.id}" if binding.id else "", "$text-muted"),
                            "\n",
                        ]
                    )
                yield Static(Content.assemble(*lines))
            yield Static(
                Content.styled(
                    "ctrl+p opens the command palette. Rebind a key by its id in the settings: "
                    '[keymap] "main.outline" = "T".',
                    "$text-muted",
                )
            )

    def action_close(self) -> None:
        self.dismiss(None)
