"""Colour maps and pens shared by the views (one place, so 2D and 3D agree)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg


@lru_cache(maxsize=16)
def colormap(name: str) -> pg.ColorMap:
    cmap = pg.colormap.get(name)
    if cmap is None:  # pragma: no cover - every listed name ships with pyqtgraph
        cmap = pg.colormap.get("viridis")
    return cmap


def map_unit(name: str, values: np.ndarray) -> np.ndarray:
    """RGBA floats ``(*S, 4)`` in 0..1 for ``values (*S)`` in 0..1; NaN → transparent."""
    values = np.asarray(values, dtype=float)
    flat = np.nan_to_num(values.ravel(), nan=0.0)
    rgba = colormap(name).map(flat, mode="float").reshape(*values.shape, 4).copy()
    rgba[np.isnan(values), 3] = 0.0
    return rgba


def contrast_pen(name: str, alpha: int = 110) -> pg.QtGui.QPen:
    """A thin pen for contour lines that reads on the whole map (light on dark maps)."""
    pen = pg.mkPen((255, 255, 255, alpha), width=1)
    pen.setCosmetic(True)
    return pen


def run_pen(color: str, width: float = 2.0) -> pg.QtGui.QPen:
    pen = pg.mkPen(color, width=width)
    pen.setCosmetic(True)
    return pen


def shadow_pen(width: float = 4.0) -> pg.QtGui.QPen:
    pen = pg.mkPen((0, 0, 0, 170), width=width)
    pen.setCosmetic(True)
    return pen
