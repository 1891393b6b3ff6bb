"""Model mode in a session: :class:`ModelConfig` and its validation. (The sessions the app
opens in model mode are built by :mod:`landscape.session_starts`; this module imports no
session type, so :mod:`landscape.session` can import it without a cycle.)

A session file is untrusted: the model name goes through the registry, every setting through
the registry's checks (:func:`~landscape.models.registry.coerce_settings`), the data must be a
built-in name or a path to a ``.csv`` file (not opened here: a missing file is reported when
the app loads it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from landscape.errors import InputError
from landscape.session_fields import MAX_INT_DIGITS

MLP_VIEWS = ("pca", "random")
MODEL_RESOLUTION_RANGE = (16, 300)
MAX_SETTINGS = 32
MAX_PATH = 1000
MAX_SETTING_TEXT = 200
#: the data set a model opens with, and the one after switching to an incompatible model
DEFAULT_DATA = {"linreg": "linear", "multireg": "multilinear", "logreg": "blobs", "mlp": "moons"}
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_FIELDS = {"name", "data", "settings", "view", "resolution"}


@dataclass
class ModelConfig:
    """Model mode's choice: a registry model ``name``, the ``data`` (a built-in name or a CSV
    path), its ``settings`` (model and data settings of the registry), the MLP's ``view``
    plane ("pca" or "random") and the grid ``resolution``."""

    name: str = "logreg"
    data: str = "blobs"
    settings: dict[str, Any] = field(default_factory=dict)
    view: str = "pca"
    resolution: int = 150


def looks_like_file(spec: str) -> bool:
    """A CSV path rather than a built-in name (the rule of :func:`catalog.load_data`)."""
    return spec.lower().endswith(".csv") or "/" in spec or "\\" in spec


def validate_model(value: Any) -> ModelConfig:
    """Check a decoded ``model`` object field by field (InputError naming the field)."""
    if not isinstance(value, dict) or set(value) - _FIELDS:
        raise InputError("model: expected name, data, settings, view and resolution")
    from landscape.models.registry import MODELS

    name = value.get("name", "logreg")
    if not isinstance(name, str) or name not in MODELS:
        raise InputError("model.name: expected one of " + ", ".join(MODELS))
    data = _data(value.get("data", DEFAULT_DATA[name]))
    settings = _settings(name, value.get("settings", {}))
    view = value.get("view", "pca")
    if not isinstance(view, str) or view not in MLP_VIEWS:
        raise InputError("model.view: expected " + " or ".join(MLP_VIEWS))
    resolution = value.get("resolution", 150)
    lo, hi = MODEL_RESOLUTION_RANGE
    if type(resolution) is not int or not lo <= resolution <= hi:
        raise InputError(f"model.resolution: expected a whole number from {lo} to {hi}")
    return ModelConfig(name, data, settings, view, resolution)


def _data(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_PATH:
        raise InputError("model.data: expected a data set name or a CSV path")
    if any(ord(c) < 32 for c in value):
        raise InputError("model.data: control characters are not allowed")
    if looks_like_file(value):
        if not value.lower().endswith(".csv"):
            raise InputError("model.data: a data file must be a .csv file")
        return value
    from landscape.models.catalog import builtin_names

    if value not in builtin_names():
        raise InputError(
            "model.data: no built-in data set " + repr(value[:40]),
            hint="built-ins: " + ", ".join(builtin_names()),
        )
    return value


def _settings(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or len(value) > MAX_SETTINGS:
        raise InputError(f"model.settings: expected an object of at most {MAX_SETTINGS} values")
    out: dict[str, Any] = {}
    for key, v in value.items():
        if not _KEY.match(key):
            raise InputError(f"model.settings: bad setting name {key[:40]!r}")
        if isinstance(v, str) and len(v) > MAX_SETTING_TEXT:
            raise InputError(f"model.settings.{key}: the text is too long")
        if not isinstance(v, (bool, int, float, str)):
            raise InputError(f"model.settings.{key}: expected a number, text or true/false")
        if type(v) is int and abs(v) >= 10**MAX_INT_DIGITS:  # float(v) would overflow
            raise InputError(f"model.settings.{key}: {str(v)[:20]}… is out of range")
        out[key] = v
    from landscape.models.registry import canonical_settings, coerce_settings

    try:  # a session saved with an alias (``standardize``) loads under the setting's name
        out = canonical_settings(out)
        coerce_settings(name, out)
    except InputError as exc:
        raise InputError(f"model.settings: {exc.message}", hint=exc.hint) from None
    return out
