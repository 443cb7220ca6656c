"""Every key binding of the app in one place: for the help screen and keymap validation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding


def _only_bindings(bindings: Iterable[object]) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding)]


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """(section title, bindings) for every screen and widget with keys, in help order."""
    from reader.ui.app import ReaderApp
    from reader.ui.screens.bookmarks import BookmarksScreen
    from reader.ui.screens.main import MainScreen
    from reader.ui.screens.search import SearchScreen
    from reader.ui.screens.settings import SettingsScreen
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.sidebar import Sidebar

    return [
        (
            "Everywhere",
            [
                *_only_bindings(ReaderApp.BINDINGS),
                Binding("tab", "focus_next", "Switch pane"),
                Binding("ctrl+p", "command_palette", "Command palette"),
            ],
        ),
        ("Reading", _only_bindings(ArticleView.BINDINGS)),
        ("Articles", _only_bindings(MainScreen.BINDINGS)),
        ("Article list (when it has focus)", _only_bindings(Sidebar.BINDINGS)),
        ("Search", _only_bindings(SearchScreen.BINDINGS)),
        ("Bookmarks list", _only_bindings(BookmarksScreen.BINDINGS)),
        ("Settings", _only_bindings(SettingsScreen.BINDINGS)),
    ]


def known_binding_ids() -> set[str]:
    return {b.id for _title, bindings in binding_sections() for b in bindings if b.id}


def keys_for(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys a binding answers to now: the user's keymap, else its default."""
    return keymap.get(binding.id, binding.key) if binding.id else binding.key
