"""Races: several optimizers from one start on one objective, and what each needed to get close.

"Close" is f − f_min ≤ tol when the objective's minimum value is known, else ‖∇f‖₂ ≤ tol.
Each racer runs to its own end (its stopping rules, ``max_steps``); the report says after how
many steps and evaluations it first got close (None if never).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landscape.optim.base import Optimizer
from landscape.optim.registry import get_spec, make_optimizer
from landscape.optim.run import DEFAULT_MAX_STEPS, Run
from landscape.optim.trajectory import Trajectory


@dataclass
class RaceRow:
    """One racer. ``steps``/``nfev``/``ngev``/``nhev`` are counted up to the first step that
    got close (None when it never did); ``total_steps`` and the status are for the whole run."""

    optimizer: str
    display_name: str
    steps: int | None
    nfev: int | None
    ngev: int | None
    nhev: int | None
    final_f: float | None
    status: str
    total_steps: int
    wall_time: float
    trajectory: Trajectory = field(repr=False)

    @property
    def reached(self) -> bool:
        return self.steps is not None


@dataclass
class RaceReport:
    criterion: str  # e.g. "f - f_min <= 1e-06"
    tol: float
    x0: tuple[float, ...]
    rows: list[RaceRow]

    def winner(self) -> RaceRow | None:
        """The racer that got close in the fewest steps (ties: fewer f evaluations)."""
        done = [row for row in self.rows if row.reached]
        return min(done, key=lambda row: (row.steps, row.nfev)) if done else None

    def to_table(self) -> str:
        head = ("optimizer", "steps", "nfev", "ngev", "nhev", "final f", "status", "time")
        lines = [
            (
                row.optimizer,
                _opt(row.steps),
                _opt(row.nfev),
                _opt(row.ngev),
                _opt(row.nhev),
                "-" if row.final_f is None else f"{row.final_f:.6g}",
                row.status,
                f"{row.wall_time * 1e3:.1f} ms",
            )
            for row in self.rows
        ]
        widths = [max(len(str(c)) for c in col) for col in zip(head, *lines, strict=True)]
        fmt = "  ".join(f"{{:{'<' if i in (0, 6) else '>'}{w}}}" for i, w in enumerate(widths))
        title = f"race from {self.x0}: steps and evaluations to reach {self.criterion}"
        body = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
        body += [fmt.format(*line) for line in lines]
        return "\n".join([title, *body])

    def to_dict(self) -> dict[str, Any]:
        keys = (
            "optimizer",
            "display_name",
            "steps",
            "nfev",
            "ngev",
            "nhev",
            "final_f",
            "status",
            "total_steps",
            "wall_time",
        )
        return {
            "criterion": self.criterion,
            "tol": self.tol,
            "x0": list(self.x0),
            "rows": [{key: getattr(row, key) for key in keys} for row in self.rows],
        }


def _opt(value) -> str:
    return "-" if value is None else str(value)


def _as_optimizer(entry) -> Optimizer:
    if isinstance(entry, Optimizer):
        return entry
    if isinstance(entry, str):
        return make_optimizer(entry)
    name, hyper = entry
    return make_optimizer(name, **dict(hyper))


def race(
    optimizers: Iterable[Optimizer | str | tuple[str, dict]],
    objective,
    x0: Sequence[float] | np.ndarray,
    *,
    max_steps: int = DEFAULT_MAX_STEPS,
    tol: float = 1e-6,
    **run_options,
) -> RaceReport:
    """Run each optimizer (an Optimizer, a name, or ``(name, hyperparameters)``) from x0.

    ``run_options`` go to :class:`~landscape.optim.run.Run` (gtol, bound, seed, ...).
    """
    f_min = objective.f_min
    criterion = f"f - f_min <= {tol:g}" if f_min is not None else f"‖∇f‖ <= {tol:g}"
    rows = [
        _race_one(_as_optimizer(entry), objective, x0, f_min, tol, max_steps, run_options)
        for entry in optimizers
    ]
    return RaceReport(criterion, float(tol), tuple(float(v) for v in x0), rows)


def _race_one(opt, objective, x0, f_min, tol, max_steps, run_options) -> RaceRow:
    r = Run(opt, objective, x0, max_steps=max_steps, **run_options)
    reached = None

    def close(f: float, gn: float) -> bool:
        return (f - f_min <= tol) if f_min is not None else gn <= tol

    t = r.trajectory
    for info in r:
        if reached is None and close(info.f_new, t._gn[-1]):
            counts = r.counts
            reached = (info.k + 1, counts.nfev, counts.ngev, counts.nhev)
    if len(t) and close(t._fs[0], t._gn[0]):
        reached = (0, 1, 1, 0)  # close at the start: the run's first f and ∇f only
    steps, nfev, ngev, nhev = reached or (None, None, None, None)
    return RaceRow(
        opt.name,
        get_spec(opt.name).display_name,
        steps,
        nfev,
        ngev,
        nhev,
        t.f_final,
        t.status,
        t.n_steps,
        t.wall_time,
        t,
    )
