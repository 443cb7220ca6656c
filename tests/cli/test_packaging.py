"""What an installed reader needs is in the wheel: every package and every data file."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_every_data_file_under_reader_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]
    missing = []
    for path in (ROOT / "reader").rglob("*"):
        if path.is_dir() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(ROOT)
        folder = relative.parent
        covered = False
        while folder != Path("."):
            package = ".".join(folder.parts)
            inside = path.relative_to(ROOT / folder).as_posix()
            if any(fnmatch.fnmatch(inside, pattern) for pattern in globs.get(package, [])):
                covered = True
                break
            folder = folder.parent
        if not covered:
            missing.append(relative.as_posix())
    assert missing == [], "add these to [tool.setuptools.package-data] in pyproject.toml"


def test_packages_are_found_not_listed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "find" in config["tool"]["setuptools"]["packages"]
