"""Where reader keeps things: platformdirs locations, with one override seam for tests.

`Paths` is passed to everything that touches disk (the app factory, the store, settings), so
tests build one in a temporary folder and never touch the real home directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "reader"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "reader.sqlite3"

    @classmethod
    def default(cls) -> Paths:
        """The platform's locations, or READER_CONFIG_DIR / READER_DATA_DIR when set."""
        config = os.environ.get("READER_CONFIG_DIR")
        data = os.environ.get("READER_DATA_DIR")
        return cls(
            config_dir=Path(config) if config else platformdirs.user_config_path(APP_NAME),
            data_dir=Path(data) if data else platformdirs.user_data_path(APP_NAME),
        )

    @classmethod
    def under(cls, root: Path) -> Paths:
        """Both folders under one root: for tests and throwaway sessions."""
        return cls(config_dir=root / "config", data_dir=root / "data")


def seed_files() -> list[Path]:
    """The embedded seed articles, from the installed package or from a source checkout."""
    try:
        folder = resources.files("reader.seeds")
        found = sorted(
            Path(str(item)) for item in folder.iterdir() if item.name.endswith((".txt", ".md"))
        )
        if found:
            return found
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    return sorted(p for p in checkout.glob("*") if p.suffix in {".txt", ".md"})
