"""ReaderApp: owns the loaded articles, loads them off the UI thread, routes global actions."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from reader.core import loading
from reader.core.entities import EntityBackendError, extract, extract_with_backend
from reader.core.keeping import Keeping
from reader.core.library import SORT_KEYS, LoadedArticle, process
from reader.core.models import Bookmark, Entity, LoadProblem
from reader.core.paths import Paths, seed_files
from reader.core.settings import DEFAULTS, Settings, replace_setting, save_settings, validate_keymap
from reader.ui.bindings import binding_sections, known_binding_ids
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.main import MainScreen
from reader.ui.screens.search import SearchScreen
from reader.ui.screens.settings import SettingsScreen

if TYPE_CHECKING:
    from reader.core.search import SearchIndex


class ReaderApp(App[None]):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("s", "settings", "Settings", show=False, id="app.settings"),
        Binding("a", "add", "Add articles", show=False, id="app.add"),
    ]

    def __init__(
        self,
        *,
        sources: Sequence[str] = (),
        paths: Paths,
        settings: Settings = DEFAULTS,
        config_path: Path | None = None,
        warnings: Sequence[str] = (),
        max_bytes: int | None = None,
    ) -> None:
        super().__init__()
        self.sources = list(sources)
        self.paths = paths
        self.config_path = config_path or paths.config_file
        self.startup_warnings = list(warnings)
        self.max_bytes = max_bytes or int(settings.loading.max_file_mb * 1024 * 1024)
        self.articles: list[LoadedArticle] = []
        self.problems: list[LoadProblem] = []
        self.index: SearchIndex | None = None
        self.keeping: Keeping | None = None
        self.exit_message: str | None = None
        self.showing_seeds = False
        self._remembered: set[str] = set()
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
        known = known_binding_ids()
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
        return MainScreen(self.settings, self.style_overrides)

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        for warning in self.startup_warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.keeping = Keeping(self.paths.database, self._store_error)
        for notice in self.keeping.notices:
            self.notify(notice, title="Reader database", severity="warning", timeout=20,
                        markup=False)  # fmt: skip
        self.load_articles(self._sources())

    def _sources(self) -> list[str]:
        """What to open: the paths given, else the library and library.paths, else the seeds."""
        if self.sources:
            return list(self.sources)
        assert self.keeping is not None
        remembered = self.keeping.library_paths()
        present = [path for path in remembered if os.path.exists(path)]
        if missing := len(remembered) - len(present):
            self.notify(
                f"{missing} article file(s) of your library are missing (moved or deleted); "
                "their bookmarks are kept.",
                severity="warning",
                markup=False,
            )
        configured = [os.path.expanduser(path) for path in self.settings.library.paths]
        sources = list(dict.fromkeys([*present, *configured]))
        self.showing_seeds = not sources
        return sources or [str(path) for path in seed_files()]

    def _store_error(self, message: str) -> None:
        self.notify(message, title="Reader database", severity="error", timeout=20, markup=False)

    def on_unmount(self) -> None:
        if self.keeping is not None:
            self.exit_message = self.keeping.close()

    def _theme_changed(self, theme: Theme) -> None:
        """A theme chosen anywhere (palette or settings) is what a save writes."""
        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            if isinstance(self.screen, SettingsScreen):
                self.screen.show_settings(self.settings, "Theme changed (not saved yet).")

    # ----------------------------------------------------------------- loading
    @work(thread=True, exclusive=True, group="load")
    def load_articles(self, sources: list[str]) -> None:
        """Load, clean and analyse every source in a thread; problems become notifications."""
        # Imported here, in the worker, so the first frame does not wait for them.
        from reader.core.cache import ArticleCache
        from reader.core.search import SearchIndex
        from reader.core.sources import load_sources

        worker = get_current_worker()
        problems: list[LoadProblem] = []
        extractor = self._extractor(problems)
        # Cleaned text and entities are cached by content hash: a second start skips the
        # cleaning and entity work for every article that did not change.
        cache = (
            ArticleCache.in_folder(self.paths.data_dir)
            if self.settings.entities.backend == "builtin" or extractor is extract
            else None
        )
        articles: list[LoadedArticle] = []
        seen: set[str] = set()
        posted_at = 0.0

        def post(done: bool) -> None:
            # Articles go to the screen as they are ready (the first at once, then every
            # half second), so one huge file does not hold back the others.
            nonlocal posted_at
            self.call_from_thread(self._articles_loaded, list(articles), list(problems), done)
            problems.clear()
            posted_at = time.monotonic()

        for source in sources:
            result = (
                load_sources([source], data_dir=self.paths.data_dir, max_bytes=self.max_bytes)
                if source != "-"
                else loading.LoadResult(
                    problems=[
                        LoadProblem(
                            "-", "- (stdin) cannot be read in the reader; pipe to `reader clean -`"
                        )
                    ]
                )
            )
            problems.extend(result.problems)
            for document in result.documents:
                if worker.is_cancelled:
                    return
                try:
                    loaded = (
                        cache.load_or_process(document, len(articles))
                        if cache is not None
                        else process(document, len(articles), extractor)
                    )
                except Exception as error:  # a cleaner bug must not lose the other articles
                    problems.append(
                        LoadProblem(
                            document.name,
                            f"{document.name}: could not be "
                            f"processed ({type(error).__name__}: {error})",
                        )
                    )
                    continue
                if loaded.key in seen:
                    continue
                seen.add(loaded.key)
                articles.append(loaded)
                problems.extend(LoadProblem(document.name, w) for w in document.warnings)
                if len(articles) == 1 or time.monotonic() - posted_at > 0.5:
                    post(done=False)
        if cache is not None:
            cache.close()
        if worker.is_cancelled:
            return
        post(done=True)
        # The search index is built after the first paint, so it never delays reading.
        index = SearchIndex()
        for loaded in articles:
            if worker.is_cancelled:
                return
            index.add_article(loaded.key, loaded.article, loaded.entities)
        self.call_from_thread(self._index_ready, index)

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
        """Load more articles (while reading) and add them to the session and the library."""
        from reader.core.sources import load_sources

        problems: list[LoadProblem] = []
        extractor = self._extractor(problems)
        result = load_sources(
            [os.path.expanduser(s) for s in sources],
            data_dir=self.paths.data_dir,
            max_bytes=self.max_bytes,
        )
        problems.extend(result.problems)
        new: list[LoadedArticle] = []
        for document in result.documents:
            try:
                new.append(process(document, 0, extractor))
            except Exception as error:  # one bad page must not lose the others
                problems.append(LoadProblem(document.name, f"{document.name}: {error}"))
        self.call_from_thread(self._articles_added, new, problems)

    def _articles_added(self, new: list[LoadedArticle], problems: list[LoadProblem]) -> None:
        for problem in problems[:20]:
            self.notify(problem.message, severity="warning", timeout=10, markup=False)
        known = {a.key for a in self.articles}
        fresh = []
        for loaded in new:
            if loaded.key not in known:
                known.add(loaded.key)
                fresh.append(replace(loaded, added=len(self.articles) + len(fresh)))
        if not fresh:
            if not problems:
                self.notify("Nothing new to add: those articles are already here.")
            return
        self.articles = [*self.articles, *fresh]
        self._remembered.update(a.key for a in fresh)
        if self.keeping is not None:
            self.keeping.remember(fresh)
        if self.index is not None:
            for loaded in fresh:
                self.index.add_article(loaded.key, loaded.article, loaded.entities)
        self.main_screen.set_articles(self.articles)
        self.main_screen.open_article(fresh[0].key)
        self.notify(f"Added {len(fresh)} article{'s' * (len(fresh) != 1)}.")

    def _extractor(self, problems: list[LoadProblem]) -> Callable[[str], list[Entity]]:
        """The entity backend the settings ask for, or the built-in one if it is missing."""
        if self.settings.entities.backend != "spacy":
            return extract
        try:
            extract_with_backend("", "spacy")
        except EntityBackendError as error:
            problems.append(LoadProblem("entities.backend", f"{error}; using the built-in one"))
            return extract
        return lambda text: extract_with_backend(text, "spacy")

    def _index_ready(self, index: SearchIndex) -> None:
        if self.keeping is not None:
            for bookmark in self.keeping.bookmarks():
                self.index_bookmark(index, bookmark)
        self.index = index
        if isinstance(self.screen, SearchScreen):
            self.screen.set_index(index)

    def index_bookmark(self, index: SearchIndex, bookmark: Bookmark) -> None:
        """Make a bookmark findable by search (quote and note), at its passage."""
        loaded = next((a for a in self.articles if a.key == bookmark.article_key), None)
        if loaded is None or bookmark.orphaned:
            return
        sections = loaded.article.sections
        passage = max((i for i, s in enumerate(sections) if s.start <= bookmark.start), default=0)
        text = f"{bookmark.quote}\n{bookmark.note}" if bookmark.note else bookmark.quote
        index.add_bookmark(loaded.key, loaded.title, passage, text)

    def _articles_loaded(
        self, articles: list[LoadedArticle], problems: list[LoadProblem], done: bool
    ) -> None:
        """Show what is loaded so far; called again as more is ready (`done` the last time)."""
        new = [a for a in articles if a.key not in self._remembered]
        self._remembered.update(a.key for a in new)
        self.articles = articles
        self.problems.extend(problems)
        if self.keeping is not None and new:
            self.keeping.remember(new, in_library=not self.showing_seeds)
            self.main_screen.read = self.keeping.read_keys()
        for problem in problems[:20]:
            self.notify(problem.message, severity="warning", timeout=8, markup=False)
        if len(problems) > 20:
            self.notify(
                f"… and {len(problems) - 20} more files could not be loaded.",
                severity="warning",
                markup=False,
            )
        if articles or done:  # "nothing loaded" only once everything has been tried
            self.main_screen.set_articles(articles)

    # ----------------------------------------------------------------- bookmarks list
    @on(BookmarksScreen.Delete)
    def _bookmark_delete(self, event: BookmarksScreen.Delete) -> None:
        self.main_screen.list_delete(event)

    @on(BookmarksScreen.Undo)
    def _bookmark_undo(self) -> None:
        self.main_screen.list_undo()

    @on(BookmarksScreen.EditNote)
    def _bookmark_edit(self, event: BookmarksScreen.EditNote) -> None:
        self.main_screen.list_edit(event)

    def open_path(self, path: str) -> None:
        """Add one file to the session (a bookmark's article that is not open yet)."""
        try:
            document = loading.load_file(Path(path), self.max_bytes)
        except loading.LoadError:
            return
        loaded = process(document, len(self.articles))
        if any(a.key == loaded.key for a in self.articles):
            return
        self.articles.append(loaded)
        if self.keeping is not None:
            self.keeping.remember([loaded])
        if self.index is not None:
            self.index.add_article(loaded.key, loaded.article, loaded.entities)
        self.main_screen.set_articles(self.articles)

    # ----------------------------------------------------------------- settings
    def action_settings(self) -> None:
        self.push_screen(
            SettingsScreen(self.settings, sorted(self.available_themes), str(self.config_path))
        )

    @on(SettingsScreen.Changed)
    def _setting_changed(self, event: SettingsScreen.Changed) -> None:
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

    @on(SettingsScreen.Save)
    def _save_settings(self) -> None:
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
        self.push_screen(HelpScreen(binding_sections(), self.keymap))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
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
        if screen.entity_filter:
            yield SystemCommand(
                "Clear article filter",
                "Show every article again",
                lambda: screen.set_entity_filter(None),
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
        yield SystemCommand("Add articles", "A file, folder, page URL or feed URL", self.action_add)
        sources = sorted({a.article.source for a in self.articles if a.article.source})
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
    return ReaderApp(
        sources=sources,
        paths=paths or Paths.default(),
        settings=settings,
        config_path=config_path,
        warnings=warnings,
        max_bytes=max_bytes,
    )
