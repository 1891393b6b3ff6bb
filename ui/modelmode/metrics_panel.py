"""Metrics of the selected run's model at the current step, on the held-out test set, and its
training and test loss curves.

Classification: accuracy, precision, recall, F1 and the confusion matrix (rows: true class,
columns: predicted). Regression: R², RMSE and MSE. Everything follows playback.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landscape.models.view_objective import current_trajectory
from ui.state.model import AppModel
from ui.views.layouts import add_layout, clear_layout

CLASSIFICATION = (
    ("accuracy", "accuracy"),
    ("precision", "precision"),
    ("recall", "recall"),
    ("f1", "F1"),
)
REGRESSION = (("r2", "R²"), ("rmse", "RMSE"), ("mse", "MSE"))


def _fmt(value: float) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.3f}"


class MetricsPanel(QWidget):
    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MetricsPanel")
        self.model = model
        self.metrics: dict = {}
        self._objective = None
        self._build()
        model.landscapeChanged.connect(self.rebuild)
        model.runUpdated.connect(lambda *_: self.rebuild())
        model.runsChanged.connect(self.rebuild)
        model.selectedRunChanged.connect(lambda *_: self.rebuild())
        model.frameChanged.connect(lambda *_: self.on_frame())

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        left = QVBoxLayout()
        self.header = QLabel("metrics appear in model mode")
        self.header.setObjectName("MetricsHeader")
        self.header.setWordWrap(True)
        left.addWidget(self.header)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(1)
        self.value_labels: dict[str, QLabel] = {}
        numbers = QHBoxLayout()
        add_layout(numbers, self.grid)
        numbers.addSpacing(10)
        numbers.addWidget(self._confusion_table(), 0, Qt.AlignmentFlag.AlignTop)
        add_layout(left, numbers)
        left.addStretch(1)
        add_layout(layout, left, 0)
        self.plot = pg.PlotWidget(background="#1e1f24")
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "step")
        item.setLabel("left", "loss")
        item.getAxis("left").enableAutoSIPrefix(False)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.addLegend(offset=(-6, 6), labelTextSize="8pt")
        self.train_curve = item.plot([], [], name="training loss")
        self.test_curve = item.plot([], [], name="test loss")
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen((200, 200, 200, 160)))
        item.addItem(self.cursor)
        self.plot.setMinimumWidth(260)
        layout.addWidget(self.plot, 2)

    def _confusion_table(self) -> QTableWidget:
        table = QTableWidget(2, 2)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setToolTip(
            "Confusion matrix on the test set: rows are the true class, columns the predicted class"
        )
        table.horizontalHeader().setDefaultSectionSize(58)
        table.verticalHeader().setDefaultSectionSize(24)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setFixedSize(172, 74)
        self.confusion = table
        return table

    def _set_names(self, names) -> None:
        clear_layout(self.grid)
        self.value_labels = {}
        for row, (key, text) in enumerate(names):
            value = QLabel("—")
            value.setObjectName(f"Metric_{key}")
            value.setStyleSheet("font-size: 11pt; font-weight: bold;")
            self.grid.addWidget(QLabel(text), row, 0)
            self.grid.addWidget(value, row, 1, alignment=Qt.AlignmentFlag.AlignRight)
            self.value_labels[key] = value

    # -- model → view -------------------------------------------------------------------------
    def _entry(self):
        entry = self.model.run(self.model.selected_run)
        return entry if current_trajectory(entry, self.model.landscape) is not None else None

    def rebuild(self) -> None:
        from ui.state.controller import is_model_landscape

        data = self.model.landscape
        objective = data.objective if is_model_landscape(data) else None
        if objective is not self._objective:
            self._objective = objective
            classification = objective is not None and objective.model.task == "classification"
            self._set_names(CLASSIFICATION if classification else REGRESSION)
            self.confusion.setVisible(classification)
            if classification:
                self._confusion_headers(objective.context.data.classes)
        entry = self._entry()
        if objective is None or entry is None:
            self.train_curve.setData([], [])
            self.test_curve.setData([], [])
            self.metrics = {}
            return
        self.train_curve.setPen(pg.mkPen(entry.color, width=2))
        self.test_curve.setPen(pg.mkPen(entry.color, width=2, style=Qt.PenStyle.DashLine))
        self._fix_ranges(entry)
        self.on_frame()

    def _fix_ranges(self, entry) -> None:
        """Axes over the whole run, so the curves grow inside a steady frame."""
        traj = entry.trajectory
        values = np.concatenate([traj.fs, traj.test_fs])
        values = values[np.isfinite(values)]
        item = self.plot.getPlotItem()
        item.setXRange(0, max(1, self.model.last_frame()), padding=0.02)
        if values.size:
            lo, hi = float(values.min()), float(values.max())
            item.setYRange(lo, hi if hi > lo else lo + 1, padding=0.06)

    def _confusion_headers(self, classes) -> None:
        names = [f"{c:g}" for c in classes]
        self.confusion.setHorizontalHeaderLabels([f"pred {n}" for n in names])
        self.confusion.setVerticalHeaderLabels([f"true {n}" for n in names])

    def on_frame(self) -> None:
        entry, objective = self._entry(), self._objective
        self.cursor.setValue(self.model.frame)
        if entry is None or objective is None:
            self.header.setText("metrics appear when a model's run is computed")
            return
        index = entry.index_at(self.model.frame)
        traj = entry.trajectory
        steps = np.arange(index + 1)
        self.train_curve.setData(steps, traj.fs[: index + 1])
        self.test_curve.setData(steps, traj.test_fs[: index + 1])
        test = objective.context.test
        names = list(objective.model.data.feature_names)  # linreg may use one of several
        if list(test.feature_names) != names:
            test = test.select(names)
        self.metrics = objective.model.evaluate(traj.params_at(index), test)
        for key, label in self.value_labels.items():
            label.setText(_fmt(self.metrics.get(key)))
        if "confusion" in self.metrics:
            for (i, j), count in np.ndenumerate(np.asarray(self.metrics["confusion"])):
                cell = QTableWidgetItem(str(int(count)))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.confusion.setItem(i, j, cell)
        same = objective.context.test is objective.context.train
        where = "training set (no test split)" if same else f"held-out test set ({test.m} rows)"
        self.header.setText(f"<b>{entry.display_name}</b>, step {index}<br>{where}")
