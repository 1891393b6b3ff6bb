"""Arrows drawn in data coordinates with heads of a fixed size on screen, and how long −∇f is.

A shaft from ``(x, y)`` to ``(x + u, y + v)`` plus two head strokes, as segment pairs for
``PlotCurveItem(connect="pairs")``. The head is sized in pixels (``px``, ``py`` = data units
per pixel), so arrows look the same whatever the axes' aspect ratio.

The −∇f arrow (:func:`gradient_arrow`) is drawn with a length that means something: the run's
start (where every run on screen begins) gets ``GRADIENT_SHARE`` of the view, any other point
``‖∇f‖ / ‖∇f(start)‖`` times that ("scaled"), or a share that falls by the same amount per
decade of ‖∇f‖ and reaches 0 at the run's tolerance ("log"), or always the start's ("unit":
the direction only); never longer than ``MAX_SHARE`` of the view, and not drawn at all where
‖∇f‖ is at or below the run's tolerance (there a converged run's direction is noise).
"""

from __future__ import annotations

import numpy as np

HEAD_PX = 9.0
HEAD_HALF_ANGLE = np.radians(24)
#: −∇f at the run's start is drawn with this share of the view's smaller side
GRADIENT_SHARE = 0.12
#: no −∇f arrow is longer than this share of the view
MAX_SHARE = 0.3


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


def gradient_arrow(
    direction, norm: float, reference: float, tolerance: float, span: float, mode: str
) -> np.ndarray | None:
    """The −∇f arrow ``(2,)`` in data units, or None where none is drawn.

    ``direction (2,)``: −∇f in the view's plane; ``norm``: the run's ‖∇f‖ at that point (of all
    its parameters); ``reference``: ‖∇f‖ at the run's start; ``tolerance``: the run's gtol;
    ``span``: the view's smaller side; ``mode``: "scaled", "log" or "unit" (module docstring).
    """
    d = np.asarray(direction, dtype=float)[:2]
    planar = float(np.hypot(d[0], d[1]))
    if not (np.all(np.isfinite(d)) and np.isfinite(norm)) or planar == 0.0 or span <= 0:
        return None
    if norm <= max(float(tolerance), 0.0) or norm == 0.0:
        return None  # converged here: no direction worth drawing
    share = GRADIENT_SHARE
    usable = np.isfinite(reference) and reference > 0
    if mode == "scaled" and usable:
        share = GRADIENT_SHARE * norm / reference
    elif mode == "log" and usable:
        floor = float(tolerance) if tolerance > 0 else reference * 1e-12
        if reference > floor:
            share = GRADIENT_SHARE * np.log(norm / floor) / np.log(reference / floor)
    elif mode not in ("scaled", "log", "unit"):
        raise ValueError(f"arrow length {mode!r}")
    return d / planar * min(float(share), MAX_SHARE) * span


def gradient_norms(entry, index: int) -> tuple[float, float, float]:
    """``(‖∇f‖ at index, ‖∇f‖ at the start, the run's gtol)`` of a run (a
    :class:`~ui.state.model.RunEntry` with its trajectory), for :func:`gradient_arrow`."""
    traj = entry.trajectory
    norms = np.asarray(traj.grad_norms, dtype=float)
    hyper = getattr(traj, "hyperparameters", None) or entry.hyper
    tolerance = float(hyper.get("gtol", 0.0) or 0.0)
    if not len(norms):
        return np.nan, np.nan, tolerance
    return float(norms[min(index, len(norms) - 1)]), float(norms[0]), tolerance
