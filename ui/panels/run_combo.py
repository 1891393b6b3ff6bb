"""The "which run" combo box shared by the inspector and the data view."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def fill_run_combo(combo: QComboBox, runs, selected_id: int) -> None:
    """List ``runs`` (entries with ``display_name`` and ``run_id``) without emitting signals,
    then select ``selected_id``."""
    combo.blockSignals(True)
    combo.clear()
    for entry in runs:
        combo.addItem(entry.display_name, entry.run_id)
    combo.blockSignals(False)
    select_run(combo, selected_id)


def select_run(combo: QComboBox, run_id: int) -> None:
    """Show ``run_id`` in ``combo`` if it is listed."""
    index = combo.findData(run_id)
    if index >= 0:
        combo.setCurrentIndex(index)
