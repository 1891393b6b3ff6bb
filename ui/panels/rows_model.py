"""A read-only Qt table model over a list of Python rows, for the app's tables.

The rows stay plain Python objects behind a :class:`QAbstractTableModel`: no
``QTableWidgetItem`` or ``QStandardItem`` whose ownership passes between Python and C++
(refilling those while a landscape arrived, or while a sorted proxy resized its columns,
crashed the app under load). A subclass gives ``columns`` (their count is the model's) and
its own ``data``/``headerData``; :meth:`set_rows` replaces every row at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel


class PlainRowsModel(QAbstractTableModel):
    #: the columns, in order (a subclass's keys or headings)
    columns: Sequence = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt override
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt override
        return 0 if parent is not None and parent.isValid() else len(self.columns)
