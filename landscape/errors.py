"""The project's exceptions for bad input: one module, caught at the edges.

The UI shows an :class:`InputError` inline where the person typed; the command line prints
``error: <message>`` on one line and exits with status 2.
"""

from __future__ import annotations


class LandscapeError(Exception):
    """Base of every error Landscape raises on purpose."""


class InputError(LandscapeError, ValueError):
    """Bad input from a person or a file: a message a person understands.

    ``column`` is 1-based into the text the person typed (None when it does not apply);
    ``hint`` is a suggestion such as "did you mean sin(x)?".
    """

    def __init__(self, message: str, *, column: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.column is not None:
            text += f" (at column {self.column})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class BudgetError(InputError):
    """Symbolic or numeric work that would exceed its time or memory budget."""
