"""The critical-points table under the inspector: one row per isolated critical point, then
one per set of non-isolated ones (a curve or circle of minima), with kind, x, y and f.

The rows are plain Python tuples behind :class:`ui.panels.rows_model.PlainRowsModel` (no
``QTableWidgetItem`` s: refilling a ``QTableWidget`` while a landscape arrived crashed the
app under load). Clicking a row emits ``centreRequested(x, y)`` with the
point (or the first vertex of the set's polyline); a set with no finite vertex emits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ui.panels.rows_model import PlainRowsModel

HEADERS = ("kind", "x", "y", "f")


@dataclass(frozen=True)
class CriticalRow:
    """One row: its four cells (text), its tooltip, and where a click centres the map."""

    cells: tuple[str, str, str, str]
    tip: str
    centre: tuple[float, float] | None


def first_vertex(critical_set) -> tuple[float, float] | None:
    """The first finite (x, y) of a set's ``polyline`` (shape (n, 2)), or None."""
    P = np.asarray(critical_set.polyline, dtype=float)
    if P.ndim != 2 or P.shape[1] != 2:
        return None
    finite = P[np.all(np.isfinite(P), axis=1)]
    return (float(finite[0, 0]), float(finite[0, 1])) if len(finite) else None


def critical_rows(points, sets) -> list[CriticalRow]:
    """The table's rows for the model's ``critical_points`` and ``critical_sets``, in order."""
    rows = []
    for cp in points:
        x, y = (float(v) for v in cp.point[:2])
        label = str(getattr(cp, "label", cp.kind))
        cells = (label, f"{x:.5g}", f"{y:.5g}", f"{float(cp.value):.5g}")
        tip = f"{label}: {getattr(cp, 'test', '')} (found by {cp.method})"
        rows.append(CriticalRow(cells, tip, (x, y)))
    for cs in sets:
        start = first_vertex(cs)
        where = ("—", "—") if start is None else tuple(f"{v:.5g}" for v in start)
        cells = (cs.description, where[0], where[1], f"{cs.value:.5g}")
        rows.append(CriticalRow(cells, f"{cs.description} (found by {cs.method})", start))
    return rows


class CriticalRowsModel(PlainRowsModel):
    """The rows as a read-only table model over :class:`CriticalRow` tuples."""

    columns = HEADERS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tip
        return None


class CriticalTable(QTableView):
    """The view; ``show(points, sets)`` refills it, a click on a row centres the map."""

    centreRequested = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows_model = CriticalRowsModel(self)
        self.setModel(self.rows_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.setToolTip(
            "Critical points (∇f = 0) and curves of them; click one to centre the map on it"
        )
        self.clicked.connect(self._on_clicked)

    def show_rows(self, points, sets) -> None:
        self.rows_model.set_rows(critical_rows(points, sets))

    def row_count(self) -> int:
        return self.rows_model.rowCount()

    def cell_text(self, row: int, column: int) -> str:
        return self.rows_model.rows[row].cells[column]

    def cell_rect(self, row: int, column: int):
        """The cell's rectangle in viewport coordinates (for a click)."""
        return self.visualRect(self.rows_model.index(row, column))

    def _on_clicked(self, index) -> None:
        if 0 <= index.row() < len(self.rows_model.rows):
            centre = self.rows_model.rows[index.row()].centre
            if centre is not None:
                self.centreRequested.emit(*centre)
