"""The optimizer protocol: pure steps on immutable state, in the manner of optax.

An optimizer is built from validated hyperparameters and has two methods::

    state = opt.init(x0, seed=0)                       # no evaluation
    x_new, state_new, info = opt.step(x, state, objective)

``state`` is a NamedTuple whose numpy arrays are never mutated in place, so a run can be
replayed from any saved ``(x, state)`` pair and gives the same steps (stochastic methods keep
their seed and step counter in the state). Every state carries ``k`` (steps taken), ``f`` and
``g`` (value and gradient at the current point, None until known): each step evaluates f and
∇f once at the new point and hands them to the next step, so nothing is evaluated twice.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

import numpy as np

from landscape.errors import LandscapeError
from landscape.optim.params import Hyper

HyperBase = Hyper  # the base class, for annotations inside Optimizer (whose ``Hyper`` shadows it)

FAMILIES = ("first-order", "adaptive", "second-order", "quasi-newton")


class StepInfo(NamedTuple):
    """What one step did, for drawing and for JSON (plain numpy arrays, floats and strings).

    ``x_new = x + step_size · direction`` holds for every optimizer: ``step_size`` is the
    actual learning rate η_k or line-search step α, ``direction`` the update direction (for
    momentum methods the whole displacement divided by η_k). ``grad`` is ∇f at ``x`` (exact,
    not the noisy one), ``grad_new`` ∇f at ``x_new``. ``extras`` holds per-method quantities
    (velocity, adaptive denominators, Newton step and safeguard, inverse-Hessian estimate,
    line-search ``trials`` as ``(alpha, x, f)`` tuples): every key, its shape and who emits
    it is the contract in :mod:`landscape.optim.extras` (checked for every optimizer by
    tests/landscape/optim/test_extras_contract.py).
    """

    k: int
    x: np.ndarray
    x_new: np.ndarray
    f: float
    f_new: float
    grad: np.ndarray
    grad_new: np.ndarray
    direction: np.ndarray
    step_size: float
    extras: dict

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready copy: arrays become lists (trials become ``[alpha, [x...], f]``)."""
        out = {name: _plain(value) for name, value in zip(self._fields, self, strict=True)}
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class LineSearchError(LandscapeError):
    """A line search found no acceptable step; a run ends with status ``line_search_failed``.

    ``trials`` holds the ``(alpha, x, f)`` points it tried, for drawing.
    """

    def __init__(self, message: str, trials: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.trials = trials or []


class Optimizer:
    """Base class: subclasses set the class attributes and implement ``init`` and ``step``.

    ``Optimizer(hyper)`` or ``Optimizer(**values)`` (values may be strings; they are coerced
    and validated by the ``Hyper`` dataclass).
    """

    name: ClassVar[str] = ""
    display_name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    Hyper: ClassVar[type[HyperBase]] = HyperBase
    #: An instance of ``Hyper`` (subclasses narrow the annotation to their own class).
    hyper: HyperBase
    #: True when steps draw random numbers (the state then carries ``seed``).
    stochastic: ClassVar[bool] = False
    #: False when the update never uses f: then f(x_{k+1}), which every step evaluates for
    #: the trajectory, is bookkeeping, not the method's work (see landscape.optim.work).
    uses_f: ClassVar[bool] = True
    #: The update as implemented, in plain-text math (one formula per line): printed by
    #: ``landscape optimizers``, the app's optimizer help and docs/OPTIMIZERS.md, and appended
    #: to the class docstring.
    update_rule: ClassVar[str] = ""
    #: The paper, book or library the rule follows.
    source: ClassVar[str] = ""
    #: Choices a student cannot see in the formula's usual form (where η sits, where ε goes,
    #: which library's convention), stated against the source.
    conventions: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "update_rule" in cls.__dict__:  # one home for the rule: the docstring quotes it
            rule = "\n".join("        " + line for line in cls.update_rule.splitlines())
            cls.__doc__ = (
                f"{cls.__doc__ or ''}\n    Update rule (as implemented)::\n\n{rule}"
                f"\n\n    Source: {cls.source}\n\n    Conventions: {cls.conventions}\n"
            )

    def __init__(self, hyper: HyperBase | None = None, /, **values: Any) -> None:
        if hyper is None:
            hyper = self.Hyper.from_values(values, owner=self.name)
        elif values:
            raise TypeError("pass either a Hyper instance or keyword values, not both")
        elif not isinstance(hyper, self.Hyper):
            raise TypeError(f"{self.name} needs {self.Hyper.__name__}, got {type(hyper).__name__}")
        self.hyper = hyper
        self.setup()

    def setup(self) -> None:
        """Precompute what the hyperparameters imply (schedules, constants)."""

    def init(
        self,
        x0: np.ndarray,
        *,
        seed: int = 0,
        f0: float | None = None,
        g0: np.ndarray | None = None,
    ) -> NamedTuple:
        """The state before the first step; ``f0``/``g0`` pass already-known f(x0), ∇f(x0)."""
        raise NotImplementedError

    def step(self, x: np.ndarray, state: Any, objective) -> tuple[np.ndarray, Any, StepInfo]:
        raise NotImplementedError

    def remark(self, state: Any, objective) -> str:
        """A sentence the run adds to its final message (e.g. why the method cannot work on
        this f); ``state`` is the last state (None before the first). Default: none."""
        return ""

    def hyperparameters(self) -> dict[str, Any]:
        return self.hyper.as_dict()

    def __reduce__(self):  # picklable: rebuilt from the hyperparameters (caches are not sent)
        return (type(self), (self.hyper,))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"


def value_and_grad(x: np.ndarray, state: Any, objective) -> tuple[float, np.ndarray]:
    """f and ∇f at ``x``: from the state when known, else evaluated (once)."""
    f, g = state.f, state.g
    if f is None:
        f = objective.f(x)
    if g is None:
        g = objective.grad(x)
    return f, g


def as_point(x0: Any) -> np.ndarray:
    """A fresh float array of shape (n,)."""
    return np.array(x0, dtype=float).reshape(-1)
