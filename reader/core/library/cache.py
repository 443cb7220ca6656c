"""Cleaned articles and their entities, cached in SQLite so that a start never cleans twice.

Cleaning and entity extraction take a few milliseconds an article: nothing for one, a minute
for a library of ten thousand. The cache keeps what they produced, keyed by the hash of the
raw text (with its format) and stamped with the cleaner, entity and format versions, so a
change to either makes every entry a miss. A "file index" (path -> size, mtime, content hash)
lets a start skip reading an unchanged file at all.

It is a cache: `cache.sqlite3` beside the reader database may be deleted at any time. A
damaged file is deleted and started afresh (no message needed: nothing is lost), and a cache
that cannot be written (locked, read-only, full) only makes things slower, never fails a call:
the reason is kept in `ArticleCache.problems` for whoever wants to show it.

An article rebuilt from the cache by `get_by_hash` has a `RawDocument` with empty `text`: the
raw text is not kept (it would double the size of the cache and of the library in memory).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from reader.core import versions
from reader.core.ingest.loading import DEFAULT_MAX_BYTES, LoadError, load_file
from reader.core.library.articles import LoadedArticle, Summary, process
from reader.core.library.codec import FORMAT_VERSION, deserialise, entity_names, serialise
from reader.core.models import (
    Article,
    Block,
    Entity,
    RawDocument,
)
from reader.core.storage.sqlite import is_corrupt

#: Bumped whenever the cache's tables change; an older or newer file is simply rebuilt.
SCHEMA_VERSION = 2
CACHE_FILE = "cache.sqlite3"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS articles (
        hash TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        key TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        date TEXT NOT NULL,
        words INTEGER NOT NULL,
        name TEXT NOT NULL,
        path TEXT,
        format TEXT NOT NULL,
        encoding TEXT NOT NULL,
        data BLOB NOT NULL,
        names TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE IF NOT EXISTS files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime REAL NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Covers `files()`: a start lists the library from this index alone, without reading the
    # articles' pages (43 MB for 10,000 articles) for their summaries.
    """CREATE INDEX IF NOT EXISTS articles_summary ON articles
        (hash, version, key, title, source, date, words, name, format, encoding)""",
)
_FILES_QUERY = (
    "SELECT f.path, f.size, f.mtime, f.hash, a.key, a.title, a.source, a.date, a.words, "
    "a.name, a.format, a.encoding FROM files f JOIN articles a ON a.hash = f.hash "
    "WHERE a.version = ?"
)

T = TypeVar("T")


def content_hash(document: RawDocument) -> str:
    """The hash of a document's text and format (the same text cleans differently as HTML)."""
    import hashlib  # here: it loads OpenSSL, and a start that only reads the cache hashes nothing

    digest = hashlib.blake2b(document.format.encode("ascii"), digest_size=16)
    digest.update(b"\n")
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def cache_version(backend: str = "builtin") -> str:
    """The stamp every entry carries: a different one means the entry is stale."""
    return f"c{versions.CLEANER_VERSION}.e{versions.ENTITIES_VERSION}.f{FORMAT_VERSION}.{backend}"


def extractor_for(backend: str) -> Callable[[str], list[Entity]] | None:
    """The extractor `process` is given for a backend: None is the built-in one."""
    if backend == "builtin":
        return None
    from reader.core.entities.recogniser import extract_with_backend

    return lambda text: extract_with_backend(text, backend)


@dataclass(frozen=True)
class CachedRecord:
    """One article ready to be written to the cache: small and picklable (workers send it)."""

    hash: str
    key: str
    title: str
    source: str
    date: str
    words: int
    name: str
    path: str | None
    format: str
    encoding: str
    data: bytes
    """The article and its entities, serialised (see `codec.serialise`)."""
    size: int | None = None
    mtime: float | None = None
    """The file's size and mtime, taken before it was read; None: not in the file index."""
    warnings: tuple[str, ...] = ()
    """The document's load warnings (also inside `data`), for an import to report."""
    names: str = ""
    """The article's distinct entity names, casefolded, one a line (see `entity_names`)."""


