"""ReaderApp: owns the loaded articles, loads them off the UI thread, routes global actions."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from stat import S_ISDIR
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from reader.core.library.articles import SORT_KEYS, LoadedArticle
from reader.core.models import Bookmark, Entity, LoadProblem
from reader.core.paths import Paths, seed_files
from reader.core.settings import DEFAULTS, Settings
from reader.ui.screens.main import MainScreen

# What the first frame does not need is imported where it is used: the time to first paint
# is a feature (benchmarks/tui.py), and every module on this list costs milliseconds.
if TYPE_CHECKING:
    from reader.core.library.cache import ArticleCache, CachedFile
    from reader.core.library.keeping import Keeping
    from reader.core.search.index import SearchIndex
    from reader.ui.screens.bookmarks import BookmarksScreen
    from reader.ui.screens.settings import SettingsScreen


FIRST_SCREEN = 60
"""Sources checked against the cache before the first frame (a screenful and more)."""


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
        self.cache: ArticleCache | None = None
        self.busy_until = 0.0
        self._painted = threading.Event()
        """Set once the first articles are on screen: the index build waits for it."""
        """Background work (the search index) pauses until then: set when the user opens an
        article, so that the layout of a big one does not share the CPU with it."""
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
        self.keymap: dict[str, str] = {}
        if settings.keymap:  # checked against every screen's bindings, so only when there is one
            from reader.core.settings import validate_keymap
            from reader.ui.bindings import known_binding_ids

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
        from reader.core.library.keeping import Keeping

        for warning in self.startup_warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.keeping = Keeping(self.paths.database, self._store_error)
        for notice in self.keeping.notices:
            self.notify(notice, title="Reader database", severity="warning", timeout=20,
                        markup=False)  # fmt: skip

    def start_loading(self) -> None:
        """Show what the cache has and start the load worker on the rest: called by the
        main screen once it is mounted, so cached articles are in the first frame.

        Only the first `FIRST_SCREEN` sources are checked before that frame (a library of
        10,000 takes a fifth of a second to check); the worker checks the others.
        """
        from reader.core.library.cache import ArticleCache

        assert self.keeping is not None
        self.main_screen.read = self.keeping.read_keys()
        if self.settings.entities.backend == "builtin":
            self.cache = ArticleCache.in_folder(self.paths.data_dir)
        sources = self._sources()
        head, tail = sources[:FIRST_SCREEN], sources[FIRST_SCREEN:]
        lookup = self.cache.file if self.cache is not None else _nothing
        cached, rest, gone = self._from_cache(head, lookup, 0)
        self._cached_found(cached, gone)
        if cached:
            self._articles_loaded(cached, [], done=not rest and not tail)
        self.call_after_refresh(self._painted.set)
        self.load_articles(rest, cached, tail)

    def _sources(self) -> list[str]:
        """What to open: the paths given, else the library and library.paths, else the seeds."""
        if self.sources:
            return list(self.sources)
        assert self.keeping is not None
        configured = [os.path.expanduser(path) for path in self.settings.library.paths]
        sources = list(dict.fromkeys([*self.keeping.library_paths(), *configured]))
        self.showing_seeds = not sources
        return sources or [str(path) for path in seed_files()]

    def _from_cache(
        self, sources: list[str], lookup: Callable[[str], CachedFile | None], first: int
    ) -> tuple[list[LoadedArticle], list[tuple[int, str]], int]:
        """The articles whose files are unchanged since they were cached, as summaries (no
        file read, no cleaning: their text is fetched when opened); what is left for the
        load worker, each with its place in the load order (from `first`); and how many
        library files are gone and not cached.

        A library file that is gone but cached is listed as missing (its bookmarks stay
        attached). Safe in a thread: it only reads the file system and the cache.
        """
        from reader.core.ingest.loading import expand
        from reader.core.ingest.sources import FEED_SUFFIXES, is_url

        if self.cache is None:
            return [], [(first + i, source) for i, source in enumerate(sources)], 0
        library = not self.sources and not self.showing_seeds
        cached: list[LoadedArticle] = []
        rest: list[tuple[int, str]] = []
        gone = 0
        # os.path and os.stat, not pathlib: for 10,000 files that is 50 ms rather than 500.
        for source in sources:
            position = first + len(cached) + len(rest)
            suffix = os.path.splitext(source)[1].lower()
            if source == "-" or is_url(source) or suffix in FEED_SUFFIXES:
                rest.append((position, source))
                continue
            try:
                stat = os.stat(os.path.expanduser(source))
            except OSError:
                stat = None
            if stat is not None and S_ISDIR(stat.st_mode):
                for item in expand([source]):  # a folder: its files (problems to the worker)
                    position = first + len(cached) + len(rest)
                    found = _unchanged(lookup, str(item)) if isinstance(item, Path) else None
                    if found is not None:
                        cached.append(self.cache.summary_article(found, position))
                    else:
                        rest.append((position, str(item) if isinstance(item, Path) else source))
                continue
            file = lookup(source) or lookup(os.path.realpath(source))
            if stat is None:
                if file is not None and library:  # gone, but its text is in the cache
                    cached.append(self.cache.summary_article(file, position, missing=True))
                elif library:
                    gone += 1
                else:
                    rest.append((position, source))  # the worker reports it
            elif file is not None and (file.size, file.mtime) == (stat.st_size, stat.st_mtime):
                cached.append(self.cache.summary_article(file, position))
            else:
                rest.append((position, source))
        return cached, rest, gone

    def _cached_found(self, cached: list[LoadedArticle], gone: int) -> None:
        """Tell of missing library files; remember articles opened by name."""
        if gone:
            self.notify(
                f"{gone} article file(s) of your library are missing (moved or deleted); "
                "their bookmarks are kept.",
                severity="warning",
                markup=False,
            )
        if cached and self.sources:
            # Opened by name: remembered in the library (already there when it is the library).
            self.call_after_refresh(self._remember, cached)
        else:
            self._remembered.update(a.key for a in cached)

    def _remember(self, articles: list[LoadedArticle]) -> None:
        new = [a for a in articles if a.key not in self._remembered]
        self._remembered.update(a.key for a in new)
        if self.keeping is not None and new:
            self.keeping.remember(new, in_library=not self.showing_seeds)

    def _store_error(self, message: str) -> None:
        self.notify(message, title="Reader database", severity="error", timeout=20, markup=False)

    def on_unmount(self) -> None:
        if self.keeping is not None:
            self.exit_message = self.keeping.close()
        if self.cache is not None:
            self.cache.close()

    def _theme_changed(self, theme: Theme) -> None:
        """A theme chosen anywhere (palette or settings) is what a save writes."""
        from reader.ui.screens.settings import SettingsScreen

        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            if isinstance(self.screen, SettingsScreen):
                self.screen.show_settings(self.settings, "Theme changed (not saved yet).")

    # ----------------------------------------------------------------- loading
    # An explicit description: the default is the repr of the arguments (10,000 articles).
    @work(thread=True, exclusive=True, group="load", description="loading articles")
    def load_articles(
        self, sources: list[tuple[int, str]], start: list[LoadedArticle], tail: list[str]
    ) -> None:
        """In a thread: list the `tail` sources that the cache has (as `start_loading` did
        for the first ones), then load, clean and analyse the rest, after the `start`
        articles; then build the search index. Problems become notifications."""
        from reader.core.ingest import loading
        from reader.core.ingest.sources import load_sources
        from reader.core.library.articles import process
        from reader.core.library.cache import content_hash

        worker = get_current_worker()
        problems: list[LoadProblem] = []
        extractor = self._extractor(problems)
        cache = self.cache
        articles: list[LoadedArticle] = list(start)
        posted_at = time.monotonic() if start else 0.0
        if tail:
            known = cache.files() if cache is not None else {}
            more, more_rest, gone = self._from_cache(tail, known.get, len(start) + len(sources))
            self.call_from_thread(self._cached_found, more, gone)
            articles += more
            sources = [*sources, *more_rest]
            if more:
                self.call_from_thread(self._articles_loaded, list(articles), [], not sources)
                posted_at = time.monotonic()
        seen: set[str] = {a.key for a in articles}

        def post(done: bool) -> None:
            # Articles go to the screen as they are ready (the first at once, then every
            # half second), so one huge file does not hold back the others.
            nonlocal posted_at
            self.call_from_thread(self._articles_loaded, list(articles), list(problems), done)
            problems.clear()
            posted_at = time.monotonic()

        for position, source in sources:
            if worker.is_cancelled:
                return
            # A file's size and mtime, taken before it is read, index it in the cache: the
            # next start lists it without reading it.
            try:
                stat = os.stat(source) if os.path.isfile(source) else None
            except OSError:
                stat = None
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
                    if cache is None:
                        loaded = process(document, position, extractor)
                    else:
                        loaded = cache.load_or_process(document, position)
                        if stat is not None and len(result.documents) == 1:
                            cache.index_file(
                                os.path.realpath(source),
                                stat.st_size,
                                stat.st_mtime,
                                content_hash(document),
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
        if worker.is_cancelled:
            return
        if sources or not articles:
            post(done=True)
        self._painted.wait(timeout=5)  # the index never delays the first paint
        self._build_index(articles)

    def _build_index(self, articles: list[LoadedArticle]) -> None:
        """The search index over every article and bookmark, in the load worker: built after
        the first paint, so it never delays reading; articles are fetched one at a time and
        not kept, so memory holds the index, not the library."""
        from reader.core.search.index import SearchIndex

        worker = get_current_worker()
        index = SearchIndex()
        by_key: dict[str, LoadedArticle] = {}
        for loaded in articles:
            if worker.is_cancelled:
                return
            while time.monotonic() < self.busy_until and not worker.is_cancelled:
                time.sleep(0.02)
            article, entities = loaded.peek()
            index.add_article(loaded.key, article, entities)
            by_key[loaded.key] = loaded
        if self.keeping is not None:
            for bookmark in self.keeping.bookmarks():
                if worker.is_cancelled:
                    return
                self.index_bookmark(index, bookmark, by_key.get(bookmark.article_key))
        # The index and the library are a million long-lived objects: left to the cyclic
        # collector, each full collection walks them all and stalls the UI for 130-150 ms
        # (three times in 50 article opens at 10,000 articles, benchmarks/library.py).
        # Frozen, collections skip them; reference counting still frees what is dropped.
        gc.freeze()
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
        from reader.core.ingest.sources import load_sources
        from reader.core.library.articles import process

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
                fresh.append(loaded.with_added(len(self.articles) + len(fresh)))
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

    def _extractor(self, problems: list[LoadProblem]) -> Callable[[str], list[Entity]] | None:
        """The entity backend the settings ask for; None for the built-in one (also when the
        one asked for is missing)."""
        if self.settings.entities.backend != "spacy":
            return None
        from reader.core.entities.recogniser import EntityBackendError, extract_with_backend

        try:
            extract_with_backend("", "spacy")
        except EntityBackendError as error:
            problems.append(LoadProblem("entities.backend", f"{error}; using the built-in one"))
            return None
        return lambda text: extract_with_backend(text, "spacy")

    def _index_ready(self, index: SearchIndex) -> None:
        from reader.ui.screens.search import SearchScreen

        self.index = index
        if isinstance(self.screen, SearchScreen):
            self.screen.set_index(index)

    def index_bookmark(
        self, index: SearchIndex, bookmark: Bookmark, loaded: LoadedArticle | None = None
    ) -> None:
        """Make a bookmark findable by search (quote and note), at its passage."""
        if loaded is None:
            loaded = next((a for a in self.articles if a.key == bookmark.article_key), None)
        if loaded is None or bookmark.orphaned:
            return
        sections = loaded.peek()[0].sections
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
    # Handlers found by name (not `@on(BookmarksScreen.Delete)`), so the screen's module is
    # imported when the list is first opened rather than at start-up.
    def on_bookmarks_screen_delete(self, event: BookmarksScreen.Delete) -> None:
        self.main_screen.list_delete(event)

    def on_bookmarks_screen_undo(self) -> None:
        self.main_screen.list_undo()

    def on_bookmarks_screen_edit_note(self, event: BookmarksScreen.EditNote) -> None:
        self.main_screen.list_edit(event)

    def open_path(self, path: str) -> None:
        """Add one file to the session (a bookmark's article that is not open yet)."""
        from reader.core.ingest import loading
        from reader.core.library.articles import process

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
        from reader.ui.bindings import binding_sections
        from reader.ui.screens.help import HelpScreen

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
        sources = sorted({a.source for a in self.articles if a.source})
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


def _nothing(path: str) -> None:
    return None


def _unchanged(lookup: Callable[[str], CachedFile | None], path: str) -> CachedFile | None:
    """The cache's entry for a file, if it is unchanged since (same size and mtime)."""
    file = lookup(os.path.abspath(path)) or lookup(os.path.realpath(path))
    if file is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return file if (file.size, file.mtime) == (stat.st_size, stat.st_mtime) else None


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
