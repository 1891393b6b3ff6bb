"""The in-app side of ``bench_app.py``: each probe runs in its own interpreter and prints one
``BENCH_RESULT {json}`` line.

    python benchmarks/_app_probe.py launch|edit|playback|memory [options]

Times inside one process are ``time.perf_counter()``; the launch probe uses
``time.monotonic()`` (system-wide) to compare with the parent's spawn time ``BENCH_T0``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: the edit benchmark's functions (x, y over the default Rosenbrock domain)
EDIT_FUNCTIONS = [
    "x^2 + 3*y^2",
    "sin(3x) cos(3y) exp(-(x^2 + y^2)/4) + 0.1 log(1 + x^2 + y^2)",
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    "x^2 - y^2 + 0.2 x^3",
    "log(1 + x^2 + y^2) + sin(x y)",
    "(1.5 - x + x y)^2 + (2.25 - x + x y^2)^2",
    "abs(x) + abs(y - 1) + 0.1 cos(5x)",
    "exp(-(x-1)^2 - y^2) - exp(-(x+1)^2 - (y-1)^2)",
]
RACE6 = ("gd", "momentum", "nesterov", "rmsprop", "adam", "adamw")
RACE8 = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "lbfgs")


def emit(result: dict) -> None:
    print("BENCH_RESULT " + json.dumps(result), flush=True)


def rss_mb(pid: str = "self") -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def children_rss_mb() -> float:
    """RSS of this process's direct children (the symbolic worker)."""
    total = 0.0
    for task in Path("/proc/self/task").iterdir():
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        total += sum(rss_mb(pid) for pid in kids if Path(f"/proc/{pid}").exists())
    return total


# -- Qt helpers (imported lazily: the launch probe must not import Qt early) ---------------
def paint_watch():
    from PySide6.QtCore import QEvent, QObject, QTimer

    class PaintWatch(QObject):
        """Counts Paint events of watched widgets; ``starts``/``ends`` per name (ends: the
        next event-loop turn after the paint, i.e. once that paint pass is done)."""

        def __init__(self) -> None:
            super().__init__()
            self.names: dict = {}
            self.starts: dict[str, list[float]] = {}
            self.ends: dict[str, list[float]] = {}

        def watch(self, widget, name: str) -> None:
            self.starts.setdefault(name, [])
            self.ends.setdefault(name, [])
            if hasattr(widget, "frameSwapped"):  # a GL window: no Paint events; its swaps
                widget.frameSwapped.connect(lambda n=name: self._swapped(n))
                return
            self.names[widget] = name
            widget.installEventFilter(self)

        def _swapped(self, name: str) -> None:
            now = time.perf_counter()
            self.starts[name].append(now)
            self.ends[name].append(now)

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                name = self.names.get(obj)
                if name is not None:
                    self.starts[name].append(time.perf_counter())
                    QTimer.singleShot(0, lambda n=name: self.ends[n].append(time.perf_counter()))
            return False

        def first_end_after(self, name: str, t: float) -> float | None:
            return next((e for e in self.ends.get(name, []) if e > t), None)

    return PaintWatch()


def run_until(pred, timeout: float, poll_ms: int = 2) -> bool:
    """Run a real event loop (the GIL is free while idle) until ``pred()`` or ``timeout``."""
    from PySide6.QtCore import QEventLoop, QTimer

    if pred():
        return True
    loop = QEventLoop()
    poll = QTimer(interval=poll_ms)
    poll.timeout.connect(lambda: pred() and loop.quit())
    limit = QTimer(singleShot=True, interval=int(timeout * 1000))
    limit.timeout.connect(loop.quit)
    poll.start()
    limit.start()
    loop.exec()
    poll.stop()
    limit.stop()
    return bool(pred())


