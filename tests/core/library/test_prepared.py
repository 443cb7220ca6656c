"""The seeds' prepared copy: fresh (this test fails when it is stale), and what a first start
shows before anything is cleaned."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from reader.core.ingest.loading import load_file
from reader.core.library import articles, prepared
from reader.core.library.cache import cache_version, content_hash
from reader.core.library.codec import deserialise
from reader.core.paths import Paths, seed_files
from reader.core.session import Session

STALE = "the prepared seeds are stale: run `python -m reader.core.library.prepared`"


def test_the_shipped_copy_matches_the_seeds_and_the_cleaner() -> None:
    shipped = json.loads(prepared.PREPARED.read_text(encoding="utf-8"))
    assert sorted(shipped) == sorted(p.name for p in seed_files()), STALE
    for path in seed_files():
        entry = shipped[path.name]
        document = load_file(path)
        assert entry["version"] == cache_version(), STALE
        assert entry["hash"] == content_hash(document), STALE
        fresh = articles.process(document)
        copy = deserialise(base64.b64decode(entry["data"]), entry["key"], document)
        assert copy.key == fresh.key, STALE
        assert copy.article.text == fresh.article.text, STALE
        assert copy.article.blocks == fresh.article.blocks, STALE
        assert copy.entities == fresh.entities, STALE
        assert (copy.title, copy.date, copy.source) == (fresh.title, fresh.date, fresh.source)


def test_a_first_start_shows_the_seed_without_cleaning_and_caches_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_cleaning(*args: object, **kwargs: object) -> None:
        raise AssertionError("the seed was cleaned on a first start")

    monkeypatch.setattr(articles, "process", no_cleaning)
    paths = Paths.under(tmp_path)
    session = Session(paths)
    session.open(pytest.fail)
    plan, _gone = session.start()
    assert [a.title for a in session.articles] == [
        "Russia lauds Azerbaijan, Armenia’s adherence to Karabakh deal"
    ]
    assert session.articles[0].entities  # highlighted from the first frame
    for _step in session.load(plan):
        pass
    session.close()
    again = Session(paths)  # the usual start: from the cache, as any article
    again.open(pytest.fail)
    assert again.cache is not None and len(again.cache) == 1
    again.start()
    assert [a.key for a in again.articles] == [session.articles[0].key]
    again.close()


def test_a_stale_copy_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = json.loads(prepared.PREPARED.read_text(encoding="utf-8"))
    for entry in shipped.values():
        entry["version"] = "c0.e0.f0.builtin"
    stale = tmp_path / "prepared.json"
    stale.write_text(json.dumps(shipped), encoding="utf-8")
    monkeypatch.setattr(prepared, "PREPARED", stale)
    assert prepared.prepared_seed(seed_files()[0]) is None
    edited = tmp_path / seed_files()[0].name
    edited.write_text(seed_files()[0].read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    monkeypatch.setattr(
        prepared,
        "PREPARED",
        prepared.Path(prepared.__file__).with_name("data") / "prepared_seeds.json",
    )
    assert prepared.prepared_seed(edited) is None  # not the file the copy was made from
