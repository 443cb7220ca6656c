"""Every key binding of reader, as data: the screens and widgets take theirs from here.

One module, imported by the app and every screen and importing none of them, so the help
screen and the keymap check can list every binding without importing the screens (and no
module imports the app to read its bindings). Every binding carries an id: the user's keymap
(`[keymap]` in the settings) rebinds it by that id, and help shows it as currently bound.
Add a binding here, with an id "<section>.<action>"; tests/ui/test_bindings.py checks that
every screen's and widget's bindings are listed in `SECTIONS` and have known ids.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding

APP: list[Binding] = [
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("s", "settings", "Settings", show=False, id="app.settings"),
    Binding("a", "add", "Add articles", show=False, id="app.add"),
    # The app's own palette binding (Textual adds one without an id otherwise), so the
    # keymap can rebind it; a screen that binds ctrl+p itself gets the key (see ReaderApp).
    Binding(
        "ctrl+p",
        "command_palette",
        "palette",
        show=False,
        priority=True,
        tooltip="Command palette: every action",
        id="app.command_palette",
    ),
]

READING: list[Binding] = [
    Binding("j,down", "cursor_down", "Next passage", show=False, id="article.cursor_down"),
    Binding("k,up", "cursor_up", "Previous passage", show=False, id="article.cursor_up"),
    Binding("space,pagedown", "page_down", "Page down", show=False, id="article.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="article.page_up"),
    Binding("g,home", "first", "Top", show=False, id="article.top"),
    Binding("G,end", "last", "Bottom", show=False, id="article.bottom"),
    Binding(
        "right_square_bracket",
        "next_entity",
        "Next entity",
        show=False,
        id="article.next_entity",
    ),
    Binding(
        "left_square_bracket",
        "previous_entity",
        "Previous entity",
        show=False,
        id="article.previous_entity",
    ),
    Binding("y", "copy_passage", "Copy", show=False, id="article.copy"),
    Binding("ctrl+down", "next_heading", "Next heading", show=False, id="article.next_heading"),
    Binding(
        "ctrl+up", "previous_heading", "Previous heading", show=False, id="article.previous_heading"
    ),
    # Selecting and highlighting (j/k extend a selection by a passage; the rest only act
    # while there is one, so b is "bookmark" otherwise and esc closes what is open).
    Binding("m", "select", "Select", show=False, tooltip="Start a selection", id="article.select"),
    Binding("w", "select_word(1)", "Select a word more", show=False, id="article.select_word"),
    Binding("b", "select_word(-1)", "Select a word less", show=False, id="article.unselect_word"),
    Binding(
        "right_parenthesis",
        "select_sentence(1)",
        "Select a sentence more",
        show=False,
        id="article.select_sentence",
    ),
    Binding(
        "left_parenthesis",
        "select_sentence(-1)",
        "Select a sentence less",
        show=False,
        id="article.unselect_sentence",
    ),
    Binding(
        "escape",
        "cancel_selection",
        "Cancel the selection",
        show=False,
        id="article.cancel_selection",
    ),
    Binding(
        "h",
        "highlight(0)",
        "Highlight",
        show=False,
        tooltip="Highlight the selection",
        id="article.highlight",
    ),
    *(
        Binding(
            str(n),
            f"highlight({n - 1})",
            f"Highlight in colour {n}",
            show=False,
            id=f"article.highlight_{n}",
        )
        for n in range(1, 5)
    ),
]

ARTICLES: list[Binding] = [
    Binding("n", "next_article", "Next article", id="main.next_article"),
    Binding("p", "previous_article", "Prev article", id="main.previous_article"),
    Binding("e", "toggle_entities", "Entity colours on/off", show=False, id="main.toggle_entities"),
    Binding("E", "entity_panel", "Entities", id="main.entity_panel"),
    Binding("x", "clear_filter", "Clear filter", id="main.clear_filter"),
    Binding("slash", "search", "Search", id="main.search"),
    Binding("full_stop", "next_match", "Next match", id="main.next_match"),
    Binding("comma", "previous_match", "Prev match", id="main.previous_match"),
    Binding("b", "bookmark", "Bookmark", id="main.bookmark"),
    Binding("B", "bookmark_with_note", "Bookmark + note", show=False, id="main.bookmark_note"),
    Binding("u", "undo_remove", "Undo removal", show=False, id="main.undo_remove"),
    Binding("apostrophe", "bookmarks", "Bookmarks", id="main.bookmarks"),
    Binding("delete", "forget_article", "Forget article", show=False, id="main.forget"),
    Binding("o", "outline", "Outline", id="main.outline"),
    Binding("l", "links", "Links", id="main.links"),
    Binding(
        "enter",
        "follow_link",
        "Follow link",
        show=False,
        tooltip="Follow the passage's link into reader",
        id="main.follow_link",
    ),
    Binding(
        "O",
        "open_in_browser",
        "Open in browser",
        show=False,
        tooltip="Open the passage's link in the browser",
        id="main.open_in_browser",
    ),
    Binding(
        "v",
        "toggle_original",
        "Original",
        tooltip="Original view: the text as read",
        id="main.original",
    ),
    Binding(
        "t", "tag", "Tag", show=False, tooltip="Tag the article (or the selection)", id="main.tag"
    ),
    Binding("backspace,alt+left", "back", "Back", show=False, id="main.back"),
    Binding("shift+backspace,alt+right", "forward", "Forward", show=False, id="main.forward"),
]

ARTICLE_LIST: list[Binding] = [
    Binding("up,k", "cursor_up", "Previous", show=False, id="sidebar.up"),
    Binding("down,j", "cursor_down", "Next", show=False, id="sidebar.down"),
    Binding("pageup", "page_up", "Page up", show=False, id="sidebar.page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="sidebar.page_down"),
    Binding("home", "first", "First", show=False, id="sidebar.first"),
    Binding("end", "last", "Last", show=False, id="sidebar.last"),
    Binding("enter", "open", "Open", show=False, id="sidebar.open"),
]

SEARCH: list[Binding] = [
    Binding("escape", "close", "Close", id="search.close"),
    Binding("down,ctrl+n", "move(1)", "Next result", priority=True, id="search.next"),
    Binding("up,ctrl+p", "move(-1)", "Previous result", priority=True, id="search.previous"),
    Binding("pagedown", "move(10)", "Page down", show=False, id="search.page_down"),
    Binding("pageup", "move(-10)", "Page up", show=False, id="search.page_up"),
    Binding("ctrl+t", "toggle_scope", "All / this article", id="search.scope"),
]

BOOKMARKS: list[Binding] = [
    Binding("escape", "close", "Close", id="bookmarks.close"),
    Binding("down", "move(1)", "Next", priority=True, show=False, id="bookmarks.next"),
    Binding("up", "move(-1)", "Previous", priority=True, show=False, id="bookmarks.previous"),
    Binding("slash", "filter", "Filter", id="bookmarks.filter"),
    Binding("d,delete", "delete", "Delete", id="bookmarks.delete"),
    Binding("e", "edit", "Edit note", id="bookmarks.edit"),
    Binding("u", "undo", "Undo delete", id="bookmarks.undo"),
    Binding("t", "tag", "Tags", tooltip="Tags of the bookmark or highlight", id="bookmarks.tag"),
    Binding(
        "c",
        "colour",
        "Colour",
        show=False,
        tooltip="Next colour for the highlight (1-4 in the article)",
        id="bookmarks.colour",
    ),
    Binding(
        "r",
        "reattach",
        "Re-attach",
        tooltip="Re-attach: select its new place",
        id="bookmarks.reattach",
    ),
]

ENTITY_PANEL: list[Binding] = [
    Binding("escape", "dismiss_panel", "Close", id="entities.close"),
    Binding("f", "filter", "Filter articles by it", id="entities.filter"),
]

OUTLINE: list[Binding] = [
    Binding("escape,o", "close", "Close", id="outline.close"),
]

# The outline's and the links list's rows (a Line-API list: reader/ui/widgets/nav_list.py).
# Not priority bindings: keys must reach the list in the order they were typed.
NAV_LIST: list[Binding] = [
    Binding("up,k", "cursor_up", "Previous", show=False, id="navlist.up"),
    Binding("down,j", "cursor_down", "Next", show=False, id="navlist.down"),
    Binding("pageup", "page_up", "Page up", show=False, id="navlist.page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="navlist.page_down"),
    Binding("home", "first", "First", show=False, id="navlist.first"),
    Binding("end", "last", "Last", show=False, id="navlist.last"),
    Binding(
        "enter",
        "select",
        "Go there",
        tooltip="Go to the heading; open the link in reader",
        id="navlist.select",
    ),
]

LINKS: list[Binding] = [
    Binding("escape,l", "close", "Close", id="links.close"),
    Binding("O", "browser", "Open in browser", id="links.browser"),
]

SETTINGS: list[Binding] = [
    Binding("escape", "close", "Close", id="settings.close"),
    Binding("ctrl+s", "save", "Save", priority=True, id="settings.save"),
]

PROMPT: list[Binding] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

CONFIRM: list[Binding] = [
    Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
    Binding("n,escape", "answer(False)", "No", id="confirm.no"),
]

HELP: list[Binding] = [
    Binding("escape,q,question_mark", "close", "Close", id="help.close"),
]

SWITCH_PANE = Binding("tab", "focus_next", "Switch pane")

SECTIONS: list[tuple[str, list[Binding]]] = [
    ("Everywhere", [*APP, SWITCH_PANE]),
    ("Reading", READING),
    ("Articles", ARTICLES),
    ("Article list (when it has focus)", ARTICLE_LIST),
    ("Search", SEARCH),
    ("Bookmarks list", BOOKMARKS),
    ("Entity panel", ENTITY_PANEL),
    ("Outline", OUTLINE),
    ("Links list", LINKS),
    ("Outline and links list rows", NAV_LIST),
    ("Settings", SETTINGS),
    ("Prompts (a note, a source to add)", PROMPT),
    ("Questions", CONFIRM),
    ("Help", HELP),
]
"""(section title, bindings) for every screen and widget with keys, in help order."""


def known_binding_ids() -> set[str]:
    return {b.id for _title, bindings in SECTIONS for b in bindings if b.id}


def described(binding: Binding) -> str:
    """What help says a binding does: its tooltip (the long form) or its footer label."""
    return binding.tooltip or binding.description or binding.action


def keys_for(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys a binding answers to now: the user's keymap, else its default."""
    return keymap.get(binding.id, binding.key) if binding.id else binding.key
