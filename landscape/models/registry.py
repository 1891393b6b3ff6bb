"""Model names -> builders, with the settings each model accepts (validated, strings allowed).

``build_model(name, train, settings, seed)`` returns a
:class:`~landscape.models.base.ModelObjective` on the training set. Settings common to every
model (data handling) are in :data:`DATA_SETTINGS`; they are used by
:mod:`landscape.models.cli_support`, not by the builders.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from landscape.errors import InputError
from landscape.models.data import Dataset

_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


@dataclass(frozen=True)
class Setting:
    """One model setting: ``kind`` is float, int, bool, choice or text; bounds are inclusive."""

    name: str
    default: Any
    kind: str
    doc: str
    lower: float | None = None
    upper: float | None = None
    choices: tuple[str, ...] = ()

    def coerce(self, value: Any) -> Any:
        """``value`` (a string from the command line, or already typed) checked and converted."""
        text = str(value).strip()
        if self.kind == "text":
            return text
        if self.kind == "choice":
            if text.lower() not in self.choices:
                raise InputError(
                    f"{self.name} = {text!r} is not allowed: one of " + ", ".join(self.choices)
                )
            return text.lower()
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if text.lower() in _TRUE | _FALSE:
                return text.lower() in _TRUE
            raise InputError(f"{self.name} = {text!r} must be true or false")
        return self._number(value, text)

    def _number(self, value: Any, text: str) -> float | int:
        try:
            number = float(value) if not isinstance(value, str) else float(text)
        except (TypeError, ValueError):
            raise InputError(f"{self.name} = {text!r} is not a number") from None
        if not math.isfinite(number):
            raise InputError(f"{self.name} = {text!r} must be finite")
        if self.kind == "int":
            if number != int(number):
                raise InputError(f"{self.name} = {text!r} must be a whole number")
            number = int(number)
        if (self.lower is not None and number < self.lower) or (
            self.upper is not None and number > self.upper
        ):
            raise InputError(
                f"{self.name} = {text} is out of range [{self.lower:g}, "
                f"{self.upper if self.upper is not None else math.inf:g}]"
            )
        return number


DATA_SETTINGS = (
    Setting("test_fraction", 0.25, "float", "share of rows held out for testing", 0.0, 0.9),
    Setting("standardise", True, "bool", "standardise features (statistics of the train split)"),
    Setting("data_seed", 0, "int", "seed of the generator and of the train/test split", 0, 2**31),
    Setting("features", "", "text", "feature columns, separated by '+' (default: all)"),
    Setting("target", "", "text", "target column of a CSV file (default: the last)"),
)


@dataclass(frozen=True)
class ModelSpec:
    """A model: its ``task`` (None: either), settings and ``build(train, settings, seed)``."""

    name: str
    title: str
    task: str | None
    settings: tuple[Setting, ...]
    build: Callable[[Dataset, dict, int], Any]


def _linreg(train: Dataset, s: dict, seed: int):
    from landscape.models.linear import LinearRegression

    return LinearRegression(train, s["feature"] or None)


def _multireg(train: Dataset, s: dict, seed: int):
    from landscape.models.linear import MultipleLinearRegression

    names = tuple(f"w_{f}" for f in train.feature_names) + ("b",)
    view = _view_indices(s["view"], names) if s["view"] else None
    base = _base_point(s["base"], len(names)) if s["base"] not in ("", "optimum") else None
    return MultipleLinearRegression(train, view, base)


def _logreg(train: Dataset, s: dict, seed: int):
    from landscape.models.logistic import LogisticRegression

    intercept = {"auto": None, "true": True, "false": False}[s["intercept"]]
    return LogisticRegression(train, s["l2"], intercept)


def _mlp(train: Dataset, s: dict, seed: int):
    from landscape.models.mlp import MLP

    return MLP(train, s["hidden_layers"], s["width"], s["activation"], s["l2"], seed)


MODELS: dict[str, ModelSpec] = {
    "linreg": ModelSpec(
        "linreg",
        "Linear regression (slope, intercept)",
        "regression",
        (Setting("feature", "", "text", "the feature column when the data has several"),),
        _linreg,
    ),
    "multireg": ModelSpec(
        "multireg",
        "Multiple linear regression (2-D slice)",
        "regression",
        (
            Setting(
                "view",
                "",
                "text",
                "the two coefficients on the axes: names or 0-based "
                "indices joined by '+' (default: the first two)",
            ),
            Setting(
                "base",
                "optimum",
                "text",
                "the other coefficients: 'optimum' or n values joined by '+'",
            ),
        ),
        _multireg,
    ),
    "logreg": ModelSpec(
        "logreg",
        "Logistic regression",
        "classification",
        (
            Setting("l2", 0.01, "float", "L2 strength λ", 0.0, 1e3),
            Setting(
                "intercept",
                "auto",
                "choice",
                "fit an intercept (auto: with one feature)",
                choices=("auto", "true", "false"),
            ),
        ),
        _logreg,
    ),
    "mlp": ModelSpec(
        "mlp",
        "Small neural network (MLP)",
        None,
        (
            Setting("hidden_layers", 2, "int", "number of hidden layers", 1, 3),
            Setting("width", 16, "int", "units per hidden layer", 1, 256),
            Setting(
                "activation",
                "tanh",
                "choice",
                "hidden activation",
                choices=("tanh", "relu", "sigmoid"),
            ),
            Setting("l2", 1e-4, "float", "L2 strength λ on the weights", 0.0, 1e3),
        ),
        _mlp,
    ),
}


def get_model(name: str) -> ModelSpec:
    if name not in MODELS:
        close = difflib.get_close_matches(name, list(MODELS), n=1)
        raise InputError(
            f"unknown model {name!r}; choose " + ", ".join(MODELS),
            hint=f"did you mean {close[0]!r}?" if close else None,
        )
    return MODELS[name]


def all_settings(name: str) -> tuple[Setting, ...]:
    """The model's own settings, then the data settings."""
    return (*get_model(name).settings, *DATA_SETTINGS)


