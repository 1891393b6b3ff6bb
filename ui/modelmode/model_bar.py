"""The model bar: a data set (built-in or a CSV file) and a model with its settings.

Edits are debounced and sent as one ``requested(ModelConfig)``. A data set that does not suit
the model switches the model (and the other way round), so every choice is a valid pair. CSV
problems are shown inline in words and nothing is requested until the choice is valid; the
last good landscape stays on screen.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from landscape.errors import InputError
from landscape.session import ModelConfig
from landscape.session_model import DEFAULT_DATA, MODEL_RESOLUTION_RANGE, looks_like_file
from ui.modelmode.csv_columns import CsvColumns, check_columns, read_columns
from ui.modelmode.model_settings import ModelSettings
from ui.state.timing import Debounce
from ui.views.layouts import add_layout

DEBOUNCE_MS = 250
OPEN_CSV = "__open_csv__"
MODEL_TITLES = (
    ("linreg", "Linear regression"),
    ("multireg", "Multiple regression"),
    ("logreg", "Logistic regression"),
    ("mlp", "Neural net (MLP)"),
)
MODEL_TASK = {
    "linreg": "regression",
    "multireg": "regression",
    "logreg": "classification",
    "mlp": None,
}


class ModelBar(QWidget):
    requested = Signal(object)
    sweepRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ModelBar")
        self.infos: dict[str, tuple[list[str], str]] = {}  # data -> (features, task)
        self._previous_data = 0
        self._timer = Debounce(DEBOUNCE_MS, self._emit_request, self)
        self._build()

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 2)
        grid.setVerticalSpacing(2)
        title = QLabel("model")
        title.setObjectName("FunctionLabel")
        grid.addWidget(title, 0, 0)
        add_layout(grid, self._first_row(), 0, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.caption = QLabel("choose a data set and a model")
        self.caption.setObjectName("ModelCaption")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #aeb0b8;")
        grid.addWidget(self.error_label, 1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.caption, 1)
        for text, widget in (
            ("", self.standardise),
            ("test", self.test_fraction),
            ("grid", self.resolution),
            ("", self.sweep_button),
        ):
            if text:
                bottom.addWidget(QLabel(text))
            bottom.addWidget(widget)
        add_layout(grid, bottom, 2, 1)
        grid.setColumnStretch(1, 1)

    def _first_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.model_combo = QComboBox()
        for name, text in MODEL_TITLES:
            self.model_combo.addItem(text, name)
        self.model_combo.setToolTip("The model to train; the picture is its loss landscape")
        self.data_combo = QComboBox()
        self.data_combo.setToolTip("The data set: a built-in one, or Open CSV… for your own")
        self.data_combo.setMinimumContentsLength(10)
        self.settings = ModelSettings()
        self.columns = CsvColumns()
        self.columns.hide()
        self._common_widgets()
        self.sweep_button = QPushButton("Sweep…")
        self.sweep_button.setToolTip("Train over a grid of settings and seeds, compare a metric")
        for text, widget in (
            ("", self.model_combo),
            ("on", self.data_combo),
            ("", self.columns),
            ("", self.settings),
        ):
            if text:
                row.addWidget(QLabel(text))
            row.addWidget(widget)
        row.addStretch(1)
        self._connect()
        return row

    def _common_widgets(self) -> None:
        self.standardise = QCheckBox("standardise")
        self.standardise.setChecked(True)
        self.standardise.setToolTip(
            "Standardise the features with the training split's mean and spread"
        )
        self.test_fraction = QDoubleSpinBox()
        self.test_fraction.setRange(0.0, 0.9)
        self.test_fraction.setSingleStep(0.05)
        self.test_fraction.setValue(0.25)
        self.test_fraction.setToolTip("Share of the rows held out for testing (metrics)")
        self.resolution = QSpinBox()
        self.resolution.setRange(*MODEL_RESOLUTION_RANGE)
        self.resolution.setSingleStep(25)
        self.resolution.setValue(ModelConfig().resolution)
        self.resolution.setToolTip("Resolution: samples per axis of the loss picture")
        for box in (self.test_fraction, self.resolution):
            box.setKeyboardTracking(False)

    def _connect(self) -> None:
        self.model_combo.activated.connect(self._on_model)
        self.data_combo.activated.connect(self._on_data)
        self.settings.changed.connect(self._schedule)
        self.columns.changed.connect(self._on_columns)
        self.standardise.toggled.connect(self._schedule)
        self.test_fraction.valueChanged.connect(self._schedule)
        self.resolution.valueChanged.connect(self._schedule)
        self.sweep_button.clicked.connect(self.sweepRequested)

    def fill_datasets(self) -> None:
        """The built-in data sets (once; loading them takes a moment)."""
        if self.infos:
            return
        from landscape.models.catalog import list_datasets

        self.data_combo.clear()
        for info in list_datasets():
            self.infos[info.name] = (list(info.features), info.task)
            self.data_combo.addItem(info.name, info.name)
            self.data_combo.setItemData(
                self.data_combo.count() - 1,
                f"{info.description} ({info.task}, {info.rows} rows)",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.data_combo.addItem("Open CSV…", OPEN_CSV)

    # -- reactions ----------------------------------------------------------------------------
    def _on_model(self, _index: int = 0) -> None:
        name = self.model_combo.currentData()
        task = MODEL_TASK[name]
        features, data_task = self.infos.get(self.data(), ([], None))
        if task is not None and data_task != task:
            self._select_data(DEFAULT_DATA[name])
            features = self.infos[self.data()][0]
        self.settings.set_model(name)
        self.settings.set_features(features)
        self._show_columns()
        self._schedule()

    def _on_data(self, index: int) -> None:
        if self.data_combo.itemData(index) == OPEN_CSV:
            self._select_index(self._previous_data)
            self.open_csv_dialog()
            return
        self._previous_data = index
        if looks_like_file(self.data()) and not self._check_csv():
            return
        self._data_changed()

    def _data_changed(self) -> None:
        features, task = self.infos[self.data()]
        name = self.model_combo.currentData()
        if MODEL_TASK[name] is not None and MODEL_TASK[name] != task:
            fit = (
                "logreg"
                if task == "classification"
                else ("linreg" if len(features) == 1 else "multireg")
            )
            self.model_combo.setCurrentIndex(self.model_combo.findData(fit))
            self.settings.set_model(fit)
        self.settings.set_features(features)
        self._show_columns()
        self._schedule()

    def _on_columns(self) -> None:
        if self._check_csv():
            self._data_changed()

    # -- CSV ----------------------------------------------------------------------------------
    def open_csv_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a CSV file", "", "CSV files (*.csv);;All files (*)"
        )
        if path:
            self.open_csv(path)

    def open_csv(self, path: str) -> bool:
        """Add the file ``path`` as a data set, its last column the target and the other
        numeric columns the features. False when it cannot be used that way: the problem is
        shown in words and nothing changes."""
        name = os.path.basename(path)
        try:
            columns, numeric = read_columns(path)
            target = columns[-1]
            features = [c for c in numeric if c != target]
            if not features:
                raise InputError("no numeric column to use as a feature")
            data = check_columns(path, target, features, None)
        except InputError as exc:
            self.show_error(f"{name}: {exc.message}", exc.hint)
            return False
        index = self.data_combo.findData(path)
        if index < 0:
            index = self.data_combo.count() - 1  # before "Open CSV…"
            self.data_combo.insertItem(index, name, path)
            self.data_combo.setItemData(index, path, Qt.ItemDataRole.ToolTipRole)
        self._select_index(index)
        self._previous_data = index
        self.columns.set_columns(columns, target, features)
        self.infos[path] = (list(data.feature_names), data.task)
        self.show_ok()
        self._data_changed()
        return True

    def _check_csv(self) -> bool:
        """Load the current CSV with the chosen columns; show a problem in words."""
        path = self.data()
        target, features = self.columns.choice()
        try:
            data = check_columns(path, target, features, None)
        except InputError as exc:
            self.show_error(f"{os.path.basename(path)}: {exc.message}", exc.hint)
            return False
        self.infos[path] = (list(data.feature_names), data.task)
        self.show_ok()
        return True

    def _show_columns(self) -> None:
        self.columns.setVisible(looks_like_file(self.data() or ""))

    # -- API ----------------------------------------------------------------------------------
    def data(self) -> str:
        return self.data_combo.currentData() or ""

    def config(self) -> ModelConfig:
        settings = {
            **self.settings.values(),
            "standardise": self.standardise.isChecked(),
            "test_fraction": round(self.test_fraction.value(), 4),
        }
        if looks_like_file(self.data()):
            target, features = self.columns.choice()
            settings.update(target=target, features="+".join(features))
        return ModelConfig(
            self.model_combo.currentData(),
            self.data(),
            settings,
            self.settings.mlp_view(),
            self.resolution.value(),
        )

    def set_config(self, config: ModelConfig) -> None:
        """Show ``config`` (validated by the session) without requesting anything."""
        from landscape.models.registry import coerce_settings

        self.fill_datasets()
        self._timer.cancel()
        s = coerce_settings(config.name, config.settings)
        if looks_like_file(config.data):
            self._add_csv_quietly(config.data, s["target"], s["features"])
        self._select_data(config.data)
        self.model_combo.setCurrentIndex(self.model_combo.findData(config.name))
        self.settings.set_features(self.infos.get(config.data, ([], None))[0])
        self.settings.set_values(config.name, s, config.view)
        for widget in (self.standardise, self.test_fraction, self.resolution):
            widget.blockSignals(True)
        self.standardise.setChecked(s["standardise"])
        self.test_fraction.setValue(s["test_fraction"])
        self.resolution.setValue(config.resolution)
        for widget in (self.standardise, self.test_fraction, self.resolution):
            widget.blockSignals(False)
        self._show_columns()

    def _add_csv_quietly(self, path: str, target: str, features: str) -> None:
        if self.data_combo.findData(path) < 0:
            index = self.data_combo.count() - 1
            self.data_combo.insertItem(index, os.path.basename(path), path)
        try:
            columns, _numeric = read_columns(path)
        except InputError:
            return  # the landscape job reports it
        self.columns.set_columns(columns, target, [f for f in features.split("+") if f])
        try:
            data = check_columns(path, *self.columns.choice(), None)
            self.infos[path] = (list(data.feature_names), data.task)
        except InputError:
            pass

    def _select_data(self, data: str) -> None:
        index = self.data_combo.findData(data)
        if index >= 0:
            self._select_index(index)
            self._previous_data = index

    def _select_index(self, index: int) -> None:
        self.data_combo.blockSignals(True)
        self.data_combo.setCurrentIndex(index)
        self.data_combo.blockSignals(False)

    def show_error(self, message: str, hint: str | None = None) -> None:
        self.error_label.setText(f"⚠ {message}" + (f". {hint}" if hint else ""))
        self.error_label.show()

    def show_ok(self) -> None:
        self.error_label.hide()
        self.error_label.clear()

    def edit_pending(self) -> bool:
        """An edit is waiting for its debounce interval before it is sent."""
        return self._timer.pending()

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)

    def _schedule(self, *_args) -> None:
        self._timer()

    def _emit_request(self) -> None:
        if looks_like_file(self.data()) and self.data() not in self.infos:
            return  # its problem is on screen
        self.requested.emit(self.config())
