"""Pages and feeds as sources, end to end: fetched from a local server, stored, reopened."""

from __future__ import annotations

from pathlib import Path

from reader.core.ingest.sources import load_sources, remembered_feeds
from reader.core.paths import Paths
from tests.cli.test_cli import run
from tests.core.ingest.test_feeds import RSS
from tests.core.ingest.test_fetch import PAGE, Server, reply
from tests.ui.helpers import running, settle


def test_a_page_url_is_stored_and_reopens_offline(server: Server, tmp_path: Path) -> None:
    server.routes["/article"] = reply(PAGE)
    url = server.url("/article")
    first = load_sources([url], data_dir=tmp_path)
    [document] = first.documents
    assert document.name == url and document.format == "html"
    assert document.path is not None and document.path.parent == tmp_path / "pages"
    server.routes.clear()  # the server forgets the page: the stored copy is what opens now
    again = load_sources([str(document.path)], data_dir=tmp_path)
    assert [d.name for d in again.documents] == [url]
    assert again.documents[0].text == document.text


def test_a_feed_url_adds_its_items_and_is_remembered(server: Server, tmp_path: Path) -> None:
    server.routes["/feed"] = reply(RSS, "application/rss+xml")
    result = load_sources([server.url("/feed")], data_dir=tmp_path)
    assert len(result.documents) >= 2
    assert all(d.path is not None and d.path.exists() for d in result.documents)
    assert server.url("/feed") in remembered_feeds(tmp_path)


def test_network_errors_are_messages(server: Server, tmp_path: Path) -> None:
    result = load_sources([server.url("/missing")], data_dir=tmp_path)
    assert not result.documents
    assert "404" in result.problems[0].message


def test_reader_add_url_and_refresh(server: Server) -> None:
    server.routes["/page"] = reply(PAGE)
    server.routes["/feed"] = reply(RSS, "application/rss+xml")
    added = run("add", server.url("/page"), server.url("/feed"))
    assert added.returncode == 0, added.stderr
    refreshed = run("refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    assert "0 new articles from 1 feed" in refreshed.stdout
    more = RSS.replace(
        "<item>",
        "<item><title>Brand new item</title><link>http://news.example/new</link>"
        "<description>Fresh news about the harbour.</description></item><item>",
        1,
    )
    server.routes["/feed"] = reply(more, "application/rss+xml")
    assert "1 new article from 1 feed" in run("refresh").stdout


async def test_a_is_the_key_to_add_a_url_in_the_reader(server: Server, app_paths: Paths) -> None:
    server.routes["/article"] = reply(PAGE)
    async with running(paths=app_paths) as (app, pilot):
        await pilot.press("a")
        for char in server.url("/article"):
            await pilot.press(char)
        await pilot.press("enter")
        await settle(app, pilot)
        await settle(app, pilot)
        assert app.main_screen.current is not None
        assert app.main_screen.current.title == "Local page"
        assert len(app.articles) == 2
