"""Arrows drawn in data coordinates with heads of a fixed size on screen.

A shaft from ``(x, y)`` to ``(x + u, y + v)`` plus two head strokes, as segment pairs for
``PlotCurveItem(connect="pairs")``. The head is sized in pixels (``px``, ``py`` = data units
per pixel), so arrows look the same whatever the axes' aspect ratio.
"""

from __future__ import annotations

import numpy as np

HEAD_PX = 9.0
HEAD_HALF_ANGLE = np.radians(24)


def arrow_segments(x, y, u, v, px: float, py: float, head_px: float = HEAD_PX):
    """Segments for arrows at ``x, y (k,)`` with vectors ``u, v (k,)`` (data units).

    Returns ``xs, ys (6k,)``: three segments per arrow (shaft, two head strokes); arrows with a
    non-finite or zero-length vector are dropped.
    """
    x, y, u, v = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (x, y, u, v))
    keep = np.isfinite(x) & np.isfinite(y) & np.isfinite(u) & np.isfinite(v) & ((u != 0) | (v != 0))
    x, y, u, v = x[keep], y[keep], u[keep], v[keep]
    if x.size == 0 or px <= 0 or py <= 0:
        return np.empty(0), np.empty(0)
    tx, ty = x + u, y + v
    # direction on screen (pixels), then the two head strokes rotated back from the tip
    su, sv = u / px, v / py
    length = np.hypot(su, sv)
    head = np.minimum(head_px, 0.6 * length)
    ang = np.arctan2(sv, su)
    xs = np.empty((x.size, 6))
    ys = np.empty((x.size, 6))
    xs[:, 0], ys[:, 0], xs[:, 1], ys[:, 1] = x, y, tx, ty
    for k, sign in ((2, 1.0), (4, -1.0)):
        a = ang + np.pi - sign * HEAD_HALF_ANGLE
        xs[:, k], ys[:, k] = tx, ty
        xs[:, k + 1] = tx + head * np.cos(a) * px
        ys[:, k + 1] = ty + head * np.sin(a) * py
    return xs.ravel(), ys.ravel()


def scale_to_length(u, v, length: float):
    """Rescale vectors ``u, v (k,)`` so that the longest has ``length`` (direction kept)."""
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    norm = np.hypot(u, v)
    finite = norm[np.isfinite(norm)]
    top = float(finite.max()) if finite.size else 0.0
    if top <= 0:
        return u, v
    return u * (length / top), v * (length / top)


def clip_length(u, v, limit: float):
    """Shorten vectors longer than ``limit`` to ``limit`` (shorter ones unchanged)."""
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    norm = np.hypot(u, v)
    with np.errstate(all="ignore"):
        factor = np.where(norm > limit, limit / norm, 1.0)
    return u * factor, v * factor
