"""Small helpers shared by the sub-commands: number lists and JSON output."""

from __future__ import annotations

import json
import math
import sys

from landscape.errors import InputError


def parse_numbers(text: str, what: str, count: int | None = None) -> list[float]:
    """``"1,-2,pi/2"`` -> [1.0, -2.0, 1.5707…] through the safe number parser."""
    from landscape.parser import parse_number

    parts = [p.strip() for p in text.split(",")]
    if any(p == "" for p in parts):
        raise InputError(f"{what} needs numbers separated by commas, got {text!r}")
    values = []
    for p in parts:
        try:
            values.append(parse_number(p))
        except InputError as exc:
            raise InputError(f"{what}: {p!r} is not a number ({exc.message})") from None
    if count is not None and len(values) != count:
        raise InputError(f"{what} needs {count} numbers, got {len(values)}")
    return values


def finite_or_none(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def print_json(obj) -> None:
    """Strict JSON (no NaN/Infinity) on stdout."""
    json.dump(obj, sys.stdout, allow_nan=False, indent=2)
    sys.stdout.write("\n")
