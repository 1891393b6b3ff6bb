"""Framing the 3D view: the camera distance at which the unit box fills a share of the pane."""

from __future__ import annotations

import numpy as np

#: the height of the unit box: the grid's clipped z is drawn over [0, HEIGHT]
HEIGHT = 1.0

#: the box's largest projected extent, as a share of the pane (NDC half-width 1 = the edge):
#: room is left outside the box for the axes' tick values
FILL = 0.8


def box_corners(height: float) -> np.ndarray:
    return np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (0, height)], float)


def _extent(corners, center, distance, elevation, azimuth, fov, aspect) -> float:
    """The largest |NDC| coordinate of ``corners`` seen from this camera (aspect = w / h)."""
    el, az = np.radians(elevation), np.radians(azimuth)
    back = np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])
    right = np.cross([0.0, 0.0, 1.0], back)
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    rel = corners - center
    depth = distance - rel @ back
    if np.any(depth <= 1e-3):
        return np.inf
    t = np.tan(np.radians(fov) / 2)  # pyqtgraph's fov spans the width
    x = np.abs(rel @ right) / (depth * t)
    y = np.abs(rel @ up) / (depth * t / aspect)
    return float(max(x.max(), y.max()))


def fit_distance(
    center,
    elevation: float,
    azimuth: float,
    fov: float,
    aspect: float,
    height: float = 1.0,
    fill: float = FILL,
) -> float:
    """The camera distance at which the box spans ``fill`` of the pane's tighter side."""
    corners = box_corners(height)
    center = np.asarray(center, dtype=float)
    lo, hi = 0.5, 50.0
    for _ in range(40):  # the extent shrinks as the camera backs away: bisect
        mid = (lo + hi) / 2
        if _extent(corners, center, mid, elevation, azimuth, fov, aspect) > fill:
            lo = mid
        else:
            hi = mid
    return hi


#: a mouse wheel's notch (120 eighths of a degree) zooms by 0.999**120 ≈ 0.89 (pyqtgraph's
#: rate); a trackpad sends many small deltas, each zooming at this share of that rate
TRACKPAD_ZOOM_SHARE = 0.35
WHEEL_NOTCH = 120


def wheel_zoom(angle_delta: int, pixel_delta: int = 0) -> float:
    """The factor a wheel event multiplies the camera distance by (< 1: closer).

    ``angle_delta``: the event's angle delta in eighths of a degree; ``pixel_delta``: its pixel
    delta (non-zero only from a trackpad). A trackpad (a pixel delta, or an angle delta that is
    not whole notches) zooms :data:`TRACKPAD_ZOOM_SHARE` as fast per unit as a wheel.
    """
    trackpad = pixel_delta != 0 or angle_delta % WHEEL_NOTCH != 0
    rate = 0.999 ** (TRACKPAD_ZOOM_SHARE if trackpad else 1.0)
    return float(rate**angle_delta)
