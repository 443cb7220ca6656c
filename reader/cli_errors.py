"""The one error the CLI shows without a traceback: a message and an exit status.

Its own module so that `reader` (the TUI) need not import the subcommands to know it.
"""

from __future__ import annotations


class UserError(Exception):
    """An error the user can fix: a message and an exit status (printed by cli.main, no
    traceback)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