#: other spellings people use -> the setting's name (the app writes British English)
SETTING_ALIASES = {"standardize": "standardise"}


def canonical_settings(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every alias (``standardize``) under its setting's name (``standardise``);
    InputError when both spellings are given with different values."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = SETTING_ALIASES.get(key, key)
        if name in out and str(out[name]).strip().lower() != str(value).strip().lower():
            raise InputError(f"{name} is given twice (also as {key!r}), with different values")
        out[name] = value
    return out


def coerce_settings(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every setting of model ``name``: defaults, overridden by ``values`` (checked; aliases
    such as ``standardize`` accepted, see :data:`SETTING_ALIASES`)."""
    specs = {s.name: s for s in all_settings(name)}
    values = canonical_settings(values)
    for key in values:
        if key not in specs:
            close = difflib.get_close_matches(key, list(specs), n=1)
            raise InputError(
                f"unknown setting {key!r} for {name}; allowed: " + ", ".join(specs),
                hint=f"did you mean {close[0]!r}?" if close else None,
            )
    return {
        k: (spec.coerce(values[k]) if k in values else spec.default) for k, spec in specs.items()
    }


def build_model(name: str, train: Dataset, settings: dict[str, Any], seed: int = 0):
    """The model's objective on ``train`` (``settings`` as from :func:`coerce_settings`)."""
    return get_model(name).build(train, settings, seed)


def _view_indices(text: str, names: tuple[str, ...]) -> tuple[int, int]:
    parts = [p.strip() for p in text.split("+")]
    if len(parts) != 2:
        raise InputError(
            f"view needs two coefficients joined by '+', got {text!r}",
            hint="coefficients: " + ", ".join(names),
        )
    out = []
    for p in parts:
        if p.isdigit():
            out.append(int(p))
        elif p in names or f"w_{p}" in names:
            out.append(names.index(p if p in names else f"w_{p}"))
        else:
            raise InputError(f"no coefficient {p!r}", hint="coefficients: " + ", ".join(names))
    return out[0], out[1]


def _base_point(text: str, n: int) -> np.ndarray:
    try:
        values = np.array([float(p) for p in text.split("+")])
    except ValueError:
        raise InputError(f"base needs {n} numbers joined by '+', got {text!r}") from None
    if values.size != n or not np.all(np.isfinite(values)):
        raise InputError(f"base needs {n} finite numbers joined by '+', got {text!r}")
    return values
