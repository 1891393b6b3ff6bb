"""The one way to make a sympy symbol, so expressions built in different places compare equal.

Every symbol is ``real=True``: a landscape is a real function of real variables, and sympy
simplifies ``sqrt(x**2)`` to ``Abs(x)`` only when it knows ``x`` is real.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import sympy

from landscape.counted_budget import settle_assumptions


@lru_cache(maxsize=1024)
def symbol(name: str) -> sympy.Symbol:
    """Return the real sympy symbol called ``name`` (cached: the same object every time, its
    assumptions all answered at once, so later work on it costs the same operations)."""
    return settle_assumptions(sympy.Symbol(name, real=True))


def objective_symbols(expr, variables: Sequence[str] | None):
    """The symbols an objective varies: ``variables`` in order, or the free symbols sorted
    by name (``x1 < x2 < x10``) when ``variables`` is None."""
    if variables is not None:
        return tuple(symbol(v) for v in variables)
    return tuple(sorted(expr.free_symbols, key=lambda s: _natural_key(s.name)))


def _natural_key(name: str):
    stem = name.rstrip("0123456789")
    digits = name[len(stem) :]
    return (stem, int(digits) if digits else -1)
