"""The Moré–Thuente line search: MINPACK-2 ``dcsrch`` and ``dcstep``.

J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient decrease",
ACM TOMS 20 (1994) 286–307 — the search scipy's BFGS and CG use (``line_search_wolfe1``).

It keeps an interval [stx, sty] (stx: the best step so far, its φ'(stx) pointing towards sty)
known to contain steps satisfying the strong Wolfe conditions once bracketed. Each trial
evaluates f and ∇f together; :func:`dcstep` picks the next trial from the cubic through
(φ, φ') at stx and at the trial, the secant or quadratic step, or an extrapolation kept in
[α + 1.1Δ, α + 4Δ] (Δ = α − stx) while nothing is bracketed. Until a step with
ψ(α) = φ(α) − φ(0) − c₁αφ'(0) ≤ 0 and φ'(α) ≥ 0 appears (stage 1) the steps are chosen on ψ
instead of φ. A bracket that does not shrink by a third in two trials is bisected.

Beyond MINPACK: every trial is recorded as ``(alpha, x, f)``; a non-finite φ or φ' counts as
"too far" (the bracket's far end, the next trial halfway back); the search stops without
re-evaluating when the bracket can no longer shrink (MINPACK re-evaluates its best step
first), and then, like :func:`~landscape.optim.linesearch.strong_wolfe`, returns the lowest
trial with sufficient decrease with ``wolfe=False``, or raises
:class:`~landscape.optim.base.LineSearchError` when no trial decreased f.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from landscape.optim.base import LineSearchError
from landscape.optim.linesearch import STEP_MAX, LineSearchResult, descent_slope

XTRAPL, XTRAPU = 1.1, 4.0  # extrapolation bounds: next α in [α + 1.1Δ, α + 4Δ]
SHRINK = 0.66  # bisect when the bracket has not shrunk below 66 % of its width 2 trials ago
XTOL = 1e-14  # stop when the bracket's relative width is below this (scipy's default)


def more_thuente(
    objective, x, f0, g0, p, *, alpha0=1.0, c1=1e-4, c2=0.9, max_trials=30, xtol=XTOL
) -> LineSearchResult:
    """A step satisfying the strong Wolfe conditions (Moré–Thuente, MINPACK-2 dcsrch)."""
    return _Search(objective, x, f0, g0, p, c1, c2, xtol).run(alpha0, max_trials)


class Pt(NamedTuple):
    """A trial: step a, φ(a), φ'(a) (NaN where φ is not finite), x (n,), ∇f (None there)."""

    a: float
    f: float
    d: float
    x: np.ndarray
    g: np.ndarray | None


