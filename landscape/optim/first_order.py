"""First-order methods: gradient descent, SGD, heavy-ball momentum and Nesterov momentum.

Each step costs one f and one ∇f evaluation at the new point (SGD on data objectives adds one
mini-batch gradient). The arithmetic is a handful of numpy operations on (n,) arrays. The step
itself (schedule, evaluations, state, StepInfo) is :class:`~landscape.optim.scheduled.
ScheduledOptimizer`'s; each class here holds only its update rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from landscape.optim.params import param
from landscape.optim.scheduled import ScheduledOptimizer, Update
from landscape.optim.schedules import ScheduleHyper

_NOISE_BLOCK = 256  # SGD noise is drawn in blocks of this many steps (a pure function of seed, k)


# -- hyperparameters -------------------------------------------------------------------------
@dataclass(frozen=True)
class GDHyper(ScheduleHyper):
    lr: float = param(
        0.01, 0.0, None, lower_open=True, log_scale=True, doc="learning rate η (step size)"
    )


@dataclass(frozen=True)
class SGDHyper(GDHyper):
    noise: float = param(
        0.5,
        0.0,
        None,
        doc="formula objectives: std of the Gaussian noise added to each gradient component",
    )
    batch_size: int = param(
        16,
        1,
        None,
        log_scale=True,
        doc="data objectives: samples per mini-batch (≥ n_samples: full batch)",
    )


@dataclass(frozen=True)
class MomentumHyper(GDHyper):
    beta: float = param(0.9, 0.0, 1.0, upper_open=True, doc="momentum coefficient β")


# -- states ----------------------------------------------------------------------------------
class GDState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None


class SGDState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None
    seed: int = 0


class MomentumState(NamedTuple):
    k: int
    f: float | None
    g: np.ndarray | None
    v: np.ndarray | None = None


# -- optimizers ------------------------------------------------------------------------------
class GradientDescent(ScheduledOptimizer):
    """Gradient descent with a learning-rate schedule.

    η_k from ``schedule`` (see :mod:`landscape.optim.schedules`). On f = ½xᵀAx it converges
    iff η < 2/L (L the largest eigenvalue of A). Extras: none.
    """

    name, display_name, family = "gd", "Gradient descent", "first-order"
    Hyper = GDHyper
    hyper: GDHyper
    State = GDState
    update_rule = "x_{k+1} = x_k − η_k ∇f(x_k)"
    source = (
        "Cauchy (1847); Nocedal & Wright, Numerical Optimization, 2nd ed. (2006), §3.1 "
        "with a fixed step; Goodfellow, Bengio & Courville, Deep Learning (2016), §4.3"
    )
    conventions = (
        "η_k comes from the schedule (η_0 = η on the first step). On f = ½xᵀAx it "
        "converges iff η < 2/L, L the largest eigenvalue of A."
    )

    def update(self, x, g, lr, state, objective):
        return Update.along(-g, {})


class SGD(ScheduledOptimizer):
    """Stochastic gradient descent.

    On formula objectives ξ_k ~ N(0, I) is drawn from (seed, k); on data objectives the
    mini-batch B_k of ``batch_size`` indices is drawn without replacement from
    ``default_rng([seed, k])`` (batch_size ≥ n_samples: the full-batch gradient, no noise).
    The trajectory's f and ∇f are the full ones. Extras: ``stochastic_grad`` (g̃_k) and
    ``noise`` (σ ξ_k) or ``batch`` (the indices).
    """

    name, display_name, family = "sgd", "Stochastic gradient descent", "first-order"
    Hyper = SGDHyper
    hyper: SGDHyper
    State = SGDState
    stochastic = True
    update_rule = (
        "data:     g̃_k = (1/b) Σ_{i∈B_k} ∇f_i(x_k), B_k: b rows drawn without "
        "replacement\n"
        "formulas: g̃_k = ∇f(x_k) + σ ξ_k, ξ_k ~ N(0, I)\n"
        "x_{k+1} = x_k − η_k g̃_k"
    )
    source = (
        "Robbins & Monro (1951); Goodfellow, Bengio & Courville, Deep Learning (2016), "
        "Algorithm 8.1"
    )
    conventions = (
        "Each step draws a fresh batch from (seed, k), not the next slice of a "
        "shuffled epoch as PyTorch's DataLoader does; batch_size ≥ m gives the full "
        "gradient. On formulas the noise σξ_k stands in for sampling. The full f "
        "and ∇f at each point are recorded for the picture only: landscape compare "
        "counts a step's work as b/m of a full gradient."
    )

    def setup(self) -> None:
        super().setup()
        self._block: tuple = ((None, None, None), None)

    def init(self, x0, *, seed=0, f0=None, g0=None):
        return SGDState(0, f0, g0, int(seed))

    def update(self, x, g, lr, state, objective):
        g_used, extras = self._stochastic_grad(x, g, objective, state.seed, state.k)
        return Update.along(-g_used, extras)

    def _stochastic_grad(self, x, g, objective, seed, k):
        n_samples = objective.n_samples
        if objective.has_minibatches:
            if self.hyper.batch_size >= n_samples:
                return g, {"stochastic_grad": g, "batch": np.arange(n_samples)}
            rng = np.random.default_rng([seed, k])
            idx = np.sort(rng.choice(n_samples, self.hyper.batch_size, replace=False))
            g_b = np.asarray(objective.minibatch_grad(x, idx), dtype=float).reshape(g.shape)
            return g_b, {"stochastic_grad": g_b, "batch": idx}
        noise = self.hyper.noise * self._normal(seed, k, g.shape[0])
        g_n = g + noise
        return g_n, {"stochastic_grad": g_n, "noise": noise}

    def _normal(self, seed: int, k: int, n: int) -> np.ndarray:
        """ξ_k ~ N(0, I_n), a pure function of (seed, k): row k mod B of block ⌊k/B⌋."""
        block, row = divmod(k, _NOISE_BLOCK)
        key = (seed, block, n)
        cached = self._block  # one tuple read and one write: safe across threads
        if cached[0] != key:
            rng = np.random.default_rng([seed, block])
            cached = (key, rng.standard_normal((_NOISE_BLOCK, n)))
            self._block = cached
        return cached[1][row]


class Momentum(ScheduledOptimizer):
    """Heavy-ball (Polyak) momentum.

    Extras: ``velocity`` (v_{k+1}).
    """

    name, display_name, family = "momentum", "Momentum (heavy ball)", "first-order"
    Hyper = MomentumHyper
    hyper: MomentumHyper
    State = MomentumState
    update_rule = "v_{k+1} = β v_k − η_k ∇f(x_k),  v_0 = 0\nx_{k+1} = x_k + v_{k+1}"
    source = (
        "Polyak (1964); Sutskever, Martens, Dahl & Hinton (2013), eq. 1; Goodfellow, "
        "Bengio & Courville, Deep Learning (2016), Algorithm 8.2"
    )
    conventions = (
        "η is inside the velocity, as in Polyak, Sutskever et al. and Deep "
        "Learning. PyTorch's SGD(momentum=β) keeps it outside: b_{k+1} = β b_k + "
        "∇f(x_k), x_{k+1} = x_k − η_k b_{k+1}. With a constant η both give the same "
        "points (v = −η b); when η_k changes, here only new gradients get the new "
        "rate, while PyTorch rescales the whole accumulated velocity at once."
    )

    def update(self, x, g, lr, state, objective):
        v = -lr * g if state.v is None else self.hyper.beta * state.v - lr * g
        return Update.by(v, {"velocity": v}, v=v)


class Nesterov(ScheduledOptimizer):
    """Nesterov accelerated gradient, in the look-ahead form (gradient taken at the iterate).

    With y_k = x_k + β v_k the look-ahead point, Nesterov's v_{k+1} = β v_k − η_k ∇f(y_k),
    x_{k+1} = x_k + v_{k+1} becomes the update below on the iterate y that this optimizer
    moves and draws. Extras: ``velocity`` (v_{k+1}).
    """

    name, display_name, family = "nesterov", "Nesterov momentum", "first-order"
    Hyper = MomentumHyper
    hyper: MomentumHyper
    State = MomentumState
    update_rule = (
        "v_{k+1} = β v_k − η_k ∇f(y_k),  v_0 = 0\n"
        "y_{k+1} = y_k + β v_{k+1} − η_k ∇f(y_k)\n"
        "        = y_k + β² v_k − (1 + β) η_k ∇f(y_k)"
    )
    source = (
        "Nesterov (1983); Sutskever, Martens, Dahl & Hinton (2013), eqs. 3–4; the "
        "look-ahead form of Bengio, Boulanger-Lewandowski & Pascanu (2013), eq. 7"
    )
    conventions = (
        "η is inside the velocity, as in Sutskever et al. PyTorch's "
        "SGD(nesterov=True) keeps it outside: b_{k+1} = β b_k + ∇f, x_{k+1} = x_k − "
        "η_k (∇f + β b_{k+1}), the same points for a constant η. The point moved and "
        "drawn is the look-ahead point y, where the gradient is taken."
    )

    def update(self, x, g, lr, state, objective):
        beta = self.hyper.beta
        step = -lr * g
        v = step if state.v is None else beta * state.v + step
        return Update.by(beta * v + step, {"velocity": v}, v=v)
