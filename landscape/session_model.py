"""Model mode in a session: validating a :class:`~landscape.session.ModelConfig`, and the
sessions the app opens in model mode (``landscape gui --model ...``).

A session file is untrusted: the model name goes through the registry, every setting through
the registry's checks (:func:`~landscape.models.registry.coerce_settings`), the data must be a
built-in name or a path to a ``.csv`` file (not opened here: a missing file is reported when
the app loads it).
"""

from __future__ import annotations

import re
from typing import Any

from landscape.errors import InputError
from landscape.session import MAX_INT_DIGITS, ModelConfig, RunConfig, Session

MLP_VIEWS = ("pca", "random")
MODEL_RESOLUTION_RANGE = (16, 300)
MAX_SETTINGS = 32
MAX_PATH = 1000
MAX_SETTING_TEXT = 200
#: the data set a model opens with, and the one after switching to an incompatible model
DEFAULT_DATA = {"linreg": "linear", "multireg": "multilinear", "logreg": "blobs", "mlp": "moons"}
#: optimizers that make a good race on a standardised model: (name, hyper, colour)
DEFAULT_MODEL_RUNS = (
    ("gd", {"lr": 0.1}, "#ff453a"),
    ("sgd", {"lr": 0.1, "batch_size": 16}, "#32d2ff"),
    ("adam", {"lr": 0.05}, "#ff9f0a"),
)
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_FIELDS = {"name", "data", "settings", "view", "resolution"}


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


def default_model_runs() -> list[RunConfig]:
    return [RunConfig(name, dict(hyper), color) for name, hyper, color in DEFAULT_MODEL_RUNS]


def model_session(
    name: str = "logreg",
    data: str | None = None,
    settings: dict[str, Any] | None = None,
    view: str = "pca",
    base: Session | None = None,
) -> Session:
    """A session in model mode (validated): ``base``'s appearance and function text and the
    default model runs. ``auto_start`` (an attribute, not saved) asks the app to start the runs
    from the model's own start once the model is built."""
    config = validate_model(
        {
            "name": name,
            "data": data or DEFAULT_DATA.get(name, "blobs"),
            "settings": dict(settings or {}),
            "view": view,
        }
    )
    session = (
        Session()
        if base is None
        else Session(
            text=base.text,
            domain=base.domain,
            resolution=base.resolution,
            color_scale=base.color_scale,
            colormap=base.colormap,
            layout=base.layout,
        )
    )
    session.runs = default_model_runs()
    session.mode, session.model = "model", config
    session.step, session.preset = 0, None
    session.auto_start = True
    return session
