"""Settings: what a user sees when their config.toml is missing, wrong, saved or reset."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import pytest

from reader.core import settings as settings_module
from reader.core.models import ENTITY_LABELS
from reader.core.paths import Paths
from reader.core.settings import (
    SETTINGS_DOC,
    Settings,
    config_file_path,
    get_setting,
    load_settings,
    replace_setting,
    reset_settings,
    save_settings,
    settings_to_dict,
    settings_to_toml,
    validate_keymap,
)

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


def load_one(config: Path, text: str) -> tuple[Settings, str]:
    settings, warnings = load_settings(write(config, text))
    assert len(warnings) == 1, warnings
    return settings, warnings[0]


# --- defaults ------------------------------------------------------------------------------------


def test_a_missing_file_gives_the_defaults_silently_and_is_not_created(config: Path) -> None:
    settings, warnings = load_settings(config)
    assert settings == Settings()
    assert warnings == []
    assert not config.exists()


def test_the_defaults_are_those_documented() -> None:
    s = Settings()
    assert s.theme == "textual-dark"
    assert s.text_width == 80
    assert s.show_reading_time is True and s.mouse is True
    assert s.entities.backend == "builtin"
    assert s.entities.enabled == ENTITY_LABELS
    assert s.entities.styles == {} and s.keymap == {}
    assert (s.search.scope, s.search.limit, s.search.min_score) == ("all", 50, 0.0)
    assert s.library.paths == ()
    assert s.loading.max_file_mb == 20.0


def test_every_setting_has_a_one_line_description() -> None:
    assert set(SETTINGS_DOC) == set(settings_to_dict_keys(Settings()))
    assert all(text and "\n" not in text for text in SETTINGS_DOC.values())


def settings_to_dict_keys(s: Settings) -> list[str]:
    out = []
    for head, value in settings_to_dict(s).items():
        if head in {"entities", "search", "library", "loading", "links", "highlights"}:
            out += [f"{head}.{leaf}" for leaf in value]  # type: ignore[attr-defined]
        else:
            out.append(head)
    return out


def test_an_empty_file_gives_the_defaults(config: Path) -> None:
    assert load_settings(write(config, "")) == (Settings(), [])


def test_good_values_are_read(config: Path) -> None:
    settings, warnings = load_settings(
        write(
            config,
            """
