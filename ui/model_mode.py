"""Model mode beside Function mode: the switch, the model bar, and the Data, Metrics and Sweep
docks, wired into the window's model and controller.

:func:`install_model_mode` is called once while the window is built. In model mode the
landscape is a model's loss on a 2-D view (computed on the controller's ``landscape`` channel
by :func:`ui.model_jobs.build_model_landscape`); the runs train every parameter of the model
(:meth:`ui.model_view.ViewObjective.train`), and everything that draws runs works unchanged
on their projections. Switching back restores the function session that was on screen.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from landscape.session import ModelConfig, Session
from ui.model_bar import ModelBar
from ui.model_view import ViewObjective

#: the MLP's plane is made from the first run of these families, in this order of preference
REFERENCE_FAMILIES = ("adaptive", "first-order")


def install_model_mode(window) -> ModelMode:
    """Add the mode switch above the views and the model docks; ``window.model_mode``."""
    mode = ModelMode(window)
    window.model_mode = mode
    return mode


def is_model_landscape(data) -> bool:
    return data is not None and isinstance(data.objective, ViewObjective)


class ModelMode(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.mode = "function"
        self.applied: ModelConfig | None = None
        self.last_config = ModelConfig()
        self._function_session: Session | None = None
        self._reset_start = False
        self._build_bars()
        self._build_docks()
        self._connect()

    # -- construction -------------------------------------------------------------------------
    def _build_bars(self) -> None:
        w = self.window
        layout = w.centralWidget().layout()
        index = layout.indexOf(w.function_bar)
        layout.removeWidget(w.function_bar)
        self.bar = ModelBar()
        self.stack = QStackedWidget()
        self.stack.addWidget(w.function_bar)
        self.stack.addWidget(self.bar)
        layout.insertWidget(max(0, index), self.stack)
        toolbar = QToolBar("Mode", w)
        toolbar.setObjectName("ModeToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self._switch())
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

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
        from ui.data_view import DataView
        from ui.metrics_panel import MetricsPanel
        from ui.sweep_panel import SweepPanel

        w = self.window
        self.data_view = DataView(w.model)
        self.metrics_panel = MetricsPanel(w.model)
        self.sweep_panel = SweepPanel()
        area = Qt.DockWidgetArea
        right, bottom = area.RightDockWidgetArea, area.BottomDockWidgetArea
        w.docks["data"] = w._dock("Data", self.data_view, right)
        w.docks["metrics"] = w._dock("Metrics", self.metrics_panel, bottom)
        w.docks["sweep"] = w._dock("Sweep", self.sweep_panel, bottom)
        w.addDockWidget(right, w.docks["data"], Qt.Orientation.Vertical)
        w.addDockWidget(bottom, w.docks["metrics"], Qt.Orientation.Horizontal)
        for key in ("data", "metrics", "sweep"):
            w.docks[key].hide()

    def _connect(self) -> None:
        w = self.window
        self.bar.requested.connect(self.request)
        self.bar.sweepRequested.connect(self.show_sweep)
        w.controller.landscapeFailed.connect(self._on_failed)
        w.model.landscapeChanged.connect(self._on_landscape)

    # -- switching ----------------------------------------------------------------------------
    def choose(self, mode: str) -> None:
        """What the switch does: show ``mode`` ("function" or "model")."""
        if mode == self.mode:
            return
        w = self.window
        w.autoplay = True
        if mode == "model":
            from landscape.session_starts import model_session

            self._function_session = w.capture_session()
            c = self.last_config
            session = model_session(c.name, c.data, c.settings, c.view, base=self._function_session)
            session.model.resolution = c.resolution
        else:
            from ui.launch import default_session

            session = self._function_session or default_session()
            session.mode, session.step = "function", 0
        w.apply_session(session)

    def apply(self, session: Session) -> bool:
        """Show ``session``'s mode; in model mode request its landscape (True: handled)."""
        self._show_mode(session.mode)
        if session.mode != "model":
            self.applied = None
            return False
        config = session.model or ModelConfig()
        self.bar.set_config(config)
        self.bar.show_ok()
        self._submit(config, reset_start=bool(getattr(session, "auto_start", False)))
        return True

    def capture(self) -> tuple[str, ModelConfig | None]:
        if self.mode != "model":
            return "function", None
        return "model", self.applied or self.bar.config()

    def _show_mode(self, mode: str) -> None:
        self.mode = mode
        model = mode == "model"
        self.stack.setCurrentWidget(self.bar if model else self.window.function_bar)
        (self.model_button if model else self.function_button).setChecked(True)
        for key in ("data", "metrics"):
            self.window.docks[key].setVisible(model)
        if not model:
            self.window.docks["sweep"].hide()
            self._axis_labels("x", "y")

    # -- requests -----------------------------------------------------------------------------
    def request(self, config: ModelConfig) -> None:
        """A new choice in the model bar: rebuild the landscape; a new model starts from its own
        start (a finer or coarser grid keeps the start)."""
        if self.mode != "model":
            return
        old = self.applied
        same = old is not None and replace(config, resolution=old.resolution) == old
        self._submit(config, reset_start=not same)

    def _submit(self, config: ModelConfig, reset_start: bool) -> None:
        from ui.model_jobs import build_model_landscape

        w = self.window
        self._reset_start = reset_start
        self.last_config = config
        w.controller.message.emit(f"training and mapping {config.name} on {config.data}…")
        w.controller.hub.submit(
            "landscape",
            partial(build_model_landscape, config, self._reference(), w.model.max_steps),
        )

    def _reference(self) -> tuple[str, dict, str] | None:
        """The run an MLP's plane is made from: the first adaptive optimizer on screen (they
        train a network furthest), else the first first-order one; None: Adam's defaults."""
        specs = self.window.controller.specs()
        for family in REFERENCE_FAMILIES:
            for entry in self.window.model.runs:
                spec = specs.get(entry.name)
                if spec is not None and spec.family == family:
                    return entry.name, dict(entry.hyper), entry.display_name
        return None

    def _on_landscape(self) -> None:
        data = self.window.model.landscape
        if not is_model_landscape(data):
            self._axis_labels("x", "y")
            return
        objective = data.objective
        self.applied = objective.config
        if self._reset_start:
            self._reset_start = False
            self.window.model.set_start(*objective.default_start())
        self._axis_labels(*objective.variables)
        self.window.contour_view.cbar.setLabel("left", "loss (log spacing)")
        self.bar.show_ok()
        self.bar.set_caption(objective.caption)

    def _on_failed(self, exc) -> None:
        if self.mode == "model":
            self.bar.show_error(exc.message, getattr(exc, "hint", None))

    def _axis_labels(self, x: str, y: str) -> None:
        plot = self.window.contour_view.plot_item
        for side, text in (("bottom", x), ("left", y)):
            plot.setLabel(side, text)
            plot.getAxis(side).enableAutoSIPrefix(False)  # no "(×0.001)" on parameter axes

    def show_sweep(self) -> None:
        dock = self.window.docks["sweep"]
        self.sweep_panel.set_choice(self.bar.config())
        if not dock.isVisible():
            dock.setFloating(True)
            dock.resize(1000, 640)
            dock.show()
        dock.raise_()
