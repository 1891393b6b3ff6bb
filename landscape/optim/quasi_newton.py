"""Quasi-Newton methods: BFGS and limited-memory BFGS, with a strong-Wolfe line search
(Moré–Thuente by default, see :mod:`landscape.optim.wolfe`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from landscape.optim.base import Optimizer, StepInfo, value_and_grad
from landscape.optim.linesearch import first_alpha
from landscape.optim.params import param
from landscape.optim.wolfe import WolfeHyper, interpolated_alpha, wolfe_step

#: skip an update when sᵀy ≤ CURVATURE_EPS·‖s‖‖y‖ (curvature condition fails)
CURVATURE_EPS = 1e-10
INITIAL_STEPS = ("interpolate", "unit")


@dataclass(frozen=True)
class BFGSHyper(WolfeHyper):
    initial_step: str = param(
        "interpolate",
        kind="choice",
        choices=INITIAL_STEPS,
        doc="first trial α: min(1, 1.01·2Δf_{k−1}/∇fᵀp) (N&W eq. 3.60, "
        "as scipy) or 1 (‖αp‖ = 1 on the first step)",
    )
    scale_h0: bool = param(
        False,
        doc="scale H₀ = (sᵀy/yᵀy)·I before the first update (N&W eq. 6.20; off: H₀ = I, as scipy)",
    )


@dataclass(frozen=True)
class LBFGSHyper(WolfeHyper):
    memory: int = param(10, 1, 1000, log_scale=True, doc="m: (s, y) pairs kept")


class BFGSState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None
    H: np.ndarray | None  # inverse-Hessian estimate; None: the identity, not yet updated
    f_prev: float | None  # f at the previous point (None before the first step)


class LBFGSState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None
    pairs: tuple  # ((s, y, 1/sᵀy), ...), oldest first, at most m


def _normalised_pair(s: np.ndarray, y: np.ndarray):
    """(s, y, sᵀy) scaled by 1/‖s‖ — the updates are invariant under (s, y) → (cs, cy), and
    this keeps ρ = 1/sᵀy finite near convergence — or None when the curvature condition
    sᵀy > 1e-10‖s‖‖y‖ fails."""
    norm_s = float(np.linalg.norm(s))
    if not (norm_s > 0.0 and np.isfinite(norm_s)):
        return None
    s, y = s / norm_s, y / norm_s
    sy = float(s @ y)
    if not sy > CURVATURE_EPS * float(np.linalg.norm(y)):
        return None
    return s, y, sy


def _descent_or_reset(g: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, str]:
    if np.all(np.isfinite(p)) and float(g @ p) < 0.0:
        return p, ""
    return -g, "not_descent"


class BFGS(Optimizer):
    """BFGS on the inverse-Hessian estimate H_k.

    With ``initial_step=unit`` the first trial is α = 1 (‖α p‖ = 1 on the first step);
    ``scale_h0`` rescales H_0 to (yᵀs / yᵀy) I before the first update (N&W eq. 6.20). The
    update is skipped when yᵀs ≤ 1e-10‖s‖‖y‖; H is reset to I if p_k is not a descent
    direction. Extras: ``H`` (used for p_k), ``H_new``, ``update`` ("bfgs", "skipped"),
    ``reset``, ``trials``, ``line_search``.
    """

    name, display_name, family = "bfgs", "BFGS", "quasi-newton"
    Hyper = BFGSHyper
    hyper: BFGSHyper
    update_rule = (
        "p_k = −H_k ∇f_k,  H_0 = I\n"
        "x_{k+1} = x_k + α_k p_k,  α_k: strong Wolfe (c₁ = 1e-4, c₂ = 0.9), first "
        "trial\n  α = min(1, 1.01·2(f_k − f_{k−1}) / ∇f_kᵀp_k), f_{−1} = f_0 + "
        "‖∇f_0‖/2\n"
        "s = x_{k+1} − x_k,  y = ∇f_{k+1} − ∇f_k,  ρ = 1 / yᵀs\n"
        "H_{k+1} = (I − ρ s yᵀ) H_k (I − ρ y sᵀ) + ρ s sᵀ"
    )
    source = (
        "Broyden, Fletcher, Goldfarb & Shanno (1970); Nocedal & Wright, Numerical "
        "Optimization, 2nd ed. (2006), Algorithm 6.1 and eq. 6.17; line search: Moré & "
        "Thuente (1994), as scipy's BFGS"
    )
    conventions = (
        "H_0 = I and the first trial of N&W eq. 3.60, as scipy's BFGS (N&W "
        "suggest rescaling H_0 by eq. 6.20: scale_h0). An update whose yᵀs ≤ "
        "1e-10‖s‖‖y‖ is skipped."
    )

    def init(self, x0, *, seed=0, f0=None, g0=None):
        return BFGSState(0, f0, g0, None, None)

    def step(self, x, state, objective):
        f, g = value_and_grad(x, state, objective)
        H = state.H
        p, reset = _descent_or_reset(g, -g if H is None else -(H @ g))
        if reset:
            H = None
        if self.hyper.initial_step == "interpolate":
            alpha0 = interpolated_alpha(f, state.f_prev, g, p)
        else:
            alpha0 = first_alpha(g) if H is None else 1.0
        ls, g_new = wolfe_step(objective, x, f, g, p, alpha0, self.hyper)
        H_new, update = self._update(H, ls.x - x, g_new - g)
        eye = np.eye(len(x))
        extras = {
            "H": eye if H is None else H,
            "H_new": eye if H_new is None else H_new,
            "update": update,
            "reset": reset,
            "trials": ls.trials,
            "line_search": "strong_wolfe" if ls.wolfe else "armijo_only",
        }
        info = StepInfo(state.k, x, ls.x, f, ls.f, g, g_new, p, ls.alpha, extras)
        return ls.x, BFGSState(state.k + 1, ls.f, g_new, H_new, f), info

    def _update(self, H, s, y):
        pair = _normalised_pair(s, y)
        if pair is None:
            return H, "skipped"
        s, y, sy = pair
        if H is None:
            scale = sy / float(y @ y) if self.hyper.scale_h0 else 1.0
            H = scale * np.eye(len(s))
        rho = 1.0 / sy
        Hy = H @ y
        H_new = (
            H
            - rho * (np.outer(s, Hy) + np.outer(Hy, s))
            + (rho * (1.0 + rho * float(y @ Hy))) * np.outer(s, s)
        )
        return H_new, "bfgs"


class LBFGS(Optimizer):
    """Limited-memory BFGS (two-loop recursion, N&W Algorithm 7.4).

    Pairs failing yᵀs > 1e-10‖s‖‖y‖ are not stored. Extras: ``memory`` (pairs used),
    ``update``, ``reset``, ``trials``, ``line_search``.
    """

    name, display_name, family = "lbfgs", "L-BFGS", "quasi-newton"
    Hyper = LBFGSHyper
    hyper: LBFGSHyper
    update_rule = (
        "p_k = −H_k ∇f_k, H_k from the last m pairs (s_i, y_i), ρ_i = 1 / y_iᵀs_i,\n"
        "  H_k⁰ = γ_k I,  γ_k = s_{k−1}ᵀy_{k−1} / y_{k−1}ᵀy_{k−1}:\n"
        "q ← ∇f_k; for i = k−1 … k−m: a_i = ρ_i s_iᵀq, q ← q − a_i y_i\n"
        "r ← γ_k q; for i = k−m … k−1: b = ρ_i y_iᵀr, r ← r + s_i (a_i − b)\n"
        "p_k = −r,  x_{k+1} = x_k + α_k p_k  (strong Wolfe as BFGS; first trial 1)"
    )
    source = (
        "Nocedal (1980); Liu & Nocedal (1989); Nocedal & Wright, Numerical Optimization, "
        "2nd ed. (2006), Algorithms 7.4 and 7.5, eq. 7.20"
    )
    conventions = (
        "m = 10 pairs by default, as scipy's L-BFGS-B (maxcor); the first step is "
        "steepest descent with first trial α = min(1, 1/‖∇f_0‖)."
    )

    def init(self, x0, *, seed=0, f0=None, g0=None):
        return LBFGSState(0, f0, g0, ())

    def step(self, x, state, objective):
        f, g = value_and_grad(x, state, objective)
        pairs = state.pairs
        p, reset = _descent_or_reset(g, -two_loop(g, pairs) if pairs else -g)
        if reset:
            pairs = ()
        alpha0 = 1.0 if pairs else first_alpha(g)
        ls, g_new = wolfe_step(objective, x, f, g, p, alpha0, self.hyper)
        pair = _normalised_pair(ls.x - x, g_new - g)
        update, new_pairs = "skipped", pairs
        if pair is not None:
            s, y, sy = pair
            new_pairs, update = (pairs + ((s, y, 1.0 / sy),))[-self.hyper.memory :], "lbfgs"
        extras = {
            "memory": len(pairs),
            "update": update,
            "reset": reset,
            "trials": ls.trials,
            "line_search": "strong_wolfe" if ls.wolfe else "armijo_only",
        }
        info = StepInfo(state.k, x, ls.x, f, ls.f, g, g_new, p, ls.alpha, extras)
        return ls.x, LBFGSState(state.k + 1, ls.f, g_new, new_pairs), info


def two_loop(g: np.ndarray, pairs: tuple) -> np.ndarray:
    """H_k ∇f_k by the two-loop recursion over ``pairs`` (oldest first, non-empty)."""
    q = g
    alphas = []
    for s, y, rho in reversed(pairs):
        a = rho * float(s @ q)
        q = q - a * y
        alphas.append(a)
    s, y, _ = pairs[-1]
    r = (float(s @ y) / float(y @ y)) * q
    for (s, y, rho), a in zip(pairs, reversed(alphas), strict=True):
        b = rho * float(y @ r)
        r = r + (a - b) * s
    return r
