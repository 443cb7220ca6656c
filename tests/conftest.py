"""Shared fixtures: the seed article, and app paths under a temporary folder."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from reader.core.paths import Paths, seed_files
from tests.core.ingest.test_fetch import server  # noqa: F401  (a local HTTP server, for every test)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may read or write the real config or data folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("READER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("READER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _unfrozen_heap():
    """An app freezes the heap once its search index is built (`gc.freeze`, see
    `ReaderApp.load_articles`); in one test process, the next test's collections must still
    reach what this test left behind."""
    yield
    gc.unfreeze()


@pytest.fixture
def seed() -> Path:
    return seed_files()[0]


@pytest.fixture
def app_paths(tmp_path: Path) -> Paths:
    return Paths.under(tmp_path)


def reader_env() -> dict[str, str]:
    """The environment for running the `reader` command in a subprocess."""
    return dict(os.environ, PYTHONIOENCODING="utf-8")
