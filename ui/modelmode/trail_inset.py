"""A magnified inset of the short trails on a model's map, so every run's path can be seen.

On a network's plane the reference run (Adam) travels far and the others a few pixels: a trail
is *short* when its extent (the larger side of its bounding box) is under SHORT_FRACTION of
the view's span. The inset, in the map's lower right corner, shows the box around every
short trail (with INSET_MARGIN on each side, square in data units) at the map's own loss
picture and contour lines, the short trails up to the current frame in their run's colours
with the current point, and a title saying what it magnifies and by how much; a rectangle on
the map marks the box. Hidden in function mode, and when no trail is short.

Reads the app model only (landscape, runs, frame, view range); draws nothing the core did
not compute.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF

from ui.views.colors import run_pen, shadow_pen

SHORT_FRACTION = 0.15
INSET_MARGIN = 0.2
INSET_SIZE = 0.36  # share of the map's width and height
TITLE_STYLE = "font-size:8pt;color:#d0d2da"


def trail_extent(xs: np.ndarray) -> float:
    """The larger side of the bounding box of points ``xs (k, 2)`` (0 for none)."""
    pts = np.asarray(xs, dtype=float).reshape(-1, 2)
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    return float(np.max(np.ptp(pts, axis=0))) if len(pts) else 0.0


def inset_box(trails: list[np.ndarray]) -> tuple[float, float, float, float]:
    """``(x0, x1, y0, y1)``: a square around every point of ``trails`` (each ``(k, 2)``)
    with INSET_MARGIN of its side on each side."""
    pts = np.vstack([np.asarray(t, dtype=float).reshape(-1, 2) for t in trails])
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    centre = (lo + hi) / 2
    side = max(float(np.max(hi - lo)), 1e-9) * (1 + 2 * INSET_MARGIN)
    return (centre[0] - side / 2, centre[0] + side / 2, centre[1] - side / 2, centre[1] + side / 2)


class TrailInset(QObject):
    """The inset over ``contour_view`` (a :class:`ui.views.contour_view.ContourView`)."""

    def __init__(self, contour_view, model) -> None:
        super().__init__(contour_view)
        self.view, self.model = contour_view, model
        self.short: list[int] = []  # run ids shown in the inset
        self.box: tuple[float, float, float, float] | None = None
        self.title = ""
        self.widget = pg.PlotWidget(contour_view.plot, background="#15161a")
        self.widget.setObjectName("TrailInset")
        self.plot = self.widget.getPlotItem()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        for side in ("left", "bottom"):
            self.plot.hideAxis(side)  # the title says what it magnifies, the map's box where
        self.corner = (1, 1)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.contours = pg.PlotCurveItem(connect="finite", pen=pg.mkPen((255, 255, 255, 90)))
        self.plot.addItem(self.image)
        self.plot.addItem(self.contours)
        self.items: dict[int, tuple] = {}
        self.frame_rect = pg.PlotCurveItem(
            pen=pg.mkPen("#ffffff", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)
        )
        self.frame_rect.setZValue(40)
        contour_view.plot_item.addItem(self.frame_rect)
        self.widget.hide()
        contour_view.plot.installEventFilter(self)
        m = model
        for signal in (m.landscapeChanged, m.runsChanged, m.viewRangeChanged, m.modeChanged):
            signal.connect(self.refresh)
        m.runUpdated.connect(self.refresh)
        m.frameChanged.connect(self._draw_trails)
        contour_view.view_box.sigRangeChanged.connect(self.refresh)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        """Square, INSET_SIZE of the map, in the map's corner holding the fewest trail points."""
        rect = self.view.view_box.sceneBoundingRect()
        host = self.view.plot
        top_left = host.mapFromScene(rect.topLeft())
        w, h = int(rect.width()), int(rect.height())
        side = max(110, int(min(w, h) * INSET_SIZE * 1.4))
        pad = 8
        corners = {
            (0, 0): (top_left.x() + pad, top_left.y() + pad),
            (1, 0): (top_left.x() + w - side - pad, top_left.y() + pad),
            (0, 1): (top_left.x() + pad, top_left.y() + h - side - pad),
            (1, 1): (top_left.x() + w - side - pad, top_left.y() + h - side - pad),
        }
        crowd = self._corner_crowding()
        best = min(corners, key=lambda c: (crowd.get(c, 0), -c[0], -c[1]))
        self.corner = best
        x, y = corners[best]
        self.widget.setGeometry(int(x), int(y), side, side)

    def _corner_crowding(self) -> dict[tuple[int, int], int]:
        """How many trail points (every visible run) fall in each quarter of the view."""
        x0, x1, y0, y1 = self.view.shown_range()
        out: dict[tuple[int, int], int] = {}
        for e in self.model.visible_runs():
            if e.trajectory is None or not e.length():
                continue
            xs = np.asarray(e.trajectory.xs, dtype=float).reshape(-1, 2)
            right = xs[:, 0] > (x0 + x1) / 2
            low = xs[:, 1] < (y0 + y1) / 2  # screen bottom: small y
            for cx in (0, 1):
                for cy in (0, 1):
                    hit = (right == bool(cx)) & (low == bool(cy))
                    out[(cx, cy)] = out.get((cx, cy), 0) + int(np.sum(hit))
        return out

    # -- what is short -----------------------------------------------------------------------
    def _view_span(self) -> float:
        x0, x1, y0, y1 = self.view.shown_range()
        return max(abs(x1 - x0), abs(y1 - y0))

    def refresh(self, *_args) -> None:
        data = self.model.landscape
        runs = [e for e in self.model.visible_runs() if e.trajectory is not None and e.length()]
        if data is None or not data.is_model or not runs:
            self._hide()
            return
        span = self._view_span()
        short = [e for e in runs if trail_extent(e.trajectory.xs) < SHORT_FRACTION * span]
        if not short:
            self._hide()
            return
        self.short = [e.run_id for e in short]
        self.box = inset_box([e.trajectory.xs for e in short])
        self._show_picture(data)
        self._build_trails()
        x0, x1, y0, y1 = self.box
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)
        self.frame_rect.setData([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0])
        self.frame_rect.show()
        marks = " ".join(f"<span style='color:{e.color}'>■</span>" for e in short)
        zoom = span / (x1 - x0)
        self.title = f"zoom ×{zoom:.0f}"
        self.plot.setTitle(f"<span style='{TITLE_STYLE}'>{self.title} {marks}</span>")
        self.widget.setToolTip(
            "The short trails magnified: " + ", ".join(e.display_name for e in short)
        )
        self._draw_trails(self.model.frame)
        self._place()
        self.widget.show()
        self.widget.raise_()

    def _hide(self) -> None:
        self.short, self.box = [], None
        self._build_trails()
        self.widget.hide()
        self.frame_rect.hide()

    def _show_picture(self, data) -> None:
        grid = data.grid
        self.image.setImage(grid.normalized(data.scale), levels=(0.0, 1.0), autoLevels=False)
        self.image.setLookupTable(self.view.image.lut)
        dx = (grid.xs[-1] - grid.xs[0]) / max(1, grid.xs.size - 1)
        dy = (grid.ys[-1] - grid.ys[0]) / max(1, grid.ys.size - 1)
        self.image.setRect(
            QRectF(
                grid.xs[0] - dx / 2,
                grid.ys[0] - dy / 2,
                grid.xs[-1] - grid.xs[0] + dx,
                grid.ys[-1] - grid.ys[0] + dy,
            )
        )
        xs, ys = self.view.contours.getData()
        self.contours.setData(xs if xs is not None else [], ys if ys is not None else [])

    def _build_trails(self) -> None:
        """One shadow, line, current point and start marker per short run."""
        for items in self.items.values():
            for item in items:
                self.plot.removeItem(item)
        self.items = {}
        for run_id in self.short:
            entry = self.model.run(run_id)
            shadow = pg.PlotCurveItem(pen=shadow_pen(4.0))
            line = pg.PlotCurveItem(pen=run_pen(entry.color, 2.0))
            here = pg.ScatterPlotItem(size=9, pen=pg.mkPen("k"), brush=entry.color)
            start = pg.ScatterPlotItem(size=12, symbol="star", pen=pg.mkPen("k"), brush="#ffffff")
            for z, item in enumerate((shadow, line, here, start), start=10):
                item.setZValue(z)
                self.plot.addItem(item)
            self.items[run_id] = (shadow, line, here, start)

    def _draw_trails(self, frame: int = 0) -> None:
        """Each short trail up to ``frame`` (a run that ended stays at its end)."""
        if self.box is None:
            return
        for run_id, (shadow, line, here, start) in self.items.items():
            entry = self.model.run(run_id)
            if entry is None or entry.trajectory is None or not entry.length():
                continue
            xs = np.asarray(entry.trajectory.xs, dtype=float)
            n = entry.index_at(frame) + 1
            shadow.setData(xs[:n, 0], xs[:n, 1])
            line.setData(xs[:n, 0], xs[:n, 1])
            here.setData([xs[n - 1, 0]], [xs[n - 1, 1]])
            start.setData([xs[0, 0]], [xs[0, 1]])

    def shown_trails(self) -> dict[int, np.ndarray]:
        """Run id -> the points ``(k, 2)`` its inset line holds (for tests)."""
        out = {}
        for run_id, (_shadow, line, _here, _start) in self.items.items():
            x, y = line.getData()
            out[run_id] = np.column_stack([x, y]) if x is not None else np.empty((0, 2))
        return out
