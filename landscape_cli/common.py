"""Small helpers shared by the sub-commands: number lists, values that begin with '-', JSON."""

from __future__ import annotations

import argparse
import json
import math
import sys

from landscape.errors import InputError


def allow_leading_minus(action: argparse.Action) -> argparse.Action:
    """Mark an option whose value may begin with ``-`` (``--at -1.2,1``, ``--start -1,-2``,
    ``--function -x^2``); options of type int or float are marked already. Returns ``action``.
    """
    action.allow_leading_minus = True
    return action


def join_leading_minus(parser: argparse.ArgumentParser, args: list[str]) -> list[str]:
    """``["--at", "-1.2,1"]`` -> ``["--at=-1.2,1"]`` for the options of ``parser`` marked by
    :func:`allow_leading_minus` (or of type int/float), when the next word is not one of the
    parser's own options; every other word is left as it is.

    argparse takes a word that begins with ``-`` for an option unless it is a plain negative
    number (``-1``, ``-.5``): ``-1.2,1`` and ``-1e-3`` would be "expected one argument".
    """
    marked, known = set(), set()
    for action in parser._actions:  # noqa: SLF001 - argparse has no public list of actions
        known.update(action.option_strings)
        if getattr(action, "allow_leading_minus", False) or action.type in (int, float):
            marked.update(action.option_strings)
    out, i = [], 0
    while i < len(args):
        word = args[i]
        if word == "--":
            return out + args[i:]
        following = args[i + 1] if i + 1 < len(args) else None
        if (
            word in marked
            and following is not None
            and following.startswith("-")
            and not following.startswith("--")
            and following not in known
        ):
            out.append(f"{word}={following}")
            i += 2
            continue
        out.append(word)
        i += 1
    return out


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
