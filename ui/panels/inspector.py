"""The inspector: f, ∇f and ∇²f typeset, the values at a run's current point beside them,
and the critical points.

Formulas come from the model's ``formulas`` (made off the GUI thread by
:func:`ui.state.jobs.formulas`: plain text, and whole LaTeX lines under ``typeset:…``
whose SVG is already drawn). Each part (f, ∇f, ∇²f) shows its symbolic formula and, beside
it (below it when the dock is narrow), its value at the selected run's current point
``x_k``: ``f(x_k)``, ``∇f(x_k)`` and ‖∇f‖, ``∇²f(x_k)`` as a numeric matrix with its
eigenvalues and what their signs mean. The values' SVG is made on the background hub
(:func:`ui.views.mathtext.prepare_math`). A formula too long to typeset is shown as wrapped
text; a model's landscape shows its loss in words; the note on kinks stays under the
formulas. Clicking a critical point in the table asks the contour view to centre on it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from landscape.typeset import TYPESET, curvature_words, values_latex
from ui.panels.critical_table import CriticalTable
from ui.panels.run_combo import fill_run_combo, refresh_run_labels, select_run
from ui.state.jobs import NOTE
from ui.state.model import AppModel
from ui.state.timing import Debounce
from ui.views.layouts import add_layout
from ui.views.mathtext import MathLabel, prepare_math

#: the parts of the formulas, in order, with the heading shown before each
PARTS = (("f", "function"), ("grad", "gradient"), ("hess", "Hessian"))
#: font size (px) of the names of a part's entries (∂f/∂x …), smaller than the formulas
NAMES_SIZE = 12.0
#: ms the frame must rest before its values are typeset (each typesetting holds the GIL for
#: tens of ms: done every frame of a playback it starved the GUI thread, 13 fps)
TYPESET_AFTER_MS = 150
#: the plain-text keys of each part (a model's words go with f)
PLAIN_PREFIX = {"grad": "∂f/∂", "hess": "∂²f/∂"}


def _vec(values) -> str:
    return "(" + ", ".join(f"{float(v):.5g}" for v in np.ravel(values)) + ")"


def split_formulas(formulas: dict) -> dict[str, tuple[str | None, str]]:
    """``{part: (latex or None, plain text)}`` for f, grad and hess from the model's
    formulas; ``note`` holds the kink note as text. Keys that are no derivative (a model's
    words: loss, parameters, data…) are written under f as ``name: text``."""
    plain: dict[str, list[str]] = {"f": [], "grad": [], "hess": []}
    for key, text in formulas.items():
        if key.startswith(TYPESET) or key == NOTE:
            continue
        part = next((p for p, prefix in PLAIN_PREFIX.items() if key.startswith(prefix)), "f")
        plain[part].append(f"{key} = {text}" if part != "f" or key == "f" else f"{key}: {text}")
    out = {p: (formulas.get(TYPESET + p), "\n".join(lines)) for p, lines in plain.items()}
    out["note"] = (None, formulas.get(NOTE, ""))
    return out


class _Part(QWidget):
    """One part: a heading, the symbolic formula and the value at the current point, side by
    side when both fit the width, else one under the other."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 4)
        outer.setSpacing(2)
        self.heading = heading
        self.title = title = QLabel(heading)
        title.setObjectName("PartHeading")
        title.setStyleSheet("color: palette(mid); font-size: small;")
        outer.addWidget(title)
        self.names = MathLabel(size=NAMES_SIZE)  # ∇f = (∂f/∂x, ∂f/∂y): what the part is made of
        self.names.setObjectName("PartNames")
        self.names.hide()
        outer.addWidget(self.names)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(18)
        self.symbol, self.value = MathLabel(), MathLabel()
        self.value.setObjectName("ValueAtPoint")
        self.row.addWidget(self.symbol)
        self.row.addWidget(self.value)
        self.row.addStretch(1)
        add_layout(outer, self.row)
        self.eig = MathLabel()  # the Hessian's eigenvalues at the point, and what they mean
        self.eig.setObjectName("Eigenvalues")
        self.extra = QLabel()
        self.extra.setWordWrap(True)
        for widget in (self.eig, self.extra):
            widget.hide()
            outer.addWidget(widget)

    def shows_something(self) -> bool:
        return any(label.typeset() or label.text() for label in (self.symbol, self.value))

    def fit(self, width: int) -> None:
        """Side by side if both formulas fit in ``width`` px and none is plain text."""
        both = self.symbol.sizeHint().width() + self.value.sizeHint().width() + 24
        side = both <= width and self.symbol.typeset() and not self.value.text()
        want = QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom
        if self.row.direction() != want:
            self.row.setDirection(want)
            self.row.setSpacing(18 if side else 2)