theme = "nord"
text_width = 100
show_reading_time = false
mouse = false
[entities]
backend = "spacy"
enabled = ["PERSON", "place"]
styles = { PERSON = "bold #ff8800 on #202020" }
[search]
scope = "article"
limit = 10
min_score = 55
[library]
paths = ["~/articles", "/srv/news"]
[loading]
max_file_mb = 1.5
[keymap]
quit = "ctrl+q"
scroll_down = "j, down"
""",
        )
    )
    assert warnings == []
    assert settings.theme == "nord"
    assert settings.text_width == 100
    assert settings.show_reading_time is False and settings.mouse is False
    assert settings.entities.backend == "spacy"
    assert settings.entities.enabled == ("PERSON", "PLACE")
    assert settings.entities.styles == {"PERSON": "bold #ff8800 on #202020"}
    assert settings.search.scope == "article"
    assert settings.search.limit == 10
    assert settings.search.min_score == 55.0 and isinstance(settings.search.min_score, float)
    assert settings.library.paths == ("~/articles", "/srv/news")
    assert settings.loading.max_file_mb == 1.5
    assert settings.keymap == {"quit": "ctrl+q", "scroll_down": "j,down"}


# --- bad values: a warning naming the key, the value and the value used --------------------------


def test_an_unknown_key_is_named_and_ignored(config: Path) -> None:
    settings, warning = load_one(config, "text_widht = 100\n")
    assert settings == Settings()
    assert "text_widht" in warning and "ignored" in warning
    assert "did you mean text_width" in warning
    assert str(config) in warning


def test_an_unknown_key_inside_a_section_is_named_with_its_dotted_key(config: Path) -> None:
    settings, warning = load_one(config, "[search]\nlimit = 5\nfuzzy = true\n")
    assert settings.search.limit == 5
    assert "search.fuzzy" in warning


def test_an_unknown_section_is_one_warning(config: Path) -> None:
    _, warning = load_one(config, "[colours]\na = 1\nb = 2\n")
    assert "colours" in warning


@pytest.mark.parametrize(
    ("text", "key", "bad", "used"),
    [
        ('text_width = "wide"', "text_width", '"wide"', "80"),
        ("text_width = 80.5", "text_width", "80.5", "80"),
        ("text_width = true", "text_width", "true", "80"),
        ("mouse = 1", "mouse", "1", "true"),
        ('show_reading_time = "no"', "show_reading_time", '"no"', "true"),
        ('theme = ""', "theme", '""', '"textual-dark"'),
        ("theme = 3", "theme", "3", '"textual-dark"'),
        ("[search]\nlimit = true", "search.limit", "true", "50"),
        ('[search]\nmin_score = "high"', "search.min_score", '"high"', "0.0"),
        ("[loading]\nmax_file_mb = false", "loading.max_file_mb", "false", "20.0"),
        ('[entities]\nenabled = "PERSON"', "entities.enabled", '"PERSON"', '["PERSON", "ORG"'),
        ("[entities]\nstyles = 3", "entities.styles", "3", "{}"),
        ('keymap = "vim"', "keymap", '"vim"', "{}"),
        ("[library]\npaths = 3", "library.paths", "3", "[]"),
    ],
)
def test_a_wrong_type_names_the_key_the_value_and_the_default(
    config: Path, text: str, key: str, bad: str, used: str
) -> None:
    settings, warning = load_one(config, text + "\n")
    assert settings == Settings()
    assert f"{key} = {bad}" in warning
    assert f"using the default {used}" in warning


@pytest.mark.parametrize(
    ("text", "key", "bad", "used"),
    [
        ("text_width = 39", "text_width", "39", "80"),
        ("text_width = 500", "text_width", "500", "80"),
        ("[search]\nlimit = 0", "search.limit", "0", "50"),
        ("[search]\nlimit = 501", "search.limit", "501", "50"),
        ("[search]\nmin_score = -1", "search.min_score", "-1", "0.0"),
        ("[search]\nmin_score = 100.5", "search.min_score", "100.5", "0.0"),
        ("[search]\nmin_score = nan", "search.min_score", "nan", "0.0"),
        ("[loading]\nmax_file_mb = 0", "loading.max_file_mb", "0", "20.0"),
        ("[loading]\nmax_file_mb = 4096", "loading.max_file_mb", "4096", "20.0"),
        ("[loading]\nmax_file_mb = inf", "loading.max_file_mb", "inf", "20.0"),
    ],
)
def test_a_value_out_of_range_names_the_key_the_value_and_the_default(
    config: Path, text: str, key: str, bad: str, used: str
) -> None:
    settings, warning = load_one(config, text + "\n")
    assert settings == Settings()
    assert f"{key} = {bad} is out of range" in warning
    assert f"using the default {used}" in warning


def test_the_edges_of_a_range_are_accepted(config: Path) -> None:
    text = "text_width = 200\n[search]\nlimit = 1\nmin_score = 100\n[loading]\nmax_file_mb = 2048\n"
    settings, warnings = load_settings(write(config, text))
    assert warnings == []
    assert (settings.text_width, settings.search.limit) == (200, 1)
    assert (settings.search.min_score, settings.loading.max_file_mb) == (100.0, 2048.0)


@pytest.mark.parametrize(
    ("text", "key", "bad", "used"),
    [
        ('[entities]\nbackend = "stanza"', "entities.backend", '"stanza"', '"builtin"'),
        ('[search]\nscope = "everything"', "search.scope", '"everything"', '"all"'),
    ],
)
def test_a_value_not_among_the_choices_is_named_with_the_choices(
    config: Path, text: str, key: str, bad: str, used: str
) -> None:
    settings, warning = load_one(config, text + "\n")
    assert settings == Settings()
    assert f"{key} = {bad} is not one of" in warning
    assert f"using the default {used}" in warning


def test_a_bad_label_in_entities_enabled_is_dropped_and_the_rest_kept(config: Path) -> None:
    settings, warning = load_one(config, '[entities]\nenabled = ["PERSON", "PEOPLE", "org"]\n')
    assert settings.entities.enabled == ("PERSON", "ORG")
    assert "entities.enabled" in warning and '"PEOPLE"' in warning
    assert 'using ["PERSON", "ORG"]' in warning


def test_entities_enabled_with_no_real_label_falls_back_to_all(config: Path) -> None:
    settings, warning = load_one(config, '[entities]\nenabled = ["PEOPLE"]\n')
    assert settings.entities.enabled == ENTITY_LABELS
    assert 'entities.enabled = ["PEOPLE"]' in warning and "using the default" in warning


def test_an_empty_entities_enabled_turns_highlighting_off(config: Path) -> None:
    settings, warnings = load_settings(write(config, "[entities]\nenabled = []\n"))
    assert warnings == [] and settings.entities.enabled == ()


def test_a_bad_label_or_style_in_entities_styles_is_dropped(config: Path) -> None:
    text = '[entities.styles]\nPERSON = "bold"\nPEOPLE = "italic"\nORG = 5\n'
    settings, warnings = load_settings(write(config, text))
    assert settings.entities.styles == {"PERSON": "bold"}
    assert len(warnings) == 2
    assert "entities.styles.PEOPLE" in warnings[0] and "ignored" in warnings[0]
    assert "entities.styles.ORG = 5" in warnings[1] and "theme's style" in warnings[1]


def test_a_bad_folder_or_key_entry_is_dropped_and_the_rest_kept(config: Path) -> None:
    text = '[library]\npaths = ["~/news", 3]\n[keymap]\nquit = "ctrl+q"\nhelp = 1\n'
    settings, warnings = load_settings(write(config, text))
    assert settings.library.paths == ("~/news",)
    assert settings.keymap == {"quit": "ctrl+q"}
    assert any("library.paths" in w and "3" in w for w in warnings)
    assert any("keymap.help = 1" in w and "default keys" in w for w in warnings)


def test_a_section_that_is_not_a_table_gives_its_defaults(config: Path) -> None:
    settings, warning = load_one(config, "search = 5\n")
    assert settings == Settings()
    assert "search = 5" in warning and "defaults" in warning


def test_each_problem_gets_its_own_warning_and_good_values_survive(config: Path) -> None:
    text = (
        'text_width = 500\nmouse = false\ncolour = "red"\n[search]\nlimit = 0\nscope = "article"\n'
    )
    settings, warnings = load_settings(write(config, text))
    assert len(warnings) == 3
    assert settings.mouse is False and settings.search.scope == "article"
    assert settings.text_width == 80 and settings.search.limit == 50


def test_control_characters_in_a_bad_value_do_not_reach_the_terminal(config: Path) -> None:
    _, warning = load_one(config, '"\\u001b[2J" = 1\n')  # an unknown key
    assert "\x1b" not in warning
    _, warning = load_one(config, 'text_width = "\\u001b[31m"\n')
    assert "\x1b" not in warning and "\\u001b" in warning


# --- unreadable files ----------------------------------------------------------------------------


def test_invalid_toml_names_the_file_line_and_column_and_gives_the_defaults(config: Path) -> None:
    settings, warning = load_one(config, "theme = 'nord'\n\nmouse = = true\n")
    assert settings == Settings()
    assert str(config) in warning
    assert "invalid TOML at line 3, column 9" in warning
    assert warning.endswith("using the defaults")


def test_a_file_that_is_not_utf8_gives_the_defaults(config: Path) -> None:
    config.write_bytes(b'theme = "caf\xe9"\n')
    settings, warnings = load_settings(config)
    assert settings == Settings()
    assert len(warnings) == 1 and "UTF-8" in warnings[0] and str(config) in warnings[0]


def test_a_utf8_byte_order_mark_is_accepted(config: Path) -> None:
    config.write_bytes(b"\xef\xbb\xbftext_width = 90\n")
    assert load_settings(config) == (Settings(text_width=90), [])


def test_a_folder_in_place_of_the_file_gives_the_defaults(config: Path) -> None:
    config.mkdir()
    settings, warnings = load_settings(config)
    assert settings == Settings()
    assert len(warnings) == 1 and str(config) in warnings[0]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX, not root")
def test_an_unreadable_file_gives_the_defaults(config: Path) -> None:
    write(config, "text_width = 90\n").chmod(0)
    try:
        settings, warnings = load_settings(config)
    finally:
        config.chmod(0o600)
    assert settings == Settings()
    assert len(warnings) == 1 and "permission denied" in warnings[0]


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "I/O error"), "I/O"),
    ],
)
def test_a_read_error_gives_the_defaults_and_names_the_file(
    config: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str
) -> None:
    write(config, "text_width = 90\n")

    def fail(self: Path) -> bytes:
        raise error

    monkeypatch.setattr(Path, "read_bytes", fail)
    settings, warnings = load_settings(config)
    assert settings == Settings()
    assert len(warnings) == 1 and str(config) in warnings[0] and words in warnings[0]


BROKEN = b"# my notes\ntheme = 'nord'\ntext_width = 500\nmouse = = true\n\xff\n"


def test_a_broken_file_is_left_byte_for_byte_unchanged(config: Path) -> None:
    config.write_bytes(BROKEN)
    before = config.stat().st_mtime_ns
    settings, _ = load_settings(config)
    replace_setting(settings, "text_width", 120)
    settings_to_toml(settings)
    settings_to_dict(settings)
    validate_keymap({"quit": "q"}, {"quit"})
    config_file_path(None, Paths.under(config.parent))
    assert config.read_bytes() == BROKEN
    assert config.stat().st_mtime_ns == before
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


# --- saving --------------------------------------------------------------------------------------


def custom() -> Settings:
    s = Settings()
    for key, value in [
        ("theme", "nord"),
        ("text_width", 120),
        ("mouse", False),
        ("entities.backend", "spacy"),
        ("entities.enabled", ["ORG", "DATE"]),
        ("entities.styles", {"ORG": "bold #ff8800 on #202020"}),
        ("search.scope", "article"),
        ("search.limit", 200),
        ("search.min_score", 12.5),
        ("library.paths", ["~/news", 'C:\\Users\\me\\"quoted"']),
        ("loading.max_file_mb", 64),
        ("keymap", {"quit": "ctrl+q", "scroll.down": "j,down"}),
    ]:
        s = replace_setting(s, key, value)
    return s


@pytest.mark.parametrize("make", [Settings, custom])
def test_what_is_saved_loads_back_the_same(config: Path, make) -> None:
    settings = make()
    save_settings(settings, config)
    assert load_settings(config) == (settings, [])


def test_saving_creates_the_folder_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    config = tmp_path / "new" / "folder" / "config.toml"
    save_settings(custom(), config)
    assert [p.name for p in config.parent.iterdir()] == ["config.toml"]


def test_the_saved_file_describes_each_setting(config: Path) -> None:
    save_settings(Settings(), config)
    text = config.read_text(encoding="utf-8")
    for description in SETTINGS_DOC.values():
        assert f"# {description}" in text


def test_a_failure_while_saving_leaves_the_old_file_intact(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.write_bytes(BROKEN)

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(settings_module.os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        save_settings(custom(), config)
    assert config.read_bytes() == BROKEN
    assert [p.name for p in config.parent.iterdir()] == ["config.toml"]


def test_a_failure_while_writing_leaves_the_old_file_intact(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.write_bytes(BROKEN)

    def fail(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(settings_module.os, "fsync", fail)
    with pytest.raises(OSError):
        save_settings(custom(), config)
    assert config.read_bytes() == BROKEN
    assert [p.name for p in config.parent.iterdir()] == ["config.toml"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks and modes")
def test_saving_through_a_dotfiles_symlink_keeps_the_link_and_the_mode(tmp_path: Path) -> None:
    (tmp_path / "dotfiles").mkdir()
    real = write(tmp_path / "dotfiles" / "reader.toml", "")
    real.chmod(0o640)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_settings(custom(), link)
    assert link.is_symlink()
    assert load_settings(real)[0] == custom()
    assert real.stat().st_mode & 0o777 == 0o640


def test_settings_to_toml_is_valid_toml_of_the_merged_settings() -> None:
    settings = custom()
    assert tomllib.loads(settings_to_toml(settings)) == settings_to_dict(settings)
    assert settings_to_dict(settings)["entities"]["enabled"] == ["ORG", "DATE"]  # type: ignore[index]


# --- reset ---------------------------------------------------------------------------------------


def test_reset_backs_up_the_file_then_writes_the_defaults(config: Path) -> None:
    config.write_bytes(BROKEN)
    backup = reset_settings(config, now=datetime(2024, 5, 6, 7, 8, 9))
    assert backup == config.with_name("config.toml.bak-20240506-070809")
    assert backup.read_bytes() == BROKEN
    assert load_settings(config) == (Settings(), [])


def test_a_second_reset_in_the_same_second_keeps_both_backups(config: Path) -> None:
    when = datetime(2024, 5, 6, 7, 8, 9)
    write(config, "text_width = 90\n")
    first = reset_settings(config, now=when)
    second = reset_settings(config, now=when)
    assert first is not None and second is not None and first != second
    assert first.read_text() == "text_width = 90\n"
    assert load_settings(second) == (Settings(), [])


def test_reset_without_a_file_writes_the_defaults_and_no_backup(config: Path) -> None:
    assert reset_settings(config) is None
    assert load_settings(config) == (Settings(), [])
    assert [p.name for p in config.parent.iterdir()] == ["config.toml"]


# --- changing one setting (the settings screen) --------------------------------------------------


def test_replace_setting_returns_a_changed_copy() -> None:
    before = Settings()
    after = replace_setting(before, "search.limit", 20)
    assert after.search.limit == 20 and before.search.limit == 50
    assert get_setting(after, "search.limit") == 20
    assert replace_setting(before, "loading.max_file_mb", 5).loading.max_file_mb == 5.0


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("text_width", 10, "text_width = 10 is out of range (40 to 200)"),
        ("text_width", True, "text_width = true is not a whole number"),
        ("mouse", 0, "mouse = 0 is not true or false"),
        ("search.scope", "web", 'search.scope = "web" is not one of "all", "article"'),
        ("entities.enabled", ["PERSON", "PEOPLE"], '"PEOPLE" is not an entity label'),
        ("entities.styles", {"NOPE": "bold"}, "entities.styles.NOPE"),
        ("theme", "  ", "theme"),
        ("text_widht", 80, "unknown setting text_widht (did you mean text_width?)"),
    ],
)
def test_replace_setting_rejects_a_bad_value_with_a_message(
    key: str, value: object, message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        replace_setting(Settings(), key, value)
    assert message in str(raised.value)


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().text_width = 100  # type: ignore[misc]


# --- where the file is ---------------------------------------------------------------------------


def test_config_file_path_prefers_the_cli_then_the_environment_then_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = Paths.under(tmp_path)
    monkeypatch.delenv("READER_CONFIG", raising=False)
    assert config_file_path(None, paths) == paths.config_file
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "env.toml"))
    assert config_file_path(None, paths) == tmp_path / "env.toml"
    assert config_file_path(str(tmp_path / "cli.toml"), paths) == tmp_path / "cli.toml"
    monkeypatch.setenv("READER_CONFIG", "")
    assert config_file_path("", paths) == paths.config_file
    monkeypatch.setenv("READER_CONFIG", "~/x.toml")
    assert config_file_path(None, paths) == Path.home() / "x.toml"


# --- keymap --------------------------------------------------------------------------------------


def test_validate_keymap_accepts_a_good_keymap() -> None:
    assert validate_keymap({"quit": "ctrl+q", "down": "j,down"}, {"quit", "down", "up"}) == []


def test_validate_keymap_names_an_unknown_binding_id() -> None:
    [warning] = validate_keymap({"qiut": "ctrl+q"}, {"quit", "down"})
    assert "keymap.qiut" in warning and "did you mean quit" in warning


def test_validate_keymap_names_a_key_given_to_two_bindings() -> None:
    [warning] = validate_keymap({"down": "j,down", "next": "n, j"}, {"down", "next"})
    assert '"j"' in warning and "down" in warning and "next" in warning


def test_a_key_repeated_within_one_binding_is_not_a_conflict() -> None:
    assert validate_keymap({"down": "j,j"}, {"down"}) == []


def test_sources_tables_and_the_osc8_setting_are_checked_and_round_trip() -> None:
    from reader.core.settings import settings_from_dict, settings_to_toml

    table = {
        "sources": {
            "example.com": {"clean": False},
            "~/raw": {"clean": "no", "colour": True},
            "x": 3,
        },
        "links": {"osc8": True},
    }
    settings, warnings = settings_from_dict(table)
    assert settings.sources == {"example.com": {"clean": False}}
    assert settings.links.osc8 is True
    assert any('sources."~/raw".clean = "no" is not true or false' in w for w in warnings)
    assert any('sources."~/raw".colour: unknown' in w for w in warnings)
    assert any("sources.x = 3 is not a table" in w for w in warnings)
    again, problems = settings_from_dict(tomllib.loads(settings_to_toml(settings)))
    assert again == settings and problems == []
    assert Settings().links.osc8 is False and Settings().sources == {}


def test_highlight_colours_are_four_names_and_styles_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[highlights]\ncolours = ["gold", "mint", "sky", "rose"]\n'
        '[highlights.styles]\ngold = "on #554400"\nmint = 3\n',
        encoding="utf-8",
    )
    settings, warnings = load_settings(path)
    assert settings.highlights.colours == ("gold", "mint", "sky", "rose")
    assert settings.highlights.styles == {"gold": "on #554400"}
    assert any("highlights.styles.mint" in w for w in warnings)
    path.write_text('[highlights]\ncolours = ["one", "one", "two", "three"]\n', encoding="utf-8")
    settings, warnings = load_settings(path)
    assert settings.highlights.colours == ("yellow", "green", "blue", "pink")
    assert any("highlights.colours" in w and "four different names" in w for w in warnings)
