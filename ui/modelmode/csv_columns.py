"""A CSV file's columns in the model bar: which one is the target, which are the features.

:func:`read_columns` names the columns and tells which are numeric (size, encoding and header
are checked by the core reader), so text columns such as an id start unticked;
:func:`check_columns` loads the file with a choice, so a bad choice is reported in words before
anything is computed.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget


def read_columns(path: str) -> tuple[list[str], list[str]]:
    """The header's column names and those whose every cell is a number (InputError for an
    unreadable or malformed file)."""
    from landscape.models.csv_import import MISSING, _read_rows  # the core's checked reader

    header, rows = _read_rows(Path(path))
    numeric = []
    for j, name in enumerate(header):
        cells = [row[j].strip() for row in rows]
        if cells and all(c.lower() not in MISSING and _is_number(c) for c in cells):
            numeric.append(name)
    return header, numeric


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def check_columns(path: str, target: str, features: list[str], task: str | None):
    """The data set for this choice, or InputError saying what is wrong (in words)."""
    from landscape.models.catalog import load_data

    return load_data(path, task=task, features=features or None, target=target)


class CsvColumns(QWidget):
    """``target`` combo and a ``features`` menu of check boxes; ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.target = QComboBox()
        self.target.setToolTip("The column to predict")
        self.target.currentIndexChanged.connect(self._on_target)
        self.features_button = QToolButton()
        self.features_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.features_button.setToolTip("The columns the model reads (tick to use)")
        self.menu = QMenu(self)
        self.features_button.setMenu(self.menu)
        row.addWidget(QLabel("target"))
        row.addWidget(self.target)
        row.addWidget(QLabel("features"))
        row.addWidget(self.features_button)
        self.actions_by_name: dict[str, QAction] = {}

    def set_columns(self, columns: list[str], target: str = "", features=()) -> None:
        """Offer ``columns``; the target defaults to the last, features to all the others."""
        target = target if target in columns else columns[-1]
        chosen = set(features) if features else set(columns) - {target}
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItems(columns)
        self.target.setCurrentText(target)
        self.target.blockSignals(False)
        self.menu.clear()
        self.actions_by_name = {}
        for name in columns:
            action = self.menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in chosen and name != target)
            action.setEnabled(name != target)
            action.toggled.connect(self._on_feature)
            self.actions_by_name[name] = action
        self._label()

    def choice(self) -> tuple[str, list[str]]:
        """(target, features in file order)."""
        target = self.target.currentText()
        features = [n for n, a in self.actions_by_name.items() if a.isChecked() and n != target]
        return target, features

    def set_feature(self, name: str, on: bool) -> None:
        """Tick or untick a feature (what a click in the menu does)."""
        self.actions_by_name[name].setChecked(on)

    def _on_target(self, _index: int) -> None:
        target = self.target.currentText()
        for name, action in self.actions_by_name.items():
            action.blockSignals(True)
            action.setEnabled(name != target)
            if name == target:
                action.setChecked(False)
            action.blockSignals(False)
        self._label()
        self.changed.emit()

    def _on_feature(self, _on: bool) -> None:
        self._label()
        self.changed.emit()

    def _label(self) -> None:
        _target, features = self.choice()
        text = ", ".join(features) if features else "none"
        self.features_button.setText(text if len(text) <= 28 else f"{len(features)} columns")
