"""The registry of optimizers: names, families and hyperparameter specs for CLI and forms."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from landscape.errors import InputError
from landscape.optim.adaptive import AdaGrad, Adam, AdamW, RMSProp
from landscape.optim.base import Optimizer
from landscape.optim.cg import ConjugateGradient
from landscape.optim.first_order import SGD, GradientDescent, Momentum, Nesterov
from landscape.optim.newton import Newton
from landscape.optim.params import ParamSpec
from landscape.optim.quasi_newton import BFGS, LBFGS


@dataclass(frozen=True)
class OptimizerSpec:
    """One optimizer as the CLI and the app see it.

    ``params`` lists every hyperparameter (the optimizer's own first, then the schedule group
    where present, then the stopping tolerances gtol/ftol/xtol). ``summary`` is the first line
    of the class docstring and ``update_rule`` the rest (the update in math).
    """

    name: str
    display_name: str
    family: str
    params: tuple[ParamSpec, ...]
    cls: type[Optimizer]
    stochastic: bool
    summary: str
    update_rule: str

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {spec.name: spec.default for spec in self.params}

    def make(self, **hyper: Any) -> Optimizer:
        return self.cls(self.cls.Hyper.from_values(hyper, owner=self.name))


def _spec(cls: type[Optimizer]) -> OptimizerSpec:
    doc = (cls.__doc__ or "").strip().splitlines()
    summary = doc[0] if doc else cls.display_name
    rule = "\n".join(line.strip() for line in doc[1:]).strip()
    return OptimizerSpec(cls.name, cls.display_name, cls.family, cls.Hyper.specs(), cls,
                         cls.stochastic, summary, rule)


_CLASSES = (GradientDescent, SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW, Newton,
            ConjugateGradient, BFGS, LBFGS)

#: name -> OptimizerSpec, in display order.
REGISTRY: dict[str, OptimizerSpec] = {cls.name: _spec(cls) for cls in _CLASSES}


def list_specs() -> list[OptimizerSpec]:
    return list(REGISTRY.values())


def get_spec(name: str) -> OptimizerSpec:
    """The spec for a short name ("adam"); InputError with a suggestion when unknown."""
    key = str(name).strip().lower().replace("-", "").replace("_", "")
    if key in REGISTRY:
        return REGISTRY[key]
    close = difflib.get_close_matches(key, list(REGISTRY), n=1)
    raise InputError(
        f"unknown optimizer {name!r}; choose one of: {', '.join(REGISTRY)}",
        hint=f"did you mean {close[0]!r}?" if close else None,
    )


def make_optimizer(name: str, **hyper: Any) -> Optimizer:
    """``make_optimizer("adam", lr="0.05")``: values may be strings (coerced by kind)."""
    return get_spec(name).make(**hyper)
