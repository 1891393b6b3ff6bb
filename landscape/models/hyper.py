"""Hyperparameters for training a model on its data, suited to the data's scale (Qt-free).

:func:`model_suggestion` is :func:`landscape.optim.suggest.suggest` on the *full* model (every
parameter, at the full start ``x0 (n,)``), with these data-scale rules on top, each stated in
the reason it adds:

* **A network's curvature grows as it trains** (the MLP: no exact Hessian, not convex): the
  first-order methods (gd, sgd, momentum, nesterov) take NETWORK_LR_SHARE of the rate the
  curvature at the start allows (at the full rate momentum diverges on ``mlp`` × ``linear``).
* **Paths a person can follow** (linear and logistic regression, convex): gd and sgd take
  lr = 1/L rather than the fastest constant rate 2/(L+μ), which flips sign along the
  steepest direction every step (houses: 82 turns back in 83 steps against 1 in 135); Adam
  and AdamW take ADAM_SHARE of their rate (span/30: 4 turns back instead of 25, converged
  in 380 steps instead of 362).
* **AdamW's decay stays the default's pull per step**: its decoupled decay shrinks θ by
  lr·λ each step; the registry's λ = 0.01 is meant for lr ≈ 1e-3, so on data the suggestion is
  λ = min(0.01, ADAMW_SHRINK / lr) (at lr 25 on houses λ = 0.01 shrinks the weights by a
  quarter each step and the run ends 40× above the optimum).

No rule is needed for a regression target's offset or scale: the MLP predicts in the
target's units from a standardised output (``ŷ = ȳ + s·u``, see :mod:`landscape.models.mlp`),
so its output starts near the mean target, the curvature it shows the probe carries the
``s²`` of the loss, and the adaptive methods' ``span`` rule sees weights of order 1.

Values a person set (``given``) win, as in :func:`~landscape.optim.suggest.hyper_for`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from landscape.optim.probe import probe_start
from landscape.optim.suggest import (
    MAX_STEPS,
    STEP_MARGIN,
    Suggested,
    Suggestion,
    suggest_from_probe,
)

NETWORK_LR_SHARE = 0.25
ADAMW_SHRINK = 1e-5
ADAM_SHARE = 1 / 3
FIRST_ORDER = ("gd", "sgd", "momentum", "nesterov")


def _is_network(model) -> bool:
    return not getattr(model, "has_hessian", True)


def _scaled(s: Suggestion, name: str, factor: float, why: str) -> Suggestion:
    items = []
    for item in s.items:
        if item.name == name:
            value = item.value * factor
            item = Suggested(name, value, f"{name} = {value:.4g}: {why}; {item.reason}")
        items.append(item)
    return replace(s, items=tuple(items))


def _set(s: Suggestion, name: str, value: Any, reason: str) -> Suggestion:
    items = [i for i in s.items if i.name != name] + [Suggested(name, value, reason)]
    return replace(s, items=tuple(items))


def model_suggestion(
    name: str,
    model,
    x0,
    *,
    given: Mapping[str, Any] | None = None,
    max_steps: int | None = None,
) -> Suggestion:
    """The :class:`Suggestion` for optimizer ``name`` training ``model`` (a ModelObjective,
    all ``n`` parameters) from ``x0 (n,)``, with the data-scale rules of this module.
    InputError for an unknown optimizer or a bad given value."""
    x0 = np.asarray(x0, dtype=float)
    given = dict(given or {})
    probe = probe_start(model, x0)
    s = suggest_from_probe(name, probe, given=given, max_steps=max_steps, data=True)
    lr = s.values.get("lr")
    if lr is None:
        return s
    if not _is_network(model) and s.optimizer in ("gd", "sgd"):
        s = _set(
            s,
            "lr",
            1.0 / probe.L,
            f"lr = 1/L = {1.0 / probe.L:.4g}: every direction shrinks without turning back "
            f"(2/(L+μ) is faster but zig-zags); {probe.l_source}",
        )
        if s.optimizer == "gd" and max_steps is None and probe.mu:
            s = _gd_steps(s, probe)
    if not _is_network(model) and s.optimizer in ("adam", "adamw"):
        s = _scaled(s, "lr", ADAM_SHARE, "a third of span/10, so the path zig-zags less")
    if _is_network(model) and s.optimizer in FIRST_ORDER:
        s = _scaled(
            s,
            "lr",
            NETWORK_LR_SHARE,
            "a quarter of the start's rate, the curvature of a network grows as it trains",
        )
    lr = s.values["lr"]
    if s.optimizer == "adamw" and "weight_decay" not in given:
        decay = min(0.01, ADAMW_SHRINK / lr)
        s = _set(
            s,
            "weight_decay",
            decay,
            f"weight_decay = {decay:.3g}: the decay shrinks θ by lr·λ = {lr * decay:.2g} "
            "per step, the pull of the default λ = 0.01 at lr 1e-3",
        )
    return s


def _gd_steps(s: Suggestion, probe) -> Suggestion:
    """gd's step count at lr = 1/L: the rate is 1 − μ/L per step on a convex model."""
    rho = 1.0 - probe.mu / probe.L
    gtol = float(dict(s.given).get("gtol", 1e-6))
    need = math.log(max(probe.grad_norm / gtol, 1.0)) / -math.log(max(rho, 1e-300))
    steps = int(min(MAX_STEPS, max(20, math.ceil(STEP_MARGIN * need))))
    reason = (
        f"max_steps = {steps}: about {math.ceil(need)} steps take ‖∇L‖ from "
        f"{probe.grad_norm:.4g} to gtol {gtol:.4g} at rate {rho:.4f} per step"
    )
    return replace(s, max_steps=steps, max_steps_reason=reason)


def model_hyper(
    name: str,
    model,
    x0,
    given: Mapping[str, Any] | None = None,
    *,
    max_steps: int | None = None,
) -> dict[str, Any]:
    """Hyperparameters to train ``model`` with optimizer ``name``: the suggestion of
    :func:`model_suggestion` for every value not in ``given``, the given ones as they are."""
    return model_suggestion(name, model, x0, given=given, max_steps=max_steps).hyper()


def model_race_hyper(
    entries, model, x0, *, max_steps: int | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """:func:`model_hyper` for a race ``[(name, given), ...]``: ``[(name, hyper), ...]``."""
    return [
        (name, model_hyper(name, model, x0, given, max_steps=max_steps)) for name, given in entries
    ]
