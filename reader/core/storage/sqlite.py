"""What the reader database and the article cache share about SQLite.

Both must tell a damaged file (moved aside or rebuilt) from a passing failure (a lock, a full
disk: reported, the file left alone), and sqlite3 says which only in an error code that older
Pythons do not set, so the message is checked too.
"""

from __future__ import annotations

import sqlite3

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def is_corrupt(error: sqlite3.Error) -> bool:
    """Whether an error means the file is damaged or not a database at all."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    message = str(error).lower()
    return "not a database" in message or "malformed" in message
