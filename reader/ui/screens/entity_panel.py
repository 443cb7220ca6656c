"""The entity panel: the article's entities grouped by label, with mention counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.library.articles import LoadedArticle
from reader.core.models import ENTITY_LABELS
from reader.ui import bindings
from reader.ui.screens.overlay import Overlay
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.legend import LABEL_NAMES


@dataclass(frozen=True)
class EntityChoice:
    """What the user chose in the panel: jump to an entity's first mention, or filter by it."""

    action: Literal["jump", "filter"]
    name: str
    entity_index: int


class EntityPanel(Overlay[EntityChoice | None]):
    BINDINGS = bindings.ENTITY_PANEL

    def __init__(self, loaded: LoadedArticle) -> None:
        super().__init__()
        self.loaded = loaded
        self.first_mention: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        groups: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for index, entity in enumerate(self.loaded.entities):
            name = self.loaded.entity_text(entity)
            groups[entity.label].setdefault(name, []).append(index)
        options: list[Option | None] = []
        for label in ENTITY_LABELS:
            names = groups.get(label)
            if not names:
                continue
            heading = Content.styled(f"{LABEL_NAMES[label].capitalize()} ({len(names)})", "bold")
            options.append(Option(heading, disabled=True))
            for name, indices in sorted(names.items(), key=lambda item: (-len(item[1]), item[0])):
                option_id = f"{label}:{name}"
                self.first_mention[option_id] = indices[0]
                prompt = Content.assemble(
                    "  ", Content(name), Content.styled(f"  ×{len(indices)}", "$text-muted")
                )
                options.append(Option(prompt, id=option_id))
        with Vertical(id="entity-dialog"):
            yield Static(Content(f"Entities in {self.loaded.title}"), id="entity-title")
            if options:
                yield OptionList(*options, id="entity-list")
            else:
                yield Static("This article has no entities.", id="entity-empty")
            yield Static(
                "enter: go to first mention   f: filter the article list   esc: close",
                id="entity-hint",
            )
        yield ReaderFooter()

    def on_mount(self) -> None:
        option_list = self.query(OptionList)
        if option_list:
            entity_list = option_list.first()
            entity_list.focus()
            entity_list.action_first()

    def _choice(self, action: Literal["jump", "filter"]) -> EntityChoice | None:
        entity_list = self.query(OptionList)
        if not entity_list:
            return None
        option_list = entity_list.first()
        if option_list.highlighted is None:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        if option.id is None:
            return None
        name = option.id.split(":", 1)[1]
        return EntityChoice(action, name, self.first_mention[option.id])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._choice("jump"))

    def action_filter(self) -> None:
        choice = self._choice("filter")
        if choice:
            self.dismiss(choice)

    def action_dismiss_panel(self) -> None:
        self.dismiss(None)
