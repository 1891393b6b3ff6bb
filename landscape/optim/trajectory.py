"""The record of one run: points, values, gradient norms, steps, status and cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landscape.objective import EvalCounts
from landscape.optim.base import StepInfo, _plain

#: How a run ended ("running" while it has not); see :mod:`landscape.optim.run` for each rule.
STATUSES = (
    "running",
    "converged",
    "max_steps",
    "diverged",
    "undefined",
    "line_search_failed",
    "aborted",
)
#: What each final status means (the rules are in :mod:`landscape.optim.run`).
STATUS_MEANINGS = {
    "converged": "‖∇f‖ ≤ gtol (or the ftol/xtol test), or a kink where ∇f is undefined and f "
    "is no lower nearby (a non-smooth minimum); the message names a saddle point "
    "or a maximum when ∇²f shows one",
    "max_steps": "max_steps steps taken without converging",
    "diverged": "unbounded: f = ±∞, ‖∇f‖ = ∞, or ‖x‖ grew past the bound",
    "undefined": "the run stepped onto, or started at, a point where f is not defined (NaN: "
    "outside the domain of ln, sqrt, …), or where ∇f is NaN and f is not a minimum",
    "line_search_failed": "the line search (or Newton's trust region) found no step that "
    "decreases f",
    "aborted": "stopped from outside",
}
#: The statuses of a run that failed (shown as failures in the app).
FAILED_STATUSES = ("diverged", "undefined", "line_search_failed", "aborted")


@dataclass
class Trajectory:
    """Points x_0 … x_k of one run, with f and ‖∇f‖₂ at each and the steps between them.

    ``xs`` (k+1, n), ``fs`` (k+1,), ``grad_norms`` (k+1,) hold only finite values: a run that
    diverges or steps where f is undefined stops before recording the offending point, and
    one whose start is not good records no point at all (``len(fs) == 0``; ``x0`` still holds
    the start). At a kink minimum (∇f undefined, status converged) the gradient norm recorded
    is 0, that of the smallest subgradient. ``steps`` holds
    the :class:`StepInfo` of each step (empty when the run was made with ``keep_steps=False``).
    ``counts`` are this run's evaluations only.
    """

    optimizer: str
    hyperparameters: dict[str, Any]
    x0: np.ndarray
    status: str = "running"
    message: str = ""
    counts: EvalCounts = field(default_factory=EvalCounts)
    wall_time: float = 0.0
    steps: list[StepInfo] = field(default_factory=list)
    seed: int = 0
    _xs: list = field(default_factory=list, repr=False)
    _fs: list = field(default_factory=list, repr=False)
    _gn: list = field(default_factory=list, repr=False)
    _cache: tuple = field(default=(-1, None, None, None), repr=False)

    def record(self, x: np.ndarray, f: float, grad_norm: float) -> None:
        self._xs.append(x)
        self._fs.append(f)
        self._gn.append(grad_norm)

    def _arrays(self):
        n_points = len(self._fs)
        if self._cache[0] != n_points:
            n = len(self.x0)
            xs = np.array(self._xs, dtype=float).reshape(n_points, n)
            self._cache = (
                n_points,
                xs,
                np.array(self._fs, dtype=float),
                np.array(self._gn, dtype=float),
            )
        return self._cache

    @property
    def xs(self) -> np.ndarray:
        return self._arrays()[1]

    @property
    def fs(self) -> np.ndarray:
        return self._arrays()[2]

    @property
    def grad_norms(self) -> np.ndarray:
        return self._arrays()[3]

    @property
    def n_steps(self) -> int:
        """Steps taken (recorded points minus one; 0 when nothing was recorded)."""
        return max(len(self._fs) - 1, 0)

    def __len__(self) -> int:
        return len(self._fs)

    @property
    def x_final(self) -> np.ndarray | None:
        return self._xs[-1] if self._xs else None

    @property
    def f_final(self) -> float | None:
        return self._fs[-1] if self._fs else None

    @property
    def done(self) -> bool:
        return self.status != "running"

    @property
    def surface_fs(self) -> np.ndarray:
        """The height ``(k+1,)`` of each point on the picture: ``fs`` for a run on f itself
        (a model's run projected onto a view overrides it with the loss on the view)."""
        return self.fs

    def to_dict(self, *, include_steps: bool = False) -> dict[str, Any]:
        """JSON-ready summary (``include_steps`` adds every StepInfo)."""
        out = {
            "optimizer": self.optimizer,
            "hyperparameters": dict(self.hyperparameters),
            "seed": self.seed,
            "x0": self.x0.tolist(),
            "status": self.status,
            "message": self.message,
            "n_steps": self.n_steps,
            "counts": {
                "nfev": self.counts.nfev,
                "ngev": self.counts.ngev,
                "nhev": self.counts.nhev,
            },
            "wall_time": self.wall_time,
            "xs": self.xs.tolist(),
            "fs": self.fs.tolist(),
            "grad_norms": self.grad_norms.tolist(),
        }
        if include_steps:
            out["steps"] = [_plain(step.to_dict()) for step in self.steps]
        return out