def make_window(
    runs=None,
    resolution: int = 200,
    max_steps: int | None = None,
    use_3d: bool = True,
    timeout: float = 120.0,
):
    """The app's window on the default session (``runs`` optimizers), shown and ready,
    with the GL surface built and holding the landscape."""
    from ui.shell.app import create_application
    from ui.shell.launch import default_session, runs_for
    from ui.shell.main_window import MainWindow

    app = create_application()
    session = default_session()
    if runs:
        session.runs = runs_for(runs)  # suggested values
    session.resolution = resolution
    if max_steps:
        session.max_steps = max_steps
    window = MainWindow(session, use_3d=use_3d, autoplay=False, remember=False)
    window.resize(1400, 900)
    window.show()
    sv = window.surface_view

    def ready() -> bool:
        gl_done = (
            not use_3d
            or "unavailable" in sv.message.text()
            or (sv.available and sv.current_landscape is window.model.landscape)
        )
        return window.is_ready() and gl_done

    if not run_until(ready, timeout):
        raise TimeoutError("the window did not become ready")
    run_until(lambda: False, 0.3)  # let the first paints settle
    return app, window


# -- launch ---------------------------------------------------------------------------------
def probe_launch(args) -> None:
    marks: dict[str, float] = {"main": time.monotonic()}
    t0 = float(os.environ.get("BENCH_T0", marks["main"]))
    import ui.shell.app as ui_app

    original = ui_app.create_application

    def create_application(argv=None):
        app = original(argv)
        marks["qapplication"] = time.monotonic()
        _hook_window(marks, args.timeout)
        return app

    ui_app.create_application = create_application
    from landscape_cli import main

    status = main(["gui", "--size", "1400x900"])
    timed_out = marks.pop("timed_out", True)
    emit({"status": status, "timed_out": timed_out, **{k: v - t0 for k, v in marks.items()}})


def _hook_window(marks: dict, timeout: float) -> None:
    """Watch the first paint (the function bar's first Paint event: the one the window itself
    waits for before its heavy work), the landscape in each view, and their next paints."""
    from PySide6.QtCore import QTimer

    import ui.shell.main_window as mw
    import ui.views.contour_view as cv_mod
    import ui.views.surface_view as sv_mod

    offset = time.monotonic() - time.perf_counter()  # the same clock on Linux: ~0
    watch = paint_watch()

    def wrap(cls, key):
        original = cls.on_landscape

        def on_landscape(self, *a):
            original(self, *a)
            if self.current_landscape is not None and key not in marks:
                marks[key] = time.monotonic()

        cls.on_landscape = on_landscape

    wrap(cv_mod.ContourView, "landscape")
    wrap(sv_mod.SurfaceView, "surface")
    init = mw.MainWindow.__init__

    def __init__(self, *a, **kw):
        init(self, *a, **kw)
        marks["window_built"] = time.monotonic()
        watch.watch(self.function_bar, "bar")
        watch.watch(self.contour_view.plot.viewport(), "contour")
        self.ready.connect(lambda: marks.setdefault("ready", time.monotonic()))
        sv = self.surface_view

        def after(name: str, key: str):
            end = watch.first_end_after(name, marks[key] - offset) if key in marks else None
            return None if end is None else end + offset

        def check():
            if watch.ends["bar"] and "first_paint" not in marks:
                marks["first_paint"] = watch.starts["bar"][0] + offset
                marks["first_paint_done"] = watch.ends["bar"][0] + offset
            if sv.available and "gl" not in watch.starts:
                watch.watch(sv.gl, "gl")
            for name, key in (("contour", "landscape"), ("gl", "surface")):
                if f"{key}_painted" not in marks and after(name, key) is not None:
                    marks[f"{key}_painted"] = after(name, key)
            done = all(k in marks for k in ("surface_painted", "landscape_painted", "ready"))
            if done or time.monotonic() - marks["main"] > timeout:
                marks["closing"] = time.monotonic()
                marks["timed_out"] = not done
                poll.stop()
                QTimer.singleShot(50, self.close)

        poll = QTimer(self, interval=5)
        poll.timeout.connect(check)
        poll.start()

    mw.MainWindow.__init__ = __init__


