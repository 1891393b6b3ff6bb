"""The 2D view: the landscape as a coloured image with contour lines, trails and vectors.

Axes are in data units (named after the landscape's variables). NaN (undefined) samples are
transparent over a hatched rectangle exactly as large as the sampled grid, so only places
where f is really undefined read as hatched; outside the grid (for the moment a zoom out
waits for its resample, see :class:`ui.state.controller.Controller`) the map is plain.
A click sets the start point; moving the mouse reports ``hovered(x, y)``. The view shows the
model's ``view_range`` (None: the whole domain) and writes the range back when the person pans
or zooms (throttled, :data:`RANGE_WRITE_MS`). "Reset view" (the button in the map's corner)
and a double-click show the asked domain again (the model's ``domain``).

The colour bar carries the core's ticks (:attr:`landscape.scene.LandscapeData.color_ticks`),
every label drawn: at most seven, distinct, at their true positions on the bar.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from ui.state import startup_trace
from ui.state.model import AppModel
from ui.state.timing import Throttle
from ui.views.arrows import arrow_segments, scale_to_length
from ui.views.axes import SteadyAxis, drawn_labels
from ui.views.colors import colormap, contrast_pen
from ui.views.map_frame import HatchRect, place_in_corner, reset_button, set_color_bar_ticks
from ui.views.run_legend import PlotLegend
from ui.views.trail_layer import TrailLayer2D

FIELD_POINTS = 21
#: a pan or zoom reaches the model at most this often
RANGE_WRITE_MS = 100
CRITICAL_SYMBOLS = {"minimum": "d", "maximum": "t1", "saddle": "x", "degenerate": "o"}


def _joined_lines(lines) -> tuple[np.ndarray, np.ndarray]:
    """All levels' polylines in one pair of arrays, NaN between levels."""
    xs, ys = [], []
    for level in lines:
        if level.x.size:
            xs += [level.x, [np.nan]]
            ys += [level.y, [np.nan]]
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)


