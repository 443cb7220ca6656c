"""Pilot tests of navigation: outline, links, back/forward, the original view, progress."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest

from reader.core.navigation.links import SHOWN
from reader.core.paths import Paths
from reader.core.settings import DEFAULTS, replace_setting
from reader.ui.screens.links import LinksScreen
from reader.ui.screens.outline import NO_HEADINGS, OutlineScreen
from tests.core.ingest.test_fetch import Server, reply
from tests.ui.helpers import running, screen_text, settle, visible_lines
from tests.ui.nav_pages import LONG_URL, NEXT, write_page


def _section_text(app) -> str:
    return app.main_screen.view.current_section.text


async def test_the_outline_lists_the_headings_and_enter_jumps_there(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([write_page(tmp_path)], paths=app_paths, size=(120, 40)) as (app, pilot):
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutlineScreen)
        text = screen_text(app)
        assert "Early Boats" in text and "Later Harbour Days" in text and "Hostile Corner" in text
        # Indented by level: the h3 stands further right than the h2s.
        rows = {row.strip(" │"): row for row in text.splitlines()}
        h2 = next(row for row in text.splitlines() if "Later Harbour Days" in row)
        h3 = next(row for row in text.splitlines() if "Hostile Corner" in row)
        assert h3.index("Hostile") > h2.index("Later")
        assert rows
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, OutlineScreen)
        assert _section_text(app) == "Later Harbour Days"
        border = str(app.main_screen.query_one("#article-pane").border_subtitle)
        assert "Later Harbour Days" in border and "%" in border
        # The outline marks where reading is now.
        await pilot.press("o")
        await pilot.pause()
        assert app.screen.query_one("#outline-list").highlighted == 1
        await pilot.press("escape")
        await pilot.pause()
        # Back goes to where the jump left from, forward returns.
        await pilot.press("backspace")
        assert app.main_screen.view.cursor == 0
        await pilot.press("alt+right")
        assert _section_text(app) == "Later Harbour Days"


async def test_ctrl_down_and_up_move_between_headings(app_paths: Paths, tmp_path: Path) -> None:
    async with running([write_page(tmp_path)], paths=app_paths) as (app, pilot):
        await pilot.press("ctrl+down")
        assert _section_text(app) == "Early Boats"
        await pilot.press("ctrl+down", "ctrl+down")
        assert _section_text(app) == "Hostile Corner"
        await pilot.press("ctrl+up")
        assert _section_text(app) == "Later Harbour Days"


async def test_an_article_without_headings_says_so(app_paths: Paths, tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("A title\n\nOne paragraph, and nothing more.\n", encoding="utf-8")
    async with running([path], paths=app_paths) as (app, pilot):
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        assert NO_HEADINGS in screen_text(app)
        await pilot.press("escape")


async def test_the_link_list_shows_targets_literally_and_never_follows_other_schemes(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([write_page(tmp_path)], paths=app_paths, size=(140, 60)) as (app, pilot):
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LinksScreen)
        text = screen_text(app)
        assert "1. next story" in text
        assert "https://harbour.example/story/next.html" in text  # resolved against the page
        assert "[bold]click[/bold] me" in text  # markup in a link's text is text
        assert "javascript:alert(document.cookie)" in text
        assert "not followed: javascript: links are never followed" in text
        assert "data: links are never followed" in text and "file: links" in text
        assert "\x1b" not in text and "\x07" not in text
        long_row = next(row for row in text.splitlines() if "https://long.example/" in row)
        assert LONG_URL not in text and len(long_row.strip(" │")) <= SHOWN + 10
        assert "the link is too long to follow (5,021 characters)" in text
        # The javascript: link is refused, and nothing is opened or fetched.
        before = len(app.main_screen.articles)
        await pilot.press("down", "down")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, LinksScreen)
        assert len(app.main_screen.articles) == before
        assert any("never followed" in n.message for n in app._notifications)


async def test_following_a_link_adds_the_page_opens_it_and_back_returns(
    app_paths: Paths, tmp_path: Path, server: Server
) -> None:
    server.routes["/story/next.html"] = reply(NEXT)
    path = write_page(tmp_path, base=server.url("/story/"))
    async with running([path], paths=app_paths) as (app, pilot):
        first = app.main_screen.current
        assert first is not None
        await pilot.press("j")  # the first paragraph: its one link is followed by enter
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.main_screen
        assert screen.current is not None and screen.current.title == "The Next Story"
        assert [seen[0] for seen in server.seen] == ["/story/next.html"]
        await pilot.press("alt+left")
        assert screen.current.key == first.key and screen.view.cursor == 1
        await pilot.press("shift+backspace")
        assert screen.current.title == "The Next Story"
        # Offline afterwards: followed again, the stored copy is used.
        await pilot.press("alt+left", "enter")
        await settle(app, pilot)
        assert screen.current.title == "The Next Story" and len(server.seen) == 1


async def test_enter_on_a_passage_without_links_says_so(app_paths: Paths, tmp_path: Path) -> None:
    async with running([write_page(tmp_path)], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j", "j")  # "Nothing links here."
        await pilot.press("enter")
        await pilot.pause()
        assert any("No link in this passage" in n.message for n in app._notifications)


async def test_o_is_refused_without_a_graphical_browser(
    app_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_browser(using: object = None) -> object:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    async with running([write_page(tmp_path)], paths=app_paths) as (app, pilot):
        await pilot.press("j", "O")
        await settle(app, pilot)
        assert any("No graphical web browser" in n.message for n in app._notifications)


async def test_o_hands_an_http_link_to_the_browser(
    app_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    class Browser(webbrowser.BaseBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr(webbrowser, "get", lambda using=None: Browser())
    async with running([write_page(tmp_path)], paths=app_paths) as (app, pilot):
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "O")
        await settle(app, pilot)
        assert opened == ["https://map.example/harbour"]


async def test_v_shows_the_text_as_read_with_reasons_and_back(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([write_page(tmp_path)], paths=app_paths, size=(140, 80)) as (app, pilot):
        view = app.main_screen.view
        await pilot.press("ctrl+down")  # on "Early Boats"
        shown = " ".join(visible_lines(app))
        assert "Home News Sport" not in shown
        await pilot.press("v")
        await settle(app, pilot)
        assert view.original is not None
        assert view.current_section.text == "Early Boats"  # the same passage
        shown = "\n".join(visible_lines(app))
        assert "Home News Sport" in shown and "outside the article (extractor)" in shown
        assert "Share this story on Facebook" in shown and "share prompt" in shown
        assert "original" in str(app.main_screen.query_one("#article-pane").border_subtitle)
        await pilot.press("v")
        await settle(app, pilot)
        assert view.original is None and view.current_section.text == "Early Boats"
        assert "Home News Sport" not in " ".join(visible_lines(app))


async def test_a_source_set_to_clean_false_opens_uncleaned(
    app_paths: Paths, tmp_path: Path
) -> None:
    settings = replace_setting(DEFAULTS, "sources", {"harbour.example": {"clean": False}})
    async with running([write_page(tmp_path)], paths=app_paths, settings=settings) as (app, _):
        assert app.main_screen.view.original is not None
        assert "Home News Sport" in " ".join(visible_lines(app))


async def test_progress_shows_and_the_position_survives_another_width(
    app_paths: Paths, tmp_path: Path
) -> None:
    path = write_page(tmp_path)
    async with running([path], paths=app_paths, size=(120, 30)) as (app, pilot):
        await pilot.press("ctrl+down", "ctrl+down", "j")  # the paragraph under "Later ..."
        passage = _section_text(app)
        screen = app.main_screen
        percent = screen.sidebar.row_text(0).split("%")[0].split()[-1]
        assert 0 < int(percent) < 100
        assert f"{percent}%" in str(screen.query_one("#article-pane").border_subtitle)
    async with running([path], paths=app_paths, size=(90, 24)) as (app, pilot):
        assert _section_text(app) == passage
        assert f"{percent}%" in app.main_screen.sidebar.row_text(0)


async def test_the_palette_offers_every_navigation_action(app_paths: Paths, tmp_path: Path) -> None:
    async with running([write_page(tmp_path)], paths=app_paths) as (app, pilot):
        titles = {c.title for c in app.get_system_commands(app.main_screen)}
        assert {
            "Outline",
            "Links",
            "Follow link",
            "Open link in browser",
            "Original view",
        } <= titles
        assert {"Next heading", "Previous heading"} <= titles
        await pilot.press("o", "down", "enter")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.main_screen)}
        assert "Back" in titles


async def test_osc8_links_are_drawn_only_when_asked_and_only_for_http(
    app_paths: Paths, tmp_path: Path
) -> None:
    settings = replace_setting(DEFAULTS, "links.osc8", True)
    for osc8 in (False, True):
        chosen = settings if osc8 else DEFAULTS
        async with running([write_page(tmp_path)], paths=app_paths, settings=chosen) as (app, _):
            view = app.main_screen.view
            article = view.loaded.article
            targets = {}
            for link in article.links:
                spans = view.spans_between(link.start, link.end)
                targets[link.target] = {span.style.link for span in spans} - {None}
            assert targets["https://map.example/harbour"] == (
                {"https://map.example/harbour"} if osc8 else set()
            )
            assert targets["javascript:alert(document.cookie)"] == set()
            assert targets["next.html"] == (  # resolved against the page's address
                {"https://harbour.example/story/next.html"} if osc8 else set()
            )
