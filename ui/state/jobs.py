"""The work the app sends to its pool threads: plain functions from inputs to plain results.

Each takes a ``cancelled()`` callable last (see :class:`ui.state.workers.WorkerHub`). None
touches Qt; they only call the core (compile, sample, contour, run) and package what comes back.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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


# -- suggested settings and advice --------------------------------------------------------------
@dataclass(frozen=True)
class RunSuggestion:
    """What is suggested for one run: ``values`` ``{name: value}`` (the core's suggestion with
    the preset race's values over it), ``reasons`` ``{name: one line}``, and ``error`` when
    nothing could be suggested (then ``values`` is empty and the run keeps what it had)."""

    values: dict[str, Any] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    error: str = ""

    def hyper(self, mine: Mapping[str, Any], edited=None) -> dict[str, Any]:
        """The values to run with: the suggestion for every name not in ``edited`` (default:
        the names of ``mine``), then the person's values ``mine`` (theirs win)."""
        edited = set(mine) if edited is None else set(edited)
        return {**{k: v for k, v in self.values.items() if k not in edited}, **dict(mine)}


def race_values(preset: str | None, text: str, names: Sequence[str], index: int) -> dict:
    """The values the preset's recommended race sets for run ``index`` of ``names`` (the run
    names on screen, in order): the k-th run of an optimizer takes the k-th race entry of the
    same optimizer. ``{}`` unless ``text`` is the preset's function."""
    if preset is None:
        return {}
    from landscape.presets import get_preset

    try:
        race = get_preset(preset).race
        if race is None or get_preset(preset).expression != text:
            return {}
    except Exception:  # noqa: BLE001 - presets unavailable: no race values
        return {}
    name = names[index]
    k = sum(1 for n in names[:index] if n == name)
    same = [entry for entry in race.runs if entry.optimizer == name]
    return same[k].hyper_dict() if k < len(same) else {}


def suggest_run(
    objective,
    name: str,
    edited: Mapping[str, Any],
    recommended: Mapping[str, Any],
    start,
    max_steps: int,
    domain,
    cancelled: Callable[[], bool],
) -> RunSuggestion:
    """Suggest optimizer ``name``'s values on ``objective`` from ``start (2,)`` with the run's
    ``max_steps`` (schedules spread over it), given the person's ``edited`` values (e.g. the
    lr suggested for their β) and the preset race's ``recommended`` ones (which replace the
    suggestion, with the race named as their reason). A model seen through a 2-D view is
    suggested for by its own rules (:meth:`ViewObjective.suggest`: all its parameters, the
    data's scale), the values it trains with."""
    from landscape.optim.suggest import suggest

    given = {**dict(recommended), **dict(edited)}
    try:
        if objective_kind(objective) == "model":  # the data-scale rules the model trains with
            s = objective.suggest(name, start, given=given, max_steps=max_steps)
        else:
            s = suggest(
                name,
                objective,
                np.asarray(start, dtype=float),
                domain=domain,
                given=given,
                max_steps=max_steps,
            )
    except Exception as exc:  # noqa: BLE001 - no suggestion: the run keeps its values
        return RunSuggestion(error=str(exc)[:200])
    reasons = s.reasons
    for key, value in recommended.items():
        reasons[key] = f"{key} = {value}: the value the preset's race sets"
    return RunSuggestion({**s.values, **dict(recommended)}, reasons)


@dataclass(frozen=True)
class SuggestedRun:
    """A run computed with its suggestion: ``suggestion`` (RunSuggestion), the ``hyper`` it
    ran with, and the ``trajectory``."""

    suggestion: RunSuggestion
    hyper: dict[str, Any]
    trajectory: Any


def suggest_and_run(
    objective,
    name: str,
    hyper: Mapping[str, Any],
    edited: frozenset[str] | set[str],
    recommended: Mapping[str, Any],
    start,
    max_steps: int,
    domain,
    cancelled: Callable[[], bool],
) -> SuggestedRun:
    """:func:`suggest_run`, then :func:`compute_run` with the values of ``hyper`` named in
    ``edited`` and the suggestion for every other name (an edited name missing from ``hyper``
    keeps its default; all of ``hyper`` when nothing could be suggested)."""
    mine = {k: v for k, v in hyper.items() if k in edited}
    suggestion = suggest_run(
        objective, name, mine, recommended, start, max_steps, domain, cancelled
    )
    values = dict(hyper) if suggestion.error else suggestion.hyper(mine, edited)
    trajectory = compute_run(objective, name, values, start, max_steps, cancelled)
    return SuggestedRun(suggestion, values, trajectory)


def advise_run(objective, trajectory, max_steps: int, domain, cancelled: Callable[[], bool]):
    """One line saying what to try after a run that did not converge, each change checked by a
    trial run (:func:`landscape.optim.advise.advise`); None when the run converged, or for a
    model's run (its trials would train every parameter again)."""
    if trajectory is None or objective_kind(objective) == "model":
        return None
    from landscape.optim.advise import advise

    advice = advise(trajectory, objective, max_steps=max_steps, domain=domain)
    return None if advice is None else advice.message
