"""One run drawn on the contour map: its trail up to the frame, the current point, vectors.

Vectors at the current point (each toggled in the model's ``overlays``), all in the run's
colour and told apart by their stroke (:data:`ui.views.arrow_key.ARROW_STYLES`): −∇f (its
length from ‖∇f‖ as :func:`ui.views.arrows.gradient_arrow` says, none below the run's
tolerance; solid), the actual step (dotted), the velocity (dashed) and the Newton step
(dash-dot) (data units, clipped to the view), and the line-search trial points of the step
about to be taken.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from landscape.optim.extras import NEWTON_STEP, TRIALS, VELOCITY
from ui.state.model import RunEntry
from ui.views.arrow_key import ARROW_STYLES
from ui.views.arrows import arrow_segments, clip_length, gradient_arrow, gradient_norms
from ui.views.colors import run_pen, shadow_pen

#: kind -> (pen colour: None for the run's, width, dash)
VECTOR_STYLES = {kind: (None, *style) for kind, style in ARROW_STYLES.items()}
NEWTON_KEYS = (NEWTON_STEP,)  # the one key (landscape.optim.extras) of the Newton step
#: the dark outline (pen width, px) of a trail at rest, and of the selected trail
OUTLINE, OUTLINE_SELECTED = 4.0, 5.5


def step_vectors(entry: RunEntry, index: int, objective) -> dict[str, np.ndarray]:
    """The vectors ``(2,)`` at trajectory point ``index`` by kind, plus ``trials (m, 2)``."""
    traj = entry.trajectory
    steps = traj.steps if traj is not None else []
    out: dict[str, np.ndarray] = {}
    if index < len(steps):
        info = steps[index]
        out["gradient"] = -np.asarray(info.grad, dtype=float)[:2]
        out["step"] = (np.asarray(info.x_new, dtype=float) - np.asarray(info.x, dtype=float))[:2]
        extras = info.extras or {}
        if extras.get(VELOCITY) is not None:
            out["velocity"] = np.asarray(extras[VELOCITY], dtype=float).reshape(-1)[:2]
        newton = next((extras[k] for k in NEWTON_KEYS if extras.get(k) is not None), None)
        if newton is not None:
            out["newton"] = np.asarray(newton, dtype=float).reshape(-1)[:2]
        trials = [np.asarray(t[1], dtype=float)[:2] for t in extras.get(TRIALS) or []]
        if trials:
            out["trials"] = np.stack(trials)
    elif steps:
        out["gradient"] = -np.asarray(steps[-1].grad_new, dtype=float)[:2]
    elif objective is not None and traj is not None and len(traj.xs):
        from landscape.calculus import raw_gradient

        out["gradient"] = -raw_gradient(objective, np.asarray(traj.xs[0], dtype=float))[:2]
    return out


def _clear_item(item) -> None:
    """Empty a curve or scatter item, skipping items that are empty already (re-setting
    empty data still costs a geometry change and a repaint every frame)."""
    if isinstance(item, pg.ScatterPlotItem):
        if len(item.data):
            item.setData([], [])
    elif item.xData is None or len(item.xData):
        item.setData([], [])


class TrailLayer2D:
    """The items of one run on a PlotItem; ``update`` redraws for a frame."""

    def __init__(self, plot_item: pg.PlotItem, entry: RunEntry) -> None:
        self.plot_item = plot_item
        self.entry = entry
        self.trail = pg.PlotCurveItem(connect="finite")
        self._antialias = self.trail.opts["antialias"]  # the at-rest look
        self.point = pg.ScatterPlotItem(size=12)
        self.vectors = {kind: pg.PlotCurveItem(connect="pairs") for kind in VECTOR_STYLES}
        self.trials = pg.ScatterPlotItem(size=7, symbol="o", brush=None)
        self.end_marker = pg.ScatterPlotItem(size=13, symbol="s", brush=None)
        for z, item in enumerate(
            [self.trail, self.end_marker, *self.vectors.values(), self.trials, self.point], start=20
        ):
            item.setZValue(z)
            plot_item.addItem(item)
        self.shown_points = np.empty((0, 2))
        self.shown_vectors: dict[str, np.ndarray] = {}
        self.selected = False
        self.moving = False  # playing: trails drawn without antialiasing (see set_moving)
        self._key = None  # what the items show now; an update with the same key is skipped
        self.set_entry(entry)
        self._outline()

    def set_entry(self, entry: RunEntry) -> None:
        self.entry = entry
        self._key = None
        self.trail.setPen(run_pen(entry.color, 2.5))
        self.point.setPen(pg.mkPen("k", width=1.5))
        self.point.setBrush(pg.mkBrush(entry.color))
        self.trials.setPen(pg.mkPen(entry.color, width=1.5))
        self.end_marker.setPen(pg.mkPen(entry.color, width=2))
        for kind, item in self.vectors.items():
            color, width, dash = VECTOR_STYLES[kind]
            pen = pg.mkPen(color or entry.color, width=width)
            if dash:
                pen.setDashPattern(dash)
            pen.setCosmetic(True)
            item.setPen(pen)

    def set_selected(self, selected: bool) -> None:
        """The selected run's trail gets a wider dark outline than the others."""
        if selected != self.selected:
            self.selected = selected
            self._outline()

    def set_moving(self, moving: bool) -> None:
        """While playback runs, stroke the trail without antialiasing (pyqtgraph then draws
        plain line segments instead of a path, several times cheaper in software) and outline
        only the selected trail (a second, wide antialiased stroke of every trail costs too
        much per frame). At rest every trail is antialiased and outlined again, so a light
        colour reads on the light end of a map, and a paused or exported frame looks the same."""
        if moving != self.moving:
            self.moving = moving
            self.trail.opts["antialias"] = self._antialias and not moving
            self._outline()
            self.trail.update()

    def _outline(self) -> None:
        if self.selected:
            self.trail.setShadowPen(shadow_pen(OUTLINE_SELECTED))
        else:
            self.trail.setShadowPen(None if self.moving else shadow_pen(OUTLINE))

    def remove(self) -> None:
        for item in [self.trail, self.point, self.trials, self.end_marker, *self.vectors.values()]:
            self.plot_item.removeItem(item)

    def _clear(self) -> None:
        self.trail.setData([], [])
        self.point.setData([], [])
        self.trials.setData([], [])
        self.end_marker.setData([], [])
        for item in self.vectors.values():
            item.setData([], [])
        self.shown_points = np.empty((0, 2))
        self.shown_vectors = {}
        self._key = "cleared"

    def update(
        self, frame: int, objective, overlays: dict, pixel: tuple, span: float, arrows="scaled"
    ) -> None:
        """Draw the run at ``frame``; ``arrows``: how −∇f's length is drawn (ARROW_LENGTHS)."""
        entry = self.entry
        if not entry.visible or entry.trajectory is None or entry.length() == 0:
            if self._key != "cleared":
                self._clear()
            return
        index = entry.index_at(frame)
        ended = index == entry.length() - 1 and frame > index
        key = (
            id(entry.trajectory),
            index,
            ended,
            tuple(sorted(overlays.items())),
            pixel,
            span,
            id(objective),
            arrows,
        )
        if key == self._key:
            return  # this run did not move (it ended, or the frame is the same)
        self._key = key
        xs = np.asarray(entry.trajectory.xs, dtype=float)[:, :2]
        shown = xs[: index + 1]
        self.trail.setData(shown[:, 0], shown[:, 1])
        self.point.setData([shown[-1, 0]], [shown[-1, 1]])
        self.shown_points = shown
        if ended:
            self.end_marker.setData([xs[-1, 0]], [xs[-1, 1]])
        else:
            _clear_item(self.end_marker)
        self._draw_vectors(index, objective, overlays, pixel, span, shown[-1], arrows)

    def _draw_vectors(self, index, objective, overlays, pixel, span, here, arrows) -> None:
        vectors = step_vectors(self.entry, index, objective)
        self.shown_vectors = {}
        px, py = pixel
        for kind, item in self.vectors.items():
            vec = vectors.get(kind)
            if not overlays.get(kind) or vec is None or not np.all(np.isfinite(vec)):
                _clear_item(item)
                continue
            u, v = vec
            if kind == "gradient":
                drawn = gradient_arrow(vec, *gradient_norms(self.entry, index), span, arrows)
                if drawn is None:  # converged here: no direction worth drawing
                    _clear_item(item)
                    continue
                u, v = drawn
            else:
                u, v = clip_length(u, v, 0.6 * span)
            self.shown_vectors[kind] = np.array([u, v])
            item.setData(*arrow_segments(here[0], here[1], u, v, px, py))
        trials = vectors.get("trials")
        if overlays.get("trials") and trials is not None:
            self.trials.setData(trials[:, 0], trials[:, 1])
            self.shown_vectors["trials"] = trials
        else:
            _clear_item(self.trials)
