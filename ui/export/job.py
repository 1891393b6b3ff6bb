"""One export in progress: frames rendered on the GUI thread, encoded by the writer's threads.

In the app, :meth:`ExportJob.start` renders in small timer-driven batches (a few tens of ms
each, never more than the writer can queue), so the window stays responsive; the writer is
finished in a plain thread. The command line calls :meth:`ExportJob.run`, the same steps in a
loop. Cancel at any point leaves nothing under the final name.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal

from landscape.errors import InputError
from landscape.export.frames import FramePlan, orbit_azimuth
from landscape.export.writers import Cancelled, FrameWriter, GIFWriter

BATCH_MS = 30
FINISH_POLL_MS = 40
PALETTE_SAMPLES = 4


class ExportJob(QObject):
    progressed = Signal(int, int, float)  # frames encoded, total, seconds left (-1: unknown)
    finished = Signal(str)  # the final path
    failed = Signal(str)  # one line
    cancelled = Signal()

    def __init__(
        self,
        renderer,
        writer: FrameWriter,
        plan: FramePlan,
        orbit: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.renderer, self.writer, self.plan, self.orbit = renderer, writer, plan, orbit
        self.next_frame = 0
        self.state = "new"  # running, finishing, done, failed, cancelled
        self._clock = 0.0
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._tick)
        self._poll = QTimer(self, interval=FINISH_POLL_MS)
        self._poll.timeout.connect(self._check_finish)
        self._finisher: threading.Thread | None = None
        self._outcome: tuple[str, str] | None = None

    # -- frames ---------------------------------------------------------------------------
    def frame(self, index: int):
        """Frame ``index`` of the plan as an RGB array (what the writers take)."""
        azimuth = None
        if self.orbit and self.renderer.surface is not None:
            azimuth = orbit_azimuth(index, self.plan.count, self.renderer.base_azimuth)
        return self.renderer.render(self.plan.step(index), azimuth, channels=3)

    def _begin(self) -> None:
        """Open the writer (InputError when the target cannot be written) and, for a GIF,
        give it sample frames for its palette."""
        self.writer.open()
        self._clock = time.perf_counter()
        self.state = "running"
        if isinstance(self.writer, GIFWriter):
            samples = [self.frame(i) for i in self.plan.sample_frames(PALETTE_SAMPLES)]
            self.writer.set_samples(samples)

    def seconds_left(self) -> float:
        done = max(self.writer.written(), self.next_frame // 2)
        if done < 2:
            return -1.0
        elapsed = time.perf_counter() - self._clock
        return elapsed / done * (self.plan.count - done)

    # -- blocking (command line) ----------------------------------------------------------
    def run(self, progress=None) -> str:
        """Render and write every frame, then finish; ``progress(done, total, left)`` is
        called after each frame. Returns the final path; raises InputError on failure."""
        self._begin()
        try:
            for index in range(self.plan.count):
                self.writer.write(self.frame(index))
                self.next_frame = index + 1
                if progress is not None:
                    progress(index + 1, self.plan.count, self.seconds_left())
            path = self.writer.close()
        except BaseException:
            self.writer.abort()
            self.state = "failed"
            raise
        self.state = "done"
        return str(path)

    # -- timer-driven (app) ---------------------------------------------------------------
    def start(self) -> None:
        """Begin in the background of the event loop; InputError at once for a bad target."""
        self._begin()
        self._timer.start()

    def _tick(self) -> None:
        deadline = time.perf_counter() + BATCH_MS / 1000
        try:
            while (
                self.next_frame < self.plan.count
                and time.perf_counter() < deadline
                and self.writer.backlog() < self.writer.max_backlog
            ):
                self.writer.write(self.frame(self.next_frame), block=False)
                self.next_frame += 1
        except Exception as exc:  # noqa: BLE001 - any failure ends the export, in words
            self._fail(exc)
            return
        self.progressed.emit(self.writer.written(), self.plan.count, self.seconds_left())
        if self.next_frame >= self.plan.count:
            self._timer.stop()
            self.state = "finishing"
            self._finisher = threading.Thread(target=self._close_writer, daemon=True)
            self._finisher.start()
            self._poll.start()

    def _close_writer(self) -> None:
        try:
            self._outcome = ("done", str(self.writer.close()))
        except Cancelled:
            self._outcome = ("cancelled", "")
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread
            self._outcome = ("failed", _message(exc))

    def _check_finish(self) -> None:
        self.progressed.emit(self.writer.written(), self.plan.count, self.seconds_left())
        if self._finisher is None or self._finisher.is_alive():
            return
        self._poll.stop()
        state, text = self._outcome or ("failed", "the export stopped unexpectedly")
        if self.state == "cancelled":
            return
        self.state = state
        if state == "done":
            self.finished.emit(text)
        elif state == "failed":
            self.failed.emit(text)
        else:
            self.cancelled.emit()

    def cancel(self) -> None:
        """Stop now and remove everything written (from the GUI thread)."""
        if self.state in ("done", "failed", "cancelled"):
            return
        self._timer.stop()
        self._poll.stop()
        self.writer.abort()
        if self.writer.committed:  # finished just before the click: it is done, not undone
            self.state = "done"
            self.finished.emit(str(self.writer.path))
            return
        self.state = "cancelled"
        self.cancelled.emit()

    def _fail(self, exc: Exception) -> None:
        self._timer.stop()
        self.writer.abort()
        self.state = "failed"
        self.failed.emit(_message(exc))


def _message(exc: BaseException) -> str:
    text = exc.message if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
    return text.splitlines()[0][:300] if text else type(exc).__name__


# -- assembling an export -------------------------------------------------------------------
def run_records(model) -> list:
    """The model's visible runs with a trajectory, as core :class:`RunRecord` objects."""
    from landscape.export.trajectories import RunRecord

    return [
        RunRecord(r.name, r.display_name, r.color, r.trajectory)
        for r in model.visible_runs()
        if r.length() > 0
    ]


