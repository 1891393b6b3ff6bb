"""Turns gestures into work: edits land in the model's fields, requests go to the worker hub,
results land in the model.

The landscape pipeline (compile → sample → contour lines, or a model's loss on a 2-D view in
model mode) runs on channel ``landscape``; each run on ``run:<id>`` (first the suggestion for
every value the person did not edit, from the objective at the start, then the run); what to
try after a run that did not converge on ``advice:<id>``; critical points and formulas on their
own channels. A new request on a channel supersedes the old one, so stale
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
from ui.state.resample import domain_tuple, resample_target, same_box, shown_domain
from ui.state.timing import Debounce
from ui.state.workers import WorkerHub

#: follow-up jobs start at the latest this long after a landscape arrives (a hidden view)
FOLLOW_UP_FALLBACK_MS = 250
#: a zoom or pan resamples the landscape this long after the view range last changed
RESAMPLE_MS = 200


def is_model_landscape(data) -> bool:
    """Whether ``data`` (a LandscapeData or None) is a model's loss landscape."""
    return data is not None and data.is_model


class Controller(QObject):
    landscapeFailed = Signal(object)  # the InputError (message, column, hint)
    landscapeAccepted = Signal()
    message = Signal(str)
    runsSettled = Signal()  # every run has a trajectory (or an error)
    replayRequested = Signal()  # a newly typed function is on screen: the race starts again

    def __init__(self, model: AppModel, hub: WorkerHub | None = None) -> None:
        super().__init__()
        self.model = model
        self.hub = hub or WorkerHub(self)
        self.hub.finished.connect(self._on_finished)
        self.hub.failed.connect(self._on_failed)
        self._specs: dict = {}
        self._follow_up: tuple | None = None  # (landscape, new objective) awaiting a paint
        self._reset_start = False  # a new model: start from its own start when it arrives
        self._replay = False  # a typed function is on its way: replay the race when it lands
        self._landscape_kind = "asked"  # of the landscape job in flight: asked, fitted, resampled
        self._resampler = Debounce(RESAMPLE_MS, self._resample, self)
        model.viewRangeChanged.connect(self._resampler)

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
        self._replay = False  # a session shows its own frame
        same = m.landscape is not None and m.landscape.text == session.text
        same = same and session.mode == "function" and not is_model_landscape(m.landscape)
        m.apply_session(session)
        m.set_domain(m.domain, by_person=_person_set_domain(session))
        if session.mode == "model":
            config = m.model_config
            self.request_model_landscape(config, bool(getattr(session, "auto_start", False)))
        elif same:
            self.rerun_all()
            self._landscape_request()  # the resolution or scale may differ
        else:  # ``fit_domain`` (an attribute, not a saved field): `landscape gui --function`
            self._landscape_request(fit=bool(getattr(session, "fit_domain", False)))

    # -- landscape ----------------------------------------------------------------------------
    def request_landscape(self, text: str, domain, resolution: int, scale: str) -> None:
        """A person's edit of the function bar: the model takes what was asked, then it is
        compiled (if the text changed), sampled and contoured; errors come back inline."""
        m = self.model
        if text != m.text and m.preset is not None:
            m.set_preset(None)  # an edited function is not the preset's any more
        shown = m.landscape.text if m.landscape is not None else None
        self._replay = text != shown
        typed_domain = shown_domain(domain) != shown_domain(m.domain)  # the bar shows two decimals
        new_text = text != m.text
        if typed_domain:
            m.set_domain(domain, by_person=True)
        m.set_request(text, m.domain if not typed_domain else domain, resolution, scale)
        self._landscape_request(fit=new_text and not m.domain_set)

    def _landscape_request(self, fit: bool = False) -> None:
        """Compile (if needed) and sample on the model's domain; ``fit``: on the domain fitted
        to the new function (written into the model when it arrives)."""
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
        self._resampler.cancel()
        self._landscape_kind = "fitted" if fit else "asked"
        start = m.start if fit else None
        self.hub.submit(
            "landscape",
            partial(
                jobs.build_landscape, text, dom, int(resolution), scale, objective, fit_start=start
            ),
        )

    # -- zoom and pan -------------------------------------------------------------------------
    def _resample(self) -> None:
        """The view range settled: sample the same function (or model view) again on it, off
        the GUI thread, so a zoom or pan never shows unsampled area. None: the landscape's
        first domain (the model's, or the asked one)."""
        from landscape.grid import Domain
        from landscape.scene import resample_landscape

        m, data = self.model, self.model.landscape
        if data is None:
            return
        if self.hub.is_pending("landscape") and self._landscape_kind != "resampled":
            return  # a new landscape is on its way: it brings its own view
        target = resample_target(m.view_range or m.home_range or m.domain)
        if target is None or same_box(target, data.domain):
            return
        self._landscape_kind = "resampled"
        scale = None if data.is_model else m.scale  # a model's picture keeps its scale
        self.hub.submit("landscape", partial(resample_landscape, data, Domain(*target), scale))

    def resample_pending(self) -> bool:
        """A zoom or pan waits for its debounce interval before it is resampled."""
        return self._resampler.pending()

    def reset_view(self) -> None:
        """Back to the landscape's own domain (``home_range``: the fitted or typed one, or a
        model's): the view shows it, resampled at once."""
        self.model.set_view_range(self.model.home_range or self.model.domain)
        self._resampler()
        self._resampler.flush()

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
        kind, self._landscape_kind = self._landscape_kind, "asked"
        if kind == "resampled":
            # the critical points stay those of the landscape's own domain (a search per zoom
            # would cost seconds each time and fill the inspector with far points)
            self.model.set_landscape(data, resampled=True)
            if self._follow_up is not None:  # the runs of the new function still wait: keep
                self._follow_up = (data, self._follow_up[1])
            return
        if kind == "fitted":
            self.model.set_domain(domain_tuple(data.domain), by_person=False)
        old = self.model.landscape
        new_objective = old is None or old.objective is not data.objective
        if new_objective:  # silently: the cards say so when the jobs start
            self.model.mark_pending(notify=False)
        self._follow_up = (data, new_objective)
        self.model.set_landscape(data)
        if self._replay and new_objective:
            self._replay = False
            self.model.set_frame(0)
            self.replayRequested.emit()
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
        self._replay = False
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
        home = self.model.home_range
        domain = data.domain if home is None else type(data.domain)(*home)
        self.hub.submit("critical", partial(jobs.find_critical, data.objective, domain))

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
        self.hub.cancel(f"advice:{run_id}")
        self.model.remove_run(run_id)

    def set_hyper(self, run_id: int, hyper: dict) -> None:
        """The person set the values in ``hyper``: they are kept (edited) from now on."""
        if self.model.run(run_id) is not None:
            self.model.edit_hyper(run_id, dict(hyper))
            self.rerun(run_id)

    def suggest(self, run_id: int) -> None:
        """Every value of the run follows the suggestion again (the card's Suggest)."""
        if self.model.run(run_id) is not None:
            self.model.clear_edits(run_id)
            self.rerun(run_id)

    def update_run(self, run_id: int, **changes) -> None:
        """Colour or visibility of a run (nothing to recompute)."""
        self.model.update_run(run_id, **changes)

    def rerun(self, run_id: int) -> None:
        """Suggest the run's values that the person did not edit (from the landscape's
        objective at the start), then run it; both on a pool thread."""
        m = self.model
        entry, data = m.run(run_id), m.landscape
        if entry is None or data is None:
            return
        m.start_computing(run_id)
        self.hub.cancel(f"advice:{run_id}")
        m.set_advice(run_id, None)
        names = [r.name for r in m.runs]
        recommended = jobs.race_values(m.preset, data.text, names, m.runs.index(entry))
        self.hub.submit(
            f"run:{run_id}",
            partial(
                jobs.suggest_and_run,
                data.objective,
                entry.name,
                dict(entry.hyper),
                frozenset(entry.edited),
                recommended,
                m.start,
                m.max_steps,
                data.domain,
            ),
        )

    def _advise(self, run_id: int) -> None:
        """A run that did not converge: what to try, checked by trial runs (pool thread)."""
        from landscape.optim.advise import FAILED

        entry, data = self.model.run(run_id), self.model.landscape
        traj = entry.trajectory if entry is not None else None
        if traj is None or data is None or traj.status not in FAILED or entry.length() <= 1:
            return
        self.hub.submit(
            f"advice:{run_id}",
            partial(jobs.advise_run, data.objective, traj, self.model.max_steps, data.domain),
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
            if isinstance(result, jobs.SuggestedRun):
                self.model.set_suggestion(run_id, result.suggestion, result.hyper)
                result = result.trajectory
            self.model.set_trajectory(run_id, result)
            self._report_run(run_id)
            self._advise(run_id)
            self._maybe_settled()
        elif channel.startswith("advice:"):
            run_id = int(channel[7:])
            entry = self.model.run(run_id)
            self.model.set_advice(run_id, result)
            if entry is not None and result:
                self.message.emit(f"{entry.display_name}: {result}")
        elif channel == "critical":
            self.model.set_critical_points(result)
        elif channel == "formulas":
            self.model.set_formulas(result)

    def _on_failed(self, channel: str, exc: object) -> None:
        if self._model_gone():
            return
        text = exc.message if isinstance(exc, InputError) else str(exc)
        if channel == "landscape":
            kind, self._landscape_kind = self._landscape_kind, "asked"
            if kind == "resampled":  # the picture on screen stays; the asked one was fine
                self.message.emit(f"could not sample the zoomed view: {text[:120]}")
                return
            if not isinstance(exc, InputError):
                exc = InputError(text)
            self._landscape_failed(exc)
            if self.model.landscape is not None:
                self.message.emit("the last good landscape stays on screen")
        elif channel.startswith("run:"):
            self.model.set_trajectory(int(channel[4:]), None, error=text[:200])
            self._maybe_settled()
        elif channel.startswith("advice:"):
            self.model.set_advice(int(channel[7:]), None)  # no advice: the status stays
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
        """Stop: every pending job is cancelled and its result dropped (the window closes)."""
        self.hub.close(3000)


def _person_set_domain(session) -> bool:
    """Whether ``session``'s domain was set by the person (kept for the functions that follow):
    its saved ``domain_set``, unless the domain is its preset's own (loading a preset carries
    the captured flag along with the preset's fields: a preset's domain is fitted again)."""
    if not getattr(session, "domain_set", False):
        return False
    if session.preset is None:
        return True
    from landscape.presets import get_preset

    (x0, x1), (y0, y1) = get_preset(session.preset).domain
    return tuple(float(v) for v in session.domain) != (x0, x1, y0, y1)
