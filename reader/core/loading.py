"""Files, folders and stdin -> RawDocuments: decoding, size limits, formats, sanitising.

Everything that comes from outside passes through here, so this is where text becomes safe:
terminal control sequences are removed before any other part of reader sees the text, and
every failure becomes a `LoadProblem` with a message that names the file.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from reader.core.models import LoadProblem, RawDocument

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FALLBACK_ENCODING = "cp1252"
"""What text that is not UTF-8 is decoded as: Windows-1252 is what unlabelled non-UTF-8
Western text almost always is (and the WHATWG encoding standard decodes Latin-1 labels as it)."""

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
STDIN_NAME = "<stdin>"


class LoadError(Exception):
    """A file could not be loaded; str(error) is a message for the user naming the file."""


@dataclass
class LoadResult:
    documents: list[RawDocument] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


# Terminal control sequences. ESC-introduced: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and two-byte escapes (ESC + one char). The 8-bit C1
# forms (0x9B CSI, 0x9D OSC, 0x90 DCS, ...) are matched the same way. What a sequence carries
# (an OSC 52 clipboard write, an OSC 8 link, a window title) is dropped with it, when its
# terminator follows within 4096 characters; otherwise only the introducer goes, so a stray
# U+009D in ordinary text cannot swallow the rest of the article.
_CONTROL_SEQUENCES = re.compile(
    r"""
    (?: \x1b\[ | \x9b ) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?      # CSI
  | (?: \x1b[\]PX^_] | [\x9d\x90\x98\x9e\x9f] )                      # OSC DCS SOS PM APC
        (?: [^\x07\x1b\x9c\x9d\x90\x98\x9e\x9f]{0,4096}                  #   ... up to BEL or ST
            (?: \x07 | \x1b\\ | \x9c ) )?
  | \x1b [\x20-\x2f]* [\x30-\x7e]?                                   # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make text display in an order other than the one it is stored in.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def sanitize(text: str) -> str:
    """Text with every terminal control sequence and control character removed.

    Line endings are normalised to "\\n" first, so a lone CR (which would move the cursor)
    becomes a line break rather than disappearing into the next line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or _has_c1(text):
        text = _CONTROL_SEQUENCES.sub("", text)
    return _CONTROL_CHARS.sub("", text)


_C1 = re.compile("[\x80-\x9f]")


def _has_c1(text: str) -> bool:
    return not text.isascii() and _C1.search(text) is not None


def detect_format(path: Path | None) -> Literal["text", "markdown", "html"]:
    suffix = path.suffix.lower() if path else ""
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def decode(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Bytes -> (text, encoding used, warnings). Raises LoadError for binary data.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as such; anything
    else that is not valid UTF-8 is decoded as Windows-1252, with a warning naming the file.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, ()
            except UnicodeDecodeError as error:
                raise LoadError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {error.start}); skipped"
                ) from None
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        raise LoadError(f"{name}: binary file (contains NUL bytes); skipped")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as error:
        first_bad = error.start
    text = data.decode(FALLBACK_ENCODING, errors="replace")
    if _looks_binary(text):
        raise LoadError(f"{name}: binary file (not text in any known encoding); skipped")
    warning = (
        f"{name}: not valid UTF-8 (first bad byte at offset {first_bad}); "
        f"decoded as {FALLBACK_ENCODING} (Windows-1252)"
    )
    return text, FALLBACK_ENCODING, (warning,)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    # ESC and BEL are left out: text full of escape sequences is hostile, not binary, and
    # is cleaned by sanitize().
    odd = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f\x1b\x07") or ch == "\ufffd")
    return odd / len(sample) > 0.05


def read_limited(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    """Read at most max_bytes; raise LoadError if there is more (never reads the rest)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LoadError(f"{name}: larger than the {_mb(max_bytes)} limit; skipped")
    return data


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def load_bytes(
    data: bytes, name: str, *, path: Path | None = None, fmt: str | None = None
) -> RawDocument:
    """Decode and sanitise bytes already read. Raises LoadError."""
    if not data.strip():
        raise LoadError(f"{name}: empty file; nothing to read")
    text, encoding, warnings = decode(data, name)
    text = sanitize(text)
    if not text.strip():
        raise LoadError(f"{name}: no readable text (only control characters or spaces)")
    return RawDocument(
        name=name,
        text=text,
        format=fmt or detect_format(path),  # type: ignore[arg-type]
        path=path,
        encoding=encoding,
        warnings=warnings,
    )


def load_file(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> RawDocument:
    """Load one file. Raises LoadError with a message naming it."""
    name = name or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(
                f"{name}: {_mb(size)} is over the {_mb(max_bytes)} size limit; skipped "
                "(raise loading.max_file_mb in the settings to read it)"
            )
        with path.open("rb") as stream:
            data = read_limited(stream, name, max_bytes)
    except FileNotFoundError:
        raise LoadError(f"{name}: no such file or folder") from None
    except PermissionError:
        raise LoadError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise LoadError(f"{name}: is a folder") from None
    except OSError as error:
        raise LoadError(f"{name}: cannot be read ({error.strerror or error})") from None
    return load_bytes(data, name, path=path)


def load_stdin(stream: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    stream = stream if stream is not None else sys.stdin.buffer
    return load_bytes(read_limited(stream, STDIN_NAME, max_bytes), STDIN_NAME)


def expand(arguments: Sequence[str]) -> Iterator[Path | LoadProblem]:
    """Paths named by the arguments: files as given, folders walked (sorted, hidden skipped).

    Yields a LoadProblem for an argument that does not exist or cannot be listed, and for a
    folder that holds no files. Symlinked folders are not followed, so a loop cannot hang us.
    """
    for argument in arguments:
        path = Path(argument).expanduser()
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as error:
            yield LoadProblem(argument, f"{argument}: cannot be read ({error.strerror or error})")
            continue
        if not exists:
            yield LoadProblem(argument, f"{argument}: no such file or folder")
        elif is_dir:
            found = False
            for item in _walk(path, argument):
                found = found or isinstance(item, Path)
                yield item
            if not found:
                yield LoadProblem(argument, f"{argument}: folder holds no article files")
        else:
            yield path


def _walk(folder: Path, argument: str) -> Iterator[Path | LoadProblem]:
    def on_error(error: OSError) -> None:
        problems.append(
            LoadProblem(
                str(error.filename),
                f"{error.filename}: cannot be listed ({error.strerror or error})",
            )
        )

    problems: list[LoadProblem] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                yield Path(root) / file
        yield from problems
        problems.clear()


def load_paths(
    arguments: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> LoadResult:
    """Load every file the arguments name ("-" is stdin), collecting problems, never raising."""
    result = LoadResult()
    for argument in arguments:
        if argument == "-":
            try:
                result.documents.append(load_stdin(stdin, max_bytes))
            except LoadError as error:
                result.problems.append(LoadProblem(STDIN_NAME, str(error)))
            continue
        for item in expand([argument]):
            if isinstance(item, LoadProblem):
                result.problems.append(item)
                continue
            try:
                result.documents.append(load_file(item, max_bytes))
            except LoadError as error:
                result.problems.append(LoadProblem(str(item), str(error)))
    return result
