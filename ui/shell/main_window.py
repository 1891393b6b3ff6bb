"""The main window: function bar, contour and surface views, playback, and the docks.

It wires widgets to the model and the controller; it holds no state of its own beyond the
file path of the open session. What is on screen lives in :attr:`model`
(:class:`~ui.state.model.AppModel`); the window follows its layout. Model mode (and any other part)
adds bars, docks and toolbars through :meth:`add_request_bar`, :meth:`add_dock` and
:meth:`add_toolbar`, never by rearranging the window itself.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from landscape.errors import InputError
from landscape.session import Session
from ui.panels.function_bar import FunctionBar
from ui.panels.inspector import Inspector
from ui.panels.optimizer_panel import OptimizerPanel
from ui.panels.playback import PlaybackBar
from ui.panels.results_table import ResultsTable
from ui.panels.start_notice import StartNotice
from ui.shell import kind_messages
from ui.shell.appearance import Appearance
from ui.shell.menus import build_menus
from ui.shell.model_mode import install_model_mode
from ui.shell.settings import AppSettings
from ui.state import startup_trace
from ui.state.controller import Controller
from ui.state.model import AppModel
from ui.views.contour_view import ContourView
from ui.views.loss_panel import LossPanel
from ui.views.surface_view import SurfaceView

#: start the heavy work even if no paint arrives (a hidden window)
FIRST_PAINT_FALLBACK_MS = 400


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: a narrow dock scrolls it rather than hold the
    window wide or cut it off."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class MainWindow(QMainWindow):
    """``session`` is shown once the window is up; ``autoplay`` starts playback when the
    runs are ready; ``remember`` saves geometry and the session on close."""

    ready = Signal()

    def __init__(
        self,
        session: Session,
        *,
        use_3d: bool = True,
        no_3d_reason: str = "",
        autoplay: bool = True,
        remember: bool = True,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Landscape")
        self.settings = AppSettings()
        self.remember = remember
        self.autoplay = autoplay
        self.session_path: str | None = None
        self.model = AppModel(self)
        self.controller = Controller(self.model)
        self._painted_views: set[str] = set()  # views that painted the new landscape
        self._build(use_3d, no_3d_reason)
        install_model_mode(self)  # the Function/Model switch and the model docks
        self.appearance = Appearance(self)
        self.actions = build_menus(self)
        self._connect()
        self._connect_keys()
        self._connect_start_notice()
        self._last_frame_seen = 0
        self._initial = session
        self.function_bar.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._start_heavy_work)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        """Heavy imports (sympy, OpenGL) start only once the window has been drawn."""
        if event.type() == QEvent.Type.Paint and self._initial is not None:
            startup_trace.mark("first-paint")
            QTimer.singleShot(0, self._start_heavy_work)
        return False

    def _start_heavy_work(self) -> None:
        session, self._initial = self._initial, None
        if session is None:
            return
        self.function_bar.removeEventFilter(self)
        self.apply_session(session)
        self.surface_view.start()
        QTimer.singleShot(0, self.appearance.style_plots)  # after the GL view (queued first)

    # -- construction -------------------------------------------------------------------------
    def _build(self, use_3d: bool, reason: str) -> None:
        self.function_bar = FunctionBar()
        self.contour_view = ContourView(self.model)
        if not use_3d and not reason:
            reason = "3D view off (--no-3d). Everything else works."
        self.surface_view = SurfaceView(self.model, enabled=use_3d, reason=reason)
        self.views = QSplitter(Qt.Orientation.Horizontal)
        self.views.addWidget(self.contour_view)
        self.views.addWidget(self.surface_view)
        self.views.setSizes([600, 500])
        self.playback = PlaybackBar(self.model)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.request_bars = QStackedWidget()  # the function bar, or model mode's bar
        self.request_bars.addWidget(self.function_bar)
        layout.addWidget(self.request_bars)
        self.start_notice = StartNotice()  # f undefined at the start: the nearest defined point
        layout.addWidget(self.start_notice)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.playback)
        self.setCentralWidget(central)
        self.optimizer_panel = OptimizerPanel(self.model, self.controller)
        self.inspector = Inspector(self.model)
        self.loss_panel = LossPanel(self.model)
        self.docks = {
            "optimizers": self._dock(
                "Optimizers", self.optimizer_panel, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "inspector": self._dock(
                "Inspector", scrolled(self.inspector), Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "loss": self._dock("Loss", self.loss_panel, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.tabifyDockWidget(self.docks["optimizers"], self.docks["inspector"])
        self.docks["optimizers"].raise_()
        self.results_table = ResultsTable(self.model)  # tabbed beside the loss curves
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.docks["results"] = self._dock("Results", self.results_table, bottom)
        self.tabifyDockWidget(self.docks["loss"], self.docks["results"])
        self.docks["loss"].raise_()
        for view in (self.contour_view, self.loss_panel):  # cheaper drawing while playing
            self.playback.playingChanged.connect(view.set_playing)
        self.hover_label = QLabel()
        self.hover_label.setObjectName("HoverLabel")
        self.statusBar().addPermanentWidget(self.hover_label)

    # -- what other parts may add -------------------------------------------------------------
    def add_request_bar(self, bar: QWidget) -> None:
        """Another bar where a landscape is asked for (shown by :meth:`show_request_bar`)."""
        self.request_bars.addWidget(bar)

    def show_request_bar(self, bar: QWidget) -> None:
        self.request_bars.setCurrentWidget(bar)

    def add_toolbar(self, name: str, widget: QWidget) -> None:
        """A fixed toolbar above the views holding ``widget``."""
        from PySide6.QtWidgets import QToolBar

        toolbar = QToolBar(name, self)
        toolbar.setObjectName(f"{name}Toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(widget)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def add_dock(self, key: str, title: str, widget: QWidget, area, orientation=None) -> None:
        """A dock ``self.docks[key]``, hidden until shown; ``orientation`` splits ``area``."""
        dock = self._dock(title, widget, area)
        if orientation is not None:
            self.addDockWidget(area, dock, orientation)
        dock.hide()
        self.docks[key] = dock

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title}Dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        bar, ctl = self.function_bar, self.controller
        m = self.model
        bar.landscapeRequested.connect(ctl.request_landscape)
        bar.colormapChanged.connect(ctl.set_colormap)
        bar.presetChosen.connect(self.load_preset)
        for signal in (m.requestChanged, m.appearanceChanged):
            signal.connect(self._show_request)
        m.landscapeErrorChanged.connect(self._show_landscape_error)
        m.landscapeChanged.connect(
            lambda: bar.show_drawn_scale(m.landscape.scale if m.landscape else None)
        )
        m.formulasChanged.connect(self._show_formulas)
        m.criticalStatusChanged.connect(self.inspector.show_critical_status)
        m.layoutChanged.connect(self._show_layout)
        ctl.message.connect(self.show_message)
        ctl.runsSettled.connect(self._on_runs_settled)
        self.contour_view.landscapePainted.connect(lambda: self._painted("contour"))
        self.surface_view.landscapePainted.connect(lambda: self._painted("surface"))
        m.landscapeChanged.connect(self._painted_views.clear)
        self.contour_view.startPicked.connect(ctl.set_start)
        self.contour_view.hovered.connect(self._show_hover)
        self.contour_view.left.connect(self.hover_label.clear)
        self.inspector.centreRequested.connect(self.contour_view.centre_on)
        self.model.frameChanged.connect(self._report_ended_runs)
        self._show_request()

    def _painted(self, view: str) -> None:
        """A view painted the new landscape: once the map and (when on screen) the 3D view
        both have, the follow-up jobs start (started earlier, their threads held the GIL
        while the 3D view still had to paint)."""
        self._painted_views.add(view)
        wanted = {"contour", "surface"} if self.surface_view.showing() else {"contour"}
        if wanted <= self._painted_views:
            self._painted_views.clear()
            self.controller.landscape_painted()

    # -- type and watch -----------------------------------------------------------------------
    def _connect_keys(self) -> None:
        """Space, ←/→ and Home drive playback (menus.py) wherever no text field has focus, so
        the map holds the focus at start; Enter in the function field plays, Esc leaves it; a
        newly typed function replays the race from step 0."""
        self.contour_view.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.contour_view.plot.setFocus(Qt.FocusReason.OtherFocusReason)
        self.function_bar.playRequested.connect(self._play_from_field)
        self.function_bar.leaveRequested.connect(self.focus_map)
        self.controller.replayRequested.connect(self._replay_new_function)

    def focus_map(self) -> None:
        self.contour_view.plot.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _play_from_field(self) -> None:
        """Enter: the function on screen plays from step 0; a new one plays once its runs are
        in (:meth:`_replay_new_function`)."""
        data = self.model.landscape
        if data is not None and data.text == self.model.text and self.model.landscape_error is None:
            if not self.controller.runs_pending():
                self.playback.replay()
                return
        self.autoplay = True

    def _replay_new_function(self) -> None:
        self.playback.pause()
        self.model.pending_frame = None
        self.autoplay = True  # _on_runs_settled plays from step 0

    # -- appearance: theme, presentation mode, small windows (ui/shell/appearance.py) -------
    @property
    def theme_choice(self) -> str:
        return self.appearance.choice

    @property
    def theme_name(self) -> str:
        """The theme on screen: "light" or "dark"."""
        return self.appearance.name

    @property
    def presentation(self):
        return self.appearance.presentation

    def set_theme(self, choice: str) -> None:
        """View ▸ Theme: "system", "light" or "dark" (saved in settings)."""
        self.appearance.set_choice(choice)

    def apply_theme(self, presentation: bool | None = None) -> None:
        self.appearance.apply(presentation)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.appearance.fit_later()

    # -- a start where f is undefined (ui/shell/kind_messages.py) -----------------------------
    def _connect_start_notice(self) -> None:
        m = self.model
        m.runUpdated.connect(lambda run_id: kind_messages.check_start(self, run_id))
        for signal in (m.startChanged, m.landscapeChanged):
            signal.connect(self.start_notice.dismiss)
        self.start_notice.moveRequested.connect(self.controller.set_start)

    # -- sessions -----------------------------------------------------------------------------
    def apply_session(self, session: Session) -> None:
        """Show ``session``: landscape, appearance, runs, start, frame and layout."""
        if getattr(self.optimizer_panel, "specs", None) is None:  # first time: size the docks
            self.resizeDocks([self.docks["loss"]], [210], Qt.Orientation.Vertical)
            self.resizeDocks([self.docks["optimizers"]], [390], Qt.Orientation.Horizontal)
            self.appearance.fit_later()  # a small window: the docks give way
        self._ensure_registry()
        self.playback.pause()
        self.controller.apply_session(session)

    def capture_session(self) -> Session:
        """What is on screen, as plain data (the model's
        :meth:`~ui.state.model.AppModel.to_session`; a pan, zoom or turn still waiting for its
        interval is written first)."""
        self.contour_view.flush()
        self.surface_view.flush()
        return self.model.to_session()

    def _ensure_registry(self) -> None:
        if getattr(self.optimizer_panel, "specs", None) is None:
            self.optimizer_panel.set_specs(list(self.controller.specs().values()))
            self._fill_presets()

    def _fill_presets(self) -> None:
        try:
            from landscape.presets import list_presets

            self.function_bar.set_presets([(p.name, p.title) for p in list_presets()])
        except (InputError, ImportError, OSError) as exc:  # no presets file: typing still works
            self.show_message(f"presets unavailable: {exc}")

    def load_preset(self, name: str) -> None:
        from ui.shell.launch import preset_session

        session = self.capture_session()
        fresh = preset_session(name)
        session.text, session.domain, session.start = fresh.text, fresh.domain, fresh.start
        session.preset, session.step = fresh.preset, 0
        session.runs, session.max_steps = fresh.runs, fresh.max_steps  # its recommended race
        self.autoplay = True
        self.apply_session(session)

    # -- reactions ----------------------------------------------------------------------------
    def _show_request(self) -> None:
        m = self.model
        self.function_bar.show_request(m.text, m.domain, m.resolution, m.scale, m.colormap)
        self.function_bar.show_preset(m.preset)

    def _show_landscape_error(self) -> None:
        exc = self.model.landscape_error
        if exc is None:
            self.function_bar.show_ok()
            return
        self.function_bar.show_error(
            exc.message, getattr(exc, "column", None), getattr(exc, "hint", None)
        )

    def _show_formulas(self) -> None:
        if self.model.formula_error:
            self.inspector.show_formula_error(self.model.formula_error)
        else:
            self.inspector.show_formulas(self.model.formulas)

    def show_message(self, text: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(text, msecs)

    def _on_runs_settled(self) -> None:
        if self.model.settle_frame():
            pass
        elif self.autoplay:
            self.autoplay = False
            self.playback.play()
        self.ready.emit()

    def is_ready(self) -> bool:
        """The landscape is drawn and every run has a trajectory (or failed), and no edit is
        waiting to be sent."""
        edits = self.function_bar.edit_pending() or self.model_mode.bar.edit_pending()
        return (
            not edits
            and not self.controller.resample_pending()
            and self.model.landscape is not None
            and not self.controller.hub.busy()
            and not self.controller.runs_pending()
            and self.contour_view.current_landscape is self.model.landscape
        )

    def is_settled(self) -> bool:
        """Nothing more will change by itself: ready, or no job left and the first landscape
        failed (the function bar shows why; runs waiting for a landscape stay waiting)."""
        if self.is_ready():
            return True
        return (
            not self.controller.hub.busy()
            and self.model.landscape is None
            and (self.function_bar.error_text() != "" or bool(self.model.landscape_error))
        )

    def _show_hover(self, x: float, y: float) -> None:
        data = self.model.landscape
        if data is None:
            return
        from landscape.calculus import evaluate_at

        try:
            info = evaluate_at(data.objective, np.array([x, y]))
        except InputError:
            return
        g = info.gradient
        a, b = data.objective.variables or ("x", "y")
        value = "loss" if data.is_model else "f"
        self.hover_label.setText(
            f"{a} = {x:.4g}, {b} = {y:.4g}   {value} = {info.value:.5g}   "
            f"∇{value} = ({g[0]:.4g}, {g[1]:.4g})"
        )

    def _report_ended_runs(self, frame: int) -> None:
        previous, self._last_frame_seen = self._last_frame_seen, frame
        if frame <= previous:
            return
        ended = [r for r in self.model.visible_runs() if previous < r.length() - 1 <= frame]
        for entry in ended:
            traj = entry.trajectory
            data = self.model.landscape
            if (
                data is not None
                and data.is_model
                and getattr(traj, "source", None) is data.objective
            ):
                self.show_message(data.objective.run_words(traj, entry.display_name), 12000)
                continue  # a model run in words: what was trained, on what, the loss's units
            self.show_message(
                f"{entry.display_name} stopped at step {entry.length() - 1}: "
                f"{traj.message.replace('_', ' ')}"
            )

    # -- layout -------------------------------------------------------------------------------
    def set_layout_mode(self, mode: str) -> None:
        """Show ``mode`` ("side_by_side", "contour", "surface"): an edit of the model."""
        self.controller.set_layout(mode)

    def _show_layout(self, mode: str) -> None:
        self.contour_view.setVisible(mode in ("side_by_side", "contour"))
        self.surface_view.setVisible(mode in ("side_by_side", "surface"))

    # -- relaunch and shutdown (ui/shell/kind_messages.py) ------------------------------------
    def unsaved_typing(self, session: Session) -> str | None:
        return kind_messages.unsaved_typing(self, session)

    def restore_typed_text(self, text: str | None) -> None:
        kind_messages.restore_typed_text(self, text)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not kind_messages.may_close(self):  # an export is running: asked first
            event.ignore()
            return
        self.playback.pause()
        if self.remember:
            from landscape.session import to_json

            self.settings.save_window(self)
            try:
                session = self.capture_session()
                self.settings.save_last_session(to_json(session), self.unsaved_typing(session))
            except (InputError, ValueError):
                pass
        self.controller.shutdown()
        super().closeEvent(event)
