"""What is on screen, as plain data: saved to versioned JSON and loaded back identically.

A session file is untrusted input. :func:`load` reads it through :mod:`landscape.safe_read`
(a regular file only, never a pipe or a device; at most :data:`MAX_FILE_BYTES`; UTF-8, a
byte-order mark allowed), refuses ``NaN``/``Infinity``, numbers that overflow to infinity and
integers of more than :data:`MAX_INT_DIGITS` digits, checks every field's type, range and size
(a number written as text is checked as that number), sends the expression through the safe
parser and every optimizer (with its hyperparameters) through the registry; anything wrong
raises :class:`InputError` with a message that names the field. :func:`save` goes through
:mod:`landscape.safe_write`: a temporary file beside the target, fsynced, then renamed, so a
crash never leaves half a file; links are followed, devices refused, the umask honoured.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from landscape import safe_read, safe_write
from landscape.errors import InputError
from landscape.session_fields import MAX_INT_DIGITS, choice, number, numbers, whole
from landscape.session_model import ModelConfig, validate_model
from landscape.session_view import Camera, ViewConfig, validate_view

#: the session's types, importable from here (their modules import no session type)
__all__ = ["Camera", "ModelConfig", "RunConfig", "Session", "ViewConfig"]

#: the format's version; files from a newer version are refused (2 added ``mode``, ``model``;
#: 3 added ``view``: the 2D range, 3D camera, log axes, overlays and selected run)
SESSION_VERSION = 3
MAX_FILE_BYTES = 1_000_000
MAX_TEXT = 2_000
MAX_RUNS = 32
MAX_HYPER = 32
RESOLUTION_RANGE = (16, 1000)
MAX_STEPS_RANGE = (1, 100_000)
COLOR_SCALES = ("auto", "linear", "log")
COLORMAPS = ("viridis", "magma", "inferno", "plasma", "cividis", "turbo")
LAYOUTS = ("side_by_side", "contour", "surface")
MODES = ("function", "model")
ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$")


@dataclass
class RunConfig:
    """One optimizer on screen: its registry name, hyperparameters and colour (``#rrggbb``).

    ``edited`` names the values a person set (kept when the function or start changes; the
    others follow the suggestion); None, in files written before it was saved, means every
    value in ``hyper`` was the person's.
    """

    optimizer: str
    hyper: dict[str, Any] = field(default_factory=dict)
    color: str = "#ff3b30"
    visible: bool = True
    edited: tuple[str, ...] | None = None


@dataclass
class Session:
    """The whole state a person set up: landscape, appearance, runs, start, frame, layout
    and how the views are looked at (``view``).

    ``domain`` is ``(xmin, xmax, ymin, ymax)``; ``start`` is ``(x, y)``; ``step`` is the frame.
    """

    text: str = ROSENBROCK
    domain: tuple[float, float, float, float] = (-2.0, 2.0, -1.0, 3.0)
    #: True when the person set the domain (typed functions then keep it, not refit it)
    domain_set: bool = False
    resolution: int = 200
    color_scale: str = "auto"
    colormap: str = "viridis"
    runs: list[RunConfig] = field(default_factory=list)
    start: tuple[float, float] = (-1.5, 2.0)
    step: int = 0
    max_steps: int = 500
    layout: str = "side_by_side"
    preset: str | None = None
    mode: str = "function"
    model: ModelConfig | None = None
    view: ViewConfig = field(default_factory=ViewConfig)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (plain lists and dicts; fields in a fixed order)."""
        model = self.model
        return {
            "version": SESSION_VERSION,
            "text": self.text,
            "domain": list(self.domain),
            "domain_set": self.domain_set,
            "resolution": self.resolution,
            "color_scale": self.color_scale,
            "colormap": self.colormap,
            "runs": [
                {
                    "optimizer": r.optimizer,
                    "hyper": dict(r.hyper),
                    "color": r.color,
                    "visible": r.visible,
                    **({} if r.edited is None else {"edited": sorted(r.edited)}),
                }
                for r in self.runs
            ],
            "start": list(self.start),
            "step": self.step,
            "max_steps": self.max_steps,
            "layout": self.layout,
            "preset": self.preset,
            "mode": self.mode,
            "model": None
            if model is None
            else {
                "name": model.name,
                "data": model.data,
                "settings": dict(model.settings),
                "view": model.view,
                "resolution": model.resolution,
            },
            "view": self.view.to_dict(),
        }


# -- text <-> session ---------------------------------------------------------------------------
def to_json(session: Session) -> str:
    return json.dumps(session.to_dict(), indent=2, allow_nan=False)


def from_json(text: str, parse_text: bool = True) -> Session:
    """Parse and validate a session document (InputError on anything wrong).

    ``parse_text=False`` skips parsing the function (it checks its type and length only): for
    the app's own last session, whose text is compiled right after the window shows anyway
    (an error then shows inline), so launching does not wait for sympy."""
    if len(text) > MAX_FILE_BYTES:
        raise InputError(f"the session is too large (over {MAX_FILE_BYTES // 1000} kB)")
    try:
        data = json.loads(
            text.removeprefix("\ufeff"),
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except json.JSONDecodeError as exc:
        raise InputError(f"the session is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except RecursionError:
        raise InputError("the session is nested too deeply") from None
    return validate(data, parse_text)


def _refuse_constant(name: str):
    raise InputError(f"the session contains {name}, which is not a number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputError(f"the session contains a number too large: {text[:20]}")
    return value


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise InputError(f"the session contains a number too large: {text[:20]}… ({digits} digits)")
    return int(text)


# -- files ----------------------------------------------------------------------------------------
def save(session: Session, path: str | os.PathLike) -> None:
    """Write safely (:func:`landscape.safe_write.write_bytes`, flushed to disk before the
    rename); InputError when ``path`` cannot be written."""
    safe_write.write_text(path, to_json(session) + "\n", durable=True)


def load(path: str | os.PathLike) -> Session:
    """Read and validate a session file (InputError when it is missing, not a regular file,
    too big, not UTF-8 or wrong)."""
    text = safe_read.read_text(path, limit=MAX_FILE_BYTES, what="a session")
    return from_json(text)


# -- validation -----------------------------------------------------------------------------------
_FIELDS = {
    "version",
    "text",
    "domain",
    "domain_set",
    "resolution",
    "color_scale",
    "colormap",
    "runs",
    "start",
    "step",
    "max_steps",
    "layout",
    "preset",
    "mode",
    "model",
    "view",
}


def validate(data: Any, parse_text: bool = True) -> Session:
    """Check a decoded document field by field and build the :class:`Session`."""
    if not isinstance(data, dict):
        raise InputError("a session must be a JSON object")
    unknown = sorted(str(k)[:40] for k in data if k not in _FIELDS)
    if unknown:
        raise InputError(f"unknown field in the session: {unknown[0]}")
    version = data.get("version")
    if type(version) is not int or not 1 <= version <= SESSION_VERSION:
        raise InputError(f"unsupported session version: {str(version)[:20]}")
    defaults = Session()
    text = _text(data.get("text", defaults.text), parse_text)
    runs = _runs(data.get("runs", []))
    view = data.get("view")
    return Session(
        text=text,
        domain=_domain(data.get("domain", list(defaults.domain))),
        domain_set=_flag(data.get("domain_set", False), "domain_set"),
        resolution=whole(
            data.get("resolution", defaults.resolution), "resolution", *RESOLUTION_RANGE
        ),
        color_scale=choice(
            data.get("color_scale", defaults.color_scale), "color_scale", COLOR_SCALES
        ),
        colormap=choice(data.get("colormap", defaults.colormap), "colormap", COLORMAPS),
        runs=runs,
        start=_pair(data.get("start", list(defaults.start)), "start"),
        step=whole(data.get("step", 0), "step", 0, MAX_STEPS_RANGE[1]),
        max_steps=whole(data.get("max_steps", defaults.max_steps), "max_steps", *MAX_STEPS_RANGE),
        layout=choice(data.get("layout", defaults.layout), "layout", LAYOUTS),
        preset=_preset(data.get("preset")),
        mode=choice(data.get("mode", "function"), "mode", MODES),
        model=None if data.get("model") is None else validate_model(data["model"]),
        view=ViewConfig() if view is None else validate_view(view, len(runs)),
    )


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{where}: must be true or false")
    return value


def _text(value: Any, parse: bool = True) -> str:
    if not isinstance(value, str):
        raise InputError("text: the function must be a string")
    if len(value) > MAX_TEXT:
        raise InputError(f"text: the function is too long ({len(value)} characters)")
    if not parse:
        return value
    from landscape.parser import parse_expression

    try:
        parse_expression(value)
    except InputError as exc:
        raise InputError(f"text: {exc.message}", column=exc.column, hint=exc.hint) from None
    return value


def _number_in_text(text: str) -> float | int | None:
    """The number a text spells as the registries read it (``float(text)``), or None when it
    is not one: so ``"1e308"`` is checked exactly as ``1e308``."""
    try:
        value = float(text)
    except ValueError:
        return None
    stripped = text.strip().lstrip("+-")
    if stripped.isdigit() and len(stripped) <= MAX_INT_DIGITS:
        return int(text)
    return value


def _domain(value: Any) -> tuple[float, float, float, float]:
    xmin, xmax, ymin, ymax = numbers(value, "domain", 4)
    if not (xmin < xmax and ymin < ymax):
        raise InputError("domain: each range must have min < max")
    return (xmin, xmax, ymin, ymax)


def _preset(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _NAME.match(value):
        raise InputError("preset: expected a preset name")
    return value


def _runs(value: Any) -> list[RunConfig]:
    if not isinstance(value, list):
        raise InputError("runs: expected a list")
    if len(value) > MAX_RUNS:
        raise InputError(f"runs: at most {MAX_RUNS} optimizers")
    return [_run(item, i + 1) for i, item in enumerate(value)]


RUN_KEYS = {"optimizer", "hyper", "color", "visible", "edited"}


def _run(item: Any, index: int) -> RunConfig:
    where = f"runs[{index}]"
    if not isinstance(item, dict) or set(item) - RUN_KEYS:
        raise InputError(f"{where}: expected optimizer, hyper, color, visible and edited")
    name = item.get("optimizer")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{where}: expected an optimizer name")
    hyper = _hyper(item.get("hyper", {}), where)
    color = item.get("color", "#ff3b30")
    if not isinstance(color, str) or not _COLOR.match(color):
        raise InputError(f"{where}: color must look like #rrggbb")
    visible = item.get("visible", True)
    if not isinstance(visible, bool):
        raise InputError(f"{where}: visible must be true or false")
    _check_optimizer(name, hyper, where)
    edited = item.get("edited")
    if edited is not None and (
        not isinstance(edited, list)
        or len(edited) > MAX_HYPER
        or not all(isinstance(k, str) and _NAME.match(k) for k in edited)
    ):
        raise InputError(f"{where}: edited must be a list of hyperparameter names")
    return RunConfig(
        optimizer=name,
        hyper=hyper,
        color=color.lower(),
        visible=visible,
        edited=None if edited is None else tuple(edited),
    )


def _hyper(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or len(value) > MAX_HYPER:
        raise InputError(f"{where}: hyper must be an object of at most {MAX_HYPER} values")
    out: dict[str, Any] = {}
    for key, v in value.items():
        if not _NAME.match(key):
            raise InputError(f"{where}: bad hyperparameter name {key[:40]!r}")
        if isinstance(v, str) and len(v) <= 64 and _number_in_text(v) is not None:
            v = _number_in_text(v)  # a number as text: the same checks as the number
        if isinstance(v, bool) or (isinstance(v, str) and len(v) <= 64):
            out[key] = v
        else:
            checked = number(v, f"{where}.{key}")
            out[key] = v if type(v) is int else checked
    return out


def _check_optimizer(name: str, hyper: dict[str, Any], where: str) -> None:
    from landscape.optim import make_optimizer

    try:
        make_optimizer(name, **hyper)
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}") from None
    except (TypeError, ValueError, KeyError) as exc:
        raise InputError(f"{where}: {str(exc)[:200]}") from None


def _pair(value: Any, name: str) -> tuple[float, float]:
    x, y = numbers(value, name, 2)
    return (x, y)
