"""Line searches along a descent direction p from x, on φ(α) = f(x + α p).

* :func:`backtracking` — Armijo sufficient decrease φ(α) ≤ φ(0) + c₁ α φ'(0), trying
  α₀, ρα₀, ρ²α₀, … (f only; the caller evaluates ∇f at the accepted point).
* :func:`strong_wolfe` — Armijo plus |φ'(α)| ≤ c₂ |φ'(0)|: Nocedal & Wright, *Numerical
  Optimization* (2nd ed.), Algorithm 3.5 (bracketing) and 3.6 (zoom). f and ∇f are evaluated
  at every trial (as MINPACK does), so new trials come from cubic interpolation of (φ, φ') at
  the interval's ends (N&W eq. 3.59), kept in the inner 80 % of the interval (quadratic
  interpolation or bisection where φ' is unknown); extrapolation takes the cubic's minimiser
  kept in [α + 1.1Δ, α + 4Δ] (Δ the last increase, MINPACK's bounds). On a quadratic φ the
  interpolant is exact, so a small c₂ gives the exact line minimiser.

The Moré–Thuente search (MINPACK dcsrch, the default for cg, bfgs and lbfgs) is in
:mod:`landscape.optim.more_thuente`; :mod:`landscape.optim.wolfe` chooses between the two.

Every evaluated trial is recorded as ``(alpha, x, f)``. Non-finite φ counts as "too far":
the search shrinks. A search that cannot satisfy the curvature condition but found a point
with sufficient decrease returns it with ``wolfe=False``; one that found no decrease raises
:class:`~landscape.optim.base.LineSearchError`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from landscape.optim.base import LineSearchError

#: The longest step ‖α p‖ a search tries (an unbounded-below function stops here).
STEP_MAX = 1e10


class LineSearchResult(NamedTuple):
    alpha: float
    x: np.ndarray
    f: float
    g: np.ndarray | None  # ∇f(x) when the search evaluated it
    trials: list  # [(alpha, x, f), ...] in evaluation order
    wolfe: bool  # the requested conditions hold (False: only sufficient decrease)


class Pt(NamedTuple):
    a: float
    f: float
    d: float | None  # φ'(a) when known
    x: np.ndarray
    g: np.ndarray | None


def _d(pt: Pt) -> float:
    """φ'(a) where it was evaluated; NaN where it was not (φ not finite there)."""
    return math.nan if pt.d is None else pt.d


def descent_slope(g0: np.ndarray, p: np.ndarray) -> float:
    slope = float(g0 @ p)
    if not slope < 0.0:
        raise LineSearchError(f"not a descent direction: ∇f·p = {slope:.3g} ≥ 0")
    return slope


def backtracking(objective, x, f0, g0, p, *, alpha0=1.0, c1=1e-4, rho=0.5, max_trials=60):
    """Armijo backtracking from ``alpha0`` by the factor ``rho`` (f only, ∇f not evaluated)."""
    slope = descent_slope(g0, p)
    trials: list = []
    alpha = alpha0
    for _ in range(max_trials):
        xt = x + alpha * p
        ft = objective.f(xt)
        trials.append((alpha, xt, ft))
        # False for NaN; -inf is accepted (the run diverges); f must really decrease, not just
        # round to f0 + c1·α·φ'(0) == f0
        if ft <= f0 + c1 * alpha * slope and ft < f0:
            return LineSearchResult(alpha, xt, ft, None, trials, True)
        alpha *= rho
    raise LineSearchError(
        f"Armijo backtracking found no sufficient decrease in {max_trials} trials "
        f"(last α = {trials[-1][0]:.3g}, ∇f·p = {slope:.3g})",
        trials,
    )


def strong_wolfe(objective, x, f0, g0, p, *, alpha0=1.0, c1=1e-4, c2=0.9, max_trials=30):
    """A step satisfying the strong Wolfe conditions (N&W Algorithms 3.5 and 3.6)."""
    search = _WolfeSearch(objective, x, f0, g0, p, c1, c2, max_trials)
    return search.run(alpha0)


