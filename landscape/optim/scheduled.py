"""One base for the optimizers that follow a learning-rate schedule: gradient descent, SGD,
heavy-ball and Nesterov momentum, AdaGrad, RMSProp, Adam and AdamW.

The step is written once, here; a subclass states only its update rule::

    f_k, g_k = f(x_k), ∇f(x_k)        (from the state when the previous step left them)
    η_k      = schedule(k)             (k = state.k, counted from 0; see schedules.py)
    u        = self.update(x_k, g_k, η_k, state, objective)
    x_{k+1}  = x_k + η_k · u.direction          (most rules), or
    x_{k+1}  = x_k + u.displacement             (momentum rules: direction = Δ / η_k)
    f, ∇f at x_{k+1}: one evaluation each, handed to the next step in the state
    StepInfo(k, x_k, x_{k+1}, f_k, f_{k+1}, g_k, g_{k+1}, direction, η_k, u.extras)

Shapes: x, g, direction and displacement are (n,) float arrays. A subclass sets ``State``, a
NamedTuple whose first three fields are ``k``, ``f``, ``g`` and whose other fields (the rule's
memory: velocity, accumulators, moments) default to None; ``update`` returns their new values in
``Update.memory``, by field name. ``StepInfo.extras`` is exactly ``Update.extras``: each
subclass's docstring lists its keys. None of these methods uses f (``uses_f`` is False).
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

import numpy as np

from landscape.optim.base import Optimizer, StepInfo, value_and_grad
from landscape.optim.schedules import ScheduleHyper


class Update(NamedTuple):
    """What an update rule returns: the move, the rule's new memory and the step's extras.

    Exactly one of ``direction`` (x_{k+1} = x_k + η_k d) and ``displacement`` (x_{k+1} = x_k + Δ)
    is set; build it with :meth:`along` or :meth:`by`.
    """

    direction: np.ndarray | None
    displacement: np.ndarray | None
    memory: dict[str, Any]
    extras: dict[str, Any]

    @classmethod
    def along(cls, direction: np.ndarray, extras: dict[str, Any], **memory: Any) -> Update:
        """x_{k+1} = x_k + η_k · direction."""
        return cls(direction, None, memory, extras)

    @classmethod
    def by(cls, displacement: np.ndarray, extras: dict[str, Any], **memory: Any) -> Update:
        """x_{k+1} = x_k + displacement (the step's direction is displacement / η_k)."""
        return cls(None, displacement, memory, extras)


class ScheduledOptimizer(Optimizer):
    """Base class: the schedule, the step count and the StepInfo, for one ``update`` rule."""

    hyper: ScheduleHyper
    #: The state NamedTuple: ``k``, ``f``, ``g``, then the rule's memory (defaults None).
    State: ClassVar[type[Any]]
    uses_f = False

    def setup(self) -> None:
        self._lr = self.hyper.lr_schedule()

    def init(self, x0, *, seed=0, f0=None, g0=None):
        return self.State(0, f0, g0)

    def update(self, x: np.ndarray, g: np.ndarray, lr: float, state: Any, objective) -> Update:
        """The rule: from x_k, g_k = ∇f(x_k), η_k and the state, the move and new memory."""
        raise NotImplementedError

    def step(self, x, state, objective):
        f, g = value_and_grad(x, state, objective)
        k = state.k
        lr = self._lr(k)
        u = self.update(x, g, lr, state, objective)
        if u.direction is not None:
            d = u.direction
            x_new = x + lr * d
        else:
            x_new = x + u.displacement
            d = u.displacement / lr
        f_new, g_new = objective.f(x_new), objective.grad(x_new)
        info = StepInfo(k, x, x_new, f, f_new, g, g_new, d, lr, u.extras)
        return x_new, state._replace(k=k + 1, f=f_new, g=g_new, **u.memory), info
