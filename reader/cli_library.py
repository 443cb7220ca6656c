"""`reader add|remove|bookmarks ...`: the library and bookmarks from the shell.

Kept apart from cli.py so each file holds one idea; like the rest of the CLI it never imports
Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli_errors import UserError
from reader.core.paths import Paths

if TYPE_CHECKING:
    from reader.core.session import AddReport, Session
    from reader.core.settings import Settings
    from reader.core.storage.store import Store


def add_parsers(command: str, parser: argparse.ArgumentParser) -> None:
    if command == "add":
        parser.description = "Add articles to the library, so plain `reader` opens them."
        parser.add_argument(
            "paths", nargs="*", metavar="SOURCE", help="files, folders, page URLs or feeds"
        )
        parser.add_argument(
            "--opml", metavar="FILE", help="also every feed of an OPML file (another reader's)"
        )
    elif command == "feeds":
        parser.description = "The feeds added, for another feed reader."
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser("export", help="the feeds as OPML")
        export.add_argument("--opml", action="store_true", help="as OPML (the only format)")
        export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    elif command == "export-library":
        parser.description = (
            "Write the whole library (articles' sources, reading state, tags), every bookmark "
            "and highlight, and the feeds, to one JSON file: to move to another machine."
        )
        parser.add_argument("file", metavar="FILE")
    elif command == "import-library":
        parser.description = "Read a library written by `reader export-library` into this one."
        parser.add_argument("file", metavar="FILE")
    elif command == "refresh":
        parser.description = "Fetch new items of every feed added with `reader add FEED`."
    elif command == "remove":
        parser.description = "Forget articles (their bookmarks are kept, orphaned)."
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    elif command == "bookmarks":
        parser.description = "List, export or import bookmarks."
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="every bookmark, newest first")
        listing.add_argument("--json", action="store_true")
        export = sub.add_parser("export", help="to Markdown, JSON or W3C Web Annotation")
        export.add_argument("--format", choices=["md", "json", "annotation"], default="md")
        export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
        importing = sub.add_parser("import", help="from a JSON or annotation export")
        importing.add_argument("file", metavar="FILE")


def open_store() -> Store:
    from reader.core.storage.store import Store, StoreError

    try:
        store = Store(Paths.default().database)
    except StoreError as error:
        raise UserError(str(error), 1) from None
    for notice in store.notices:
        print(f"reader: {notice}", file=sys.stderr)
    return store


class Progress:
    """A one-line progress bar on stderr (count, rate, time left), only on a terminal."""

    def __init__(self, total: int, what: str) -> None:
        self.total = total
        self.what = what
        self.started = time.monotonic()
        self.shown = 0.0
        self.enabled = sys.stderr.isatty() and total > 1

    def update(self, done: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.shown < 0.1 and done < self.total):
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        left = (self.total - done) / rate if rate else 0
        filled = int(30 * done / self.total)
        bar = "#" * filled + "-" * (30 - filled)
        sys.stderr.write(
            f"\r[{bar}] {done}/{self.total} {self.what} {rate:.0f}/s, {left:.0f} s left "
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _session(settings: Settings) -> Session:
    """The session `reader add` and `reader refresh` add through: the reader's own, so a
    file the reader opens is added with the same limits and entity backend."""
    from reader.core.session import Session

    session = Session(Paths.default(), settings)
    notices = session.open(lambda message: print(f"reader: {message}", file=sys.stderr))
    for notice in notices:
        print(f"reader: {notice}", file=sys.stderr)
    return session


def _add(settings: Settings, sources: list[str]) -> AddReport:
    """Add through the session (what `a` does in the reader), with a progress bar."""
    from reader.core.storage.store import StoreError

    session = _session(settings)
    bar: Progress | None = None

    def on_progress(done: int, total: int) -> None:
        nonlocal bar
        bar = bar or Progress(total, "files")
        bar.update(done)

    try:
        return session.add(sources, progress=on_progress)
    except StoreError as error:
        raise UserError(str(error), 1) from None
    finally:
        if bar is not None:
            bar.close()
        message = session.close()
        if message:
            print(f"reader: {message}", file=sys.stderr)


def cmd_add(options: argparse.Namespace, settings: Settings) -> int:
    """Files and folders go through the parallel importer (resumable: a re-run adds only
    what is missing or changed); page URLs and feeds are fetched and stored."""
    sources = list(options.paths)
    if options.opml:
        sources += _opml_feeds(options.opml)
    if not sources:
        raise UserError("name something to add: files, folders, page URLs, feeds, or --opml FILE")
    report = _add(settings, sources)
    for problem in [*report.problems, *report.warnings]:
        print(f"reader: {problem.message}", file=sys.stderr)
    added, unchanged = report.in_library, report.unchanged
    print(
        f"added {added} article{'s' * (added != 1)} to the library"
        + (f"; {unchanged} already there, unchanged" if unchanged else "")
    )
    if report.interrupted:
        print("reader: interrupted; run the same command again to add the rest", file=sys.stderr)
        return 130
    if not (added or unchanged):
        raise UserError("nothing was added", 2)
    return 1 if report.problems else 0


def _opml_feeds(file: str) -> list[str]:
    from reader.core.ingest.opml import OPMLError, feeds_in_opml

    try:
        feeds = feeds_in_opml(Path(file).read_bytes())
    except OSError as error:
        raise UserError(f"{file}: {error.strerror or error}") from None
    except OPMLError as error:
        raise UserError(f"{file}: {error}") from None
    if not feeds:
        raise UserError(f"{file}: no feeds in it (no outline with an http(s) xmlUrl)")
    print(f"reader: {len(feeds)} feed(s) in {file}", file=sys.stderr)
    return [url for url, _title in feeds]


def cmd_feeds(options: argparse.Namespace) -> int:
    """`reader feeds export --opml`: the feeds added, for another feed reader."""
    from reader.core.ingest.opml import opml_of
    from reader.core.ingest.sources import remembered_feeds

    _write_out(opml_of(remembered_feeds(Paths.default().data_dir)), options.output, "feeds")
    return 0


def _write_out(text: str, output: str | None, what: str) -> None:
    if not output:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"{output}: {error.strerror or error}", 1) from None
    print(f"wrote the {what} to {output}", file=sys.stderr)


def cmd_export_library(options: argparse.Namespace) -> int:
    from reader.core.ingest.sources import remembered_feeds
    from reader.core.storage.library_file import export_library
    from reader.core.storage.store import StoreError

    store = open_store()
    try:
        data_dir = Paths.default().data_dir
        text = export_library(store, remembered_feeds(data_dir), data_dir)
    except StoreError as error:
        raise UserError(str(error), 1) from None
    finally:
        store.close()
    _write_out(text, options.file, "library")
    return 0


def cmd_import_library(options: argparse.Namespace) -> int:
    from reader.core.ingest.sources import remember_feed
    from reader.core.storage.library_file import import_library
    from reader.core.storage.store import StoreError

    try:
        text = Path(options.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{options.file}: {getattr(error, 'strerror', None) or error}") from None
    store = open_store()
    try:
        report = import_library(store, text, Paths.default().data_dir)
        missing = sum(1 for path in store.library_paths() if not Path(path).exists())
    except ValueError as error:
        raise UserError(f"{options.file}: {error}") from None
    except StoreError as error:
        raise UserError(str(error), 1) from None
    except OSError as error:  # the pages it carries could not be written
        where = getattr(error, "filename", None) or Paths.default().data_dir
        raise UserError(
            f"{where}: cannot write the stored pages ({error.strerror or error})", 1
        ) from None
    finally:
        store.close()
    for url, entry in report.feeds.items():
        remember_feed(Paths.default().data_dir, url, entry["title"])
    marks = report.bookmarks
    print(
        f"imported {report.articles_added} article(s) ({report.articles_known} already here), "
        f"{marks.added} bookmark(s) ({marks.skipped + marks.updated} already here), "
        f"{len(report.feeds)} feed(s)"
        + (f", {report.pages} stored page(s)" if report.pages else "")
    )
    if missing:
        print(
            f"reader: {missing} article file(s) are not on this machine; they are listed as "
            "missing, with their bookmarks, until the files are put back",
            file=sys.stderr,
        )
    return 0


def cmd_refresh(options: argparse.Namespace, settings: Settings) -> int:
    """Fetch every remembered feed again; new items join the library."""
    from reader.core.ingest.sources import remembered_feeds

    feeds = remembered_feeds(Paths.default().data_dir)
    if not feeds:
        raise UserError("no feeds yet: add one with `reader add FEED-URL`")
    store = open_store()
    try:
        before = {entry.key for entry in store.library()}
    finally:
        store.close()
    report = _add(settings, list(feeds))
    for problem in report.problems:
        print(f"reader: {problem.message}", file=sys.stderr)
    store = open_store()
    try:
        new = len({entry.key for entry in store.library()} - before)
    finally:
        store.close()
    print(f"{new} new article{'s' * (new != 1)} from {len(feeds)} feed{'s' * (len(feeds) != 1)}")
    return 1 if report.problems else 0


def cmd_remove(options: argparse.Namespace) -> int:
    from reader.core.storage.store import StoreError

    store = open_store()
    try:
        wanted = {str(Path(p).resolve()) for p in options.paths} | set(options.paths)
        entries = [e for e in store.library() if e.path in wanted or e.key in wanted]
        for entry in entries:
            store.forget(entry.key)
            print(f"removed {entry.path or entry.key}")
    except StoreError as error:
        raise UserError(str(error), 1) from None
    finally:
        store.close()
    if not entries:
        raise UserError("none of these are in the library: " + ", ".join(options.paths))
    return 0


def cmd_bookmarks(options: argparse.Namespace) -> int:
    from reader.core.storage.export import from_json, to_annotations, to_json, to_markdown
    from reader.core.storage.store import StoreError

    store = open_store()
    try:
        if options.action == "import":
            try:
                text = Path(options.file).read_text(encoding="utf-8")
                bookmarks = from_json(text)
            except OSError as error:
                raise UserError(f"{options.file}: {error.strerror or error}") from None
            except (ValueError, UnicodeDecodeError) as error:
                raise UserError(f"{options.file}: {error}") from None
            added, skipped = store.import_bookmarks(bookmarks)
            print(f"imported {added} bookmark(s); {skipped} already there")
            return 0
        bookmarks = store.bookmarks()
        if options.action == "list":
            _list(bookmarks, options.json)
            return 0
        render = {"md": to_markdown, "json": to_json, "annotation": to_annotations}
        output = render[options.format](bookmarks)
        if options.output:
            try:
                Path(options.output).write_text(output, encoding="utf-8")
            except OSError as error:
                raise UserError(f"{options.output}: {error.strerror or error}", 1) from None
            print(f"wrote {len(bookmarks)} bookmark(s) to {options.output}", file=sys.stderr)
        else:
            sys.stdout.write(output)
        return 0
    except StoreError as error:
        raise UserError(str(error), 1) from None
    finally:
        store.close()


def _list(bookmarks: Sequence, as_json: bool) -> None:
    if as_json:
        from dataclasses import asdict

        rows = [{**asdict(b), "state": b.state} for b in bookmarks]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    for b in bookmarks:
        quote = " ".join(b.quote.split())
        quote = quote if len(quote) <= 70 else quote[:69] + "…"
        state = {"orphaned": " (orphaned)", "moved": f" (moved, {b.score:g}% alike)"}
        sys.stdout.write(
            f"{b.created[:16]}  {b.article_title}{state.get(b.state, '')}\n    “{quote}”\n"
        )
        marks = [f"highlight, {b.colour}"] if b.colour else []
        marks += [f"#{tag}" for tag in b.tags]
        if marks:
            sys.stdout.write(f"    {'  '.join(marks)}\n")
        if b.note:
            sys.stdout.write(f"    note: {b.note}\n")
