"""The app's state on the GUI thread: the landscape on screen, the runs, the start and the frame.

Views observe it through signals and never poll; only the GUI thread touches it. Everything it
holds is plain data computed by the core (an objective, a grid, contour lines, trajectories).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from landscape.scene import LandscapeData

#: run colours: bright, distinct on viridis-like maps (each trail also gets a dark outline)
PALETTE = ("#ff453a", "#32d2ff", "#ff9f0a", "#ff2dd1", "#a0ff00", "#b39dff", "#ff6482", "#64ffda")
VECTOR_KINDS = ("gradient", "step", "velocity", "newton", "trials", "field")
VECTOR_LABELS = {
    "gradient": "−∇f (direction)",
    "step": "actual step",
    "velocity": "velocity",
    "newton": "Newton step",
    "trials": "line-search trials",
    "field": "gradient field",
}


@dataclass
class RunEntry:
    """One optimizer on screen; ``trajectory`` is None until computed, ``error`` when it failed."""

    run_id: int
    name: str
    display_name: str
    hyper: dict[str, Any]
    color: str
    visible: bool = True
    trajectory: Any = None
    error: str | None = None
    pending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def length(self) -> int:
        """Number of points in the trajectory (steps + 1), 0 when not computed."""
        return 0 if self.trajectory is None else len(self.trajectory.xs)

    def index_at(self, frame: int) -> int:
        """The trajectory index shown at ``frame``: a run that ended early stays at its end."""
        return max(0, min(frame, self.length() - 1))


class AppModel(QObject):
    landscapeChanged = Signal()
    appearanceChanged = Signal()
    runsChanged = Signal()
    runUpdated = Signal(int)
    startChanged = Signal()
    frameChanged = Signal(int)
    overlaysChanged = Signal()
    criticalChanged = Signal()
    selectedRunChanged = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.landscape: LandscapeData | None = None
        self.colormap = "viridis"
        self.scale = "log"
        self.runs: list[RunEntry] = []
        self.start = (-1.5, 2.0)
        self.frame = 0
        self.max_steps = 500
        self.preset: str | None = None
        self.overlays = {kind: kind in ("gradient", "step") for kind in VECTOR_KINDS}
        self.critical_points: list = []
        self.critical_sets: list = []
        self.critical_summary = ""
        self.selected_run = -1
        self._next_id = 1

    # -- landscape ----------------------------------------------------------------------------
    def set_landscape(self, data: LandscapeData) -> None:
        self.landscape = data
        self.scale = data.scale
        self.critical_points, self.critical_sets, self.critical_summary = [], [], ""
        self.landscapeChanged.emit()
        self.criticalChanged.emit()

    def set_colormap(self, name: str) -> None:
        if name != self.colormap:
            self.colormap = name
            self.appearanceChanged.emit()

    def set_critical_points(self, found) -> None:
        """``found``: a CriticalResult (points, sets of critical points, a summary) or a
        plain list of points."""
        if hasattr(found, "points"):
            self.critical_points = list(found.points)
            self.critical_sets = list(found.sets)
            self.critical_summary = found.summary()
        else:
            self.critical_points, self.critical_sets = list(found), []
            self.critical_summary = ""
        self.criticalChanged.emit()

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
        color = color or PALETTE[len(self.runs) % len(PALETTE)]
        entry = RunEntry(self._next_id, name, display_name, dict(hyper), color, visible)
        self._next_id += 1
        self.runs.append(entry)
        if self.selected_run < 0:
            self.selected_run = entry.run_id
        self.runsChanged.emit()
        return entry

    def remove_run(self, run_id: int) -> None:
        self.runs = [r for r in self.runs if r.run_id != run_id]
        if self.selected_run == run_id:
            self.selected_run = self.runs[0].run_id if self.runs else -1
            self.selectedRunChanged.emit(self.selected_run)
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
        entry = self.run(run_id)
        if entry is not None:
            for key, value in changes.items():
                setattr(entry, key, value)
            self.runUpdated.emit(run_id)

    def select_run(self, run_id: int) -> None:
        if run_id != self.selected_run:
            self.selected_run = run_id
            self.selectedRunChanged.emit(run_id)

    def visible_runs(self) -> list[RunEntry]:
        return [r for r in self.runs if r.visible and r.trajectory is not None]

    # -- start, frame, overlays ---------------------------------------------------------------
    def set_start(self, x: float, y: float) -> None:
        if (x, y) != self.start:
            self.start = (float(x), float(y))
            self.startChanged.emit()

    def last_frame(self) -> int:
        """The largest step index of any computed run (0 when none)."""
        return max(0, max((r.length() for r in self.runs), default=0) - 1)

    def set_frame(self, frame: int) -> None:
        frame = max(0, min(int(frame), self.last_frame()))
        if frame != self.frame:
            self.frame = frame
            self.frameChanged.emit(frame)

    def set_overlay(self, kind: str, on: bool) -> None:
        if self.overlays.get(kind) != on:
            self.overlays[kind] = on
            self.overlaysChanged.emit()
