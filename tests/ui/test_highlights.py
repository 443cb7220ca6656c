"""Pilot tests of highlights: select with keys or the mouse, highlight in colours, notes,
tags, re-attaching an orphan, filtering by tag, and tags as data."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style as RichStyle
from textual.events import MouseMove, Paste

from reader.core.paths import Paths
from reader.core.storage.anchoring import make_bookmark
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.dialogs import TextPrompt
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.safe_input import SafeInput
from tests.ui.helpers import running, screen_text, settle

TEXT = (
    "Harbour news\n\n"
    "The harbour in Bergen reopened on Monday. Ferries ran again at noon.\n\n"
    "Fishermen said the season would be short. Prices rose at the market."
)


def article(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def cell_style(view: ArticleView, word: str) -> RichStyle:
    """The style a word is drawn in on screen (its first character's)."""
    for y in range(view.scrollable_content_region.height):
        strip = view.render_line(y)
        if word in strip.text:
            column = strip.text.index(word)
            for segment in strip:
                if column < len(segment.text):
                    return segment.style or RichStyle()
                column -= len(segment.text)
    raise AssertionError(f"{word!r} is not on screen")


async def to_passage(pilot, app, starting: str) -> None:  # type: ignore[no-untyped-def]
    view = app.main_screen.view
    for _ in range(10):
        if view.current_section and view.current_section.text.startswith(starting):
            return
        await pilot.press("j")
    raise AssertionError(f"no passage starts with {starting!r}")


async def test_keys_select_words_and_sentences_and_highlight_in_colours(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        main, keeping = app.main_screen, app.session.keeping
        await to_passage(pilot, app, "The harbour")
        await pilot.press("m", "w", "w")
        view = main.view
        assert view.selection is not None
        text = main.current.article.text
        assert text[view.selection.start : view.selection.end] == "The harbour in"
        await pilot.press("h")
        await pilot.pause()
        (first,) = keeping.bookmarks()
        assert (first.quote, first.colour) == ("The harbour in", "yellow")
        assert view.selection is None and view.marks == [(first.start, first.end, 0)]
        await pilot.press("m", "right_parenthesis", "right_parenthesis", "2")
        await pilot.pause()
        second = next(b for b in keeping.bookmarks() if b.colour == "green")
        assert (
            second.quote == "The harbour in Bergen reopened on Monday. Ferries ran again at noon."
        )
        # As drawn: the yellow words inside the green sentence show yellow (the inner
        # highlight over the outer), and a place inside the green one keeps its entity
        # colour on the green background.
        yellow, green = view._highlight_styles[0].bgcolor, view._highlight_styles[1].bgcolor
        assert yellow is not None and green is not None and yellow != green
        assert cell_style(view, "harbour").bgcolor == yellow
        bergen = cell_style(view, "Bergen")
        assert bergen.bgcolor == green
        assert bergen.color == view.entity_style("PLACE").color is not None
        assert any(
            n.message.startswith("Highlighted 3 words in yellow.") for n in app._notifications
        )


async def test_a_selection_crosses_passages_and_esc_cancels(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        view = app.main_screen.view
        await to_passage(pilot, app, "The harbour")
        await pilot.press("m", "j")  # j extends by a passage while selecting
        text = app.main_screen.current.article.text
        assert view.selection is not None
        assert text[view.selection.start : view.selection.end].endswith("noon.")
        await pilot.press("j")
        assert text[view.selection.start : view.selection.end].endswith("market.")
        await pilot.press("escape")
        assert view.selection is None and app.session.keeping.bookmarks() == []
        await pilot.press("b")  # without a selection, b bookmarks the passage again
        await pilot.pause()
        (bookmark,) = app.session.keeping.bookmarks()
        assert bookmark.colour == ""


async def test_b_with_a_selection_highlights_with_a_note(app_paths: Paths, tmp_path: Path) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        await to_passage(pilot, app, "Fishermen")
        await pilot.press("m", "w", "B")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"[bold]short[/] season", "enter")
        await pilot.pause()
        (mark,) = app.session.keeping.bookmarks()
        assert (mark.quote, mark.note, mark.colour) == (
            "Fishermen said",
            "[bold]short[/] season",
            "yellow",
        )


async def test_right_after_h_b_notes_and_t_tags_that_highlight_until_the_cursor_leaves(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        keeping = app.session.keeping
        await to_passage(pilot, app, "The harbour")
        await pilot.press("m", "w", "h", "B")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "highlight" in app.screen.title_text
        await pilot.press(*"reopened", "enter", "t")
        await pilot.pause()
        await pilot.press(*"ports", "enter")
        await pilot.pause()
        (mark,) = keeping.bookmarks()
        assert (mark.quote, mark.note, mark.tags) == ("The harbour", "reopened", ("ports",))
        assert keeping.article_tags(app.main_screen.current.key) == ()
        await pilot.press("j", "k", "B")  # away and back: B is the passage's again
        await pilot.pause()
        await pilot.press(*"whole passage", "enter")
        await pilot.pause()
        notes = sorted((b.colour, b.note) for b in keeping.bookmarks())
        assert notes == [("", "whole passage"), ("yellow", "reopened")]


async def test_the_palette_selects_highlights_and_tags(app_paths: Paths, tmp_path: Path) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        await to_passage(pilot, app, "Fishermen")
        titles = {c.title for c in app.get_system_commands(app.main_screen)}
        assert {"Select words", "Tag", "Bookmarks", "Bookmark with a note"} <= titles
        assert "Highlight in green" not in titles  # nothing selected yet
        await pilot.press("ctrl+p", *"select words", "enter")
        await pilot.pause()
        await pilot.press("w", "ctrl+p", *"highlight in green", "enter")
        await settle(app, pilot)
        (mark,) = app.session.keeping.bookmarks()
        assert (mark.quote, mark.colour) == ("Fishermen said", "green")
        await pilot.press("k", "ctrl+p", *"tag", "enter")  # away from it: the article's tags
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"harbours", "enter")
        await pilot.pause()
        keeping = app.session.keeping
        assert keeping.article_tags(app.main_screen.current.key) == ("harbours",)


async def test_tags_on_articles_and_highlights_filter_the_list(
    app_paths: Paths, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Weather\n\nRain over Oslo all week.", encoding="utf-8")
    async with running([article(tmp_path), other], paths=app_paths) as (app, pilot):
        main, keeping = app.main_screen, app.session.keeping
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        # An escape code pasted in (keys cannot type one) is dropped, markup kept as text.
        field = app.screen.query_one(SafeInput)
        field.post_message(Paste("ports, \x1b[31mnorway, [b]bold[/b]"))
        await pilot.pause()
        assert field.value == "ports, norway, [b]bold[/b]"
        await pilot.press("enter")
        await pilot.pause()
        assert keeping.article_tags(main.current.key) == ("ports", "norway", "[b]bold[/b]")
        said = [n for n in app._notifications if "norway" in n.message]
        assert said[-1].message.endswith("ports, norway, [b]bold[/b]") and not said[-1].markup
        await to_passage(pilot, app, "Fishermen")
        await pilot.press("m", "t")
        await pilot.pause()
        await pilot.press(*"fish", "enter")
        await pilot.pause()
        (mark,) = keeping.bookmarks()
        assert mark.tags == ("fish",) and mark.quote == "Fishermen"
        main.set_tag_filter("fish")
        await pilot.pause()
        assert [a.title for a in main.visible_articles()] == ["Harbour news"]
        assert "tagged fish" in screen_text(app)
        await pilot.press("x")
        assert len(main.visible_articles()) == 2


async def test_a_huge_tag_is_refused_with_a_message(app_paths: Paths, tmp_path: Path) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        await pilot.press("t")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        prompt.dismiss("x" * 10_000)
        await pilot.pause()
        assert app.session.keeping.article_tags(app.main_screen.current.key) == ()
        assert any("at most 64 characters" in n.message for n in app._notifications)


async def test_an_orphan_is_reattached_to_a_new_selection(app_paths: Paths, tmp_path: Path) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        loaded = app.main_screen.current
        keeping = app.session.keeping
        gone = "A sentence that was in the article once but is there no more at all."
        orphan = make_bookmark(loaded.key, loaded.title, "", gone, 0, len(gone), "keep me")
        keeping.store.add_bookmark(orphan)
        keeping.store.reanchor_bookmarks(loaded.key, loaded.article.text)
        assert keeping.bookmarks()[0].state == "orphaned"
        await pilot.press("apostrophe")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert "orphaned" in screen_text(app)
        await pilot.press("r")
        await settle(app, pilot)
        await to_passage(pilot, app, "Fishermen")
        await pilot.press("m", "right_parenthesis", "h")
        await pilot.pause()
        (fixed,) = keeping.bookmarks()
        assert (fixed.id, fixed.state, fixed.note) == (orphan.id, "exact", "keep me")
        assert fixed.quote == "Fishermen said the season would be short."


async def test_the_bookmarks_list_tags_and_recolours_a_highlight_made_earlier(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        keeping = app.session.keeping
        await to_passage(pilot, app, "Fishermen")
        await pilot.press("m", "w", "4", "j")  # pink; then away from it
        await pilot.press("apostrophe")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"fish, market", "enter")
        await pilot.pause()
        await pilot.press("c")  # pink is the last colour: the next is the first
        await pilot.pause()
        (mark,) = keeping.bookmarks()
        assert (mark.quote, mark.tags, mark.colour) == (
            "Fishermen said",
            ("fish", "market"),
            "yellow",
        )
        assert "#fish #market" in screen_text(app) and "■ yellow" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main_screen.view.marks == [(mark.start, mark.end, 0)]  # drawn yellow now


async def test_the_mouse_drags_a_selection(app_paths: Paths, tmp_path: Path) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        view = app.main_screen.view
        line = next(
            i for i, (s, start, _e) in enumerate(view._layout.lines)
            if s >= 0 and view.text[start:].startswith("The harbour")
        )  # fmt: skip
        y = line - view.scroll_offset.y
        start = view._layout.lines[line][1]
        left = max(x for x in range(60) if view.offset_at(x, y) == start)  # the first letter
        await pilot.mouse_down(ArticleView, offset=(left, y))
        await pilot._post_mouse_events([MouseMove], ArticleView, (left + 10, y), button=1)
        await pilot.mouse_up(ArticleView, offset=(left + 10, y))
        assert view.selection is not None
        assert view.text[view.selection.start : view.selection.end] == "The harbour"
        await pilot.press("3")
        await pilot.pause()
        assert app.session.keeping.bookmarks()[0].colour == "blue"


async def test_search_operators_from_the_search_screen(app_paths: Paths, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Weather\n\nRain and ferries over Oslo all week.", encoding="utf-8")
    async with running([article(tmp_path), other], paths=app_paths) as (app, pilot):
        keeping = app.session.keeping
        keeping.set_article_tags(app.main_screen.current.key, ["ports"])
        await pilot.press("slash")
        for key in "tag:ports feries":
            await pilot.press(key if key != " " else "space")
        await settle(app, pilot)
        assert {h.title for h in app.screen.hits} == {"Harbour news"}


async def test_tags_that_look_like_markup_are_shown_as_typed_in_the_palette(
    app_paths: Paths, tmp_path: Path
) -> None:
    async with running([article(tmp_path)], paths=app_paths) as (app, pilot):
        keeping = app.session.keeping
        keeping.set_article_tags(app.main_screen.current.key, ["[/]", "[b]loud[/b]"])
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tagged")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Only articles tagged [/]" in text and "Only articles tagged [b]loud[/b]" in text
