"""The strong-Wolfe line search shared by cg, bfgs and lbfgs: its hyperparameters, the choice
of algorithm, and the first trial step.

* ``more_thuente`` (default) — :func:`~landscape.optim.more_thuente.more_thuente`, MINPACK-2
  dcsrch as scipy's BFGS and CG use it.
* ``nocedal_wright`` — :func:`~landscape.optim.linesearch.strong_wolfe`, bracketing and zoom
  (Nocedal & Wright Algorithms 3.5 and 3.6).

First trial (:func:`interpolated_alpha`, N&W eq. 3.60 as scipy applies it): the step whose
decrease would repeat the last one along a quadratic, α₀ = min(1, 1.01·2(f_k − f_{k−1})/φ'(0)),
with f_{−1} = f_0 + ‖∇f_0‖/2 on the first step (so ‖α₀p₀‖ ≈ 1 along −∇f).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from landscape.optim.linesearch import strong_wolfe
from landscape.optim.more_thuente import more_thuente
from landscape.optim.params import Hyper, param, require_less

SEARCHES = {"more_thuente": more_thuente, "nocedal_wright": strong_wolfe}


def c2_param(default: float):
    return param(
        default,
        0.0,
        1.0,
        lower_open=True,
        upper_open=True,
        doc="Wolfe constant c₂ (curvature |φ'(α)| ≤ c₂|φ'(0)|)",
    )


@dataclass(frozen=True)
class WolfeHyper(Hyper):
    """Strong-Wolfe line-search settings shared by cg, bfgs and lbfgs."""

    _group = True

    line_search: str = param(
        "more_thuente",
        kind="choice",
        choices=tuple(SEARCHES),
        doc="strong-Wolfe search: Moré–Thuente (MINPACK dcsrch, as "
        "scipy) or Nocedal–Wright bracketing and zoom",
    )
    c1: float = param(
        1e-4,
        0.0,
        1.0,
        lower_open=True,
        upper_open=True,
        log_scale=True,
        doc="Wolfe constant c₁ (sufficient decrease), c₁ < c₂",
    )
    c2: float = c2_param(0.9)
    max_trials: int = param(30, 2, 1000, doc="line-search evaluations before giving up")

    def check(self) -> None:
        require_less(self, "c1", "c2")


def wolfe_step(objective, x, f, g, p, alpha0, hyper):
    """The chosen strong-Wolfe search with ``hyper.c1/c2/max_trials``; returns
    (result, ∇f at the new x)."""
    search = SEARCHES[hyper.line_search]
    ls = search(
        objective, x, f, g, p, alpha0=alpha0, c1=hyper.c1, c2=hyper.c2, max_trials=hyper.max_trials
    )
    g_new = ls.g if ls.g is not None else objective.grad(ls.x)
    return ls, g_new


def interpolated_alpha(f: float, f_prev: float | None, g: np.ndarray, p: np.ndarray) -> float:
    """α₀ = min(1, 1.01·2(f − f_prev)/∇fᵀp); f_prev None (first step): f + ‖∇f‖/2. 1 when
    the formula gives no positive finite step."""
    if f_prev is None:
        f_prev = f + 0.5 * float(np.linalg.norm(g))
    guess = 1.01 * 2.0 * (f - f_prev) / float(g @ p)
    return min(1.0, guess) if math.isfinite(guess) and guess > 0.0 else 1.0
