"""The `reader` command run as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import reader_env


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=reader_env(),
        timeout=60,
    )
    return result


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("reader ")
    help_text = run("--help").stdout
    assert "clean PATH" in help_text and "entities PATH" in help_text


def test_clean_prints_title_then_paragraphs(seed: Path) -> None:
    result = run("clean", str(seed))
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.split("\n\n")
    assert blocks[0] == "Russia lauds Azerbaijan, Armenia’s adherence to Karabakh deal"
    assert "This website uses cookies" not in result.stdout
    assert "Dmitry Peskov" in result.stdout


def test_clean_show_removed_lists_the_cookie_banner_with_a_reason(seed: Path) -> None:
    result = run("clean", str(seed), "--show-removed")
    removed = result.stdout.split("--- removed ---", 1)[1]
    assert "This website uses cookies" in removed
    assert removed.strip().startswith("[")


def test_clean_json_has_every_field(seed: Path) -> None:
    data = json.loads(run("clean", str(seed), "--json").stdout)
    for field in ("title", "standfirst", "dateline", "byline", "blocks", "removed", "word_count"):
        assert field in data
    assert data["standfirst"].startswith("Foreign Ministry says")
    assert data["dateline"].startswith("MOSCOW")
    assert any(b["kind"] == "heading" and "Kremlin" in b["text"] for b in data["blocks"])
    assert data["reading_minutes"] >= 1


def test_clean_body_prints_the_body_alone(seed: Path) -> None:
    full = run("clean", str(seed)).stdout
    data = json.loads(run("clean", str(seed), "--json").stdout)
    result = run("clean", str(seed), "--body")
    assert result.returncode == 0, result.stderr
    body = result.stdout
    assert body == "\n\n".join(block["text"] for block in data["blocks"]) + "\n"
    assert full.endswith(body)
    for part in ("title", "standfirst", "dateline", "byline"):
        if data[part]:
            assert data[part] not in body.split("\n\n")
    assert not body.startswith("Russia lauds Azerbaijan")
    assert any("Kremlin" in line for line in body.splitlines())  # the subheading stays
    assert "This website uses cookies" not in body


def test_clean_body_of_a_saved_page_has_no_title_or_byline_line(tmp_path: Path) -> None:
    paragraph = (
        "The council voted on Tuesday to rebuild the old harbour wall, ending a debate that has "
        "run for more than a decade in the small coastal town by the sea."
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Harbour wall to be rebuilt</title>"
        '<meta name="author" content="Maria Lopez"></head><body><article>'
        "<h1>Harbour wall to be rebuilt</h1><p>By Maria Lopez</p>"
        + f"<p>{paragraph}</p>"
        + "<p>Engineers say the wall, built in 1891, has been losing stones to winter storms "
        "since the 1990s, and that another bad season could breach it entirely.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    full = run("clean", str(page)).stdout
    body = run("clean", str(page), "--body").stdout
    assert full.startswith("Harbour wall to be rebuilt\n\nMaria Lopez\n\n")
    assert body.startswith(paragraph)
    assert "Harbour wall to be rebuilt" not in body and "Maria Lopez" not in body
    assert full.endswith(body)


def test_entities_json_offsets_slice_the_cleaned_text(seed: Path) -> None:
    text = run("clean", str(seed)).stdout[:-1]
    spans = json.loads(run("entities", str(seed), "--json").stdout)
    assert spans, "the seed has entities"
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
    assert {"text": "Dmitry Peskov", "label": "PERSON"}.items() <= next(
        s for s in spans if s["text"] == "Dmitry Peskov"
    ).items()


def test_entities_raw_from_stdin_offsets_into_the_input() -> None:
    text = "Yesterday Angela Merkel visited Paris with 300 delegates."
    spans = json.loads(run("entities", "--raw", "--json", "-", stdin=text.encode()).stdout)
    found = {(s["text"], s["label"]) for s in spans}
    assert ("Paris", "PLACE") in found
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


def test_entities_conll_labels_drop_dates_and_numbers_and_map_the_rest() -> None:
    text = "Angela Merkel visited Paris on Monday with 300 delegates of the European Union."
    spans = json.loads(
        run("entities", "--raw", "--json", "--labels", "conll", "-", stdin=text.encode()).stdout
    )
    found = {(s["text"], s["label"]) for s in spans}
    assert {("Angela Merkel", "PER"), ("Paris", "LOC"), ("European Union", "ORG")} <= found
    assert {s["label"] for s in spans} <= {"PER", "ORG", "LOC", "MISC"}
    assert not any(s["text"] in ("Monday", "300") for s in spans)
    tsv = run("entities", "--raw", "--labels", "conll", "-", stdin=text.encode()).stdout
    assert "\tPER\tAngela Merkel" in tsv and "DATE" not in tsv


def test_missing_path_is_a_message_and_exit_2(tmp_path: Path) -> None:
    result = run("clean", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "nope.txt: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_binary_input_is_refused_with_exit_2(tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run("entities", str(binary))
    assert result.returncode == 2
    assert "image.png: binary" in result.stderr
    assert "Traceback" not in result.stderr


def test_escape_sequences_never_reach_stdout(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(b"Title \x1b]0;owned\x07here\n\nBody \x1b[2J text with \xc2\x9b31m colour.")
    result = run("clean", str(hostile))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert "owned" not in result.stdout


def test_folder_with_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"\x00\x00")
    result = run("search", "anything", str(tmp_path))
    assert result.returncode == 2
    assert "x.bin: binary" in result.stderr


def test_config_show_with_a_broken_file_warns_and_leaves_it_alone(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    broken = b'theme = "textual-light"\ntext_width = = 3\n'
    config.write_bytes(broken)
    result = run("config", "show", "--config", str(config))
    assert result.returncode == 0
    assert "line 2" in result.stderr and "column" in result.stderr
    assert "text_width = 80" in result.stdout  # the defaults are in force
    assert config.read_bytes() == broken


def test_config_path_follows_the_environment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "mine.toml"))
    assert run("config", "path").stdout.strip() == str(tmp_path / "mine.toml")


def test_config_reset_backs_up_the_old_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("text_width = 100\n")
    result = run("config", "reset", "--config", str(config))
    assert result.returncode == 0
    backups = list(tmp_path.glob("config.toml.bak*"))
    assert len(backups) == 1 and backups[0].read_text() == "text_width = 100\n"
    assert "text_width = 80" in config.read_text()


def test_add_then_bookmarks_export_and_import_round_trip(tmp_path: Path) -> None:
    from reader.core.paths import Paths
    from reader.core.storage.anchoring import make_bookmark
    from reader.core.storage.store import Store

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Harbour news\n\nThe harbour in Bergen reopened today.\n")
    result = run("add", str(articles))
    assert result.returncode == 0, result.stderr
    assert "added 1 article" in result.stdout
    store = Store(Paths.default().database)
    [entry] = store.library()
    text = "Harbour news\n\nThe harbour in Bergen reopened today."
    store.add_bookmark(make_bookmark(entry.key, "Harbour news", entry.path, text, 14, len(text),
                                     "note [bold]x[/]"))  # fmt: skip
    store.close()
    listing = run("bookmarks", "list")
    assert "Harbour news" in listing.stdout and "note [bold]x[/]" in listing.stdout
    markdown = run("bookmarks", "export", "--format", "md").stdout
    assert "> The harbour in Bergen reopened today." in markdown
    exported = tmp_path / "b.json"
    run("bookmarks", "export", "--format", "annotation", "-o", str(exported))
    data = json.loads(exported.read_text())
    assert data[0]["type"] == "Annotation"
    again = run("bookmarks", "import", str(exported))
    assert "imported 0 bookmark(s); 1 already there" in again.stdout
    assert run("remove", str(articles / "a.txt")).returncode == 0
    assert "orphaned" in run("bookmarks", "list").stdout


def test_import_of_a_broken_file_is_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("bookmarks", "import", str(bad))
    assert result.returncode == 2 and "bad.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_says_a_plain_reader_opens_the_library() -> None:
    text = " ".join(run("--help").stdout.split())
    assert "With no PATH, opens your library" in text
    assert "while it is empty, the embedded seed article" in text


def test_subcommands_follow_the_settings_file(tmp_path: Path) -> None:
    """`reader clean`, `reader add` and the reader refuse and accept the same files."""
    article = tmp_path / "long.txt"
    article.write_text("A long one\n\n" + "word " * 1000 + "\n", encoding="utf-8")  # ~5 KB
    assert run("clean", str(article)).returncode == 0
    config = tmp_path / "config.toml"
    config.write_text("[loading]\nmax_file_mb = 0.001\n", encoding="utf-8")  # ~1 KB
    refused = run("clean", str(article), "--config", str(config))
    assert refused.returncode == 2 and "long.txt" in refused.stderr and "MB" in refused.stderr
    added = run("add", str(article), "--config", str(config))
    assert added.returncode != 0 and "long.txt" in added.stderr
    assert "added 0 articles" in added.stdout
    allowed = run("add", str(article), "--config", str(config), "--max-file-mb", "1")
    assert allowed.returncode == 0, allowed.stderr
    assert "added 1 article to the library" in allowed.stdout


def test_entities_use_the_configured_backend_or_say_why_not(tmp_path: Path, seed: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[entities]\nbackend = "spacy"\n', encoding="utf-8")
    result = run("entities", str(seed), "--json", "--config", str(config))
    assert result.returncode == 0
    assert json.loads(result.stdout)  # the built-in one answered...
    try:
        import spacy  # noqa: F401
    except ImportError:  # ...and said why (spaCy is not installed here)
        assert "spacy" in result.stderr.lower() and "built-in" in result.stderr
