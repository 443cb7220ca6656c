"""Moving a library to another machine, and feeds in and out as OPML, from the shell."""

from __future__ import annotations

import base64
import json
import os
import shutil
from contextlib import closing
from pathlib import Path

from reader.core.paths import Paths
from reader.core.storage.store import Store
from tests.cli.test_cli import run
from tests.conftest import reader_env
from tests.core.ingest.test_fetch import Server, reply


def test_export_then_import_on_another_machine_loses_nothing(
    tmp_path: Path, monkeypatch, seed: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Harbour news\n\nThe harbour in Bergen reopened.\n", encoding="utf-8")
    assert run("add", str(article)).returncode == 0
    marks = tmp_path / "marks.json"
    marks.write_text(
        json.dumps(
            {
                "format": "reader-bookmarks",
                "version": 2,
                "bookmarks": [
                    {
                        "id": "0b0e5c1e-8a8e-4a36-9f5e-6a0c2b1b7d10",
                        "article_key": "somekey",
                        "article_title": "Harbour news",
                        "article_path": str(article),
                        "quote": "harbour in Bergen",
                        "start": 4,
                        "end": 21,
                        "note": "check [bold]this[/]",
                        "colour": "green",
                        "tags": ["ports", "norway"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert run("bookmarks", "import", str(marks)).returncode == 0
    exported = tmp_path / "library.json"
    result = run("export-library", str(exported))
    assert result.returncode == 0, result.stderr
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "reader-library" and len(data["articles"]) == 1
    # Another machine: new config and data folders.
    other = tmp_path / "other"
    monkeypatch.setenv("READER_DATA_DIR", str(other / "data"))
    monkeypatch.setenv("READER_CONFIG_DIR", str(other / "config"))
    assert os.environ["READER_DATA_DIR"] == reader_env()["READER_DATA_DIR"]
    imported = run("import-library", str(exported))
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 article(s)" in imported.stdout and "1 bookmark(s)" in imported.stdout
    again = run("import-library", str(exported))
    assert "imported 0 article(s) (1 already here), 0 bookmark(s) (1 already here)" in again.stdout
    listed = json.loads(run("bookmarks", "list", "--json").stdout)
    assert len(listed) == 1
    (mark,) = listed
    assert (mark["colour"], mark["tags"], mark["state"]) == ("green", ["ports", "norway"], "exact")
    assert mark["note"] == "check [bold]this[/]" and mark["start"] == 4 and mark["end"] == 21
    plain = run("bookmarks", "list").stdout
    assert "highlight, green  #ports  #norway" in plain and "note: check [bold]this[/]" in plain


def test_a_page_added_by_url_moves_with_the_library_and_opens_offline(
    tmp_path: Path, monkeypatch
) -> None:
    """The page reader fetched travels inside the export: on the other machine it opens,
    with its reading state, tags and highlight, though the site is gone by then."""
    page = (
        "<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>"
        "<p>The harbour in Bergen reopened on Monday after a long winter of repairs.</p>"
        "<p>Fishermen said the season would be short, and prices rose at the market.</p>"
        "</article></body></html>"
    )
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server = Server()
    server.thread.start()
    server.routes["/news"] = reply(page)
    added = run("add", server.url("/news"))
    assert added.returncode == 0, added.stderr
    listed_bergen = run("search", "Bergen", "--json").stdout
    assert "Harbour news" in listed_bergen  # searchable here
    with closing(Store(Paths.default().database)) as store:  # read it, tag it
        (key,) = [entry["key"] for entry in store.dump_library()]
        store.set_read(key)
        store.set_article_tags(key, ["ports"])
    exported = tmp_path / "library.json"
    assert run("export-library", str(exported)).returncode == 0
    server.httpd.shutdown()  # the site is gone, and so is the old machine's copy
    server.httpd.server_close()
    shutil.rmtree(Path(reader_env()["READER_DATA_DIR"]) / "pages")
    other = tmp_path / "other"
    monkeypatch.setenv("READER_DATA_DIR", str(other / "data"))
    monkeypatch.setenv("READER_CONFIG_DIR", str(other / "config"))
    imported = run("import-library", str(exported))
    assert imported.returncode == 0, imported.stderr
    assert "1 stored page(s)" in imported.stdout and "not on this machine" not in imported.stderr
    assert list((other / "data" / "pages").glob("*.html"))
    found = run("search", "Bergen", "--json")
    assert found.returncode == 0, found.stderr
    assert found.stdout == listed_bergen
    with closing(Store(Paths.default().database)) as store:
        assert store.read_keys() == {key} and store.article_tags(key) == {key: ("ports",)}


def test_a_hostile_library_file_is_refused_or_made_harmless(tmp_path: Path) -> None:
    """Another machine's file is data: a sidecar with a bad charset cannot break reader
    later, a bad bookmarks list is refused before any page is written, and a data folder
    that cannot be written is a message, not a traceback."""
    html = "<html><body><p>Hello from a page kept by reader on another machine.</p></body></html>"
    name = "ab" * 32 + ".html"
    article = {
        "key": "k1",
        "path": f"/elsewhere/pages/{name}",
        "title": "Hello",
        "page": {
            "name": name,
            "body": base64.b64encode(html.encode()).decode(),
            "meta": {"url": "https://x/", "encoding": 5, "content_type": ["x"]},
        },
    }
    crafted = {"format": "reader-library", "version": 1, "articles": [article]}
    data_dir = Path(reader_env()["READER_DATA_DIR"])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**crafted, "bookmarks": 5}), encoding="utf-8")
    refused = run("import-library", str(bad))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert not (data_dir / "pages").exists()  # nothing written
    good = tmp_path / "good.json"
    good.write_text(json.dumps(crafted), encoding="utf-8")
    blocked = data_dir / "pages"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the folder goes", encoding="utf-8")
    failed = run("import-library", str(good))
    assert failed.returncode == 1 and "cannot write the stored pages" in failed.stderr
    assert "Traceback" not in failed.stderr
    blocked.unlink()
    imported = run("import-library", str(good))
    assert imported.returncode == 0 and "1 stored page(s)" in imported.stdout
    sidecar = json.loads((data_dir / "pages" / name).with_suffix(".json").read_text())
    assert sidecar == {"url": "https://x/"}
    found = run("search", "hello")
    assert found.returncode == 0 and "Hello" in found.stdout, found.stderr


def test_search_operators_from_the_shell(tmp_path: Path) -> None:
    """`reader search` takes the operators the search screen takes, from the same core."""
    harbour, weather = tmp_path / "harbour.txt", tmp_path / "weather.txt"
    harbour.write_text("Harbour news\n\nFerries ran again in Bergen.\n", encoding="utf-8")
    weather.write_text("Weather\n\nRain and ferries over Oslo all week.\n", encoding="utf-8")
    assert run("add", str(harbour), str(weather)).returncode == 0
    with closing(Store(Paths.default().database)) as store:
        keys = {entry["title"]: entry["key"] for entry in store.dump_library()}
        store.set_article_tags(keys["Harbour news"], ["ports"])

    def titles(query: str) -> set[str]:
        result = run("search", query, "--json")
        assert result.returncode == 0, result.stderr
        return {hit["title"] for hit in json.loads(result.stdout)}

    assert titles("feries") == {"Harbour news", "Weather"}
    assert titles("tag:ports feries") == {"Harbour news"}  # the typo'd word, tagged only
    assert titles("title:weathr feries") == {"Weather"}
    unknown = run("search", "foo:bar feries")  # searched as words, never an error
    assert unknown.returncode == 0 and unknown.stderr == ""


def test_feeds_in_and_out_as_opml(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="1.0"><body>'
        '<outline text="News"><outline text="A &amp; B" xmlUrl="http://127.0.0.1:9/feed.xml"/>'
        '<outline text="bad" xmlUrl="javascript:alert(1)"/></outline></body></opml>',
        encoding="utf-8",
    )
    result = run("add", "--opml", str(opml))
    assert "1 feed(s) in" in result.stderr  # the javascript: one is not a feed
    assert "127.0.0.1:9" in result.stderr  # fetching it failed, and said so
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body>", encoding="utf-8")
    refused = run("add", "--opml", str(broken))
    assert refused.returncode == 2 and "not OPML" in refused.stderr
    out = run("feeds", "export", "--opml")
    assert out.returncode == 0 and out.stdout.startswith("<?xml")
    assert "<opml" in out.stdout
