"""One line under the article: each entity label in its own style, with its count."""

from __future__ import annotations

from collections import Counter

from rich.style import Style as RichStyle
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from reader.core.models import ENTITY_LABELS

LABEL_NAMES = {
    "PERSON": "people",
    "ORG": "organisations",
    "PLACE": "places",
    "DATE": "dates",
    "NUMBER": "numbers",
    "MISC": "other",
}


class EntityLegend(Widget):
    """Shows what each highlight colour means, and how many of each the article has."""

    COMPONENT_CLASSES = {f"entity--{label.lower()}" for label in ENTITY_LABELS}

    DEFAULT_CSS = """
    EntityLegend { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: Counter[str] = Counter()
        self.enabled = True
        self.labels: set[str] = set(ENTITY_LABELS)
        self.style_overrides: dict[str, RichStyle] = {}

    def update_counts(
        self,
        counts: Counter[str],
        enabled: bool,
        labels: set[str] | None = None,
        style_overrides: dict[str, RichStyle] | None = None,
    ) -> None:
        self.counts = counts
        self.enabled = enabled
        if labels is not None:
            self.labels = labels
        if style_overrides is not None:
            self.style_overrides = style_overrides
        self.refresh()

    def render(self) -> Content:
        if not self.enabled:
            return Content.styled("entities hidden (e shows them)", "$text-muted")
        parts: list[Content | str] = []
        for label in ENTITY_LABELS:
            if label not in self.labels:
                continue
            rich_style = self.style_overrides.get(label) or self.get_component_rich_style(
                f"entity--{label.lower()}"
            )
            style = Style.from_rich_style(rich_style)
            parts.append(Content.styled(f" {LABEL_NAMES[label]} ", style))
            parts.append(Content.styled(f" {self.counts.get(label, 0)}  ", "$text-muted"))
        return Content.assemble(*parts)
