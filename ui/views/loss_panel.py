"""Loss curves: f and ‖∇f‖ against the step for every visible run, growing with the frame.

A vertical cursor marks the current step; hovering shows every run's values at that step.
With log y, the f plot shows the gap ``f − f*`` (f* the known minimum, or the lowest value
any run reached), which is what a log scale of a loss means; in model mode the gap to the
model's exact optimum, else to the lowest loss of the runs, labelled so, or a linear axis that
says why (:meth:`LossPanel._model_log_reference`).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.state.model import AppModel
from ui.state.timing import Debounce, Throttle
from ui.views.axes import SteadyAxis
from ui.views.colors import run_pen
from ui.views.layouts import add_layout
from ui.views.run_legend import LayoutLegend


def _f_star(model: AppModel) -> tuple[float | None, str]:
    """The reference the log f plot measures from, and its label.

    The preset's known minimum when there is one; no shift when every value is positive;
    otherwise None: f has no known floor, so its plot stays linear.
    """
    values = [r.trajectory.fs[np.isfinite(r.trajectory.fs)] for r in model.visible_runs()]
    values = np.concatenate(values) if values else np.empty(0)
    lowest = float(values.min()) if values.size else 0.0
    known = model.known_f_min()
    if known is not None and known <= lowest:
        return known, "f − f*"
    if lowest > 0:
        return 0.0, "f"
    return None, "f"


class LogAxis(SteadyAxis):
    """A y axis whose log mode labels decades, plus 2 and 5 only when a decade is alone
    (pyqtgraph labels all nine minor ticks then, which crams a short plot)."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802, N803 - pyqtgraph
        ticks = [(spacing, t) for spacing, t in stdTicks if spacing >= 1.0]
        if sum(len(t) for _, t in ticks) < 2:
            lo, hi = int(np.floor(minVal)), int(np.ceil(maxVal))
            minor = [v + np.log10(m) for v in range(lo, hi) for m in (2, 5)]
            ticks.append((None, [t for t in minor if minVal < t < maxVal]))
        return ticks


def _is_model(model: AppModel) -> bool:
    data = model.landscape
    return data is not None and data.is_model


#: while playing, the curves and cursor follow the frame at most this often (~30 Hz)
LIVE_INTERVAL_MS = 33


