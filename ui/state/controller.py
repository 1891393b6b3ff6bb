"""Turns gestures into work: edits land in the model's fields, requests go to the worker hub,
results land in the model.

The landscape pipeline (compile → sample → contour lines, or a model's loss on a 2-D view in
model mode) runs on channel ``landscape``; each run on ``run:<id>``; critical points and
formulas on their own channels. A new request on a channel supersedes the old one, so stale
results never reach the views. Only this object submits work; other parts of the app call
its methods (:meth:`request_landscape`, :meth:`request_model_landscape`,
:meth:`apply_session`, …).
"""

from __future__ import annotations

import random
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from landscape.errors import BudgetError, InputError
from landscape.optim.trajectory import FAILED_STATUSES
from ui.state import jobs
from ui.state.model import AppModel, LandscapeData
from ui.state.workers import WorkerHub

#: follow-up jobs start at the latest this long after a landscape arrives (a hidden view)
FOLLOW_UP_FALLBACK_MS = 250


def is_model_landscape(data) -> bool:
    """Whether ``data`` (a LandscapeData or None) is a model's loss landscape."""
    return data is not None and data.is_model


class Controller(QObject):
    landscapeFailed = Signal(object)  # the InputError (message, column, hint)
    landscapeAccepted = Signal()
    message = Signal(str)
    runsSettled = Signal()  # every run has a trajectory (or an error)

    def __init__(self, model: AppModel, hub: WorkerHub | None = None) -> None:
        super().__init__()
        self.model = model
        self.hub = hub or WorkerHub(self)
        self.hub.finished.connect(self._on_finished)
        self.hub.failed.connect(self._on_failed)
        self._specs: dict = {}
        self._follow_up: tuple | None = None  # (landscape, new objective) awaiting a paint
        self._reset_start = False  # a new model: start from its own start when it arrives

    # -- registry -----------------------------------------------------------------------------
    def specs(self) -> dict:
        if not self._specs:
            from landscape.optim import list_specs

            self._specs = {s.name: s for s in list_specs()}
        return self._specs

    # -- sessions -----------------------------------------------------------------------------
    def apply_session(self, session) -> None:
        """Show ``session``: its fields go into the model, then what it asks for is computed
        (runs recompute off the GUI thread; the same function keeps its landscape)."""
        m = self.model
        self.hub.cancel_prefix("run:")
        same = m.landscape is not None and m.landscape.text == session.text
        same = same and session.mode == "function" and not is_model_landscape(m.landscape)
        m.apply_session(session)
        if session.mode == "model":
            config = m.model_config
            self.request_model_landscape(config, bool(getattr(session, "auto_start", False)))
        elif same:
            self.rerun_all()
            self._landscape_request()  # the resolution or scale may differ
        else:
            self._landscape_request()

    # -- landscape ----------------------------------------------------------------------------
    def request_landscape(self, text: str, domain, resolution: int, scale: str) -> None:
        """A person's edit of the function bar: the model takes what was asked, then it is
        compiled (if the text changed), sampled and contoured; errors come back inline."""
        m = self.model
        if text != m.text and m.preset is not None:
            m.set_preset(None)  # an edited function is not the preset's any more
        m.set_request(text, domain, resolution, scale)
        self._landscape_request()

    def _landscape_request(self) -> None:
        from landscape.grid import Domain

        m = self.model
        text, resolution, scale = m.text, m.resolution, m.scale
        try:
            dom = Domain(*m.domain)
        except InputError as exc:
            self._landscape_failed(exc)
            return
        old = self.model.landscape
        objective = old.objective if old is not None and old.text == text else None
        self.message.emit("computing the landscape…")
        self.hub.submit(
            "landscape", partial(jobs.build_landscape, text, dom, int(resolution), scale, objective)
        )

    def request_model_landscape(self, config, reset_start: bool = False) -> None:
        """Model mode: train and map ``config`` (a ModelConfig); ``reset_start``: the runs
        start from the model's own start once it arrives."""
        from landscape.models.scene import build_model_landscape

        self._reset_start = reset_start
        self.model.set_model_config(config)
        self.message.emit(f"training and mapping {config.name} on {config.data}…")
        self.hub.submit(
            "landscape",
            partial(build_model_landscape, config, self.reference_run(), self.model.max_steps),
        )

    def reference_run(self) -> tuple[str, dict, str] | None:
        """The run an MLP's plane is made from: the first adaptive optimizer on screen, else the
        first first-order one; None: Adam's defaults (see ``choose_reference`` in the core)."""
        from landscape.models.scene import choose_reference

        return choose_reference((e.name, e.hyper, e.display_name) for e in self.model.runs)

    def _landscape_done(self, data: LandscapeData) -> None:
        """Show the landscape now; reruns, critical points and formulas start once the views
        have painted it (their submission and first results would delay that paint)."""
        old = self.model.landscape
        new_objective = old is None or old.objective is not data.objective
        if new_objective:  # silently: the cards say so when the jobs start
            self.model.mark_pending(notify=False)
        self._follow_up = (data, new_objective)
        self.model.set_landscape(data)
        if is_model_landscape(data) and self._reset_start:
            self._reset_start = False
            self.model.set_start(*data.objective.default_start())
        self.landscapeAccepted.emit()
        share = data.grid.undefined_share
        note = f" ({share:.0%} of the domain is undefined)" if share > 0.001 else ""
        named = "" if data.is_model else "f(x, y) = "  # models name themselves
        self.message.emit(f"{named}{data.text}{note}")
        self.model.set_critical_status("critical points: looking…")
        QTimer.singleShot(FOLLOW_UP_FALLBACK_MS, self._start_follow_up)

    def _landscape_failed(self, exc: InputError) -> None:
        self.model.set_landscape_error(exc)
        self.landscapeFailed.emit(exc)

    def landscape_painted(self) -> None:
        """The contour view drew the new landscape: start the follow-up jobs next turn."""
        if self._follow_up is not None:
            QTimer.singleShot(0, self._start_follow_up)

    def _start_follow_up(self) -> None:
        pending, self._follow_up = self._follow_up, None
        if pending is None or pending[0] is not self.model.landscape:
            return  # done already, or superseded by a newer landscape (which has its own)
        data, new_objective = pending
        if new_objective:
            self.rerun_all()
            self.hub.submit("formulas", partial(jobs.formulas, data.objective))
        self.hub.submit("critical", partial(jobs.find_critical, data.objective, data.domain))

    # -- runs ---------------------------------------------------------------------------------
    def add_run(
        self,
        name: str,
        hyper: dict | None = None,
        color: str | None = None,
        visible: bool = True,
        compute: bool = True,
    ):
        """Add optimizer ``name``; ``compute=False`` waits for the next landscape."""
        spec = self.specs()[name]
        entry = self.model.add_run(name, spec.display_name, hyper or {}, color, visible)
        if compute:
            self.rerun(entry.run_id)
        else:
            entry.pending = True
        return entry

    def remove_run(self, run_id: int) -> None:
        self.hub.cancel(f"run:{run_id}")
        self.model.remove_run(run_id)

    def set_hyper(self, run_id: int, hyper: dict) -> None:
        if self.model.run(run_id) is not None:
            self.model.update_run(run_id, hyper=dict(hyper))
            self.rerun(run_id)

    def update_run(self, run_id: int, **changes) -> None:
        """Colour or visibility of a run (nothing to recompute)."""
        self.model.update_run(run_id, **changes)

    def rerun(self, run_id: int) -> None:
        entry, data = self.model.run(run_id), self.model.landscape
        if entry is None or data is None:
            return
        self.model.start_computing(run_id)
        self.hub.submit(
            f"run:{run_id}",
            partial(
                jobs.compute_run,
                data.objective,
                entry.name,
                dict(entry.hyper),
                self.model.start,
                self.model.max_steps,
            ),
        )

    def rerun_all(self) -> None:
        for entry in self.model.runs:
            self.rerun(entry.run_id)

    def runs_pending(self) -> bool:
        """Runs still computing, or waiting for the landscape's follow-up jobs."""
        return self._follow_up is not None or any(r.pending for r in self.model.runs)

    # -- start and limits ---------------------------------------------------------------------
    def set_start(self, x: float, y: float) -> None:
        if (float(x), float(y)) == self.model.start:
            return
        self.model.set_start(x, y)
        self.message.emit(f"start = ({x:.4g}, {y:.4g})")
        self.rerun_all()

    def random_start(self) -> None:
        data = self.model.landscape
        if data is None:
            return
        d = data.domain
        self.set_start(
            round(random.uniform(d.xmin, d.xmax), 3), round(random.uniform(d.ymin, d.ymax), 3)
        )

    def set_max_steps(self, value: int) -> None:
        if int(value) != self.model.max_steps:
            self.model.set_max_steps(value)
            self.rerun_all()

    # -- appearance and layout ----------------------------------------------------------------
    def set_colormap(self, name: str) -> None:
        self.model.set_colormap(name)

    def set_layout(self, layout: str) -> None:
        self.model.set_layout(layout)

    def set_overlay(self, kind: str, on: bool) -> None:
        self.model.set_overlay(kind, on)

    def set_arrow_length(self, mode: str) -> None:
        self.model.set_arrow_length(mode)

    def set_shading(self, shading: str) -> None:
        self.model.set_shading(shading)

    def set_orbit_speed(self, speed: float) -> None:
        self.model.set_orbit_speed(speed)

    # -- results ------------------------------------------------------------------------------
    def _model_gone(self) -> bool:
        """True once the window (which owns the model) has closed while jobs still ran: the
        rest are cancelled and their results dropped."""
        if shiboken6.isValid(self.model):
            return False
        self.hub.cancel_prefix("")
        return True

    def _on_finished(self, channel: str, result: object) -> None:
        if self._model_gone():
            return
        if channel == "landscape":
            self._landscape_done(result)
        elif channel.startswith("run:"):
            run_id = int(channel[4:])
            self.model.set_trajectory(run_id, result)
            self._report_run(run_id)
            self._maybe_settled()
        elif channel == "critical":
            self.model.set_critical_points(result)
        elif channel == "formulas":
            self.model.set_formulas(result)

    def _on_failed(self, channel: str, exc: object) -> None:
        if self._model_gone():
            return
        text = exc.message if isinstance(exc, InputError) else str(exc)
        if channel == "landscape":
            if not isinstance(exc, InputError):
                exc = InputError(text)
            self._landscape_failed(exc)
            if self.model.landscape is not None:
                self.message.emit("the last good landscape stays on screen")
        elif channel.startswith("run:"):
            self.model.set_trajectory(int(channel[4:]), None, error=text[:200])
            self._maybe_settled()
        elif channel == "critical":
            what = "too costly" if isinstance(exc, BudgetError) else "unavailable"
            self.model.set_critical_status(f"critical points: {what} ({text[:80]})")
        elif channel == "formulas":
            self.model.set_formulas(None, text[:200])

    def _report_run(self, run_id: int) -> None:
        entry = self.model.run(run_id)
        traj = entry.trajectory if entry is not None else None
        if traj is not None and entry.length() == 0:
            x, y = self.model.start
            if traj.status == "undefined":
                self.message.emit(
                    f"f is not defined at the start ({x:.3g}, {y:.3g}): click "
                    "the map where it is defined to move the start"
                )
            else:  # diverged at the start: f(x0) is infinite, or x0 is out of bounds
                self.message.emit(f"{traj.message}: click the map to move the start")
            return
        if traj is not None and traj.status in FAILED_STATUSES:
            self.message.emit(f"{entry.display_name}: {traj.message.replace('_', ' ')}")

    def _maybe_settled(self) -> None:
        if not self.runs_pending():
            self.runsSettled.emit()

    def shutdown(self) -> None:
        self.hub.wait(3000)
