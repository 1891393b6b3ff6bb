"""Regions where f is constant: every point there is critical (∇f = 0 on an open set).

A polynomial is constant on a region only if it is constant everywhere (the exact solve says
so), but a non-smooth f such as relu(x)·relu(y) is flat on three quarters of the plane, and a
function given as numbers may be flat anywhere. The numeric search meets such a region as
critical points whose Hessian vanishes and which stay critical when moved in every direction;
its extent is then read off a grid: the cells where |∇f| and ‖∇²f‖ are both at rounding level,
outlined as contour lines of that mask (n = 2) or as intervals (n = 1).
"""

from __future__ import annotations

import numpy as np

from landscape.calculus import raw_hessian
from landscape.critical.classify import values_at
from landscape.critical.numeric import gradients
from landscape.critical.result import CriticalSet

#: Grid points per axis used to outline a flat region.
REGION_GRID = {1: 401, 2: 41}


def flat_mask(objective, box: np.ndarray, ftol: float, htol: float):
    """(axes, mask of shape (k,)*n) of grid points where |∇f| ≤ ftol, |∇f| ≤ 1e-12 |f| and
    ‖∇²f‖ ≤ htol (a tail where f and ∇f are tiny, as exp(-x²) far out, is not flat: there
    |∇f| is not small next to f)."""
    n = box.shape[0]
    k = REGION_GRID.get(n, 9)
    axes = [np.linspace(lo, hi, k) for lo, hi in box]
    P = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, n)
    g = np.linalg.norm(gradients(objective, P), axis=1)
    f = values_at(objective, P)
    mask = (g <= ftol) & (g <= 1e-12 * np.abs(f))  # 0 at a flat zero, rounding where f ≠ 0
    for i in np.flatnonzero(mask):
        H = raw_hessian(objective, P[i])
        mask[i] = bool(np.all(np.isfinite(H)) and np.max(np.abs(H)) <= htol)
    return axes, mask.reshape((k,) * n)


def region_set(objective, box: np.ndarray, ftol: float, htol: float) -> CriticalSet | None:
    """The flat region(s) of f in ``box`` as one CriticalSet of kind "constant"."""
    axes, mask = flat_mask(objective, box, ftol, htol)
    if not mask.any():
        return None
    n = box.shape[0]
    P = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, n)
    values = values_at(objective, P[mask.reshape(-1)])
    value = float(np.nanmedian(values)) if np.any(np.isfinite(values)) else float("nan")
    whole = bool(mask.all())
    outline = _outline(axes, mask) if not whole else box_outline(box)
    where = "on the whole domain" if whole else "on a region"
    words = f"f is constant {where} (f = {value:.6g}): every point there is critical"
    return CriticalSet("constant", words, outline, value, "numeric", None, n)


def near_region(point: np.ndarray, axes, mask: np.ndarray) -> bool:
    """Whether a grid point of ``mask`` lies within one grid cell of ``point`` (the region or
    its edge, where f takes the region's value too)."""
    idx = [int(np.argmin(np.abs(a - v))) for a, v in zip(axes, point, strict=True)]
    window = tuple(slice(max(i - 1, 0), i + 2) for i in idx)
    return bool(mask[window].any())


def box_outline(box: np.ndarray) -> np.ndarray:
    """The box as a closed polyline (n = 2), its two ends (n = 1), or nothing (n ≥ 3)."""
    if box.shape[0] == 2:
        (x0, x1), (y0, y1) = box
        return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])
    if box.shape[0] == 1:
        return box.reshape(2, 1).copy()
    return np.empty((0, box.shape[0]))


def _outline(axes, mask: np.ndarray) -> np.ndarray:
    if mask.ndim == 1:
        return _intervals(axes[0], mask)
    if mask.ndim != 2:
        return np.empty((0, mask.ndim))
    import contourpy

    generator = contourpy.contour_generator(axes[0], axes[1], mask.T.astype(float))
    parts: list[np.ndarray] = []
    for line in generator.lines(0.5):
        if parts:
            parts.append(np.full((1, 2), np.nan))
        parts.append(np.asarray(line, dtype=float))
    return np.vstack(parts) if parts else np.empty((0, 2))


def _intervals(xs: np.ndarray, mask: np.ndarray) -> np.ndarray:
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    parts: list[list[float]] = []
    for a, b in zip(starts, ends, strict=True):
        if parts:
            parts.append([np.nan])
        parts += [[xs[a]], [xs[b]]]
    return np.array(parts, dtype=float).reshape(-1, 1)