class _Search:
    def __init__(self, objective, x, f0, g0, p, c1, c2, xtol):
        self.obj, self.x, self.p = objective, x, p
        self.f0, self.slope = f0, descent_slope(g0, p)
        self.gtest, self.c2, self.xtol = c1 * self.slope, c2, xtol
        self.trials: list = []
        self.alpha_max = STEP_MAX / max(float(np.linalg.norm(p)), 1e-300)
        self.stx = self.sty = Pt(0.0, f0, self.slope, x, g0)  # interval ends
        self.best: Pt | None = None  # lowest trial with sufficient decrease
        self.brackt, self.stage1 = False, True
        self.width = self.alpha_max
        self.width1 = 2.0 * self.width

    def run(self, alpha0: float, max_trials: int) -> LineSearchResult:
        stp = min(alpha0, self.alpha_max)
        lo, hi = 0.0, stp + XTRAPU * stp
        while len(self.trials) < max_trials:
            pt = self.evaluate(stp)
            if pt.f == -math.inf:
                return self.done(pt, False)  # unbounded below: the run reports divergence
            if not (math.isfinite(pt.f) and math.isfinite(pt.d)):
                stp, lo, hi = self.too_far(pt)
            else:
                if self.armijo(pt) and abs(pt.d) <= -self.c2 * self.slope:
                    return self.done(pt, True)
                if pt.a >= self.alpha_max and self.armijo(pt) and pt.d <= self.gtest:
                    break  # still descending at the longest step allowed
                stp, lo, hi = self.advance(pt, lo, hi)
            if stp is None:
                break
        return self.fallback()

    # -- evaluation ----------------------------------------------------------------------
    def evaluate(self, a: float) -> Pt:
        """φ and φ' at a (φ' only where φ is finite); remembers the best Armijo point."""
        xt = self.x + a * self.p
        ft = self.obj.f(xt)
        self.trials.append((a, xt, ft))
        if not math.isfinite(ft):
            return Pt(a, ft, math.nan, xt, None)
        g = self.obj.grad(xt)
        pt = Pt(a, ft, float(g @ self.p), xt, g)
        if self.armijo(pt) and (self.best is None or pt.f < self.best.f):
            self.best = pt
        return pt

    def armijo(self, pt: Pt) -> bool:
        """Sufficient decrease, and a real one (not f0 + c₁αφ'(0) rounding to f0)."""
        return pt.f <= self.f0 + pt.a * self.gtest and pt.f < self.f0

    def done(self, pt: Pt, wolfe: bool) -> LineSearchResult:
        return LineSearchResult(pt.a, pt.x, pt.f, pt.g, self.trials, wolfe)

    def fallback(self) -> LineSearchResult:
        if self.best is not None:
            return self.done(self.best, False)
        raise LineSearchError(
            f"Moré–Thuente line search found no sufficient decrease in {len(self.trials)} "
            f"trials (∇f·p = {self.slope:.3g})",
            self.trials,
        )

    # -- dcsrch --------------------------------------------------------------------------
    def advance(self, pt: Pt, lo: float, hi: float):
        """Update the interval with the trial pt; the next trial and its bounds (None: the
        bracket cannot shrink further)."""
        ftest = self.f0 + pt.a * self.gtest
        if self.stage1 and pt.f <= ftest and pt.d >= 0.0:
            self.stage1 = False
        if self.stage1 and ftest < pt.f <= self.stx.f:
            stp = self._step_on_psi(pt, lo, hi)  # ψ = φ − c₁αφ'(0): stage 1
        else:
            stx, sty, stp, self.brackt = dcstep(self.stx, self.sty, pt, self.brackt, lo, hi)
            self.stx, self.sty = stx, sty
        return self._safeguard(stp)

    def _step_on_psi(self, pt: Pt, lo: float, hi: float) -> float:
        """dcstep on ψ(α) = φ(α) − c₁αφ'(0) (MINPACK's "modified function")."""
        gt = self.gtest
        psi = [q._replace(f=q.f - q.a * gt, d=q.d - gt) for q in (self.stx, self.sty, pt)]
        stx, sty, stp, self.brackt = dcstep(psi[0], psi[1], psi[2], self.brackt, lo, hi)
        self.stx = stx._replace(f=stx.f + stx.a * gt, d=stx.d + gt)
        self.sty = sty._replace(f=sty.f + sty.a * gt, d=sty.d + gt)
        return stp

    def _safeguard(self, stp: float):
        """Bisect a bracket that shrinks too slowly, bound the next trial, detect stalls."""
        stx, sty = self.stx.a, self.sty.a
        if self.brackt:
            if abs(sty - stx) >= SHRINK * self.width1 or not math.isfinite(stp):
                stp = stx + 0.5 * (sty - stx)
            self.width1, self.width = self.width, abs(sty - stx)
            lo, hi = min(stx, sty), max(stx, sty)
        else:
            lo, hi = stp + XTRAPL * (stp - stx), stp + XTRAPU * (stp - stx)
        stp = min(max(stp, 0.0), self.alpha_max)
        if self.brackt and (stp <= lo or stp >= hi or hi - lo <= self.xtol * hi):
            return None, lo, hi
        return stp, lo, hi

    def too_far(self, pt: Pt):
        """A trial where φ or φ' is not finite ends the bracket; try halfway back to stx."""
        self.sty, self.brackt = pt, True
        return self._safeguard(math.nan)