class LossPanel(QWidget):
    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LossPanel")
        self.model = model
        self.curves: dict[tuple[int, str], pg.PlotDataItem] = {}
        self._shown: dict[tuple[int, str], int] = {}  # points each curve holds
        self._full: dict[tuple[int, str], np.ndarray] = {}
        # what the curves were drawn from: run id -> the Trajectory object (identity, not copy)
        self._drawn_from: dict[int, object] = {}
        self._log = {"f": False, "g": False}
        self._rebuild_timer = Debounce(0, self.rebuild, self)
        self._playing = False
        self._frame_timer = Throttle(LIVE_INTERVAL_MS, self._flush_frame, self)
        self._build()
        self._add_legend()
        for signal in (model.runsChanged, model.landscapeChanged, model.runUpdated):
            signal.connect(self.schedule_rebuild)
        model.frameChanged.connect(self.on_frame)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        top = QHBoxLayout()
        self.log_box = QCheckBox("log y")
        self.log_box.setChecked(self.model.loss_log)
        self.log_box.setToolTip(
            "Logarithmic y axes. The f plot then shows f − f* when the minimum"
            " f* is known (presets), and stays linear when f has no floor."
        )
        self.log_box.toggled.connect(self.model.set_loss_log)  # the model's field, shown here
        self.model.lossLogChanged.connect(self._show_log)
        self.readout = QLabel("hover the curves to read values")
        self.readout.setObjectName("LossReadout")
        top.addWidget(self.log_box)
        top.addWidget(self.readout, 1)
        add_layout(layout, top)
        self.graphics = pg.GraphicsLayoutWidget()
        axes = [{"left": LogAxis("left"), "bottom": SteadyAxis("bottom")} for _ in range(2)]
        self.f_plot = self.graphics.addPlot(row=0, col=0, axisItems=axes[0])
        self.g_plot = self.graphics.addPlot(row=0, col=1, axisItems=axes[1])
        self.cursors = []
        for plot, label in ((self.f_plot, "f"), (self.g_plot, "‖∇f‖")):
            plot.setLabel("left", label)
            plot.setLabel("bottom", "step")
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.getAxis("left").enableAutoSIPrefix(False)
            cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen((200, 200, 200, 160), width=1))
            plot.addItem(cursor)
            self.cursors.append(cursor)
        self.graphics.scene().sigMouseMoved.connect(self._on_move)
        layout.addWidget(self.graphics, 1)

    def _add_legend(self) -> None:
        """Which curve is whose: the runs drawn, in their colours, in a row under both plots
        (inside a plot this short a legend would hide the curves)."""
        self.legend = LayoutLegend(self.model, self.graphics.ci, row=1, colspan=2)

    # -- drawing ------------------------------------------------------------------------------
    def _series(self, entry, which: str, log: bool, f_star: float) -> np.ndarray:
        traj = entry.trajectory
        values = np.asarray(traj.fs if which == "f" else traj.grad_norms, dtype=float)
        if log:
            values = values - f_star if which == "f" else values.copy()
            values[~(values > 0)] = np.nan
        return values

    def schedule_rebuild(self, *_args) -> None:
        """Coalesce: however many runs change in one event-loop turn, one rebuild."""
        self._rebuild_timer()

    def _show_log(self, on: bool) -> None:
        """The model's log axes changed: tick the box, redraw at once."""
        if self.log_box.isChecked() != on:
            self.log_box.blockSignals(True)
            self.log_box.setChecked(on)
            self.log_box.blockSignals(False)
        self.rebuild()

    def _model_log_reference(self) -> tuple[float | None, str]:
        """Model mode's log reference: the loss at the model's exact optimum θ* when it is
        known and no run went below it (linear and logistic regression), else the lowest loss
        any run reached (a network's optimum is unknown), labelled so; None (a linear axis,
        with the reason on it) when no run has two finite losses yet. The run that reached the
        lowest value touches 0 there, which a log axis cannot show: its curve stops before."""
        values = [r.trajectory.fs[np.isfinite(r.trajectory.fs)] for r in self.model.visible_runs()]
        values = [v for v in values if v.size]
        if sum(v.size for v in values) < 2:
            return None, "loss (linear: no finite losses yet)"
        lowest = float(min(v.min() for v in values))
        model = getattr(self.model.landscape.objective, "model", None)
        optimum = (
            getattr(model, "f_min", None)
            if getattr(model, "theta_star", None) is not None
            else None
        )
        if optimum is not None:
            if optimum <= lowest:
                return optimum, "loss − optimum"
        if max(float(v.max()) for v in values) <= lowest:
            return None, "loss (linear: one value only)"
        return lowest, "loss − best run"

    def rebuild(self, *_args) -> None:
        self._rebuild_timer.cancel()
        log = self.model.loss_log
        loss = _is_model(self.model)
        if log and loss:
            f_star, label = self._model_log_reference()
        else:
            f_star, label = _f_star(self.model) if log else (0.0, "f")
            label = label.replace("f", "loss") if loss else label
        self.g_plot.setLabel("left", "‖∇loss‖" if loss else "‖∇f‖")
        self._log = {"f": log and f_star is not None, "g": log}
        for which, plot in (("f", self.f_plot), ("g", self.g_plot)):
            for item in list(plot.listDataItems()):
                plot.removeItem(item)
            plot.setLogMode(y=self._log[which])
        self.curves.clear()
        self._shown.clear()
        self.f_plot.setLabel("left", label)
        self._full = {}
        self._drawn_from = {e.run_id: e.trajectory for e in self.model.visible_runs()}
        for entry in self.model.visible_runs():
            for which, plot in (("f", self.f_plot), ("g", self.g_plot)):
                values = self._series(entry, which, self._log[which], f_star or 0.0)
                self._full[(entry.run_id, which)] = values
                curve = pg.PlotDataItem(
                    pen=run_pen(entry.color, 2.0),
                    connect="finite",
                    antialias=False,
                    autoDownsample=True,
                    clipToView=True,
                )
                plot.addItem(curve)
                self.curves[(entry.run_id, which)] = curve
        self._set_ranges()
        self._draw_frame(self.model.frame)

    def _set_ranges(self) -> None:
        """Fix the axes to the full runs, so curves grow inside a steady frame."""
        last = max(1, self.model.last_frame())
        for which, plot in (("f", self.f_plot), ("g", self.g_plot)):
            values = [v for (rid, w), v in self._full.items() if w == which]
            finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else []
            plot.setXRange(0, last, padding=0.02)
            if len(finite):
                lo, hi = float(np.min(finite)), float(np.max(finite))
                if self._log[which]:  # at least 1.5 decades, so log ticks stay readable
                    lo, hi = np.log10(lo), np.log10(hi)
                    widen = max(0.0, 1.5 - (hi - lo)) / 2
                    lo, hi = lo - widen, hi + widen
                plot.setYRange(lo, hi if hi > lo else lo + 1, padding=0.05)

    def set_playing(self, playing: bool) -> None:
        """Playback started or stopped. Stopped: the exact current frame at once."""
        self._playing = bool(playing)
        if not self._playing:
            self._draw_frame(self.model.frame)

    def on_frame(self, frame: int) -> None:
        """Follow the frame; while playing at most every LIVE_INTERVAL_MS (the latest frame is
        drawn when the interval is up), otherwise at once."""
        if self._playing:
            self._frame_timer()
        else:
            self._draw_frame(frame)

    def _flush_frame(self) -> None:
        self._draw_frame(self.model.frame)

    def _is_stale(self) -> bool:
        """True when the cached series were built from other trajectories than the model's
        (a run was recomputed, added or removed and the coalesced rebuild has not run yet)."""
        visible = self.model.visible_runs()
        return len(visible) != len(self._drawn_from) or any(
            self._drawn_from.get(e.run_id) is not e.trajectory for e in visible
        )

    def _draw_frame(self, frame: int) -> None:
        if self._is_stale():  # never slice an old run's series with the new run's index
            self.rebuild()
            return
        self._frame_timer.ran()
        for cursor in self.cursors:
            cursor.setValue(frame)
        for (run_id, which), curve in self.curves.items():
            entry = self.model.run(run_id)
            values = self._full.get((run_id, which))
            if entry is None or values is None:
                continue
            n = entry.index_at(frame) + 1
            if self._shown.get((run_id, which)) != n:  # unchanged curves are left alone
                self._shown[(run_id, which)] = n
                curve.setData(np.arange(n), values[:n])

    def shown_length(self, run_id: int) -> int:
        """How many points of ``run_id``'s f curve are drawn (for tests)."""
        if self._rebuild_timer.pending():
            self.rebuild()
        else:
            self._frame_timer.flush()
        curve = self.curves.get((run_id, "f"))
        return 0 if curve is None or curve.xData is None else len(curve.xData)

    # -- hover --------------------------------------------------------------------------------
    def _on_move(self, scene_pos) -> None:
        for plot in (self.f_plot, self.g_plot):
            if plot.sceneBoundingRect().contains(scene_pos):
                step = int(round(plot.vb.mapSceneToView(scene_pos).x()))
                self.readout.setText(self.values_text(step))
                return

    def values_text(self, step: int) -> str:
        if self._rebuild_timer.pending():
            self.rebuild()
        f, g = ("loss", "‖∇loss‖") if _is_model(self.model) else ("f", "‖∇f‖")
        parts = []
        for entry in self.model.visible_runs():
            if 0 <= step < entry.length():
                value = float(entry.trajectory.fs[step])
                norm = float(entry.trajectory.grad_norms[step])
                name = entry.label or entry.display_name
                parts.append(
                    f"<span style='color:{entry.color}'>■</span> {name}:"
                    f" {f}={value:.5g}, {g}={norm:.3g}"
                )
        return f"step {step}: " + " · ".join(parts) if parts else f"step {step}"