def record_for(
    loaded: LoadedArticle,
    hash_: str | None = None,
    size: int | None = None,
    mtime: float | None = None,
) -> CachedRecord:
    document = loaded.document
    return CachedRecord(
        hash=hash_ or content_hash(document),
        key=loaded.key,
        title=loaded.title,
        source=loaded.article.source,
        date=loaded.article.date,
        words=loaded.article.word_count,
        name=document.name,
        path=str(document.path) if document.path is not None else None,
        format=document.format,
        encoding=document.encoding,
        data=serialise(loaded),
        names=entity_names(loaded),
        size=size,
        mtime=mtime,
        warnings=document.warnings,
    )


@dataclass(frozen=True)
class CachedFile:
    """What the sidebar shows of an article, known without loading it (see `files`)."""

    path: str
    size: int
    mtime: float
    hash: str
    key: str
    title: str
    source: str
    date: str
    words: int
    name: str = ""
    format: str = "text"
    encoding: str = "utf-8"


class ArticleCache:
    """The cache file. Safe to share between threads (calls are serialised by a lock)."""

    def __init__(self, path: Path, *, backend: str = "builtin", timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.backend = backend
        self.version = cache_version(backend)
        self.timeout = timeout
        self.problems: list[str] = []
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        with self._lock:
            self._conn = self._start()

    @classmethod
    def in_folder(cls, data_dir: Path, *, backend: str = "builtin") -> ArticleCache:
        """The cache beside the reader database (`Paths.data_dir`)."""
        return cls(Path(data_dir) / CACHE_FILE, backend=backend)

    # -- opening, and starting again --------------------------------------------------------

    def _start(self) -> sqlite3.Connection | None:
        """A connection to a usable cache file: a damaged one is deleted and made anew."""
        for attempt in range(2):
            try:
                return self._open()
            except sqlite3.DatabaseError as error:
                if attempt == 0 and is_corrupt(error):
                    self._delete_files()
                    continue
                self._problem(f"the article cache {self.path} cannot be used ({error})")
                return None
            except OSError as error:
                self._problem(f"the article cache {self.path} cannot be used ({error})")
                return None
        return None

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        try:
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            # A cache may lose its last writes in a power cut: they are made again.
            conn.execute("PRAGMA synchronous = NORMAL")
            if schema == SCHEMA_VERSION and self._up_to_date(conn):
                return conn  # the usual start: no write needed
            conn.execute("BEGIN IMMEDIATE")
            if schema != SCHEMA_VERSION:
                for table in ("articles", "files", "meta"):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
            row = conn.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
            if row is None or row[0] != self.version:
                # Stale entries would never be read again: drop them now, in one go.
                conn.execute("DELETE FROM articles WHERE version != ?", (self.version,))
                conn.execute(
                    "INSERT OR REPLACE INTO meta (name, value) VALUES ('version', ?)",
                    (self.version,),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        return conn

    def _up_to_date(self, conn: sqlite3.Connection) -> bool:
        """Whether the file has this version's entries and every table and index."""
        try:
            row = conn.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        except sqlite3.OperationalError:  # no meta table: made below
            return False
        if row is None or row[0] != self.version:
            return False
        names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        return {"articles", "files", "meta", "articles_summary"} <= names

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{self.path}{suffix}")

    def _reset(self) -> None:
        """Throw the damaged cache away and start an empty one."""
        self.close()
        self._delete_files()
        self._conn = self._start()

    def _problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def _run(self, what: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run what; on a damaged file start afresh and retry once; on other errors, default."""
        with self._lock:
            for attempt in range(2):
                conn = self._conn
                if conn is None:
                    return default
                try:
                    return what(conn)
                except UnicodeEncodeError:
                    # A file name that is not valid Unicode cannot be stored in SQLite text:
                    # that article is simply not cached.
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    return default
                except sqlite3.DatabaseError as error:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    if attempt == 0 and is_corrupt(error):
                        self._reset()
                        continue
                    self._problem(f"the article cache {self.path}: {error}")
                    return default
            return default

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> ArticleCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def _row(self, hash_: str) -> tuple | None:
        return self._run(
            lambda conn: conn.execute(
                "SELECT key, name, path, format, encoding, data FROM articles "
                "WHERE hash = ? AND version = ?",
                (hash_, self.version),
            ).fetchone(),
            None,
        )

    def _rebuild(
        self, hash_: str, row: tuple, document: RawDocument, added: int
    ) -> LoadedArticle | None:
        try:
            return deserialise(row[5], row[0], document, added)
        except (ValueError, TypeError, IndexError, KeyError, zlib.error):
            self._run(
                lambda conn: conn.execute("DELETE FROM articles WHERE hash = ?", (hash_,)), None
            )
            return None

    def get(self, raw: RawDocument, added: int = 0) -> LoadedArticle | None:
        """The cached article for a document already read, or None."""
        hash_ = content_hash(raw)
        row = self._row(hash_)
        return self._rebuild(hash_, row, raw, added) if row else None

    def get_by_hash(
        self, hash_: str, *, path: Path | str | None = None, added: int = 0
    ) -> LoadedArticle | None:
        """The cached article with this content hash, without reading its file, or None.

        Its document has empty `text`. `path` names the file it is opened as, when it may be
        another file with the same text than the one it was cached from.
        """
        row = self._row(hash_)
        if row is None:
            return None
        _, name, stored, fmt, encoding, _ = row
        document_path = Path(path) if path is not None else (Path(stored) if stored else None)
        if path is not None and str(path) != stored:
            name = str(path)
        document = RawDocument(name, "", fmt, document_path, encoding)
        loaded = self._rebuild(hash_, row, document, added)
        if loaded is not None and path is not None and stored and str(path) != stored:
            old_source = Path(stored).name
            if loaded.article.source == old_source and document_path is not None:
                article = replace(loaded.article, source=document_path.name)
                loaded = LoadedArticle(
                    loaded.key, loaded.document, article, loaded.entities, loaded.added
                )
        return loaded

    def lookup_file(self, path: Path | str, size: int, mtime: float) -> str | None:
        """The content hash of the file if it is unchanged (same size and mtime) and cached."""
        row = self._run(
            lambda conn: conn.execute(
                "SELECT f.hash FROM files f JOIN articles a ON a.hash = f.hash "
                "WHERE f.path = ? AND f.size = ? AND f.mtime = ? AND a.version = ?",
                (str(path), size, mtime, self.version),
            ).fetchone(),
            None,
        )
        return row[0] if row else None

    def file(self, path: str) -> CachedFile | None:
        """One indexed file's summary (as `files` gives them all), or None."""
        row = self._run(
            lambda conn: conn.execute(
                f"{_FILES_QUERY} AND f.path = ?", (self.version, str(path))
            ).fetchone(),
            None,
        )
        return CachedFile(*row) if row else None

    def files(self) -> dict[str, CachedFile]:
        """Every indexed file whose article is cached, by path, with its summary: one query
        (about 50 ms for 10,000) gives a start its sidebar and an import its decisions.

        Whether each file is still unchanged is for the caller to check (size and mtime).
        """
        rows = self._run(lambda conn: conn.execute(_FILES_QUERY, (self.version,)).fetchall(), [])
        return {row[0]: CachedFile(*row) for row in rows}

    def summary_article(
        self, file: CachedFile, added: int = 0, *, missing: bool = False
    ) -> LoadedArticle:
        """The article of an indexed file as its summary, its text fetched from the cache
        when it is first read (and the file read again only if the entry is gone)."""

        def fetch() -> tuple[Article, tuple[Entity, ...]]:
            path = Path(file.path)
            loaded = self.get_by_hash(file.hash, path=path)
            if loaded is None:
                try:
                    loaded = self.open_file(path)
                except LoadError as error:
                    return _unavailable(file, str(error)), ()
            return loaded.article, loaded.entities

        def document() -> RawDocument:  # made when asked for: a Path costs 10 µs
            name = file.name if file.name and file.name != file.path else file.path
            return RawDocument(name, "", file.format, Path(file.path), file.encoding)  # type: ignore[arg-type]

        def probe(folded: str) -> bool:
            return self.mentions(file.hash, folded)

        summary = Summary(file.title, file.source, file.date, file.words, missing)
        return LoadedArticle(
            file.key, document, added=added, summary=summary, fetch=fetch, probe=probe
        )

    def mentions(self, hash_: str, folded: str) -> bool:
        """Whether the cached article has an entity reading `folded` (casefolded, spaces
        single): one indexed lookup, where parsing the article would take 100 times longer."""
        row = self._run(
            lambda conn: conn.execute(
                "SELECT instr(names, ?) FROM articles WHERE hash = ?", (f"\n{folded}\n", hash_)
            ).fetchone(),
            None,
        )
        return bool(row and row[0])

    def __len__(self) -> int:
        row = self._run(
            lambda conn: conn.execute(
                "SELECT count(*) FROM articles WHERE version = ?", (self.version,)
            ).fetchone(),
            (0,),
        )
        return row[0]

    # -- writing ---------------------------------------------------------------------------

    def put(
        self, loaded: LoadedArticle, *, size: int | None = None, mtime: float | None = None
    ) -> None:
        """Cache the article; with size and mtime (taken before reading), index its file too."""
        self.put_many([record_for(loaded, size=size, mtime=mtime)])

    def put_many(self, records: Iterable[CachedRecord]) -> bool:
        """Write records in one transaction. False if the cache could not be written."""
        batch = list(records)
        version = self.version

        def write(conn: sqlite3.Connection) -> bool:
            with self._transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO articles "
                    "(hash, version, key, title, source, date, words, name, path, format, "
                    "encoding, data, names) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            r.hash,
                            version,
                            r.key,
                            r.title,
                            r.source,
                            r.date,
                            r.words,
                            r.name,
                            r.path,
                            r.format,
                            r.encoding,
                            r.data,
                            r.names,
                        )
                        for r in batch
                    ],
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO files (path, size, mtime, hash) VALUES (?, ?, ?, ?)",
                    [
                        (r.path, r.size, r.mtime, r.hash)
                        for r in batch
                        if r.path is not None and r.size is not None and r.mtime is not None
                    ],
                )
            return True

        return self._run(write, False)

    def index_file(self, path: Path | str, size: int, mtime: float, hash_: str) -> None:
        """Record that the file at path (of this size and mtime) holds the cached hash."""

        def write(conn: sqlite3.Connection) -> None:
            with self._transaction(conn):
                conn.execute(
                    "INSERT OR REPLACE INTO files (path, size, mtime, hash) VALUES (?, ?, ?, ?)",
                    (str(path), size, mtime, hash_),
                )

        self._run(write, None)

    def prune(self, keep_paths: Iterable[str]) -> int:
        """Forget every file not in keep_paths (the library's), and articles no file holds.

        Returns the articles dropped. For `reader remove` or an occasional tidy-up.
        """
        keep = [(str(path),) for path in keep_paths]

        def write(conn: sqlite3.Connection) -> int:
            with self._transaction(conn):
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep (path TEXT PRIMARY KEY)")
                conn.execute("DELETE FROM keep")
                conn.executemany("INSERT OR IGNORE INTO keep (path) VALUES (?)", keep)
                conn.execute("DELETE FROM files WHERE path NOT IN (SELECT path FROM keep)")
                dropped = conn.execute(
                    "DELETE FROM articles WHERE hash NOT IN (SELECT hash FROM files)"
                ).rowcount
                conn.execute("DELETE FROM keep")
            return dropped

        return self._run(write, 0)

    # -- the one call a reader needs --------------------------------------------------------

    def load_or_process(
        self,
        raw: RawDocument,
        added: int = 0,
        *,
        size: int | None = None,
        mtime: float | None = None,
    ) -> LoadedArticle:
        """The cached article for the document, or process it now and cache it."""
        hit = self.get(raw, added)
        if hit is not None:
            if raw.path is not None and size is not None and mtime is not None:
                self.index_file(raw.path, size, mtime, content_hash(raw))
            return hit
        loaded = process(raw, added, extractor_for(self.backend))
        self.put(loaded, size=size, mtime=mtime)
        return loaded

    def open_file(
        self, path: Path, added: int = 0, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> LoadedArticle:
        """A file's article: from the cache without reading it when the file is unchanged.

        Raises LoadError (as `load_file` does) when the file cannot be read.
        """
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if stat is not None:
            hash_ = self.lookup_file(path, stat.st_size, stat.st_mtime)
            if hash_ is not None:
                loaded = self.get_by_hash(hash_, path=path, added=added)
                if loaded is not None:
                    return loaded
        raw = load_file(path, max_bytes)
        if stat is None:
            return self.load_or_process(raw, added)
        return self.load_or_process(raw, added, size=stat.st_size, mtime=stat.st_mtime)


def _unavailable(file: CachedFile, why: str) -> Article:
    """What is shown for an article whose file is gone and whose cache entry is gone too."""
    return Article(
        title=file.title,
        blocks=(
            Block(
                "paragraph",
                f"This article's text is no longer available: {why}. Its bookmarks are kept "
                "(b opens the list).",
            ),
        ),
        source=file.source,
        path=Path(file.path),
    )
