"""Symbolic work that runs inside the budget worker (see :mod:`landscape.budget`).

Everything here may take unbounded time on a hostile expression, so callers in the app and the
command line reach it through ``run_with_budget``, never directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from landscape.guards import operation_budget

#: differentiation's budget of counted calls (∇f, ∇²f and their common subexpressions)
MAX_DERIVE_OPERATIONS = 3_000_000


@dataclass(frozen=True)
class Derivatives:
    """An expression with its exact gradient (n) and Hessian (n × n), plus the common
    subexpressions of each group, precomputed so that compiling them is cheap and bounded."""

    expr: sympy.Expr
    symbols: tuple[sympy.Symbol, ...]
    gradient: tuple[sympy.Expr, ...]
    hessian: tuple[tuple[sympy.Expr, ...], ...]
    cse_f: tuple
    cse_gradient: tuple
    cse_hessian: tuple


@operation_budget(MAX_DERIVE_OPERATIONS, "differentiate")
def derive(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Derivatives:
    """∇f and ∇²f of ``expr`` with respect to ``symbols`` (the Hessian is symmetric by
    construction: the upper triangle is computed once and mirrored). Refused with a
    BudgetError, the same on every machine, beyond :data:`MAX_DERIVE_OPERATIONS` calls."""
    gradient = tuple(sympy.diff(expr, s) for s in symbols)
    n = len(symbols)
    upper = {(i, j): sympy.diff(gradient[i], symbols[j]) for i in range(n) for j in range(i, n)}
    hessian = tuple(tuple(upper[min(i, j), max(i, j)] for j in range(n)) for i in range(n))
    flat_hessian = [h for row in hessian for h in row]
    return Derivatives(
        expr=expr,
        symbols=tuple(symbols),
        gradient=gradient,
        hessian=hessian,
        cse_f=sympy.cse([expr]),
        cse_gradient=sympy.cse(list(gradient)),
        cse_hessian=sympy.cse(flat_hessian),
    )


def simplify_for_display(expr: sympy.Expr) -> str:
    """A compact, readable form of ``expr`` (may be slow: run it under a budget)."""
    return str(sympy.simplify(expr))
