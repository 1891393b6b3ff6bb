"""The results table's rows: how each run ended, and which run won (Qt-free).

Definitions (each also said in :data:`COLUMN_TIPS` and :data:`WIN_RULE`, shown as tooltips):

- ``f*`` (:func:`reference_minimum`): the known minimum value (a preset's), else the lowest
  value among the minima found (critical points of kind "minimum"), else unknown.
- *reaching tolerance* at point k: ``‖∇f(x_k)‖ ≤ gtol`` (the run's own gtol; not counted for
  a run that ended at a saddle point or maximum), or, when f* is known,
  ``f(x_k) − f* ≤ F_TOL · max(1, |f*|)``. *Steps to tolerance* is the first such k (a run
  that converged by its own stopping test counts at most its step count).
- *won*: among the runs that did not fail (diverged, undefined, line search failed,
  aborted) the one that reached tolerance in the fewest steps (ties: lower final f, then
  fewer evaluations); when none reached it, the lowest final f.
- the distance is Euclidean, from the final point to the nearest known minimiser.

Shapes: a trajectory has ``xs (k+1, n)``, ``fs (k+1,)``, ``grad_norms (k+1,)``; minimisers are
points ``(n,)`` (only their first ``n`` coordinates are compared).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from landscape.optim.trajectory import FAILED_STATUSES

#: reaching f* within this, relative to max(1, |f*|)
F_TOL = 1e-6
#: the winner rule, for a tooltip
WIN_RULE = (
    "Won: of the runs that did not fail, the one that reached tolerance in the fewest steps "
    "(ties: lower final f, then fewer evaluations); when none reached tolerance, the one "
    "with the lowest final f."
)
#: column key -> header, in display order
COLUMNS = {
    "label": "run",
    "status": "status",
    "steps": "steps",
    "steps_to_tol": "steps to tol",
    "f_final": "final f",
    "gap": "f − f*",
    "grad_norm": "‖∇f‖",
    "distance": "dist. to min",
    "nfev": "f evals",
    "ngev": "∇f evals",
    "nhev": "∇²f evals",
}
COLUMN_TIPS = {
    "label": "The run (★: the winner)",
    "status": "How the run ended",
    "steps": "Steps taken",
    "steps_to_tol": (
        "The first step at which ‖∇f‖ ≤ the run's gtol (not at a saddle or maximum), or "
        f"f − f* ≤ {F_TOL:g}·max(1, |f*|) when f* is known"
    ),
    "f_final": "f at the run's last point",
    "gap": "Final f minus f*: the known minimum, else the lowest minimum found",
    "grad_norm": "‖∇f‖ at the run's last point",
    "distance": "Distance from the last point to the nearest known minimiser",
    "nfev": "Evaluations of f",
    "ngev": "Evaluations of ∇f",
    "nhev": "Evaluations of ∇²f",
}


@dataclass(frozen=True)
class RunResult:
    """One run as the table reads it: ``trajectory`` None while computing (``pending``) or
    after a failure (``error``); ``gtol`` the run's own gradient tolerance."""

    run_id: int
    label: str
    color: str
    trajectory: Any = None
    error: str | None = None
    pending: bool = False
    gtol: float = 1e-6


@dataclass(frozen=True)
class ResultRow:
    """One row; numbers are None where they do not apply (not computed, f* unknown, …)."""

    run_id: int
    label: str
    color: str
    status: str
    steps: int | None = None
    steps_to_tol: int | None = None
    f_final: float | None = None
    gap: float | None = None
    grad_norm: float | None = None
    distance: float | None = None
    nfev: int | None = None
    ngev: int | None = None
    nhev: int | None = None
    winner: bool = False
    failed: bool = False

    def value(self, key: str) -> Any:
        return getattr(self, key)


def reference_minimum(known: float | None, critical_points: Iterable[Any]) -> float | None:
    """f*: ``known`` (a preset's minimum value), else the lowest value among the critical
    points of kind "minimum", else None."""
    if known is not None and math.isfinite(known):
        return float(known)
    values = [float(cp.value) for cp in critical_points if getattr(cp, "kind", "") == "minimum"]
    values = [v for v in values if math.isfinite(v)]
    return min(values) if values else None


def known_minimisers(critical_points: Iterable[Any], extra: Iterable[Sequence[float]] = ()):
    """The minimisers ``(m, n)`` list: critical points of kind "minimum", then ``extra``
    (an objective's known ``minima``)."""
    points = [
        np.asarray(cp.point, dtype=float)
        for cp in critical_points
        if getattr(cp, "kind", "") == "minimum"
    ]
    points += [np.asarray(p, dtype=float) for p in extra]
    return points


