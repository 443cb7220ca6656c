"""The article list: an OptionList (fast for thousands of rows), one two-line row per article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.library import LoadedArticle

UNREAD_MARK = "●"


class Sidebar(OptionList):
    """Lists articles: title, then source · date · reading time; ● marks unread ones."""

    @dataclass
    class Open(Message):
        """The user chose an article to read."""

        sidebar: Sidebar
        key: str

        @property
        def control(self) -> Sidebar:
            return self.sidebar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[str] = []
        self.show_reading_time = True

    def set_articles(
        self, articles: Sequence[LoadedArticle], read: set[str], current: str | None
    ) -> None:
        """Show these articles (in this order), keeping `current` highlighted."""
        self.keys = [loaded.key for loaded in articles]
        self.set_options(self._option(loaded, loaded.key in read) for loaded in articles)
        if current in self.keys:
            self.highlighted = self.keys.index(current)
        elif self.keys:
            self.highlighted = 0

    def mark_read(self, loaded: LoadedArticle) -> None:
        if loaded.key in self.keys:
            self.replace_option_prompt(loaded.key, self._prompt(loaded, read=True))

    def _option(self, loaded: LoadedArticle, read: bool) -> Option:
        return Option(self._prompt(loaded, read), id=loaded.key)

    def _prompt(self, loaded: LoadedArticle, read: bool) -> Content:
        details = [loaded.source or loaded.document.name]
        if loaded.date:
            details.append(loaded.date)
        if self.show_reading_time and loaded.reading_minutes:
            details.append(f"{loaded.reading_minutes} min")
        mark = Content.styled(" " if read else UNREAD_MARK, "$accent")
        title = Content(loaded.title) if read else Content.styled(loaded.title, "bold")
        second = Content.styled("  " + " · ".join(details), "$text-muted")
        if loaded.missing:
            second += Content.styled("  ⚠ file missing", "$text-warning")
        return Content.assemble(mark, " ", title, "\n", second)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Open(self, event.option.id))