class Inspector(QWidget):
    centreRequested = Signal(float, float)

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Inspector")
        self.model = model
        self._formulas: dict = {}
        self._values: dict[str, str] = {}  # the LaTeX of the values being shown or prepared
        self._typeset_later = Debounce(TYPESET_AFTER_MS, self._typeset_values, self)
        self._build()
        model.runsChanged.connect(self._fill_runs)
        model.runUpdated.connect(lambda *_: refresh_run_labels(self.run_combo, model.runs))
        model.runUpdated.connect(lambda *_: self.show_point())
        model.frameChanged.connect(lambda *_: self.show_point())
        model.selectedRunChanged.connect(self._select)
        model.criticalChanged.connect(self.show_critical)
        model.landscapeChanged.connect(lambda: self.show_formulas(None))

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(QLabel("at the current point of"))
        self.run_combo = QComboBox()
        self.run_combo.activated.connect(self._on_run_chosen)
        row.addWidget(self.run_combo, 1)
        add_layout(layout, row)
        pane = QWidget()
        pane.setObjectName("FormulaPane")
        column = QVBoxLayout(pane)
        column.setContentsMargins(2, 2, 2, 2)
        self.point_label = MathLabel()
        self.point_label.setObjectName("PointValues")
        self.point_label.show_math(None, "—")
        column.addWidget(self.point_label)
        self.parts = {key: _Part(heading) for key, heading in PARTS}
        for part in self.parts.values():
            column.addWidget(part)
        self.note_label = QLabel()
        self.note_label.setObjectName("KinkNote")
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label.hide()
        column.addWidget(self.note_label)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(pane)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table = CriticalTable()
        self.table.centreRequested.connect(self.centreRequested)
        self.critical_label = QLabel("critical points: looking…")
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.critical_label)
        inner.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.scroll)
        splitter.addWidget(holder)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 200])  # the formulas first; the table needs a few rows
        layout.addWidget(splitter, 1)
        self.show_formulas(None)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Lay each part out for the width; a part with nothing to show (a model's ∇f when
        no run is selected) is hidden, heading and all."""
        width = self.scroll.viewport().width() - 8
        for part in self.parts.values():
            part.setVisible(part.shows_something())
            part.fit(width)

    # -- runs ---------------------------------------------------------------------------------
    def _fill_runs(self) -> None:
        fill_run_combo(self.run_combo, self.model.runs, self.model.selected_run)
        self.show_point()

    def _select(self, run_id: int) -> None:
        select_run(self.run_combo, run_id)
        self.show_point()

    def _on_run_chosen(self, index: int) -> None:
        self.model.select_run(self.run_combo.itemData(index))

    def show_point(self) -> None:
        """The values at the selected run's point at the current frame, typeset once their
        SVG is made on the background hub."""
        if not self.isVisible():
            return
        entry = self.model.run(self.model.selected_run)
        data = self.model.landscape
        if entry is None or entry.length() == 0 or data is None:
            self._values = {}
            self._typeset_later.cancel()
            self._show_values({})
            return
        from landscape.calculus import evaluate_at

        index = entry.index_at(self.model.frame)
        info = evaluate_at(data.objective, np.asarray(entry.trajectory.xs[index], dtype=float))
        values = values_latex(
            index, info.point, info.value, info.gradient, info.hessian, info.eigenvalues
        )
        scale = float(np.nanmax(np.abs(info.hessian))) if np.size(info.hessian) else 1.0
        self._curvature = curvature_words(info.eigenvalues, scale if np.isfinite(scale) else 1.0)
        self._plain = {
            "point": f"step {index}   x = {_vec(info.point)}",
            "f": f"f = {info.value:.6g}",
            "grad": f"∇f = {_vec(info.gradient)}   ‖∇f‖ = {info.gradient_norm:.4g}",
            "hess": f"∇²f = {_vec(info.hessian)}",
            "eig": f"eigenvalues {_vec(info.eigenvalues)}",
        }
        if values == self._values:
            return
        self._values = values
        self._show_plain()
        self._typeset_later()  # once the frame rests: typesetting holds the GIL for ~50 ms

    def _show_plain(self) -> None:
        """The values as text at once (while playing, each frame's; typeset when it rests)."""
        plain = getattr(self, "_plain", {})
        self.point_label.show_math(None, plain.get("point", "—"))
        for key, part in self.parts.items():
            part.value.show_math(None, plain.get(key, ""))
        hess = self.parts["hess"]
        if hess.eig.isVisible():
            hess.eig.show_math(None, plain.get("eig", ""))
            hess.extra.setText(self._curvature)

    def _typeset_values(self) -> None:
        if self._values:
            prepare_math(self, list(self._values.values()), self._on_values_ready)

    def _on_values_ready(self, latexes: tuple) -> None:
        if tuple(self._values.values()) == tuple(latexes):
            self._show_values(self._values)

    def _show_values(self, values: dict[str, str]) -> None:
        plain = getattr(self, "_plain", {}) if values else {}
        self.point_label.show_math(values.get("point"), plain.get("point", "—"))
        for key, part in self.parts.items():
            part.value.show_math(values.get(key), plain.get(key, ""))
        hess = self.parts["hess"]
        has_eig = bool(values.get("eig"))
        if has_eig:
            hess.eig.show_math(values["eig"], plain.get("eig", ""))
            hess.extra.setText(self._curvature)
        hess.eig.setVisible(has_eig)
        hess.extra.setVisible(has_eig)
        self._fit()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.show_point()

    # -- formulas and critical points ---------------------------------------------------------
    def show_formulas(self, formulas: dict | None) -> None:
        """Show the model's formulas (None: they are being prepared)."""
        self._formulas = dict(formulas or {})
        if not formulas:
            for key, part in self.parts.items():
                part.symbol.show_math(None, "preparing formulas…" if key == "f" else "")
                part.names.hide()
            self.note_label.hide()
            self._fit()
            return
        shown = split_formulas(formulas)
        words = TYPESET + "f" not in formulas and "f" not in formulas  # a model's loss
        self.parts["f"].title.setText("the loss, in words" if words else "function")
        for key, part in self.parts.items():
            latex, text = shown[key]
            part.symbol.show_math(latex, text)
            names = formulas.get(f"{TYPESET}{key}_names")
            part.names.setVisible(bool(names) and part.names.show_math(names))
        note = shown["note"][1]
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self._fit()

    def show_formula_error(self, message: str) -> None:
        self._formulas = {}
        for key, part in self.parts.items():
            part.symbol.show_math(None, f"formulas unavailable: {message}" if key == "f" else "")
            part.names.hide()
        self.note_label.hide()

    def show_critical(self) -> None:
        points, sets = self.model.critical_points, self.model.critical_sets
        self.table.show_rows(points, sets)
        summary = self.model.critical_summary or f"{len(points)} critical points"
        self.critical_label.setText(f"critical points: {summary}")
        self.critical_label.setToolTip(summary)

    def show_critical_status(self, text: str) -> None:
        self.critical_label.setText(text)
