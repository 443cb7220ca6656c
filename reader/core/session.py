"""The articles of one reading session, owned in one place: the TUI and the CLI both use it.

A `Session` holds the session's articles (in load order, with a key -> article map), the
search index over them, the article cache and the reader database. Everything that changes
which articles are open goes through it: the first load (`start`, then `load` driven by a
worker), adding sources (`add`), opening one file (`open_path`) and forgetting (`forget`).
So there is one list, never a worker's copy that a later post overwrites; an article added
while the index is being built is queued for it; a forgotten one leaves the index too.

Safe in threads: changes are made under a lock, and `articles` hands out a snapshot. Loading,
adding and opening read files and write the database: call them from a worker (the TUI) or
the main thread of a command (the CLI), never the UI thread.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR
from typing import TYPE_CHECKING

from reader.core.library.articles import LoadedArticle, process
from reader.core.models import Bookmark, LoadProblem, RawDocument, SearchHit
from reader.core.paths import Paths, seed_files
from reader.core.settings import DEFAULTS, Settings

# The cache, the store and search are imported when first used: a start that finds every
# article in the cache must not wait for the importer, the fetcher or the search index.
if TYPE_CHECKING:
    from reader.core.library.cache import ArticleCache, CachedFile
    from reader.core.library.keeping import Keeping
    from reader.core.search.index import SearchIndex
    from reader.core.search.operators import ParsedQuery

FIRST_SCREEN = 60
"""Sources checked against the cache before the first frame (a screenful and more)."""
POST_EVERY = 0.5
"""Seconds between the steps `load` yields while articles keep coming."""


def max_bytes_of(settings: Settings) -> int:
    """The file-size limit the settings ask for, in bytes."""
    return int(settings.loading.max_file_mb * 1024 * 1024)


@dataclass
class LoadPlan:
    """What `start` left for `load`: sources with their place in the load order."""

    rest: list[tuple[int, str]] = field(default_factory=list)
    """Sources to read (not in the cache, or changed), each with its position."""
    tail: list[str] = field(default_factory=list)
    """Sources after the first screenful, not yet checked against the cache."""
    remember: list[LoadedArticle] = field(default_factory=list)
    """Articles listed from the cache that `load` must still remember in the library."""
    prepared: list[tuple[str, LoadedArticle]] = field(default_factory=list)
    """Seeds shown from the package's prepared copy, with their files: `load` caches them."""


@dataclass
class LoadStep:
    """What one step of `load` (or an `add`) changed."""

    added: list[LoadedArticle] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    missing: int = 0
    """Library files that are gone and not cached (their bookmarks are kept)."""
    done: bool = False
    read: set[str] | None = None
    """The keys of articles read so far, when the step changed them (new articles)."""
    notices: list[str] = field(default_factory=list)
    """The database's notices, when it was created by this step (see `Session.open`)."""
    created: bool = False
    """The database was created by this step: what was opened before is not yet marked."""


@dataclass
class AddReport:
    """What `add` did, for a message (TUI) or a summary line and exit status (CLI)."""

    added: list[LoadedArticle] = field(default_factory=list)
    """Articles new to this session, in the order named."""
    in_library: int = 0
    """Articles remembered in the library (new, changed, or cached but forgotten)."""
    unchanged: int = 0
    """Files already in the library and unchanged since."""
    problems: list[LoadProblem] = field(default_factory=list)
    warnings: list[LoadProblem] = field(default_factory=list)
    interrupted: bool = False
    opened: list[LoadedArticle] = field(default_factory=list)
    """The session's articles for the sources named (new or already open), in order: what
    to show after a followed link."""


def _never() -> bool:
    return False


