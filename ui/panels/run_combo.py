"""The "which run" combo box shared by the inspector and the data view."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def fill_run_combo(combo: QComboBox, runs, selected_id: int) -> None:
    """List ``runs`` (entries with ``label``, the name that tells runs apart, or else
    ``display_name``, and ``run_id``) without emitting signals, then select ``selected_id``;
    each item carries the run's colour as a swatch."""
    combo.blockSignals(True)
    combo.clear()
    for entry in runs:
        label = getattr(entry, "label", "") or entry.display_name
        combo.addItem(_swatch(entry.color), label, entry.run_id)
    combo.blockSignals(False)
    select_run(combo, selected_id)


def select_run(combo: QComboBox, run_id: int) -> None:
    """Show ``run_id`` in ``combo`` if it is listed."""
    index = combo.findData(run_id)
    if index >= 0:
        combo.setCurrentIndex(index)


def refresh_run_labels(combo: QComboBox, runs) -> None:
    """Rename and recolour the listed runs in place (a run renamed by another's new values)."""
    for entry in runs:
        index = combo.findData(entry.run_id)
        label = getattr(entry, "label", "") or entry.display_name
        if index >= 0 and combo.itemText(index) != label:
            combo.setItemText(index, label)
        if index >= 0:
            combo.setItemIcon(index, _swatch(entry.color))
