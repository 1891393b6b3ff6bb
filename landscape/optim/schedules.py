"""Learning-rate schedules η_k for the first-order and adaptive optimizers.

All decaying schedules share one meaning of their two parameters: after ``decay_steps`` = s
steps the rate has fallen to ``decay_rate`` = γ times the base rate η (γ = 1 means no decay).
k counts steps from 0, so the first step uses η_0 = η. The formulas, each with the library
schedule it equals, are :data:`SCHEDULE_RULES` (printed by ``landscape optimizers``, the app's
optimizer help and docs/OPTIMIZERS.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from landscape.optim.params import Hyper, param

SCHEDULES = ("constant", "step", "exponential", "inverse_time", "cosine")

#: name -> (η_k as implemented, the library schedule it equals)
SCHEDULE_RULES: dict[str, tuple[str, str]] = {
    "constant": ("η_k = η", "the default of PyTorch and TensorFlow (no scheduler)"),
    "step": ("η_k = η · γ^⌊k/s⌋", "PyTorch StepLR(step_size=s, gamma=γ)"),
    "exponential": (
        "η_k = η · γ^(k/s)",
        "TensorFlow ExponentialDecay(decay_steps=s, "
        "decay_rate=γ, staircase=False); PyTorch ExponentialLR(gamma) is s = 1",
    ),
    "inverse_time": (
        "η_k = η / (1 + (1/γ − 1) · k/s)",
        "TensorFlow InverseTimeDecay(decay_steps=s, decay_rate=1/γ − 1): the 1/t decay",
    ),
    "cosine": (
        "η_k = η · (γ + (1 − γ) · (1 + cos(π · min(k, s)/s)) / 2)",
        "PyTorch CosineAnnealingLR(T_max=s, eta_min=γη) for k ≤ s (it rises again "
        "after T_max; this one stays at γη); Loshchilov & Hutter (2017) without restarts",
    ),
}


def make_schedule(
    name: str, lr: float, decay_rate: float, decay_steps: int
) -> Callable[[int], float]:
    """The function k ↦ η_k (k = 0 for the first step)."""
    g, s = float(decay_rate), float(decay_steps)
    if name == "constant" or g == 1.0:
        return lambda k: lr
    if name == "step":
        return lambda k: lr * g ** (k // decay_steps)
    if name == "exponential":
        return lambda k: lr * g ** (k / s)
    if name == "inverse_time":
        c = (1.0 / g - 1.0) / s
        return lambda k: lr / (1.0 + c * k)
    if name == "cosine":
        return lambda k: lr * (g + (1.0 - g) * 0.5 * (1.0 + math.cos(math.pi * min(k, s) / s)))
    raise ValueError(f"unknown schedule {name!r}")  # Hyper validation catches this first


@dataclass(frozen=True)
class ScheduleHyper(Hyper):
    """The schedule group shared by gd, sgd, momentum, nesterov and the adaptive methods."""

    _group = True

    schedule: str = param(
        "constant", kind="choice", choices=SCHEDULES, doc="learning-rate schedule η_k"
    )
    decay_rate: float = param(
        0.1,
        0.0,
        1.0,
        lower_open=True,
        doc="γ: fraction of the learning rate left after decay_steps steps",
    )
    decay_steps: int = param(
        100, 1, None, log_scale=True, doc="s: steps over which the rate falls to γ·η"
    )

    def lr_schedule(self) -> Callable[[int], float]:
        # lr is declared by each optimizer's own Hyper (its default and doc differ), not here:
        # a field declared in this group would be listed with the group.
        lr: float = getattr(self, "lr")  # noqa: B009
        return make_schedule(self.schedule, lr, self.decay_rate, self.decay_steps)
