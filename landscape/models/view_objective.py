"""A model seen through its 2-D view, and runs of the full model drawn on that view (Qt-free).

:class:`ViewObjective` is what the picture, the hover read-out, the inspector and the arrow
field see: ``f(u, v) = L(view.embed(u, v))`` with derivatives along the two view axes. The
optimizers never see it: :meth:`ViewObjective.train` runs them on the full model (every
parameter; SGD draws true mini-batches) and returns a :class:`ProjectedTrajectory` (a real
Trajectory), whose points and steps are projections of the full ones onto the view, and which
keeps the full trajectory for the data view and the metrics.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landscape.objective import Objective
from landscape.optim.base import StepInfo
from landscape.optim.extras import DRAWN_VECTORS, TRIALS
from landscape.optim.trajectory import Trajectory

#: a superseded run checks for cancellation every this many steps
CANCEL_EVERY = 25


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
        if not self.model.has_hessian:
            raise NotImplementedError("no exact Hessian: numerical from the gradient")
        D = self.view.directions
        return D @ self.model.hess(self.view.embed(p)) @ D.T

    def f_grid(self, *coords):
        return self.model.f_grid(*coords)

    def grad_grid(self, *coords):
        return self.model.grad_grid(*coords)

    # -- hooks for ui.state.jobs ----------------------------------------------------------------
    def suggest(self, name: str, start, given: dict | None = None, max_steps: int | None = None):
        """The :class:`~landscape.optim.suggest.Suggestion` for training the full model with
        optimizer ``name`` from ``x0_for(start)`` (data-scale rules of
        :mod:`landscape.models.hyper`; the ``given`` values win). The 2-D view's own
        curvature says nothing about the steps the optimizer takes over all n parameters."""
        from landscape.models.hyper import model_suggestion

        return model_suggestion(
            name, self.model, self.x0_for(start), given=given, max_steps=max_steps
        )

    def train(
        self, name: str, hyper: dict, start, max_steps: int, cancelled: Callable[[], bool]
    ) -> ProjectedTrajectory:
        """Run optimizer ``name`` on every parameter of the model from ``x0_for(start)``;
        the hyperparameters not in ``hyper`` are :meth:`suggest`'s (suited to the data's
        scale), the given ones are used as they are."""
        from landscape.optim import iterate, make_optimizer

        own = copy.copy(self.model)
        own.reset_counts()
        hyper = self.suggest(name, start, given=hyper, max_steps=max_steps).hyper()
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
        return ProjectedTrajectory.of(run.trajectory, self, steps)

    def _project_step(self, info: StepInfo) -> StepInfo:
        D = self.view.directions
        extras: dict[str, Any] = {
            k: self.project_vector(np.ravel(info.extras[k]))
            for k in DRAWN_VECTORS  # the extras drawn on the map; the others are dropped
            if info.extras.get(k) is not None and np.size(info.extras[k]) == self.model.n
        }
        trials = info.extras.get(TRIALS) or []
        if trials:
            extras[TRIALS] = [
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

        theta = self.model.theta_star
        if theta is None or self.view.kind != "slice":
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

    def run_words(self, trajectory: ProjectedTrajectory, name: str) -> str:
        """The status bar's sentence about a finished run (see
        :func:`landscape.models.describe.run_words`)."""
        from landscape.models.describe import run_words

        return run_words(self, trajectory, name)

    def formulas(self) -> dict[str, str]:
        from landscape.models.describe import formulas

        return formulas(self)


def current_trajectory(entry, landscape) -> ProjectedTrajectory | None:
    """``entry``'s projected trajectory when it belongs to ``landscape`` (else None: not a
    model run, not computed yet, or trained on an earlier landscape)."""
    traj = None if entry is None else entry.trajectory
    if landscape is None or not isinstance(traj, ProjectedTrajectory):
        return None
    if traj.source is not landscape.objective:
        return None
    return traj if len(traj) else None


@dataclass(eq=False)
class ProjectedTrajectory(Trajectory):
    """A run of the full model as the views see it: a real
    :class:`~landscape.optim.trajectory.Trajectory` whose ``xs (k+1, 2)``, ``x0 (2,)`` and
    ``steps`` are projections onto the view, with ``fs`` and ``grad_norms`` of the full model
    (training loss, ‖∇L‖ over every parameter). Besides: ``full`` is the full trajectory
    (``full.xs (k+1, n)``), ``source`` the ViewObjective it was trained on (a newer landscape
    makes it stale), ``test_fs (k+1,)`` the loss on the test split at each point (NaN without
    a test split), and :attr:`surface_fs` the picture's height under each projected point.
    Build one with :meth:`of`.
    """

    full: Trajectory | None = None
    source: ViewObjective | None = None
    test_fs: np.ndarray = field(default_factory=lambda: np.empty(0))
    _surface_fs: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    @classmethod
    def of(cls, full: Trajectory, objective: ViewObjective, steps: list) -> ProjectedTrajectory:
        """``full`` (on all ``n`` parameters) seen through ``objective``'s view; ``steps``
        are its StepInfos already projected (see :meth:`ViewObjective.train`)."""
        view = objective.view
        xs = np.asarray(full.xs, dtype=float)
        projected = view.project(xs).reshape(-1, 2) if len(xs) else np.empty((0, 2))
        test = objective.test_model
        if test is not None and len(xs):
            test_fs = np.array([test.f(x) for x in xs])
        else:
            test_fs = np.full(len(xs), np.nan)
        with np.errstate(all="ignore"):
            heights = objective.f_grid(projected[:, 0], projected[:, 1]) if len(xs) else np.empty(0)
        out = cls(
            full.optimizer,
            full.hyperparameters,
            view.project(np.asarray(full.x0, dtype=float)),
            status=full.status,
            message=full.message,
            counts=full.counts,
            wall_time=full.wall_time,
            steps=steps,
            seed=full.seed,
            full=full,
            source=objective,
            test_fs=test_fs,
            _surface_fs=np.asarray(heights, dtype=float),
        )
        for x, f, g in zip(projected, full.fs, full.grad_norms, strict=True):
            out.record(x, f, g)
        return out

    @property
    def surface_fs(self) -> np.ndarray:
        """The picture's height ``(k+1,)`` under each projected point (the loss on the view,
        which differs from ``fs`` wherever the full point is off the view)."""
        return self._surface_fs

    def params_at(self, index: int) -> np.ndarray:
        """The full parameters ``(n,)`` at trajectory point ``index`` (clamped)."""
        assert self.full is not None
        xs = self.full.xs
        return np.asarray(xs[max(0, min(index, len(xs) - 1))], dtype=float)
