"""From text to a compiled objective: parse here, differentiate under a budget, lambdify here.

Parsing is bounded by the parser's own limits, so it runs in the caller's process and bad text
is reported at once. Differentiation (and its common-subexpression elimination) may explode on
an adversarial expression, so it runs in the budget worker; compiling the precomputed result
with ``lambdify`` is then linear in its size.
"""

from __future__ import annotations

from collections.abc import Sequence

from landscape.budget import DEFAULT_TIMEOUT, run_with_budget
from landscape.objective import SymbolicObjective
from landscape.parser import parse_expression
from landscape.symbolic import derive
from landscape.symbols import symbol


def objective_symbols(expr, variables: Sequence[str] | None):
    """The symbols an objective varies: ``variables`` in order, or the free symbols sorted
    by name (``x1 < x2 < x10``) when ``variables`` is None."""
    if variables is not None:
        return tuple(symbol(v) for v in variables)
    return tuple(sorted(expr.free_symbols, key=lambda s: _natural_key(s.name)))


def _natural_key(name: str):
    stem = name.rstrip("0123456789")
    digits = name[len(stem):]
    return (stem, int(digits) if digits else -1)


def compile_objective(text: str, variables: Sequence[str] | None = ("x", "y"), *,
                      timeout: float = DEFAULT_TIMEOUT) -> SymbolicObjective:
    """Parse ``text``, differentiate it exactly within ``timeout`` seconds, and compile f, ∇f
    and ∇²f to numpy. Raises InputError for bad text, BudgetError when too costly."""
    expr = parse_expression(text, variables)
    symbols = objective_symbols(expr, variables)
    derivatives = run_with_budget(derive, expr, symbols, timeout=timeout,
                                  what="differentiate")
    return SymbolicObjective.from_derivatives(derivatives, text=text)