def steps_to_tolerance(trajectory: Any, f_star: float | None, gtol: float) -> int | None:
    """The first step k at which the run reached tolerance (see the module), or None."""
    fs = np.asarray(trajectory.fs, dtype=float)
    if fs.size == 0:
        return None
    hits = np.zeros(fs.size, dtype=bool)
    message = str(getattr(trajectory, "message", ""))
    at_minimum = not message.startswith("converged to ")  # "converged to a saddle point: …"
    if at_minimum:
        hits |= np.asarray(trajectory.grad_norms, dtype=float) <= gtol
    if f_star is not None:
        hits |= fs - f_star <= F_TOL * max(1.0, abs(f_star))
    first = int(np.argmax(hits)) if hits.any() else None
    if trajectory.status == "converged" and at_minimum:
        n = int(trajectory.n_steps)
        first = n if first is None else min(first, n)
    return first


def _status_text(result: RunResult) -> str:
    if result.pending:
        return "computing…"
    if result.trajectory is None:
        return "error" if result.error else "waiting"
    status = str(result.trajectory.status).replace("_", " ")
    if str(getattr(result.trajectory, "message", "")).startswith("converged to "):
        status += " (not a minimum)"
    return status


def _row(result: RunResult, f_star: float | None, minimisers) -> ResultRow:
    traj = result.trajectory
    status = _status_text(result)
    if result.pending or traj is None:
        return ResultRow(
            result.run_id, result.label, result.color, status, failed=not result.pending
        )
    counts = traj.counts
    row = ResultRow(
        result.run_id,
        result.label,
        result.color,
        status,
        steps=int(traj.n_steps),
        nfev=int(counts.nfev),
        ngev=int(counts.ngev),
        nhev=int(counts.nhev),
        failed=traj.status in FAILED_STATUSES,
    )
    if len(traj.fs) == 0:
        return row
    x = np.asarray(traj.xs[-1], dtype=float)
    f = float(traj.fs[-1])
    distance = None
    if minimisers:
        distance = min(float(np.linalg.norm(x[: len(p)] - p[: len(x)])) for p in minimisers)
    return replace(
        row,
        steps_to_tol=steps_to_tolerance(traj, f_star, result.gtol),
        f_final=f,
        gap=None if f_star is None else f - f_star,
        grad_norm=float(traj.grad_norms[-1]),
        distance=distance,
    )


def _winner(rows: list[ResultRow]) -> int | None:
    """The index of the winning row (see :data:`WIN_RULE`), or None."""
    reached: list[tuple[int, float, int, int]] = []  # steps, final f, evaluations, index
    lowest: list[tuple[float, int]] = []
    for i, r in enumerate(rows):
        if r.failed or r.f_final is None or not math.isfinite(r.f_final):
            continue
        lowest.append((r.f_final, i))
        if r.steps_to_tol is not None:
            evals = (r.nfev or 0) + (r.ngev or 0) + (r.nhev or 0)
            reached.append((r.steps_to_tol, r.f_final, evals, i))
    if reached:
        return min(reached)[3]
    return min(lowest)[1] if lowest else None


def result_rows(
    runs: Sequence[RunResult], f_star: float | None = None, minimisers: Sequence = ()
) -> list[ResultRow]:
    """One row per run (same order), the winner marked; no winner while any run computes."""
    rows = [_row(r, f_star, list(minimisers)) for r in runs]
    if any(r.pending for r in runs):
        return rows
    best = _winner(rows)
    if best is not None:
        rows[best] = replace(rows[best], winner=True)
    return rows


def cell_text(row: ResultRow, key: str) -> str:
    """A cell as shown: integers plainly, floats with 4 significant digits, None as "—"."""
    value = row.value(key)
    if key == "label":
        return f"★ {value}" if row.winner else str(value)
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def rows_csv(rows: Sequence[ResultRow]) -> str:
    """The rows as CSV text (header first; full precision; empty cells where not known; a
    ``won`` column of 0/1)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS.values(), "won"])
    for row in rows:
        cells = []
        for key in COLUMNS:
            value = row.value(key)
            cells.append(
                "" if value is None else repr(value) if isinstance(value, float) else value
            )
        writer.writerow([*cells, int(row.winner)])
    return out.getvalue()
