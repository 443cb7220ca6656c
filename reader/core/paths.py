"""Where reader keeps things: platformdirs locations, with one override seam for tests.

`Paths` is passed to everything that touches disk (the app factory, the store, settings), so
tests build one in a temporary folder and never touch the real home directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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
    """The embedded seed articles: installed beside the package, or in a source checkout.

    A plain path, not importlib.resources: importing its readers costs more start-up time
    than the whole seed takes to load, and the seeds are always ordinary files.
    """
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "seeds", package.parent / "seeds"):
        found = sorted(p for p in folder.glob("*") if p.suffix in {".txt", ".md"})
        if found:
            return found
    return []
