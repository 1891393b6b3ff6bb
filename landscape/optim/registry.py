"""The registry of optimizers: names, families and hyperparameter specs for CLI and forms."""

from __future__ import annotations

import difflib
import textwrap
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
from landscape.optim.schedules import SCHEDULE_RULES


@dataclass(frozen=True)
class OptimizerSpec:
    """One optimizer as the CLI and the app see it.

    ``params`` lists every hyperparameter (the optimizer's own first, then the schedule group
    where present, then the stopping tolerances gtol/ftol/xtol). ``summary`` is the first line
    of the class docstring; ``update_rule`` (the update as implemented, one formula a line),
    ``source`` and ``conventions`` are the class's own (see :class:`Optimizer`).
    """

    name: str
    display_name: str
    family: str
    params: tuple[ParamSpec, ...]
    cls: type[Optimizer]
    stochastic: bool
    summary: str
    update_rule: str
    source: str = ""
    conventions: str = ""

    @property
    def has_schedule(self) -> bool:
        return any(p.name == "schedule" for p in self.params)

    def help_text(self, width: int = 92, schedules: bool = True) -> str:
        """Plain text for a person: the summary, the update rule, its source and conventions,
        and (for scheduled methods, if ``schedules``) the schedules' formulas."""
        lines = [
            f"{self.display_name} ({self.name}, {self.family}): {self.summary}",
            "",
            "Update rule, as implemented:",
        ]
        lines += ["    " + line for line in self.update_rule.splitlines()]
        lines += [
            "",
            *_wrap("Source: " + self.source, width),
            *_wrap("Conventions: " + self.conventions, width),
        ]
        if schedules and self.has_schedule:
            lines += ["", schedules_text(width)]
        return "\n".join(lines)

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {spec.name: spec.default for spec in self.params}

    def make(self, **hyper: Any) -> Optimizer:
        return self.cls(self.cls.Hyper.from_values(hyper, owner=self.name))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent="    ")


def schedules_text(width: int = 92) -> str:
    """The learning-rate schedules η_k (k = 0 on the first step; γ = decay_rate, s =
    decay_steps), each with the library schedule it equals."""
    lines = [
        "Learning-rate schedules η_k (k = 0 on the first step, γ = decay_rate, s = decay_steps):"
    ]
    pad = " " * 18
    for name, (formula, equals) in SCHEDULE_RULES.items():
        lines.append(f"    {name:<13} {formula}")
        lines += textwrap.wrap(
            "as " + equals, width, initial_indent=pad, subsequent_indent=pad + "  "
        )
    return "\n".join(lines)


def _spec(cls: type[Optimizer]) -> OptimizerSpec:
    doc = (cls.__doc__ or "").strip().splitlines()
    summary = doc[0] if doc else cls.display_name
    return OptimizerSpec(
        cls.name,
        cls.display_name,
        cls.family,
        cls.Hyper.specs(),
        cls,
        cls.stochastic,
        summary,
        cls.update_rule,
        cls.source,
        cls.conventions,
    )


_CLASSES = (
    GradientDescent,
    SGD,
    Momentum,
    Nesterov,
    AdaGrad,
    RMSProp,
    Adam,
    AdamW,
    Newton,
    ConjugateGradient,
    BFGS,
    LBFGS,
)

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
