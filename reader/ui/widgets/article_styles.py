"""The article view's styles, held by a widget of their own outside the panes.

Textual works out every component class of a widget each time it restyles the widget, and
it restyles a widget whenever focus enters or leaves it or its pane (`:focus`,
`:focus-within`). The article view draws with 26 component classes (parts of an article,
entity kinds, highlight colours, matches, the selection): held by the view, they were worked
out five times before the first frame and again on every focus change between the article
list and the article, about 2.5% of the work of reader's first frame (instructions counted
with callgrind). Held here, by a hidden widget beside the panes, they are worked out when the
screen is styled and when the theme changes, and the view reads them from here.

Their rules are in `reader.tcss` as `ArticleStyles > .article--title` and so on: theme
variables, so every theme stays readable.
"""

from __future__ import annotations

from textual.widget import Widget

from reader.core.models import ENTITY_LABELS
from reader.ui.widgets.marking import HIGHLIGHT_STYLES


class ArticleStyles(Widget):
    """Never shown: holds the component classes the article view draws with."""

    COMPONENT_CLASSES = {
        "article--title",
        "article--standfirst",
        "article--dateline",
        "article--byline",
        "article--heading",
        "article--paragraph",
        "article--cursor",
        "article--gutter",
        "article--bookmark",
        "article--match",
        "article--selected-entity",
        "article--empty",
        "article--link",
        "article--removed",
        "article--reason",
        "article--selection",
        *(f"article--highlight-{n}" for n in range(1, HIGHLIGHT_STYLES + 1)),
        *(f"entity--{label.lower()}" for label in ENTITY_LABELS),
    }

    DEFAULT_CSS = """
    ArticleStyles { display: none; }
    """
