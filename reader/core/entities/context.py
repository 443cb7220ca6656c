"""One sense per document: mentions of the same name agree on their label.

- every mention of the same string takes the label their summed model scores prefer, so one
  clear mention ("coach Ruud Gullit said") decides for the bare ones;
- a surname or given name written alone after the full name of a person is that person
  ("Gullit told reporters" after "Ruud Gullit");
- a name written without its last words after the whole name was decided by a rule takes the
  whole name's label ("Talvern" after "Talvern Holdings", "Maine Central" after "Maine Central
  Railroad"): the bare words lost the head word or gazetteer entry that typed the whole;
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
    names = [text[s.start : s.end] for s in spans]
    mentions: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        mentions.setdefault(name, []).append(i)
    for indices in mentions.values():
        if len(indices) == 1:
            total = totals[indices[0]]
        else:
            total = [sum(column) for column in zip(*(totals[i] for i in indices), strict=True)]
        label = model.top(total)
        for i in indices:
            spans[i].label = label  # type: ignore[assignment]
    person_parts: set[str] = set()
    for span, name in zip(spans, names, strict=True):
        if span.label == "PERSON" and " " in name:
            parts = name.split()
            person_parts.add(parts[-1])
            person_parts.add(parts[0])
    expansions: dict[str, str] = {}
    short_forms: dict[str, str] = {}
    for span, name in zip(spans, names, strict=True):
        if span.label not in (None, "PERSON") and " " in name:
            match = _ACRONYM_AFTER.match(text, span.end)
            if match and match.group(1) not in places:  # "Pete Sampras (U.S.)": a country
                expansions.setdefault(match.group(1), span.label)
            if span.strong:
                _add_short_forms(short_forms, name, span.label)
    for span, name in zip(spans, names, strict=True):
        if name in expansions:
            span.label = expansions[name]  # type: ignore[assignment]
        elif _as_written(name) in person_parts and " " not in name and name not in places:
            span.label = "PERSON"
        elif not span.strong and span.label is not None and name in short_forms:
            span.label = short_forms[name]  # type: ignore[assignment]


def _add_short_forms(short_forms: dict[str, str], name: str, label: str) -> None:
    """Record the short forms of a name the rules decided (a gazetteer or a head word): each
    run of its first words ("Talvern" of "Talvern Holdings"). Only decided names: letting the
    model's own labels spread as well scored lower in cross-validation."""
    words = name.split()
    for k in range(len(words) - 1, 0, -1):
        short_forms.setdefault(" ".join(words[:k]), label)


def _as_written(name: str) -> str:
    """A name in capitals as text writes it ("MONTGOMERIE" -> "Montgomerie"); acronyms stay."""
    return name.title() if len(name) > 4 and name.isupper() else name
