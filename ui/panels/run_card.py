"""One optimizer in the panel: colour, visibility, name, Suggest, remove, status, advice and its
form.

The form shows the values the run uses (``entry.hyper``: the suggestion under the values the
person edited); beside an edited value that differs from the suggestion, a hint says what is
suggested (the reason as its tooltip). "Suggest" sets every value back to the suggestion. A run
that did not converge shows the advice computed for it (``entry.advice``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from landscape.optim.trajectory import FAILED_STATUSES
from ui.panels.hyper_form import HyperForm
from ui.state.model import RunEntry
from ui.views.layouts import add_layout

#: how a converged run's message starts when its end point is not a minimum
NOT_A_MINIMUM = (
    "converged to a saddle",
    "converged to a maximum",
    "converged to a point that is not",
)


def status_kind(entry: RunEntry, frame: int) -> str:
    """ "bad" (failed: diverged, undefined, …), "warn" (converged, but not to a minimum)
    or "" — the colour of the status line."""
    if entry.error:
        return "bad"
    traj = entry.trajectory
    if traj is None or frame < entry.length() - 1:
        return ""
    if traj.status in FAILED_STATUSES:
        return "bad"
    return "warn" if traj.message.startswith(NOT_A_MINIMUM) else ""


def status_text(entry: RunEntry, frame: int) -> str:
    """A short line: computing, failed, running, or how and where the run ended."""
    if entry.pending:
        return "computing…"
    if entry.error:
        return f"failed: {entry.error}"
    traj = entry.trajectory
    if traj is None:
        return ""
    last = entry.length() - 1
    status = traj.status.replace("_", " ")
    if frame < last:
        return f"step {frame} of {last} · ends: {status}"
    message = traj.message.replace("_", " ")
    return message if message.startswith(status) else f"{status} at step {last}: {message}"


class RunCard(QFrame):
    hyperChanged = Signal(int, dict)  # run id, the values the person just edited
    suggestRequested = Signal(int)
    removeRequested = Signal(int)
    selected = Signal(int)
    changed = Signal(int, dict)  # run id, {"visible": bool} or {"color": "#rrggbb"}

    def __init__(self, entry: RunEntry, specs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RunCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.entry = entry
        self._shown_color: str | None = None
        self._shown_hyper: dict | None = None
        self._shown_suggestion: tuple | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        add_layout(layout, self._header())
        self.status = QLabel()
        self.status.setObjectName("RunStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.advice = QLabel()
        self.advice.setObjectName("RunAdvice")
        self.advice.setWordWrap(True)
        self.advice.setToolTip("What to try: each change was checked by a trial run")
        self.advice.setVisible(False)
        layout.addWidget(self.advice)
        self.form = HyperForm(specs, entry.hyper)
        self.form.edited.connect(self._on_values)
        layout.addWidget(self.form)
        self.form.setVisible(True)
        self.refresh(entry, 0)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.color_button = QToolButton()
        self.color_button.setObjectName("ColorSwatch")
        self.color_button.setToolTip("Change this run's colour")
        self.color_button.clicked.connect(self._pick_color)
        self.visible_box = QCheckBox(self.entry.display_name)
        self.visible_box.setToolTip("Show or hide this run in every view")
        self.visible_box.toggled.connect(self._on_visible)
        self.expand_button = QToolButton()
        self.expand_button.setArrowType(Qt.ArrowType.DownArrow)
        self.expand_button.setAutoRaise(True)
        self.expand_button.setToolTip("Show or hide the hyperparameters")
        self.expand_button.clicked.connect(self._toggle_form)
        self.suggest_button = QToolButton()
        self.suggest_button.setText("Suggest")
        self.suggest_button.setAutoRaise(True)
        self.suggest_button.setToolTip(
            "Set every value to the one suggested for this function and start"
        )
        self.suggest_button.clicked.connect(lambda: self.suggestRequested.emit(self.entry.run_id))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip("Remove this optimizer")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.entry.run_id))
        row.addWidget(self.color_button)
        row.addWidget(self.visible_box, 1)
        row.addWidget(self.suggest_button)
        row.addWidget(self.expand_button)
        row.addWidget(self.remove_button)
        return row

    def refresh(self, entry: RunEntry, frame: int) -> None:
        """Show ``entry`` at ``frame``; only what changed is touched (called every frame)."""
        self.entry = entry
        if self._shown_color != entry.color:  # a style sheet re-polishes: only on a change
            self._shown_color = entry.color
            self.color_button.setStyleSheet(
                f"QToolButton#ColorSwatch {{ background: {entry.color}; border: 1px solid #222;"
                " border-radius: 3px; min-width: 14px; min-height: 14px; }"
            )
        if self.visible_box.isChecked() != entry.visible:
            self.visible_box.blockSignals(True)
            self.visible_box.setChecked(entry.visible)
            self.visible_box.blockSignals(False)
        self._show_values(entry)
        advice = entry.advice or ""
        if self.advice.text() != advice:
            self.advice.setText(advice)
            self.advice.setVisible(bool(advice))
        text = status_text(entry, frame)
        if self.status.text() != text:
            self.status.setText(text)
        kind = status_kind(entry, frame)
        if (self.status.property("bad"), self.status.property("warn")) != (
            kind == "bad",
            kind == "warn",
        ):
            self.status.setProperty("bad", kind == "bad")
            self.status.setProperty("warn", kind == "warn")
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)

    def _show_values(self, entry: RunEntry) -> None:
        """The form follows the values the run uses, and shows the suggestion beside them."""
        if self._shown_hyper != entry.hyper:
            self._shown_hyper = dict(entry.hyper)
            self.form.set_values(entry.hyper)
            self._shown_suggestion = None
        suggestion = entry.suggestion
        key = (suggestion, entry.edited)  # compared by value: a new suggestion shows
        if self._shown_suggestion != key:
            self._shown_suggestion = key
            values = suggestion.values if suggestion is not None else {}
            reasons = suggestion.reasons if suggestion is not None else {}
            self.form.set_suggestion(values, reasons, entry.edited)
            editable = bool(entry.edited) or suggestion is None
            self.suggest_button.setEnabled(editable)
            self.suggest_button.setToolTip(
                "Set every value to the one suggested for this function and start"
                if editable
                else "Every value already follows the suggestion (hover a value for its reason)"
            )

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.selected.emit(self.entry.run_id)
        super().mousePressEvent(event)

    def _on_values(self, edited: dict) -> None:
        self.hyperChanged.emit(self.entry.run_id, dict(edited))

    def _on_visible(self, on: bool) -> None:
        self._model_update(visible=on)

    def _pick_color(self) -> None:
        color = QColorDialog.getColor(QColor(self.entry.color), self, "Run colour")
        if color.isValid():
            self._model_update(color=color.name())

    def _model_update(self, **changes) -> None:
        self.changed.emit(self.entry.run_id, changes)

    def _toggle_form(self) -> None:
        show = not self.form.isVisible()
        self.form.setVisible(show)
        self.expand_button.setArrowType(Qt.ArrowType.DownArrow if show else Qt.ArrowType.RightArrow)
