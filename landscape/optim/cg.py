"""Nonlinear conjugate gradients with a strong-Wolfe line search and restarts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from landscape.optim.base import Optimizer, StepInfo, value_and_grad
from landscape.optim.linesearch import first_alpha
from landscape.optim.params import param
from landscape.optim.wolfe import WolfeHyper, c2_param, wolfe_step

VARIANTS = ("polak_ribiere_plus", "fletcher_reeves", "hestenes_stiefel")
POWELL_NU = 0.1  # restart when |∇f_kᵀ∇f_{k−1}| ≥ ν ‖∇f_k‖² (N&W eq. 5.52)


@dataclass(frozen=True)
class CGHyper(WolfeHyper):
    variant: str = param(
        "polak_ribiere_plus",
        kind="choice",
        choices=VARIANTS,
        doc="formula for β (Polak–Ribière+ clips β at 0)",
    )
    c2: float = c2_param(0.1)
    restart_every: int = param(
        0,
        0,
        None,
        doc="restart with −∇f every this many steps "
        "(0: never; n, the dimension, is the classical choice)",
    )
    powell_restart: bool = param(
        True, doc="also restart when successive gradients are far from orthogonal (ν = 0.1)"
    )


class CGState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None
    p: np.ndarray | None  # previous direction (None: next step restarts)
    g_prev: np.ndarray | None
    f_prev: float | None
    since_restart: int


class ConjugateGradient(Optimizer):
    """Nonlinear conjugate gradients (Fletcher–Reeves, Polak–Ribière+, Hestenes–Stiefel).

    α_k satisfies the strong Wolfe conditions (c₂ = 0.1; Moré–Thuente search by default).
    Restarts (p_k = −∇f_k) when p_k is not a descent direction and, if ``restart_every`` > 0,
    every that many steps (n is the classical choice; off by default because in 2-D it would
    discard the conjugate direction every other step).
    Extras: ``beta``, ``restart`` ("" or the reason), ``trials``, ``line_search``.
    """

    name, display_name, family = "cg", "Conjugate gradient", "first-order"
    Hyper = CGHyper
    hyper: CGHyper
    update_rule = (
        "p_0 = −∇f_0,  p_k = −∇f_k + β_k p_{k−1},  y = ∇f_k − ∇f_{k−1}\n"
        "β_FR = ∇f_kᵀ∇f_k / ∇f_{k−1}ᵀ∇f_{k−1}\n"
        "β_PR+ = max(0, ∇f_kᵀy / ∇f_{k−1}ᵀ∇f_{k−1})\n"
        "β_HS = ∇f_kᵀy / p_{k−1}ᵀy\n"
        "restart p_k = −∇f_k when |∇f_kᵀ∇f_{k−1}| ≥ 0.1 ‖∇f_k‖²\n"
        "x_{k+1} = x_k + α_k p_k,  α_k: strong Wolfe (c₁ = 1e-4, c₂ = 0.1),\n"
        "  first trial α = min(1, 1.01·2(f_k − f_{k−1}) / ∇f_kᵀp_k)"
    )
    source = (
        "Fletcher & Reeves (1964); Polak & Ribière (1969) with Powell's (1986) clipping "
        "at 0; Hestenes & Stiefel (1952); Nocedal & Wright, Numerical Optimization, 2nd "
        "ed. (2006), §5.2, eqs. 5.45 (PR+), 5.52 (restart), 3.60 (first trial); line "
        "search: Moré & Thuente (1994), MINPACK-2 dcsrch"
    )
    conventions = (
        "c₂ = 0.1, the value N&W recommend for CG (scipy's CG uses 0.4); Powell "
        "restarts on (powell_restart), periodic restarts off."
    )

    def init(self, x0, *, seed=0, f0=None, g0=None):
        return CGState(0, f0, g0, None, None, None, 0)

    def step(self, x, state, objective):
        f, g = value_and_grad(x, state, objective)
        p, beta, restart = self._direction(state, g)
        alpha0 = self._first_trial(state, f, g, p, restart)
        ls, g_new = wolfe_step(objective, x, f, g, p, alpha0, self.hyper)
        since = 1 if restart else state.since_restart + 1
        extras = {
            "beta": beta,
            "restart": restart,
            "trials": ls.trials,
            "line_search": "strong_wolfe" if ls.wolfe else "armijo_only",
        }
        info = StepInfo(state.k, x, ls.x, f, ls.f, g, g_new, p, ls.alpha, extras)
        new_state = CGState(state.k + 1, ls.f, g_new, p, g, f, since)
        return ls.x, new_state, info

    def _direction(self, state, g):
        """(p_k, β_k, restart reason or "")."""
        h = self.hyper
        if state.p is None:
            return -g, 0.0, "start"
        if h.restart_every and state.since_restart >= h.restart_every:
            return -g, 0.0, "periodic"
        gg = float(g @ g)
        if h.powell_restart and abs(float(g @ state.g_prev)) >= POWELL_NU * gg:
            return -g, 0.0, "powell"
        beta = self._beta(g, state.g_prev, state.p)
        if not math.isfinite(beta):
            return -g, 0.0, "breakdown"
        p = -g + beta * state.p
        if not float(g @ p) < 0.0:
            return -g, 0.0, "not_descent"
        return p, beta, ""

    def _beta(self, g, g_prev, p_prev) -> float:
        variant = self.hyper.variant
        y = g - g_prev
        if variant == "fletcher_reeves":
            return float(g @ g) / float(g_prev @ g_prev)
        if variant == "polak_ribiere_plus":
            return max(0.0, float(g @ y) / float(g_prev @ g_prev))
        denom = float(p_prev @ y)
        return float(g @ y) / denom if denom != 0.0 else math.nan

    @staticmethod
    def _first_trial(state, f, g, p, restart) -> float:
        if state.f_prev is None:
            return first_alpha(g)
        guess = 1.01 * 2.0 * (f - state.f_prev) / float(g @ p)
        if not (math.isfinite(guess) and guess > 0):
            return first_alpha(g) if restart else 1.0
        return min(1.0, guess)
