"""An Input that never holds terminal control codes (pasted or set), so a query or a note
cannot carry an escape sequence to the screen, the store or an export."""

from __future__ import annotations

from textual.widgets import Input

from reader.core.ingest.loading import sanitize


class SafeInput(Input):
    def validate_value(self, value: str) -> str:
        """Every change of the value passes here (typing, paste, assignment)."""
        if value.isprintable():
            return value
        return sanitize(value).replace("\n", " ").replace("\t", " ")
