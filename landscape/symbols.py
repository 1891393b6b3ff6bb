"""The one way to make a sympy symbol, so expressions built in different places compare equal.

Every symbol is ``real=True``: a landscape is a real function of real variables, and sympy
simplifies ``sqrt(x**2)`` to ``Abs(x)`` only when it knows ``x`` is real.
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from landscape.guards import settle_assumptions


@lru_cache(maxsize=1024)
def symbol(name: str) -> sympy.Symbol:
    """Return the real sympy symbol called ``name`` (cached: the same object every time, its
    assumptions all answered at once, so later work on it costs the same operations)."""
    return settle_assumptions(sympy.Symbol(name, real=True))
