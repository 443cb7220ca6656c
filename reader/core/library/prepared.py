"""The seed articles, cleaned and analysed in advance, so a first start shows them at once.

A first start (a new data folder: no cache yet) would otherwise clean the seed and find its
entities before anything is on screen, importing the cleaner, the recogniser and their data
for it: most of a first start's time. The package ships each seed's cached form (the
codec's bytes) with the content hash and cache version it was made for; a copy that no
longer matches its file or the cleaner (`cache_version`) is ignored, and the seed is
processed as any file is. `tests/core/library/test_prepared.py` fails when the copy is
stale; write it anew with

    python -m reader.core.library.prepared
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from reader.core.ingest.loading import LoadError, load_file
from reader.core.library.articles import LoadedArticle, process
from reader.core.library.cache import cache_version, content_hash
from reader.core.library.codec import deserialise, serialise
from reader.core.paths import seed_files

PREPARED = Path(__file__).with_name("data") / "prepared_seeds.json"


def prepared_seed(path: Path, added: int = 0) -> LoadedArticle | None:
    """The seed at `path` from the shipped copy, or None when there is none that matches."""
    try:
        entry = json.loads(PREPARED.read_text(encoding="utf-8")).get(path.name)
        if not entry or entry["version"] != cache_version():
            return None
        document = load_file(path)
        if content_hash(document) != entry["hash"]:
            return None
        return deserialise(base64.b64decode(entry["data"]), entry["key"], document, added)
    except (OSError, ValueError, KeyError, LoadError):
        return None


def prepare() -> dict[str, dict[str, str]]:
    """The shipped copy as it should be now: every seed, cleaned and analysed."""
    out: dict[str, dict[str, str]] = {}
    for path in seed_files():
        document = load_file(path)
        loaded = process(document)
        out[path.name] = {
            "hash": content_hash(document),
            "version": cache_version(),
            "key": loaded.key,
            "data": base64.b64encode(serialise(loaded)).decode("ascii"),
        }
    return out


if __name__ == "__main__":
    PREPARED.parent.mkdir(exist_ok=True)
    PREPARED.write_text(json.dumps(prepare(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PREPARED}")
