"""Hyperparameters: one frozen dataclass per optimizer, described by :class:`ParamSpec` rows.

Each field is declared with :func:`param`, which stores its range, kind and one-line doc in the
field's metadata; the CLI options and the app's forms are generated from
:meth:`Hyper.specs`. Values are coerced by kind (so strings from the command line work) and
validated on construction; a bad value raises :class:`~landscape.errors.InputError` quoting the
value and the allowed range.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import dataclass
from typing import Any

from landscape.errors import InputError

KINDS = ("float", "int", "bool", "choice")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class ParamSpec:
    """One hyperparameter: its name, default, allowed range and how a form should edit it.

    ``lower``/``upper`` are None when unbounded; ``lower_open``/``upper_open`` say whether the
    bound itself is excluded (``lr`` is in (0, ∞), ``beta1`` in [0, 1)).
    """

    name: str
    default: Any
    lower: float | None = None
    upper: float | None = None
    log_scale: bool = False
    kind: str = "float"
    choices: tuple[str, ...] = ()
    doc: str = ""
    lower_open: bool = False
    upper_open: bool = False

    def range_text(self) -> str:
        """The allowed values as text: ``(0, ∞)``, ``[0, 1)``, ``one of: a, b``, ``true/false``."""
        if self.kind == "choice":
            return "one of: " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        lo = "-∞" if self.lower is None else _num(self.lower)
        hi = "∞" if self.upper is None else _num(self.upper)
        left = "(" if self.lower is None or self.lower_open else "["
        right = ")" if self.upper is None or self.upper_open else "]"
        text = f"{left}{lo}, {hi}{right}"
        return ("an integer in " + text) if self.kind == "int" else text

    def coerce(self, value: Any) -> Any:
        """Return ``value`` converted to this kind and checked against the range."""
        if self.kind == "choice":
            return self._coerce_choice(value)
        if self.kind == "bool":
            return self._coerce_bool(value)
        number = self._coerce_number(value)
        self._check_range(number)
        return number

    # -- by kind -----------------------------------------------------------------------------
    def _coerce_choice(self, value: Any) -> str:
        text = str(value).strip().lower().replace("-", "_")
        if text not in self.choices:
            close = difflib.get_close_matches(text, self.choices, n=1)
            raise InputError(
                f"{self.name} = {value!r} is not allowed: {self.range_text()}",
                hint=f"did you mean {close[0]!r}?" if close else None,
            )
        return text

    def _coerce_bool(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InputError(f"{self.name} = {value!r} is not allowed: {self.range_text()}")

    def _coerce_number(self, value: Any) -> float | int:
        if isinstance(value, bool):
            raise InputError(f"{self.name} = {value!r} must be a number in {self.range_text()}")
        try:
            number = float(value.strip()) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            raise InputError(
                f"{self.name} = {value!r} is not a number; allowed: {self.range_text()}"
            ) from None
        if not math.isfinite(number):
            raise InputError(
                f"{self.name} = {value!r} must be finite; allowed: {self.range_text()}"
            )
        if self.kind == "int":
            if number != int(number):
                raise InputError(
                    f"{self.name} = {value!r} must be an integer; allowed: {self.range_text()}"
                )
            return int(number)
        return number

    def _check_range(self, number: float) -> None:
        too_low = self.lower is not None and (
            number < self.lower or (self.lower_open and number == self.lower)
        )
        too_high = self.upper is not None and (
            number > self.upper or (self.upper_open and number == self.upper)
        )
        if too_low or too_high:
            raise InputError(
                f"{self.name} = {_num(number)} is out of range: allowed {self.range_text()}"
            )


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def param(
    default: Any,
    lower: float | None = None,
    upper: float | None = None,
    *,
    doc: str,
    kind: str | None = None,
    log_scale: bool = False,
    choices: tuple[str, ...] = (),
    lower_open: bool = False,
    upper_open: bool = False,
) -> Any:
    """A dataclass field carrying its :class:`ParamSpec` (the name is filled in later)."""
    if kind is None:
        kind = (
            "bool"
            if isinstance(default, bool)
            else "int"
            if isinstance(default, int)
            else ("choice" if isinstance(default, str) else "float")
        )
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    spec = ParamSpec(
        "", default, lower, upper, log_scale, kind, tuple(choices), doc, lower_open, upper_open
    )
    return dataclasses.field(default=default, metadata={"spec": spec})


@dataclass(frozen=True)
class Hyper:
    """Base of every optimizer's hyperparameters: the stopping tolerances every run uses.

    A run's ``gtol``/``ftol``/``xtol`` arguments override these when given.
    """

    _group = True  # shared group: listed after the optimizer's own parameters

    gtol: float = param(
        1e-6, 0.0, None, log_scale=True, doc="stop when the gradient norm ‖∇f‖₂ ≤ gtol (0 disables)"
    )
    ftol: float = param(
        0.0, 0.0, None, log_scale=True, doc="stop when |Δf| ≤ ftol·max(1, |f|) (0 disables)"
    )
    xtol: float = param(
        0.0,
        0.0,
        None,
        log_scale=True,
        doc="stop when the step ‖Δx‖₂ ≤ xtol·max(1, ‖x‖₂) (0 disables)",
    )

    def __post_init__(self) -> None:
        for spec in self.specs():
            object.__setattr__(self, spec.name, spec.coerce(getattr(self, spec.name)))
        self.check()

    def check(self) -> None:
        """Cross-field rules (e.g. ``c1 < c2``); raise InputError. Override in subclasses."""

    @classmethod
    def specs(cls) -> tuple[ParamSpec, ...]:
        """Every field's spec: the optimizer's own first, then schedule, then tolerances."""
        cached = cls.__dict__.get("_specs_cache")
        if cached is not None:
            return cached
        fields = dataclasses.fields(cls)  # base classes' fields first
        owner: dict[str, type] = {}
        for klass in reversed(cls.__mro__):  # a field belongs to the class that declared it first
            for name in klass.__dict__.get("__annotations__", {}):
                owner.setdefault(name, klass)
        groups = [klass for klass in cls.__mro__ if klass.__dict__.get("_group")]
        ordered = [f for f in fields if owner[f.name] not in groups]
        ordered += [f for group in groups for f in fields if owner[f.name] is group]
        specs = tuple(dataclasses.replace(f.metadata["spec"], name=f.name) for f in ordered)
        setattr(cls, "_specs_cache", specs)  # noqa: B010 - class-level cache on a frozen dataclass
        return specs

    @classmethod
    def from_values(cls, values: dict[str, Any], *, owner: str = "") -> Hyper:
        """Build from a mapping (strings allowed); unknown names raise InputError."""
        names = [spec.name for spec in cls.specs()]
        for key in values:
            if key not in names:
                close = difflib.get_close_matches(key, names, n=1)
                raise InputError(
                    f"unknown hyperparameter {key!r}{' for ' + owner if owner else ''}; "
                    f"allowed: {', '.join(names)}",
                    hint=f"did you mean {close[0]!r}?" if close else None,
                )
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """Plain ``{name: value}`` in spec order (JSON-ready)."""
        return {spec.name: getattr(self, spec.name) for spec in self.specs()}


def require_less(hyper: Hyper, small: str, large: str) -> None:
    """InputError unless ``hyper.small < hyper.large`` (e.g. the Wolfe constants c1 < c2)."""
    a, b = getattr(hyper, small), getattr(hyper, large)
    if not a < b:
        raise InputError(f"{small} = {a:g} must be less than {large} = {b:g}")
