"""Adaptive methods: AdaGrad, RMSProp, Adam (bias correction, AMSGrad) and AdamW.

Squares, square roots and divisions are element-wise. Each step costs one f and one ∇f
evaluation at the new point. The step itself (schedule, evaluations, state, StepInfo) is
:class:`~landscape.optim.scheduled.ScheduledOptimizer`'s; each class here holds only its rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from landscape.optim.params import param
from landscape.optim.scheduled import ScheduledOptimizer, Update
from landscape.optim.schedules import ScheduleHyper


def _lr(default: float):
    return param(default, 0.0, None, lower_open=True, log_scale=True, doc="learning rate η")


def _eps():
    return param(1e-8, 0.0, None, lower_open=True, log_scale=True, doc="ε added to the denominator")


@dataclass(frozen=True)
class AdaGradHyper(ScheduleHyper):
    lr: float = _lr(0.5)
    eps: float = _eps()


@dataclass(frozen=True)
class RMSPropHyper(ScheduleHyper):
    lr: float = _lr(0.01)
    rho: float = param(
        0.9, 0.0, 1.0, upper_open=True, doc="decay ρ of the squared-gradient average"
    )
    eps: float = _eps()


@dataclass(frozen=True)
class AdamHyper(ScheduleHyper):
    lr: float = _lr(0.05)
    beta1: float = param(0.9, 0.0, 1.0, upper_open=True, doc="decay β₁ of the first moment m")
    beta2: float = param(0.999, 0.0, 1.0, upper_open=True, doc="decay β₂ of the second moment v")
    eps: float = _eps()
    bias_correction: bool = param(True, doc="divide m, v by (1 − βᵗ)")
    amsgrad: bool = param(False, doc="AMSGrad: use the running maximum of v")


@dataclass(frozen=True)
class AdamWHyper(AdamHyper):
    weight_decay: float = param(0.01, 0.0, None, doc="decoupled weight decay λ")


class AccumulatorState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None
    v: np.ndarray | None = None


class AdamState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None
    m: np.ndarray | None = None
    v: np.ndarray | None = None
    v_max: np.ndarray | None = None


class AdaGrad(ScheduledOptimizer):
    """AdaGrad.

    Extras: ``accumulator`` (G_{k+1}), ``denominator`` (√G_{k+1} + ε).
    """

    name, display_name, family = "adagrad", "AdaGrad", "adaptive"
    Hyper = AdaGradHyper
    hyper: AdaGradHyper
    State = AccumulatorState
    update_rule = (
        "G_{k+1} = G_k + ∇f(x_k)²,  G_0 = 0   (element-wise)\n"
        "x_{k+1} = x_k − η_k ∇f(x_k) / (√G_{k+1} + ε)"
    )
    source = (
        "Duchi, Hazan & Singer (2011); Goodfellow, Bengio & Courville, Deep Learning "
        "(2016), Algorithm 8.4"
    )
    conventions = (
        "ε is added outside the square root, as in Deep Learning's Algorithm 8.4 "
        "and PyTorch's Adagrad. The accumulator starts at G_0 = 0 (PyTorch's "
        "default; Keras starts at 0.1)."
    )

    def update(self, x, g, lr, state, objective):
        acc = g * g if state.v is None else state.v + g * g
        den = np.sqrt(acc) + self.hyper.eps
        return Update.along(-g / den, {"accumulator": acc, "denominator": den}, v=acc)


class RMSProp(ScheduledOptimizer):
    """RMSProp.

    Extras: ``v`` (v_{k+1}), ``denominator`` (√v_{k+1} + ε).
    """

    name, display_name, family = "rmsprop", "RMSProp", "adaptive"
    Hyper = RMSPropHyper
    hyper: RMSPropHyper
    State = AccumulatorState
    update_rule = (
        "v_{k+1} = ρ v_k + (1 − ρ) ∇f(x_k)²,  v_0 = 0   (element-wise)\n"
        "x_{k+1} = x_k − η_k ∇f(x_k) / (√v_{k+1} + ε)"
    )
    source = (
        "Tieleman & Hinton (2012), Neural Networks for Machine Learning, lecture 6.5; "
        "implemented as PyTorch's torch.optim.RMSprop (no momentum, not centred)"
    )
    conventions = (
        "ε is added outside the square root, as PyTorch's RMSprop does; Deep "
        "Learning's Algorithm 8.5 and TensorFlow 1's RMSPropOptimizer put it inside, "
        "η_k ∇f / √(v + ε). ρ = 0.9 by default, Hinton's value (PyTorch's alpha "
        "defaults to 0.99)."
    )

    def update(self, x, g, lr, state, objective):
        rho = self.hyper.rho
        g2 = (1.0 - rho) * (g * g)
        v = g2 if state.v is None else rho * state.v + g2
        den = np.sqrt(v) + self.hyper.eps
        return Update.along(-g / den, {"v": v, "denominator": den}, v=v)


class Adam(ScheduledOptimizer):
    """Adam (Kingma & Ba), optionally without bias correction or with AMSGrad.

    Extras: ``velocity`` (m_{k+1}), ``v`` (v_{k+1}), ``denominator`` (√v̂ + ε), ``v_max``.
    """

    name, display_name, family = "adam", "Adam", "adaptive"
    Hyper = AdamHyper
    hyper: AdamHyper
    State = AdamState
    update_rule = (
        "m_{k+1} = β₁ m_k + (1 − β₁) ∇f(x_k),  v_{k+1} = β₂ v_k + (1 − β₂) ∇f(x_k)²,"
        "  m_0 = v_0 = 0\n"
        "t = k + 1,  m̂ = m_{k+1} / (1 − β₁ᵗ),  v̂ = v_{k+1} / (1 − β₂ᵗ)\n"
        "amsgrad: v̂ = max(v_1, …, v_{k+1}) / (1 − β₂ᵗ)\n"
        "bias_correction off: m̂ = m_{k+1}, v̂ = v_{k+1}\n"
        "x_{k+1} = x_k − η_k m̂ / (√v̂ + ε)"
    )
    source = (
        "Kingma & Ba (2015), Algorithm 1; AMSGrad: Reddi, Kale & Kumar (2018); "
        "implemented as PyTorch's torch.optim.Adam"
    )
    conventions = (
        "ε is added outside the root of the bias-corrected v̂, as in the paper's "
        "Algorithm 1 and PyTorch. AMSGrad keeps the running maximum of the "
        "uncorrected v and then corrects it, as PyTorch's amsgrad=True; Reddi et "
        "al.'s algorithm has no bias correction."
    )

    def _moments(self, state, g):
        h = self.hyper
        b1, b2 = h.beta1, h.beta2
        if state.m is None:
            m, v = (1.0 - b1) * g, (1.0 - b2) * (g * g)
        else:
            m, v = b1 * state.m + (1.0 - b1) * g, b2 * state.v + (1.0 - b2) * (g * g)
        v_max = None
        if h.amsgrad:
            v_max = v if state.v_max is None else np.maximum(state.v_max, v)
        t = state.k + 1
        c1 = 1.0 - b1**t if h.bias_correction else 1.0
        c2 = 1.0 - b2**t if h.bias_correction else 1.0
        den = np.sqrt((v if v_max is None else v_max) * (1.0 / c2)) + h.eps
        return m, v, v_max, -(m * (1.0 / c1)) / den, den

    def _direction(self, x, d):
        return d

    def update(self, x, g, lr, state, objective):
        m, v, v_max, d, den = self._moments(state, g)
        extras = {"velocity": m, "v": v, "denominator": den}
        if v_max is not None:
            extras["v_max"] = v_max
        return Update.along(self._direction(x, d), extras, m=m, v=v, v_max=v_max)


class AdamW(Adam):
    """AdamW: Adam with decoupled weight decay (Loshchilov & Hutter).

    The decay acts on x directly, not through the gradient, so the fixed point is pulled
    towards 0 by λ. Extras as Adam.
    """

    name, display_name, family = "adamw", "AdamW", "adaptive"
    Hyper = AdamWHyper
    hyper: AdamWHyper
    update_rule = "m̂, v̂ as Adam\nx_{k+1} = x_k − η_k (m̂ / (√v̂ + ε) + λ x_k)"
    source = "Loshchilov & Hutter (2019), Algorithm 2; implemented as PyTorch's torch.optim.AdamW"
    conventions = (
        "λ is multiplied by the learning rate η_k (PyTorch's choice: x ← x(1 − η_k "
        "λ), then the Adam step). The paper scales the decay by the schedule "
        "multiplier s_k only: x_{k+1} = x_k − s_k (α m̂/(√v̂ + ε) + λ x_k) with "
        "η_k = α s_k, so the paper's λ is this λ times the base rate α. The decay "
        "uses x_k, the point before the step."
    )

    def _direction(self, x, d):
        lam = self.hyper.weight_decay
        return d - lam * x if lam else d
