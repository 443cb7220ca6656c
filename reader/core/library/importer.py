"""Adding many files to the library at once: in parallel, resumable, interruptible.

`import_paths` is what `reader add` (and an import from the app) runs:

1. the paths are expanded to files, and each is `stat`ed; a file whose path, size and mtime
   are in the library and whose article is in the cache is skipped without being read;
   one that is in the cache but not in the library (an import stopped half-way, or a file
   removed and added again) is remembered without being read either;
2. the rest are loaded, cleaned and their entities found in worker processes, in chunks;
   a worker sends back a `CachedRecord` (the serialised article, a few KB);
3. the parent writes results in batches: first the cache (one transaction a batch), then the
   library (`Store.remember`, one short transaction each). A file in the library is therefore
   always in the cache too, and a stop at any moment leaves every file either fully added or
   not at all: running the import again adds what is missing.

Ctrl-C (KeyboardInterrupt) or `should_stop()` returning True cancels the chunks not started,
waits for the few running (well under a second), and returns with `interrupted` set.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.ingest.loading import DEFAULT_MAX_BYTES, LoadError, expand, load_file
from reader.core.library.articles import process
from reader.core.library.cache import (
    ArticleCache,
    CachedRecord,
    content_hash,
    deserialise,
    extractor_for,
    record_for,
)
from reader.core.models import LoadProblem, RawDocument
from reader.core.storage.store import Store

CHUNK = 16
"""Files a worker processes per task: large enough to hide the cost of sending a task, small
enough that a stop waits for little."""
BATCH = 128
"""Results written to the cache and the library per batch."""
MIN_FOR_POOL = 48
"""Fewer files than this are processed in this process: starting workers would cost more."""

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    added: int = 0
    """Files remembered in the library by this import (new, changed, or cached but forgotten)."""
    skipped_unchanged: int = 0
    """Files already in the library, unchanged since (same size and mtime), and cached."""
    failed: list[LoadProblem] = field(default_factory=list)
    """Files (and arguments) that could not be added, each with a message naming it."""
    interrupted: bool = False
    duplicates: int = 0
    """Files whose cleaned text is already in the library under another existing file."""
    processed: int = 0
    """Files read and cleaned by this import (the rest came from the cache)."""
    warnings: list[LoadProblem] = field(default_factory=list)
    """Files added with a warning (e.g. not UTF-8, decoded as Windows-1252)."""
    files: list[str] = field(default_factory=list)
    """The files now in the library (added or already there), resolved, in the order named:
    a session lists their articles from the cache."""


@dataclass(frozen=True)
class _File:
    path: str
    """Absolute and resolved: how the library and the cache name the file."""
    name: str
    """As the user gave it, for messages."""
    size: int
    mtime: float


def import_paths(
    paths: Sequence[str],
    *,
    cache: ArticleCache,
    store: Store,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImportReport:
    """Add the files the paths name to the library and the cache (see the module docstring).

    `workers`: processes to clean in (None: one a core; 0: none, all in this process).
    `progress(done, total)` is called after each chunk, from this thread. A `StoreError`
    (the library cannot be written) stops the import and is raised; what was committed stays.
    """
    report = ImportReport()
    stop = should_stop or (lambda: False)
    run = _Run(cache, store, report, progress, 0)
    try:
        files = _files(paths, report)
        run.total = len(files)
        todo = list(_decide(files, cache, store, run))
        run.flush()
        if todo and not stop():
            _process(todo, run, max_bytes, cache.backend, workers, stop)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _files(paths: Sequence[str], report: ImportReport) -> list[tuple[Path, str]]:
    """(path as found, name for messages) for every file named, each once."""
    found: list[tuple[Path, str]] = []
    for item in expand(paths):
        if isinstance(item, LoadProblem):
            report.failed.append(item)
        else:
            found.append((item, str(item)))
    return found


def _decide(
    files: list[tuple[Path, str]], cache: ArticleCache, store: Store, run: _Run
) -> Iterable[_File]:
    """Skip the unchanged, remember the cached, and yield the files that must be read."""
    library = {entry.path: entry for entry in store.library() if entry.path}
    run.owners = {entry.key: path for path, entry in library.items()}
    known = cache.files()
    seen: set[str] = set()
    for path, name in files:
        try:
            resolved = str(path.resolve())
            stat = os.stat(resolved)
        except (OSError, RuntimeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            run.fail(LoadProblem(name, f"{name}: cannot be read ({reason})"))
            continue
        if resolved in seen:  # named twice (a file and its folder)
            run.advance(1)
            continue
        seen.add(resolved)
        file = _File(resolved, name, stat.st_size, stat.st_mtime)
        cached = known.get(resolved)
        if cached is None or cached.size != file.size or cached.mtime != file.mtime:
            yield file
            continue
        entry = library.get(resolved)
        if (
            entry is not None
            and entry.key == cached.key
            and entry.size == file.size
            and entry.mtime == file.mtime
        ):
            run.report.skipped_unchanged += 1
            run.report.files.append(resolved)
            run.advance(1)
        else:
            run.reuse(file, key=cached.key, title=cached.title)


class _Run:
    """The parent's side of an import: batches results and writes them, counts, reports."""

    def __init__(
        self,
        cache: ArticleCache,
        store: Store,
        report: ImportReport,
        progress: Progress | None,
        total: int,
    ) -> None:
        self.cache = cache
        self.store = store
        self.report = report
        self.progress = progress
        self.total = total
        self.done = 0
        self.owners: dict[str, str] = {}
        self.pending: list[tuple[_File, CachedRecord | None, str, str]] = []

    def advance(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)

    def fail(self, problem: LoadProblem) -> None:
        self.report.failed.append(problem)
        self.advance(1)

    def reuse(self, file: _File, key: str, title: str) -> None:
        """A file whose article is cached: remember it without reading it."""
        self._add(file, None, key, title)

    def result(self, file: _File, outcome: CachedRecord | LoadProblem) -> None:
        if isinstance(outcome, LoadProblem):
            self.fail(outcome)
            return
        self.report.processed += 1
        self.report.warnings.extend(LoadProblem(file.name, w) for w in outcome.warnings)
        self._add(file, outcome, outcome.key, outcome.title)

    def _add(self, file: _File, record: CachedRecord | None, key: str, title: str) -> None:
        self.pending.append((file, record, key, title))
        if len(self.pending) >= BATCH:
            self.flush()
        self.advance(1)

    def flush(self) -> None:
        """Write the pending results: the cache first (one transaction), then the library."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        records = [record for _, record, _, _ in batch if record is not None]
        if records:
            self.cache.put_many(records)
        for file, record, key, title in batch:
            owner = self.owners.get(key)
            if owner is not None and owner != file.path and os.path.exists(owner):
                self.report.duplicates += 1
                continue
            merged = self.store.remember(key, file.path, title, file.size, file.mtime)
            self.owners[key] = file.path
            self.report.added += 1
            self.report.files.append(file.path)
            if merged:  # an edited file: its bookmarks follow it to the new text
                text = self._text(record, key, file)
                if text is not None:
                    self.store.reanchor_bookmarks(key, text)

    def _text(self, record: CachedRecord | None, key: str, file: _File) -> str | None:
        if record is not None:
            document = RawDocument(record.name, "", record.format)  # type: ignore[arg-type]
            return deserialise(record.data, key, document).article.text
        hash_ = self.cache.lookup_file(file.path, file.size, file.mtime)
        loaded = self.cache.get_by_hash(hash_) if hash_ else None
        return loaded.article.text if loaded else None


# -- processing ---------------------------------------------------------------------------


def process_file(
    path: str, name: str, size: int, mtime: float, max_bytes: int, backend: str
) -> CachedRecord | LoadProblem:
    """Load, clean and find the entities of one file (in a worker): a record or a problem."""
    try:
        document = load_file(Path(path), max_bytes, name=name)
    except LoadError as error:
        return LoadProblem(name, str(error))
    try:
        loaded = process(document, 0, extractor_for(backend))
        return record_for(loaded, content_hash(document), size=size, mtime=mtime)
    except Exception as error:  # a cleaner bug must not stop the import
        return LoadProblem(
            name, f"{name}: could not be processed ({type(error).__name__}: {error})"
        )


def _process_chunk(
    chunk: list[tuple[str, str, int, float]], max_bytes: int, backend: str
) -> list[CachedRecord | LoadProblem]:
    return [process_file(*item, max_bytes, backend) for item in chunk]


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops them in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process(
    todo: list[_File],
    run: _Run,
    max_bytes: int,
    backend: str,
    workers: int | None,
    stop: Callable[[], bool],
) -> None:
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    count = (os.cpu_count() or 1) if workers is None else workers
    if count <= 0 or len(todo) < MIN_FOR_POOL:
        _in_process(deque(chunks), run, max_bytes, backend, stop)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(count, len(chunks)),
        mp_context=_context(),
        initializer=_quiet_worker,
    )
    left = deque(chunks)
    running: deque[tuple[list[_File], Future]] = deque()
    try:
        while (left or running) and not run.report.interrupted:
            while left and len(running) < 3 * count:
                chunk = left.popleft()
                running.append((chunk, _submit(pool, chunk, max_bytes, backend)))
            chunk, future = running.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): these files failed; go on here.
                for file in chunk:
                    message = f"{file.name}: could not be processed (the worker process stopped)"
                    run.result(file, LoadProblem(file.name, message))
                left.extendleft(reversed([c for c, _ in running]))
                running.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                _in_process(left, run, max_bytes, backend, stop)
                return
            for file, outcome in zip(chunk, outcomes, strict=True):
                run.result(file, outcome)
            if stop():
                run.report.interrupted = True
        run.flush()
    finally:
        for _, future in running:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _in_process(
    chunks: deque[list[_File]],
    run: _Run,
    max_bytes: int,
    backend: str,
    stop: Callable[[], bool],
) -> None:
    while chunks:
        chunk = chunks.popleft()
        for file in chunk:
            outcome = process_file(file.path, file.name, file.size, file.mtime, max_bytes, backend)
            run.result(file, outcome)
        if stop():
            run.report.interrupted = True
            break
    run.flush()


def _submit(pool: Executor, chunk: list[_File], max_bytes: int, backend: str) -> Future:
    items = [(f.path, f.name, f.size, f.mtime) for f in chunk]
    return pool.submit(_process_chunk, items, max_bytes, backend)


def _context() -> multiprocessing.context.BaseContext | None:
    """fork when this process runs one thread (the CLI): the fastest start. forkserver when it
    runs several (the TUI), as forking then is unsafe; spawn (Windows, macOS) otherwise."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reader.core.library.importer"])
        return context
    return None
