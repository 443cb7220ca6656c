"""Clean text -> typed entity spans. (Stub: the real extractor is being written.)"""

from __future__ import annotations

from reader.core.models import Entity


def extract(text: str) -> list[Entity]:
    """Entities in text: sorted, non-overlapping, offsets into text."""
    return []