class ContourView(QWidget):
    startPicked = Signal(float, float)
    hovered = Signal(float, float)
    left = Signal()
    landscapePainted = Signal()  # the first paint after a new landscape was shown

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.current_landscape = None
        self.layers: dict[int, TrailLayer2D] = {}
        self.playing = False  # set by the playback bar: trails are cheaper in motion
        self._unpainted = False  # a landscape was set and not painted yet
        self._range_writer = Throttle(RANGE_WRITE_MS, self._write_range, self)
        # a click moves the start once no second click makes it a double-click (reset view)
        self._picked: tuple[float, float] | None = None
        self._pick_timer = QTimer(self, singleShot=True)
        self._pick_timer.timeout.connect(self._emit_pick)
        self._build()
        self._connect()
        self._add_legend()

    def _add_legend(self) -> None:
        """Which trail is whose: the runs drawn, in their colours (top left of the map)."""
        self.legend = PlotLegend(self.model, self.plot_item)

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget(
            background="#1e1f24",
            axisItems={side: SteadyAxis(side) for side in ("left", "bottom")},
        )
        self.plot.setObjectName("ContourPlot")
        self.plot_item = self.plot.getPlotItem()
        self.plot_item.setLabel("bottom", "x")
        self.plot_item.setLabel("left", "y")
        self.plot_item.hideButtons()
        self.plot_item.setMenuEnabled(False)
        self.view_box = self.plot_item.getViewBox()
        self.set_undefined_brush()
        self.image = pg.ImageItem(axisOrder="col-major")
        self.plot_item.addItem(self.image)
        self._build_reset()
        self.cbar = pg.ColorBarItem(
            values=(0, 1),
            colorMap=colormap(self.model.colormap),
            interactive=False,
            width=14,
            label="f",
        )
        self.cbar.setImageItem(self.image, insert_in=self.plot_item)
        self.contours = pg.PlotCurveItem(connect="finite", pen=contrast_pen("viridis"))
        self.field = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen((255, 255, 255, 120)))
        self.critical = pg.ScatterPlotItem(
            size=13, pen=pg.mkPen("#ffffff", width=2), brush=pg.mkBrush(0, 0, 0, 90)
        )
        # curves of critical points (a circle of minima): white over a dark halo, as the markers
        self.critical_halo = pg.PlotCurveItem(
            connect="finite", pen=pg.mkPen((0, 0, 0, 90), width=5)
        )
        self.critical_curves = pg.PlotCurveItem(connect="finite", pen=pg.mkPen("#ffffff", width=2))
        self.start_marker = pg.ScatterPlotItem(
            size=18, symbol="star", pen=pg.mkPen("k"), brush=pg.mkBrush("#ffffff")
        )
        for z, item in enumerate(
            (self.contours, self.field, self.critical_halo, self.critical_curves, self.critical),
            start=1,
        ):
            item.setZValue(z)
            self.plot_item.addItem(item)
        self.start_marker.setZValue(50)
        self.plot_item.addItem(self.start_marker)
        self.start_marker.setToolTip("start point: click the map to move it")
        # static between landscapes: drawn once into a pixmap, not re-stroked every frame
        self.contours.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        layout.addWidget(self.plot)
        self.plot.viewport().installEventFilter(self)

    def _build_reset(self) -> None:
        """The hatch under the grid, and the "Reset view" button in the map's top-right
        corner (kept there as the plot resizes)."""
        self.undefined_area = HatchRect()
        self.undefined_area.setZValue(-1)
        self.plot_item.addItem(self.undefined_area)
        self.reset_button = reset_button(self)
        self.reset_button.clicked.connect(self.reset_view)
        self.view_box.sigResized.connect(self._place_reset)

    def _place_reset(self, *_args) -> None:
        place_in_corner(self.reset_button, self, self.plot, self.view_box)

    def reset_view(self) -> None:
        """Show the landscape's own domain again (the model's ``home_range``: fitted, typed or
        a model's; an edit of the view range, which the controller resamples)."""
        m = self.model
        m.set_view_range(m.home_range or m.domain)

    def _set_contours(self, lines) -> None:
        """New contour lines; the item's device cache is dropped (Qt keeps a cached pixmap
        across a zoom that came with new lines otherwise: the old lines, stretched)."""
        mode = self.contours.cacheMode()
        self.contours.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.NoCache)
        self.contours.setData(*_joined_lines(lines))
        self.contours.setCacheMode(mode)

    def _cover_grid(self, rect: QRectF) -> None:
        """The hatch covers exactly the sampled grid ``rect`` (data units)."""
        self.undefined_area.setRect(rect)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._unpainted:
            self._unpainted = False
            self.landscapePainted.emit()
        return False

    def _connect(self) -> None:
        m = self.model
        m.landscapeChanged.connect(self.on_landscape)
        m.appearanceChanged.connect(self.on_appearance)
        m.startChanged.connect(self.on_start)
        m.runsChanged.connect(self.on_runs)
        m.runUpdated.connect(self.on_run_updated)
        m.frameChanged.connect(self.on_frame)
        m.overlaysChanged.connect(self.on_overlays)
        m.criticalChanged.connect(self.on_critical)
        m.selectedRunChanged.connect(self.on_selection)
        m.viewRangeChanged.connect(self.on_view_range)
        scene = self.plot.scene()
        scene.sigMouseClicked.connect(self._on_click)
        scene.sigMouseMoved.connect(self._on_move)
        self.view_box.sigRangeChanged.connect(self._on_range)
        self.view_box.sigRangeChangedManually.connect(self._range_writer)
        self.view_box.sigResized.connect(self._on_range)
        self.on_start()

    # -- model → view -------------------------------------------------------------------------
    def on_landscape(self) -> None:
        data = self.model.landscape
        if data is None:
            return
        grid = data.grid
        self.image.setImage(grid.normalized(data.scale), levels=(0.0, 1.0), autoLevels=False)
        dx = (grid.xs[-1] - grid.xs[0]) / max(1, grid.xs.size - 1)
        dy = (grid.ys[-1] - grid.ys[0]) / max(1, grid.ys.size - 1)
        rect = QRectF(
            grid.xs[0] - dx / 2,
            grid.ys[0] - dy / 2,
            grid.xs[-1] - grid.xs[0] + dx,
            grid.ys[-1] - grid.ys[0] + dy,
        )
        self.image.setRect(rect)
        self._cover_grid(rect)
        self._set_contours(data.lines)
        self._set_ticks(data)
        self._set_labels(data)
        self.on_appearance()
        self.current_landscape = data
        self.on_view_range()
        self._unpainted = True
        startup_trace.mark("contour-landscape")
        self._draw_field()
        self.on_frame(self.model.frame)

    def _set_labels(self, data) -> None:
        """Axes named after the variables; a model's are parameters (no SI prefixes)."""
        model = hasattr(data.objective, "train")
        names = getattr(data.objective, "variables", None) if model else None
        for side, text in zip(("bottom", "left"), names or ("x", "y"), strict=True):
            self.plot_item.setLabel(side, text)
            self.plot_item.getAxis(side).enableAutoSIPrefix(False)  # no "(×0.001)" on axes
        if model:
            self.cbar.setLabel("left", "loss (log spacing)")

    def shown_range(self) -> tuple[float, float, float, float]:
        """The range the view shows: the model's, else the landscape's whole grid."""
        if self.model.view_range is not None:
            return self.model.view_range
        grid = self.current_landscape.grid if self.current_landscape is not None else None
        if grid is None:
            (x0, x1), (y0, y1) = self.view_box.viewRange()
            return (x0, x1, y0, y1)
        return (grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1])

    def on_view_range(self) -> None:
        """Follow the model's view range (skipped when the view already shows it)."""
        x0, x1, y0, y1 = (float(v) for v in self.shown_range())
        (a0, a1), (b0, b1) = self.view_box.viewRange()
        if (a0, a1, b0, b1) != (x0, x1, y0, y1):
            self.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def _write_range(self) -> None:
        """The person panned or zoomed: the model takes the range the view shows."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        self.model.set_view_range((x0, x1, y0, y1))

    def flush(self) -> None:
        """Write a pan or zoom still waiting for its interval into the model now."""
        self._range_writer.flush()

    def _set_ticks(self, data) -> None:
        """The core's colour-bar ticks, every label drawn (see :mod:`ui.views.map_frame`)."""
        set_color_bar_ticks(self.cbar, data)

    def color_bar_labels(self) -> list[str]:
        """The labels the colour bar draws now, bottom to top (what a person reads)."""
        return drawn_labels(self.cbar.axis)

    def on_appearance(self) -> None:
        self.cbar.setColorMap(colormap(self.model.colormap))
        self.image.setLevels((0.0, 1.0))

    def on_start(self) -> None:
        x, y = self.model.start
        self.start_marker.setData([x], [y])

    def on_runs(self) -> None:
        ids = {r.run_id for r in self.model.runs}
        for run_id in [i for i in self.layers if i not in ids]:
            self.layers.pop(run_id).remove()
        for entry in self.model.runs:
            if entry.run_id not in self.layers:
                self.layers[entry.run_id] = TrailLayer2D(self.plot_item, entry)
                self.layers[entry.run_id].set_moving(self.playing)
        self.on_selection()
        self.on_frame(self.model.frame)

    def set_playing(self, playing: bool) -> None:
        """Playback started or stopped: in motion the trails skip antialiasing; at rest they
        are drawn exactly as an exported frame of the same step."""
        self.playing = bool(playing)
        for layer in self.layers.values():
            layer.set_moving(self.playing)

    def on_selection(self, *_args) -> None:
        for run_id, layer in self.layers.items():
            layer.set_selected(run_id == self.model.selected_run)

    def on_run_updated(self, run_id: int) -> None:
        layer = self.layers.get(run_id)
        entry = self.model.run(run_id)
        if layer is not None and entry is not None:
            layer.set_entry(entry)
            self._update_layer(layer)

    def on_frame(self, _frame: int = 0) -> None:
        for layer in self.layers.values():
            self._update_layer(layer)

    def _update_layer(self, layer: TrailLayer2D) -> None:
        data = self.model.landscape
        objective = data.objective if data is not None else None
        layer.update(
            self.model.frame,
            objective,
            self.model.overlays,
            self._pixel_size(),
            self._span(),
            self.model.arrow_length,
        )

    def on_overlays(self) -> None:
        self._draw_field()
        self.on_frame(self.model.frame)

    def on_critical(self) -> None:
        spots = []
        for cp in self.model.critical_points:
            kind = str(getattr(cp, "kind", ""))
            x, y = (float(v) for v in cp.point[:2])
            spots.append(
                {
                    "pos": (x, y),
                    "symbol": CRITICAL_SYMBOLS.get(kind, "d"),
                    "data": f"{kind} at ({x:.4g}, {y:.4g}), f = {cp.value:.4g}",
                }
            )
        self.critical.setData(spots)
        self.critical.setToolTip("critical points: ◇ minimum, × saddle, △ maximum")
        curves = [np.asarray(s.polyline, dtype=float) for s in self.model.critical_sets]
        curves = [c for c in curves if c.ndim == 2 and c.shape[1] == 2 and len(c)]
        if curves:
            gap = np.full((1, 2), np.nan)
            joined = np.vstack([part for c in curves for part in (c, gap)][:-1])
            self.critical_halo.setData(joined[:, 0], joined[:, 1])
            self.critical_curves.setData(joined[:, 0], joined[:, 1])
        else:
            self.critical_halo.setData([], [])
            self.critical_curves.setData([], [])
        self.critical_curves.setToolTip("\n".join(s.description for s in self.model.critical_sets))

    # -- gradient field -----------------------------------------------------------------------
    def _draw_field(self) -> None:
        data = self.model.landscape
        if data is None or not self.model.overlays.get("field"):
            self.field.setData([], [])
            return
        from landscape.grid import sample_gradient_field

        X, Y, U, V = sample_gradient_field(data.objective, data.domain, FIELD_POINTS)
        cell = min(data.domain.width, data.domain.height) / FIELD_POINTS
        u, v = scale_to_length(-U.ravel(), -V.ravel(), 0.85 * cell)
        px, py = self._pixel_size()
        self.field.setData(*arrow_segments(X.ravel(), Y.ravel(), u, v, px, py, head_px=5))

    # -- geometry -----------------------------------------------------------------------------
    def _pixel_size(self) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        rect = self.view_box.sceneBoundingRect()
        return ((x1 - x0) / max(1.0, rect.width()), (y1 - y0) / max(1.0, rect.height()))

    def _span(self) -> float:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        return float(min(x1 - x0, y1 - y0))

    def _on_range(self, *_args) -> None:
        if self.model.overlays.get("field"):
            self._draw_field()
        self.on_frame(self.model.frame)

    def centre_on(self, x: float, y: float) -> None:
        """Pan so that ``(x, y)`` is in the middle (an edit of the model's view range)."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        w, h = (x1 - x0) / 2, (y1 - y0) / 2
        self.model.set_view_range((x - w, x + w, y - h, y + h))

    def map_to_widget(self, x: float, y: float):
        """Widget (viewport) pixel of the data point ``(x, y)`` (for tests and tooltips)."""
        scene = self.view_box.mapViewToScene(pg.QtCore.QPointF(x, y))
        return self.plot.mapFromScene(scene)

    # -- mouse --------------------------------------------------------------------------------
    def _inside(self, scene_pos) -> bool:
        return self.view_box.sceneBoundingRect().contains(scene_pos)

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if not self._inside(event.scenePos()):
            return
        event.accept()
        if event.double():  # the first click of the pair picked nothing (still waiting)
            self._pick_timer.stop()
            self.reset_view()
            return
        point = self.view_box.mapSceneToView(event.scenePos())
        self._picked = (float(point.x()), float(point.y()))
        self._pick_timer.start(QApplication.doubleClickInterval())

    def _emit_pick(self) -> None:
        """A single click (no second one followed): the start moves there."""
        if self._picked is not None:
            x, y = self._picked
            self._picked = None
            self.startPicked.emit(x, y)

    def _on_move(self, scene_pos) -> None:
        if not self._inside(scene_pos):
            self.left.emit()
            return
        point = self.view_box.mapSceneToView(scene_pos)
        self.hovered.emit(float(point.x()), float(point.y()))

    def set_undefined_brush(self) -> None:
        """A plain background: only the sampled grid's undefined samples are hatched
        (:class:`HatchRect` under the image)."""
        self.view_box.setBackgroundColor(QColor(30, 31, 36))
