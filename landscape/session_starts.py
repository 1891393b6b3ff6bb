"""The sessions the app opens in model mode (``landscape gui --model ...``, the Model switch):
validated, with the default model runs.

It sits above :mod:`landscape.session` and :mod:`landscape.session_model` (it imports both;
neither imports it).
"""

from __future__ import annotations

from typing import Any

from landscape.session import RunConfig, Session
from landscape.session_model import DEFAULT_DATA, validate_model

#: optimizers that make a good race on a model: (name, hyper, colour); the learning rates
#: are suggested for the data's scale when the runs train (landscape.models.hyper)
DEFAULT_MODEL_RUNS: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("gd", {}, "#ff453a"),
    ("sgd", {"batch_size": 16}, "#32d2ff"),
    ("adam", {}, "#ff9f0a"),
)


def default_model_runs() -> list[RunConfig]:
    """The default model race: only the values it names are fixed (``edited``); every other
    value follows the suggestion for the data."""
    return [
        RunConfig(name, dict(hyper), color, edited=tuple(sorted(hyper)))
        for name, hyper, color in DEFAULT_MODEL_RUNS
    ]


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
    setattr(session, "auto_start", True)  # noqa: B010 - an attribute, not a saved field
    return session
