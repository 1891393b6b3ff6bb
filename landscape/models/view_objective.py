"""A model seen through its 2-D view, and runs of the full model drawn on that view (Qt-free).

:class:`ViewObjective` is what the picture, the hover read-out, the inspector and the arrow
field see: ``f(u, v) = L(view.embed(u, v))`` with derivatives along the two view axes. The
optimizers never see it: :meth:`ViewObjective.train` runs them on the full model (every
parameter; SGD draws true mini-batches) and returns a :class:`ViewTrajectory`, whose points
and steps are projections of the full ones onto the view, and which keeps the full trajectory
for the data view and the metrics.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from landscape.objective import Objective
from landscape.optim.base import StepInfo

#: a superseded run checks for cancellation every this many steps
CANCEL_EVERY = 25
#: the step extras drawn on the map (vectors and line-search trials); others are dropped
VECTOR_EXTRAS = ("velocity", "newton_step", "newton", "newton_direction")


class ViewObjective(Objective):
    """``model`` (a ModelObjective) on its ``view``; ``context`` is the ModelContext (data
    splits, scaler, start ``x0``); ``config`` the session's ModelConfig; ``test_model`` the same
    model on the test split (for test losses), or None; ``caption`` says what the view is."""

    def __init__(
        self, model, context, config, test_model=None, caption: str = "", text: str = ""
    ) -> None:
        super().__init__()
        self.model, self.context, self.config = model, context, config
        self.test_model, self.caption, self.text = test_model, caption, text
        self.view = model.view
        self.variables = tuple(str(a) for a in self.view.axis_names)
        self._origin_shift = self.view.project(np.zeros(model.n))

    # -- the view -------------------------------------------------------------------------
    def project_vector(self, v: np.ndarray) -> np.ndarray:
        """A displacement ``(n,)`` or ``(k, n)`` in view coordinates ``(2,)`` / ``(k, 2)``."""
        return self.view.project(np.asarray(v, dtype=float)) - self._origin_shift

    def x0_for(self, start) -> np.ndarray:
        """The full start ``(n,)``: the model's own start moved within the view to ``start``."""
        base = np.asarray(self.context.x0, dtype=float)
        delta = np.asarray(start, dtype=float) - self.view.project(base)
        return base + delta @ self.view.directions

    def default_start(self) -> tuple[float, float]:
        u, v = self.view.project(np.asarray(self.context.x0, dtype=float))
        return (float(u), float(v))

    # -- Objective ------------------------------------------------------------------------
    def _f(self, p):
        return self.model.f(self.view.embed(p))

    def _grad(self, p):
        return self.view.directions @ self.model.grad(self.view.embed(p))

    def _hess(self, p):
        if not getattr(self.model, "has_hessian", True):
            raise NotImplementedError("no exact Hessian: numerical from the gradient")
        D = self.view.directions
        return D @ self.model.hess(self.view.embed(p)) @ D.T

    def f_grid(self, *coords):
        return self.model.f_grid(*coords)

    def grad_grid(self, *coords):
        return self.model.grad_grid(*coords)

    # -- hooks for ui.jobs ----------------------------------------------------------------
    def train(
        self, name: str, hyper: dict, start, max_steps: int, cancelled: Callable[[], bool]
    ) -> ViewTrajectory:
        """Run optimizer ``name`` on every parameter of the model from ``x0_for(start)``."""
        from landscape.optim import iterate, make_optimizer

        own = copy.copy(self.model)
        own.reset_counts()
        run = iterate(
            make_optimizer(name, **hyper),
            own,
            self.x0_for(start),
            max_steps=max_steps,
            keep_steps=False,
        )
        steps = []
        for k, info in enumerate(run):
            steps.append(self._project_step(info))
            if k % CANCEL_EVERY == 0 and cancelled():
                run.abort()
        return ViewTrajectory(run.trajectory, self, steps)

    def _project_step(self, info: StepInfo) -> StepInfo:
        D = self.view.directions
        extras = {
            k: self.project_vector(np.ravel(info.extras[k]))
            for k in VECTOR_EXTRAS
            if info.extras.get(k) is not None and np.size(info.extras[k]) == self.model.n
        }
        trials = info.extras.get("trials") or []
        if trials:
            extras["trials"] = [
                (t[0], self.view.project(np.asarray(t[1], dtype=float)), t[2]) for t in trials
            ]
        return StepInfo(
            info.k,
            self.view.project(info.x),
            self.view.project(info.x_new),
            info.f,
            info.f_new,
            D @ info.grad,
            D @ info.grad_new,
            self.project_vector(info.direction),
            info.step_size,
            extras,
        )

    def critical_points(self) -> list:
        """The model's optimum when the view goes through it (slices through θ*)."""
        from landscape.critical import CriticalPoint

        theta = getattr(self.model, "theta_star", None)
        if theta is None or getattr(self.view, "kind", "") != "slice":
            return []
        if not np.allclose(self.view.embed(self.view.project(theta)), self.view.base_point):
            return []
        point = self.view.project(theta)
        D = self.view.directions
        eig = np.linalg.eigvalsh(D @ self.model.hess(theta) @ D.T)
        return [
            CriticalPoint(
                (float(point[0]), float(point[1])),
                float(self.model.f(theta)),
                "minimum",
                tuple(float(e) for e in eig),
                "exact",
            )
        ]

    def formulas(self) -> dict[str, str]:
        from landscape.models.describe import formulas

        return formulas(self)


