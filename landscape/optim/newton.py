"""Newton's method with the exact Hessian and a safeguard where ∇²f is not positive definite.

Positive definite is decided once, by :func:`landscape.optim.curvature.analyse` (Cholesky
succeeds and λ_min exceeds the rounding-error tolerance τ = 8nu·max|λ|), so a positive-definite
∇²f, however badly conditioned, always gives the plain Newton step. The safeguards:

``trust_region`` (default)
    A trust region whose subproblem is solved exactly (Moré & Sorensen 1983; Nocedal &
    Wright, *Numerical Optimization*, 2nd ed., §4.3 and Algorithm 4.3, with the hard case
    of that section) and whose radius follows N&W Algorithm 4.1 — the method of scipy's
    ``minimize(method="trust-exact")``. See :mod:`landscape.optim.trust_region`.
``eigenvalue_modification``, ``levenberg``
    Hessian modification with an Armijo backtracking line search (N&W §3.4): the
    eigenvalues are raised to at least δ·max(1, max|λ|) — by flipping and clipping them, or
    by adding μI — and the step is capped at 10³·max(1, ‖x₀‖) (Dennis & Schnabel,
    *Numerical Methods for Unconstrained Optimization*, 1983, Algorithm A6.3.1 and its
    default ``maxstep``). These follow a descent direction wherever it leads, so on a
    function unbounded below they can leave the local basin (McCormick); the trust region
    does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from landscape.optim.base import LineSearchError, Optimizer, StepInfo, value_and_grad
from landscape.optim.curvature import EPS, Curvature, analyse, cholesky_solve
from landscape.optim.linesearch import backtracking
from landscape.optim.params import Hyper, param
from landscape.optim.trust_region import (
    SubproblemStep,
    reduction_ratio,
    solve_subproblem,
    update_radius,
)

SAFEGUARDS = ("trust_region", "eigenvalue_modification", "levenberg")
#: Dennis & Schnabel's default maxstep: 10³ · max(1, ‖x₀‖₂)
MAX_STEP_FACTOR = 1e3


@dataclass(frozen=True)
class NewtonHyper(Hyper):
    safeguard: str = param(
        "trust_region",
        kind="choice",
        choices=SAFEGUARDS,
        doc="where ∇²f is not positive definite: a trust region (exact "
        "subproblem, Moré–Sorensen) or Hessian modification + line search",
    )
    initial_radius: float = param(
        1.0,
        0.0,
        None,
        lower_open=True,
        log_scale=True,
        doc="trust_region: Δ₀ when ∇²f(x₀) is not positive definite "
        "(else Δ₀ = max(this, ‖Newton step‖))",
    )
    max_radius: float = param(
        1e10, 0.0, None, lower_open=True, log_scale=True, doc="trust_region: the largest radius Δ̂"
    )
    eta: float = param(
        0.15,
        0.0,
        0.25,
        upper_open=True,
        doc="trust_region: accept a step when ρ = actual/predicted decrease > η",
    )
    delta: float = param(
        1e-8,
        0.0,
        1.0,
        lower_open=True,
        log_scale=True,
        doc="modification safeguards: raise eigenvalues to ≥ δ·max(1, max|λ|)",
    )
    c1: float = param(
        1e-4,
        0.0,
        0.5,
        lower_open=True,
        upper_open=True,
        log_scale=True,
        doc="modification safeguards: Armijo constant c₁ (sufficient decrease)",
    )
    rho: float = param(
        0.5,
        0.0,
        1.0,
        lower_open=True,
        upper_open=True,
        doc="modification safeguards: backtracking factor ρ: α ← ρα",
    )
    max_trials: int = param(
        60,
        1,
        1000,
        doc="trial points per step (line search or trust-region shrinking) before giving up",
    )


class _Accepted(NamedTuple):
    sub: SubproblemStep
    x: np.ndarray
    f: float
    radius: float
    next_radius: float
    ratio: float
    trials: list


class NewtonState(NamedTuple):
    """``radius`` the trust radius (None before the first step), ``max_step`` the step cap
    of the modification safeguards, ``flat`` the strongest flatness met so far: "" ,
    "singular" (a zero eigenvalue) or "zero" (∇²f ≈ 0)."""

    k: int
    f: float | None
    g: np.ndarray | None
    radius: float | None
    max_step: float
    flat: str


def newton_direction(H: np.ndarray, g: np.ndarray, safeguard: str, delta: float):
    """The Newton direction of the modification safeguards: p, the safeguard used, the
    eigenvalues of ∇²f.

    With ∇²f = Q Λ Qᵀ: positive definite (see the module docstring) → p = −∇²f⁻¹∇f ("none").
    Otherwise, with the floor τ = δ·max(1, max|λ|), ``eigenvalue_modification`` uses
    λ̃ᵢ = max(|λᵢ|, τ) (negative curvature flipped, small clipped) and ``levenberg`` uses
    ∇²f + μI with μ = −λ_min + max(|λ_min|, τ), whose smallest eigenvalue is max(|λ_min|, τ);
    either way p = −Q Λ̃⁻¹ Qᵀ ∇f.
    """
    curv = analyse(H)
    lam, Q = curv.eigenvalues, curv.vectors
    if curv.cholesky is not None:  # positive definite
        return -cholesky_solve(curv.cholesky, g), "none", lam
    tau = delta * max(1.0, float(np.max(np.abs(lam))))
    lam_min = float(lam[0])
    if safeguard == "levenberg":
        mod = lam + (max(abs(lam_min), tau) - lam_min)
    else:
        mod = np.maximum(np.abs(lam), tau)
    return -(Q @ ((Q.T @ g) / mod)), safeguard, lam


class Newton(Optimizer):
    """Newton's method: the exact ∇²f with a trust region (default) or a modified Hessian.

    Positive definite: Cholesky succeeds and λ_min > τ = 8nu·max|λ| (rounding error, no
    chosen ratio), so a positive-definite ∇²f is never modified. A rejected trust-region
    try is not a step: each step is one accepted move and its tries are its ``trials``.
    Per step: one ∇²f, one f per trial, one ∇f. Extras: ``newton_step`` (the step p_k),
    ``safeguard`` ("none" when p_k = p_N, else "trust_region", "eigenvalue_modification",
    "levenberg", or "steepest_descent" where ∇²f is not finite), ``eigenvalues`` (of
    ∇²f(x_k)), ``trials`` ((Δ, x, f) per trust-region try; (α, x, f) per line-search
    trial); trust_region adds ``radius`` (Δ_k), ``multiplier`` (μ) and ``ratio`` (ρ);
    the modification safeguards add ``step_capped``.
    """

    name, display_name, family = "newton", "Newton", "second-order"
    Hyper = NewtonHyper
    hyper: NewtonHyper
    update_rule = (
        "p_N = −∇²f(x_k)⁻¹ ∇f(x_k)   where ∇²f(x_k) is positive definite (Cholesky succeeds,\n"
        "  λ_min > 8nu·max|λ|)\n"
        "safeguard=trust_region (default):\n"
        "  p_k = argmin ∇fᵀp + ½ pᵀ∇²f p over ‖p‖ ≤ Δ_k, i.e. (∇²f + μI) p_k = −∇f, μ ≥ 0,\n"
        "    ∇²f + μI ⪰ 0 (p_k = p_N, μ = 0, when it fits; the hard case when ∇f ⟂ q₁)\n"
        "  ρ = (f(x_k) − f(x_k + p_k)) / (m(0) − m(p_k))\n"
        "  ρ > η and f decreases: x_{k+1} = x_k + p_k; else Δ_k ← ¼‖p_k‖ and solve again\n"
        "  Δ_{k+1} = ¼‖p_k‖ if ρ < ¼;  min(2Δ_k, Δ̂) if ρ > ¾ and ‖p_k‖ = Δ_k;  else Δ_k\n"
        "  Δ_0 = max(Δ_init, ‖p_N(x_0)‖) if ∇²f(x_0) is positive definite, else Δ_init\n"
        "safeguard=eigenvalue_modification | levenberg:\n"
        "  elsewhere ∇²f = Q Λ Qᵀ, τ = δ·max(1, max|λ|):  λ̃ = max(|λ|, τ)  |  λ̃ = λ + μ,\n"
        "    μ = −λ_min + max(|λ_min|, τ);  p_k = −Q Λ̃⁻¹ Qᵀ ∇f\n"
        "  ‖p_k‖ capped at 10³·max(1, ‖x_0‖);  x_{k+1} = x_k + α_k p_k, α_k the first of\n"
        "    1, ρ, ρ², … with f(x_k + α p_k) ≤ f(x_k) + c₁ α ∇fᵀp_k"
    )
    source = (
        "trust_region: Moré & Sorensen (1983), Computing a trust region step; Nocedal & "
        "Wright, Numerical Optimization, 2nd ed. (2006), §4.3, Algorithms 4.1 and 4.3 "
        "and its hard case — the method of scipy's minimize(method="
        '"trust-exact"). eigenvalue_modification, levenberg: N&W §3.4; step cap: '
        "Dennis & Schnabel (1983), Algorithm A6.3.1 and its default maxstep"
    )
    conventions = (
        "A positive-definite ∇²f is never modified, however badly conditioned. Δ_0 "
        "covers the first Newton step when ∇²f(x_0) is positive definite (scipy "
        "starts at Δ_0 = 1), so a positive-definite quadratic takes one step. A "
        "rejected try is a trial of the step, not a step (scipy counts it as an "
        "iteration). ρ is computed with both decreases raised by 10u|f| (Conn, "
        "Gould & Toint, Trust-Region Methods, 2000, ch. 17). The modification "
        "safeguards follow a descent direction wherever it leads; on McCormick "
        "from (0, 0) they leave the local basin, the trust region does not."
    )

    def init(self, x0, *, seed=0, f0=None, g0=None):
        cap = MAX_STEP_FACTOR * max(1.0, float(np.linalg.norm(x0)))
        return NewtonState(0, f0, g0, None, cap, "")

    def step(self, x, state, objective):
        f, g = value_and_grad(x, state, objective)
        H = objective.hess(x)
        curv = analyse(H) if np.all(np.isfinite(H)) else None
        if curv is not None and not np.all(np.isfinite(curv.eigenvalues)):
            curv = None
        flat = _flatness(state.flat, curv)
        if self.hyper.safeguard == "trust_region":
            return self._trust_region_step(x, f, g, curv, state._replace(flat=flat), objective)
        return self._line_search_step(x, f, g, H, curv, state._replace(flat=flat), objective)

    # -- trust region ----------------------------------------------------------------------
    def _trust_region_step(self, x, f, g, curv: Curvature | None, state, objective):
        used = "trust_region"
        if curv is None:  # ∇²f not finite here: the model is linear, the step steepest descent
            n = len(x)
            curv = Curvature(np.zeros(n), np.eye(n), 0.0, None)
            lam, used = np.full(n, np.nan), "steepest_descent"
        else:
            lam = curv.eigenvalues
        radius = state.radius if state.radius is not None else self._first_radius(g, curv)
        t = self._search_region(x, f, g, curv, radius, objective)
        if used == "trust_region" and t.sub.multiplier == 0.0 and curv.positive_definite:
            used = "none"
        g_new = objective.grad(t.x)
        extras = {
            "newton_step": t.sub.p,
            "safeguard": used,
            "eigenvalues": lam,
            "trials": t.trials,
            "radius": t.radius,
            "multiplier": t.sub.multiplier,
            "ratio": t.ratio,
        }
        info = StepInfo(state.k, x, t.x, f, t.f, g, g_new, t.sub.p, 1.0, extras)
        new_state = state._replace(k=state.k + 1, f=t.f, g=g_new, radius=t.next_radius)
        return t.x, new_state, info

    def _search_region(self, x, f, g, curv, radius, objective) -> _Accepted:
        """Solve, try, shrink until a step is accepted (ρ > η and f decreases)."""
        h, trials = self.hyper, []
        for _ in range(h.max_trials):
            sub = solve_subproblem(g, curv, radius)
            x_t = x + sub.p
            f_t = objective.f(x_t)
            trials.append((float(radius), x_t, f_t))
            ratio = reduction_ratio(f, f_t, sub.predicted)
            step_norm = float(np.linalg.norm(sub.p))
            new_radius = update_radius(radius, ratio, step_norm, sub.boundary, h.max_radius)
            if ratio > h.eta and f_t < f:  # f must really decrease, as in the line searches
                return _Accepted(sub, x_t, f_t, float(radius), new_radius, float(ratio), trials)
            if sub.predicted <= EPS * abs(f) or np.array_equal(x_t, x):
                raise LineSearchError(
                    f"the trust region found no decrease: within Δ = {radius:.3g} the model "
                    f"predicts a decrease of {sub.predicted:.3g}, below the rounding error of f "
                    f"({EPS * abs(f):.3g}) (‖∇f‖ = {np.linalg.norm(g):.3g})",
                    trials,
                )
            radius = min(new_radius, 0.25 * step_norm)  # a rejected step always shrinks Δ
        raise LineSearchError(
            f"the trust region found no decrease in {h.max_trials} trials "
            f"(Δ shrank to {radius:.3g}, ‖∇f‖ = {np.linalg.norm(g):.3g})",
            trials,
        )

    def _first_radius(self, g, curv: Curvature) -> float:
        radius = self.hyper.initial_radius
        if curv.cholesky is not None:  # positive definite
            newton = float(np.linalg.norm(cholesky_solve(curv.cholesky, g)))
            radius = max(radius, newton)
        return min(radius, self.hyper.max_radius)

    # -- Hessian modification + Armijo -------------------------------------------------------
    def _line_search_step(self, x, f, g, H, curv, state, objective):
        h = self.hyper
        if curv is None:
            p, used, lam = -g, "steepest_descent", np.full(len(x), np.nan)
        else:
            p, used, lam = newton_direction(H, g, h.safeguard, h.delta)
        norm = float(np.linalg.norm(p))
        capped = norm > state.max_step
        if capped:
            p = p * (state.max_step / norm)
        ls = backtracking(objective, x, f, g, p, c1=h.c1, rho=h.rho, max_trials=h.max_trials)
        g_new = objective.grad(ls.x)
        extras = {
            "newton_step": p,
            "safeguard": used,
            "eigenvalues": lam,
            "trials": ls.trials,
            "step_capped": capped,
        }
        info = StepInfo(state.k, x, ls.x, f, ls.f, g, g_new, p, ls.alpha, extras)
        return ls.x, state._replace(k=state.k + 1, f=ls.f, g=g_new), info

    # -- what the run says at the end ---------------------------------------------------------
    def remark(self, state, objective) -> str:
        """A sentence for the run's message when f is not smooth and ∇²f was flat."""
        names = tuple(getattr(objective, "nonsmooth", ()) or ())
        if state is None or not names or not state.flat:
            return ""
        built = f"f is built from {', '.join(names)}"
        if state.flat == "zero":
            return (
                f"∇²f is 0 almost everywhere here ({built}): Newton needs a twice-differentiable f"
            )
        return (
            f"∇²f is singular here ({built}, whose second derivatives are 0 almost "
            "everywhere): Newton needs a twice-differentiable f"
        )


def _flatness(seen: str, curv: Curvature | None) -> str:
    if curv is None or seen == "zero":
        return seen
    if curv.zero:
        return "zero"
    if curv.singular:
        return "singular"
    return seen
