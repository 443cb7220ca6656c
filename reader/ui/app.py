"""ReaderApp: wires the session, screens, settings and theme; runs the workers; routes messages.

The session (`reader.core.session`) owns the articles, the search index, the cache and the
store; the app only drives it from workers and shows what they post: loading (`Loaded`, then
`IndexReady`) and adding (`Added`). It never keeps a list of its own.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from textual import work
from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from reader.core.library.articles import SORT_KEYS
from reader.core.paths import Paths
from reader.core.session import AddReport, LoadPlan, LoadStep, Session
from reader.core.settings import DEFAULTS, Settings
from reader.ui import bindings
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.marking import HIGHLIGHT_STYLES

# What the first frame does not need is imported where it is used: the time to first paint
# is a feature (benchmarks/tui.py), and every module on this list costs milliseconds.
if TYPE_CHECKING:
    from reader.ui.screens.settings import SettingsScreen

MAX_NOTICES = 20
"""Problems shown one by one after a load step; the rest are counted in one notice."""


class ReaderApp(App[None]):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = bindings.APP

    @dataclass
    class Loaded(Message):
        """A step of the first load: articles are in the session, problems to tell."""

        step: LoadStep

    class IndexReady(Message):
        """The search index is built: search can answer."""

    @dataclass
    class Added(Message):
        """An add finished (`a`): what it did, or why the library could not be written."""

        report: AddReport | None
        error: str = ""

    def __init__(
        self,
        session: Session,
        *,
        settings: Settings = DEFAULTS,
        config_path: Path | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.session = session
        self.paths = session.paths
        self.config_path = config_path or session.paths.config_file
        self.startup_warnings = list(warnings)
        self.exit_message: str | None = None
        """Printed by the CLI after the TUI closes (bookmarks that had to go to a file)."""
        self._painted = threading.Event()
        """Set once the first articles are on screen: the index build waits for it."""
        self._after_first_paint: list[Callable[[], None]] = [self._painted.set]
        self.settings = self._checked(settings)

    def _checked(self, settings: Settings) -> Settings:
        """Apply what only the UI can check (theme names, styles, binding ids); warn about it."""
        if settings.theme not in self.available_themes:
            self.startup_warnings.append(
                f"theme = {settings.theme!r} is not a known theme; using {DEFAULTS.theme!r} "
                f"(choose one with ctrl+p → Change theme)"
            )
            settings = replace(settings, theme=DEFAULTS.theme)
        self.theme = settings.theme
        self.style_overrides = self._parse_styles(settings.entities.styles)
        for name, text in settings.highlights.styles.items():
            try:
                RichStyle.parse(text)
            except Exception:
                self.startup_warnings.append(
                    f'highlights.styles.{name} = {text!r} is not a style (try "on #5f5f00"); '
                    "using the theme's"
                )
        self.keymap: dict[str, str] = {}
        if settings.keymap:  # checked against every screen's bindings, so only when there is one
            from reader.core.settings import validate_keymap

            known = bindings.known_binding_ids()
            self.startup_warnings.extend(validate_keymap(settings.keymap, known))
            self.keymap = {k: v for k, v in settings.keymap.items() if k in known}
            self.set_keymap(self.keymap)
        return settings

    def _parse_styles(self, styles: dict[str, str]) -> dict[str, RichStyle]:
        parsed: dict[str, RichStyle] = {}
        for label, text in styles.items():
            try:
                parsed[label] = RichStyle.parse(text)
            except Exception:
                self.startup_warnings.append(
                    f'entities.styles.{label} = {text!r} is not a style (try "bold #ff8800"); '
                    "using the theme's"
                )
        return parsed

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.session, self.settings, self.style_overrides, self.start_loading)

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        for warning in self.startup_warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _store_error(self, message: str) -> None:
        """The store's failures, from any thread."""
        if threading.get_ident() == self._thread_id:
            self._notify_store_error(message)
        else:
            self.call_from_thread(self._notify_store_error, message)

    def _notify_store_error(self, message: str) -> None:
        self.notify(message, title="Reader database", severity="error", timeout=20, markup=False)

    def on_unmount(self) -> None:
        self.exit_message = self.session.close()

    def _theme_changed(self, theme: Theme) -> None:
        """A theme chosen anywhere (palette or settings) is what a save writes."""
        from reader.ui.screens.settings import SettingsScreen

        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            if isinstance(self.screen, SettingsScreen):
                self.screen.show_settings(self.settings, "Theme changed (not saved yet).")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_palette":
            # A screen that binds the palette's key itself (search: ctrl+p is "previous
            # result") gets it: a disabled app binding lets the key reach the screen.
            return not _binds(self.screen, self.keymap.get("app.command_palette", "ctrl+p"))
        return True

    # ----------------------------------------------------------------- loading
    def start_loading(self) -> None:
        """Open the store, show what the cache has, and start the load worker on the rest:
        called by the main screen once it is mounted, so cached articles are in the first
        frame. Only the first screenful of sources is checked before that frame."""
        for notice in self.session.open(self._store_error, defer_creation=True):
            self.notify(notice, title="Reader database", severity="warning", timeout=20,
                        markup=False)  # fmt: skip
        plan, gone = self.session.start()
        self._tell_missing(gone)
        keeping = self.session.keeping
        read = keeping.read_keys() if keeping is not None else set()
        if len(self.session):
            self.main_screen.set_articles(self.session.articles, read)
        self.call_after_refresh(self._first_paint_done)
        self.load_articles(plan)

    def call_after_first_paint(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the first frame, with the first articles, is on screen."""
        if self._painted.is_set():
            callback()
        else:
            self._after_first_paint.append(callback)

    def _first_paint_done(self) -> None:
        for callback in self._after_first_paint:
            callback()
        self._after_first_paint.clear()

    # An explicit description: the default is the repr of the arguments (10,000 articles).
    @work(thread=True, exclusive=True, group="load", description="loading articles")
    def load_articles(self, plan: LoadPlan) -> None:
        """In a thread: drive the session's load, posting each step; then build the index."""
        worker = get_current_worker()
        for step in self.session.load(plan, cancelled=lambda: worker.is_cancelled):
            if worker.is_cancelled:
                return
            self.post_message(self.Loaded(step))
        self._painted.wait(timeout=5)  # the index never delays the first paint
        index = self.session.build_index(lambda: worker.is_cancelled, self._yield_to_reading)
        if index is None or worker.is_cancelled:
            return
        # The index and the library are a million long-lived objects: left to the cyclic
        # collector, each full collection walks them all and stalls the UI for 130-150 ms
        # (three times in 50 article opens at 10,000 articles, benchmarks/library.py).
        # Frozen, collections skip them; reference counting still frees what is dropped.
        gc.freeze()
        self.post_message(self.IndexReady())

    def _yield_to_reading(self) -> None:
        """Between articles of the index build: wait while an article is being opened, so
        that the layout of a big one does not share the CPU with the index."""
        while time.monotonic() < self.main_screen.busy_until:
            time.sleep(0.02)

    def on_reader_app_loaded(self, message: Loaded) -> None:
        step = message.step
        for notice in step.notices:  # the database was created just now, by the load
            self.notify(notice, title="Reader database", severity="warning", timeout=20,
                        markup=False)  # fmt: skip
        current = self.main_screen.current
        if step.created and current is not None and self.session.keeping is not None:
            self.session.keeping.opened(current.key)  # opened before there was a database
        self._tell_missing(step.missing)
        self._tell_problems(step.problems)
        if step.added or step.done:  # "nothing loaded" only once everything has been tried
            self.main_screen.set_articles(self.session.articles, step.read)

    def on_reader_app_index_ready(self) -> None:
        from reader.ui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.index_ready()

    def _tell_missing(self, gone: int) -> None:
        if gone:
            self.notify(
                f"{gone} article file(s) of your library are missing (moved or deleted); "
                "their bookmarks are kept.",
                severity="warning",
                markup=False,
            )

    def _tell_problems(self, problems: Sequence[object]) -> None:
        for problem in problems[:MAX_NOTICES]:
            self.notify(problem.message, severity="warning", timeout=8, markup=False)  # type: ignore[attr-defined]
        if len(problems) > MAX_NOTICES:
            self.notify(
                f"… and {len(problems) - MAX_NOTICES} more files could not be loaded.",
                severity="warning",
                markup=False,
            )

    # ----------------------------------------------------------------- adding
    def action_add(self) -> None:
        """Ask for a file, folder, page URL or feed, and add what it holds."""
        from reader.ui.screens.dialogs import TextPrompt

        def added(text: str | None) -> None:
            if text and text.strip():
                self.notify(f"Adding {text.strip()} …", markup=False)
                self.add_sources([text.strip()])

        self.push_screen(
            TextPrompt("Add articles", "", "a file, a folder, a page URL or a feed URL"), added
        )

    @work(thread=True, group="add", description="adding articles")
    def add_sources(self, sources: list[str]) -> None:
        """Add to the session and the library (what `reader add` does), in a thread."""
        from reader.core.storage.store import StoreError

        worker = get_current_worker()
        try:
            report = self.session.add(sources, cancelled=lambda: worker.is_cancelled)
        except StoreError as error:
            self.post_message(self.Added(None, str(error)))
            return
        self.post_message(self.Added(report))

    def on_reader_app_added(self, message: Added) -> None:
        report = message.report
        if report is None:
            self.notify(message.error, title="Reader database", severity="error", markup=False)
            return
        self._tell_problems([*report.problems, *report.warnings])
        if not report.added:
            if not report.problems:
                self.notify("Nothing new to add: those articles are already here.")
            return
        self.main_screen.set_articles(self.session.articles)
        self.main_screen.open_article(report.added[0].key)
        count = len(report.added)
        self.notify(f"Added {count} article{'s' * (count != 1)}.")

    # ----------------------------------------------------------------- settings
    def action_settings(self) -> None:
        from reader.ui.screens.settings import SettingsScreen

        self.push_screen(
            SettingsScreen(self.settings, sorted(self.available_themes), str(self.config_path))
        )

    def on_settings_screen_changed(self, event: SettingsScreen.Changed) -> None:
        from reader.core.settings import replace_setting
        from reader.ui.screens.settings import SettingsScreen

        try:
            settings = replace_setting(self.settings, event.key, event.value)
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.settings = settings
        if event.key == "theme":
            self.theme = settings.theme
        self.main_screen.apply_settings(settings, self.style_overrides)
        status = f"{event.key} changed (not saved yet; ctrl+s saves)."
        if event.key == "mouse":
            status = "mouse changed: in force from the next start, once saved (ctrl+s)."
        if isinstance(self.screen, SettingsScreen):
            self.screen.show_settings(settings, status)

    def on_settings_screen_save(self) -> None:
        from reader.core.settings import save_settings
        from reader.ui.screens.settings import SettingsScreen

        try:
            save_settings(self.settings, self.config_path)
        except OSError as error:
            message = (
                f"Could not save the settings to {self.config_path}: {error.strerror or error}"
            )
            self.notify(message, severity="error", markup=False)
            return
        self.notify(f"Settings saved to {self.config_path}.", markup=False)
        if isinstance(self.screen, SettingsScreen):
            self.screen.show_settings(self.settings, "Saved.")

    # ----------------------------------------------------------------- actions
    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(bindings.SECTIONS, self.keymap))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands and reader's. The palette reads a command's title and help as
        markup, and reader's carry data (tags, sources, colour names): they are escaped, so
        a tag "[/]" is shown as typed instead of breaking the palette."""
        from textual.markup import escape

        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for title, help_text, callback, discover in self._reading_commands(screen):
                yield SystemCommand(escape(title), escape(help_text), callback, discover)

    def _reading_commands(self, screen: MainScreen) -> Iterable[SystemCommand]:
        """The reading screen's commands, as plain text (see `get_system_commands`)."""
        for key in SORT_KEYS:
            yield SystemCommand(
                f"Sort articles by {key}",
                f"Order the article list by {key}",
                lambda key=key: screen.set_sort(key),
            )
        yield SystemCommand(
            "Toggle entity highlighting",
            "Show or hide entity colours",
            screen.action_toggle_entities,
        )
        yield SystemCommand(
            "Show entities", "List this article's entities by kind", screen.action_entity_panel
        )
        if screen.entity_filter or screen.tag_filter or screen.source_filter:
            yield SystemCommand(
                "Clear article filter",
                "Show every article again",
                screen.action_clear_filter,
            )
        yield SystemCommand("Next article", "Open the next article", screen.action_next_article)
        yield SystemCommand(
            "Previous article", "Open the previous article", screen.action_previous_article
        )
        yield SystemCommand(
            "Copy passage",
            "Copy the passage under the reading cursor",
            screen.view.action_copy_passage,
        )
        yield SystemCommand("Search", "Fuzzy-search every article", screen.action_search)
        if screen.current is not None:
            yield SystemCommand(
                "Outline", "The article's headings; enter goes to one", screen.action_outline
            )
            yield SystemCommand(
                "Links", "The article's links; enter opens one in reader", screen.action_links
            )
            yield SystemCommand(
                "Follow link", "Follow the passage's link into reader", screen.action_follow_link
            )
            yield SystemCommand(
                "Open link in browser",
                "Open the passage's link in the system browser",
                screen.action_open_in_browser,
            )
            yield SystemCommand(
                "Original view",
                "The text as read: removed lines dimmed, with their reasons (toggles)",
                screen.action_toggle_original,
            )
            yield SystemCommand(
                "Next heading", "Move to the next heading", screen.view.action_next_heading
            )
            yield SystemCommand(
                "Previous heading",
                "Move to the previous heading",
                screen.view.action_previous_heading,
            )
            yield from self._annotation_commands(screen)
        if self.session.keeping is not None:
            yield SystemCommand(
                "Bookmarks",
                "Bookmarks and highlights: jump to one, note, delete, re-attach (')",
                screen.action_bookmarks,
            )
        if screen.history.can_go_back:
            yield SystemCommand("Back", "Back to where the last jump left", screen.action_back)
        if screen.history.can_go_forward:
            yield SystemCommand("Forward", "Forward again", screen.action_forward)
        yield SystemCommand("Add articles", "A file, folder, page URL or feed URL", self.action_add)
        keeping = self.session.keeping
        for tag in (keeping.all_tags() if keeping is not None else [])[:50]:
            yield SystemCommand(
                f"Only articles tagged {tag}",
                "Filter the article list by a tag (on the article or one of its highlights)",
                lambda tag=tag: screen.set_tag_filter(tag),
            )
        sources = sorted({a.source for a in self.session.articles if a.source})
        if 1 < len(sources) <= 50:
            for source in sources:
                yield SystemCommand(
                    f"Only articles from {source}",
                    "Filter the article list by source (site, feed or file)",
                    lambda source=source: screen.set_source_filter(source),
                )
        yield SystemCommand(
            "Settings", "Theme, text width, highlights, mouse", self.action_settings
        )
        yield SystemCommand("Help", "Every key binding", self.action_help)

    def _annotation_commands(self, screen: MainScreen) -> Iterable[SystemCommand]:
        """Bookmarking, selecting, highlighting and tagging, as the keys do them."""
        view = screen.view
        yield SystemCommand(
            "Bookmark passage", "Bookmark the passage under the cursor (b)", screen.action_bookmark
        )
        yield SystemCommand(
            "Bookmark with a note",
            "Bookmark the passage with a note, or edit its note (B)",
            screen.action_bookmark_with_note,
        )
        if view.selection is None:
            yield SystemCommand(
                "Select words",
                "Start a selection at the passage's first word (m); w ) j extend it",
                view.action_select,
            )
        else:
            for number, colour in enumerate(screen.colours[:HIGHLIGHT_STYLES]):
                yield SystemCommand(
                    f"Highlight in {colour}",
                    f"Highlight the selection in {colour} ({'h, ' * (number == 0)}{number + 1})",
                    lambda number=number: view.action_highlight(number),
                )
            yield SystemCommand(
                "Cancel selection", "Drop the selection (esc)", view.action_cancel_selection
            )
        yield SystemCommand(
            "Tag",
            "Tags for the article, or for the selection's highlight (t)",
            screen.action_tag,
        )


def _binds(screen: Screen, keys: str) -> bool:
    """Whether the screen itself (not the app) binds one of `keys`, the user's keymap applied."""
    wanted = {key.strip() for key in keys.split(",")}
    return any(
        not wanted.isdisjoint(bound.key_to_bindings)
        for node, bound in screen._binding_chain  # Textual's resolved bindings, keymap applied
        if node is screen
    )


def make_app(
    *,
    sources: Sequence[str] = (),
    paths: Paths | None = None,
    settings: Settings = DEFAULTS,
    config_path: Path | None = None,
    warnings: Sequence[str] = (),
    max_bytes: int | None = None,
    theme: str | None = None,
) -> ReaderApp:
    """The one factory for the app, used by the CLI and by every test."""
    if theme:
        settings = replace(settings, theme=theme)
    session = Session(paths or Paths.default(), settings, sources=sources, max_bytes=max_bytes)
    return ReaderApp(session, settings=settings, config_path=config_path, warnings=warnings)