class _WolfeSearch:
    def __init__(self, objective, x, f0, g0, p, c1, c2, max_trials):
        self.obj, self.x, self.p = objective, x, p
        self.f0, self.slope = f0, descent_slope(g0, p)
        self.c1, self.c2, self.max_trials = c1, c2, max_trials
        self.trials: list = []
        self.origin = Pt(0.0, f0, self.slope, x, g0)
        self.alpha_max = STEP_MAX / max(float(np.linalg.norm(p)), 1e-300)

    # -- evaluation ----------------------------------------------------------------------
    def eval_f(self, a: float) -> Pt:
        xt = self.x + a * self.p
        ft = self.obj.f(xt)
        self.trials.append((a, xt, ft))
        return Pt(a, ft, None, xt, None)

    def eval_g(self, pt: Pt) -> Pt:
        """Add φ' (skipped where φ is not finite: the point only bounds the interval)."""
        if not math.isfinite(pt.f):
            return pt
        g = self.obj.grad(pt.x)
        return pt._replace(d=float(g @ self.p), g=g)

    def armijo(self, pt: Pt) -> bool:
        """Sufficient decrease, and a real one (not f0 + c₁αφ'(0) rounding to f0)."""
        return pt.f <= self.f0 + self.c1 * pt.a * self.slope and pt.f < self.f0

    def curvature(self, pt: Pt) -> bool:
        return abs(_d(pt)) <= -self.c2 * self.slope

    def done(self, pt: Pt, wolfe: bool) -> LineSearchResult:
        return LineSearchResult(pt.a, pt.x, pt.f, pt.g, self.trials, wolfe)

    def left(self) -> int:
        return self.max_trials - len(self.trials)

    # -- Algorithm 3.5: bracket ----------------------------------------------------------
    def run(self, alpha0: float) -> LineSearchResult:
        prev, a = self.origin, min(alpha0, self.alpha_max)
        while self.left() > 0:
            cur = self.eval_f(a)
            if cur.f == -math.inf:
                return self.done(cur, False)  # unbounded below: the run reports divergence
            if not self.armijo(cur) or (prev.a > 0 and cur.f >= prev.f):
                return self.zoom(prev, self.eval_g(cur))
            cur = self.eval_g(cur)
            if not math.isfinite(_d(cur)):
                return self.zoom(prev, cur)
            if self.curvature(cur):
                return self.done(cur, True)
            if _d(cur) >= 0:
                return self.zoom(cur, prev)
            if a >= self.alpha_max:
                return self.done(cur, False)
            a = _extrapolate(prev, cur, self.alpha_max)
            prev = cur
        return self.fallback(prev)

    # -- Algorithm 3.6: zoom -------------------------------------------------------------
    def zoom(self, lo: Pt, hi: Pt) -> LineSearchResult:
        """lo satisfies Armijo with the lowest φ so far and has φ'; φ'(lo)(hi − lo) < 0."""
        while self.left() > 0 and not _stalled(lo, hi):
            cur = self.eval_g(self.eval_f(_interpolate(lo, hi)))
            if cur.f == -math.inf:
                return self.done(cur, False)
            if not self.armijo(cur) or cur.f >= lo.f or not math.isfinite(_d(cur)):
                hi = cur
                continue
            if self.curvature(cur):
                return self.done(cur, True)
            if _d(cur) * (hi.a - lo.a) >= 0:
                hi = lo
            lo = cur
        return self.fallback(lo)

    def fallback(self, best: Pt) -> LineSearchResult:
        if best.a > 0:
            return self.done(best, False)
        raise LineSearchError(
            f"strong-Wolfe line search found no sufficient decrease in {len(self.trials)} "
            f"trials (∇f·p = {self.slope:.3g})",
            self.trials,
        )


def _cubic_min(a0, f0, d0, a1, f1, d1) -> float | None:
    """Minimiser of the cubic matching φ and φ' at a0 and a1 (N&W 3.59), or None."""
    d_1 = d0 + d1 - 3.0 * (f0 - f1) / (a0 - a1)
    disc = d_1 * d_1 - d0 * d1
    if not disc >= 0.0:
        return None
    d_2 = math.copysign(math.sqrt(disc), a1 - a0)
    denom = d1 - d0 + 2.0 * d_2
    if denom == 0.0 or not math.isfinite(denom):
        return None
    return a1 - (a1 - a0) * (d1 + d_2 - d_1) / denom


def _quadratic_min(a0, f0, d0, a1, f1) -> float | None:
    """Minimiser of the parabola matching φ(a0), φ'(a0) and φ(a1), or None."""
    h = a1 - a0
    curv = f1 - f0 - d0 * h
    if not curv > 0.0:
        return None
    return a0 - d0 * h * h / (2.0 * curv)


def _interpolate(lo: Pt, hi: Pt) -> float:
    """Cubic (φ, φ' at both ends), else quadratic (φ, φ' at lo, φ at hi), else bisection;
    kept in the inner 80 % of the interval."""
    width = hi.a - lo.a
    trial = None
    if math.isfinite(hi.f):
        if hi.d is not None and math.isfinite(hi.d):
            trial = _cubic_min(lo.a, lo.f, lo.d, hi.a, hi.f, hi.d)
        if trial is None:
            trial = _quadratic_min(lo.a, lo.f, lo.d, hi.a, hi.f)
    if trial is None or not math.isfinite(trial):
        return lo.a + 0.5 * width
    left, right = sorted((lo.a + 0.1 * width, hi.a - 0.1 * width))
    return min(max(trial, left), right)


def _stalled(lo: Pt, hi: Pt) -> bool:
    """The interval is too short for f to change measurably (floating-point limit)."""
    width = abs(hi.a - lo.a)
    if width <= 1e-12 * max(abs(lo.a), abs(hi.a)):
        return True
    return width * abs(_d(lo)) <= 1e-15 * abs(lo.f)


def _extrapolate(prev: Pt, cur: Pt, alpha_max: float) -> float:
    """A longer step than cur.a: the cubic's minimiser, kept in [a + 1.1Δ, a + 4Δ] (MINPACK)."""
    width = cur.a - prev.a
    trial = _cubic_min(prev.a, prev.f, prev.d, cur.a, cur.f, cur.d)
    low, high = cur.a + 1.1 * width, cur.a + 4.0 * width
    if trial is None or not math.isfinite(trial) or trial > high:
        trial = high
    return min(max(trial, low), alpha_max)


def first_alpha(g: np.ndarray) -> float:
    """Initial trial for a steepest-descent step: ‖α∇f‖ = 1, at most α = 1."""
    norm = float(np.linalg.norm(g))
    return min(1.0, 1.0 / norm) if norm > 0 else 1.0
