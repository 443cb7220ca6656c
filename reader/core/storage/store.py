"""What reader remembers between sessions: the library, reading state and bookmarks, in SQLite.

Losing a bookmark is the worst bug reader can have, so:

- every write is its own short transaction, committed before the method returns (WAL journal,
  `synchronous=FULL`): once a call returns, a crash cannot take it back;
- a write that fails raises `StoreError` (never a silent drop), whose `str()` is a message for
  the user naming the file and what to do; the caller can keep the bookmark and retry;
- a database held by another program is waited for (`timeout` seconds), then reported;
- a damaged file is moved aside (``reader.sqlite3.corrupt-YYYYmmdd-HHMMSS``), never deleted or
  overwritten, and a fresh one started; `Store.notices` says so for the app to show;
- a database written by a newer reader (a higher `PRAGMA user_version`) is refused untouched;
- the schema has a version and a list of migrations, applied in one transaction each.

Articles are keyed by `article_key` (a hash of the cleaned text), with their path as a hint:
a moved file keeps its state (found by key), and an edited file (new key, same path) takes
over the old entry, its reading state and its bookmarks (see `Store.remember`); the caller then
re-anchors the bookmarks against the new text with `reanchor_bookmarks`.

Importing bookmarks never duplicates: the id (a UUID) is kept across export and import. An
imported bookmark whose id is already stored changes nothing, except its note when the
imported copy was updated later than the stored one (newest note wins); anchors are untouched.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.models import Bookmark, now
from reader.core.navigation.position import Anchor
from reader.core.storage.sqlite import is_corrupt


class StoreError(Exception):
    """A problem with the database, phrased for the user: what happened, which file, what to do."""


class MissingBookmark(StoreError):
    """The bookmark asked for is not stored (deleted meanwhile, or never saved)."""


@dataclass(frozen=True)
class LibraryEntry:
    """An article the user opened or added, with its reading state."""

    key: str
    path: str | None
    title: str
    added: str
    """ISO 8601 UTC: when the article was first remembered."""
    size: int | None
    mtime: float | None
    read: bool
    position: Anchor
    """Where reading stands: the passage's quote and offset (see `navigation.position`)."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    """Bookmarks already stored (same id), left as they were."""
    updated: int
    """Bookmarks already stored whose note was replaced by a newer one from the import."""


# Each migration takes the schema from version i to i + 1; it runs in one transaction with the
# version bump. Append to this list, never edit an entry that has shipped.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE library (
            key TEXT PRIMARY KEY,
            path TEXT,
            title TEXT NOT NULL DEFAULT '',
            added TEXT NOT NULL,
            size INTEGER,
            mtime REAL
        )""",
        "CREATE INDEX library_path ON library (path)",
        """CREATE TABLE reading_state (
            key TEXT PRIMARY KEY,
            read INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0,
            updated TEXT NOT NULL
        )""",
        """CREATE TABLE bookmarks (
            id TEXT PRIMARY KEY,
            article_key TEXT NOT NULL,
            article_title TEXT NOT NULL DEFAULT '',
            article_path TEXT NOT NULL DEFAULT '',
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX bookmarks_article ON bookmarks (article_key)",
    ),
    (  # 2: highlights (a colour, tags, the last re-anchoring's score) and article tags
        "ALTER TABLE bookmarks ADD COLUMN colour TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE bookmarks ADD COLUMN tags TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE bookmarks ADD COLUMN score REAL NOT NULL DEFAULT 100",
        """CREATE TABLE article_tags (
            key TEXT NOT NULL,
            tag TEXT NOT NULL,
            PRIMARY KEY (key, tag)
        )""",
        "CREATE INDEX article_tags_tag ON article_tags (tag)",
    ),
    # 3: the reading position as the passage's quote and an offset (it survives another
    # width and a re-extraction); `position` stays, the passage index the anchor was made at
    # (all that rows stored before have: they are found by it). `percent` is how far
    # through the article that is (-1: not known), for the article list.
    (
        "ALTER TABLE reading_state ADD COLUMN quote TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE reading_state ADD COLUMN quote_offset INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE reading_state ADD COLUMN text_offset INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE reading_state ADD COLUMN percent INTEGER NOT NULL DEFAULT -1",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)

