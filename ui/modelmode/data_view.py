"""The data view: the data set's points and the selected run's model at the current step.

Points are drawn in the data's own units (training rows filled, test rows hollow); the model
was trained on standardised features, so its predictions go through the same scaler. What is
drawn depends on the task and the number of features:

* regression, one feature: the fitted line (or curve), with the least-squares fit dashed;
* regression, several features: predicted against actual values (on the diagonal = perfect);
* classification, two features: the decision boundary (P(class 1) = 0.5; a line for logistic
  regression, a contour for the MLP) over a shading of the predicted probability;
* classification, one feature: the probability curve; more features: predicted probability
  against the true class.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from landscape.models.data_geometry import ModelOnData
from landscape.models.view_objective import current_trajectory
from ui.panels.run_combo import fill_run_combo, refresh_run_labels, select_run
from ui.state.model import AppModel
from ui.views.layouts import add_layout

CLASS_COLORS = ("#4da3ff", "#ff8a4d")
REGRESSION_COLOR = "#d9dbe3"
BOUNDARY_GRID = 90


class DataView(QWidget):
    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DataView")
        self.model = model
        self.geometry: ModelOnData | None = None
        self.current: dict = {}  # what is drawn for the current step (for tests and reading)
        self._build()
        model.landscapeChanged.connect(self.on_landscape)
        model.runsChanged.connect(self._fill_runs)
        model.runUpdated.connect(lambda *_: refresh_run_labels(self.run_combo, model.runs))
        model.runUpdated.connect(lambda *_: self.on_frame())
        model.frameChanged.connect(lambda *_: self.on_frame())
        model.selectedRunChanged.connect(self._select)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        top = QHBoxLayout()
        self.title = QLabel("no model yet")
        self.title.setObjectName("DataTitle")
        self.title.setWordWrap(True)
        self.run_combo = QComboBox()
        self.run_combo.setToolTip("The run whose model is drawn over the data")
        self.run_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.run_combo.activated.connect(
            lambda i: self.model.select_run(self.run_combo.itemData(i))
        )
        top.addWidget(self.title, 1)
        top.addWidget(self.run_combo)
        add_layout(layout, top)
        self.plot = pg.PlotWidget(background="#1e1f24")
        self.plot.setObjectName("DataPlot")
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.15)
        self.shade = pg.ImageItem()
        self.train_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("#15161a", width=0.8))
        self.test_points = pg.ScatterPlotItem(size=7, brush=None)
        self.reference = pg.PlotCurveItem(
            pen=pg.mkPen("#9a9ca6", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine)
        )
        self.fit = pg.PlotCurveItem(connect="finite")
        for z, it in enumerate(
            (self.shade, self.reference, self.train_points, self.test_points, self.fit)
        ):
            it.setZValue(z)
            item.addItem(it)
        layout.addWidget(self.plot, 1)

    # -- model → view -------------------------------------------------------------------------
    def on_landscape(self) -> None:
        from ui.state.controller import is_model_landscape

        data = self.model.landscape
        if not is_model_landscape(data):
            self.geometry = None
            self._clear()
            return
        self.geometry = ModelOnData(data.objective)
        self._draw_data()
        self.on_frame()

    def _clear(self) -> None:
        for it in (self.train_points, self.test_points, self.reference, self.fit):
            it.setData([], [])
        self.shade.clear()
        self.current = {}

    def _draw_data(self) -> None:
        g = self.geometry
        self._clear()
        item = self.plot.getPlotItem()
        item.setLabel("bottom", g.x_label)
        item.setLabel("left", g.y_label)
        x, y, classes = g.train_xy()
        self.train_points.setData(x, y, brush=_brushes(classes, len(x)))
        x, y, classes = g.test_xy()
        self.test_points.setData(x, y, pen=_pens(classes, len(x)), brush=None)
        ref = g.reference_curve()
        self.reference.setData(*(ref if ref is not None else ([], [])))
        (x0, x1), (y0, y1) = g.view_range()
        item.getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def on_frame(self) -> None:
        g = self.geometry
        entry = self.model.run(self.model.selected_run)
        traj = current_trajectory(entry, self.model.landscape)
        if g is None or traj is None:
            self.fit.setData([], [])
            self.current = {}
            self._caption(None, None)
            return
        index = entry.index_at(self.model.frame)
        theta = traj.params_at(index)
        self.current = {"step": index, "theta": theta}
        if g.dynamic_points:
            x, y, classes = g.points_at(theta)
            pens = (
                _pens(classes, len(x)) if classes is not None else pg.mkPen(entry.color, width=1.5)
            )
            self.test_points.setData(x, y, pen=pens, brush=None)
            self.current["points"] = (np.asarray(x), np.asarray(y))
        x, y = g.model_curve(theta)
        self.fit.setPen(pg.mkPen(entry.color, width=3))
        self.fit.setData(x, y)
        self.current["curve"] = (np.asarray(x), np.asarray(y))
        if g.kind == "line":
            self.current["line"] = g.line_coefficients(theta)
        if g.kind == "boundary":
            self._shade(g, theta)
        self._caption(entry, index)

    def _shade(self, g: ModelOnData, theta: np.ndarray) -> None:
        xs, ys, P = g.probability_grid(theta, BOUNDARY_GRID)
        lut = pg.ColorMap(
            [0.0, 0.5, 1.0], [(77, 163, 255, 70), (40, 40, 48, 0), (255, 138, 77, 70)]
        ).getLookupTable(nPts=64, alpha=True)
        self.shade.setImage(P, levels=(0.0, 1.0), lut=lut, autoLevels=False)
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.shade.setRect(
            QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        )

    def _caption(self, entry, index) -> None:
        g = self.geometry
        if g is None:
            self.title.setText("no model yet")
            return
        legend = "○ test rows" if g.dynamic_points else "● train ○ test"
        if entry is not None:
            legend += f" · <span style='color:{entry.color}'>━━</span> step {index}"
        self.title.setText(f"{g.description}<br><span style='color:#aeb0b8'>{legend}</span>")

    # -- runs ---------------------------------------------------------------------------------
    def _fill_runs(self) -> None:
        fill_run_combo(self.run_combo, self.model.runs, self.model.selected_run)
        self.on_frame()

    def _select(self, run_id: int) -> None:
        select_run(self.run_combo, run_id)
        self.on_frame()


def _brushes(classes, n: int):
    if classes is None:
        return pg.mkBrush(REGRESSION_COLOR)
    return [pg.mkBrush(CLASS_COLORS[int(c)]) for c in classes[:n]]


def _pens(classes, n: int):
    if classes is None:
        return pg.mkPen(REGRESSION_COLOR, width=1.5)
    return [pg.mkPen(CLASS_COLORS[int(c)], width=1.5) for c in classes[:n]]
