"""Contour lines of a sampled grid, via contourpy (C++), as NaN-separated polylines.

Each level comes back as two 1-D arrays ``x (m,)`` and ``y (m,)``: every polyline of that level
concatenated, with a ``nan`` row between consecutive polylines. That is the form pyqtgraph draws
in one call (``PlotCurveItem(x, y, connect="finite")``). Closed contours repeat their first
point at the end.

Regions where f is undefined (``nan`` in the grid) are masked: lines stop at their border
(``corner_mask=True`` keeps the valid triangle of a quad that has one undefined corner).
"""

from __future__ import annotations

from dataclasses import dataclass

import contourpy
import numpy as np

from landscape.grid import Grid


@dataclass(frozen=True)
class ContourLevel:
    """The lines of one level: ``x (m,)``, ``y (m,)`` with ``nan`` between polylines."""

    level: float
    x: np.ndarray
    y: np.ndarray

    @property
    def empty(self) -> bool:
        return self.x.size == 0

    @property
    def n_lines(self) -> int:
        """Number of polylines (``nan`` breaks + 1; 0 when empty)."""
        return 0 if self.empty else int(np.count_nonzero(np.isnan(self.x))) + 1


def contour_generator(grid: Grid):
    """A contourpy generator over ``grid``: z transposed to contourpy's ``(ny, nx)`` layout,
    x along columns; ``nan`` samples are masked by contourpy."""
    return contourpy.contour_generator(
        grid.xs,
        grid.ys,
        grid.z.T,
        name="serial",
        corner_mask=True,
        line_type=contourpy.LineType.ChunkCombinedNan,
    )


def contour_lines(grid: Grid, levels) -> list[ContourLevel]:
    """Contour lines of ``grid`` at each of ``levels (k,)``: a list of ``k`` :class:`ContourLevel`
    in the order given (a level with no line gets empty arrays; non-finite levels are skipped).
    """
    levels = [float(v) for v in np.atleast_1d(np.asarray(levels, dtype=float))]
    levels = [v for v in levels if np.isfinite(v)]
    if not levels:
        return []
    gen = contour_generator(grid)
    if hasattr(gen, "multi_lines"):  # contourpy >= 1.3: one call for all levels
        results = gen.multi_lines(levels)
    else:
        results = [gen.lines(v) for v in levels]
    return [_to_level(v, result) for v, result in zip(levels, results, strict=True)]


def _to_level(level: float, result) -> ContourLevel:
    """contourpy's ChunkCombinedNan output ``([points (m, 2) | None per chunk],)`` -> one
    :class:`ContourLevel`, chunks joined with a ``nan`` row."""
    chunks = [c for c in result[0] if c is not None and len(c)]
    if not chunks:
        empty = np.empty(0)
        return ContourLevel(level, empty, empty.copy())
    if len(chunks) == 1:
        points = chunks[0]
    else:
        gap = np.full((1, 2), np.nan)
        parts = [chunks[0]]
        for c in chunks[1:]:
            parts += [gap, c]
        points = np.concatenate(parts)
    return ContourLevel(
        level, np.ascontiguousarray(points[:, 0]), np.ascontiguousarray(points[:, 1])
    )