def current_trajectory(entry, landscape):
    """``entry``'s ViewTrajectory when it belongs to ``landscape`` (else None: not a model run,
    not computed yet, or trained on an earlier landscape)."""
    traj = getattr(entry, "trajectory", None)
    if landscape is None or getattr(traj, "source", None) is not landscape.objective:
        return None
    return traj if len(traj) else None


class ViewTrajectory:
    """A run of the full model as the views see it: ``xs (k+1, 2)`` projected points, ``fs``
    and ``grad_norms`` of the full model (training loss), ``steps`` projected; ``full`` is the
    full :class:`~landscape.optim.Trajectory` (``full.xs (k+1, n)``), ``source`` the
    ViewObjective it was trained on (a newer landscape makes it stale), ``test_fs`` the loss on
    the test split at each point, ``surface_fs`` the picture's height under each point."""

    def __init__(self, full, objective: ViewObjective, steps: list) -> None:
        self.full, self.source = full, objective
        self.optimizer, self.hyperparameters = full.optimizer, full.hyperparameters
        self.status, self.message = full.status, full.message
        self.counts, self.wall_time, self.seed = full.counts, full.wall_time, full.seed
        self.steps = steps
        xs = np.asarray(full.xs, dtype=float)
        self.xs = objective.view.project(xs).reshape(-1, 2) if len(xs) else np.empty((0, 2))
        self.fs, self.grad_norms = full.fs, full.grad_norms
        self.x0 = objective.view.project(np.asarray(full.x0, dtype=float))
        test = objective.test_model
        self.test_fs = (
            np.array([test.f(x) for x in xs])
            if test is not None and len(xs)
            else np.full(len(xs), np.nan)
        )
        with np.errstate(all="ignore"):
            self.surface_fs = (
                objective.f_grid(self.xs[:, 0], self.xs[:, 1]) if len(xs) else np.empty(0)
            )

    def __len__(self) -> int:
        return len(self.fs)

    @property
    def n_steps(self) -> int:
        return max(len(self.fs) - 1, 0)

    def params_at(self, index: int) -> np.ndarray:
        """The full parameters ``(n,)`` at trajectory point ``index`` (clamped)."""
        xs = self.full.xs
        return np.asarray(xs[max(0, min(index, len(xs) - 1))], dtype=float)
