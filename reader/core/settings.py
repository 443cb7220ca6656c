"""Settings: a frozen dataclass read from `config.toml`, checked with warnings, saved atomically.

Reading never fails and never writes: a missing file gives the defaults, and anything wrong in
the user's file (bad TOML, an unknown key, a wrong type, a value out of range) becomes a plain
warning naming the file, the key, the bad value and the value used instead. The file is only
written by an explicit `save_settings` or `reset_settings`, through a temporary file in the same
folder and `os.replace`, so a crash mid-write leaves the old file whole.

Every setting is described once, in `_SPECS` (dotted key, description, check); the defaults are
those of the dataclasses, and `SETTINGS_DOC` is derived for `reader config show` and the
settings screen.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reader.core.atomic import write_atomic
from reader.core.models import ENTITY_LABELS
from reader.core.paths import Paths

CONFIG_ENV = "READER_CONFIG"


@dataclass(frozen=True)
class EntitySettings:
    backend: str = "builtin"
    enabled: tuple[str, ...] = ENTITY_LABELS
    styles: dict[str, str] = field(default_factory=dict)
    """Label -> style string; treat as read-only (use `replace_setting` to change it)."""


@dataclass(frozen=True)
class SearchSettings:
    scope: str = "all"
    limit: int = 50
    min_score: float = 0.0


@dataclass(frozen=True)
class LibrarySettings:
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoadingSettings:
    max_file_mb: float = 20.0


@dataclass(frozen=True)
class LinkSettings:
    osc8: bool = False


HIGHLIGHT_COLOURS = ("yellow", "green", "blue", "pink")


def colour_number(colours: tuple[str, ...], name: str) -> int | None:
    """Where a highlight's colour name is among the settings' (case ignored); None for a
    name not among them (another tool's export, or a colour since renamed)."""
    folded = [c.casefold() for c in colours]
    return folded.index(name.casefold()) if name.casefold() in folded else None


@dataclass(frozen=True)
class HighlightSettings:
    colours: tuple[str, ...] = HIGHLIGHT_COLOURS
    """The names of the four colours keys 1 to 4 make (h makes the first), in that order;
    drawn with the theme's warning, success, primary and error colours unless `styles`
    says otherwise."""
    styles: dict[str, str] = field(default_factory=dict)
    """Colour name -> style string ("on #5f5f00"); treat as read-only."""


@dataclass(frozen=True)
class Settings:
    theme: str = "textual-dark"
    text_width: int = 80
    show_reading_time: bool = True
    mouse: bool = True
    entities: EntitySettings = field(default_factory=EntitySettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    library: LibrarySettings = field(default_factory=LibrarySettings)
    loading: LoadingSettings = field(default_factory=LoadingSettings)
    links: LinkSettings = field(default_factory=LinkSettings)
    highlights: HighlightSettings = field(default_factory=HighlightSettings)
    sources: dict[str, dict[str, bool]] = field(default_factory=dict)
    """Site or folder -> {"clean": bool}: `clean = false` opens its articles uncleaned (the
    original view); treat as read-only."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys ("ctrl+q", "j,down"); treat as read-only."""


DEFAULTS = Settings()


# --- checks -------------------------------------------------------------------------------------
# A check takes (dotted key, raw value) and returns (value to use, notes). It raises `_Invalid`
# when the whole value is unusable (the default is used); a note is a partial problem inside a
# list or table: (what is wrong, what happens instead), the bad item being dropped.

Note = tuple[str, str]
Check = Callable[[str, object], tuple[object, list[Note]]]


class _Invalid(Exception):
    """The value cannot be used at all; the message completes "key = value ..."."""


def _int_in(lo: int, hi: int) -> Check:
    def check(key: str, value: object) -> tuple[object, list[Note]]:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(f"is not a whole number ({lo} to {hi})")
        if not lo <= value <= hi:
            raise _Invalid(f"is out of range ({lo} to {hi})")
        return value, []

    return check


def _float_in(lo: float, hi: float, *, above: bool = False) -> Check:
    bounds = f"more than {lo:g} and at most {hi:g}" if above else f"{lo:g} to {hi:g}"

    def check(key: str, value: object) -> tuple[object, list[Note]]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid(f"is not a number ({bounds})")
        number = float(value)
        low_ok = lo < number if above else lo <= number
        if not (low_ok and number <= hi):  # also rejects nan
            raise _Invalid(f"is out of range ({bounds})")
        return number, []

    return check


def _bool(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, bool):
        raise _Invalid("is not true or false")
    return value, []


def _choice(*options: str) -> Check:
    def check(key: str, value: object) -> tuple[object, list[Note]]:
        if isinstance(value, str) and value.strip().lower() in options:
            return value.strip().lower(), []
        raise _Invalid("is not one of " + ", ".join(_show(o) for o in options))

    return check


def _name(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("is not a name (a non-empty string)")
    return value.strip(), []


_LABELS_TEXT = ", ".join(ENTITY_LABELS)


def _label(item: object) -> str | None:
    if isinstance(item, str) and item.strip().upper() in ENTITY_LABELS:
        return item.strip().upper()
    return None


def _labels(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, (list, tuple)):
        raise _Invalid(f"is not a list of labels (from {_LABELS_TEXT})")
    chosen = {_label(item) for item in value}
    result = tuple(label for label in ENTITY_LABELS if label in chosen)
    if value and not result:  # nothing usable: more likely a mistake than "highlight nothing"
        raise _Invalid(f"names no entity label ({_LABELS_TEXT})")
    notes = [
        (f"{key}: {_show(item)} is not an entity label ({_LABELS_TEXT})", f"using {_show(result)}")
        for item in value
        if _label(item) is None
    ]
    return result, notes


def _label_styles(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, Mapping):
        raise _Invalid('is not a table of label = "style"')
    result: dict[str, str] = {}
    notes: list[Note] = []
    for name, style in value.items():
        label = _label(name)
        where = f"{key}.{_key(str(name))}"
        if label is None:
            notes.append((f"{where}: not an entity label ({_LABELS_TEXT})", "ignored"))
        elif not isinstance(style, str) or not style.strip():
            notes.append(
                (
                    f'{where} = {_show(style)} is not a style like "bold #ff8800"',
                    "using the theme's style",
                )
            )
        else:
            result[label] = style.strip()
    return result, notes


def _folders(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, (list, tuple)):
        raise _Invalid("is not a list of folder paths")
    notes = [
        (f"{key}: {_show(item)} is not a folder path (a non-empty string)", "ignored")
        for item in value
        if not isinstance(item, str) or not item.strip()
    ]
    return tuple(item for item in value if isinstance(item, str) and item.strip()), notes


def _keymap(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, Mapping):
        raise _Invalid('is not a table of binding id = "keys"')
    result: dict[str, str] = {}
    notes: list[Note] = []
    for binding, keys in value.items():
        parts = [p.strip() for p in keys.split(",")] if isinstance(keys, str) else []
        if not any(parts):
            notes.append(
                (
                    f'{key}.{_key(str(binding))} = {_show(keys)} is not keys like "ctrl+q" '
                    'or "j,down"',
                    "using the binding's default keys",
                )
            )
        else:
            result[str(binding)] = ",".join(p for p in parts if p)
    return result, notes


def _colour_names(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _Invalid('is not a list of four names like ["yellow", "green", "blue", "pink"]')
    names = [" ".join(v.split())[:24] for v in value]
    notes: list[Note] = []
    if len(names) != 4 or len({n.casefold() for n in names}) != 4 or not all(names):
        raise _Invalid("is not four different names (one for each of the keys 1 to 4)")
    return tuple(names), notes


def _colour_styles(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, Mapping):
        raise _Invalid('is not a table of name = "style"')
    result: dict[str, str] = {}
    notes: list[Note] = []
    for name, style in value.items():
        where = f"{key}.{_key(str(name))}"
        if not isinstance(style, str) or not style.strip():
            notes.append((f'{where} = {_show(style)} is not a style like "on #5f5f00"',
                          "using the theme's colour"))  # fmt: skip
        else:
            result[" ".join(str(name).split())] = style.strip()
    return result, notes


#: What a `[sources."NAME"]` table may set.
SOURCE_OPTIONS = ("clean",)


def _sources(key: str, value: object) -> tuple[object, list[Note]]:
    if not isinstance(value, Mapping):
        raise _Invalid('is not a table of [sources."site or folder"] tables')
    result: dict[str, dict[str, bool]] = {}
    notes: list[Note] = []
    for name, table in value.items():
        where = f"{key}.{_key(str(name))}"
        if not str(name).strip():
            notes.append((f"{where}: names no site or folder", "ignored"))
            continue
        if not isinstance(table, Mapping):
            notes.append((f"{where} = {_show(table)} is not a table like {{clean = false}}",
                          "ignored"))  # fmt: skip
            continue
        options: dict[str, bool] = {}
        for option, setting in table.items():
            if option not in SOURCE_OPTIONS:
                notes.append((f"{where}.{_key(str(option))}: unknown (known: clean)", "ignored"))
            elif not isinstance(setting, bool):
                notes.append((f"{where}.{option} = {_show(setting)} is not true or false",
                              "ignored"))  # fmt: skip
            else:
                options[option] = setting
        if options:
            result[str(name).strip()] = options
    return result, notes


@dataclass(frozen=True)
class _Spec:
    key: str
    description: str
    check: Check


_SPECS: tuple[_Spec, ...] = (
    _Spec("theme", "Colour theme, by name (e.g. textual-dark, textual-light, nord).", _name),
    _Spec("text_width", "Width of the article text, in characters (40 to 200).", _int_in(40, 200)),
    _Spec("show_reading_time", "Show each article's estimated reading time.", _bool),
    _Spec("mouse", "Use the mouse in the app; false lets the terminal select text.", _bool),
    _Spec(
        "entities.backend",
        'Entity recogniser: "builtin" or "spacy" (needs spaCy installed).',
        _choice("builtin", "spacy"),
    ),
    _Spec("entities.enabled", f"Entity labels that are highlighted ({_LABELS_TEXT}).", _labels),
    _Spec(
        "entities.styles",
        'Style per label, over the theme\'s: PERSON = "bold #ff8800".',
        _label_styles,
    ),
    _Spec(
        "search.scope",
        'What a search looks through: "all" articles or the open "article".',
        _choice("all", "article"),
    ),
    _Spec("search.limit", "Most search results shown (1 to 500).", _int_in(1, 500)),
    _Spec(
        "search.min_score", "Hide search results scoring below this (0 to 100).", _float_in(0, 100)
    ),
    _Spec("library.paths", "Folders whose articles are loaded at start.", _folders),
    _Spec(
        "loading.max_file_mb",
        "Largest file loaded, in megabytes (at most 2048).",
        _float_in(0, 2048, above=True),
    ),
    _Spec(
        "links.osc8",
        "Draw links as terminal hyperlinks (OSC 8), for terminals that support them.",
        _bool,
    ),
    _Spec(
        "highlights.colours",
        "Names of the highlight colours of keys 1 to 4 (h makes the first).",
        _colour_names,
    ),
    _Spec(
        "highlights.styles",
        'Style per highlight colour, over the theme\'s: yellow = "on #5f5f00".',
        _colour_styles,
    ),
    _Spec(
        "sources",
        'Per site or folder: [sources."example.com"] clean = false opens its articles uncleaned.',
        _sources,
    ),
    _Spec(
        "keymap",
        'Keys per binding id (? lists them), over the defaults: "app.quit" = "ctrl+q".',
        _keymap,
    ),
)
_BY_KEY = {spec.key: spec for spec in _SPECS}
_SECTIONS = tuple(dict.fromkeys(s.key.split(".")[0] for s in _SPECS if "." in s.key))

SETTINGS_DOC: dict[str, str] = {spec.key: spec.description for spec in _SPECS}


# --- reading ------------------------------------------------------------------------------------


def config_file_path(cli_value: str | None, paths: Paths) -> Path:
    """The settings file: `--config PATH`, else $READER_CONFIG, else the platform's config.toml."""
    if cli_value:
        return Path(cli_value).expanduser()
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return paths.config_file


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Read `path` into Settings, with a warning for each problem. Never raises, never writes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return DEFAULTS, []
    except IsADirectoryError:
        return DEFAULTS, [f"{path}: is a folder, not a settings file; using the defaults"]
    except PermissionError:
        return DEFAULTS, [f"{path}: cannot be read (permission denied); using the defaults"]
    except OSError as exc:
        return DEFAULTS, [f"{path}: cannot be read ({exc.strerror or exc}); using the defaults"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return DEFAULTS, [
            f"{path}: is not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); "
            "save it as UTF-8; using the defaults"
        ]
    if sys.version_info >= (3, 11):  # imported here: with no settings file, never
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return DEFAULTS, [f"{path}: invalid TOML {_where(exc)}; using the defaults"]
    return settings_from_dict(table, source=str(path))


def settings_from_dict(
    table: Mapping[str, object],
    source: str = "settings",
) -> tuple[Settings, list[str]]:
    """Settings from a parsed TOML table; each problem becomes a warning prefixed by `source`."""
    values: dict[str, object] = {}
    warnings: list[str] = []

    def walk(table: Mapping[str, object], prefix: str) -> None:
        for name, value in table.items():
            key = prefix + name
            shown = prefix + _key(name)
            spec = _BY_KEY.get(key)
            if spec is not None:
                try:
                    values[key], notes = spec.check(shown, value)
                except _Invalid as exc:
                    default = get_setting(DEFAULTS, key)
                    warnings.append(
                        f"{source}: {shown} = {_show(value)} {exc}; "
                        f"using the default {_show(default)}"
                    )
                    continue
                warnings.extend(f"{source}: {problem}; {instead}" for problem, instead in notes)
            elif not prefix and key in _SECTIONS:
                if isinstance(value, Mapping):
                    walk(value, key + ".")
                else:
                    warnings.append(
                        f"{source}: {shown} = {_show(value)} is not a table "
                        f"([{key}]); using the defaults for {key}"
                    )
            else:
                warnings.append(f"{source}: unknown setting {shown}{_did_you_mean(key)}; ignored")

    walk(table, "")
    return _with(DEFAULTS, values), warnings


def _where(exc: Exception) -> str:
    message = str(exc)
    found = re.fullmatch(r"(.*?)\s*\(at line (\d+), column (\d+)\)\s*", message, re.DOTALL)
    if found:
        return f"at line {found[2]}, column {found[3]}: {found[1]}"
    found = re.fullmatch(r"(.*?)\s*\(at end of document\)\s*", message, re.DOTALL)
    if found:
        return f"at the end of the file: {found[1]}"
    return f": {message}"


def _did_you_mean(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, [*_BY_KEY, *_SECTIONS], n=1, cutoff=0.7)
    return f" (did you mean {close[0]}?)" if close else ""


# --- reading and changing values ----------------------------------------------------------------


def get_setting(settings: Settings, dotted_key: str) -> object:
    """The value of one setting, e.g. get_setting(s, "search.limit")."""
    if dotted_key not in _BY_KEY:
        raise ValueError(f"unknown setting {dotted_key}{_did_you_mean(dotted_key)}")
    value: object = settings
    for part in dotted_key.split("."):
        value = getattr(value, part)
    return value


def replace_setting(settings: Settings, dotted_key: str, value: object) -> Settings:
    """A copy of `settings` with one setting changed; ValueError (for the user) if it is bad."""
    spec = _BY_KEY.get(dotted_key)
    if spec is None:
        raise ValueError(f"unknown setting {dotted_key}{_did_you_mean(dotted_key)}")
    try:
        checked, notes = spec.check(dotted_key, value)
    except _Invalid as exc:
        raise ValueError(f"{dotted_key} = {_show(value)} {exc}") from None
    if notes:
        raise ValueError("; ".join(problem for problem, _ in notes))
    return _with(settings, {dotted_key: checked})


def _with(base: Settings, values: Mapping[str, object]) -> Settings:
    top: dict[str, object] = {}
    sections: dict[str, dict[str, object]] = {}
    for key, value in values.items():
        head, _, leaf = key.partition(".")
        if leaf:
            sections.setdefault(head, {})[leaf] = value
        else:
            top[head] = value
    for head, changes in sections.items():
        top[head] = dataclasses.replace(getattr(base, head), **changes)
    return dataclasses.replace(base, **top)  # type: ignore[arg-type]


# --- writing ------------------------------------------------------------------------------------


def settings_to_dict(settings: Settings) -> dict[str, object]:
    """Plain TOML-ready data: {"theme": ..., "entities": {"enabled": [...], ...}, ...}."""
    out: dict[str, object] = {}
    for spec in _SPECS:
        head, _, leaf = spec.key.partition(".")
        value = _plain(get_setting(settings, spec.key))
        if leaf:
            out.setdefault(head, {})[leaf] = value  # type: ignore[index]
        else:
            out[head] = value
    return out


def settings_to_toml(settings: Settings) -> str:
    """All settings as TOML, each preceded by its description as a comment."""
    import tomli_w  # writing only: not needed to start

    def entry(spec: _Spec) -> str:
        value = _plain(get_setting(settings, spec.key))
        if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            return f"# {spec.description}\n{tomli_w.dumps({spec.key: value})}"
        if isinstance(value, dict):
            return f"# {spec.description}\n[{spec.key}]\n{tomli_w.dumps(value)}"
        return f"# {spec.description}\n{_toml_line(spec.key.rpartition('.')[2], value)}"

    def is_table(spec: _Spec) -> bool:
        return isinstance(get_setting(DEFAULTS, spec.key), dict)

    root = [s for s in _SPECS if "." not in s.key]
    chunks = ["# reader settings. Remove a line to go back to its default.\n"]
    chunks += [entry(s) for s in root if not is_table(s)]
    for section in _SECTIONS:
        inside = [s for s in _SPECS if s.key.startswith(section + ".")]
        chunks.append(f"[{section}]\n" + "".join(entry(s) for s in inside if not is_table(s)))
        chunks += [entry(s) for s in inside if is_table(s)]
    chunks += [entry(s) for s in root if is_table(s)]
    return "\n".join(chunks)


def _toml_line(name: str, value: object) -> str:
    """`name = value`, with a short list kept on one line (tomli_w puts each item on its own)."""
    import tomli_w

    if isinstance(value, list) and value:
        items = [tomli_w.dumps({"x": item}).rstrip("\n")[len("x = ") :] for item in value]
        line = f"{_key(name)} = [{', '.join(items)}]\n"
        if len(line) <= 100 and all("\n" not in item for item in items):
            return line
    return tomli_w.dumps({name: value})


def save_settings(settings: Settings, path: Path) -> None:
    """Write `settings` to `path` atomically, creating its folder. Raises OSError on failure."""
    write_atomic(path, settings_to_toml(settings).encode("utf-8"))


def reset_settings(path: Path, *, now: datetime | None = None) -> Path | None:
    """Write the defaults to `path`, first copying an existing file to config.toml.bak-STAMP.

    Returns the backup's path (None when there was no file). Raises OSError on failure, in which
    case the existing file is unchanged.
    """
    backup = None
    if path.is_file():
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.name}.bak-{stamp}")
        number = 1
        while backup.exists():
            number += 1
            backup = path.with_name(f"{path.name}.bak-{stamp}-{number}")
        import shutil

        shutil.copy2(path, backup)
    save_settings(DEFAULTS, path)
    return backup


# --- keymap -------------------------------------------------------------------------------------


def validate_keymap(keymap: Mapping[str, str], known_ids: set[str]) -> list[str]:
    """Warnings for binding ids that do not exist and for a key given to two bindings."""
    warnings: list[str] = []
    owners: dict[str, list[str]] = {}
    for binding, keys in keymap.items():
        if binding not in known_ids:
            import difflib

            close = difflib.get_close_matches(binding, sorted(known_ids), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            warnings.append(f"keymap.{_key(binding)}: no binding has this id{hint}; ignored")
            continue
        for key in dict.fromkeys(k.strip() for k in keys.split(",")):
            if key:
                owners.setdefault(key, []).append(binding)
    for key, bindings in owners.items():
        if len(bindings) > 1:
            warnings.append(
                f"keymap: the key {_show(key)} is given to "
                f"{_and(_key(b) for b in bindings)}; give it to only one"
            )
    return warnings


# --- showing values in messages -----------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _key(name: str) -> str:
    """A key as TOML writes it: bare when it can be, quoted (escapes visible) otherwise."""
    import json

    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name)


def _show(value: object, limit: int = 80) -> str:
    """A value as it would look in TOML, shortened, with control characters escaped."""
    import json  # for messages only: not needed to start

    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(_show(v, limit) for v in value) + "]"
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{_key(str(k))} = {_show(v, limit)}" for k, v in value.items())
        text += "}"
    else:
        text = json.dumps(str(value), ensure_ascii=False)[1:-1] if value is not None else "none"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _and(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
