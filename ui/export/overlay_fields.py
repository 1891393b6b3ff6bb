"""The export dialog's "On each frame" fields: formula, legend, step counter, caption.

:class:`OverlayFields` is a row of three check boxes (all on) and a caption line edit;
:meth:`OverlayFields.options` gives the :class:`~ui.export.slide.SlideOptions` they say and
``changed`` fires on any edit (the dialog redraws its preview).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ui.export.slide import MAX_CAPTION, SlideOptions
from ui.views.layouts import add_layout


class OverlayFields(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.formula_box = QCheckBox("formula")
        self.legend_box = QCheckBox("legend")
        self.step_box = QCheckBox("step counter")
        self.caption_edit = QLineEdit()
        self.caption_edit.setObjectName("ExportCaption")
        self.caption_edit.setPlaceholderText("caption under the views (optional)")
        self.caption_edit.setMaxLength(MAX_CAPTION)
        checks = QHBoxLayout()
        checks.setContentsMargins(0, 0, 0, 0)
        for box, tip in (
            (self.formula_box, "the function, typeset, at the top left"),
            (self.legend_box, "each run's colour and name, under the formula"),
            (self.step_box, '"step 120 / 500" at the top right'),
        ):
            box.setChecked(True)
            box.setToolTip(tip)
            box.toggled.connect(self.changed)
            checks.addWidget(box)
        checks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        add_layout(layout, checks)
        layout.addWidget(self.caption_edit)
        self.caption_edit.textChanged.connect(self.changed)

    def options(self) -> SlideOptions:
        return SlideOptions(
            formula=self.formula_box.isChecked(),
            legend=self.legend_box.isChecked(),
            step=self.step_box.isChecked(),
            caption=" ".join(self.caption_edit.text().split()),
        )
