"""The nearest point where f is defined: what to offer when a start lands where it is not.

``nearest_defined(objective, start, domain, grid=None)`` looks over a grid of the domain (the
landscape's own samples when given, else ``SEARCH_RESOLUTION``² fresh ones) for the defined
samples, prefers those whose four neighbours are defined too (a point on the edge of the
domain of definition, such as ``x = 0`` for ``log(x)``, makes a poor start), and returns the
one closest to ``start`` (Euclidean distance in the plane), rounded to a short decimal that is
checked again: f and ∇f finite there. None when nothing in the domain is defined.

The search is plain numpy on an objective's uncounted grid evaluations, so it does not touch
the evaluation counts a run reports.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from landscape.grid import Domain, Grid
from landscape.objective import Objective

#: samples per axis when no grid of the landscape is given
SEARCH_RESOLUTION = 121
#: how many of the closest candidates are checked after rounding before giving up on rounding
CHECKED = 64


def nearest_defined(
    objective: Objective,
    start: Sequence[float],
    domain: Domain,
    grid: Grid | None = None,
) -> tuple[float, float] | None:
    """The defined point of ``domain`` nearest to ``start`` ``(x, y)`` (see the module)."""
    if grid is None:
        xs = np.linspace(domain.xmin, domain.xmax, SEARCH_RESOLUTION)
        ys = np.linspace(domain.ymin, domain.ymax, SEARCH_RESOLUTION)
        gx, gy = np.meshgrid(xs, ys, indexing="ij")
        with np.errstate(all="ignore"):
            finite = np.isfinite(np.asarray(objective.f_grid(gx, gy), dtype=float))
    else:
        xs, ys, finite = grid.xs, grid.ys, grid.finite
        gx, gy = np.meshgrid(xs, ys, indexing="ij")
    if not finite.any():
        return None
    inner = _interior(finite)
    mask = inner if inner.any() else finite
    x0, y0 = float(start[0]), float(start[1])
    cx, cy = gx[mask], gy[mask]
    order = np.argsort((cx - x0) ** 2 + (cy - y0) ** 2, kind="stable")
    spacing = min(_spacing(xs), _spacing(ys))
    checked = order[:CHECKED]
    for index in checked:
        point = _rounded(float(cx[index]), float(cy[index]), spacing)
        if _defined(objective, point):
            return point
    for index in checked:  # rounding always landed outside: the sample itself
        point = (float(cx[index]), float(cy[index]))
        if _defined(objective, point):
            return point
    return None


def _interior(finite: np.ndarray) -> np.ndarray:
    """Samples defined together with their four neighbours (edges of the grid count as
    defined neighbours: the domain's border is not a border of definition)."""
    padded = np.pad(finite, 1, mode="edge")
    return finite & padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]


def _spacing(values: np.ndarray) -> float:
    if values.size < 2:
        return 1.0
    return float(abs(values[1] - values[0])) or 1.0


def _rounded(x: float, y: float, spacing: float) -> tuple[float, float]:
    """``(x, y)`` with one decimal more than the sample spacing needs (0.05 → 2 decimals)."""
    decimals = max(0, min(12, 1 - math.floor(math.log10(spacing))))
    return (round(x, decimals) + 0.0, round(y, decimals) + 0.0)


def _defined(objective: Objective, point: tuple[float, float]) -> bool:
    """f and ∇f are finite at ``point`` (grid evaluation: not counted)."""
    px, py = np.array([point[0]]), np.array([point[1]])
    with np.errstate(all="ignore"):
        value = np.asarray(objective.f_grid(px, py), dtype=float)
        try:
            gradient = np.asarray(objective.grad_grid(px, py), dtype=float)
        except NotImplementedError:  # an objective without grid gradients: f decides
            gradient = np.zeros(1)
    return bool(np.isfinite(value).all() and np.isfinite(gradient).all())
