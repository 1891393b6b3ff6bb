"""The bare pyqtgraph loop beside the app's playback: the same scene, none of the app.

    python benchmarks/_bare_loop.py [--seconds S] [--warmup S] [--steps N]

The default landscape (Rosenbrock on the app's default domain, 200² grid) and six races
(the playback probe's optimizers, with the app's suggested values) are computed by the core;
then plain pyqtgraph draws what the app's contour view and loss panel draw: the filled map
with its colour bar, the contour lines (device-coordinate cached, as the app does), and per
run a trail, its current point and its −∇f arrow; beside it, the loss curves with a marker
per run. A 16 ms precise timer (the app's playback tick) advances the frame at 500 steps/s
and updates, for each run, the trail, point, arrow and loss marker with ``setData``: the
least a playback frame must do. Prints ``BENCH_RESULT`` with frames per second and the GUI
thread's CPU per frame, measured as the app's playback probe measures them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RACE6 = ("gd", "momentum", "nesterov", "rmsprop", "adam", "adamw")
COLORS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00")


def _scene(steps: int):
    """(landscape data, trajectories) computed by the core, with the app's suggested values."""
    from landscape.grid import Domain
    from landscape.scene import build_landscape
    from ui.shell.launch import default_session
    from ui.state.jobs import suggest_and_run

    session = default_session()
    x0, x1, y0, y1 = session.domain
    domain = Domain(x0, x1, y0, y1)
    data = build_landscape(session.text, domain, 200, "auto", None, lambda: False)
    trajectories = [
        suggest_and_run(
            data.objective, name, {}, set(), {}, session.start, steps, domain, lambda: False
        ).trajectory
        for name in RACE6
    ]
    return data, trajectories


def spin(seconds: float) -> None:
    """A real event loop for ``seconds`` (as the app's probe runs one)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def main(argv=None) -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args(argv)

    import pyqtgraph as pg
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QSplitter

    _app = QApplication.instance() or QApplication([])  # kept alive for the run
    data, trajectories = _scene(args.steps)
    grid = data.grid
    splitter = QSplitter(Qt.Orientation.Horizontal)
    plot = pg.PlotWidget()
    loss = pg.PlotWidget()
    splitter.addWidget(plot)
    splitter.addWidget(loss)
    splitter.resize(1400, 900)
    item = plot.getPlotItem()
    image = pg.ImageItem(axisOrder="col-major")
    z = np.asarray(grid.z, dtype=float)
    image.setImage(np.log10(z - np.nanmin(z) + 1e-3) if data.scale == "log" else z)
    d = data.domain
    image.setRect(d.xmin, d.ymin, d.xmax - d.xmin, d.ymax - d.ymin)
    item.addItem(image)
    bar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), interactive=False)
    bar.setImageItem(image, insert_in=item)
    xs = np.concatenate([np.append(level.x, np.nan) for level in data.lines])
    ys = np.concatenate([np.append(level.y, np.nan) for level in data.lines])
    contours = pg.PlotCurveItem(xs, ys, connect="finite", pen=pg.mkPen("w"))
    contours.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.addItem(contours)
    item.setRange(xRange=(d.xmin, d.xmax), yRange=(d.ymin, d.ymax), padding=0)
    loss.getPlotItem().setLogMode(y=True)
    layers = []
    for traj, color in zip(trajectories, COLORS, strict=False):
        P = np.asarray(traj.xs, dtype=float)
        F = np.asarray(traj.fs, dtype=float)
        G = np.asarray([data.objective.grad(p) for p in P])
        trail = pg.PlotCurveItem(pen=pg.mkPen(color, width=2), connect="finite")
        point = pg.ScatterPlotItem(size=12, brush=pg.mkBrush(color))
        arrow = pg.PlotCurveItem(pen=pg.mkPen(color, width=2), connect="pairs")
        for thing in (trail, point, arrow):
            item.addItem(thing)
        loss.addItem(pg.PlotCurveItem(np.arange(len(F)), np.maximum(F, 1e-12), pen=color))
        marker = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(color))
        loss.addItem(marker)
        layers.append((P, F, G, trail, point, arrow, marker))
    splitter.show()
    frames: list[float] = []
    state = {"frame": 0, "carry": 0.0, "clock": time.perf_counter()}
    last = max(len(layer[0]) for layer in layers) - 1

    def tick() -> None:
        now = time.perf_counter()
        state["carry"] += (now - state["clock"]) * 500
        state["clock"] = now
        advance = int(state["carry"])
        if advance < 1:
            return
        state["carry"] -= advance
        frame = state["frame"] + advance
        state["frame"] = frame = 0 if frame > last else frame
        for P, F, G, trail, point, arrow, marker in layers:
            k = min(frame, len(P) - 1)
            trail.setData(P[: k + 1, 0], P[: k + 1, 1])
            point.setData([P[k, 0]], [P[k, 1]])
            g = G[k]
            n = float(np.hypot(*g)) or 1.0
            tip = P[k] - 0.3 * g / n
            arrow.setData([P[k, 0], tip[0]], [P[k, 1], tip[1]])
            marker.setData([k], [max(F[k], 1e-12)])
        frames.append(time.perf_counter())

    timer = QTimer(interval=16, timerType=Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start()
    spin(args.warmup)
    t0, c0 = time.perf_counter(), time.thread_time()
    spin(args.seconds)
    t1, c1 = time.perf_counter(), time.thread_time()
    timer.stop()
    shown = sum(1 for t in frames if t0 <= t <= t1)
    span = t1 - t0
    result = {
        "frames_per_s": shown / span,
        "gui_cpu_share": (c1 - c0) / span,
        "cpu_ms_per_frame": 1e3 * (c1 - c0) / max(shown, 1),
    }
    print("BENCH_RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
