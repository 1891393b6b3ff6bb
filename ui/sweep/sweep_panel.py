"""The Sweep panel: train a model over a grid of settings × seeds and compare a metric.

Choose the model and data, type comma-separated values for any setting (an empty field keeps
its default), the metric and the number of seeds; Run trains every combination in a process
pool off the GUI thread (progress bar, Cancel), then the table lists each combination's mean,
spread, best and worst over seeds, the plots show the metric against each swept setting with
the spread over seeds as error bars, and Export CSV writes every run.
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landscape.errors import InputError
from landscape.session_model import looks_like_file
from ui.modelmode.model_bar import MODEL_TASK, MODEL_TITLES
from ui.sweep.sweep_plot import SweepPlot
from ui.sweep.sweep_runner import SweepRunner
from ui.views.layouts import add_layout, clear_layout

#: rows of the grid form besides the model's own settings: (name, placeholder, tooltip)
RUN_ROWS = (
    ("optimizer", "gd", "optimizer names, e.g. gd, momentum, adam"),
    ("lr", "optimizer default", "learning rates, e.g. 0.01, 0.1, 1"),
    ("batch_size", "16 (sgd only)", "mini-batch sizes for sgd, e.g. 8, 32"),
    ("max_steps", "500", "steps per run"),
)
HIDDEN_SETTINGS = ("base", "features", "target", "view")
DATA_ROWS = ("test_fraction", "standardise", "data_seed")
SUMMARY_COLUMNS = ("mean", "std", "min", "max", "runs")
#: local processes: None is every core the app may run on
MAX_WORKERS: int | None = None
FORM_COLUMNS = 3


def parse_values(text: str) -> list:
    """``"0.01, 0.1, adam"`` -> ``[0.01, 0.1, "adam"]`` (numbers where they read as numbers)."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        for kind in (int, float):
            try:
                out.append(kind(part))
                break
            except ValueError:
                continue
        else:
            out.append(part)
    return out


class SweepPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SweepPanel")
        self.result = None
        self.fields: dict[str, QLineEdit] = {}
        self._dataset = None  # a loaded CSV choice (a Dataset), else None
        self._warmed = False  # the local pool was started when the panel was first shown
        self.runner = SweepRunner(self)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._build()
        self._fill_form()

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        add_layout(layout, self._choice_row())
        self.form = QGridLayout()
        self.form.setHorizontalSpacing(8)
        self.form.setVerticalSpacing(3)
        add_layout(layout, self.form)
        add_layout(layout, self._run_row())
        self.status = QLabel("type values for one or more settings, then Run")
        self.status.setObjectName("SweepStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.plot = SweepPlot()
        splitter.addWidget(self.table)
        splitter.addWidget(self.plot)
        splitter.setSizes([420, 560])
        layout.addWidget(splitter, 1)

    def _choice_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.model_combo = QComboBox()
        for name, text in MODEL_TITLES:
            self.model_combo.addItem(text, name)
        self.model_combo.activated.connect(lambda _i: self._fill_form())
        self.data_combo = QComboBox()
        self.data_combo.activated.connect(lambda _i: self._fill_metrics())
        self.metric_combo = QComboBox()
        self.metric_combo.setToolTip(
            "The value compared across settings (test_: on held-out "
            "rows; loss: the final training loss)"
        )
        self.seeds = QSpinBox()
        self.seeds.setRange(1, 50)
        self.seeds.setValue(3)
        self.seeds.setToolTip("Seeds per combination (initialisation and mini-batches)")
        for text, widget in (
            ("model", self.model_combo),
            ("data", self.data_combo),
            ("metric", self.metric_combo),
            ("seeds", self.seeds),
        ):
            row.addWidget(QLabel(text))
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _run_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.run_button = QPushButton("Run")
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_dialog)
        self.progress = QProgressBar()
        self._show_waiting(1)
        self.executor_edit = QLineEdit()
        self.executor_edit.setObjectName("SweepExecutor")
        self.executor_edit.setPlaceholderText("local")
        self.executor_edit.setMaximumWidth(220)
        self.executor_edit.setToolTip(
            "Where the runs train: empty or 'local' for this machine's cores, or "
            "dask://HOST:PORT for a dask.distributed scheduler (its workers need Landscape "
            "installed; the rows are the same as the local ones for the same seeds)"
        )
        row.addWidget(QLabel("on"))
        row.addWidget(self.executor_edit)
        for widget in (self.run_button, self.cancel_button, self.progress, self.export_button):
            row.addWidget(widget, 1 if widget is self.progress else 0)
        return row

    def executor(self) -> str:
        """The executor typed (``local`` when empty)."""
        return self.executor_edit.text().strip() or "local"

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Opening the panel starts the local worker processes in the background, so that
        the first Run does not wait for interpreters to start."""
        super().showEvent(event)
        if self.executor() == "local" and not self._warmed:
            from landscape.models.sweep_executors import warm_local_pool

            self._warmed = True
            warm_local_pool(MAX_WORKERS)

    def _fill_form(self) -> None:
        from landscape.models.registry import get_model

        clear_layout(self.form)  # widgets hidden at once, deleted when the loop comes round
        self.fields = {}
        model = self.model_combo.currentData()
        rows = list(RUN_ROWS)
        settings = [s for s in get_model(model).settings if s.name not in HIDDEN_SETTINGS]
        from landscape.models.registry import DATA_SETTINGS

        settings += [s for s in DATA_SETTINGS if s.name in DATA_ROWS]
        rows += [(s.name, f"{s.default}", s.doc) for s in settings]
        for k, (name, placeholder, tip) in enumerate(rows):
            edit = QLineEdit()
            edit.setPlaceholderText(f"{placeholder}")
            edit.setToolTip(f"{tip} — comma-separated values; empty: the default")
            edit.returnPressed.connect(self.run)
            row, col = divmod(k, FORM_COLUMNS)
            self.form.addWidget(QLabel(name), row, 2 * col)
            self.form.addWidget(edit, row, 2 * col + 1)
            self.form.setColumnStretch(2 * col + 1, 1)
            self.fields[name] = edit
        self._fill_data()

    def _fill_data(self) -> None:
        from landscape.models.catalog import builtin_names

        task = MODEL_TASK[self.model_combo.currentData()]
        keep = self.data_combo.currentData()
        self.data_combo.clear()
        for name in builtin_names():
            if task is None or _task_of(name) == task:
                self.data_combo.addItem(name, name)
        if self._dataset is not None and task in (None, self._dataset.task):
            self.data_combo.addItem(self._dataset.name, "__csv__")
        index = self.data_combo.findData(keep)
        self.data_combo.setCurrentIndex(index if index >= 0 else 0)
        self._fill_metrics()

    def _fill_metrics(self) -> None:
        from landscape.models.sweep import metric_names

        data = self.data_combo.currentData()
        task = (
            self._dataset.task
            if data == "__csv__"
            else MODEL_TASK[self.model_combo.currentData()] or _task_of(data)
        )
        keep = self.metric_combo.currentText()
        self.metric_combo.clear()
        names = [m for m in metric_names(task) if m == "loss" or m.startswith("test_")]
        self.metric_combo.addItems(names)
        default = "test_accuracy" if task == "classification" else "test_r2"
        self.metric_combo.setCurrentText(keep if keep in names else default)

    # -- API ----------------------------------------------------------------------------------
    def set_choice(self, config) -> None:
        """Start from the model bar's model and data (a CSV with its chosen columns)."""
        self._dataset = None
        if looks_like_file(config.data):
            try:
                from ui.modelmode.csv_columns import check_columns

                s = config.settings
                self._dataset = check_columns(
                    config.data,
                    s.get("target", ""),
                    [f for f in s.get("features", "").split("+") if f],
                    None,
                )
            except InputError:
                self._dataset = None
        if self.model_combo.currentData() != config.name:  # same model: keep what was typed
            self.model_combo.setCurrentIndex(self.model_combo.findData(config.name))
            self._fill_form()
        else:
            self._fill_data()
        data = "__csv__" if self._dataset is not None else config.data
        index = self.data_combo.findData(data)
        if index >= 0:
            self.data_combo.setCurrentIndex(index)
        self._fill_metrics()

    def grid(self) -> dict[str, list]:
        """The typed values by setting (fields left empty are not swept)."""
        return {
            name: parse_values(edit.text())
            for name, edit in self.fields.items()
            if parse_values(edit.text())
        }

    def run(self) -> bool:
        """Check the grid at once (a typo is reported before anything starts), then start."""
        if self.runner.running():
            return False
        from landscape.models.sweep import expand_grid
        from landscape.models.sweep_executors import check_executor

        model, grid = self.model_combo.currentData(), self.grid()
        if not grid:
            grid = {"optimizer": ["gd"]}
        try:
            executor = check_executor(self.executor())
            combos = expand_grid(model, grid)
        except InputError as exc:
            self._on_failed(exc.message + (f". {exc.hint}" if exc.hint else ""))
            return False
        total = len(combos) * self.seeds.value()
        data = (
            self._dataset
            if self.data_combo.currentData() == "__csv__"
            else self.data_combo.currentData()
        )
        self.runner.start(
            model=model,
            data=data,
            grid=grid,
            metric=self.metric_combo.currentText(),
            seeds=self.seeds.value(),
            max_workers=MAX_WORKERS,
            executor=executor,
        )
        self._show_waiting(total)
        self._set_running(True)
        self.status.setText(
            f"training {total} runs ({len(combos)} combinations × {self.seeds.value()} seeds)…"
        )
        return True

    def cancel(self) -> None:
        if self.runner.running():
            self.runner.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("cancelling: the runs in progress finish first…")

    def shutdown(self) -> None:
        """Stop: the sweep running is cancelled, and the warm local processes end."""
        from landscape.models.sweep_executors import shutdown_local_pool

        self.runner.cancel()
        self.runner.wait(10.0)
        shutdown_local_pool()

    def running(self) -> bool:
        return self.runner.running()

    # -- results ------------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running and self.result is not None)

    def _show_waiting(self, total: int) -> None:
        """An empty bar at 0 % before the first run ends (never Qt's busy stripes)."""
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(0)
        self.progress.setFormat("0 % · waiting for the first run")

    def _on_progress(self, done: int, total: int) -> None:
        if done <= 0:
            self._show_waiting(total)
            return
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat("%v of %m runs (%p %)")

    def _on_failed(self, message: str) -> None:
        self._set_running(False)
        self.status.setText(f"<span style='color:#ff6b63'>⚠ {message}</span>")

    def _on_finished(self, result) -> None:
        from landscape.models.sweep import best, summarise

        self.result = result
        summary = summarise(result)
        self._fill_table(result, summary)
        self.plot.show_result(result, summary)
        self._set_running(False)
        top = best(result)
        done = f"{len(result.rows)} runs in {result.wall_time:.1f} s"
        if result.cancelled:
            done = f"cancelled: {done} finished before the stop"
        choice = ", ".join(f"{n} = {top[n]}" for n in result.names) if top else ""
        best_text = f" · best {result.metric}: {top['mean']:.4g} at {choice}" if top else ""
        self.status.setText(done + best_text)

    def _fill_table(self, result, summary: list[dict]) -> None:
        columns = [*result.names, *SUMMARY_COLUMNS]
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setRowCount(len(summary))
        for r, row in enumerate(summary):
            for c, key in enumerate(columns):
                value = row[key]
                text = (
                    f"{value:.4g}"
                    if isinstance(value, float) and math.isfinite(value)
                    else "—"
                    if isinstance(value, float)
                    else str(value)
                )
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the sweep", "sweep.csv", "CSV files (*.csv)"
        )
        if path:
            self.export(path)

    def export(self, path: str) -> bool:
        from landscape.models.sweep import to_csv

        if self.result is None:
            return False
        try:
            to_csv(self.result, path)
        except InputError as exc:  # safe_write: every failure in words
            self._on_failed(str(exc))
            return False
        self.status.setText(f"saved {len(self.result.rows)} runs to {path}")
        return True


@functools.lru_cache(maxsize=32)
def _task_of(name: str) -> str | None:
    from landscape.models.catalog import load_builtin

    try:
        return load_builtin(name).task
    except InputError:
        return None
