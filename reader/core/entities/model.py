"""The typing model: an averaged perceptron that labels candidate names from their features.

Trained by `benchmarks/train_entities.py` on the even-indexed half of wikigold (CC-BY 4.0) and
shipped as `data/typer.json.gz`: one integer weight vector per feature string, over the labels
below. Loaded on first use (a few milliseconds); without the file the rules' labels stand.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

from reader.core.models import EntityLabel

#: The model's classes: the four name labels, and NONE for a candidate that is no name.
LABELS: tuple[str, ...] = ("PERSON", "ORG", "PLACE", "MISC", "NONE")
MODEL_FILE = "typer.json.gz"

Weights = dict[str, tuple[int, ...]]

#: How far NONE must beat the best label to drop a candidate (weights are x100). The model
#: learns NONE for every candidate whose span is not exactly a name, so a narrow NONE win is
#: as often a name with a boundary off; measured by cross-validation inside the training half
#: (0 and 100 alike typed, 100 keeps more names).
NONE_MARGIN = 100


@lru_cache(maxsize=1)
def load() -> Weights | None:
    """The shipped weights, or None when the file is missing (the rules then decide alone)."""
    try:
        data = resources.files("reader.core.entities").joinpath("data", MODEL_FILE).read_bytes()
    except (FileNotFoundError, OSError):
        return None
    doc = json.loads(gzip.decompress(data))
    if tuple(doc["labels"]) != LABELS:
        return None
    return {name: tuple(vector) for name, vector in doc["weights"].items()}


def scores(weights: Weights, feats: list[str]) -> list[int]:
    """The summed weight of each label for these features."""
    vectors = [v for v in map(weights.get, feats) if v is not None]
    if not vectors:
        return [0] * len(LABELS)
    return list(map(sum, zip(*vectors, strict=True)))


def certain(label: str) -> list[int]:
    """Scores that outvote any model prediction: for names a gazetteer lists."""
    return _CERTAIN[label]


_CERTAIN = {label: [10**6 if name == label else 0 for name in LABELS] for label in LABELS}


def top(total: list[int]) -> EntityLabel | None:
    """The winning label (None for NONE, when it wins by NONE_MARGIN); ties go to the label
    listed first."""
    best = max(total)
    label = LABELS[total.index(best)]
    if label == "NONE":
        rest = max(total[:-1])
        if best - rest < NONE_MARGIN:
            label = LABELS[total.index(rest)]
    return None if label == "NONE" else label  # type: ignore[return-value]


def save(path: str, weights: dict[str, list[int]]) -> None:
    """Write weights in the shipped format (used by the training script)."""
    doc = {"labels": list(LABELS), "weights": weights}
    raw = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
    with open(path, "wb") as f:
        f.write(gzip.compress(raw, compresslevel=9, mtime=0))
