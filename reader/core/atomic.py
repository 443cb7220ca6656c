"""Writing a file so that a crash mid-write leaves the old one whole: the one helper for it.

Settings, stored web pages and the feed list are all written this way: the data goes to a
temporary file in the same folder, is flushed to disk, and replaces the old file with
`os.replace` (atomic on POSIX and Windows); the folder is then synced so the rename itself
survives a power cut. A symlinked file (a dotfiles link) is written through, keeping the link,
and the replaced file's permissions are kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, all or nothing; creates the folder if need be."""
    target = path
    if path.is_symlink():
        with contextlib.suppress(OSError, RuntimeError):
            target = path.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(OSError):  # keep the permissions of the file replaced
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError, AttributeError):  # make the rename durable (POSIX only)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
