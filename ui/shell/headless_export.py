"""The ``landscape export`` command behind its argument checks: a session becomes an
:class:`~ui.state.model.AppModel` exactly as the app builds it (same jobs, same order), then the
export runs with the app's views offscreen. No window is shown.
"""

from __future__ import annotations

import os
import sys
import time

from landscape.errors import InputError
from landscape.export.frames import STILL_FORMATS, TRAJECTORY_FORMATS, needs_gl
from ui.export.renderer import GL_FIX
from ui.export.slide import SlideOptions


def _never() -> bool:
    return False


def session_for(args):
    """The session ``landscape gui`` would open for the same arguments, with --steps and
    --resolution applied."""
    from ui.shell.launch import initial_session

    session = initial_session(args, None)
    if args.steps is not None:
        session.max_steps = int(args.steps)
    if args.resolution is not None:
        session.resolution = int(args.resolution)
    return session


def build_model(session, critical: bool = True):
    """An AppModel holding ``session`` computed: landscape, every run, critical points."""
    from landscape.grid import Domain
    from landscape.optim import get_spec
    from ui.state import jobs
    from ui.state.model import AppModel

    model = AppModel()
    model.apply_session(session)  # what was asked and how it is looked at, as in the app
    if session.mode == "model" and session.model is not None:  # as model mode builds it
        from landscape.models.scene import build_model_landscape, choose_reference

        reference = choose_reference(
            (r.optimizer, r.hyper, get_spec(r.optimizer).display_name) for r in session.runs
        )
        data = build_model_landscape(session.model, reference, session.max_steps, _never)
        if getattr(session, "auto_start", False):
            model.set_start(*data.objective.default_start())
    else:
        data = jobs.build_landscape(
            session.text,
            Domain(*session.domain),
            session.resolution,
            session.color_scale,
            None,
            _never,
        )
    model.set_landscape(data)
    for entry in model.runs:
        try:
            traj = jobs.compute_run(
                data.objective, entry.name, dict(entry.hyper), model.start, model.max_steps, _never
            )
            model.set_trajectory(entry.run_id, traj)
        except Exception as exc:  # noqa: BLE001 - as in the app: that run shows nothing
            model.set_trajectory(entry.run_id, None, error=str(exc)[:200])
    if critical:
        try:
            model.set_critical_points(jobs.find_critical(data.objective, data.domain, _never))
        except Exception:  # noqa: BLE001 - as in the app: no markers when this fails
            pass
    return model


def choose_platform(view: str) -> None:
    """Offscreen Qt when there is no display (2D only); a surface without a display fails
    at once, naming the fix."""
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if needs_gl(view):
        if platform in ("offscreen", "minimal") or (not has_display and not platform):
            raise InputError(GL_FIX)
    elif not has_display and not platform:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def quiet_qt() -> None:
    """Drop the offscreen platform's harmless notices; pass every other Qt message on."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def probe_gl() -> None:
    """InputError (the fix named) unless an OpenGL context can be made current."""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    context = QOpenGLContext()
    surface = QOffscreenSurface()
    surface.create()
    if not (context.create() and surface.isValid() and context.makeCurrent(surface)):
        raise InputError(GL_FIX)
    context.doneCurrent()


class Progress:
    """``export: 120/200 frames, 3 s left`` on stderr: rewritten in place on a terminal,
    a line every few seconds otherwise; silent for exports shorter than a second."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = self.last = time.perf_counter()
        self.shown = False

    def __call__(self, done: int, total: int, left: float) -> None:
        now = time.perf_counter()
        every = 0.25 if self.tty else 5.0
        if now - self.start < 1.0 or (now - self.last < every and done < total):
            return
        self.last, self.shown = now, True
        eta = f", {left:.0f} s left" if left >= 0 and done < total else ""
        text = f"export: {done}/{total} frames{eta}"
        self.stream.write(f"\r{text}\033[K" if self.tty else text + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def export_trajectories(session, options) -> int:
    from landscape.export.trajectories import write_trajectories
    from ui.export.job import context_of, run_records

    model = build_model(session, critical=False)
    first, last = options.first_step, options.last_step
    path = write_trajectories(
        options.out, run_records(model), options.format, context_of(model), first, last
    )
    print(f"wrote {path}")
    return 0


def slide_options(args) -> SlideOptions:
    """The overlays the command line asks for: all on unless ``--no-formula``,
    ``--no-legend`` or ``--no-step``; ``--caption`` (already checked) under the panes."""
    return SlideOptions(
        formula=not getattr(args, "no_formula", False),
        legend=not getattr(args, "no_legend", False),
        step=not getattr(args, "no_step", False),
        caption=getattr(args, "caption", None) or "",
    )


def run_export(args, options) -> int:
    """Build the session, render every frame and write ``options.out``; returns 0."""
    session = session_for(args)
    if options.format in TRAJECTORY_FORMATS:
        return export_trajectories(session, options)
    choose_platform(options.view)
    from ui.export.job import make_job
    from ui.shell.app import create_application

    quiet_qt()
    create_application()
    if needs_gl(options.view):
        probe_gl()
    clock = time.perf_counter()
    if options.format in STILL_FORMATS:
        from ui.export.still import write_still

        path = write_still(build_model(session), options, slide=slide_options(args))
        print(f"wrote {path}: a still, {time.perf_counter() - clock:.1f} s")
        return 0
    job = make_job(build_model(session), options, slide=slide_options(args))
    progress = Progress()
    try:
        path = job.run(progress)
    finally:
        progress.end()
        job.renderer.close()
    w, h = job.renderer.frame_size
    print(f"wrote {path}: {job.plan.count} frames, {w}x{h}, {time.perf_counter() - clock:.1f} s")
    return 0
