"""The settings screen: every setting with its value; the common ones editable, live.

Changes apply at once (theme, text width, highlighted kinds) and are written to the config
file only on an explicit save (ctrl+s), atomically, by the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select, SelectionList, Static, Switch

from reader.core.models import ENTITY_LABELS
from reader.core.settings import SETTINGS_DOC, Settings, get_setting, settings_to_dict
from reader.ui import bindings
from reader.ui.screens.overlay import Overlay
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.legend import LABEL_NAMES


class SettingsScreen(Overlay[None]):
    BINDINGS = bindings.SETTINGS

    @dataclass
    class Changed(Message):
        """The user changed a setting (dotted key) to a value; the app applies it."""

        key: str
        value: object

    class Save(Message):
        """The user asked to write the settings to the config file."""

    def __init__(self, settings: Settings, themes: list[str], config_path: str) -> None:
        super().__init__()
        self.settings = settings
        self.themes = themes
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        settings = self.settings
        with VerticalScroll(id="settings-dialog"):
            yield Static(Content.styled("Settings", "bold"), id="settings-title")
            yield Static(
                Content.assemble(
                    Content.styled("file: ", "$text-muted"), Content(self.config_path)
                ),
                id="settings-path",
            )
            with Horizontal(classes="setting-row"):
                yield Label("Theme")
                yield Select(
                    [(name, name) for name in self.themes],
                    value=settings.theme if settings.theme in self.themes else Select.NULL,
                    allow_blank=False,
                    id="setting-theme",
                )
            with Horizontal(classes="setting-row"):
                yield Label("Text width")
                yield Input(str(settings.text_width), type="integer", id="setting-text-width")
            with Horizontal(classes="setting-row"):
                yield Label("Mouse (next start)")
                yield Switch(settings.mouse, id="setting-mouse")
            yield Label("Highlighted entities")
            yield SelectionList[str](
                *[
                    (LABEL_NAMES[label], label, label in settings.entities.enabled)
                    for label in ENTITY_LABELS
                ],
                id="setting-labels",
            )
            yield Static(id="settings-all")
            yield Static(id="settings-status")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.show_settings(self.settings)

    def show_settings(self, settings: Settings, status: str = "") -> None:
        """Refresh the list of every setting (called by the app after each change)."""
        self.settings = settings
        lines: list[Content | str] = [Content.styled("All settings", "bold"), "\n"]
        flat = _flatten(settings_to_dict(settings))
        for key, description in SETTINGS_DOC.items():
            value = flat.get(key, get_setting(settings, key))
            lines += [
                Content.styled(f"{key} = ", "$text-primary"),
                Content(_show(value)),
                "\n",
                Content.styled(f"    {description}", "$text-muted"),
                "\n",
            ]
        self.query_one("#settings-all", Static).update(Content.assemble(*lines))
        self.query_one("#settings-status", Static).update(Content(status))

    @on(Select.Changed, "#setting-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.settings.theme:
            self.post_message(self.Changed("theme", event.value))

    @on(Input.Submitted, "#setting-text-width")
    @on(Input.Blurred, "#setting-text-width")
    def _width(self, event: Input.Submitted | Input.Blurred) -> None:
        try:
            width = int(event.value)
        except ValueError:
            return
        if width != self.settings.text_width:
            self.post_message(self.Changed("text_width", width))

    @on(Switch.Changed, "#setting-mouse")
    def _mouse(self, event: Switch.Changed) -> None:
        if event.value != self.settings.mouse:
            self.post_message(self.Changed("mouse", event.value))

    @on(SelectionList.SelectedChanged, "#setting-labels")
    def _labels(self, event: SelectionList.SelectedChanged) -> None:
        chosen = [label for label in ENTITY_LABELS if label in event.selection_list.selected]
        if tuple(chosen) != tuple(self.settings.entities.enabled):
            self.post_message(self.Changed("entities.enabled", chosen))

    def action_save(self) -> None:
        self.post_message(self.Save())

    def action_close(self) -> None:
        self.dismiss(None)


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and dotted not in SETTINGS_DOC:
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    return str(value)
