"""Selecting words with the keyboard: where a selection starts, and how it grows or shrinks.

Pure functions over the article's text (no Textual), so the rules are tested without a
terminal. A selection is fixed at its first character and moved at its end: `m` starts one
on the first word of the passage under the reading cursor; `w` / `b` move its end a word on
or back, `)` / `(` a sentence, `j` / `k` a passage (a selection may cross passages). It never
shrinks below one word and never leaves the article's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.models import Article

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Selection:
    start: int
    """Offset of the first selected character in `Article.text` (fixed)."""
    end: int
    """Offset after the last selected character (moved by the keys)."""

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def start_in(article: Article, section: int) -> Selection | None:
    """A selection of the first word of a passage (None for an empty one)."""
    if not 0 <= section < len(article.sections):
        return None
    passage = article.sections[section]
    word = _WORD.search(article.text, passage.start, passage.end)
    return Selection(word.start(), word.end()) if word else None


def by_word(text: str, selection: Selection, step: int) -> Selection:
    """The end moved `step` words on (or back, for a negative step)."""
    end = selection.end
    for _ in range(abs(step)):
        if step > 0:
            word = _WORD.search(text, end)
            if word is None:
                break
            end = word.end()
        else:
            before = [m.end() for m in _WORD.finditer(text, selection.start, end)]
            if len(before) < 2:
                break
            end = before[-2]
    return Selection(selection.start, end)


def by_sentence(text: str, selection: Selection, step: int) -> Selection:
    """The end moved to the end of the next (or back to the end of the previous) sentence;
    a paragraph's end ends a sentence too."""
    end = selection.end
    for _ in range(abs(step)):
        if step > 0:
            later = _boundaries(text, end, min(len(text), end + 2000))
            end = next((b for b in later if b > end), min(len(text), end + 2000))
        else:
            floor = by_word(text, Selection(selection.start, selection.start), 1).end
            earlier = [b for b in _boundaries(text, selection.start, end) if floor <= b < end]
            end = earlier[-1] if earlier else floor
    return Selection(selection.start, end)


def _boundaries(text: str, start: int, stop: int) -> list[int]:
    """Where sentences and paragraphs end in text[start:stop], in order."""
    found = {m.end() for m in _SENTENCE_END.finditer(text, start, stop)}
    at = text.find("\n\n", start, stop)
    while at >= 0:
        found.add(at)
        at = text.find("\n\n", at + 2, stop)
    if stop == len(text):
        found.add(len(text))
    return sorted(b for b in found if b > start)


def by_passage(article: Article, selection: Selection, step: int) -> Selection:
    """The end moved to the end of the next (or back to the end of the previous) passage."""
    ends = [s.end for s in article.sections]
    end = selection.end
    if step > 0:
        later = [e for e in ends if e > end]
        end = later[min(step, len(later)) - 1] if later else end
    else:
        floor = by_word(article.text, Selection(selection.start, selection.start), 1).end
        earlier = [e for e in ends if floor <= e < end]
        end = earlier[max(-len(earlier), step)] if earlier else floor
    return Selection(selection.start, end)
