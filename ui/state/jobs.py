"""The work the app sends to its pool threads: plain functions from inputs to plain results.

Each takes a ``cancelled()`` callable last (see :class:`ui.state.workers.WorkerHub`). None
touches Qt; they only call the core (compile, sample, contour, run) and package what comes back.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from landscape.scene import (  # noqa: F401 - re-exported: the app's jobs
    COMPILE_TIMEOUT,
    CONTOUR_LEVELS,
    NOTE,
    TICK_COUNT,
    LandscapeData,
    build_landscape,
    objective_kind,
)

FORMULA_LIMIT = 1500
#: seconds the exact critical-point solve may take before the numeric search answers alone
CRITICAL_TIMEOUT = 3.0
#: a superseded run checks for cancellation every this many steps
CANCEL_EVERY = 25


def compute_run(
    objective, name: str, hyper: dict, start, max_steps: int, cancelled: Callable[[], bool]
):
    """Run optimizer ``name`` with ``hyper`` from ``start (2,)`` for at most ``max_steps``.

    The objective is copied so that evaluation counts of parallel runs stay apart. A model
    seen through a 2-D view (:class:`landscape.models.view_objective.ViewObjective`) trains
    all its parameters.
    """
    if objective_kind(objective) == "model":
        return objective.train(name, hyper, start, max_steps, cancelled)
    from landscape.optim import iterate, make_optimizer

    own = copy.copy(objective)
    own.reset_counts()
    optimizer = make_optimizer(name, **hyper)
    steps = iterate(optimizer, own, np.asarray(start, dtype=float), max_steps=max_steps)
    for k, _info in enumerate(steps):
        if k % CANCEL_EVERY == 0 and cancelled():
            steps.abort()
    return steps.trajectory


def find_critical(objective, domain, cancelled: Callable[[], bool]):
    """A :class:`landscape.critical.CriticalResult`: points, curves of critical points and
    what was capped; the exact solve runs in the symbolic worker for CRITICAL_TIMEOUT s."""
    from landscape.critical import CriticalResult, find_critical

    if objective_kind(objective) == "model":  # its known optimum
        return CriticalResult.of_points(objective.critical_points())
    from landscape.budget import run_with_budget

    return find_critical(objective, domain, run=run_with_budget, timeout=CRITICAL_TIMEOUT)


def formulas(objective, cancelled: Callable[[], bool]) -> dict[str, str]:
    """Readable text of f, ∇f and ∇²f: sympy's pretty form when short, else a compact str."""
    if objective_kind(objective) == "model":  # its loss in words
        return objective.formulas()
    import sympy

    from landscape.symbolic import readable

    def show(expr) -> str:
        plain = readable(expr)
        if len(plain) > FORMULA_LIMIT:
            return plain[:FORMULA_LIMIT] + " …"
        if len(plain) > 120:
            return plain
        return sympy.pretty(expr, use_unicode=True)

    names = [str(v) for v in objective.variables]
    out = {"f": show(objective.expr)}
    for name, g in zip(names, objective.grad_exprs, strict=False):
        out[f"∂f/∂{name}"] = show(g)
        if cancelled():
            return out
    for i, row in enumerate(objective.hess_exprs):
        for j, h in enumerate(row):
            if j >= i:
                out[f"∂²f/∂{names[i]}∂{names[j]}"] = show(h)
    if objective.nonsmooth:  # every Objective has it (() when smooth)
        from landscape.kinks import describe

        out[NOTE] = describe(objective.nonsmooth)
    return out