# -- dcstep ------------------------------------------------------------------------------------
def dcstep(stx: Pt, sty: Pt, pt: Pt, brackt: bool, lo: float, hi: float):
    """MINPACK-2 dcstep: a safeguarded next trial from the interval ends stx (best so far,
    φ'(stx) pointing into the interval), sty and the trial pt, with the updated interval.

    ``lo``/``hi`` bound the step while nothing is bracketed. Returns (stx, sty, step, brackt).
    """
    opposite = (pt.d > 0.0 > stx.d) or (pt.d < 0.0 < stx.d)
    try:
        if pt.f > stx.f:  # higher φ: a minimiser is bracketed
            stpf, brackt = _higher(stx, pt), True
        elif opposite:  # lower φ, φ' changed sign: bracketed
            stpf, brackt = _opposite(stx, pt), True
        elif abs(pt.d) < abs(stx.d):  # lower φ, same sign, |φ'| decreasing
            stpf = _flatter(stx, sty, pt, brackt, lo, hi)
        else:  # lower φ, same sign, |φ'| not decreasing
            stpf = _steeper(stx, sty, pt, brackt, lo, hi)
    except ZeroDivisionError:
        stpf = math.nan
    if not math.isfinite(stpf):
        stpf = hi if not brackt else math.nan  # the caller bisects a bracket
    if pt.f > stx.f:
        sty = pt
    else:
        if opposite:
            sty = stx
        stx = pt
    return stx, sty, stpf, brackt


def _cubic(a: Pt, b: Pt) -> tuple[float, float]:
    """θ and γ ≥ 0 of the cubic through (φ, φ') at a and b (its minimiser in MINPACK's form)."""
    theta = 3.0 * (a.f - b.f) / (b.a - a.a) + a.d + b.d
    s = max(abs(theta), abs(a.d), abs(b.d))
    if s == 0.0:
        return theta, 0.0
    return theta, s * math.sqrt(max(0.0, (theta / s) ** 2 - (a.d / s) * (b.d / s)))


def _higher(x: Pt, p: Pt) -> float:
    """Cubic step if closer to stx than the quadratic step, else the average of the two."""
    theta, gamma = _cubic(x, p)
    if p.a < x.a:
        gamma = -gamma
    r = ((gamma - x.d) + theta) / (((gamma - x.d) + gamma) + p.d)
    stpc = x.a + r * (p.a - x.a)
    stpq = x.a + ((x.d / ((x.f - p.f) / (p.a - x.a) + x.d)) / 2.0) * (p.a - x.a)
    if abs(stpc - x.a) <= abs(stpq - x.a):
        return stpc
    return stpc + (stpq - stpc) / 2.0


def _opposite(x: Pt, p: Pt) -> float:
    """Cubic step if farther from the trial than the secant step, else the secant step."""
    theta, gamma = _cubic(x, p)
    if p.a > x.a:
        gamma = -gamma
    r = ((gamma - p.d) + theta) / (((gamma - p.d) + gamma) + x.d)
    stpc = p.a + r * (x.a - p.a)
    stpq = p.a + (p.d / (p.d - x.d)) * (x.a - p.a)
    return stpc if abs(stpc - p.a) > abs(stpq - p.a) else stpq


def _flatter(x: Pt, y: Pt, p: Pt, brackt: bool, lo: float, hi: float) -> float:
    """The cubic step where the cubic tends to −∞ past the trial or has its minimiser
    beyond it (else the bound), or the secant step; bracketed: the closer one, at most 66 %
    of the way to sty; not: the farther one within [lo, hi]."""
    theta, gamma = _cubic(x, p)
    if p.a > x.a:
        gamma = -gamma
    r = ((gamma - p.d) + theta) / ((gamma + (x.d - p.d)) + gamma)
    if r < 0.0 and gamma != 0.0:
        stpc = p.a + r * (x.a - p.a)
    else:
        stpc = hi if p.a > x.a else lo
    stpq = p.a + (p.d / (p.d - x.d)) * (x.a - p.a)
    if not brackt:
        stpf = stpc if abs(stpc - p.a) > abs(stpq - p.a) else stpq
        return min(max(stpf, lo), hi)
    stpf = stpc if abs(stpc - p.a) < abs(stpq - p.a) else stpq
    limit = p.a + SHRINK * (y.a - p.a)
    return min(limit, stpf) if p.a > x.a else max(limit, stpf)


def _steeper(x: Pt, y: Pt, p: Pt, brackt: bool, lo: float, hi: float) -> float:
    """Bracketed: the cubic step between the trial and sty; not: the bound lo or hi."""
    if not brackt:
        return hi if p.a > x.a else lo
    theta, gamma = _cubic(p, y)
    if p.a > y.a:
        gamma = -gamma
    r = ((gamma - p.d) + theta) / (((gamma - p.d) + gamma) + y.d)
    return p.a + r * (y.a - p.a)
