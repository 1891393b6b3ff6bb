"""The optimizer panel: add optimizers from the registry, the start point, and a card per run.

The same optimizer can be added several times; each card has a colour, a visibility toggle,
its status and a form generated from the registry's specs. Edits go to the controller, which
re-runs that optimizer off the GUI thread with the suggestion for every value not edited
(each card's "Suggest" clears the edits).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.panels.optimizer_help import update_rule_tip
from ui.panels.run_card import RunCard
from ui.state.model import AppModel
from ui.views.layouts import add_layout


def _coordinate_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-1e6, 1e6)
    box.setDecimals(4)
    box.setSingleStep(0.1)
    box.setKeyboardTracking(False)
    box.setMinimumWidth(76)  # the range's widest text would make the dock ~430 px wide
    return box


class OptimizerPanel(QWidget):
    def __init__(self, model: AppModel, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OptimizerPanel")
        self.model = model
        self.controller = controller
        self.cards: dict[int, RunCard] = {}
        self._build()
        model.runsChanged.connect(self.sync_cards)
        model.runUpdated.connect(self._on_run_updated)
        model.frameChanged.connect(self._on_frame)
        model.startChanged.connect(self._show_start)
        model.selectedRunChanged.connect(self._show_selection)
        model.maxStepsChanged.connect(self.show_max_steps)
        model.landscapeChanged.connect(self._name_start)
        self._show_start()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        add_row = QHBoxLayout()
        self.add_combo = QComboBox()
        self.add_combo.setToolTip("Choose an optimizer to add (the same one can race itself)")
        self.add_combo.setMinimumContentsLength(10)
        self.add_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self._add)
        add_row.addWidget(self.add_combo, 1)
        add_row.addWidget(self.add_button)
        add_layout(layout, add_row)
        start_row, steps_row = self._start_rows()
        add_layout(layout, start_row)
        add_layout(layout, steps_row)
        self.cards_host = QWidget()
        self.cards_layout = QVBoxLayout(self.cards_host)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.cards_host)
        layout.addWidget(scroll, 1)

    def _start_rows(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        row, second = QHBoxLayout(), QHBoxLayout()
        self.start_x, self.start_y = _coordinate_box(), _coordinate_box()
        self.start_x.setToolTip("Start x (or click the contour map)")
        self.start_y.setToolTip("Start y (or click the contour map)")
        self.random_button = QPushButton("Random")
        self.random_button.setToolTip("A random start inside the domain")
        self.random_button.clicked.connect(self.controller.random_start)
        self.max_steps = QSpinBox()
        self.max_steps.setRange(1, 100_000)
        self.max_steps.setValue(self.model.max_steps)
        self.max_steps.setKeyboardTracking(False)
        self.max_steps.setToolTip("Most steps each optimizer may take")
        self.max_steps.valueChanged.connect(self.controller.set_max_steps)
        self.start_x.valueChanged.connect(self._start_edited)
        self.start_y.valueChanged.connect(self._start_edited)
        self.start_labels = (QLabel("start x"), QLabel("y"))
        for label, widget in zip(self.start_labels, (self.start_x, self.start_y), strict=True):
            row.addWidget(label)
            row.addWidget(widget, 1)
        row.addWidget(self.random_button)
        second.addWidget(QLabel("at most"))
        second.addWidget(self.max_steps)
        second.addWidget(QLabel("steps per run"))
        second.addStretch(1)
        return row, second

    # -- registry -----------------------------------------------------------------------------
    def set_specs(self, specs) -> None:
        """``specs``: the registry's specs (name, display_name, params)."""
        self.specs = {s.name: s for s in specs}
        self.add_combo.clear()
        for i, spec in enumerate(specs):
            self.add_combo.addItem(spec.display_name, spec.name)
            self.add_combo.setItemData(i, update_rule_tip(spec), Qt.ItemDataRole.ToolTipRole)
        self.sync_cards()

    def _add(self) -> None:
        name = self.add_combo.currentData()
        if name:
            self.controller.add_run(name)

    # -- cards --------------------------------------------------------------------------------
    def sync_cards(self) -> None:
        specs = getattr(self, "specs", None)
        if specs is None:
            return
        ids = [r.run_id for r in self.model.runs]
        for run_id in [i for i in self.cards if i not in ids]:
            card = self.cards.pop(run_id)
            self.cards_layout.removeWidget(card)
            card.deleteLater()
        for entry in self.model.runs:
            if entry.run_id in self.cards or entry.name not in specs:
                continue
            card = RunCard(entry, specs[entry.name].params)
            card.hyperChanged.connect(self.controller.set_hyper)
            card.suggestRequested.connect(self.controller.suggest)
            card.removeRequested.connect(self.controller.remove_run)
            card.selected.connect(self.model.select_run)
            card.changed.connect(lambda rid, ch: self.controller.update_run(rid, **ch))
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            self.cards[entry.run_id] = card
        self._show_selection(self.model.selected_run)

    def card(self, run_id: int) -> RunCard:
        return self.cards[run_id]

    def _on_run_updated(self, run_id: int) -> None:
        entry, card = self.model.run(run_id), self.cards.get(run_id)
        if entry is not None and card is not None:
            card.refresh(entry, self.model.frame)

    def _on_frame(self, frame: int) -> None:
        for run_id, card in self.cards.items():
            entry = self.model.run(run_id)
            if entry is not None:
                card.refresh(entry, frame)

    def _show_selection(self, run_id: int) -> None:
        for rid, card in self.cards.items():
            card.setProperty("selected", rid == run_id)
            card.style().unpolish(card)
            card.style().polish(card)

    # -- start --------------------------------------------------------------------------------
    def _name_start(self) -> None:
        """The start fields named by the landscape's variables (a model's parameters)."""
        data = self.model.landscape
        a, b = (getattr(data.objective, "variables", None) or ("x", "y")) if data else ("x", "y")
        self.start_labels[0].setText(f"start {a}")
        self.start_labels[1].setText(str(b))
        self.start_x.setToolTip(f"Start {a} (or click the map)")
        self.start_y.setToolTip(f"Start {b} (or click the map)")

    def _show_start(self) -> None:
        x, y = self.model.start
        for box, v in ((self.start_x, x), (self.start_y, y)):
            box.blockSignals(True)
            box.setValue(v)
            box.blockSignals(False)

    def _start_edited(self, *_args) -> None:
        self.controller.set_start(self.start_x.value(), self.start_y.value())

    def show_max_steps(self, value: int) -> None:
        self.max_steps.blockSignals(True)
        self.max_steps.setValue(value)
        self.max_steps.blockSignals(False)
