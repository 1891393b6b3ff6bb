"""Runs: drive an optimizer on an objective step by step, stop, and record a Trajectory.

``iterate(...)`` returns a :class:`Run`, an iterator yielding each :class:`StepInfo` while its
``trajectory`` fills in; ``run(...)`` goes to the end and returns the Trajectory::

    r = iterate(make_optimizer("adam"), objective, (1.5, -1.2), max_steps=500)
    for info in r:            # draw info.x -> info.x_new; r.abort() from elsewhere to stop
        ...
    r.trajectory.status       # converged, max_steps, diverged, undefined, line_search_failed,
                              # aborted

Stopping, checked after every step (and at the start):

* converged — ‖∇f(x_{k+1})‖₂ ≤ gtol, or |f_k − f_{k+1}| ≤ ftol·max(1, |f_{k+1}|) (ftol > 0), or
  ‖x_{k+1} − x_k‖₂ ≤ xtol·max(1, ‖x_{k+1}‖₂) (xtol > 0). The defaults come from the optimizer's
  hyperparameters (gtol 1e-6, ftol and xtol off); arguments given here override them. Also
  converged: a point where f is finite, ∇f is NaN (a kink: ``sqrt(x² + y²)`` at 0) and f is no
  lower at the nearby points of :func:`landscape.optim.endings.kink_test` — a non-smooth
  minimum, recorded with gradient norm 0. Where ∇²f is available the message says when the
  point is a saddle or a maximum ("converged to a saddle point: ∇²f has eigenvalues −2, 2").
* max_steps — ``max_steps`` steps taken without converging (default 1000).
* diverged — unbounded: f = ±∞ or ‖∇f‖ = ∞ at the new point, or ‖x_{k+1}‖₂ > ``bound`` (default
  1e6; pass a bound derived from the plotted domain for a tighter one).
* undefined — f is NaN at the new point (outside its domain: ``ln`` or ``sqrt`` of a negative
  number), or ∇f is NaN at a point that is not a kink minimum.
* line_search_failed — the line search (or Newton's trust region) found no acceptable step.
* aborted — :meth:`Run.abort` was called.

A diverged or undefined point is not recorded: the trajectory ends at the last good point (and
is empty when the start is not good). The run's own checks (the kink test, the Hessian that
classifies a converged point) are not counted in ``counts``. An optimizer may add a sentence
to the final message (:meth:`~landscape.optim.base.Optimizer.remark`: Newton on a non-smooth
f says that ∇²f is 0 almost everywhere).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence

import numpy as np

from landscape.errors import InputError
from landscape.optim.base import LineSearchError, Optimizer, StepInfo
from landscape.optim.endings import check_point, converged_message
from landscape.optim.trajectory import Trajectory

DEFAULT_MAX_STEPS = 1000
DEFAULT_BOUND = 1e6


class Run:
    """One run in progress: iterate it for StepInfo; ``trajectory`` is updated as it goes.

    ``x`` and ``state`` are the current point and optimizer state (enough to replay from).
    ``failed_trials`` holds the last line search's trials when it failed.
    """

    def __init__(
        self,
        optimizer: Optimizer | str,
        objective,
        x0: Sequence[float] | np.ndarray,
        *,
        max_steps: int = DEFAULT_MAX_STEPS,
        gtol: float | None = None,
        ftol: float | None = None,
        xtol: float | None = None,
        bound: float | None = None,
        seed: int = 0,
        keep_steps: bool = True,
    ) -> None:
        if isinstance(optimizer, str):
            from landscape.optim.registry import make_optimizer

            optimizer = make_optimizer(optimizer)
        hyper = optimizer.hyper
        self.optimizer, self.objective = optimizer, objective
        self.x = _start_point(x0, objective.n)
        self.max_steps = _check_int("max_steps", max_steps)
        self.seed = _check_int("seed", seed)
        self.gtol = _check_tol("gtol", hyper.gtol if gtol is None else gtol)
        self.ftol = _check_tol("ftol", hyper.ftol if ftol is None else ftol)
        self.xtol = _check_tol("xtol", hyper.xtol if xtol is None else xtol)
        self.bound = _check_bound(DEFAULT_BOUND if bound is None else bound)
        self.keep_steps = keep_steps
        self.state = None
        self.failed_trials: list = []
        self.trajectory = Trajectory(
            optimizer.name, optimizer.hyperparameters(), self.x.copy(), seed=self.seed
        )
        self._aborted = False
        self._start_counts = None
        self._gen = self._steps()

    def __iter__(self) -> Iterator[StepInfo]:
        return self

    def __next__(self) -> StepInfo:
        return next(self._gen)

    def abort(self) -> None:
        """Stop before the next step; the status becomes "aborted" (if still running)."""
        self._aborted = True

    def to_end(self) -> Trajectory:
        for _ in self:
            pass
        return self.trajectory

    @property
    def counts(self):
        """Evaluations so far in this run."""
        if self._start_counts is None:
            return self.trajectory.counts
        return self.objective.counts - self._start_counts

    # -- the loop ------------------------------------------------------------------------
    def _steps(self):
        t, obj, opt = self.trajectory, self.objective, self.optimizer
        self._start_counts = obj.counts.copy()
        self._clock = time.perf_counter()
        if not self._start(obj, opt):
            return t
        k = 0
        while True:
            if self._aborted:
                return self._finish("aborted", f"aborted after {k} steps")
            if k >= self.max_steps:
                gn = t._gn[-1]
                return self._finish(
                    "max_steps",
                    f"max_steps: stopped after {k} steps (‖∇f‖ = {gn:.3g} > gtol {self.gtol:g})",
                )
            with np.errstate(all="ignore"):  # overflow is reported as "diverged", not warned
                try:
                    x_new, state_new, info = opt.step(self.x, self.state, obj)
                except LineSearchError as exc:
                    self.failed_trials = exc.trials
                    return self._finish(
                        "line_search_failed", f"line_search_failed at step {k + 1}: {exc.message}"
                    )
                g_new = info.grad_new
                gn = math.sqrt(float(g_new @ g_new))
            ending = check_point(obj, x_new, info.f_new, g_new, self.bound, f"at step {k + 1}")
            if ending is not None and not ending.record:
                return self._finish(ending.status, ending.message)
            if ending is not None:  # a kink minimum: its smallest subgradient is 0
                gn, info = 0.0, info._replace(grad_new=np.zeros_like(g_new))
            t.record(x_new, info.f_new, gn)
            if self.keep_steps:
                t.steps.append(info)
            self.x, self.state = x_new, state_new
            k += 1
            self._pause()
            yield info
            self._clock = time.perf_counter()
            if ending is not None:
                return self._finish(ending.status, ending.message)
            reason = self._converged(info, gn)
            if reason:
                return self._finish("converged", converged_message(obj, x_new, reason))

    def _start(self, obj, opt) -> bool:
        """Evaluate at x0, record it and decide whether to step at all."""
        x = self.x
        f0, g0 = obj.f(x), obj.grad(x)
        ending = check_point(obj, x, f0, g0, self.bound, "at the start")
        if ending is not None and not ending.record:
            self._finish(ending.status, ending.message)
            return False
        with np.errstate(all="ignore"):
            gn = 0.0 if ending is not None else math.sqrt(float(g0 @ g0))
        self.trajectory.record(x, f0, gn)
        self.state = opt.init(x, seed=self.seed, f0=f0, g0=g0)
        if ending is not None:
            self._finish(ending.status, ending.message)
            return False
        if gn <= self.gtol:
            reason = f"converged: ‖∇f‖ = {gn:.3g} ≤ gtol {self.gtol:g}"
            self._finish("converged", converged_message(obj, x, reason))
            return False
        return True

    def _converged(self, info: StepInfo, gn: float) -> str:
        if gn <= self.gtol:
            return f"converged: ‖∇f‖ = {gn:.3g} ≤ gtol {self.gtol:g}"
        if self.ftol > 0:
            df = abs(info.f - info.f_new)
            if df <= self.ftol * max(1.0, abs(info.f_new)):
                return f"converged: |Δf| = {df:.3g} ≤ ftol {self.ftol:g}·max(1, |f|)"
        if self.xtol > 0:
            dx = float(np.linalg.norm(info.x_new - info.x))
            if dx <= self.xtol * max(1.0, float(np.linalg.norm(info.x_new))):
                return f"converged: ‖Δx‖ = {dx:.3g} ≤ xtol {self.xtol:g}·max(1, ‖x‖)"
        return ""

    def _pause(self) -> None:
        now = time.perf_counter()
        self.trajectory.wall_time += now - self._clock
        self._clock = now
        self.trajectory.counts = self.objective.counts - self._start_counts

    def _finish(self, status: str, message: str) -> Trajectory:
        self._pause()
        remark = self.optimizer.remark(self.state, self.objective)
        if remark:
            message = f"{message}. {remark[0].upper()}{remark[1:]}"
        self.trajectory.status, self.trajectory.message = status, message
        return self.trajectory


def _start_point(x0, n: int) -> np.ndarray:
    try:
        x = np.array(x0, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError(f"start point {x0!r} is not a list of numbers") from None
    if x.shape != (n,):
        raise InputError(f"start point has {x.size} coordinates; the function has {n} variables")
    if not np.all(np.isfinite(x)):
        raise InputError(f"start point {x.tolist()} must be finite")
    return x


def _check_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise InputError(f"{name} = {value!r} is out of range: allowed an integer ≥ 0")
    return int(value)


def _check_bound(value) -> float:
    try:
        bound = float(value)
    except (TypeError, ValueError):
        bound = math.nan
    if not bound > 0:
        raise InputError(f"bound = {value!r} is out of range: allowed (0, ∞]")
    return bound


def _check_tol(name: str, value) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and value >= 0)
    ):
        raise InputError(f"{name} = {value!r} is out of range: allowed [0, ∞)")
    return float(value)


def iterate(
    optimizer: Optimizer | str, objective, x0: Sequence[float] | np.ndarray, **options
) -> Run:
    """A :class:`Run` to iterate (options as :class:`Run`)."""
    return Run(optimizer, objective, x0, **options)


def run(
    optimizer: Optimizer | str, objective, x0: Sequence[float] | np.ndarray, **options
) -> Trajectory:
    """Run to the end and return the Trajectory (options as :class:`Run`)."""
    return Run(optimizer, objective, x0, **options).to_end()
