"""A hyperparameter form generated from an optimizer's ParamSpec rows.

float → a number box (with a log slider beside it for log-scale parameters), int → spin box,
bool → check box, choice → combo box; each row's tooltip is the spec's doc and range.
``valuesChanged(dict)`` carries the values that differ from the defaults; ``edited(dict)`` the
values the person just changed (``{name: value}``, only those). Below each row a hint may show
the suggested value (``set_suggestion``): "suggested 0.12" beside a value the person edited,
with the suggestion's reason as its tooltip.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QWidget,
)

SLIDER_STEPS = 1000
#: the tolerances every optimizer shares are hidden unless asked for
ADVANCED = ("gtol", "ftol", "xtol")
#: rows shown only when another value says they matter: name -> (controlling name, the values
#: for which the row is hidden)
DEPENDS = {
    "decay_rate": ("schedule", ("constant",)),
    "decay_steps": ("schedule", ("constant",)),
    # Newton: the trust region's settings, or the modification + line search's
    **{
        name: ("safeguard", ("eigenvalue_modification", "levenberg"))
        for name in ("initial_radius", "max_radius", "eta")
    },
    **{name: ("safeguard", ("trust_region",)) for name in ("delta", "c1", "rho")},
}


class NumberBox(QDoubleSpinBox):
    """A spin box that shows and reads numbers in general format (1e-4, 0.9, 250)."""

    def __init__(self, lower: float, upper: float, log: bool = False) -> None:
        super().__init__()
        self.log = log
        self.setDecimals(12)
        self.setRange(lower, upper)
        self.setKeyboardTracking(False)
        self.setMinimumWidth(70)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        try:
            value = float(text)
        except ValueError:
            return (QValidator.State.Intermediate, text, pos)
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate, text, pos)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        value = self.value()
        factor = 10 ** (0.1 * steps) if self.log and value > 0 else None
        self.setValue(value * factor if factor else value + steps * self.singleStep())


def _bounds(spec) -> tuple[float, float]:
    lo = spec.lower if spec.lower is not None else -1e6
    hi = spec.upper if spec.upper is not None else 1e6
    if spec.log_scale:
        lo = max(lo, 1e-8 if spec.lower_open or lo <= 0 else lo)
        hi = min(hi, 1e3)
    if spec.upper_open and spec.upper is not None:
        hi = spec.upper - 1e-9 * max(1.0, abs(spec.upper))
    if spec.lower_open and spec.lower is not None and not spec.log_scale:
        lo = spec.lower + 1e-9 * max(1.0, abs(spec.lower))
    return float(lo), float(hi)


class LogSlider(QSlider):
    """A slider over ``[lo, hi]`` in log space."""

    def __init__(self, lo: float, hi: float) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.lo, self.hi = math.log10(lo), math.log10(hi)
        self.setRange(0, SLIDER_STEPS)
        self.setMinimumWidth(80)

    def to_value(self, position: int) -> float:
        return float(f"{10 ** (self.lo + (self.hi - self.lo) * position / SLIDER_STEPS):.3g}")

    def set_value(self, value: float) -> None:
        if value <= 0:
            return
        t = (math.log10(value) - self.lo) / (self.hi - self.lo)
        self.blockSignals(True)
        self.setValue(round(max(0.0, min(1.0, t)) * SLIDER_STEPS))
        self.blockSignals(False)


def _same(a, b) -> bool:
    """Equal values; floats to 1e-9 relative (a value read back from a box)."""
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-300)
    return a == b


def _shown(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


class HyperForm(QWidget):
    valuesChanged = Signal(dict)
    edited = Signal(dict)

    def __init__(self, specs, values: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = {s.name: s for s in specs}
        self.editors: dict[str, QWidget] = {}
        self._sliders: dict[str, LogSlider] = {}
        self.rows: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}  # each row's name, with the same tooltip
        self.hints: dict[str, QLabel] = {}
        self._tips: dict[str, str] = {}
        self._shown_values: dict = {}
        form = QFormLayout(self)
        self._form = form
        form.setContentsMargins(4, 2, 4, 2)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for spec in specs:
            if spec.name in ADVANCED:
                continue
            row = self._editor(spec)
            tip = f"{spec.doc}\nallowed: {spec.range_text()}; default {spec.default}"
            row.setToolTip(tip)
            # The label is made here, not fetched back with labelForField: under load
            # PySide6 has handed that back as a QWidgetItem (no setToolTip; CI saw it).
            label = QLabel(spec.name)
            label.setToolTip(tip)
            form.addRow(label, row)
            self.labels[spec.name] = label
            self.rows[spec.name] = row
            self._tips[spec.name] = tip
            hint = QLabel()
            hint.setObjectName("SuggestedHint")
            hint.setStyleSheet("font-style: italic;")
            hint.setWordWrap(True)
            form.addRow("", hint)
            form.setRowVisible(hint, False)
            self.hints[spec.name] = hint
        self.set_values(values or {})

    def _editor(self, spec) -> QWidget:
        if spec.kind == "bool":
            editor = QCheckBox()
            editor.toggled.connect(self._changed)
        elif spec.kind == "choice":
            editor = QComboBox()
            editor.addItems(list(spec.choices))
            editor.currentTextChanged.connect(self._changed)
        elif spec.kind == "int":
            editor = QSpinBox()
            lo, hi = _bounds(spec)
            editor.setRange(int(max(lo, -(2**31) + 1)), int(min(hi, 2**31 - 1)))
            editor.setKeyboardTracking(False)
            editor.valueChanged.connect(self._changed)
        else:
            return self._float_editor(spec)
        self.editors[spec.name] = editor
        return editor

    def _float_editor(self, spec) -> QWidget:
        lo, hi = _bounds(spec)
        box = NumberBox(lo, hi, log=spec.log_scale)
        box.setSingleStep((hi - lo) / 100 if math.isfinite(hi - lo) and hi - lo < 1e5 else 0.1)
        box.valueChanged.connect(self._changed)
        self.editors[spec.name] = box
        if not spec.log_scale or lo <= 0:
            return box
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        slider = LogSlider(lo, hi)
        slider.valueChanged.connect(lambda pos, s=slider, b=box: b.setValue(s.to_value(pos)))
        box.valueChanged.connect(slider.set_value)
        self._sliders[spec.name] = slider
        row.addWidget(slider, 1)
        row.addWidget(box)
        return holder

    # -- values -------------------------------------------------------------------------------
    def set_values(self, values: dict) -> None:
        """Show ``values`` (missing names show their defaults) without emitting."""
        for name, editor in self.editors.items():
            value = values.get(name, self.specs[name].default)
            editor.blockSignals(True)
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentText(str(value))
            else:
                editor.setValue(value)
            editor.blockSignals(False)
            if name in self._sliders:
                self._sliders[name].set_value(float(value))
        self._shown_values = self.values()
        self._update_rows()

    def _update_rows(self) -> None:
        """Hide rows that do not matter now (decay settings of a constant schedule)."""
        values = self.values()
        for name, (other, hidden_if) in DEPENDS.items():
            if name in self.rows and other in values:
                self._form.setRowVisible(self.rows[name], values[other] not in hidden_if)
        for name, hint in self.hints.items():
            shown = self._form.isRowVisible(self.rows[name]) and bool(hint.text())
            if self._form.isRowVisible(hint) != shown:
                self._form.setRowVisible(hint, shown)

    def set_suggestion(self, values: dict, reasons: dict, edited) -> None:
        """Show the suggestion: each row's tooltip gains its reason; a value in ``edited``
        that differs from the suggested one gets the hint "suggested V" (reason as tooltip)."""
        shown = self.values()
        for name, hint in self.hints.items():
            reason = reasons.get(name, "")
            tip = self._tips[name] + (f"\nsuggested: {reason}" if reason else "")
            self.rows[name].setToolTip(tip)
            text = ""
            if name in edited and name in values and not _same(shown[name], values[name]):
                text = f"suggested {_shown(values[name])}"
            if hint.text() != text:
                hint.setText(text)
            hint.setToolTip(reason)
        self._update_rows()

    def values(self) -> dict:
        """Every shown value, by name."""
        out = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                out[name] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                out[name] = editor.currentText()
            elif isinstance(editor, QSpinBox):
                out[name] = int(editor.value())
            else:
                out[name] = float(editor.value())
        return out

    def changed_values(self) -> dict:
        """The values that differ from their defaults."""
        return {k: v for k, v in self.values().items() if v != self.specs[k].default}

    def set_value(self, name: str, value) -> None:
        """Set one value as a person would (emits ``valuesChanged``)."""
        editor = self.editors[name]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        else:
            editor.setValue(value)

    def _changed(self, *_args) -> None:
        values = self.values()
        edited = {k: v for k, v in values.items() if not _same(v, self._shown_values.get(k))}
        self._shown_values = values
        self._update_rows()
        self.valuesChanged.emit(self.changed_values())
        if edited:
            self.edited.emit(edited)
