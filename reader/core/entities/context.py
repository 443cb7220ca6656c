"""One sense per document: mentions of the same name agree on their label.

- every mention of the same string takes the label their summed model scores prefer, so one
  clear mention ("coach Ruud Gullit said") decides for the bare ones;
- a surname or given name written alone after the full name of a person is that person
  ("Gullit told reporters" after "Ruud Gullit");
- an acronym defined in parentheses takes its expansion's type ("International Monetary Fund
  (IMF)"), and so do its later mentions; a person's name or a capitalised word is no expansion
  ("Pete Sampras (U.S.)", "Ernie Els (South Africa)").
"""

from __future__ import annotations

import re

from reader.core.entities import model
from reader.core.entities.patterns import Span

_ACRONYM_AFTER = re.compile(r"[ \t\xa0]*\([ ]?([A-Z][A-Z.&]{1,8}s?)[ ]?\)")


def agree(text: str, spans: list[Span], totals: list[list[int]], places: frozenset[str]) -> None:
    """Relabel `spans` in place (None drops a span); `totals` are their model scores."""
    summed: dict[str, list[int]] = {}
    names = [text[s.start : s.end] for s in spans]
    for name, total in zip(names, totals, strict=True):
        acc = summed.get(name)
        summed[name] = total if acc is None else [a + b for a, b in zip(acc, total, strict=True)]
    for span, name in zip(spans, names, strict=True):
        span.label = model.best(summed[name])[0]  # type: ignore[assignment]
    person_parts: set[str] = set()
    for span, name in zip(spans, names, strict=True):
        if span.label == "PERSON" and " " in name:
            parts = name.split()
            person_parts.add(parts[-1])
            person_parts.add(parts[0])
    expansions: dict[str, str] = {}
    for span, name in zip(spans, names, strict=True):
        if span.label not in (None, "PERSON") and " " in name:
            match = _ACRONYM_AFTER.match(text, span.end)
            if match and match.group(1) not in places:  # "Pete Sampras (U.S.)": a country
                expansions.setdefault(match.group(1), span.label)
    for span, name in zip(spans, names, strict=True):
        if name in expansions:
            span.label = expansions[name]  # type: ignore[assignment]
        elif _as_written(name) in person_parts and " " not in name and name not in places:
            span.label = "PERSON"


def _as_written(name: str) -> str:
    """A name in capitals as text writes it ("MONTGOMERIE" -> "Montgomerie"); acronyms stay."""
    return name.title() if len(name) > 4 and name.isupper() else name
