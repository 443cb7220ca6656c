"""What a reading session keeps: library, reading state and bookmarks, over the store.

The UI calls this, never the store directly. Every store failure becomes a message through
`on_error` instead of an exception, and a bookmark that could not be written is held in
memory, retried on the next write, and exported to a file at the end of the session if it
still could not be saved: a bookmark the user made is never silently dropped.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.ingest.loading import sanitize
from reader.core.models import Bookmark, Section
from reader.core.navigation.position import Anchor
from reader.core.storage.store import Remembered, Store, StoreError, open_store

if TYPE_CHECKING:
    from reader.core.library.articles import LoadedArticle


class Keeping:
    def __init__(self, database: Path, on_error: Callable[[str], None]) -> None:
        self.store, self.notices, self.persistent = open_store(database)
        self.on_error = on_error
        self.unsaved: list[Bookmark] = []
        self.removed: list[Bookmark] = []
        """Bookmarks removed this session, newest last: what undo brings back."""

    def _safely(self, what: Callable[[Store], object]) -> object:
        try:
            return what(self.store)
        except StoreError as error:
            self.on_error(str(error))
            return None

    # ----------------------------------------------------------------- library and state
    def remember(self, articles: Iterable[LoadedArticle], *, in_library: bool = True) -> None:
        """Add opened articles to the library and re-anchor their bookmarks to their text.

        One transaction for all of them, and only articles with bookmarks have their text
        fetched: a folder of a thousand cached articles opened by name costs one write, not a
        thousand reads and disk syncs. It is still disk work: call it off the UI thread.

        The embedded seeds are not added (`in_library=False`): the library is what the user
        chose to read, and plain `reader` opens the seeds only while it is empty.
        """
        articles = list(articles)
        if not articles:
            return
        if in_library:
            entries = [library_entry(loaded) for loaded in articles]
            if self._safely(lambda store: store.remember_many(entries) or True) is None:
                return
        bookmarked = self._safely(lambda store: store.bookmarked_keys()) or set()
        for loaded in articles:
            if loaded.key in bookmarked:  # type: ignore[operator]
                self._safely(
                    lambda store, loaded=loaded: store.reanchor_bookmarks(
                        loaded.key, loaded.article.text
                    )
                )

    def library_paths(self) -> list[str]:
        return self._safely(lambda store: store.library_paths()) or []  # type: ignore[return-value]

    def forget(self, key: str) -> None:
        self._safely(lambda store: store.forget(key))

    def read_keys(self) -> set[str]:
        return self._safely(lambda store: store.read_keys()) or set()  # type: ignore[return-value]

    def position(self, key: str) -> Anchor:
        state = self._safely(lambda store: store.state(key))
        return state[1] if state else Anchor("")  # type: ignore[index]

    def progress(self) -> dict[str, int]:
        """How far through each article reading stands (0-100), where known."""
        return self._safely(lambda store: store.progress()) or {}  # type: ignore[return-value]

    def opened(self, key: str) -> None:
        self._safely(lambda store: store.set_read(key, True))

    def moved(self, key: str, where: Anchor, percent: int = -1) -> None:
        self._safely(lambda store: store.set_position(key, where, percent))

    # ----------------------------------------------------------------- bookmarks
    def bookmark_count(self) -> int:
        count = self._safely(lambda store: store.bookmark_count())
        return int(count or 0) + len(self.unsaved)  # type: ignore[call-overload]

    def bookmarks(self, article_key: str | None = None, limit: int | None = None) -> list[Bookmark]:
        stored = self._safely(lambda store: store.bookmarks(article_key, limit)) or []
        pending = [b for b in self.unsaved if article_key in (None, b.article_key)]
        return [*pending, *stored]  # type: ignore[list-item]

    def add(self, loaded: LoadedArticle, section: Section, note: str = "") -> Bookmark:
        """Bookmark a passage; kept in memory (and retried) if the store cannot take it."""
        path = _storable(loaded.document.path) or loaded.document.name
        from reader.core.storage.anchoring import make_bookmark

        bookmark = make_bookmark(
            loaded.key,
            loaded.title,
            path,
            loaded.article.text,
            section.start,
            section.end,
            sanitize(note),
        )
        self._save(bookmark)
        return bookmark

    def add_span(
        self, loaded: LoadedArticle, start: int, end: int, colour: str, note: str = ""
    ) -> Bookmark:
        """Highlight `text[start:end]` of the article in `colour` (committed before this
        returns, or kept in memory and retried as a bookmark is)."""
        from reader.core.storage.anchoring import make_bookmark

        path = _storable(loaded.document.path) or loaded.document.name
        text = loaded.article.text
        highlight = make_bookmark(
            loaded.key, loaded.title, path, text, start, end, sanitize(note), colour=colour
        )
        self._save(highlight)
        return highlight

    def update_highlight(
        self, bookmark: Bookmark, *, colour: str | None = None, tags: Iterable[str] | None = None
    ) -> Bookmark | None:
        """Change a highlight's colour or tags. A TagError (bad tags) is raised, for the
        user to correct; a store failure becomes a message and None."""
        if bookmark in self.unsaved:
            from reader.core.storage.tags import checked_tags

            index = self.unsaved.index(bookmark)
            changed = replace(
                bookmark,
                colour=bookmark.colour if colour is None else colour,
                tags=bookmark.tags if tags is None else checked_tags(tags),
            )
            self.unsaved[index] = changed
            return changed
        return self._safely(  # type: ignore[return-value]
            lambda store: store.update_bookmark(bookmark.id, colour=colour, tags=tags)
        )

    def reattach(self, bookmark: Bookmark, text: str, start: int, end: int) -> Bookmark | None:
        return self._safely(  # type: ignore[return-value]
            lambda store: store.reattach(bookmark.id, text, start, end)
        )

    def set_article_tags(self, key: str, tags: Iterable[str]) -> tuple[str, ...] | None:
        """Replace an article's tags; TagError for bad tags, None (and a message) when the
        store fails."""
        from reader.core.storage.tags import checked_tags

        checked = checked_tags(tags)
        return self._safely(lambda store: store.set_article_tags(key, checked))  # type: ignore[return-value]

    def article_tags(self, key: str) -> tuple[str, ...]:
        found = self._safely(lambda store: store.article_tags(key)) or {}
        return found.get(key, ())  # type: ignore[union-attr]

    def all_tags(self) -> list[str]:
        return self._safely(lambda store: store.all_tags()) or []  # type: ignore[return-value]

    def tagged_keys(self, tag: str) -> set[str]:
        found = self._safely(lambda store: store.tagged_keys(tag)) or set()
        pending = {
            b.article_key
            for b in self.unsaved
            if any(t.casefold() == tag.casefold() for t in b.tags)
        }
        return found | pending  # type: ignore[operator]

    def _save(self, bookmark: Bookmark) -> None:
        self.unsaved.append(bookmark)
        for pending in list(self.unsaved):
            try:
                self.store.add_bookmark(pending)
            except StoreError as error:
                self.on_error(f"{error} The bookmark is kept in memory and will be retried.")
                return
            self.unsaved.remove(pending)

    def update_note(self, bookmark: Bookmark, note: str) -> None:
        note = sanitize(note)
        if bookmark in self.unsaved:
            self.unsaved[self.unsaved.index(bookmark)] = _with_note(bookmark, note)
            return
        self._safely(lambda store: store.update_note(bookmark.id, note))

    def remove(self, bookmark: Bookmark) -> None:
        if bookmark in self.unsaved:
            self.unsaved.remove(bookmark)
            self.removed.append(bookmark)
            return
        removed = self._safely(lambda store: store.delete_bookmark(bookmark.id))
        if removed is not None:
            self.removed.append(removed)  # type: ignore[arg-type]

    def undo_remove(self) -> Bookmark | None:
        """Bring back the bookmark removed last this session."""
        if not self.removed:
            return None
        bookmark = self.removed.pop()
        try:
            self.store.restore_bookmark(bookmark)
        except StoreError as error:
            self.on_error(f"{error} The bookmark is kept in memory and will be retried.")
            self.unsaved.append(bookmark)
        return bookmark

    def close(self) -> str | None:
        """End the session; returns a message when bookmarks had to be exported to a file."""
        keep = list(self.unsaved)
        if not self.persistent:
            keep += self._safely(lambda store: store.bookmarks()) or []  # type: ignore[operator]
        self._safely(lambda store: store.close())
        if not keep:
            return None
        folder = (
            self.store.path.parent
            if not self.persistent
            else Path(tempfile.mkdtemp(prefix="reader-unsaved-"))
        )
        target = folder / "bookmarks.json"
        from reader.core.storage.export import to_json

        target.write_text(to_json(keep), encoding="utf-8")
        return (
            f"{len(keep)} bookmark(s) could not be saved in the reader database; they are in "
            f"{target} (bring them back with `reader bookmarks import {target}`)."
        )


def library_entry(loaded: LoadedArticle) -> Remembered:
    """What the library keeps of an article: its file as `reader add` names it, with the
    size and mtime it has now."""
    path = loaded.document.path
    size = mtime = None
    if path is not None:
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime
        except OSError:
            pass
    return (loaded.key, _storable(_resolved(path) if path else None), loaded.title, size, mtime)


def _resolved(path: Path) -> Path:
    """The path as `reader add` stores it (absolute, links resolved), or as given if that fails."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _storable(path: Path | None) -> str | None:
    """A path as the database can keep it; None for a name that is not valid Unicode (such
    an article is read but not remembered: SQLite text must be UTF-8)."""
    if path is None:
        return None
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return text


def _with_note(bookmark: Bookmark, note: str) -> Bookmark:
    return replace(bookmark, note=note)
