"""Clean text -> typed entity spans, with rules and gazetteers and no downloaded model.

Why: the reader highlights entities while the user reads, so extraction must take milliseconds
per article, run anywhere Python runs and need no model download. The extractor works in
passes, each a linear-time regular expression plus a little Python per match:

1. dates, durations, money, percentages and numbers (`patterns.py`);
2. quoted short capitalised titles (“Iron Fist”) as MISC (named works, operations, slogans);
3. runs of capitalised words, trimmed, split and typed by rules (`names.py`); a last pass gives
   a name its label from a confident mention elsewhere in the text ("Peskov said" after
   "Dmitry Peskov").

`extract_with_backend(text, "spacy")` uses spaCy instead, when it and an English model are
installed, with its labels mapped to ours.
"""

from __future__ import annotations

import sys

from reader.core.entities.names import Names
from reader.core.entities.patterns import Span, numeric_spans, quoted_titles
from reader.core.models import Entity, EntityLabel


class EntityBackendError(RuntimeError):
    """A named extraction backend cannot run here; the message says what to install."""


def extract(text: str) -> list[Entity]:
    """Entities in text: sorted, non-overlapping, offsets into text, no surrounding spaces."""
    if not text:
        return []
    masked: list[Span] = [*numeric_spans(text), *quoted_titles(text)]
    masked.sort(key=lambda s: s.start)
    names = Names(text, masked)
    spans = masked + names.spans()
    spans.sort(key=lambda s: (s.start, -s.end))
    out: list[Entity] = []
    last_end = 0
    for span in spans:
        if span.start >= last_end and span.end > span.start:
            out.append(Entity(span.start, span.end, span.label))
            last_end = span.end
    return out


def extract_spans(text: str) -> list[list[object]]:
    """`extract` as [start, end, label] lists: the shape the benchmark scorer reads."""
    return [[e.start, e.end, e.label] for e in extract(text)]


_SPACY_LABELS: dict[str, EntityLabel] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "DATE": "DATE",
    "TIME": "DATE",
    "CARDINAL": "NUMBER",
    "MONEY": "NUMBER",
    "PERCENT": "NUMBER",
    "QUANTITY": "NUMBER",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}
_SPACY_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
_spacy_nlp: object | None = None


def extract_with_backend(text: str, backend: str = "builtin") -> list[Entity]:
    """Entities by the named backend: "builtin" (the rules above) or "spacy" (if installed)."""
    if backend == "builtin":
        return extract(text)
    if backend != "spacy":
        raise EntityBackendError(f"unknown entity backend {backend!r}: use 'builtin' or 'spacy'")
    doc = _load_spacy()(text)  # type: ignore[operator]
    out: list[Entity] = []
    last_end = 0
    for ent in doc.ents:
        label = _SPACY_LABELS.get(ent.label_)
        start, end = ent.start_char, ent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if label and start >= last_end and end > start:
            out.append(Entity(start, end, label))
            last_end = end
    return out


def _load_spacy() -> object:
    """spaCy's English pipeline, loaded once; a clear error when spaCy or a model is missing."""
    global _spacy_nlp
    if _spacy_nlp is not None:
        return _spacy_nlp
    try:
        import spacy  # type: ignore[import-not-found]
    except ImportError as exc:
        raise EntityBackendError(
            "the 'spacy' entity backend needs spaCy and an English model: "
            f"run `{sys.executable} -m pip install spacy` and then "
            f"`{sys.executable} -m spacy download en_core_web_sm`, or use the builtin backend"
        ) from exc
    for model in _SPACY_MODELS:
        try:
            _spacy_nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
            return _spacy_nlp
        except OSError:
            continue
    raise EntityBackendError(
        "spaCy is installed but no English model is: run "
        f"`{sys.executable} -m spacy download en_core_web_sm`, or use the builtin backend"
    )
