"""Model mode beside Function mode: the switch, the model bar, and the Data, Metrics and Sweep
docks, added to the window through its API (:meth:`~ui.shell.main_window.MainWindow.add_dock`, …).

:func:`install_model_mode` is called once while the window is built. In model mode the
landscape is a model's loss on a 2-D view, asked for through the controller
(:meth:`~ui.state.controller.Controller.request_model_landscape`, built by
:func:`landscape.models.scene.build_model_landscape`); the runs train every parameter of the
model (:meth:`landscape.models.view_objective.ViewObjective.train`), and everything that draws
runs works unchanged on their projections. The mode and the model's configuration live in the
app model (``mode``, ``model_config``); this object shows them. Switching back restores the
function session that was on screen.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from landscape.session import Session
from ui.modelmode.model_bar import ModelBar
from ui.state.controller import is_model_landscape

__all__ = ["ModelMode", "install_model_mode", "is_model_landscape"]


def install_model_mode(window) -> ModelMode:
    """Add the mode switch above the views and the model docks; ``window.model_mode``."""
    mode = ModelMode(window)
    window.model_mode = mode
    return mode


class ModelMode(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self._function_session: Session | None = None
        self.bar = ModelBar()
        window.add_request_bar(self.bar)
        window.add_toolbar("Mode", self._switch())
        self._build_docks()
        self._connect()

    @property
    def mode(self) -> str:
        return self.model.mode

    # -- construction -------------------------------------------------------------------------
    def _switch(self) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(4, 0, 8, 0)
        row.setSpacing(0)
        self.buttons = QButtonGroup(self)
        for key, text, tip in (
            ("function", "Function", "Explore f(x, y): a formula you type"),
            ("model", "Model", "Train a model on data: its loss landscape"),
        ):
            button = QToolButton()
            button.setObjectName(f"Mode{text}")
            button.setText(text)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setMinimumWidth(70)
            button.setStyleSheet(
                "QToolButton { padding: 2px 8px; } QToolButton:checked { "
                "background: #3d6fd6; color: white; border-radius: 3px; }"
            )
            button.clicked.connect(partial(self.choose, key))
            self.buttons.addButton(button)
            row.addWidget(button)
            setattr(self, f"{key}_button", button)
        self.function_button.setChecked(True)
        return holder

    def _build_docks(self) -> None:
        from ui.modelmode.data_view import DataView
        from ui.modelmode.metrics_panel import MetricsPanel
        from ui.modelmode.trail_inset import TrailInset
        from ui.sweep.sweep_panel import SweepPanel

        w = self.window
        self.data_view = DataView(w.model)
        self.metrics_panel = MetricsPanel(w.model)
        self.sweep_panel = SweepPanel()
        self.inset = TrailInset(w.contour_view, w.model)  # the short trails, magnified
        area = Qt.DockWidgetArea
        right, bottom = area.RightDockWidgetArea, area.BottomDockWidgetArea
        w.add_dock("data", "Data", self.data_view, right, Qt.Orientation.Vertical)
        w.add_dock("metrics", "Metrics", self.metrics_panel, bottom, Qt.Orientation.Horizontal)
        w.add_dock("sweep", "Sweep", self.sweep_panel, bottom)

    def _connect(self) -> None:
        m = self.model
        self.bar.requested.connect(self.request)
        self.bar.sweepRequested.connect(self.show_sweep)
        m.landscapeErrorChanged.connect(self._on_error)
        m.landscapeChanged.connect(self._on_landscape)
        m.modeChanged.connect(self._show_mode)
        m.modelConfigChanged.connect(self._show_config)
        m.runUpdated.connect(self._show_trained_values)
        m.runsChanged.connect(self._show_all_trained_values)

    # -- switching ----------------------------------------------------------------------------
    def choose(self, mode: str) -> None:
        """What the switch does: show ``mode`` ("function" or "model")."""
        if mode == self.model.mode:
            return
        w = self.window
        w.autoplay = True
        if mode == "model":
            from landscape.session import ModelConfig
            from landscape.session_starts import model_session

            self._function_session = w.capture_session()
            c = self.model.model_config or ModelConfig()
            session = model_session(c.name, c.data, c.settings, c.view, base=self._function_session)
            session.model.resolution = c.resolution
        else:
            from ui.shell.launch import default_session

            session = self._function_session or default_session()
            session.mode, session.step = "function", 0
        w.apply_session(session)

    def _show_mode(self, mode: str) -> None:
        model = mode == "model"
        w = self.window
        w.show_request_bar(self.bar if model else w.function_bar)
        (self.model_button if model else self.function_button).setChecked(True)
        for key in ("data", "metrics"):
            w.docks[key].setVisible(model)
        if not model:
            w.docks["sweep"].hide()
        else:
            self.bar.show_ok()

    def _show_config(self) -> None:
        config = self.model.model_config
        if config is not None and config != self.bar.config():
            self.bar.set_config(config)

    # -- what the runs trained with ---------------------------------------------------------
    def trained_values(self, run_id: int) -> dict | None:
        """The hyperparameters run ``run_id`` trained with on the model on screen (the values
        it was given, the others suggested for the data's scale), or None."""
        from landscape.models.view_objective import current_trajectory

        traj = current_trajectory(self.model.run(run_id), self.model.landscape)
        return None if traj is None else dict(traj.hyperparameters)

    def _show_trained_values(self, run_id: int) -> None:
        """A model run's card shows the values it trained with (not the registry's defaults
        for the ones suggested), without sending them back as edits."""
        values = self.trained_values(run_id)
        card = getattr(self.window, "optimizer_panel", None)
        card = None if card is None else card.cards.get(run_id)
        if values is not None and card is not None:
            card.form.set_values(values)

    def _show_all_trained_values(self) -> None:
        for entry in self.model.runs:
            self._show_trained_values(entry.run_id)

    # -- requests -----------------------------------------------------------------------------
    def applied(self):
        """The configuration of the model landscape on screen (None in function mode)."""
        data = self.model.landscape
        return data.objective.config if is_model_landscape(data) else None

    def request(self, config) -> None:
        """A new choice in the model bar: rebuild the landscape; a new model starts from its own
        start (a finer or coarser grid keeps the start)."""
        if self.model.mode != "model":
            return
        old = self.applied()
        same = old is not None and replace(config, resolution=old.resolution) == old
        self.window.controller.request_model_landscape(config, reset_start=not same)

    def _on_landscape(self) -> None:
        data = self.model.landscape
        if is_model_landscape(data):
            self.bar.show_ok()
            self.bar.set_caption(data.objective.caption)

    def _on_error(self) -> None:
        exc = self.model.landscape_error
        if self.model.mode == "model" and exc is not None:
            self.bar.show_error(exc.message, getattr(exc, "hint", None))

    def show_sweep(self) -> None:
        dock = self.window.docks["sweep"]
        self.sweep_panel.set_choice(self.bar.config())
        if not dock.isVisible():
            dock.setFloating(True)
            dock.resize(1000, 640)
            dock.show()
        dock.raise_()
