"""The trust-region subproblem, solved exactly, and the radius update around it.

Subproblem: min m(p) = ∇fᵀp + ½ pᵀBp subject to ‖p‖₂ ≤ Δ, with B = ∇²f (any symmetric
matrix: indefinite or singular too). Its global solution p* is characterised by
(Moré & Sorensen 1983, "Computing a trust region step"; Nocedal & Wright, *Numerical
Optimization*, 2nd ed., Theorem 4.1):

    (B + μI) p* = −∇f,   B + μI positive semidefinite,   μ ≥ 0,   μ (Δ − ‖p*‖) = 0.

:func:`solve_subproblem` finds it in the eigenbasis B = Q diag(λ) Qᵀ, a = Qᵀ∇f (N&W §4.3,
where ‖p(μ)‖² = Σ aⱼ²/(λⱼ + μ)²), which is exact and cheap for the small n here:

1. B positive definite and the Newton step −B⁻¹∇f inside the region: p* is the Newton step
   (μ = 0).
2. ∇f has no component along the eigenvectors of the smallest eigenvalue λ₁ and the step
   p(−λ₁) on the other eigenvectors fits: if λ₁ ≥ 0 that minimum-norm step is p* (μ = 0);
   if λ₁ < 0 it is N&W's "hard case" (§4.3): p* = p(−λ₁) + τ q₁ with ‖p*‖ = Δ.
3. Otherwise p* is on the boundary: μ > max(0, −λ₁) solves ‖p(μ)‖ = Δ by Newton's method on
   1/Δ − 1/‖p(μ)‖ (N&W Algorithm 4.3; the function is concave and increasing, so from the
   left the iterates rise monotonically to the root), started at the lower bound
   max(‖a‖/Δ − λₙ, |a₁|/Δ − λ₁, −λ₁, 0) and kept inside [lower, ‖a‖/Δ − λ₁] by bisection.
   The shift s = λ₁ + μ is the unknown, so a root close to −λ₁ keeps its digits.

:func:`update_radius` is N&W Algorithm 4.1: with ρ = actual / predicted reduction,
Δ ← ¼‖p‖ if ρ < ¼ (Moré & Sorensen's ¼‖p‖ rather than ¼Δ, so an interior step that fails
shrinks the region at once), Δ ← min(2Δ, Δ̂) if ρ > ¾ and the step reached the boundary, else
unchanged. :func:`reduction_ratio` computes ρ with both reductions raised by 10u·|f|, so that
a step whose change in f is below rounding error counts as predicted (Conn, Gould & Toint,
*Trust-Region Methods*, 2000, ch. 17, "Practicalities").
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from landscape.optim.curvature import EPS, ROUNDING_FACTOR, Curvature, cholesky_solve

#: relative accuracy of ‖p‖ = Δ on the boundary
BOUNDARY_RTOL = 1e-10
MAX_SECULAR_ITERATIONS = 200


class SubproblemStep(NamedTuple):
    """``p (n,)``; ``multiplier`` μ ≥ 0 with (B + μI)p = −∇f; ``boundary``: ‖p‖ = Δ;
    ``hard_case``; ``predicted`` m(0) − m(p) ≥ 0."""

    p: np.ndarray
    multiplier: float
    boundary: bool
    hard_case: bool
    predicted: float


def solve_subproblem(g: np.ndarray, curvature: Curvature, radius: float) -> SubproblemStep:
    """The exact minimiser of ∇fᵀp + ½pᵀBp over ‖p‖ ≤ Δ (see the module docstring)."""
    lam, Q = curvature.eigenvalues, curvature.vectors
    if curvature.cholesky is not None:  # positive definite
        p = -cholesky_solve(curvature.cholesky, g)
        if np.linalg.norm(p) <= radius:
            return _step(p, 0.0, False, False, g, curvature)
    a = Q.T @ g
    lam1 = float(lam[0])
    low = lam <= lam1 + curvature.tol  # the eigenvectors of the smallest eigenvalue
    small = ROUNDING_FACTOR * len(g) * EPS * float(np.linalg.norm(g))
    gaps = lam - lam1
    if np.linalg.norm(a[low]) <= small:  # ∇f lies in the span of the other eigenvectors
        a = np.where(low, 0.0, a)
        s0 = max(0.0, lam1) if lam1 > curvature.tol else 0.0
        rest = -(a / np.where(low, 1.0, gaps + s0))
        if np.linalg.norm(rest) <= radius:
            if lam1 >= -curvature.tol:  # positive semidefinite: the minimum-norm minimiser
                return _step(Q @ rest, max(0.0, -lam1), False, False, g, curvature)
            tau = math.sqrt(max(radius**2 - float(rest @ rest), 0.0))
            rest[0] += tau  # low[0] is True: q₁ is the first eigenvector
            return _step(Q @ rest, -lam1, True, True, g, curvature)
    s = _secular_root(a, gaps, low, radius, s_min=max(0.0, lam1))
    p = -(Q @ (a / (gaps + s)))
    return _step(p, max(0.0, s - lam1), True, False, g, curvature)


def _secular_root(a, gaps, low, radius: float, s_min: float) -> float:
    """s > 0 with ‖a / (gaps + s)‖ = Δ (s = λ₁ + μ), by safeguarded Newton (N&W Alg. 4.3)."""
    norm_a = float(np.linalg.norm(a))
    lower = max(s_min, norm_a / radius - float(gaps[-1]), float(np.linalg.norm(a[low])) / radius)
    upper = max(lower, norm_a / radius)
    s = lower if lower > 0 else min(upper, 1e-300)
    for _ in range(MAX_SECULAR_ITERATIONS):
        d = gaps + s
        r = a / d
        psi = float(np.linalg.norm(r))
        if abs(psi - radius) <= BOUNDARY_RTOL * radius:
            break
        if psi > radius:
            lower = s
        else:
            upper = s
        q2 = float(np.sum(r * r / d))
        s_new = s + (psi * psi / q2) * (psi - radius) / radius if q2 > 0 else math.nan
        if not (lower < s_new < upper):
            s_new = 0.5 * (lower + upper)
        if s_new == s:
            break
        s = s_new
    return s


def _step(p, mu, boundary, hard, g, curvature: Curvature) -> SubproblemStep:
    w = curvature.vectors.T @ p
    predicted = -(float(g @ p) + 0.5 * float(np.sum(curvature.eigenvalues * w * w)))
    return SubproblemStep(p, float(mu), boundary, hard, predicted)


def reduction_ratio(f: float, f_new: float, predicted: float) -> float:
    """ρ = (f − f_new + δ) / (predicted + δ), δ = 10u|f|; −∞ when f_new is not finite."""
    if not math.isfinite(f_new):
        return -math.inf
    delta = 10.0 * EPS * abs(f)
    denominator = predicted + delta
    if denominator <= 0.0:
        return 1.0 if f_new <= f else -math.inf
    return (f - f_new + delta) / denominator


def update_radius(
    radius: float, ratio: float, step_norm: float, boundary: bool, max_radius: float
) -> float:
    """The next Δ (N&W Algorithm 4.1, with ¼‖p‖ in the shrinking branch)."""
    if ratio < 0.25:
        return 0.25 * step_norm
    if ratio > 0.75 and boundary:
        return min(2.0 * radius, max_radius)
    return radius
