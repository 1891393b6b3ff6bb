"""Newton's method with the exact Hessian, a positive-definiteness safeguard and Armijo
backtracking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from landscape.optim.base import Optimizer, StepInfo, value_and_grad
from landscape.optim.linesearch import backtracking
from landscape.optim.params import Hyper, param

SAFEGUARDS = ("eigenvalue_modification", "levenberg")


@dataclass(frozen=True)
class NewtonHyper(Hyper):
    safeguard: str = param("eigenvalue_modification", kind="choice", choices=SAFEGUARDS,
                           doc="what to do where ∇²f is not positive definite")
    delta: float = param(1e-8, 0.0, 1.0, lower_open=True, log_scale=True,
                         doc="δ: eigenvalues below δ·max(1, max|λ|) count as not positive")
    c1: float = param(1e-4, 0.0, 0.5, lower_open=True, upper_open=True, log_scale=True,
                      doc="Armijo constant c₁ (sufficient decrease)")
    rho: float = param(0.5, 0.0, 1.0, lower_open=True, upper_open=True,
                       doc="backtracking factor ρ: α ← ρα")
    max_trials: int = param(60, 1, 1000, doc="line-search trials before giving up")


class NewtonState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None


def newton_direction(H: np.ndarray, g: np.ndarray, safeguard: str, delta: float):
    """The (safeguarded) Newton step p, which safeguard was used and the eigenvalues of ∇²f.

    With ∇²f = Q Λ Qᵀ and floor τ = δ·max(1, max|λ|): if min λ ≥ τ, p = −∇²f⁻¹∇f ("none").
    Otherwise ``eigenvalue_modification`` uses λ̃ᵢ = max(|λᵢ|, τ) (negative curvature flipped,
    tiny clipped), and ``levenberg`` uses ∇²f + μI with μ = −λ_min + max(|λ_min|, τ), so the
    damped matrix's smallest eigenvalue is max(|λ_min|, τ); either way p = −Q Λ̃⁻¹ Qᵀ ∇f.
    """
    lam, Q = np.linalg.eigh(0.5 * (H + H.T))
    tau = delta * max(1.0, float(np.max(np.abs(lam))))
    lam_min = float(lam[0])
    if lam_min >= tau:
        mod, used = lam, "none"
    elif safeguard == "levenberg":
        mod, used = lam + (max(abs(lam_min), tau) - lam_min), "levenberg"
    else:
        mod, used = np.maximum(np.abs(lam), tau), "eigenvalue_modification"
    p = -(Q @ ((Q.T @ g) / mod))
    return p, used, lam


class Newton(Optimizer):
    """Newton's method with a safeguard and backtracking Armijo line search.

    p_k = −(∇²f(x_k))⁻¹ ∇f(x_k) when ∇²f(x_k) is positive definite, else the safeguarded step
    (see :func:`newton_direction`);  x_{k+1} = x_k + α_k p_k with α_k the first of 1, ρ, ρ², …
    satisfying f(x_k + α p_k) ≤ f(x_k) + c₁ α ∇f(x_k)ᵀp_k. On a positive-definite quadratic
    the first step is exact. Per step: one ∇²f, the line-search f's, one ∇f.
    Extras: ``newton_step`` (p_k), ``safeguard`` ("none", "eigenvalue_modification",
    "levenberg"; "steepest_descent" if ∇²f(x_k) is not finite), ``eigenvalues`` (of
    ∇²f(x_k)), ``trials``.
    """

    name, display_name, family = "newton", "Newton", "second-order"
    Hyper = NewtonHyper

    def init(self, x0, *, seed=0, f0=None, g0=None):
        return NewtonState(0, f0, g0)

    def step(self, x, state, objective):
        h = self.hyper
        f, g = value_and_grad(x, state, objective)
        H = objective.hess(x)
        if not np.all(np.isfinite(H)):
            p, used, lam = -g, "steepest_descent", np.full(len(x), np.nan)
        else:
            p, used, lam = newton_direction(H, g, h.safeguard, h.delta)
        ls = backtracking(objective, x, f, g, p, c1=h.c1, rho=h.rho, max_trials=h.max_trials)
        x_new, f_new = ls.x, ls.f
        g_new = objective.grad(x_new)
        extras = {"newton_step": p, "safeguard": used, "eigenvalues": lam, "trials": ls.trials}
        info = StepInfo(state.k, x, x_new, f, f_new, g, g_new, p, ls.alpha, extras)
        return x_new, NewtonState(state.k + 1, f_new, g_new), info
