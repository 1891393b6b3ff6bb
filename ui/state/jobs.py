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
#: formulas whose plain text is longer than this in all are not typeset at all (shown as text)
TYPESET_LIMIT = 6000
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
    """f, ∇f and ∇²f as readable text (``f``, ``∂f/∂x``, ``∂²f/∂x²``, ``∂²f/∂x∂y`` …; powers
    as ``^``) and, for what is short enough, typeset: whole LaTeX lines under the keys
    ``typeset:f``, ``typeset:grad``, ``typeset:hess`` (:data:`landscape.typeset.TYPESET`),
    their SVG drawn here once (cached by :func:`landscape.typeset.svg_of`) so the GUI thread
    only turns it into pixels. Then the note on kinks (:data:`NOTE`) for a non-smooth f.
    A model's landscape gives its loss in words instead."""
    if objective_kind(objective) == "model":  # its loss in words
        return objective.formulas()
    from landscape.typeset import FORMULA_SIZE, TYPESET, formula_latex, plain_of, svg_of

    names = [str(v) for v in objective.variables]
    out = {"f": plain_of(objective.expr, FORMULA_LIMIT)}
    for name, g in zip(names, objective.grad_exprs, strict=False):
        out[f"∂f/∂{name}"] = plain_of(g, FORMULA_LIMIT)
    for i, row in enumerate(objective.hess_exprs):
        for j, h in enumerate(row):
            if j >= i:
                key = f"∂²f/∂{names[i]}²" if i == j else f"∂²f/∂{names[i]}∂{names[j]}"
                out[key] = plain_of(h, FORMULA_LIMIT)
    if not cancelled() and sum(len(t) for t in out.values()) <= TYPESET_LIMIT:
        typeset = formula_latex(objective.expr, objective.grad_exprs, objective.hess_exprs, names)
        for part, latex in typeset.items():
            if cancelled():
                break
            if svg_of(latex, FORMULA_SIZE) is not None:  # ziamath could set it
                out[TYPESET + part] = latex
    if objective.nonsmooth:  # every Objective has it (() when smooth)
        from landscape.kinks import describe

        out[NOTE] = describe(objective.nonsmooth)
    return out
