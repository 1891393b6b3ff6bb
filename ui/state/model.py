"""The one observable model of what is on screen, on the GUI thread (as napari's ViewerModel).

Three kinds of field, each with a setter that emits the field's signal only when the value
changes:

- what was asked: ``mode`` ("function"/"model"), the function ``text``, ``domain`` (xmin,
  xmax, ymin, ymax), ``resolution``, colour ``scale``, ``preset``, ``colormap``,
  ``model_config`` (a :class:`~landscape.session.ModelConfig`), ``start`` (x, y),
  ``max_steps``, and the ``runs`` (optimizer, hyperparameters, colour, visibility);
- what was computed: the ``landscape`` (:class:`LandscapeData`), each run's ``trajectory``
  and ``error``, the critical points, the ``formulas``, the ``landscape_error``;
- how it is looked at: ``frame``, ``selected_run``, ``overlays``, ``layout``, the 2D
  ``view_range`` (None: the whole domain), the 3D ``camera`` (None: fitted) and ``loss_log``;
  ``arrow_length`` (how −∇f's length is drawn, one of ``ARROW_LENGTHS``: it signals
  ``overlaysChanged``), the surface's ``shading`` and ``orbit_speed`` (``surfaceStyleChanged``).

Widgets display these fields and send edits through the controller (views that the person
zooms or turns write the view range or camera back here themselves); no widget holds the only
copy of a fact. :meth:`AppModel.to_session` and :meth:`AppModel.apply_session` turn the model
into plain :class:`~landscape.session.Session` data and back (:mod:`ui.state.session_io`).
Everything it holds is plain data computed by the core (an objective, a grid, contour lines,
trajectories).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from landscape.scene import LandscapeData
from landscape.session import Camera, ModelConfig, Session
from landscape.session_view import ARROW_LENGTHS, SHADINGS, default_overlays
from ui.state.palette import PALETTE, free_color  # noqa: F401 - PALETTE: re-exported
from ui.state.run_entry import VECTOR_KINDS, VECTOR_LABELS, RunEntry  # noqa: F401 - re-exported


class AppModel(QObject):
    landscapeChanged = Signal()
    appearanceChanged = Signal()  # colormap
    requestChanged = Signal()  # text, domain, resolution, scale, preset
    modeChanged = Signal(str)
    modelConfigChanged = Signal()
    maxStepsChanged = Signal(int)
    runsChanged = Signal()
    runUpdated = Signal(int)
    startChanged = Signal()
    frameChanged = Signal(int)
    overlaysChanged = Signal()
    criticalChanged = Signal()
    criticalStatusChanged = Signal(str)
    formulasChanged = Signal()
    landscapeErrorChanged = Signal()
    selectedRunChanged = Signal(int)
    layoutChanged = Signal(str)
    viewRangeChanged = Signal()
    cameraChanged = Signal()
    lossLogChanged = Signal(bool)
    surfaceStyleChanged = Signal()  # shading, orbit_speed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        defaults = Session()
        # what was asked
        self.mode = defaults.mode
        self.text = defaults.text
        self.domain: tuple[float, float, float, float] = tuple(defaults.domain)
        #: the person typed the domain: a new function keeps it (else the domain is fitted)
        self.domain_set = False
        self.resolution = defaults.resolution
        self.scale = defaults.color_scale
        self.preset: str | None = None
        self.colormap = defaults.colormap
        self.model_config: ModelConfig | None = None
        self.start = defaults.start
        self.max_steps = defaults.max_steps
        self.runs: list[RunEntry] = []
        # what was computed
        self.landscape: LandscapeData | None = None
        self.landscape_error: Any = None  # the InputError of the last failed request
        self.critical_points: list = []
        self.critical_sets: list = []
        self.critical_summary = ""
        self.critical_status = ""
        self.formulas: dict | None = None
        self.formula_error = ""
        # how it is looked at
        self.frame = 0
        self.pending_frame: int | None = None  # a loaded session's frame, once runs are in
        self.selected_run = -1
        self.overlays = default_overlays()
        self.layout = defaults.layout
        self.view_range: tuple[float, float, float, float] | None = None
        #: the domain the landscape was first sampled on, before any zoom (what reset shows)
        self.home_range: tuple[float, float, float, float] | None = None
        self.camera: Camera | None = None
        self.loss_log = True
        self.arrow_length = defaults.view.arrows
        self.shading = defaults.view.shading
        self.orbit_speed = defaults.view.orbit_speed
        self._restore_range: tuple | None = None  # a loaded range, for the coming landscape
        self._next_id = 1

    # -- sessions -----------------------------------------------------------------------------
    def to_session(self) -> Session:
        """What is on screen as plain data (see :func:`ui.state.session_io.to_session`)."""
        from ui.state.session_io import to_session

        return to_session(self)

    def apply_session(self, session: Session) -> None:
        """Show ``session``'s fields (see :func:`ui.state.session_io.apply_session`); the controller
        then computes what it asks for."""
        from ui.state.session_io import apply_session

        apply_session(self, session)

    # -- what was asked -----------------------------------------------------------------------
    def set_request(self, text: str, domain, resolution: int, scale: str) -> None:
        """The function, its domain, resolution and colour scale (as typed)."""
        new = (str(text), tuple(float(v) for v in domain), int(resolution), str(scale))
        if new != (self.text, self.domain, self.resolution, self.scale):
            self.text, self.domain, self.resolution, self.scale = new
            self.requestChanged.emit()

    def set_domain(self, domain, by_person: bool = False) -> None:
        """The asked domain alone: fitted to a new function (``by_person=False``) or typed
        (``by_person=True``: kept for the functions that follow)."""
        new = tuple(float(v) for v in domain)
        changed = new != self.domain or bool(by_person) != self.domain_set
        self.domain, self.domain_set = new, bool(by_person)
        if changed:
            self.requestChanged.emit()

    def set_preset(self, name: str | None) -> None:
        if name != self.preset:
            self.preset = name
            self.requestChanged.emit()

    def set_mode(self, mode: str) -> None:
        if mode != self.mode:
            self.mode = mode
            self.modeChanged.emit(mode)

    def set_model_config(self, config: ModelConfig | None) -> None:
        if config != self.model_config:
            self.model_config = config
            self.modelConfigChanged.emit()

    def set_colormap(self, name: str) -> None:
        if name != self.colormap:
            self.colormap = name
            self.appearanceChanged.emit()

    def set_max_steps(self, value: int) -> None:
        if int(value) != self.max_steps:
            self.max_steps = int(value)
            self.maxStepsChanged.emit(self.max_steps)

    def set_start(self, x: float, y: float) -> None:
        if (float(x), float(y)) != self.start:
            self.start = (float(x), float(y))
            self.startChanged.emit()

    # -- what was computed --------------------------------------------------------------------
    def set_landscape(self, data: LandscapeData, resampled: bool = False) -> None:
        """A new landscape: critical points (and, for a new objective, formulas) start again;
        the 2D view shows the whole domain (or the range a loaded session asked for).
        ``resampled``: the same function sampled again on the view's range after a zoom or
        pan: the view range and the critical points found so far stay."""
        old, self.landscape = self.landscape, data
        if not resampled:
            self.critical_points, self.critical_sets, self.critical_summary = [], [], ""
        if old is None or old.objective is not data.objective:  # formulas of another f
            self.formulas, self.formula_error = None, ""
        if not resampled:
            self.view_range, self._restore_range = self._restore_range, None
            d = data.domain
            self.home_range = (d.xmin, d.xmax, d.ymin, d.ymax) if d is not None else None
        self.set_landscape_error(None)
        self.landscapeChanged.emit()
        if not resampled:
            self.criticalChanged.emit()
            self.formulasChanged.emit()
            self.viewRangeChanged.emit()

    def set_landscape_error(self, exc) -> None:
        """The InputError of the last request that failed (None: it was accepted)."""
        if exc is not self.landscape_error:
            self.landscape_error = exc
            self.landscapeErrorChanged.emit()

    def set_critical_points(self, found) -> None:
        """``found``: a CriticalResult (points, sets of critical points, a summary) or a
        plain list of points."""
        if hasattr(found, "points"):
            self.set_critical(found.points, found.sets, found.summary())
        else:
            self.set_critical(found, [], "")

    def set_critical(self, points, sets, summary: str) -> None:
        """Critical points, curves (sets) of them, and the summary in words."""
        self.critical_points, self.critical_sets = list(points), list(sets)
        self.critical_summary = summary
        self.critical_status = ""  # superseded by the result (no signal: the result shows)
        self.criticalChanged.emit()

    def set_critical_status(self, text: str) -> None:
        if text != self.critical_status:
            self.critical_status = text
            self.criticalStatusChanged.emit(text)

    def set_formulas(self, formulas: dict | None, error: str = "") -> None:
        self.formulas, self.formula_error = formulas, error
        self.formulasChanged.emit()

    def known_f_min(self) -> float | None:
        """The preset's known minimum value, when the landscape on screen is that preset."""
        if self.preset is None or self.landscape is None:
            return None
        from landscape.presets import get_preset

        try:
            preset = get_preset(self.preset)
        except Exception:  # noqa: BLE001 - presets unavailable: simply unknown
            return None
        if preset.expression != self.landscape.text or preset.f_min is None:
            return None
        return float(preset.f_min)

    # -- runs ---------------------------------------------------------------------------------
    def add_run(
        self,
        name: str,
        display_name: str,
        hyper: dict,
        color: str | None = None,
        visible: bool = True,
    ) -> RunEntry:
        """A new run; ``color`` is kept unless another run holds it (then, as when None, the
        first free palette colour: :func:`free_color`)."""
        held = self.held_colors()
        if not color or color.lower() in held:
            color = free_color(held)
        entry = RunEntry(self._next_id, name, display_name, dict(hyper), color, visible)
        self._next_id += 1
        self.runs.append(entry)
        if self.selected_run < 0:
            self.selected_run = entry.run_id
        self._relabel()
        self.runsChanged.emit()
        return entry

    def held_colors(self, except_id: int | None = None) -> set[str]:
        """The colours runs hold now (hidden runs too: they keep theirs)."""
        return {r.color.lower() for r in self.runs if r.run_id != except_id}

    def _relabel(self) -> list[int]:
        """Recompute every run's ``label``; the ids whose label changed."""
        from landscape.run_labels import run_labels

        changed = []
        for entry, label in zip(
            self.runs, run_labels([(r.name, r.hyper) for r in self.runs]), strict=True
        ):
            if entry.label != label:
                entry.label = label
                changed.append(entry.run_id)
        return changed

    def remove_run(self, run_id: int) -> None:
        self.runs = [r for r in self.runs if r.run_id != run_id]
        if self.selected_run == run_id:
            self.selected_run = self.runs[0].run_id if self.runs else -1
            self.selectedRunChanged.emit(self.selected_run)
        self._relabel()
        self.runsChanged.emit()
        self.frameChanged.emit(self.frame)

    def clear_runs(self) -> None:
        self.runs = []
        self.selected_run = -1
        self.runsChanged.emit()

    def run(self, run_id: int) -> RunEntry | None:
        return next((r for r in self.runs if r.run_id == run_id), None)

    def set_trajectory(self, run_id: int, trajectory, error: str | None = None) -> None:
        entry = self.run(run_id)
        if entry is None:
            return
        entry.trajectory, entry.error, entry.pending = trajectory, error, False
        self.runUpdated.emit(run_id)
        self.frameChanged.emit(self.frame)

    def update_run(self, run_id: int, **changes) -> None:
        """Set fields of one run (``hyper``, ``color``, ``visible``, ``pending``, ``extra``);
        ``runUpdated`` when any changed (and for each other run whose label the new
        hyperparameters changed). A colour another run holds is refused: the run keeps its own."""
        entry = self.run(run_id)
        if entry is None:
            return
        if "color" in changes:
            if str(changes["color"]).lower() in self.held_colors(except_id=run_id):
                changes = {k: v for k, v in changes.items() if k != "color"}
        changed = False
        for key, value in changes.items():
            if getattr(entry, key) != value:
                setattr(entry, key, dict(value) if key == "hyper" else value)
                changed = True
        relabelled = self._relabel() if "hyper" in changes else []
        if changed or run_id in relabelled:
            self.runUpdated.emit(run_id)
        for other in relabelled:
            if other != run_id:
                self.runUpdated.emit(other)

    def edit_hyper(self, run_id: int, changes: dict) -> None:
        """The person set the values in ``changes``: they join ``hyper`` and ``edited``."""
        entry = self.run(run_id)
        if entry is not None and changes:
            entry.hyper = {**entry.hyper, **changes}
            entry.edited = entry.edited | frozenset(changes)
            self._hyper_changed(run_id)

    def clear_edits(self, run_id: int) -> None:
        """Every value of the run follows the suggestion again."""
        entry = self.run(run_id)
        if entry is not None and entry.edited:
            entry.hyper = {k: v for k, v in entry.hyper.items() if k not in entry.edited}
            entry.edited = frozenset()
            self._hyper_changed(run_id)

    def set_suggestion(self, run_id: int, suggestion, hyper: dict) -> None:
        """The suggestion computed for the run and the ``hyper`` it runs with (the suggestion
        under the edited values)."""
        entry = self.run(run_id)
        if entry is not None:
            entry.suggestion, entry.hyper = suggestion, dict(hyper)
            self._hyper_changed(run_id)

    def _hyper_changed(self, run_id: int) -> None:
        """``runUpdated`` for the run and for every other run whose label changed with it."""
        self.runUpdated.emit(run_id)
        for other in self._relabel():
            if other != run_id:
                self.runUpdated.emit(other)

    def set_advice(self, run_id: int, advice: str | None) -> None:
        entry = self.run(run_id)
        if entry is not None and entry.advice != advice:
            entry.advice = advice
            self.runUpdated.emit(run_id)

    def start_computing(self, run_id: int) -> None:
        """A job now computes ``run_id``: it is pending (``runUpdated`` even when it was
        already waiting: the cards show that the work started)."""
        entry = self.run(run_id)
        if entry is not None:
            entry.pending = True
            self.runUpdated.emit(run_id)

    def mark_pending(self, notify: bool = True) -> None:
        """Every run waits for a new computation; ``notify=False``: no signal (the cards say
        so when the jobs start)."""
        for entry in self.runs:
            if not entry.pending:
                entry.pending = True
                if notify:
                    self.runUpdated.emit(entry.run_id)

    def select_run(self, run_id: int) -> None:
        if run_id != self.selected_run:
            self.selected_run = run_id
            self.selectedRunChanged.emit(run_id)

    def visible_runs(self) -> list[RunEntry]:
        return [r for r in self.runs if r.visible and r.trajectory is not None]

    # -- how it is looked at ------------------------------------------------------------------
    def last_frame(self) -> int:
        """The largest step index of any computed run (0 when none)."""
        return max(0, max((r.length() for r in self.runs), default=0) - 1)

    def set_frame(self, frame: int) -> None:
        frame = max(0, min(int(frame), self.last_frame()))
        if frame != self.frame:
            self.frame = frame
            self.frameChanged.emit(frame)

    def settle_frame(self) -> bool:
        """The runs are in: show a loaded session's frame (True when there was one)."""
        if self.pending_frame is None:
            return False
        frame, self.pending_frame = self.pending_frame, None
        self.set_frame(frame)
        return True

    def set_overlay(self, kind: str, on: bool) -> None:
        if self.overlays.get(kind) != on:
            self.overlays[kind] = bool(on)
            self.overlaysChanged.emit()

    def set_overlays(self, overlays: dict[str, bool]) -> None:
        new = {kind: bool(overlays.get(kind, False)) for kind in VECTOR_KINDS}
        if new != self.overlays:
            self.overlays = new
            self.overlaysChanged.emit()

    def set_arrow_length(self, mode: str) -> None:
        """How −∇f's length is drawn: one of ``ARROW_LENGTHS`` (signals ``overlaysChanged``)."""
        if mode not in ARROW_LENGTHS:
            raise ValueError(f"arrow length {mode!r}: expected one of {ARROW_LENGTHS}")
        if mode != self.arrow_length:
            self.arrow_length = mode
            self.overlaysChanged.emit()

    def set_shading(self, shading: str) -> None:
        """The 3D surface's shading: one of ``SHADINGS``."""
        if shading not in SHADINGS:
            raise ValueError(f"shading {shading!r}: expected one of {SHADINGS}")
        if shading != self.shading:
            self.shading = shading
            self.surfaceStyleChanged.emit()

    def set_orbit_speed(self, speed: float) -> None:
        """The 3D view's turn per pixel dragged (× 1°/pixel)."""
        if float(speed) != self.orbit_speed:
            self.orbit_speed = float(speed)
            self.surfaceStyleChanged.emit()

    def set_layout(self, layout: str) -> None:
        if layout != self.layout:
            self.layout = layout
            self.layoutChanged.emit(layout)

    def set_view_range(self, view_range, restore: bool = False) -> None:
        """The 2D view ``(xmin, xmax, ymin, ymax)``, or None for the whole domain;
        ``restore``: also keep it for the next landscape (a session being loaded)."""
        new = None if view_range is None else tuple(float(v) for v in view_range)
        self._restore_range = new if restore else None
        if new != self.view_range:
            self.view_range = new
            self.viewRangeChanged.emit()

    def set_camera(self, camera: Camera | None) -> None:
        if camera != self.camera:
            self.camera = camera
            self.cameraChanged.emit()

    def set_loss_log(self, on: bool) -> None:
        if bool(on) != self.loss_log:
            self.loss_log = bool(on)
            self.lossLogChanged.emit(self.loss_log)