_BOOKMARK_COLUMNS = (
    "id, article_key, article_title, article_path, quote, prefix, suffix, start_offset, "
    "end_offset, note, created, updated, orphaned, colour, tags, score"
)
TAG_SEPARATOR = "\n"
"""Tags are kept joined by a newline, which a tag cannot hold (see `checked_tags`)."""


#: The position of an article never read: its top.
TOP = Anchor("")


class _Corrupt(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Store:
    """The SQLite store. Safe to share between threads (calls are serialised by a lock)."""

    def __init__(self, path: Path, *, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.notices: list[str] = []
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._make_folder()
        try:
            self._conn = self._open()
        except _Corrupt as corrupt:
            moved = self._move_aside()
            self.notices.append(
                f"The reader database {self.path} was damaged ({corrupt.reason}). It was moved "
                f"aside to {moved} and a new, empty database was started; the old file is "
                "kept in case its bookmarks can be recovered."
            )
            try:
                self._conn = self._open()
            except _Corrupt as again:
                raise StoreError(
                    f"{self.notices[-1]} But a new database could not be started either "
                    f"({again.reason}). Check the disk, or set READER_DATA_DIR to another folder."
                ) from None
            except StoreError as error:
                raise StoreError(f"{self.notices[-1]} But then: {error}") from None

    # -- opening -------------------------------------------------------------------------

    def _enable_wal(self, conn: sqlite3.Connection) -> None:
        """Switch to WAL, waiting for other writers: SQLite answers "locked" at once here,
        without the busy timeout, while another process writes to a fresh database."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _make_folder(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreError(
                f"Cannot create the data folder {folder} for the reader database: {reason}. "
                "Make sure it is a writable folder, or set READER_DATA_DIR to one."
            ) from None
        if not folder.is_dir():
            raise StoreError(
                f"The data folder {folder} is not a folder. Move that file away, or set "
                "READER_DATA_DIR to a writable folder."
            )

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise self._error(error, "open the database") from None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"The reader database {self.path} was written by a newer version of reader "
                    f"(schema {version}; this version knows up to {SCHEMA_VERSION}). It was not "
                    "opened or changed. Update reader, or set READER_DATA_DIR to another folder."
                )
            if version > 0:
                problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
                if problems != ["ok"]:
                    raise _Corrupt("; ".join(str(p) for p in problems[:3]))
            self._enable_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            self._migrate(conn, version)
        except BaseException as error:
            conn.close()
            if isinstance(error, sqlite3.Error):
                if is_corrupt(error):
                    raise _Corrupt(str(error)) from None
                raise self._error(error, "open the database") from None
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                if conn.execute("PRAGMA user_version").fetchone()[0] >= target:
                    conn.execute("ROLLBACK")
                    continue
                for statement in MIGRATIONS[target - 1]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target:d}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _move_aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        base = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        target, n = base, 1
        while target.exists():
            n += 1
            target = base.with_name(f"{base.name}-{n}")
        try:
            self.path.rename(target)
            for suffix in ("-wal", "-shm", "-journal"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.rename(target.with_name(target.name + suffix))
        except OSError as error:
            raise StoreError(
                f"The reader database {self.path} is damaged and could not be moved aside "
                f"({error.strerror or error}). Move it away yourself (keep it: it holds your "
                "bookmarks), or set READER_DATA_DIR to another folder."
            ) from None
        return target

    def _error(self, error: sqlite3.Error, what: str) -> StoreError:
        message = str(error)
        lowered = message.lower()
        if "locked" in lowered or "busy" in lowered:
            text = (
                f"Could not {what}: the database {self.path} is locked by another program "
                f"(waited {self.timeout:g} s). Close other copies of reader and try again."
            )
        elif "readonly" in lowered or "read-only" in lowered:
            text = (
                f"Could not {what}: the database {self.path} is read-only. Make the file and "
                f"its folder writable, or set READER_DATA_DIR to a writable folder."
            )
        elif "unable to open" in lowered:
            text = (
                f"Could not {what}: cannot open {self.path}. Check that its folder exists and "
                "is writable, or set READER_DATA_DIR to a writable folder."
            )
        elif "full" in lowered:
            text = f"Could not {what}: the disk holding {self.path} is full. Free some space."
        elif is_corrupt(error):
            text = (
                f"Could not {what}: the database {self.path} is damaged ({message}). Quit "
                "reader; the next start moves the damaged file aside."
            )
        else:
            text = f"Could not {what} in the database {self.path}: {message}."
        return StoreError(text)

    # -- plumbing ------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"The reader database {self.path} is closed.")
        return self._conn

    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One short transaction, committed on leaving; any failure is a StoreError."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise self._error(error, what) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self._error(error, what) from None
                raise

    def _read(self, what: str, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connection().execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise self._error(error, what) from None

    # -- library -------------------------------------------------------------------------

    def remember(
        self,
        key: str,
        path: str | None,
        title: str,
        size: int | None = None,
        mtime: float | None = None,
    ) -> list[str]:
        """Add the article to the library, or update its path, title, size and mtime.

        The added time of a known article is kept. An entry for the same path under another
        key (the file was edited, or cleaned differently) is merged into this one: its added
        time, reading state and bookmarks come along. Returns the keys merged; when there are
        any, call `reanchor_bookmarks(key, text)` (calling it on every open is cheap too).
        """
        with self._write("remember the article") as conn:
            return _remember(conn, key, path, title, size, mtime)

    def remember_many(self, entries: Iterable[Remembered]) -> None:
        """`remember` for many articles in one transaction (one disk sync, not one each):
        opening a folder of a thousand files by name must not write a thousand times."""
        with self._write("remember the articles") as conn:
            for entry in entries:
                _remember(conn, *entry)

    def bookmarked_keys(self) -> set[str]:
        """The articles that have bookmarks: only these need re-anchoring when remembered."""
        rows = self._read("read the bookmarks", "SELECT DISTINCT article_key FROM bookmarks")
        return {key for (key,) in rows}

    def library(self) -> list[LibraryEntry]:
        """The remembered articles, oldest first."""
        rows = self._read(
            "read the library",
            """SELECT l.key, l.path, l.title, l.added, l.size, l.mtime,
                      coalesce(s.read, 0), coalesce(s.position, 0), coalesce(s.quote, ''),
                      coalesce(s.quote_offset, 0), coalesce(s.text_offset, 0)
               FROM library l LEFT JOIN reading_state s ON s.key = l.key
               ORDER BY l.added, l.rowid""",
        )
        return [
            LibraryEntry(key, path, title, added, size, mtime, bool(read), Anchor(q, o, t, p))
            for key, path, title, added, size, mtime, read, p, q, o, t in rows
        ]

    def library_paths(self) -> list[str]:
        """The remembered articles' paths, oldest first: what a start lists (10,000 in a few
        milliseconds, where `library` builds an entry for each)."""
        rows = self._read(
            "read the library",
            "SELECT path FROM library WHERE path IS NOT NULL ORDER BY added, rowid",
        )
        return [path for (path,) in rows]

    def forget(self, key: str) -> None:
        """Take the article out of the library, with its reading state.

        Its bookmarks stay, marked orphaned (there is no article to show them in); opening the
        article again and calling `reanchor_bookmarks` attaches them again.
        """
        with self._write("forget the article") as conn:
            conn.execute("DELETE FROM library WHERE key = ?", (key,))
            conn.execute("DELETE FROM reading_state WHERE key = ?", (key,))
            conn.execute("UPDATE bookmarks SET orphaned = 1 WHERE article_key = ?", (key,))

    def key_for(self, key: str, path: str | None = None) -> str | None:
        """The stored key for an article: `key` if known, else the entry at `path`, else None."""
        known = self._read(
            "look up the article",
            "SELECT key FROM library WHERE key = ? "
            "UNION SELECT key FROM reading_state WHERE key = ?",
            (key, key),
        )
        if known:
            return key
        if path is not None:
            rows = self._read(
                "look up the article",
                "SELECT key FROM library WHERE path = ? ORDER BY added DESC LIMIT 1",
                (str(path),),
            )
            if rows:
                return rows[0][0]
        return None

    # -- reading state -------------------------------------------------------------------

    def set_read(self, key: str, read: bool = True) -> None:
        with self._write("save the reading state") as conn:
            conn.execute(
                """INSERT INTO reading_state (key, read, updated) VALUES (?, ?, ?)
                   ON CONFLICT (key) DO UPDATE SET read = excluded.read,
                   updated = excluded.updated""",
                (key, int(bool(read)), now()),
            )

    def set_position(self, key: str, where: Anchor, percent: int = -1) -> None:
        """Store where reading stands (and how far through, 0-100, for the article list)."""
        numbers = (where.section, where.offset, where.start)
        if not isinstance(where, Anchor) or any(
            isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in numbers
        ):
            raise ValueError(f"A reading position is an Anchor (offsets 0 or more), not {where!r}.")
        with self._write("save the reading position") as conn:
            conn.execute(
                """INSERT INTO reading_state
                   (key, position, quote, quote_offset, text_offset, percent, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (key) DO UPDATE SET position = excluded.position,
                   quote = excluded.quote, quote_offset = excluded.quote_offset,
                   text_offset = excluded.text_offset, percent = excluded.percent,
                   updated = excluded.updated""",
                (key, where.section, where.quote, where.offset, where.start,
                 max(-1, min(100, int(percent))), now()),
            )  # fmt: skip

    def state(self, key: str, path: str | None = None) -> tuple[bool, Anchor]:
        """(read, position) of the article; by key first, then by `path`; (False, the top)
        if unknown."""
        found = self.key_for(key, path)
        if found is None:
            return False, TOP
        rows = self._read(
            "read the reading state",
            "SELECT read, position, quote, quote_offset, text_offset FROM reading_state "
            "WHERE key = ?",
            (found,),
        )
        if not rows:
            return False, TOP
        read, section, quote, offset, start = rows[0]
        return bool(read), Anchor(quote, offset, start, section)

    def progress(self) -> dict[str, int]:
        """How far through each article reading stands (0-100), where it is known."""
        rows = self._read(
            "read the reading state", "SELECT key, percent FROM reading_state WHERE percent >= 0"
        )
        return dict(rows)

    def read_keys(self) -> set[str]:
        rows = self._read("read the reading state", "SELECT key FROM reading_state WHERE read = 1")
        return {row[0] for row in rows}

    # -- bookmarks -----------------------------------------------------------------------

    def add_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Save a new bookmark (a uuid4 id and timestamps are filled in when empty)."""
        bookmark = _complete(bookmark)
        with self._write("save the bookmark") as conn:
            if conn.execute("SELECT 1 FROM bookmarks WHERE id = ?", (bookmark.id,)).fetchone():
                raise ValueError(f"A bookmark with id {bookmark.id} is already stored.")
            _insert(conn, bookmark)
        return bookmark

    def update_note(self, bookmark_id: str, note: str) -> Bookmark:
        with self._write("save the note") as conn:
            found = _fetch(conn, bookmark_id)
            if found is None:
                raise MissingBookmark(
                    f"The bookmark was not found in {self.path} (was it deleted?); "
                    "the note was not saved."
                )
            updated = replace(found, note=note, updated=now())
            conn.execute(
                "UPDATE bookmarks SET note = ?, updated = ? WHERE id = ?",
                (updated.note, updated.updated, bookmark_id),
            )
        return updated

    def delete_bookmark(self, bookmark_id: str) -> Bookmark:
        """Delete a bookmark and return it, so that `restore_bookmark` can undo."""
        with self._write("delete the bookmark") as conn:
            found = _fetch(conn, bookmark_id)
            if found is None:
                raise MissingBookmark(f"The bookmark was not found in {self.path}.")
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return found

    def restore_bookmark(self, bookmark: Bookmark) -> None:
        """Put back a deleted bookmark as it was (same id)."""
        bookmark = _complete(bookmark)
        with self._write("restore the bookmark") as conn:
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark.id,))
            _insert(conn, bookmark)

    def bookmark_count(self) -> int:
        rows = self._read("count the bookmarks", "SELECT COUNT(*) FROM bookmarks", ())
        return int(rows[0][0]) if rows else 0

    def bookmarks(self, article_key: str | None = None, limit: int | None = None) -> list[Bookmark]:
        """Bookmarks, newest first: all of them, or those of one article.

        Ties (the same millisecond, as in an import) are broken by id, so that the order is
        stable and an undone delete puts the bookmark back where it was.
        """
        sql = f"SELECT {_BOOKMARK_COLUMNS} FROM bookmarks"
        params: tuple[str, ...] = ()
        if article_key is not None:
            sql += " WHERE article_key = ?"
            params = (article_key,)
        sql += " ORDER BY created DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self._read("read the bookmarks", sql, params)
        return [_bookmark(row) for row in rows]

    def detached_bookmarks(self) -> list[Bookmark]:
        """Bookmarks whose article is not in the library (forgotten, or imported), newest first."""
        rows = self._read(
            "read the bookmarks",
            f"""SELECT {_BOOKMARK_COLUMNS} FROM bookmarks
                WHERE article_key NOT IN (SELECT key FROM library)
                ORDER BY created DESC, id DESC""",
        )
        return [_bookmark(row) for row in rows]

    def reanchor_bookmarks(
        self,
        article_key: str,
        text: str,
        threshold: float = 85.0,
    ) -> list[Bookmark]:
        """Find each bookmark of the article in its (new) text; save new offsets or orphaned.

        Returns the article's bookmarks, newest first. Only anchors change (quote, prefix,
        suffix, offsets, orphaned); the note and its `updated` time do not.
        """
        current = self.bookmarks(article_key)
        if not current:
            return []
        # rapidfuzz: not needed at start-up
        from reader.core.storage.anchoring import reanchored_all

        result = reanchored_all(current, text, threshold)
        changed = [new for old, new in zip(current, result, strict=True) if new != old]
        if changed:
            with self._write("save the re-anchored bookmarks") as conn:
                for bookmark in changed:
                    conn.execute(
                        """UPDATE bookmarks SET quote = ?, prefix = ?, suffix = ?,
                           start_offset = ?, end_offset = ?, orphaned = ?, score = ?
                           WHERE id = ?""",
                        (
                            bookmark.quote,
                            bookmark.prefix,
                            bookmark.suffix,
                            bookmark.start,
                            bookmark.end,
                            int(bookmark.orphaned),
                            bookmark.score,
                            bookmark.id,
                        ),
                    )
        return result

    # -- highlights and tags -------------------------------------------------------------

    def update_bookmark(
        self,
        bookmark_id: str,
        *,
        colour: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Bookmark:
        """Change a highlight's colour or tags (checked: a TagError says what is wrong)."""
        from reader.core.storage.tags import checked_tags

        checked = checked_tags(tags) if tags is not None else None
        with self._write("change the highlight") as conn:
            found = _fetch(conn, bookmark_id)
            if found is None:
                raise MissingBookmark(f"The highlight was not found in {self.path}.")
            updated = replace(
                found,
                colour=found.colour if colour is None else colour,
                tags=found.tags if checked is None else checked,
                updated=now(),
            )
            conn.execute(
                "UPDATE bookmarks SET colour = ?, tags = ?, updated = ? WHERE id = ?",
                (updated.colour, TAG_SEPARATOR.join(updated.tags), updated.updated, bookmark_id),
            )
        return updated

    def reattach(self, bookmark_id: str, text: str, start: int, end: int) -> Bookmark:
        """Anchor an (orphaned) bookmark anew to `text[start:end]`, chosen by the user: exact
        from then on. Its note, colour and tags stay."""
        from reader.core.storage.anchoring import selectors

        quote, prefix, suffix = selectors(text, start, end)
        with self._write("re-attach the highlight") as conn:
            found = _fetch(conn, bookmark_id)
            if found is None:
                raise MissingBookmark(f"The highlight was not found in {self.path}.")
            conn.execute(
                """UPDATE bookmarks SET quote = ?, prefix = ?, suffix = ?, start_offset = ?,
                   end_offset = ?, orphaned = 0, score = 100, updated = ? WHERE id = ?""",
                (quote, prefix, suffix, start, end, now(), bookmark_id),
            )
            return _fetch(conn, bookmark_id)  # type: ignore[return-value]

    def set_article_tags(self, key: str, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace an article's tags (checked); returns them as kept."""
        from reader.core.storage.tags import checked_tags

        checked = checked_tags(tags)
        with self._write("tag the article") as conn:
            conn.execute("DELETE FROM article_tags WHERE key = ?", (key,))
            conn.executemany(
                "INSERT INTO article_tags (key, tag) VALUES (?, ?)", [(key, t) for t in checked]
            )
        return checked

    def article_tags(self, key: str | None = None) -> dict[str, tuple[str, ...]]:
        """Article key -> its tags (of one article, or of all)."""
        sql, params = "SELECT key, tag FROM article_tags", ()
        if key is not None:
            sql, params = sql + " WHERE key = ?", (key,)
        out: dict[str, list[str]] = {}
        for k, tag in self._read("read the tags", sql + " ORDER BY rowid", params):
            out.setdefault(k, []).append(tag)
        return {k: tuple(v) for k, v in out.items()}

    def all_tags(self) -> list[str]:
        """Every tag in use, on articles or highlights, most used first (for completion)."""
        counts: dict[str, int] = {}
        spelled: dict[str, str] = {}
        rows = self._read("read the tags", "SELECT tag FROM article_tags")
        rows += [
            (tag,)
            for (joined,) in self._read(
                "read the tags", "SELECT tags FROM bookmarks WHERE tags != ''"
            )
            for tag in joined.split(TAG_SEPARATOR)
        ]
        for (tag,) in rows:
            folded = tag.casefold()
            spelled.setdefault(folded, tag)
            counts[folded] = counts.get(folded, 0) + 1
        return [spelled[f] for f in sorted(counts, key=lambda f: (-counts[f], f))]

    def tagged_keys(self, tag: str) -> set[str]:
        """Articles with the tag, on themselves or on one of their highlights."""
        folded = tag.casefold()
        keys = {
            key
            for key, t in self._read("read the tags", "SELECT key, tag FROM article_tags")
            if t.casefold() == folded
        }
        for key, joined in self._read(
            "read the tags", "SELECT article_key, tags FROM bookmarks WHERE tags != ''"
        ):
            if any(t.casefold() == folded for t in joined.split(TAG_SEPARATOR)):
                keys.add(key)
        return keys

    # -- the whole library, for moving it to another machine ----------------------------

    def dump_library(self) -> list[dict[str, object]]:
        """Every library entry with its reading state and tags, as plain values (the
        reading state's columns as they are, so a later schema carries over as well)."""
        entries = self._rows("SELECT * FROM library ORDER BY added, rowid")
        states = {row.pop("key"): row for row in self._rows("SELECT * FROM reading_state")}
        tags = self.article_tags()
        for entry in entries:
            entry["state"] = states.get(entry["key"])  # type: ignore[arg-type]
            entry["tags"] = list(tags.get(entry["key"], ()))  # type: ignore[arg-type]
        return entries

    def _rows(self, sql: str) -> list[dict[str, object]]:
        with self._lock:
            try:
                cursor = self._connection().execute(sql)
                names = [column[0] for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            except sqlite3.Error as error:
                raise self._error(error, "read the library") from None

    def load_library(self, entries: Iterable[dict[str, object]]) -> tuple[int, int]:
        """Entries from `dump_library` (another machine's): new ones added with their added
        time, reading state and tags; known ones (same key) keep what they have here, but
        gain the tags. Returns (added, already here)."""
        from reader.core.storage.tags import checked_tags

        added = known = 0
        with self._write("import the library") as conn:
            state_columns = {row[1] for row in conn.execute("PRAGMA table_info(reading_state)")}
            for entry in entries:
                key = str(entry["key"])
                exists = conn.execute("SELECT 1 FROM library WHERE key = ?", (key,)).fetchone()
                tags = checked_tags(str(t) for t in entry.get("tags") or ())  # type: ignore[union-attr]
                conn.executemany(
                    "INSERT OR IGNORE INTO article_tags (key, tag) VALUES (?, ?)",
                    [(key, tag) for tag in tags],
                )
                if exists:
                    known += 1
                    continue
                conn.execute(
                    """INSERT INTO library (key, path, title, added, size, mtime)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    (
                        key,
                        entry.get("path"),
                        str(entry.get("title") or ""),
                        str(entry.get("added") or now()),
                        entry.get("size"),
                        entry.get("mtime"),
                    ),
                )
                state = entry.get("state")
                if isinstance(state, dict):
                    columns = [c for c in state if c in state_columns and c != "key"]
                    conn.execute(
                        f"INSERT OR REPLACE INTO reading_state (key, {', '.join(columns)}) "
                        f"VALUES (?, {', '.join('?' * len(columns))})",
                        (key, *(state[c] for c in columns)),
                    )
                added += 1
        return added, known

    def import_bookmarks(self, bookmarks: Iterable[Bookmark]) -> tuple[int, int]:
        """Add bookmarks from an import: (added, skipped because already stored).

        A bookmark whose id is stored is not added again; its note is replaced only when the
        imported one is newer (counted as skipped here; see `import_bookmarks_detailed`).
        """
        result = self.import_bookmarks_detailed(bookmarks)
        return result.added, result.skipped + result.updated

    def import_bookmarks_detailed(self, bookmarks: Iterable[Bookmark]) -> ImportResult:
        incoming = [_complete(bookmark) for bookmark in bookmarks]
        added = skipped = updated = 0
        with self._write("import the bookmarks") as conn:
            for bookmark in incoming:
                stored = _fetch(conn, bookmark.id)
                if stored is None:
                    _insert(conn, bookmark)
                    added += 1
                elif bookmark.note != stored.note and _later(bookmark.updated, stored.updated):
                    conn.execute(
                        "UPDATE bookmarks SET note = ?, updated = ? WHERE id = ?",
                        (bookmark.note, bookmark.updated, bookmark.id),
                    )
                    updated += 1
                else:
                    skipped += 1
        return ImportResult(added, skipped, updated)


Remembered = tuple[str, "str | None", str, "int | None", "float | None"]
"""(key, path, title, size, mtime): one article for `Store.remember_many`."""


def _remember(
    conn: sqlite3.Connection,
    key: str,
    path: str | None,
    title: str,
    size: int | None,
    mtime: float | None,
) -> list[str]:
    """One article into the library, inside the caller's transaction (see `Store.remember`)."""
    path = str(path) if path is not None else None
    old_keys = (
        [
            row[0]
            for row in conn.execute(
                "SELECT key FROM library WHERE path = ? AND key != ?", (path, key)
            )
        ]
        if path is not None
        else []
    )
    added = conn.execute(
        "SELECT min(added) FROM library WHERE key = ? OR (path = ? AND key != ?)",
        (key, path, key),
    ).fetchone()[0]
    conn.execute(
        """INSERT INTO library (key, path, title, added, size, mtime)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET path = excluded.path, title = excluded.title,
           added = excluded.added, size = excluded.size, mtime = excluded.mtime""",
        (key, path, title, added or now(), size, mtime),
    )
    for old in old_keys:
        conn.execute("DELETE FROM library WHERE key = ?", (old,))
        if conn.execute("SELECT 1 FROM reading_state WHERE key = ?", (key,)).fetchone():
            conn.execute("DELETE FROM reading_state WHERE key = ?", (old,))
        else:
            conn.execute("UPDATE reading_state SET key = ? WHERE key = ?", (key, old))
        conn.execute("UPDATE bookmarks SET article_key = ? WHERE article_key = ?", (key, old))
    conn.execute(
        "UPDATE bookmarks SET article_title = ?, article_path = ? WHERE article_key = ?",
        (title, path or "", key),
    )
    return old_keys


def _complete(bookmark: Bookmark) -> Bookmark:
    if not isinstance(bookmark, Bookmark):
        raise TypeError(f"Expected a Bookmark, got {type(bookmark).__name__}.")
    if not (0 <= bookmark.start <= bookmark.end):
        raise ValueError(f"Bookmark offsets {bookmark.start}-{bookmark.end} are not a span.")
    created = _canonical_time(bookmark.created) or now()
    return replace(
        bookmark,
        id=bookmark.id or str(uuid.uuid4()),
        created=created,
        updated=_canonical_time(bookmark.updated) or created,
    )


def _insert(conn: sqlite3.Connection, b: Bookmark) -> None:
    conn.execute(
        f"INSERT INTO bookmarks ({_BOOKMARK_COLUMNS}) VALUES ({', '.join('?' * 16)})",
        (
            b.id,
            b.article_key,
            b.article_title,
            b.article_path,
            b.quote,
            b.prefix,
            b.suffix,
            b.start,
            b.end,
            b.note,
            b.created,
            b.updated,
            int(b.orphaned),
            b.colour,
            TAG_SEPARATOR.join(b.tags),
            b.score,
        ),
    )


def _fetch(conn: sqlite3.Connection, bookmark_id: str) -> Bookmark | None:
    row = conn.execute(
        f"SELECT {_BOOKMARK_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)
    ).fetchone()
    return _bookmark(row) if row else None


def _bookmark(row: Sequence) -> Bookmark:
    id_, key, title, path, quote, prefix, suffix, start, end, note, created, updated, flag = row[
        :13
    ]
    colour, tags, score = row[13:16]
    return Bookmark(
        id=id_,
        article_key=key,
        article_title=title,
        article_path=path,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        note=note,
        created=created,
        updated=updated,
        orphaned=bool(flag),
        colour=colour,
        tags=tuple(tags.split(TAG_SEPARATOR)) if tags else (),
        score=float(score),
    )


def parse_time(stamp: str) -> dt.datetime | None:
    """An ISO 8601 timestamp ("Z" accepted), as an aware datetime (naive taken as UTC)."""
    try:
        parsed = dt.datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _canonical_time(stamp: str) -> str:
    """A timestamp in the one form stored (UTC, milliseconds, "Z"), so they sort as text.

    Text that is not a timestamp is kept as it is ("" stays "").
    """
    parsed = parse_time(stamp) if stamp else None
    if parsed is None:
        return stamp
    utc = parsed.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
    return utc.replace("+00:00", "Z")


def _later(a: str, b: str) -> bool:
    """Whether timestamp a is strictly later than b (unreadable stamps are never later)."""
    first, second = parse_time(a), parse_time(b)
    if first is None:
        return False
    return second is None or first > second


def open_store(path: Path, *, timeout: float = 5.0) -> tuple[Store, list[str], bool]:
    """The store at `path`, or, when it cannot be opened, a store for this session only.

    Returns (store, messages for the user, whether it persists). The fallback lives in a
    temporary folder whose name is in the message, so bookmarks made in a session whose data
    folder is read-only, full or locked are still kept somewhere the user is told about.
    """
    try:
        store = Store(path, timeout=timeout)
    except StoreError as error:
        folder = Path(tempfile.mkdtemp(prefix="reader-session-"))
        fallback = Store(folder / path.name, timeout=timeout)
        message = (
            f"{error} Bookmarks and reading state of this session are kept in {fallback.path} "
            "only, and exported as JSON beside it when you quit (`reader bookmarks import` "
            "brings them back)."
        )
        return fallback, [message], False
    return store, list(store.notices), True
