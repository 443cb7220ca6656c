"""Pilot tests of the reading screen: what a user sees and what the keys do."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from reader.core.paths import Paths
from reader.ui.screens.entity_panel import EntityPanel
from reader.ui.screens.help import HelpScreen
from tests.ui.helpers import running, screen_text, settle, visible_lines

TITLE = "Russia lauds Azerbaijan, Armenia’s adherence to Karabakh deal"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_opens_the_seed_by_default_with_title_and_sidebar_row(app_paths: Paths) -> None:
    async with running(paths=app_paths) as (app, _pilot):
        text = screen_text(app)
        assert TITLE in text
        assert "Articles" in text
        assert "1 article" in text
        assert "min" in text  # reading time in the sidebar row


async def test_cursor_moves_with_j_and_k_and_the_view_follows(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths, size=(100, 20)) as (app, pilot):
        view = app.main_screen.view
        assert view.cursor == 0
        await pilot.press("j", "j", "down")
        assert view.cursor == 3
        await pilot.press("k")
        assert view.cursor == 2
        await pilot.press("G")
        assert view.cursor == view.section_count - 1
        last = view.current_section
        assert last is not None
        # The last passage is on screen: its final words are in the visible lines.
        assert last.text.split()[-1] in " ".join(visible_lines(app))
        marked = [line for line in visible_lines(app) if "▌" in line]
        assert marked, "the current passage has a visible marker"
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_offset.y == 0


async def test_opening_an_article_marks_it_read(app_paths: Paths, tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "First article\n\nIt has a paragraph about Paris.")
    b = write(tmp_path, "b.txt", "Second article\n\nIt has a paragraph about Berlin.")
    async with running([a, b], paths=app_paths) as (app, pilot):
        screen = app.main_screen
        assert screen.current is not None and screen.current.title == "First article"
        second = screen.articles[1].key
        assert second not in screen.read
        assert "●" in screen.sidebar.row_text(1)
        await pilot.press("n")
        assert screen.current.title == "Second article"
        assert second in screen.read
        assert "●" not in screen.sidebar.row_text(1)
        await pilot.press("p")
        assert screen.current.title == "First article"


async def test_clicking_a_sidebar_row_opens_it(app_paths: Paths, tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "Alpha title\n\nAlpha body text here.")
    b = write(tmp_path, "b.txt", "Beta title\n\nBeta body text here.")
    async with running([a, b], paths=app_paths) as (app, pilot):
        sidebar = app.main_screen.sidebar
        # Each row is three lines; the second article's row starts on the fourth line.
        await pilot.click(sidebar, offset=(3, 3))
        await pilot.pause()
        assert app.main_screen.current is not None
        assert app.main_screen.current.title == "Beta title"


async def test_markup_in_titles_and_text_shows_literally(app_paths: Paths, tmp_path: Path) -> None:
    hostile = write(
        tmp_path,
        "markup.txt",
        "[bold]x[/] and a [/] b\n\nBody with [red]not red[/red] and [link=http://e]l[/link].",
    )
    async with running([hostile], paths=app_paths) as (app, _pilot):
        text = screen_text(app)
        assert "[bold]x[/] and a [/] b" in text
        assert "[red]not red[/red]" in text


async def test_entity_highlighting_toggles_and_legend_counts(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        screen = app.main_screen
        assert screen.current is not None
        counts = screen.current.entity_counts()
        assert counts["PLACE"] > 0
        text = screen_text(app)
        assert f"places  {counts['PLACE']}" in text
        view = screen.view
        styled_before = len(view.spans_between(0, len(view.loaded.article.text)))
        assert styled_before >= len(screen.current.entities)
        await pilot.press("e")
        assert "entities hidden" in screen_text(app)
        assert len(view.spans_between(0, len(view.loaded.article.text))) == 0
        await pilot.press("e")
        assert len(view.spans_between(0, len(view.loaded.article.text))) == styled_before


async def test_bracket_keys_step_through_entity_mentions(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        view = app.main_screen.view
        loaded = app.main_screen.current
        assert loaded is not None
        await pilot.press("right_square_bracket")
        first = view.selected_entity
        assert first is not None
        await pilot.press("right_square_bracket")
        assert view.selected_entity == first + 1
        entity = loaded.entities[view.selected_entity]
        section = loaded.article.sections[view.cursor]
        assert section.start <= entity.start < section.end
        await pilot.press("left_square_bracket")
        assert view.selected_entity == first


async def test_entity_panel_jumps_and_filters(app_paths: Paths, seed: Path, tmp_path: Path) -> None:
    other = write(tmp_path, "other.txt", "Weather report\n\nIt rained in Oslo on Monday.")
    async with running([seed, other], paths=app_paths) as (app, pilot):
        screen = app.main_screen
        await pilot.press("E")
        assert isinstance(app.screen, EntityPanel)
        assert "people" in screen_text(app).lower()
        await pilot.press("enter")
        assert not isinstance(app.screen, EntityPanel)
        assert screen.view.selected_entity is not None
        await pilot.press("E")
        await pilot.press("f")
        await pilot.pause()
        assert screen.entity_filter
        assert len(screen.sidebar.keys) == 1  # only the seed mentions it
        assert "x clears" in screen_text(app)
        await pilot.press("x")
        assert screen.entity_filter is None
        assert len(screen.sidebar.keys) == 2


async def test_help_opens_and_closes(app_paths: Paths) -> None:
    """Help lists every binding (tests/ui/test_bindings.py checks each one); esc closes it."""
    async with running(paths=app_paths, size=(120, 100)) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Next passage" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_y_copies_the_current_passage(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        await pilot.press("j", "j", "j")
        section = app.main_screen.view.current_section
        assert section is not None
        await pilot.press("y")
        assert app.clipboard == section.text


async def test_bad_files_notify_and_the_rest_open(app_paths: Paths, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "Good title\n\nGood body.")
    binary = tmp_path / "bad.bin"
    binary.write_bytes(b"\x00\x01")
    async with running([good, binary, tmp_path / "gone.txt"], paths=app_paths) as (app, _pilot):
        messages = [n.message for n in app._notifications]
        assert any("bad.bin: binary" in m for m in messages)
        assert any("gone.txt: no such file" in m for m in messages)
        assert app.main_screen.current is not None
        assert app.main_screen.current.title == "Good title"


async def test_nothing_loaded_shows_why_and_how(app_paths: Paths, tmp_path: Path) -> None:
    async with running([tmp_path / "missing"], paths=app_paths) as (app, _pilot):
        text = screen_text(app)
        assert "No articles loaded" in text
        assert "reader PATH" in text


async def test_a_5mb_article_opens_and_scrolls(app_paths: Paths, tmp_path: Path) -> None:
    paragraph = "The committee met in Geneva on Monday to discuss the 44-day conflict. " * 12
    big = write(tmp_path, "big.txt", "A very long report\n\n" + "\n\n".join([paragraph] * 6000))
    assert big.stat().st_size > 5_000_000
    async with running([big], paths=app_paths, size=(100, 30)) as (app, pilot):
        view = app.main_screen.view
        await settle(app, pilot)
        assert view._layout is not None and len(view._layout.lines) > 50_000
        await pilot.press("G")
        assert view.cursor == view.section_count - 1
        assert "Geneva" in " ".join(visible_lines(app))


async def test_sort_by_title_from_the_palette(app_paths: Paths, tmp_path: Path) -> None:
    b = write(tmp_path, "1.txt", "Zebra crossing\n\nText.")
    a = write(tmp_path, "2.txt", "Apple harvest\n\nText.")
    async with running([b, a], paths=app_paths) as (app, pilot):
        screen = app.main_screen

        def titles() -> list[str]:
            by_key = {x.key: x.title for x in screen.articles}
            return [by_key[k] for k in screen.sidebar.keys]

        assert titles() == ["Zebra crossing", "Apple harvest"]
        await pilot.press("ctrl+p")
        await pilot.press(*"sort articles by title")
        commands = app.screen.query_one(CommandList)
        for _ in range(500):  # the palette searches in a worker: wait for its first hit
            if commands.option_count and commands.highlighted is not None:
                break
            await pilot.pause(0.01)
        assert commands.option_count, "the palette found no command"
        await pilot.press("enter")
        await pilot.pause()
        assert titles() == ["Apple harvest", "Zebra crossing"]


async def test_the_footer_follows_the_keys_and_is_not_rebuilt_when_they_stay_the_same(
    app_paths: Paths, seed: Path
) -> None:
    """The footer shows "Next match" once a search has matches in the article; opening and
    closing a screen over the reader, which changes none of its keys, leaves the footer's
    keys as they were (Textual would rebuild them, about 30 ms each time)."""
    from textual.widgets._footer import FooterKey

    from tests.ui.test_search import type_query

    async with running([seed], paths=app_paths) as (app, pilot):
        footer_keys = list(app.main_screen.query(FooterKey))
        assert "Next match" not in screen_text(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert list(app.main_screen.query(FooterKey)) == footer_keys
        await pilot.press("slash")
        await type_query(app, pilot, "South Caucasus")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Next match" in screen_text(app)


async def test_the_collector_paused_for_the_first_frame_runs_again_after_it(
    app_paths: Paths,
) -> None:
    """`reader` pauses the cyclic garbage collector while it starts (cli.run_tui); once the
    first frame with the article is shown, collection must be on again, or a long reading
    session would never free its cycles."""
    import gc

    from reader.cli import _resume_collection
    from reader.ui.app import make_app

    gc.disable()
    try:
        app = make_app(paths=app_paths)
        seen_on_screen: list[bool] = []
        app.call_after_first_paint(lambda: seen_on_screen.append(TITLE in screen_text(app)))
        app.call_after_first_paint(_resume_collection)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert seen_on_screen == [True], "called once, with the article on screen"
            assert gc.isenabled()
            late: list[int] = []
            app.call_after_first_paint(lambda: late.append(1))
            assert late == [1], "a callback after the first frame runs at once"
    finally:
        gc.enable()
        gc.unfreeze()
