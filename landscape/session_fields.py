"""The checks of one session field, shared by :mod:`landscape.session`,
:mod:`landscape.session_model` and :mod:`landscape.session_view` (which import this module,
never each other in a circle).

Every check takes the decoded JSON value and the field's name, and returns the value in its
Python form or raises :class:`~landscape.errors.InputError` naming the field.
"""

from __future__ import annotations

import math
from typing import Any

from landscape.errors import InputError

MAX_ABS = 1e6
#: longer integers are refused while the JSON is parsed (no field takes one; converting
#: them to float would overflow)
MAX_INT_DIGITS = 18


def number(value: Any, name: str, limit: float = MAX_ABS) -> float:
    """A finite number with ``|value| <= limit`` (booleans are not numbers)."""
    if type(value) not in (int, float):
        raise InputError(f"{name}: expected a number, got {type(value).__name__}")
    if isinstance(value, float) and math.isnan(value):
        raise InputError(f"{name}: NaN is not a number")
    if abs(value) > limit:  # exact for integers of any size (no float conversion)
        shown = f"{value:g}" if isinstance(value, float) else f"{str(value)[:20]}…"
        raise InputError(f"{name}: {shown} is out of range (|value| ≤ {limit:g})")
    return float(value)


def numbers(value: Any, name: str, count: int, limit: float = MAX_ABS) -> list[float]:
    """A list of exactly ``count`` numbers."""
    if not isinstance(value, list) or len(value) != count:
        raise InputError(f"{name}: expected a list of {count} numbers")
    return [number(v, name, limit) for v in value]


def whole(value: Any, name: str, lower: int, upper: int) -> int:
    """An integer (not a boolean) from ``lower`` to ``upper``."""
    if type(value) is not int or not lower <= value <= upper:
        raise InputError(f"{name}: expected a whole number from {lower} to {upper}")
    return value


def choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise InputError(f"{name}: expected one of {', '.join(choices)}")
    return value


def flag(value: Any, name: str) -> bool:
    """``true`` or ``false``."""
    if not isinstance(value, bool):
        raise InputError(f"{name}: expected true or false")
    return value
