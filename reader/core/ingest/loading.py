"""Files, folders and stdin -> RawDocuments: decoding, size limits, formats, sanitising.

Everything that comes from outside passes through here, so this is where text becomes safe:
terminal control sequences are removed before any other part of reader sees the text, and
every failure becomes a `LoadProblem` with a message that names the file.
"""

from __future__ import annotations

import codecs
import errno
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


# What a file name may not show raw: every control character (newline and tab too: a name is
# one line), the bidirectional overrides, and lone surrogates (the bytes of a name that is not
# valid UTF-8, which cannot be printed or stored as text).
_UNSAFE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def display_name(name: str) -> str:
    r"""A file name or path safe to show anywhere: unsafe characters as visible escapes.

    A name holding ESC shows it as the four characters \x1b, and a byte that is not UTF-8
    (0xFF) as \xff, so a hostile name can neither drive the terminal nor hide what it is.
    Everything else is unchanged, so an ordinary name reads as it is.
    """
    if name.isprintable() and name.isascii():
        return name
    return _UNSAFE_IN_NAME.sub(_escape_char, name)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by os.fsdecode
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


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
        if utf16 := _utf16_without_bom(data, name):
            return utf16
        raise LoadError(f"{name}: binary file (contains NUL bytes); skipped")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as error:
        first_bad = error.start
        if error.end == len(data) and error.reason == "unexpected end of data":
            # Valid UTF-8 cut off in the middle of its last character (a truncated copy):
            # keep the text, drop the partial character.
            warning = f"{name}: ends in the middle of a UTF-8 character (cut short?); dropped it"
            return data[: error.start].decode("utf-8"), "utf-8", (warning,)
    text = data.decode(FALLBACK_ENCODING, errors="replace")
    if _looks_binary(text):
        raise LoadError(f"{name}: binary file (not text in any known encoding); skipped")
    mixed = data.decode("utf-8", errors=_CP1252_FALLBACK)
    if mixed != text:
        # Valid UTF-8 with some bytes that are not (a Windows-1252 file appended to a UTF-8
        # one, a hand-edited file): each bad byte alone is read as Windows-1252, so the UTF-8
        # parts do not turn into mojibake.
        warning = (
            f"{name}: mixed encodings: UTF-8 with bytes that are not (the first at offset "
            f"{first_bad}); those decoded as Windows-1252"
        )
        return mixed, "utf-8", (warning,)
    warning = (
        f"{name}: not valid UTF-8 (first bad byte at offset {first_bad}); "
        f"decoded as {FALLBACK_ENCODING} (Windows-1252)"
    )
    return text, FALLBACK_ENCODING, (warning,)


def _cp1252_for_bad_bytes(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode(FALLBACK_ENCODING, errors="replace"), error.end


_CP1252_FALLBACK = "reader-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_bad_bytes)


def _utf16_without_bom(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """UTF-16 text with no byte-order mark, recognised by its NUL bytes, or None.

    Mostly-Latin text in UTF-16 has a NUL in every other byte: the odd bytes (little-endian)
    or the even ones (big-endian). Binary data has NULs too, but not in that pattern, and
    what is decoded must still read as text.
    """
    sample = data[:65536]
    if len(data) % 2 or len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls >= 0.4 * half and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls >= 0.4 * half and odd_nuls == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _looks_binary(text):
        return None
    warning = f"{name}: no byte-order mark, but reads as {encoding.upper()}; decoded as that"
    return text, encoding, (warning,)


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
    name = display_name(name)
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
    """Load one file. Raises LoadError with a message naming it.

    The size is checked before anything is read (and again while reading, for a file that
    grows), so a 200 MB file costs one stat() to refuse.
    """
    name = display_name(name or str(path))
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
        if path.is_symlink():
            raise LoadError(f"{name}: a symbolic link to nothing (its target is gone)") from None
        raise LoadError(f"{name}: no such file (was it moved or deleted while loading?)") from None
    except PermissionError:
        raise LoadError(f"{name}: permission denied (check the file's permissions)") from None
    except IsADirectoryError:
        raise LoadError(f"{name}: is a folder") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LoadError(f"{name}: a symbolic link loop; not followed") from None
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
        shown = display_name(argument)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as error:
            yield LoadProblem(shown, f"{shown}: cannot be read ({error.strerror or error})")
            continue
        if not exists:
            yield LoadProblem(shown, f"{shown}: {_why_missing(path)}")
        elif is_dir:
            found = False
            for item in _walk(path):
                found = found or isinstance(item, Path)
                yield item
            if not found:
                yield LoadProblem(shown, f"{shown}: folder holds no article files")
        else:
            yield path


def _why_missing(path: Path) -> str:
    """Why a path that does not exist does not: gone, a dangling link, or a link loop."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop; not followed"
        if path.is_symlink():
            return "a symbolic link to nothing (its target is gone)"
    return "no such file or folder"


def _walk(folder: Path) -> Iterator[Path | LoadProblem]:
    """Files under folder, sorted; os.walk does not follow symlinked folders (no loops)."""

    def on_error(error: OSError) -> None:
        shown = display_name(str(error.filename))
        problems.append(
            LoadProblem(shown, f"{shown}: cannot be listed ({error.strerror or error})")
        )

    problems: list[LoadProblem] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        for file in sorted(files):
            if not file.startswith("."):
                yield base / file
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
                result.problems.append(LoadProblem(display_name(str(item)), str(error)))
    return result
