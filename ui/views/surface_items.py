"""The GL items of the surface view (imported only once OpenGL is known to load)."""

from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtGui import QColor, QVector3D

from ui.views.surface_camera import HEIGHT

#: the surface is drawn with at most this many vertices per axis (a software-GL mesh of 300²
#: costs ~4× the upload and the draw of 150², for no visible gain at a pane's size)
MAX_VERTICES = 150


def _pick(n: int) -> np.ndarray:
    """At most MAX_VERTICES indices of ``0..n-1``, evenly spread, both ends kept."""
    if n <= MAX_VERTICES:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, MAX_VERTICES)).astype(int))


def _rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = QColor(color)
    return (c.redF(), c.greenF(), c.blueF(), alpha)


class SurfaceItems:
    """Surface, floor grid, start marker, and one line + point per run."""

    def __init__(self, widget: gl.GLViewWidget) -> None:
        self.widget = widget
        self.surface = gl.GLSurfacePlotItem(
            shader=None, glOptions="opaque", smooth=False, computeNormals=False
        )
        widget.addItem(self.surface)
        self.floor = gl.GLGridItem(size=QVector3D(2, 2, 1), color=(255, 255, 255, 60))
        self.floor.setSpacing(0.25, 0.25, 1)
        widget.addItem(self.floor)
        self.labels = [
            gl.GLTextItem(pos=pos, text=text, color=(220, 220, 220, 255))
            for pos, text in (
                ((1.1, -1.05, 0), "x"),
                ((-1.05, 1.1, 0), "y"),
                ((-1.05, -1.05, HEIGHT + 0.05), "f"),
            )
        ]
        for label in self.labels:
            widget.addItem(label)
        self.axis = gl.GLLinePlotItem(
            pos=np.array([[-1, -1, 0], [-1, -1, HEIGHT]]), color=(0.85, 0.85, 0.85, 0.6), width=1.0
        )
        widget.addItem(self.axis)
        self.start = gl.GLScatterPlotItem(size=12, color=(1, 1, 1, 1), glOptions="opaque")
        widget.addItem(self.start)
        self.trails: dict[int, tuple[gl.GLLinePlotItem, gl.GLScatterPlotItem]] = {}
        self._picks = (slice(None), slice(None))

    def set_surface(self, x, y, z, colors) -> None:
        """``x (nx,)``, ``y (ny,)``, ``z (nx, ny)`` box units; ``colors (nx, ny, 4)`` floats."""
        ix, iy = _pick(len(x)), _pick(len(y))
        self._picks = (ix, iy)
        x, y, z = np.asarray(x)[ix], np.asarray(y)[iy], np.asarray(z)[np.ix_(ix, iy)]
        colors = colors[np.ix_(ix, iy)]
        self.surface.setData(
            x=np.asarray(x, dtype=np.float32),
            y=np.asarray(y, dtype=np.float32),
            z=np.asarray(z, dtype=np.float32),
            colors=colors.reshape(-1, 4).astype(np.float32),
        )

    def set_colors(self, colors) -> None:
        ix, iy = self._picks
        picked = colors[ix][:, iy] if isinstance(ix, np.ndarray) else colors
        self.surface.setData(colors=picked.reshape(-1, 4).astype(np.float32))

    def set_start(self, point: np.ndarray) -> None:
        self.start.setData(pos=np.nan_to_num(point, nan=0.0).astype(np.float32))

    def set_trails(self, wanted: dict[int, tuple[np.ndarray, str]]) -> None:
        """``wanted``: run id → (points (k, 3) in box units, colour); others are removed."""
        for run_id in [i for i in self.trails if i not in wanted]:
            line, dot = self.trails.pop(run_id)
            self.widget.removeItem(line)
            self.widget.removeItem(dot)
        for run_id, (points, color) in wanted.items():
            if run_id not in self.trails:
                line = gl.GLLinePlotItem(width=3.0, antialias=True, glOptions="opaque")
                dot = gl.GLScatterPlotItem(size=13, glOptions="opaque")
                self.widget.addItem(line)
                self.widget.addItem(dot)
                self.trails[run_id] = (line, dot)
            line, dot = self.trails[run_id]
            finite = points[np.all(np.isfinite(points), axis=1)].astype(np.float32)
            rgba = _rgba(color)
            if len(finite) >= 2:
                line.setData(pos=finite, color=rgba)
            else:
                line.setData(pos=np.zeros((0, 3), dtype=np.float32))
            dot.setData(pos=finite[-1:] if len(finite) else np.zeros((0, 3)), color=rgba)
