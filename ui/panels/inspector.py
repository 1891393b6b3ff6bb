"""The inspector: f, ∇f, ∇²f as formulas; values at a run's current point; critical points.

Formulas are prepared off the GUI thread (sympy's pretty form when short). Clicking a
critical point in the table asks the contour view to centre on it.
"""

from __future__ import annotations

import textwrap

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.panels.run_combo import fill_run_combo, refresh_run_labels, select_run
from ui.state.jobs import NOTE
from ui.state.model import AppModel

#: characters per line of the note on kinks under the formulas (they do not wrap)
NOTE_WIDTH = 64


def _vec(values) -> str:
    return "(" + ", ".join(f"{float(v):.5g}" for v in np.ravel(values)) + ")"


def _first_vertex(critical_set) -> tuple[float, float] | None:
    P = np.asarray(critical_set.polyline, dtype=float)
    if P.ndim != 2 or P.shape[1] != 2:
        return None
    finite = P[np.all(np.isfinite(P), axis=1)]
    return (float(finite[0, 0]), float(finite[0, 1])) if len(finite) else None


class Inspector(QWidget):
    centreRequested = Signal(float, float)

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Inspector")
        self.model = model
        self._build()
        model.runsChanged.connect(self._fill_runs)
        model.runUpdated.connect(lambda *_: refresh_run_labels(self.run_combo, model.runs))
        model.runUpdated.connect(lambda *_: self.show_point())
        model.frameChanged.connect(lambda *_: self.show_point())
        model.selectedRunChanged.connect(self._select)
        model.criticalChanged.connect(self.show_critical)
        model.landscapeChanged.connect(lambda: self.show_formulas(None))

    def _build(self) -> None:
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(QLabel("at the current point of"))
        self.run_combo = QComboBox()
        self.run_combo.activated.connect(self._on_run_chosen)
        row.addWidget(self.run_combo, 1)
        layout.addLayout(row)
        self.point_label = QLabel("—")
        self.point_label.setObjectName("PointValues")
        self.point_label.setFont(fixed)
        self.point_label.setWordWrap(True)
        self.point_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.point_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.formulas = QPlainTextEdit()
        self.formulas.setReadOnly(True)
        self.formulas.setFont(fixed)
        self.formulas.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.formulas.setPlaceholderText("formulas appear here")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["kind", "x", "y", "f"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip(
            "Critical points (∇f = 0) and curves of them; click one to centre the map on it"
        )
        self.table.cellClicked.connect(self._on_cell)
        self.critical_label = QLabel("critical points: looking…")
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.critical_label)
        inner.addWidget(self.table)
        splitter.addWidget(self.formulas)
        splitter.addWidget(holder)
        layout.addWidget(splitter, 1)

    # -- runs ---------------------------------------------------------------------------------
    def _fill_runs(self) -> None:
        fill_run_combo(self.run_combo, self.model.runs, self.model.selected_run)
        self.show_point()

    def _select(self, run_id: int) -> None:
        select_run(self.run_combo, run_id)
        self.show_point()

    def _on_run_chosen(self, index: int) -> None:
        self.model.select_run(self.run_combo.itemData(index))

    def show_point(self) -> None:
        if not self.isVisible():
            return
        entry = self.model.run(self.model.selected_run)
        data = self.model.landscape
        if entry is None or entry.length() == 0 or data is None:
            self.point_label.setText("—")
            return
        from landscape.calculus import evaluate_at

        index = entry.index_at(self.model.frame)
        info = evaluate_at(data.objective, np.asarray(entry.trajectory.xs[index], dtype=float))
        self.point_label.setText(
            f"step {index}   x = {_vec(info.point)}\n"
            f"f = {info.value:.6g}\n∇f = {_vec(info.gradient)}   ‖∇f‖ = {info.gradient_norm:.4g}\n"
            f"∇²f eigenvalues = {_vec(info.eigenvalues)}"
        )

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.show_point()

    # -- formulas and critical points ---------------------------------------------------------
    def show_formulas(self, formulas: dict | None) -> None:
        if not formulas:
            self.formulas.setPlainText("preparing formulas…")
            return
        blocks = [
            f"{textwrap.fill(text, NOTE_WIDTH)}\n" if name == NOTE else f"{name} =\n{text}\n"
            for name, text in formulas.items()
        ]
        self.formulas.setPlainText("\n".join(blocks))

    def show_formula_error(self, message: str) -> None:
        self.formulas.setPlainText(f"formulas unavailable: {message}")

    def show_critical(self) -> None:
        points, sets = self.model.critical_points, self.model.critical_sets
        self.table.setRowCount(len(points) + len(sets))
        for row, cp in enumerate(points):
            x, y = (float(v) for v in cp.point[:2])
            label = str(getattr(cp, "label", cp.kind))
            cells = [label, f"{x:.5g}", f"{y:.5g}", f"{float(cp.value):.5g}"]
            tip = f"{label}: {getattr(cp, 'test', '')} (found by {cp.method})"
            self._fill_row(row, cells, tip)
        for k, cs in enumerate(sets):
            start = _first_vertex(cs)
            where = ["—", "—"] if start is None else [f"{v:.5g}" for v in start]
            self._fill_row(
                len(points) + k,
                [cs.description, *where, f"{cs.value:.5g}"],
                f"{cs.description} (found by {cs.method})",
            )
        summary = self.model.critical_summary or f"{len(points)} critical points"
        self.critical_label.setText(f"critical points: {summary}")
        self.critical_label.setToolTip(summary)

    def _fill_row(self, row: int, cells: list[str], tip: str) -> None:
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.table.setItem(row, col, item)

    def show_critical_status(self, text: str) -> None:
        self.critical_label.setText(text)

    def _on_cell(self, row: int, _col: int) -> None:
        points, sets = self.model.critical_points, self.model.critical_sets
        if 0 <= row < len(points):
            x, y = (float(v) for v in points[row].point[:2])
            self.centreRequested.emit(x, y)
        elif 0 <= row - len(points) < len(sets):
            start = _first_vertex(sets[row - len(points)])
            if start is not None:
                self.centreRequested.emit(*start)
