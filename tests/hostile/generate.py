"""Write the hostile corpus into a folder: `python -m tests.hostile.generate FOLDER`.

Each `Case` is one file with what reader must do with it: "loads" (and then which text must
show literally, which must be gone, which warning names it) or "refused: <message fragment>".
The files are made here, at test time, so no hostile bytes are committed; the 200 MB file is
sparse (truncate), so it costs no disk and no time.

Two faults cannot be files: unreadable permissions (the tests run as root, and root reads a
chmod 000 file) and a path that vanishes while loading. The tests simulate those in-process.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"

BIG_BYTES = 200 * 1024 * 1024
LONG_LINE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile file: its name (bytes, so names that are not UTF-8 are possible), its
    content, and what reader must do with it."""

    id: str
    filename: bytes
    content: bytes | Callable[[Path], None]
    """The bytes to write, or a function that makes the file at the given path."""
    expect: str
    """ "loads", or "refused: <fragment of the message>". """
    shows: tuple[str, ...] = ()
    """Text that must appear literally in the cleaned article."""
    hides: tuple[str, ...] = ()
    """Text that must not appear anywhere (the payload of an escape sequence)."""
    warns: str = ""
    """A fragment of the warning that must name the file (when it loads)."""
    query: str = ""
    """A word to search for that must find the article."""
    heavy: bool = False
    """Big enough that only `reader clean` is run on it in the tests."""
    hostile_name: bool = False
    """The file name itself is the attack."""
    tags: tuple[str, ...] = field(default=())

    @property
    def loads(self) -> bool:
        return self.expect == "loads"

    @property
    def refusal(self) -> str:
        return self.expect.removeprefix("refused: ")


def _text(*parts: str) -> bytes:
    return "".join(parts).encode("utf-8")


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as stream:
            stream.write(b"A huge file. " * 10)
            stream.truncate(size)

    return make


