"""The function bar: f(x, y) with live validation, presets, domain, resolution and colours.

It shows the model's request (:meth:`FunctionBar.show_request`, called by the window when the
model changes) and holds no fact of its own: edits are debounced (~250 ms) and then sent as
one ``landscapeRequested`` signal, which the controller writes into the model. A parser
error is shown inline under the field (message, column and hint) while the last good
landscape stays on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from landscape.session import COLORMAPS
from ui.state.timing import Debounce
from ui.views.layouts import add_layout

DEBOUNCE_MS = 250
SCALE_CHOICES = ("auto", "log", "linear")
CUSTOM = "custom"  # the preset combo while the function is not a preset's


def _range_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-1e6, 1e6)
    box.setDecimals(2)
    box.setSingleStep(0.5)
    box.setValue(value)
    box.setKeyboardTracking(False)
    box.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
    box.setMaximumWidth(72)
    return box


class FunctionBar(QWidget):
    """Emits ``landscapeRequested(text, (xmin, xmax, ymin, ymax), resolution, scale)``."""

    landscapeRequested = Signal(str, object, int, str)
    presetChosen = Signal(str)
    galleryRequested = Signal()  # the presets as a gallery of pictures and teaching text
    colormapChanged = Signal(str)
    playRequested = Signal()  # Enter in the function field: (re)play the race from step 0
    leaveRequested = Signal()  # Esc in the function field: focus goes back to the map

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FunctionBar")
        self._timer = Debounce(DEBOUNCE_MS, self._emit_request, self)
        self._build()
        self._connect()
        self.set_presets([])

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        label = QLabel("f(x, y) =")
        label.setObjectName("FunctionLabel")
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("FunctionEdit")
        self.text_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text_edit.setPlaceholderText("type a function of x and y, e.g. x^2 + 3*y^2")
        self.text_edit.setClearButtonEnabled(True)
        self.preset_combo = QComboBox()
        self.preset_combo.setToolTip(
            "Presets: load a classic test function with its domain and "
            "start (shows the loaded one; 'custom' once you edit f)"
        )
        self.preset_combo.setMinimumContentsLength(24)
        self.preset_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.gallery_button = QToolButton()
        self.gallery_button.setText("Gallery…")
        self.gallery_button.setToolTip("All presets with a picture and what each one teaches")
        self.gallery_button.clicked.connect(self.galleryRequested)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.text_edit, 0, 1)
        grid.addWidget(self.preset_combo, 0, 2)
        grid.addWidget(self.gallery_button, 0, 3)
        grid.addWidget(self.error_label, 1, 1, 1, 3)
        self._domain_part, self._look_part = self._settings_parts()
        self._settings = QGridLayout()
        self._settings.setContentsMargins(0, 0, 0, 0)
        self._settings.setSpacing(2)
        self._settings.setColumnStretch(2, 1)
        self._wrapped: bool | None = None
        self._place_settings(wrapped=False)
        add_layout(grid, self._settings, 2, 1, 1, 3)  # under the field, presets and gallery
        grid.setColumnStretch(1, 1)
        parts = max(
            self._domain_part.minimumSizeHint().width(),
            self._look_part.minimumSizeHint().width(),
            320,
        )
        self.setMinimumWidth(label.sizeHint().width() + parts + 32)  # wrapped: narrower

    def _place_settings(self, wrapped: bool) -> None:
        """Domain and appearance settings side by side, or (a narrow bar) on two rows."""
        if wrapped == self._wrapped:
            return
        self._wrapped = wrapped
        self._settings.removeWidget(self._look_part)
        self._settings.addWidget(self._domain_part, 0, 0)
        self._settings.addWidget(self._look_part, *((1, 0) if wrapped else (0, 1)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        needed = (  # side by side: from the field's left edge to the bar's right margin
            self.text_edit.x()
            + self._domain_part.sizeHint().width()
            + self._settings.spacing()
            + self._look_part.sizeHint().width()
            + self.layout().contentsMargins().right()
        )
        self._place_settings(wrapped=event.size().width() < needed)
        super().resizeEvent(event)

    def _settings_parts(self) -> tuple[QWidget, QWidget]:
        domain, look = QWidget(), QWidget()
        row, look_row = QHBoxLayout(domain), QHBoxLayout(look)
        for r in (row, look_row):
            r.setContentsMargins(0, 0, 0, 0)
            r.setSpacing(6)
        self.xmin, self.xmax = _range_box(-2.0), _range_box(2.0)
        self.ymin, self.ymax = _range_box(-1.0), _range_box(3.0)
        self.resolution = QSpinBox()
        self.resolution.setRange(16, 1000)
        self.resolution.setSingleStep(50)
        self.resolution.setValue(200)
        self.resolution.setKeyboardTracking(False)
        self.resolution.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.resolution.setToolTip("Resolution: samples per axis of the grid")
        self.scale_combo = QComboBox()
        for scale in SCALE_CHOICES:
            self.scale_combo.addItem(scale, scale)
        self.scale_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scale_combo.setItemText(0, "auto (linear)")  # sized for the longest it shows
        self.scale_combo.adjustSize()
        self.scale_combo.setMinimumWidth(self.scale_combo.sizeHint().width())
        self.scale_combo.setItemText(0, "auto")
        self.scale_combo.setToolTip(
            "Colour and contour spacing. auto: log when f stays above its minimum and spans "
            "several decades there (narrow valleys show), linear otherwise (always when f "
            "changes sign); the choice is shown in brackets"
        )
        self.cmap_combo = QComboBox()
        self.cmap_combo.addItems(list(COLORMAPS))
        for text, widgets in (("x", (self.xmin, self.xmax)), ("y", (self.ymin, self.ymax))):
            row.addWidget(QLabel(f"{text} ∈ ["))
            row.addWidget(widgets[0])
            row.addWidget(QLabel(","))
            row.addWidget(widgets[1])
            row.addWidget(QLabel("]"))
            row.addSpacing(6)
        for text, widget in (
            ("grid", self.resolution),
            ("scale", self.scale_combo),
            ("colours", self.cmap_combo),
        ):
            look_row.addWidget(QLabel(text))
            look_row.addWidget(widget)
        return domain, look

    def _connect(self) -> None:
        self.text_edit.textEdited.connect(self._schedule)
        self.text_edit.textEdited.connect(lambda _text: self.show_preset(None))
        self.text_edit.returnPressed.connect(self._emit_now)
        self.text_edit.returnPressed.connect(self.playRequested)
        self.text_edit.installEventFilter(self)
        for box in (self.xmin, self.xmax, self.ymin, self.ymax):
            box.valueChanged.connect(self._schedule)
        self.resolution.valueChanged.connect(self._schedule)
        self.scale_combo.currentIndexChanged.connect(self._schedule)
        self.cmap_combo.currentTextChanged.connect(self.colormapChanged)
        self.preset_combo.activated.connect(self._on_preset)

    # -- API ----------------------------------------------------------------------------------
    def set_presets(self, items: list[tuple[str, str]]) -> None:
        """``items``: (name, title) pairs; the first entry stands for a function typed in."""
        self.preset_combo.blockSignals(True)
        self.preset_combo.clear()
        self.preset_combo.addItem(CUSTOM, "")
        for name, title in items:
            self.preset_combo.addItem(title, name)
        self.preset_combo.blockSignals(False)
        self.preset_combo.setEnabled(bool(items))

    def show_preset(self, name: str | None) -> None:
        """Show the loaded preset's title in the combo, or 'custom' (None)."""
        index = self.preset_combo.findData(name) if name else 0
        self.preset_combo.setCurrentIndex(max(0, index))

    def preset(self) -> str | None:
        return self.preset_combo.currentData() or None

    def set_values(self, text: str, domain, resolution: int, scale: str, cmap: str) -> None:
        """Show these values without emitting a request."""
        widgets = (
            self.text_edit,
            self.xmin,
            self.xmax,
            self.ymin,
            self.ymax,
            self.resolution,
            self.scale_combo,
            self.cmap_combo,
        )
        for w in widgets:
            w.blockSignals(True)
        self.text_edit.setText(text)
        for box, v in zip((self.xmin, self.xmax, self.ymin, self.ymax), domain, strict=True):
            box.setValue(float(v))
        self.resolution.setValue(int(resolution))
        self.scale_combo.setCurrentIndex(max(0, self.scale_combo.findData(scale)))
        self.cmap_combo.setCurrentText(cmap)
        for w in widgets:
            w.blockSignals(False)
        self._timer.cancel()

    def show_request(self, text: str, domain, resolution: int, scale: str, cmap: str) -> None:
        """Show what the model asks for; the fields are left alone (and an edit waiting for
        its interval stays) when they already show it."""
        shown = (*self.values(), self.colormap())
        wanted = (text, tuple(round(float(v), 2) for v in domain), int(resolution), scale, cmap)
        if shown != wanted:
            self.set_values(text, domain, resolution, scale, cmap)

    def values(self) -> tuple[str, tuple, int, str]:
        domain = (self.xmin.value(), self.xmax.value(), self.ymin.value(), self.ymax.value())
        return (
            self.text_edit.text(),
            domain,
            self.resolution.value(),
            self.scale_combo.currentData() or SCALE_CHOICES[0],
        )

    def show_drawn_scale(self, drawn: str | None) -> None:
        """Name what "auto" chose ("auto (log)") once a landscape is drawn with ``drawn``."""
        text = "auto" if drawn not in ("log", "linear") else f"auto ({drawn})"
        self.scale_combo.setItemText(self.scale_combo.findData("auto"), text)

    def colormap(self) -> str:
        return self.cmap_combo.currentText()

    def show_error(self, message: str, column: int | None = None, hint: str | None = None):
        """Show a problem inline under the field; the landscape on screen stays."""
        text = f"⚠ {message}"
        if column is not None:
            text += f" — at column {column}"
            self._mark_column(column)
        if hint:
            text += f". {hint}"
        self.error_label.setText(text)
        self.error_label.show()
        self._set_invalid(True)

    def show_ok(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        self._set_invalid(False)

    def edit_pending(self) -> bool:
        """An edit is waiting for its debounce interval before it is sent."""
        return self._timer.pending()

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""

    # -- keys ---------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        """Esc in the function field leaves it (``leaveRequested``); it is claimed before any
        window shortcut (presentation mode's Esc) so the first Esc always leaves the field."""
        if obj is self.text_edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            if event.key() == Qt.Key.Key_Escape and not event.modifiers():
                if event.type() == QEvent.Type.KeyPress:
                    self.text_edit.clearFocus()
                    self.leaveRequested.emit()
                event.accept()
                return True
        return super().eventFilter(obj, event)

    # -- internals ----------------------------------------------------------------------------
    def _mark_column(self, column: int) -> None:
        text = self.text_edit.text()
        snippet = text[max(0, column - 1) : column + 2] or "end"
        self.error_label.setToolTip(f"{text}\n{' ' * max(0, column - 1)}^ here ({snippet})")

    def _set_invalid(self, invalid: bool) -> None:
        self.text_edit.setProperty("invalid", invalid)
        self.text_edit.style().unpolish(self.text_edit)
        self.text_edit.style().polish(self.text_edit)

    def _schedule(self, *_args) -> None:
        self._timer()

    def _emit_now(self) -> None:
        self._timer.cancel()
        self._emit_request()

    def _emit_request(self) -> None:
        text, domain, resolution, scale = self.values()
        if not text.strip():
            self.show_error("type a function of x and y")
            return
        self.landscapeRequested.emit(text, domain, resolution, scale)

    def _on_preset(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name:
            self.presetChosen.emit(name)
