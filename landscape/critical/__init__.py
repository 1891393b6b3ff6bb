"""Critical points of f (∇f = 0): found exactly when sympy can, numerically otherwise, and
classified with an absolute, scale-aware second-order test and a higher-order test where that
is inconclusive. Non-isolated critical sets (a circle of minima) come back as curves.

Modules: :mod:`.search` (the search, start here), :mod:`.algebra` and :mod:`.zerodim` (the
exact solve, in the budget worker), :mod:`.numeric` (Newton from a grid of starts),
:mod:`.curves` and :mod:`.sets` (curves of critical points), :mod:`.classify` (kinds),
:mod:`.kinks` (extrema of non-smooth f), :mod:`.describe` (words), :mod:`.result` (the types).
"""

from landscape.critical.algebra import SymbolicCritical, solve_critical_symbolic
from landscape.critical.classify import Verdict, classify, zero_tolerance
from landscape.critical.numeric import DOMAIN_MARGIN, solve_critical_numeric
from landscape.critical.result import (
    CriticalPoint,
    CriticalResult,
    CriticalSet,
    cap_points,
)
from landscape.critical.search import MAX_POINTS, find_critical, find_critical_points

__all__ = [
    "DOMAIN_MARGIN",
    "MAX_POINTS",
    "CriticalPoint",
    "CriticalResult",
    "CriticalSet",
    "SymbolicCritical",
    "Verdict",
    "cap_points",
    "classify",
    "find_critical",
    "find_critical_points",
    "solve_critical_numeric",
    "solve_critical_symbolic",
    "zero_tolerance",
]