class Session:
    """The session's articles, their search index, cache and store (see the module docstring)."""

    def __init__(
        self,
        paths: Paths,
        settings: Settings = DEFAULTS,
        *,
        sources: Sequence[str] = (),
        max_bytes: int | None = None,
        remember: bool = True,
    ) -> None:
        self.paths = paths
        self.remembers = remember
        """Whether articles opened by name join the library (not for `reader search`)."""
        self.settings = settings
        self.requested = list(sources)
        """The paths or URLs the user named; none: the library (or the seeds)."""
        self.max_bytes = max_bytes or max_bytes_of(settings)
        self.keeping: Keeping | None = None
        self.cache: ArticleCache | None = None
        self.index: SearchIndex | None = None
        self.showing_seeds = False
        self.problems: list[LoadProblem] = []
        """Every problem the loads and adds of this session met, in order."""
        self._lock = threading.RLock()
        self._articles: list[LoadedArticle] = []
        self._by_key: dict[str, LoadedArticle] = {}
        self._next = 0
        """The next free position in the load order (the "added" sort)."""
        self._pending: list[Callable[[SearchIndex], None]] | None = None
        """While the index is built: what happened meanwhile, applied to it when it is done."""
        self.backend = "builtin"
        """The entity backend in use (see `_resolve_backend`)."""
        self._backend_checked = False
        self._deferred = False
        self._on_error: Callable[[str], None] = lambda message: None
        self._walked: set[str] = set()
        """Files found by walking a folder: one gone by the time it is read vanished while
        loading, and is reported so."""

    # ----------------------------------------------------------------- opening and closing
    def open(self, on_error: Callable[[str], None], *, defer_creation: bool = False) -> list[str]:
        """Open the reader database and the article cache; the database's notices (a damaged
        file moved aside, a read-only folder) are returned for the user.

        `defer_creation`: when there is no database yet (a first start), create it (and the
        cache) in `load` instead, off the UI thread: there is nothing in it to show, and
        creating two SQLite files with their disk syncs is most of a first start's wait."""
        self._on_error = on_error
        if defer_creation and not self.paths.database.exists():
            self._deferred = True
            return []
        return self._open_now()

    def _open_now(self) -> list[str]:
        from reader.core.library.cache import ArticleCache
        from reader.core.library.keeping import Keeping

        with self._lock:
            if self.keeping is not None:
                self._deferred = False
                return []
            self.keeping = Keeping(self.paths.database, self._on_error)
            if self.settings.entities.backend == "builtin":  # else once the backend is checked
                self.cache = ArticleCache.in_folder(self.paths.data_dir)
            # Only now: another thread that sees `_deferred` false finds the store made.
            self._deferred = False
            return list(self.keeping.notices)

    def keeping_for_writing(self) -> tuple[Keeping | None, list[str]]:
        """The store for a write the user asked for (a bookmark, a highlight, a tag), created
        now if the first start deferred it (see `open`): a key pressed before the load got to
        it must not be lost. The database's notices come with it, for the user."""
        notices = self._ensure_open()
        return self.keeping, notices

    def _ensure_open(self) -> list[str]:
        """Create the deferred database now (see `open`); its notices, if any."""
        return self._open_now() if self._deferred else []

    def close(self) -> str | None:
        """Close the database and cache; a message when bookmarks had to go to a file."""
        message = self.keeping.close() if self.keeping is not None else None
        if self.cache is not None:
            self.cache.close()
        return message

    # ----------------------------------------------------------------- the articles
    @property
    def articles(self) -> list[LoadedArticle]:
        """The session's articles in load order (a copy: it may change in another thread)."""
        with self._lock:
            return list(self._articles)

    def get(self, key: str) -> LoadedArticle | None:
        with self._lock:
            return self._by_key.get(key)

    def __len__(self) -> int:
        return len(self._articles)

    def _admit(self, articles: Sequence[LoadedArticle]) -> list[LoadedArticle]:
        """Add articles not already in the session; returns those added."""
        fresh: list[LoadedArticle] = []
        with self._lock:
            for loaded in articles:
                if loaded.key in self._by_key:
                    continue
                self._by_key[loaded.key] = loaded
                self._articles.append(loaded)
                self._next = max(self._next, loaded.added + 1)
                fresh.append(loaded)
                if self._pending is not None:
                    self._pending.append(lambda index, a=loaded: _index_article(index, a))
                elif self.index is not None:
                    _index_article(self.index, loaded)
        return fresh

    def _positioned(self, articles: Sequence[LoadedArticle]) -> list[LoadedArticle]:
        """Articles at the next free places in the load order (they come after the rest)."""
        with self._lock:
            first = self._next
            self._next += len(articles)
        return [a.with_added(first + i) for i, a in enumerate(articles)]

    # ----------------------------------------------------------------- what to open
    def sources(self) -> list[str]:
        """What to open: the paths given, else the library and library.paths, else the seeds."""
        if self.requested:
            return list(self.requested)
        configured = [os.path.expanduser(path) for path in self.settings.library.paths]
        remembered = self.keeping.library_paths() if self.keeping is not None else []
        sources = list(dict.fromkeys([*remembered, *configured]))
        self.showing_seeds = not sources
        return sources or [str(path) for path in seed_files()]

    def start(self, first: int = FIRST_SCREEN) -> tuple[LoadPlan, int]:
        """List what the cache has of the first `first` sources, at once (no file read, no
        cleaning: their text is fetched when opened), and plan the rest for `load`.

        Returns the plan and how many library files are gone and not cached. Cheap enough
        for the UI thread before the first frame: a stat and a cache lookup a source.
        """
        sources = self.sources()
        head, tail = sources[:first], sources[first:]
        lookup = self.cache.file if self.cache is not None else _nothing
        cached, rest, gone = self._from_cache(head, lookup, 0)
        plan = LoadPlan(rest, tail)
        if self.showing_seeds and (self.cache is not None or self._deferred):
            plan.rest, plan.prepared = self._prepared_seeds(rest)
            cached += [loaded for _source, loaded in plan.prepared]
        admitted = self._admit(cached)
        plan.remember = admitted if self.requested else []
        return plan, gone

    def _prepared_seeds(
        self, rest: list[tuple[int, str]]
    ) -> tuple[list[tuple[int, str]], list[tuple[str, LoadedArticle]]]:
        """The seeds not yet cached, from the package's prepared copy where it matches (a
        first start: no cleaning before the first frame); the rest is left to `load`."""
        from reader.core.library.prepared import prepared_seed

        left: list[tuple[int, str]] = []
        prepared: list[tuple[str, LoadedArticle]] = []
        for position, source in rest:
            loaded = prepared_seed(Path(source), position)
            if loaded is None:
                left.append((position, source))
            else:
                prepared.append((source, loaded))
        return left, prepared

    def _from_cache(
        self, sources: list[str], lookup: Callable[[str], CachedFile | None], first: int
    ) -> tuple[list[LoadedArticle], list[tuple[int, str]], int]:
        """The articles whose files are unchanged since they were cached, as summaries; what
        is left to read, each with its place in the load order (from `first`); and how many
        library files are gone and not cached. A library file that is gone but cached is
        listed as missing (its bookmarks stay attached)."""
        from reader.core.ingest.kinds import FEED_SUFFIXES, is_url

        cache = self.cache
        if cache is None:
            return [], [(first + i, source) for i, source in enumerate(sources)], 0
        library = not self.requested and not self.showing_seeds
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
                from reader.core.ingest.loading import expand  # folders only: the start's

                for item in expand([source]):  # a folder: its files (problems to `load`)
                    position = first + len(cached) + len(rest)
                    found = _unchanged(lookup, str(item)) if isinstance(item, Path) else None
                    if found is not None:
                        cached.append(cache.summary_article(found, position))
                    elif isinstance(item, Path):
                        self._walked.add(str(item))
                        rest.append((position, str(item)))
                    else:
                        rest.append((position, source))
                continue
            file = lookup(source) or lookup(os.path.realpath(source))
            if stat is None:
                if file is not None and library:  # gone, but its text is in the cache
                    cached.append(cache.summary_article(file, position, missing=True))
                elif library:
                    gone += 1
                else:
                    rest.append((position, source))  # `load` reports it
            elif file is not None and (file.size, file.mtime) == (stat.st_size, stat.st_mtime):
                cached.append(cache.summary_article(file, position))
            else:
                rest.append((position, source))
        return cached, rest, gone

    # ----------------------------------------------------------------- loading
    def load(self, plan: LoadPlan, cancelled: Callable[[], bool] = _never) -> Iterator[LoadStep]:
        """Load what `start` left: yields a step as articles are ready (the first at once,
        then every `POST_EVERY` seconds) and a last one with `done` set. Stops quietly when
        `cancelled()` turns true. Articles are in `articles` before their step is yielded."""
        from reader.core.ingest.sources import load_sources

        created = self._deferred
        step = LoadStep(notices=self._ensure_open(), created=created)
        self._resolve_backend(step.problems)
        if plan.remember:
            self._remember(plan.remember)
        if plan.prepared and self.cache is not None:
            self._cache_prepared(plan.prepared)
        sources = list(plan.rest)
        if plan.tail:
            known = self.cache.files() if self.cache is not None else {}
            first = len(self) + len(sources)
            more, more_rest, step.missing = self._from_cache(plan.tail, known.get, first)
            step.added = self._admit(more)
            self._remember(step.added if self.requested else [])
            sources += more_rest
            if step.added or step.missing:
                yield self._with_read(step)
                step = LoadStep()
        posted = time.monotonic()
        for position, source in sources:
            if cancelled():
                return
            if source == "-":
                step.problems.append(
                    LoadProblem(
                        "-", "- (stdin) cannot be read in the reader; pipe to `reader clean -`"
                    )
                )
                continue
            # Size and mtime, taken before the file is read, index it in the cache.
            stat = _stat_file(source)
            if stat is None and source in self._walked and not os.path.lexists(source):
                from reader.core.ingest.loading import display_name

                why = (
                    f"{display_name(source)}: no such file (was it moved or deleted while loading?)"
                )
                step.problems.append(LoadProblem(source, why))
                continue
            result = load_sources([source], data_dir=self.paths.data_dir, max_bytes=self.max_bytes)
            step.problems.extend(result.problems)
            for document in result.documents:
                if cancelled():
                    return
                file = (source, stat) if stat is not None and len(result.documents) == 1 else None
                loaded = self._process(document, position, step.problems, file=file)
                if loaded is None:
                    continue
                fresh = self._admit([loaded])
                if fresh:
                    step.added += fresh
                    step.problems.extend(LoadProblem(document.name, w) for w in document.warnings)
            if step.added and (
                len(self) == len(step.added) or time.monotonic() - posted > POST_EVERY
            ):
                self._remember(step.added)
                yield self._with_read(step)
                step = LoadStep()
                posted = time.monotonic()
        if cancelled():
            return
        self._remember(step.added)
        step.done = True
        yield self._with_read(step)

    def _cache_prepared(self, prepared: list[tuple[str, LoadedArticle]]) -> None:
        """Cache the seeds shown from the prepared copy, and index their files, so that the
        next start lists them from the cache as it does any article; re-anchor their
        bookmarks as `load` does for every article it reads."""
        from reader.core.library.cache import content_hash

        assert self.cache is not None
        for source, loaded in prepared:
            stat = _stat_file(source)
            self.cache.put(loaded)
            if stat is not None:
                hash_ = content_hash(loaded.document)
                self.cache.index_file(os.path.realpath(source), stat.st_size, stat.st_mtime, hash_)
        self._remember([loaded for _source, loaded in prepared])

    def _with_read(self, step: LoadStep) -> LoadStep:
        self.problems.extend(step.problems)
        if step.added and self.keeping is not None:
            step.read = self.keeping.read_keys()
        return step

    def _remember(self, articles: list[LoadedArticle]) -> None:
        if articles and self.keeping is not None and self.remembers:
            self.keeping.remember(articles, in_library=not self.showing_seeds)

    def _resolve_backend(self, problems: list[LoadProblem]) -> None:
        """Settle the entity backend: the one the settings ask for, or the built-in one when
        that cannot run here (said once, in `problems`); and open the cache stamped with it."""
        if self._backend_checked:
            return
        self._backend_checked = True
        backend = self.settings.entities.backend
        if backend != "builtin":
            from reader.core.entities.recogniser import EntityBackendError, extract_with_backend

            try:
                extract_with_backend("", backend)
            except EntityBackendError as error:
                problems.append(LoadProblem("entities.backend", f"{error}; using the built-in one"))
                backend = "builtin"
        self.backend = backend
        if self.cache is None and self.keeping is not None:
            from reader.core.library.cache import ArticleCache

            self.cache = ArticleCache.in_folder(self.paths.data_dir, backend=backend)

    def _process(
        self,
        document: RawDocument,
        position: int,
        problems: list[LoadProblem],
        *,
        file: tuple[str, os.stat_result] | None = None,
    ) -> LoadedArticle | None:
        """Clean a document and find its entities, through the cache when there is one; a
        problem (and None) when the cleaner fails, so one bad page loses nothing else.

        `file`: the file the document is, with its size and mtime taken before it was read,
        for the cache's file index (the next start lists it without reading it)."""
        from reader.core.library.cache import content_hash, extractor_for

        try:
            if self.cache is None:
                return process(document, position, extractor_for(self.backend))
            loaded = self.cache.load_or_process(document, position)
            if file is not None:
                source, stat = file
                self.cache.index_file(
                    os.path.realpath(source), stat.st_size, stat.st_mtime, content_hash(document)
                )
            return loaded
        except Exception as error:  # a cleaner bug must not lose the other articles
            problems.append(
                LoadProblem(
                    document.name,
                    f"{document.name}: could not be processed ({type(error).__name__}: {error})",
                )
            )
            return None

    # ----------------------------------------------------------------- adding and opening
    def add(
        self,
        sources: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = _never,
    ) -> AddReport:
        """Add files, folders, page URLs or feeds to the session and the library: what `a`
        in the reader and `reader add` both do. Files go through the parallel importer (a
        re-run adds only what is missing or changed); pages and feeds are fetched once and
        stored. Raises StoreError when the library cannot be written."""
        from reader.core.ingest.sources import FEED_SUFFIXES, is_url, load_sources

        self._ensure_open()
        report = AddReport()
        named = [os.path.expanduser(s.strip()) for s in sources if s.strip()]
        remote = [s for s in named if is_url(s) or Path(s).suffix.lower() in FEED_SUFFIXES]
        local = [s for s in named if s not in remote]
        added: list[LoadedArticle] = []
        if remote:
            result = load_sources(
                remote, data_dir=self.paths.data_dir, max_bytes=self.max_bytes, cancelled=cancelled
            )
            report.problems += result.problems
            self._resolve_backend(report.problems)
            for document in result.documents:
                loaded = self._process(document, 0, report.problems)
                if loaded is not None:
                    added.append(loaded)
            self._store_library(added)
            report.in_library += len(added)
        if local and not cancelled():
            added += self._import(local, report, progress, cancelled)
        report.added = self._admit(self._positioned(self._new(added)))
        report.opened = [self.get(loaded.key) or loaded for loaded in added]
        self.problems.extend(report.problems)
        return report

    def follow(self, url: str, cancelled: Callable[[], bool] = _never) -> AddReport:
        """A followed link's page, added to the library (`report.opened`): from the copy
        stored when it was first fetched (so it opens offline), else fetched once through
        the fetcher, with its limits, and stored. `url` must be http(s): the caller checks
        the link's scheme (`navigation.links.resolve`); the fetcher checks again."""
        from reader.core.ingest.fetch import load_page, stored_page
        from reader.core.ingest.loading import LoadError

        stored = stored_page(url, self.paths.data_dir)
        if stored is None:
            return self.add([url], cancelled=cancelled)
        report = AddReport()
        try:
            document = load_page(stored)
        except LoadError:
            return self.add([url], cancelled=cancelled)
        self._resolve_backend(report.problems)
        loaded = self._process(document, 0, report.problems)
        if loaded is not None:
            self._store_library([loaded])
            report.in_library = 1
            report.added = self._admit(self._positioned(self._new([loaded])))
            report.opened = [self.get(loaded.key) or loaded]
        self.problems.extend(report.problems)
        return report

    def _new(self, articles: list[LoadedArticle]) -> list[LoadedArticle]:
        seen: set[str] = set()
        out = []
        for loaded in articles:
            if loaded.key not in seen and self.get(loaded.key) is None:
                seen.add(loaded.key)
                out.append(loaded)
        return out

    def _store_library(self, articles: list[LoadedArticle]) -> None:
        """Remember articles in the library, raising StoreError if it cannot be written."""
        if self.keeping is None or not articles:
            return
        from reader.core.library.keeping import library_entry

        self.keeping.store.remember_many(library_entry(a) for a in articles)
        for loaded in articles:
            self.keeping.store.reanchor_bookmarks(loaded.key, loaded.article.text)

    def _import(
        self,
        local: list[str],
        report: AddReport,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> list[LoadedArticle]:
        """Files and folders through the importer; their articles listed from the cache."""
        from reader.core.library.importer import import_paths

        self._resolve_backend(report.problems)
        cache, keeping = self.cache, self.keeping
        if cache is None or keeping is None:
            raise RuntimeError("open() the session before adding to it")
        imported = import_paths(
            local,
            cache=cache,
            store=keeping.store,
            max_bytes=self.max_bytes,
            progress=progress,
            should_stop=cancelled,
        )
        report.in_library += imported.added
        report.unchanged += imported.skipped_unchanged
        report.problems += imported.failed
        report.warnings += imported.warnings
        report.interrupted = imported.interrupted
        known = cache.files()
        return [cache.summary_article(known[p]) for p in imported.files if p in known]

    def open_path(self, path: str) -> LoadedArticle | None:
        """Add one file to the session (a bookmark's article that is not open yet), from the
        cache when the file is unchanged; None when it cannot be read."""
        from reader.core.ingest.loading import LoadError, load_file

        self._ensure_open()
        existing = [a for a in self.articles if a.document.path and str(a.document.path) == path]
        if existing:
            return existing[0]
        from reader.core.library.cache import extractor_for

        self._resolve_backend([])  # a backend that cannot run was reported by the load
        try:
            if self.cache is not None:
                loaded = self.cache.open_file(Path(path), 0, self.max_bytes)
            else:
                loaded = process(
                    load_file(Path(path), self.max_bytes), 0, extractor_for(self.backend)
                )
        except (LoadError, OSError):
            return None
        known = self.get(loaded.key)
        if known is not None:
            return known
        admitted = self._admit(self._positioned([loaded]))
        self._remember(admitted)
        return admitted[0] if admitted else self.get(loaded.key)

    def forget(self, key: str) -> None:
        """Take an article out of the session, the library and the search index (its
        bookmarks are kept, orphaned)."""
        with self._lock:
            loaded = self._by_key.pop(key, None)
            if loaded is not None:
                self._articles.remove(loaded)
            if self._pending is not None:
                self._pending.append(lambda index: index.remove_article(key))
            elif self.index is not None:
                self.index.remove_article(key)
        if self.keeping is not None:
            self.keeping.forget(key)

    # ----------------------------------------------------------------- the search index
    def build_index(
        self, cancelled: Callable[[], bool] = _never, pause: Callable[[], None] | None = None
    ) -> SearchIndex | None:
        """Build the search index over every article and bookmark (in a worker: seconds for
        a big library). Articles are fetched one at a time and not kept, so memory holds the
        index, not the library. What is added or forgotten meanwhile is applied at the end.
        `pause()` is called between articles (to yield to the UI). None when cancelled."""
        from reader.core.search.index import SearchIndex

        with self._lock:
            articles = list(self._articles)
            bookmarks = self.keeping.bookmarks() if self.keeping is not None else []
            self._pending = []
        index = SearchIndex()
        try:
            by_key = {a.key: a for a in articles}
            for loaded in articles:
                if cancelled():
                    return None
                if pause is not None:
                    pause()
                article, entities = loaded.peek()
                index.add_article(loaded.key, article, entities)
            for bookmark in bookmarks:
                if cancelled():
                    return None
                _index_bookmark(index, bookmark, by_key.get(bookmark.article_key))
            with self._lock:
                for change in self._pending:
                    change(index)
                self.index = index
            return index
        finally:
            with self._lock:
                self._pending = None

    def index_bookmark(self, bookmark: Bookmark) -> None:
        """Make a new bookmark findable by search (now, or once the index is built)."""
        with self._lock:
            loaded = self._by_key.get(bookmark.article_key)
            if self._pending is not None:
                self._pending.append(lambda index: _index_bookmark(index, bookmark, loaded))
            elif self.index is not None:
                _index_bookmark(self.index, bookmark, loaded)

    # ----------------------------------------------------------------- searching
    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        min_score: float = 0.0,
        article: str | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[SearchHit]:
        """The search `/` and `reader search` run: fuzzy words, narrowed by any operators
        (`tag:`, `note:`, `colour:`, `title:`, `entity:`; see `search.operators`). [] while
        the index is not built. Safe in a worker thread."""
        from reader.core.search.operators import parse_query

        index = self.index
        if index is None:
            return []
        parsed = parse_query(query)
        if not parsed.filtered:
            return index.query(
                query, limit=limit, min_score=min_score, article=article, cancelled=cancelled
            )
        scope = self._scope(parsed)
        marks = self._marks(parsed) if parsed.highlights_only else None
        if marks is not None:
            scope = {b.article_key for b in marks} & (scope if scope is not None else set(
                self._by_key))  # fmt: skip
        if article is not None:
            scope = {article} & (scope if scope is not None else {article})
        if not parsed.words.strip():
            return self._listing(scope or set(), marks, limit)
        hits = index.query(
            parsed.words,
            limit=limit * 4 if marks is not None else limit,
            min_score=min_score,
            articles=scope,
            cancelled=cancelled,
        )
        if marks is not None:
            places = {(b.article_key, self._passage_of(b)) for b in marks}
            hits = [
                h for h in hits if h.kind == "bookmark" and (h.article, h.passage_index) in places
            ]
        return hits[:limit]

    def _scope(self, parsed: ParsedQuery) -> set[str] | None:
        """The articles the operators allow (None: any)."""
        from reader.core.search.operators import words_in

        scope: set[str] | None = None

        def narrow(keys: set[str]) -> None:
            nonlocal scope
            scope = keys if scope is None else scope & keys

        for tag in parsed.tags:
            narrow(self.keeping.tagged_keys(tag) if self.keeping is not None else set())
        articles = self.articles
        for title in parsed.titles:
            narrow({a.key for a in articles if words_in(title, a.title)})
        for name in parsed.entities:
            within = [a for a in articles if scope is None or a.key in scope]
            narrow({a.key for a in within if a.mentions(name)})
        return scope

    def _marks(self, parsed: ParsedQuery) -> list[Bookmark]:
        """The bookmarks and highlights a `colour:` or `note:` asks for (not orphaned)."""
        from reader.core.search.operators import words_in

        colours = {c.casefold() for c in parsed.colours}
        found = []
        for bookmark in self.keeping.bookmarks() if self.keeping is not None else []:
            if bookmark.orphaned or bookmark.article_key not in self._by_key:
                continue
            if colours and bookmark.colour.casefold() not in colours:
                continue
            if not all(words_in(note, bookmark.note) for note in parsed.notes):
                continue
            found.append(bookmark)
        return found

    def _passage_of(self, bookmark: Bookmark) -> int:
        loaded = self.get(bookmark.article_key)
        if loaded is None:
            return 0
        sections = loaded.peek()[0].sections
        return max((i for i, s in enumerate(sections) if s.start <= bookmark.start), default=0)

    def _listing(
        self, scope: set[str], marks: list[Bookmark] | None, limit: int
    ) -> list[SearchHit]:
        """Operators alone: the highlights they name, or the articles, as hits."""
        from reader.core.search.snippets import SNIPPET

        if marks is not None:
            marks = sorted(marks, key=lambda b: b.created, reverse=True)[:limit]
            return [
                SearchHit(
                    article=b.article_key,
                    title=b.article_title,
                    kind="bookmark",
                    passage_index=self._passage_of(b),
                    score=100.0,
                    snippet=" ".join(b.quote.split())[:SNIPPET],
                    start=0,
                    end=0,
                )
                for b in marks
            ]
        return [
            SearchHit(a.key, a.title, "title", 0, 100.0, a.title[:SNIPPET], 0, 0)
            for a in self.articles
            if a.key in scope
        ][:limit]


def _index_article(index: SearchIndex, loaded: LoadedArticle) -> None:
    article, entities = loaded.peek()
    index.add_article(loaded.key, article, entities)


def _index_bookmark(index: SearchIndex, bookmark: Bookmark, loaded: LoadedArticle | None) -> None:
    """A bookmark's quote and note, findable at its passage."""
    if loaded is None or bookmark.orphaned:
        return
    sections = loaded.peek()[0].sections
    passage = max((i for i, s in enumerate(sections) if s.start <= bookmark.start), default=0)
    text = f"{bookmark.quote}\n{bookmark.note}" if bookmark.note else bookmark.quote
    index.add_bookmark(loaded.key, loaded.title, passage, text)


def _nothing(path: str) -> None:
    return None


def _stat_file(source: str) -> os.stat_result | None:
    try:
        return os.stat(source) if os.path.isfile(source) else None
    except OSError:
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