def context_of(model) -> dict:
    """Expression, domain, start and appearance of the model's landscape (for files)."""
    data = model.landscape
    d = data.domain
    return {
        "expression": data.text,
        "domain": [d.xmin, d.xmax, d.ymin, d.ymax],
        "start": list(model.start),
        "resolution": data.resolution,
        "color_scale": data.scale,
        "colormap": model.colormap,
    }


def make_job(
    model, options, state=None, layered: bool = True, parent=None, slide=None
) -> ExportJob:
    """Renderer, frame plan and writer for checked ``options`` (an image format) of what
    ``model`` holds; ``slide`` (a :class:`~ui.export.slide.SlideOptions`, None: the bare
    panes) puts the formula, legend, step counter and caption on every frame. InputError
    for a surface without OpenGL or an empty step range."""
    from landscape.export.trajectories import manifest
    from landscape.export.writers import make_writer
    from ui.export.renderer import FrameRenderer

    plan = options.plan(model.last_frame())
    renderer = FrameRenderer(
        model, options.view, options.size, state=state, layered=layered, slide=slide
    )
    context = context_of(model)
    if slide is not None:
        context["overlays"] = {
            "formula": slide.formula,
            "legend": slide.legend,
            "step": slide.step,
            "caption": slide.caption,
        }
    info = manifest(
        expression=context.pop("expression"),
        domain=context.pop("domain"),
        start=context.pop("start"),
        runs=run_records(model),
        view=options.view,
        size=options.size,
        frame_size=renderer.frame_size,
        steps=plan.steps(),
        steps_per_frame=plan.steps_per_frame,
        orbit=options.orbit,
        **context,
    )
    writer = make_writer(
        options.format,
        options.out,
        fps=options.fps,
        manifest=info,
        reserved=renderer.reserved_colors(),
    )
    return ExportJob(renderer, writer, plan, orbit=options.orbit, parent=parent)
