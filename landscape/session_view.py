"""How the person looks at a session (version 3 on): the 2D view range, the 3D camera, the
loss panel's log axes, the overlays and the selected run, how the −∇f arrow's length is drawn,
the 3D surface's shading and orbit speed, as plain data (fields missing from an older file
take their defaults).

``None`` for the range or the camera means "fitted to the landscape" (what the app shows for
a landscape nobody has zoomed or turned). A loaded ``view`` object is untrusted: every field
is checked (:mod:`landscape.session_fields`) and unknown keys are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from landscape.errors import InputError
from landscape.session_fields import choice, flag, number, numbers, whole

#: the overlays a view can draw (vectors of the selected run, and the gradient field)
OVERLAY_KINDS = ("gradient", "step", "velocity", "newton", "trials", "field")
DEFAULT_OVERLAYS = ("gradient", "step")
#: 3D camera: elevation and azimuth in degrees, the field of view, the distance and the
#: centre in the surface's box coordinates
CAMERA_RANGES = {"elevation": 90.0, "azimuth": 1e6, "fov": 179.0, "distance": 1e6}
MAX_RANGE = 1e12
#: the −∇f arrow's length: proportional to ‖∇f‖ ("scaled"), to log ‖∇f‖ above the run's
#: tolerance ("log"), or the same for every point ("unit": the direction only)
ARROW_LENGTHS = ("scaled", "log", "unit")
#: the 3D surface: the colour map alone ("flat") or lit by a light beside the camera ("lit")
SHADINGS = ("flat", "lit")
#: the 3D view's turn per pixel dragged, as a multiple of pyqtgraph's 1°/pixel
ORBIT_SPEEDS = (0.1, 4.0)
_FIELDS = (
    "range",
    "camera",
    "loss_log",
    "overlays",
    "selected_run",
    "arrows",
    "shading",
    "orbit_speed",
)


def default_overlays() -> dict[str, bool]:
    return {kind: kind in DEFAULT_OVERLAYS for kind in OVERLAY_KINDS}


@dataclass
class Camera:
    """The 3D view's camera (pyqtgraph's orbit camera): ``center (3,)`` in box coordinates."""

    distance: float = 3.6
    elevation: float = 28.0
    azimuth: float = -60.0
    fov: float = 60.0
    center: tuple[float, float, float] = (0.0, 0.0, 0.4)


@dataclass
class ViewConfig:
    """``range``: the 2D view ``(xmin, xmax, ymin, ymax)`` or None (the whole domain);
    ``camera`` or None (fitted); ``selected_run``: an index into the session's runs, -1 none."""

    range: tuple[float, float, float, float] | None = None
    camera: Camera | None = None
    loss_log: bool = True
    overlays: dict[str, bool] = field(default_factory=default_overlays)
    selected_run: int = 0
    arrows: str = "scaled"
    shading: str = "flat"
    orbit_speed: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        camera = None
        if self.camera is not None:
            c = self.camera
            camera = {
                "distance": c.distance,
                "elevation": c.elevation,
                "azimuth": c.azimuth,
                "fov": c.fov,
                "center": list(c.center),
            }
        return {
            "range": None if self.range is None else list(self.range),
            "camera": camera,
            "loss_log": self.loss_log,
            "overlays": {kind: self.overlays.get(kind, False) for kind in OVERLAY_KINDS},
            "selected_run": self.selected_run,
            "arrows": self.arrows,
            "shading": self.shading,
            "orbit_speed": self.orbit_speed,
        }


def validate_view(value: Any, runs: int) -> ViewConfig:
    """Check a decoded ``view`` object (``runs``: how many runs the session has)."""
    if not isinstance(value, dict) or set(value) - set(_FIELDS):
        raise InputError("view: expected " + ", ".join(_FIELDS))
    return ViewConfig(
        range=_range(value.get("range")),
        camera=_camera(value.get("camera")),
        loss_log=flag(value.get("loss_log", True), "view.loss_log"),
        overlays=_overlays(value.get("overlays", default_overlays())),
        selected_run=whole(value.get("selected_run", 0), "view.selected_run", -1, max(0, runs)),
        arrows=choice(value.get("arrows", "scaled"), "view.arrows", ARROW_LENGTHS),
        shading=choice(value.get("shading", "flat"), "view.shading", SHADINGS),
        orbit_speed=_orbit_speed(value.get("orbit_speed", 1.0)),
    )


def _orbit_speed(value: Any) -> float:
    lo, hi = ORBIT_SPEEDS
    speed = number(value, "view.orbit_speed", hi)
    if speed < lo:
        raise InputError(f"view.orbit_speed: expected a number from {lo:g} to {hi:g}")
    return speed


def _range(value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    x0, x1, y0, y1 = numbers(value, "view.range", 4, MAX_RANGE)
    if not (x0 < x1 and y0 < y1):
        raise InputError("view.range: each range must have min < max")
    return (x0, x1, y0, y1)


def _camera(value: Any) -> Camera | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {*CAMERA_RANGES, "center"}:
        raise InputError("view.camera: expected distance, elevation, azimuth, fov and center")
    out = {}
    for key, limit in CAMERA_RANGES.items():
        out[key] = numbers([value[key]], f"view.camera.{key}", 1, limit)[0]
    if out["distance"] <= 0 or out["fov"] <= 0:
        raise InputError("view.camera: distance and fov must be positive")
    x, y, z = numbers(value["center"], "view.camera.center", 3, 1e6)
    return Camera(center=(x, y, z), **out)


def _overlays(value: Any) -> dict[str, bool]:
    if not isinstance(value, dict) or set(value) - set(OVERLAY_KINDS):
        raise InputError("view.overlays: expected " + ", ".join(OVERLAY_KINDS))
    out = default_overlays()
    for kind, on in value.items():
        out[kind] = flag(on, f"view.overlays.{kind}")
    return out