# -- edit → both views updated --------------------------------------------------------------
def probe_edit(args) -> None:
    from ui.state.jobs import build_landscape

    app, window = make_window(resolution=args.res)
    bar, cv, sv, model = window.function_bar, window.contour_view, window.surface_view, window.model
    watch = paint_watch()
    watch.watch(cv.plot.viewport(), "contour")
    watch.watch(sv.gl, "gl")
    got: dict[str, float] = {}
    model.landscapeChanged.connect(lambda: got.update(data=time.perf_counter()))
    bar.landscapeRequested.connect(lambda *_: got.update(requested=time.perf_counter()))
    rows = []
    for text in EDIT_FUNCTIONS[: args.n]:
        got.clear()
        bar.text_edit.setText(text)
        t0 = time.perf_counter()
        bar.text_edit.returnPressed.emit()  # an accepted edit: Enter (no debounce)

        def shown(text=text) -> bool:
            data = model.landscape
            return (
                data is not None
                and data.text == text
                and cv.current_landscape is data
                and sv.current_landscape is data
                and "data" in got
                and watch.first_end_after("contour", got["data"]) is not None
                and watch.first_end_after("gl", got["data"]) is not None
            )

        if not run_until(shown, 60):
            rows.append({"text": text, "error": bar.error_text() or "timeout"})
            continue
        painted = max(
            watch.first_end_after("contour", got["data"]), watch.first_end_after("gl", got["data"])
        )
        row = {
            "text": text,
            "data_ms": 1e3 * (got["data"] - t0),
            "painted_ms": 1e3 * (painted - t0),
        }
        run_until(window.is_ready, 60)
        run_until(lambda: False, 0.2)
        row.update(_breakdown(window, build_landscape))
        rows.append(row)
    # the debounce: a typed edit (textEdited) to the request
    got.clear()
    bar.text_edit.setText("x^2 + y^2")
    t0 = time.perf_counter()
    bar.text_edit.textEdited.emit("x^2 + y^2")
    run_until(lambda: "requested" in got, 5, poll_ms=1)
    debounce = 1e3 * (got.get("requested", float("nan")) - t0)
    run_until(window.is_ready, 60)
    window.controller.shutdown()
    window.close()
    emit({"rows": rows, "debounce_ms": debounce})


def _breakdown(window, build_landscape) -> dict:
    """The parts of one edit, each timed alone on the GUI thread: worker pipeline (compile
    with a fresh objective, sample, contour lines, the domain fitted to the function), the two
    views' ``on_landscape``, and a synchronous render of each view (``grab()``,
    ``grabFramebuffer()``)."""
    from landscape.compile import compile_objective

    data = window.model.landscape
    cv, sv = window.contour_view, window.surface_view
    t = time.perf_counter()
    objective = compile_objective(data.text)
    t_compile = time.perf_counter() - t
    t = time.perf_counter()
    build_landscape(data.text, data.domain, data.resolution, data.scale, objective, lambda: False)
    t_sample = time.perf_counter() - t
    from landscape.domain_fit import fit_domain_showing

    t = time.perf_counter()
    fit_domain_showing(objective, window.model.start)  # a typed function's domain is fitted
    t_fit = time.perf_counter() - t
    out = {
        "compile_ms": 1e3 * t_compile,
        "sample_contour_ms": 1e3 * t_sample,
        "fit_ms": 1e3 * t_fit,
    }
    for name, fn in (
        ("contour_set_ms", cv.on_landscape),
        ("surface_set_ms", sv.on_landscape),
        ("contour_paint_ms", cv.plot.grab),
        ("surface_paint_ms", sv.gl.grabFramebuffer),
    ):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        out[name] = 1e3 * statistics.median(times)
    return out


