"""Loading: encodings, formats, limits, folders and the removal of terminal control codes."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.ingest import loading
from reader.core.ingest.loading import LoadError, load_bytes, load_file, load_paths, sanitize


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # SGR colours
        ("x\x1b]0;pwned title\x07y", "xy"),  # window title (OSC 0, BEL)
        ("x\x1b]52;c;aGVsbG8=\x1b\\y", "xy"),  # OSC 52 clipboard write
        ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
        ("x\x1bP1$qm\x1b\\y", "xy"),  # DCS
        ("bell\x07s", "bells"),
        ("c1\x9b31mcsi", "c1csi"),  # 8-bit CSI
        ("a\x1b7b\x1b8c", "abc"),  # save/restore cursor
        ("a\x00b\x08c\x7fd", "abcd"),
        ("rtl\u202eevil", "rtlevil"),  # bidi override
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("cr\rlf\r\nend", "cr\nlf\nend"),
    ],
)
def test_sanitize_removes_every_control_sequence(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


@given(st.text())
def test_sanitized_text_has_no_control_characters(text: str) -> None:
    result = sanitize(text)
    assert not any((ord(ch) < 32 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F for ch in result)


def test_utf8_with_and_without_bom() -> None:
    assert load_bytes("café".encode(), "a").text == "café"
    assert load_bytes(codecs.BOM_UTF8 + "café".encode(), "a").text == "café"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    document = load_bytes(bom + "Zürich news".encode(encoding), "a")
    assert document.text == "Zürich news"
    assert not document.warnings


def test_other_encodings_fall_back_to_windows_1252_with_a_warning() -> None:
    document = load_bytes("café “quoted”".encode("cp1252"), "old.txt")
    assert document.text == "café “quoted”"
    assert document.warnings and "old.txt" in document.warnings[0]
    assert "Windows-1252" in document.warnings[0]


def test_binary_is_refused_naming_the_file() -> None:
    with pytest.raises(LoadError, match=r"^pic\.png: binary"):
        load_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "pic.png")


def test_empty_and_blank_files_get_a_message() -> None:
    with pytest.raises(LoadError, match="empty"):
        load_bytes(b"", "e.txt")
    with pytest.raises(LoadError, match="no readable text"):
        load_bytes(b"\x1b[31m\x1b[0m", "e.txt")


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(25 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(LoadError, match=r"over the 20 MB size limit"):
        load_file(big)


def test_stdin_is_limited_without_reading_everything() -> None:
    stream = io.BytesIO(b"x" * 2000)
    with pytest.raises(LoadError, match="limit"):
        loading.load_stdin(stream, max_bytes=1000)
    assert stream.tell() == 1001


def test_formats_follow_the_extension(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# T\n\ntext")
    (tmp_path / "b.weird").write_text("plain text")
    result = load_paths([str(tmp_path)])
    assert [(Path(d.name).name, d.format) for d in result.documents] == [
        ("a.md", "markdown"),
        ("b.weird", "text"),
    ]


def test_folders_are_walked_sorted_skipping_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", ".hidden.txt", "sub/c.txt", ".git/d.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"text of {name}")
    names = [
        Path(d.name).relative_to(tmp_path).as_posix() for d in load_paths([str(tmp_path)]).documents
    ]
    assert names == ["a.txt", "b.txt", "sub/c.txt"]


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    (tmp_path / "loop").symlink_to(tmp_path)
    result = load_paths([str(tmp_path)])
    assert [Path(d.name).name for d in result.documents] == ["a.txt"]


def test_problems_name_each_file_and_the_rest_still_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("good text")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = load_paths([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [Path(d.name).name for d in result.documents] == ["good.txt"]
    messages = " | ".join(p.message for p in result.problems)
    assert "bin.dat: binary" in messages
    assert "empty.txt: empty" in messages
    assert "missing.txt: no such file or folder" in messages


def test_permission_denied_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(LoadError, match=r"locked\.txt: permission denied"):
        load_file(locked)


def test_folder_without_articles_is_reported(tmp_path: Path) -> None:
    result = load_paths([str(tmp_path)])
    assert not result.documents
    assert "holds no article files" in result.problems[0].message


@given(st.binary(max_size=2000))
def test_any_bytes_load_or_fail_with_a_message(data: bytes) -> None:
    try:
        document = load_bytes(data, "fuzz")
    except LoadError as error:
        assert str(error).startswith("fuzz: ")
    else:
        assert "\x1b" not in document.text and "\x00" not in document.text


def test_a_stray_c1_introducer_does_not_swallow_the_text() -> None:
    text = "Intro \x9d then a long article body. " + "More text. " * 1000
    cleaned = sanitize(text)
    assert cleaned.startswith("Intro  then a long article body.")
    assert cleaned.count("More text.") == 1000