def _one_long_line(path: Path) -> None:
    words = b"the quick brown fox jumps over the lazy dog near Lisbon "
    with path.open("wb") as stream:
        stream.write(b"Longline Title\n\n")
        stream.write((words * (LONG_LINE_BYTES // len(words) + 1))[:LONG_LINE_BYTES])
        stream.write(b"\n")


def _symlink(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        os.symlink(target, path)

    return make


def _loop(path: Path) -> None:
    # a -> b -> a: opening either fails with ELOOP.
    other = path.with_name(path.name + ".other")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


def _binary() -> bytes:
    generator = random.Random(1234)
    return bytes(generator.randrange(256) for _ in range(4096)) + b"\x00" * 16


BODY = "It was reported on Monday that Angela Merkel met officials in Paris about the plan."

CASES: tuple[Case, ...] = (
    # ------------------------------------------------------------ escape sequences in text
    Case(
        "csi-colours-and-clear-screen",
        b"csi.txt",
        _text(
            "Colour Report\n\nThe ",
            ESC + "[31m",
            "crimson",
            ESC + "[0m",
            " fox",
            ESC + "[2J" + ESC + "[H",
            " cleared nothing. ",
            BODY,
        ),
        "loads",
        shows=("The crimson fox cleared nothing.",),
        query="crimson",
    ),
    Case(
        "osc52-clipboard-write",
        b"osc52.txt",
        _text(
            "Clipboard Story\n\nCopy ", ESC, "]52;c;ZWNobyBwd25lZA==", BEL, "nothing here. ", BODY
        ),
        "loads",
        shows=("Copy nothing here.",),
        hides=("ZWNobyBwd25lZA",),
        query="clipboard",
    ),
    Case(
        "osc8-hyperlink",
        b"osc8.txt",
        _text(
            "Link Story\n\nPlease ",
            ESC,
            "]8;;https://evil.example/",
            ST,
            "clickme",
            ESC,
            "]8;;",
            ST,
            " now. ",
            BODY,
        ),
        "loads",
        shows=("Please clickme now.",),
        hides=("evil.example",),
        query="clickme",
    ),
    Case(
        "title-change-and-bells",
        b"title.txt",
        _text(
            "Window Story\n\nQuiet",
            ESC,
            "]0;pwned-title",
            BEL,
            ESC,
            "]2;pwned-two",
            ST,
            BEL * 5,
            " bells here. ",
            BODY,
        ),
        "loads",
        shows=("Quiet bells here.",),
        hides=("pwned-title", "pwned-two"),
        query="quiet",
    ),
    Case(
        "c1-eight-bit-controls",
        b"c1.txt",
        _text(
            "Eight Bit\n\nAlpha \u009b31mbeta \u009d52;c;SGVsbG8=\u009c gamma \u0085delta. ", BODY
        ),
        "loads",
        shows=("Alpha beta gamma delta.",),
        hides=("SGVsbG8",),
        query="gamma",
    ),
    Case(
        "dcs-apc-pm-sequences",
        b"dcs.txt",
        _text(
            "Device Strings\n\nOne",
            ESC,
            "P+q544e",
            ST,
            " two",
            ESC,
            "_apc-payload",
            ST,
            " three",
            ESC,
            "^pm-payload",
            ST,
            " four. ",
            BODY,
        ),
        "loads",
        shows=("One two three four.",),
        hides=("apc-payload", "pm-payload", "544e"),
        query="three",
    ),
    Case(
        "bidi-overrides",
        b"bidi.txt",
        _text(
            "Direction Trick\n\nthe file invoice\u202egpj.exe and \u2066isolate\u2069 text. ", BODY
        ),
        "loads",
        shows=("invoicegpj.exe",),
        query="invoice",
    ),
    Case(
        "lone-cr-and-backspace",
        b"cr.txt",
        _text("Overwrite Story\n\nsafe text\rHIDDEN overwrite\x08\x08\x08 and \x7fdel. ", BODY),
        "loads",
        shows=("safe text", "HIDDEN overwrite"),
        query="overwrite",
    ),
    # ------------------------------------------------------------ markup and shell
    Case(
        "textual-and-rich-markup",
        b"markup.txt",
        _text(
            "[bold red]Markup[/] Title\n\n[link=https://evil.example]link[/link] "
            "[@click=app.quit]quit[/] [/] [b]unclosed :smile: $accent $(x) "
            "[on red]x[/on red]. ",
            BODY,
        ),
        "loads",
        shows=("[bold red]Markup[/] Title", "[@click=app.quit]quit[/] [/] [b]unclosed"),
        query="unclosed",
    ),
    Case(
        "shell-metacharacters",
        b"shell.txt",
        _text(
            "Shell Story\n\n$(touch PWNED-dollar) `touch PWNED-backtick` ; rm -rf ~ | cat && "
            "echo >x 'quote\" \\ end. ",
            BODY,
        ),
        "loads",
        shows=("$(touch PWNED-dollar) `touch PWNED-backtick`",),
        query="backtick",
    ),
    Case(
        "markdown-with-escapes-and-markup",
        b"story.md",
        _text(
            "# [b]Heading[/b] &#27;[31m\n\nA `code \x1b[31m span` and "
            "[a link](javascript:alert(1)) "
            "and &#x1b;]52;c;QUFB&#7; entity. ",
            BODY,
            "\n",
        ),
        "loads",
        shows=("[b]Heading[/b]",),
        query="heading",
    ),
    Case(
        "html-with-script-and-entities",
        b"page.html",
        _text(
            "<html><head><title>Page &#27;]0;pwned-html&#7;Title</title>"
            "<script>document.write('\x1b[2J')</script></head><body><article>"
            "<h1>Html Heading [bold]x[/]</h1><p>Para &#x1b;[31mred and ",
            ESC,
            "]52;c;SFRNTA==",
            BEL,
            " clip. ",
            BODY,
            " More words so that this is plainly the article body, and long enough.</p>"
            "<p>Another paragraph of the article with enough words to be kept by the extractor, "
            "about Lisbon.</p></article></body></html>",
        ),
        "loads",
        shows=("[bold]x[/]",),
        hides=("SFRNTA", "pwned-html"),
        query="lisbon",
    ),
    # ------------------------------------------------------------ bad files
    Case(
        "binary-with-nuls",
        b"binary.dat",
        _binary(),
        "refused: binary file",
    ),
    Case(
        "binary-without-nuls",
        b"controls.dat",
        bytes(range(1, 9)) * 500,
        "refused: no readable text",
    ),
    Case(
        "truncated-utf8",
        b"truncated.txt",
        "Truncated Copy\n\nCafé au lait in Zürich costs 5 €".encode()[:-2],
        "loads",
        shows=("Café au lait in Zürich costs 5",),
        warns="ends in the middle of a UTF-8 character",
        query="zurich",
    ),
    Case(
        "utf16-le-without-bom",
        b"utf16le.txt",
        "Sixteen Little\n\nGrüße aus Zürich, said Angela Merkel in Paris.\n".encode("utf-16-le"),
        "loads",
        shows=("Grüße aus Zürich",),
        warns="UTF-16-LE",
        query="grüße",
    ),
    Case(
        "utf16-be-without-bom",
        b"utf16be.txt",
        "Sixteen Big\n\nBonjour from Montréal, where the council met.\n".encode("utf-16-be"),
        "loads",
        shows=("Bonjour from Montréal",),
        warns="UTF-16-BE",
        query="montreal",
    ),
    Case(
        "utf16-with-bom",
        b"utf16bom.txt",
        "Sixteen Marked\n\nHello from Kraków and Łódź.\n".encode("utf-16"),
        "loads",
        shows=("Kraków and Łódź",),
        query="krakow",
    ),
    Case(
        "mixed-encodings",
        b"mixed.txt",
        "Mixed Bag\n\nnaïve UTF-8 then ".encode() + "café in Windows-1252.\n".encode("cp1252"),
        "loads",
        shows=("naïve UTF-8 then café in Windows-1252.",),
        warns="mixed encodings",
        query="windows",
    ),
    Case("zero-bytes", b"empty.txt", b"", "refused: empty file"),
    Case("only-whitespace", b"blank.txt", b"  \n\n\t \r\n", "refused: empty file"),
    Case(
        "only-control-sequences",
        b"onlyescapes.txt",
        _text(ESC, "[31m", ESC, "]0;x", BEL, ESC, "[0m", BEL, "\x01\x02"),
        "refused: no readable text",
    ),
    Case("sparse-200-mb", b"huge.txt", _sparse(BIG_BYTES), "refused: size limit", heavy=True),
    Case(
        "one-10-mb-line",
        b"longline.txt",
        _one_long_line,
        "loads",
        shows=("Longline Title",),
        heavy=True,
    ),
    Case(
        "one-long-word",
        b"longword.txt",
        b"Long Word\n\n" + b"x" * 200_000 + b" tail end.\n",
        "loads",
        shows=("Long Word", "tail end."),
        query="tail",
        tags=("long",),
    ),
    Case("symlink-loop", b"loop.txt", _loop, "refused: symbolic link loop"),
    Case(
        "dangling-symlink", b"dangling.txt", _symlink("does-not-exist"), "refused: link to nothing"
    ),
    # ------------------------------------------------------------ hostile file names
    Case(
        "name-with-markup-and-csi",
        b"[bold red]x\x1b[31mred\x07.txt",
        _text("Named One\n\nThe first article with a hostile name, about Oslo.\n"),
        "loads",
        hostile_name=True,
        query="oslo",
    ),
    Case(
        "name-with-osc52",
        b"clip\x1b]52;c;TkFNRQ==\x07.txt",
        _text("Named Two\n\nThe second article with a hostile name, about Helsinki.\n"),
        "loads",
        hostile_name=True,
        hides=("TkFNRQ==\x07",),
        query="helsinki",
    ),
    Case(
        "name-with-newline",
        b"new\nline.txt",
        _text("Named Three\n\nThe third article with a hostile name, about Dublin.\n"),
        "loads",
        hostile_name=True,
        query="dublin",
    ),
    Case(
        "name-not-utf8",
        b"latin\xe9-\xff.txt",
        _text("Named Four\n\nThe fourth article with a hostile name, about Vienna.\n"),
        "loads",
        hostile_name=True,
        query="vienna",
    ),
    Case(
        "name-with-shell",
        b"$(touch PWNED-name);`id`.txt",
        _text("Named Five\n\nThe fifth article with a hostile name, about Madrid.\n"),
        "loads",
        hostile_name=True,
        query="madrid",
    ),
    Case(
        "name-with-bidi-override",
        "report\u202etxt.exe".encode(),
        _text("Named Six\n\nThe sixth article with a hostile name, about Prague.\n"),
        "loads",
        hostile_name=True,
        query="prague",
    ),
    Case(
        "refused-file-with-hostile-name",
        b"bin\x1b]52;c;QklOTkFNRQ==\x07\x9b2J.dat",
        _binary(),
        "refused: binary file",
        hostile_name=True,
        hides=("QklOTkFNRQ==\x07",),
    ),
)


@dataclass(frozen=True)
class Generated:
    case: Case
    path: Path


def generate(folder: Path, cases: tuple[Case, ...] = CASES) -> list[Generated]:
    """Write every case into folder (made if needed); returns each case with its path."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Generated] = []
    for case in cases:
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), case.filename)))
        if callable(case.content):
            case.content(path)
        else:
            path.write_bytes(case.content)
        made.append(Generated(case, path))
    return made


def many_files(folder: Path, count: int = 10_000) -> Path:
    """A folder of `count` small articles (each different, so none is a duplicate)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{n:05d}.txt").write_text(f"Article {n}\n\nNote number {n} about Oslo.\n")
    return folder


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.hostile.generate FOLDER", file=sys.stderr)
        return 2
    made = generate(Path(argv[0]))
    manifest = [
        {"id": g.case.id, "path": os.fsencode(g.path).decode("latin-1"), "expect": g.case.expect}
        for g in made
    ]
    print(json.dumps(manifest, indent=1, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