# -- playback -------------------------------------------------------------------------------
def probe_playback(args) -> None:
    from PySide6.QtCore import Qt, QTimer

    app, window = make_window(runs=RACE6, max_steps=args.steps, use_3d=args.layout != "no_3d")
    if args.layout not in ("side_by_side", "no_3d"):
        window.set_layout_mode(args.layout)
    watch = paint_watch()
    watch.watch(window.contour_view.plot.viewport(), "contour")
    if window.surface_view.gl is not None:
        watch.watch(window.surface_view.gl, "gl")
    frames: list[float] = []
    window.model.frameChanged.connect(lambda _f: frames.append(time.perf_counter()))
    beats: list[float] = []
    heart = QTimer(interval=5, timerType=Qt.TimerType.PreciseTimer)
    heart.timeout.connect(lambda: beats.append(time.perf_counter()))
    window.playback.speed.setValue(args.speed)
    window.playback.loop.setChecked(True)
    window.playback.play()
    heart.start()
    run_until(lambda: False, args.warmup, poll_ms=1000)
    t0, c0 = time.perf_counter(), time.thread_time()
    run_until(lambda: False, args.seconds, poll_ms=1000)
    t1, c1 = time.perf_counter(), time.thread_time()
    heart.stop()
    window.playback.pause()
    beats = [b for b in beats if t0 <= b <= t1]
    gaps = sorted(1e3 * (b - a) for a, b in zip(beats, beats[1:], strict=False))
    span = t1 - t0

    def rate(ts) -> float:
        return sum(1 for t in ts if t0 <= t <= t1) / span

    result = {
        "layout": args.layout,
        "frames_per_s": rate(frames),
        "contour_paints_per_s": rate(watch.starts["contour"]),
        "gl_paints_per_s": rate(watch.starts.get("gl", [])),
        "max_stall_ms": gaps[-1] if gaps else float("nan"),
        "p99_gap_ms": gaps[int(0.99 * (len(gaps) - 1))] if gaps else float("nan"),
        "gui_cpu_share": (c1 - c0) / span,
        "last_frame": window.model.last_frame(),
    }
    window.controller.shutdown()
    window.close()
    emit(result)


# -- memory ---------------------------------------------------------------------------------
def probe_memory(args) -> None:
    app, window = make_window(runs=RACE8, resolution=500, max_steps=args.steps)
    window.playback.speed.setValue(args.speed)
    window.playback.loop.setChecked(True)
    t0 = time.perf_counter()
    samples = [(0.0, rss_mb())]
    window.playback.play()
    end = t0 + 60 * args.minutes
    while time.perf_counter() < end - 0.5:
        run_until(lambda: False, min(args.every, end - time.perf_counter()), poll_ms=1000)
        samples.append((time.perf_counter() - t0, rss_mb()))
        print(
            f"  memory: {samples[-1][0]:6.0f} s  {samples[-1][1]:7.1f} MB",
            file=sys.stderr,
            flush=True,
        )
    playing = window.playback.is_playing()
    window.playback.pause()
    half = [(t, m) for t, m in samples if t >= samples[-1][0] / 2]
    slope = float("nan")
    if len(half) >= 2:
        import numpy as np

        ts, ms = np.array(half).T
        slope = float(np.polyfit(ts / 60.0, ms, 1)[0])
    result = {
        "start_mb": samples[0][1],
        "end_mb": samples[-1][1],
        "max_mb": max(m for _, m in samples),
        "slope_mb_per_min": slope,
        "minutes": samples[-1][0] / 60,
        "samples": len(samples),
        "still_playing": playing,
        "worker_mb": children_rss_mb(),
    }
    window.controller.shutdown()
    window.close()
    emit(result)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("probe", choices=("launch", "edit", "playback", "memory"))
    parser.add_argument("--n", type=int, default=len(EDIT_FUNCTIONS))
    parser.add_argument("--res", type=int, default=300)
    parser.add_argument("--layout", default="side_by_side")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--speed", type=int, default=500)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--every", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    probes = {
        "launch": probe_launch,
        "edit": probe_edit,
        "playback": probe_playback,
        "memory": probe_memory,
    }
    probes[args.probe](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
