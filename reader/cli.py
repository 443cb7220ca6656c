"""The `reader` command: the TUI by default, and subcommands for scripts and pipes.

`reader [PATH ...]` opens the reader; `reader clean|entities|search ...` print to stdout.
The subcommands never import Textual (it is imported only when the TUI starts), so they start
fast enough to use in a shell loop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

from reader import __version__
from reader.cli_errors import UserError
from reader.core.models import Article, Entity, LoadProblem, RawDocument

if TYPE_CHECKING:
    from reader.core.settings import Settings

#: `reader entities --labels conll`: the CoNLL-2003 names of our labels; dates and numbers,
#: which CoNLL does not mark, are left out.
CONLL_LABELS = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC", "MISC": "MISC"}

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

SUBCOMMANDS = (
    "clean",
    "entities",
    "search",
    "config",
    "add",
    "remove",
    "refresh",
    "bookmarks",
    "feeds",
    "export-library",
    "import-library",
)


def _tui_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="reader",
        description=(
            "Read articles in the terminal: cleaned text, highlighted entities, fuzzy search "
            "and passage bookmarks. With no PATH, opens your library (the articles you "
            "added or opened, and the folders in the library.paths setting); while it is "
            "empty, the embedded seed article."
        ),
        epilog=(
            "subcommands (reader COMMAND --help for each):\n"
            "  clean PATH       print the cleaned article\n"
            "  entities PATH    print the named entities\n"
            "  search QUERY     fuzzy-search articles from the shell\n"
            "  config path|show|edit|reset   the settings file\n"
            "  add SOURCE ... [--opml FILE]   add files, folders, page URLs or feeds\n"
            "  refresh          fetch new items of the feeds added\n"
            "  remove PATH ...  forget articles (bookmarks are kept)\n"
            "  bookmarks list|export|import  bookmarks and highlights from the shell\n"
            "  feeds export --opml           the feeds added, as OPML\n"
            "  export-library FILE / import-library FILE   move the library elsewhere"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--max-file-mb", type=float, default=None, help="size limit per file")
    parser.add_argument(
        "--config", metavar="FILE", help="settings file (default: see `reader config path`)"
    )
    return parser


def _command_parser(command: str) -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog=f"reader {command}")
    if command == "clean":
        parser.description = "Print the cleaned article: title, standfirst, dateline, byline, body."
        parser.add_argument("path", metavar="PATH", help="an article file, or - for stdin")
        parser.add_argument("--json", action="store_true", help="every field, as JSON")
        parser.add_argument(
            "--body",
            action="store_true",
            help="the body alone: no title, standfirst, dateline or byline lines",
        )
        parser.add_argument(
            "--show-removed", action="store_true", help="also list the lines taken out, and why"
        )
    elif command == "entities":
        parser.description = "Print the named entities of an article (offsets into its text)."
        parser.add_argument("path", metavar="PATH", help="an article file, or - for stdin")
        parser.add_argument("--json", action="store_true", help="a JSON list of spans")
        parser.add_argument(
            "--raw",
            action="store_true",
            help="analyse the text exactly as read (no cleaning); offsets into it",
        )
        parser.add_argument(
            "--labels",
            choices=["reader", "conll"],
            default="reader",
            help="label set: reader's own (default), or conll: PER/ORG/LOC/MISC only, "
            "dates and numbers left out",
        )
    elif command == "config":
        parser.description = "Where the settings file is, what it says, and editing it."
        parser.add_argument("action", choices=["path", "show", "edit", "reset"])
        parser.add_argument("--config", metavar="FILE", help="settings file to use")
    elif command in {"add", "remove", "refresh", "bookmarks", "feeds"} or "library" in command:
        from reader import cli_library

        cli_library.add_parsers(command, parser)
    elif command == "search":
        parser.description = "Fuzzy-search articles: titles, passages and entity names."
        parser.add_argument("query", metavar="QUERY")
        parser.add_argument("paths", nargs="*", metavar="PATH", help="default: your library")
        parser.add_argument("--limit", type=int, default=20, help="at most this many hits")
        parser.add_argument("--json", action="store_true", help="hits as a JSON list")
    parser.add_argument("--max-file-mb", type=float, default=None, help="size limit per file")
    if command != "config":
        parser.add_argument(
            "--config", metavar="FILE", help="settings file (default: see `reader config path`)"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            command = args[0]
            options = _command_parser(command).parse_args(args[1:])
            from reader import cli_library

            handlers = {
                "clean": cmd_clean,
                "entities": cmd_entities,
                "search": cmd_search,
                "config": cmd_config,
                "add": lambda o: cli_library.cmd_add(o, _configured(o)),
                "remove": cli_library.cmd_remove,
                "refresh": lambda o: cli_library.cmd_refresh(o, _configured(o)),
                "bookmarks": cli_library.cmd_bookmarks,
                "feeds": cli_library.cmd_feeds,
                "export-library": cli_library.cmd_export_library,
                "import-library": cli_library.cmd_import_library,
            }
            return handlers[command](options)
        if not args:  # plain `reader`: the first frame need not wait for argparse
            from types import SimpleNamespace

            return run_tui(SimpleNamespace(paths=[], max_file_mb=None, config=None))  # type: ignore[arg-type]
        return run_tui(_tui_parser().parse_args(args))
    except UserError as error:
        for line in str(error).splitlines():
            print(f"reader: {line}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `reader clean x | head`): not an error.
        sys.stderr.close()
        return EXIT_OK


def _resume_collection() -> None:
    """After the first frame: freeze what starting made, and collect again (see run_tui)."""
    import gc

    gc.freeze()
    gc.enable()


def _configured(options: argparse.Namespace) -> Settings:
    """The settings every command runs with (the TUI's: `config.toml`, or `--config`), with
    `--max-file-mb` in force; warnings about the file go to stderr once."""
    from dataclasses import replace

    settings = getattr(options, "settings_in_force", None)
    if settings is None:
        settings, _path, warnings = _settings(options)
        for warning in warnings:
            print(f"reader: warning: {warning}", file=sys.stderr)
        if options.max_file_mb is not None:
            if options.max_file_mb <= 0:
                raise UserError("--max-file-mb must be more than 0")
            loading_settings = replace(settings.loading, max_file_mb=options.max_file_mb)
            settings = replace(settings, loading=loading_settings)
        options.settings_in_force = settings
    return settings


def _max_bytes(options: argparse.Namespace) -> int:
    """The file-size limit in force (`--max-file-mb`, else the settings')."""
    from reader.core.session import max_bytes_of

    return max_bytes_of(_configured(options))


def _entity_extractor(options: argparse.Namespace) -> Callable[[str], list[Entity]]:
    """The entity backend the settings ask for, as the reader uses it; the built-in one
    (with a warning) when that one cannot run here."""
    from reader.core.entities.recogniser import (
        EntityBackendError,
        extract,
        extract_with_backend,
    )

    backend = _configured(options).entities.backend
    if backend == "builtin":
        return extract
    try:
        extract_with_backend("", backend)
    except EntityBackendError as error:
        print(f"reader: warning: {error}; using the built-in one", file=sys.stderr)
        return extract
    return lambda text: extract_with_backend(text, backend)


def load_one(path: str, max_bytes: int) -> RawDocument:
    """Load the single article a subcommand works on, or raise UserError (exit 2)."""
    from reader.core.ingest import loading

    result = loading.load_paths([path], max_bytes)
    if not result.documents:
        fallback = f"{loading.display_name(path)}: nothing to read"
        raise UserError("\n".join(p.message for p in result.problems) or fallback)
    _report(result.problems, result.documents)
    if len(result.documents) > 1:
        raise UserError(f"{loading.display_name(path)}: is a folder; give one article file")
    return result.documents[0]


def _report(problems: Sequence[LoadProblem], documents: Sequence[RawDocument]) -> None:
    for problem in problems:
        print(f"reader: {problem.message}", file=sys.stderr)
    for document in documents:
        for warning in document.warnings:
            print(f"reader: warning: {warning}", file=sys.stderr)


def cmd_clean(options: argparse.Namespace) -> int:
    from reader.core.cleaning.clean import clean

    article = clean(load_one(options.path, _max_bytes(options)))
    if options.json:
        _print_json(article_json(article, removed=True))
        return EXIT_OK
    sys.stdout.write((article.body_text if options.body else article.text) + "\n")
    if options.show_removed:
        sys.stdout.write("\n--- removed ---\n")
        for line in article.removed:
            sys.stdout.write(f"[{line.reason}] {line.text}\n")
    return EXIT_OK


def article_json(article: Article, *, removed: bool) -> dict[str, object]:
    from reader.core.ingest import loading

    data: dict[str, object] = {
        "title": article.title,
        "standfirst": article.standfirst,
        "dateline": article.dateline,
        "byline": article.byline,
        "date": article.date,
        "source": loading.display_name(article.source),
        "path": loading.display_name(str(article.path)) if article.path else None,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "blocks": [asdict(block) for block in article.blocks],
        "text": article.text,
    }
    if removed:
        data["removed"] = [asdict(line) for line in article.removed]
    return data


def cmd_entities(options: argparse.Namespace) -> int:
    from reader.core.cleaning.clean import clean

    document = load_one(options.path, _max_bytes(options))
    text = document.text if options.raw else clean(document).text
    spans = [(e, str(e.label)) for e in _entity_extractor(options)(text)]
    if options.labels == "conll":
        spans = [(e, CONLL_LABELS[e.label]) for e, _ in spans if e.label in CONLL_LABELS]
    if options.json:
        _print_json(
            [
                {"start": e.start, "end": e.end, "label": label, "text": e.text_in(text)}
                for e, label in spans
            ]
        )
    else:
        for e, label in spans:
            sys.stdout.write(f"{e.start}\t{e.end}\t{label}\t{e.text_in(text)}\n")
    return EXIT_OK


def cmd_search(options: argparse.Namespace) -> int:
    """Search as `/` does, through the session: the same index, ranking and operators
    (`tag:`, `note:`, `colour:`, `title:`, `entity:`), over the files given or the library."""
    from reader.core.ingest import loading
    from reader.core.paths import Paths
    from reader.core.session import Session

    if options.limit < 1:
        raise UserError("--limit must be at least 1")
    session = Session(Paths.default(), _configured(options), sources=options.paths, remember=False)
    for notice in session.open(lambda message: print(f"reader: {message}", file=sys.stderr)):
        print(f"reader: {notice}", file=sys.stderr)
    try:
        plan, _gone = session.start()
        for step in session.load(plan):
            for problem in step.problems:
                print(f"reader: {problem.message}", file=sys.stderr)
        if not session.articles:
            named = ", ".join(map(loading.display_name, options.paths)) or "the library"
            raise UserError(f"no readable articles in {named}")
        session.build_index()
        hits = session.search(options.query, limit=options.limit)
        names = {a.key: a.document.name for a in session.articles}
    finally:
        session.close()
    if options.json:
        _print_json(
            [
                {
                    "article": names.get(hit.article, hit.article),
                    "title": hit.title,
                    "kind": hit.kind,
                    "passage_index": hit.passage_index,
                    "score": round(hit.score, 2),
                    "snippet": hit.snippet,
                    "start": hit.start,
                    "end": hit.end,
                }
                for hit in hits
            ]
        )
    else:
        for hit in hits:
            sys.stdout.write(
                f"{hit.score:5.1f}  {hit.kind:<8} {names.get(hit.article, hit.article)}"
                f"#{hit.passage_index}  {hit.snippet}\n"
            )
    return EXIT_OK


def _print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _settings(options: argparse.Namespace) -> tuple[Settings, Path, list[str]]:
    from reader.core.paths import Paths
    from reader.core.settings import config_file_path, load_settings

    path = config_file_path(getattr(options, "config", None), Paths.default())
    settings, warnings = load_settings(path)
    return settings, path, warnings


def cmd_config(options: argparse.Namespace) -> int:
    """`reader config path|show|edit|reset`."""
    import os
    import shlex
    import subprocess

    from reader.core.settings import reset_settings, settings_to_toml

    settings, path, warnings = _settings(options)
    if options.action == "path":
        sys.stdout.write(f"{path}\n")
        return EXIT_OK
    if options.action == "show":
        for warning in warnings:
            print(f"reader: warning: {warning}", file=sys.stderr)
        sys.stdout.write(settings_to_toml(settings))
        return EXIT_OK
    if options.action == "reset":
        try:
            backup = reset_settings(path)
        except OSError as error:
            message = f"{path}: cannot write the settings ({error.strerror or error})"
            raise UserError(message, EXIT_ERROR) from None
        if backup:
            print(f"reader: the old settings are kept in {backup}", file=sys.stderr)
        sys.stdout.write(f"wrote the default settings to {path}\n")
        return EXIT_OK
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    if not path.exists():
        from reader.core.settings import DEFAULTS, save_settings

        save_settings(DEFAULTS, path)
    try:
        return subprocess.call([*shlex.split(editor), str(path)])
    except FileNotFoundError:
        raise UserError(f"cannot run the editor {editor!r}; set $EDITOR", 1) from None


def run_tui(options: argparse.Namespace) -> int:
    """Start the TUI (imported here so the subcommands never load Textual).

    The cyclic garbage collector is paused until the first frame is on screen. Starting
    allocates some 60,000 objects that live as long as the process (Textual's and reader's
    modules, classes, styles), and the collector ran about 130 times over them before the
    first frame (timed with gc.callbacks on a busy machine: 41 of 320 ms). After the
    first frame they are frozen (later collections skip them, as after the index build) and
    collection resumes; reference counting frees everything else meanwhile."""
    import gc

    gc.disable()
    try:
        from reader.ui.app import make_app

        settings, config_path, warnings = _settings(options)
        max_bytes = None
        if options.max_file_mb is not None:
            if options.max_file_mb <= 0:
                raise UserError("--max-file-mb must be more than 0")
            max_bytes = int(options.max_file_mb * 1024 * 1024)
        app = make_app(
            sources=options.paths,
            settings=settings,
            config_path=config_path,
            warnings=warnings,
            max_bytes=max_bytes,
        )
        app.call_after_first_paint(_resume_collection)
        app.run(mouse=settings.mouse)
    finally:
        gc.enable()
    if app.exit_message:
        print(f"reader: {app.exit_message}", file=sys.stderr)
    return app.return_code or EXIT_OK
