"""The results table: how every run ended, sortable, with the winner marked.

One row per run of the model (rows from :func:`ui.state.results.results_rows`, whose rules
are :mod:`landscape.results`): status, steps, steps to tolerance, final f, f − f*, ‖∇f‖, the
distance to the nearest known minimum and the f/∇f/∇²f evaluation counts. A header click
sorts (numbers as numbers, "—" last); the winner's row is bold with a ★, the rule in its
tooltip and in the line above the table. "Copy as CSV" (or Ctrl+C in the table) copies the
rows in the order shown. Clicking a row selects that run. The table follows the model: runs
added, removed, recomputed or renamed, new critical points, a new landscape.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from landscape.results import COLUMN_TIPS, COLUMNS, WIN_RULE, ResultRow, cell_text, rows_csv
from ui.panels.rows_model import PlainRowsModel
from ui.state.model import AppModel
from ui.state.results import results_rows
from ui.state.timing import Debounce
from ui.views.layouts import add_layout

#: the role holding a cell's sort key (numbers as numbers; "—" after every number)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: the role of column 0 holding the run id
RUN_ROLE = Qt.ItemDataRole.UserRole + 2
KEYS = list(COLUMNS)


def _sort_key(row: ResultRow, key: str):
    value = row.value(key)
    if key in ("label", "status"):
        return str(value).lower()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.inf
    return float(value)


class _Table(QTableView):
    """The table; Ctrl+C (the platform's Copy keys) asks for the CSV copy."""

    copyRequested = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _swatch(color: str) -> QPixmap:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return pixmap


class RowsModel(PlainRowsModel):
    """The results' rows (:class:`ResultRow`) as a table model (see :mod:`.rows_model`)."""

    columns = KEYS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._swatches: dict[str, QPixmap] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(KEYS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[KEYS[section]]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[KEYS[section]]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, key = self.rows[index.row()], KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, key)
        if role == SORT_ROLE:
            return _sort_key(row, key)
        if role == RUN_ROLE:
            return row.run_id if index.column() == 0 else None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            if row.color not in self._swatches:
                self._swatches[row.color] = _swatch(row.color)
            return self._swatches[row.color]
        if role == Qt.ItemDataRole.TextAlignmentRole and key not in ("label", "status"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.winner:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and row.winner:
            return WIN_RULE
        return None


class ResultsTable(QWidget):
    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultsTable")
        self.model = model
        self.rows: list[ResultRow] = []
        self._refresh = Debounce(0, self.refresh, self)
        self._build()
        for signal in (
            model.runsChanged,
            model.runUpdated,
            model.criticalChanged,
            model.landscapeChanged,
        ):
            signal.connect(self._refresh)
        model.selectedRunChanged.connect(self._show_selection)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("ResultsSummary")
        self.summary.setToolTip(WIN_RULE)
        self.copy_button = QPushButton("Copy as CSV")
        self.copy_button.setToolTip("Copy the table, in the order shown, as CSV (Ctrl+C)")
        self.copy_button.clicked.connect(self.copy_csv)
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button)
        add_layout(layout, top)
        self.items = RowsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.items)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = _Table()
        self.view.setObjectName("ResultsView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's order at first
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.clicked.connect(self._on_click)
        layout.addWidget(self.view, 1)
        self.view.copyRequested.connect(self.copy_csv)

    # -- model → table ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the rows from the model (the sort the person chose stays)."""
        self._refresh.cancel()
        self.rows = results_rows(self.model)
        self.items.set_rows(self.rows)
        self._show_summary()
        self._show_selection()

    def _show_summary(self) -> None:
        winner = next((r for r in self.rows if r.winner), None)
        if not self.rows:
            text = "no runs: add an optimizer"
        elif winner is None:
            pending = any(r.status == "computing…" for r in self.rows)
            text = "computing…" if pending else "no winner: every run failed"
        elif winner.steps_to_tol is not None:
            n = winner.steps_to_tol
            text = f"★ {winner.label} won: reached tolerance in {n} step{'' if n == 1 else 's'}"
        else:
            text = (
                f"★ {winner.label} won: lowest final f ({winner.f_final:.4g});"
                " no run reached tolerance"
            )
        self.summary.setText(text)

    def _show_selection(self, *_args) -> None:
        """Highlight the selected run's row (without selecting it again in the model)."""
        for proxy_row in range(self.proxy.rowCount()):
            index = self.proxy.index(proxy_row, 0)
            if index.data(RUN_ROLE) == self.model.selected_run:
                self.view.blockSignals(True)
                self.view.selectRow(proxy_row)
                self.view.blockSignals(False)
                return
        self.view.clearSelection()

    def _on_click(self, index) -> None:
        run_id = self.proxy.index(index.row(), 0).data(RUN_ROLE)
        if run_id is not None:
            self.model.select_run(int(run_id))

    # -- what a person reads ------------------------------------------------------------------
    def shown_rows(self) -> list[ResultRow]:
        """The rows in the order the table shows them (after sorting)."""
        if self._refresh.pending():
            self.refresh()
        by_id = {r.run_id: r for r in self.rows}
        order = [self.proxy.index(i, 0).data(RUN_ROLE) for i in range(self.proxy.rowCount())]
        return [by_id[run_id] for run_id in order if run_id in by_id]

    def csv_text(self) -> str:
        return rows_csv(self.shown_rows())

    def copy_csv(self) -> None:
        QApplication.clipboard().setText(self.csv_text())
        self.summary.setText(f"copied {len(self.rows)} rows as CSV")
