"""Pilot tests of settings in the app: the settings screen, keymaps, bad settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Input, Select, SelectionList

from reader.core.paths import Paths
from reader.core.settings import DEFAULTS, load_settings
from reader.ui.screens.settings import SettingsScreen
from tests.ui.helpers import running, screen_text, settle


async def test_settings_screen_changes_apply_now_and_save_on_request(
    app_paths: Paths, seed: Path
) -> None:
    config = app_paths.config_file
    async with running([seed], paths=app_paths, size=(120, 100)) as (app, pilot):
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        text = screen_text(app)
        assert "text_width = 80" in text and "search.limit" in text
        app.screen.query_one("#setting-theme", Select).value = "textual-light"
        await pilot.pause()
        assert app.theme == "textual-light"
        width = app.screen.query_one("#setting-text-width", Input)
        width.value = "60"
        width.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.view.text_width == 60
        assert not config.exists(), "nothing is written before an explicit save"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved, warnings = load_settings(config)
    assert not warnings
    assert (saved.theme, saved.text_width) == ("textual-light", 60)


async def test_turning_a_label_off_removes_its_highlights(app_paths: Paths, seed: Path) -> None:
    async with running([seed], paths=app_paths) as (app, pilot):
        view = app.main_screen.view
        person_style = view.entity_style("PERSON")
        everything = view.spans_between(0, len(view.loaded.article.text))
        assert any(span.style == person_style for span in everything)
        await pilot.press("s")
        app.screen.query_one(SelectionList).deselect("PERSON")
        await pilot.pause()
        assert "PERSON" not in view.enabled_labels
        people = {(e.start, e.end) for e in app.main_screen.current.entities if e.label == "PERSON"}
        everything = view.spans_between(0, len(view.loaded.article.text))
        assert people and not any((s.start, s.end) in people for s in everything)


async def test_a_rebound_key_works_and_the_old_one_does_not(app_paths: Paths, seed: Path) -> None:
    settings = replace(DEFAULTS, keymap={"article.cursor_down": "J"})
    async with running([seed], paths=app_paths, settings=settings) as (app, pilot):
        view = app.main_screen.view
        await pilot.press("j")
        assert view.cursor == 0
        await pilot.press("J")
        assert view.cursor == 1
        await pilot.press("question_mark")
        assert "J" in screen_text(app)


async def test_unknown_binding_and_bad_theme_are_reported(app_paths: Paths) -> None:
    settings = replace(DEFAULTS, theme="no-such-theme", keymap={"nothing.here": "z"})
    async with running(paths=app_paths, settings=settings) as (app, _pilot):
        messages = " ".join(n.message for n in app._notifications)
        assert "no-such-theme" in messages and "nothing.here" in messages
        assert app.theme == DEFAULTS.theme


async def test_entity_style_from_settings_replaces_the_theme(app_paths: Paths, seed: Path) -> None:
    settings = replace(
        DEFAULTS, entities=replace(DEFAULTS.entities, styles={"PLACE": "bold #ff0000"})
    )
    async with running([seed], paths=app_paths, settings=settings) as (app, _pilot):
        style = app.main_screen.view.entity_style("PLACE")
        assert style.color is not None and style.color.triplet is not None
        assert style.color.triplet.hex == "#ff0000"


async def test_a_theme_chosen_while_reading_recolours_the_article(
    app_paths: Paths, seed: Path
) -> None:
    """The article's colours come from the theme (held by `ArticleStyles`, apart from the
    view): choosing another theme redraws the text and its entities in the new colours."""

    def drawn_colours() -> set[str]:
        view = app.main_screen.view
        colours = set()
        for y in range(view.scrollable_content_region.height):
            for segment in view.render_line(y):
                if segment.style is not None and segment.style.color is not None:
                    colours.add(str(segment.style.color.triplet))
        return colours

    async with running([seed], paths=app_paths, theme="textual-dark") as (app, pilot):
        dark = drawn_colours()
        place = app.main_screen.view.entity_style("PLACE")
        app.theme = "textual-light"
        await settle(app, pilot)
        light = drawn_colours()
        assert dark and light and dark != light
        assert app.main_screen.view.entity_style("PLACE") != place
        assert str(app.main_screen.view.entity_style("PLACE").color.triplet) in light
