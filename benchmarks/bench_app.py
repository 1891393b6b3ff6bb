"""App benchmarks under a real X server (Xvfb): launch, edit latency, playback, memory.

    scripts/with-display .venv/bin/python benchmarks/bench_app.py [--quick] [--minutes N]
        [--only imports,launch,edit,playback,memory]

1. Launch → first paint of the main window with the default landscape (goal ≤ 1.0 s):
   ``landscape gui`` spawned with a probe (``_app_probe.py launch``) that wraps the window and
   its views to time-stamp the first paint (the function bar's first Paint event, which is the
   one the window itself waits for), the landscape in each view and their next paints. Times
   are from the parent's spawn (system monotonic clock). Fresh = no saved state (a private
   XDG_CONFIG_HOME); relaunch = the same folder after one launch saved its last session.
   Also, for scale: importing PySide6 + pyqtgraph(.opengl) + sympy + numpy in a fresh
   interpreter, and matplotlib + sympy + numpy. Medians of 5.
2. An accepted edit (Enter) → both views hold the new 300² grid and have painted it
   (goal ≤ 100 ms), with the parts timed alone; the debounce of typed edits separately.
   Beside it (in this process, which never imports Qt): matplotlib (Agg) parse + lambdify +
   evaluate, then contourf + contour lines + colour bar + a full-resolution ``plot_surface``
   (rstride = cstride = 1) and ``canvas.draw()``.
3. Playback of 6 optimizers, looping at high speed (goal ≥ 60 fps, longest stall ≤ 50 ms of a
   5 ms heartbeat): frame changes, contour-view paints and GL paints per second; the GUI
   thread's CPU per frame beside a bare pyqtgraph loop drawing the same items
   (``_bare_loop.py``, goal ≤ 2×).
4. Memory (goal ≤ 350 MB RSS, no growth): 8 runs on a 500² grid, looping playback for
   ``--minutes`` (default 10; ``--quick``: 1), VmRSS every 10 s; start, end, max and the
   slope over the second half.
Every probe runs in its own interpreter with a timeout; a failed probe is reported, not fatal.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = str(Path(__file__).resolve().parent / "_app_probe.py")
PARTS = ("imports", "launch", "edit", "playback", "memory")
QT_IMPORTS = "import numpy, sympy, PySide6.QtWidgets, pyqtgraph, pyqtgraph.opengl"
MPL_IMPORTS = "import numpy, sympy, matplotlib.pyplot, mpl_toolkits.mplot3d"
LAUNCH_KEYS = (
    ("main", "interpreter up, probe main"),
    ("qapplication", "QApplication"),
    ("window_built", "MainWindow built"),
    ("first_paint", "first paint (start)"),
    ("first_paint_done", "first paint done"),
    ("landscape", "landscape in contour"),
    ("landscape_painted", "contour landscape painted"),
    ("surface", "landscape in 3D"),
    ("surface_painted", "3D landscape painted"),
    ("ready", "runs settled (autoplay)"),
)


def med(values):
    values = [v for v in values if v is not None and v == v]
    return statistics.median(values) if values else float("nan")


def child(argv: list[str], timeout: float, env: dict | None = None, echo: bool = False):
    """Run ``argv``; the dict of its ``BENCH_RESULT`` line, or None (timeout, crash)."""
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env or child_env(),
        stdout=subprocess.PIPE,
        stderr=None if echo else subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group
        proc.communicate()
        print(f"  ! timeout after {timeout:.0f} s: {' '.join(argv[1:])}", file=sys.stderr)
        return None
    lines = [ln for ln in out.splitlines() if ln.startswith("BENCH_RESULT ")]
    if proc.returncode or not lines:
        print(
            f"  ! exit {proc.returncode}: {' '.join(argv[1:])}\n{(err or '')[-1500:]}",
            file=sys.stderr,
        )
        return None
    return json.loads(lines[-1][len("BENCH_RESULT ") :])


_BASE: list[str] = []  # the run's temporary folder (removed at the end)


def fresh_dir() -> str:
    return tempfile.mkdtemp(prefix="cfg_", dir=_BASE[0] if _BASE else None)


def child_env(config_dir: str | None = None) -> dict:
    """Private settings: QSettings(org, app) ignores LANDSCAPE_SETTINGS_DIR (see the report),
    so XDG_CONFIG_HOME is private too."""
    env = dict(os.environ)
    config_dir = config_dir or fresh_dir()
    env["XDG_CONFIG_HOME"] = config_dir
    env["LANDSCAPE_SETTINGS_DIR"] = config_dir
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def probe(*args, timeout: float = 300, echo: bool = False):
    return child([sys.executable, PROBE, *map(str, args)], timeout, echo=echo)


# -- 1. imports and launch ------------------------------------------------------------------
def import_seconds(statement: str, repeats: int) -> float:
    code = (
        "import time; t = time.perf_counter(); "
        + statement
        + "; print('BENCH_RESULT', time.perf_counter() - t)"
    )
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            env=child_env(),
        )
        line = [ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_RESULT")]
        times.append(float(line[-1].split()[1]) if line else None)
    return med(times)


def launch_once(config_dir: str, timeout: float = 90.0, outside: bool = False):
    env = child_env(config_dir)
    mapped: list[float] = []
    stop = threading.Event()
    t0 = time.monotonic()
    env["BENCH_T0"] = repr(t0)
    if outside:  # from outside: poll the X server for a viewable window named Landscape

        def poll():
            while not stop.is_set() and not mapped:
                out = subprocess.run(
                    ["xwininfo", "-name", "Landscape"], capture_output=True, text=True, env=env
                )
                if "IsViewable" in out.stdout:
                    mapped.append(time.monotonic() - t0)
                time.sleep(0.01)

        threading.Thread(target=poll, daemon=True).start()
    result = child([sys.executable, PROBE, "launch", "--timeout", "60"], timeout, env)
    stop.set()
    if result is not None and mapped:
        result["xwininfo_viewable"] = mapped[0]
    return result


def bench_launch(repeats: int) -> dict:
    fresh = [launch_once(fresh_dir()) for _ in range(repeats)]
    saved = fresh_dir()
    launch_once(saved)  # saves its last session on close
    again = [launch_once(saved) for _ in range(repeats)]
    outside = launch_once(fresh_dir(), outside=True)

    def summary(results):
        ok = [r for r in results if r and not r.get("timed_out")]
        return {k: med([r.get(k) for r in ok]) for k, _ in LAUNCH_KEYS} | {"n": len(ok)}

    return {"fresh": summary(fresh), "relaunch": summary(again), "outside": outside or {}}


# -- 2. beside the edit: matplotlib, timed the same way (in this process: no Qt here) --------
def bench_matplotlib(n: int, res: int) -> dict:
    """Text → parse, lambdify, evaluate on res² → contourf + contour lines + colour bar +
    full-resolution plot_surface → Agg ``canvas.draw()``."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    import sympy
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    sys.path.insert(0, str(Path(PROBE).parent))
    from _app_probe import EDIT_FUNCTIONS  # also puts the repository on sys.path

    from landscape.parser import parse_expression
    from landscape.symbols import symbol

    fig = Figure(figsize=(14, 6.5), dpi=100)
    canvas = FigureCanvasAgg(fig)
    X, Y = np.meshgrid(np.linspace(-2, 2, res), np.linspace(-1, 3, res), indexing="ij")
    rows = []
    for text in EDIT_FUNCTIONS[:n]:
        t0 = time.perf_counter()
        f = sympy.lambdify((symbol("x"), symbol("y")), parse_expression(text), "numpy")
        with np.errstate(all="ignore"):
            Z = np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape)
        t1 = time.perf_counter()
        fig.clf()
        ax = fig.add_subplot(1, 2, 1)
        filled = ax.contourf(X, Y, Z, levels=24, cmap="viridis")
        ax.contour(X, Y, Z, levels=24, colors="white", linewidths=0.6)
        fig.colorbar(filled, ax=ax)
        ax3 = fig.add_subplot(1, 2, 2, projection="3d")
        ax3.plot_surface(
            X, Y, Z, rstride=1, cstride=1, cmap="viridis", linewidth=0, antialiased=False
        )
        canvas.draw()
        t2 = time.perf_counter()
        rows.append(
            {
                "text": text,
                "compute_ms": 1e3 * (t1 - t0),
                "draw_ms": 1e3 * (t2 - t1),
                "total_ms": 1e3 * (t2 - t0),
            }
        )
    return {"rows": rows}


# -- table ----------------------------------------------------------------------------------
def line(label: str, value: str, goal: str = "", note: str = "") -> None:
    print(f"  {label:50s} {value:>13s}  {goal:13s} {note}".rstrip())


def verdict(value: float, limit: float, below: bool = True) -> str:
    if value != value:
        return "n/a"
    return "ok" if (value <= limit if below else value >= limit) else "MISSED"


def print_launch(data: dict, imports: dict) -> None:
    print("\n1. Launch (s from spawn; median)            fresh   relaunch")
    fresh, again = data["fresh"], data["relaunch"]
    for key, label in LAUNCH_KEYS:
        print(
            f"  {label:40s} {fresh[key]:7.2f}   {again[key]:7.2f}"
            + (
                f"   goal ≤ 1.00: {verdict(fresh[key], 1.0)} / {verdict(again[key], 1.0)}"
                if key == "first_paint_done"
                else ""
            )
        )
    print(f"  (launches that finished: {fresh['n']} fresh, {again['n']} relaunch)")
    out = data["outside"]
    if out.get("xwininfo_viewable") is not None:
        print(
            f"  cross-check, one launch: xwininfo sees the window viewable at "
            f"{out['xwininfo_viewable']:.2f} s; the probe's first paint at "
            f"{out.get('first_paint_done', float('nan')):.2f} s"
        )
    if imports:
        qt, mpl = imports["qt"], imports["mpl"]
        print(
            f"  for scale, imports in a fresh interpreter (median of 5):\n"
            f"    {QT_IMPORTS[7:]}: {qt:.2f} s\n"
            f"    {MPL_IMPORTS[7:]}: {mpl:.2f} s (ours / matplotlib {qt / mpl:.2f}×)"
        )


def print_edit(ours: dict | None, mpl: dict | None) -> None:
    print("\n2. Accepted edit → both views updated, 300² (ms)")
    rows = [r for r in (ours or {}).get("rows", []) if "error" not in r]
    for r in (ours or {}).get("rows", []):
        if "error" in r:
            print(f"  ! {r['text']}: {r['error']}")
    if rows:
        painted = med([r["painted_ms"] for r in rows])
        line(
            "ours: Enter → both views painted (median)",
            f"{painted:.0f}",
            "goal ≤ 100",
            verdict(painted, 100),
        )
        line("ours: Enter → both views hold the grid", f"{med([r['data_ms'] for r in rows]):.0f}")
        line(
            "  per edit, min / max painted",
            f"{min(r['painted_ms'] for r in rows):.0f} / {max(r['painted_ms'] for r in rows):.0f}",
        )
        for key, label in (
            ("compile_ms", "parts alone: compile (parse+derive+lambdify)"),
            ("sample_contour_ms", "  sample 300² + levels + contour lines"),
            ("fit_ms", "  domain fitted to the function (its critical points)"),
            ("contour_set_ms", "  ContourView.on_landscape"),
            ("surface_set_ms", "  SurfaceView.on_landscape"),
            ("contour_paint_ms", "  contour render (grab)"),
            ("surface_paint_ms", "  3D render (grabFramebuffer)"),
        ):
            line(label, f"{med([r[key] for r in rows]):.1f}")
        line(
            "typed edit: debounce (textEdited → request)",
            f"{ours['debounce_ms']:.0f}",
            "not included",
        )
    mrows = (mpl or {}).get("rows", [])
    if mrows:
        total = med([r["total_ms"] for r in mrows])
        line(
            "matplotlib: text → contourf + plot_surface drawn",
            f"{total:.0f}",
            "",
            f"compute {med([r['compute_ms'] for r in mrows]):.0f} + draw "
            f"{med([r['draw_ms'] for r in mrows]):.0f}",
        )
        if rows:
            line("ratio matplotlib / ours", f"{total / painted:.1f}×")


def print_playback(results: list, bare: dict | None) -> None:
    print("\n3. Playback, 6 optimizers looping")
    if bare:
        line(
            "bare pyqtgraph loop, same items: frames per s",
            f"{bare['frames_per_s']:.1f}",
            "",
            f"CPU per frame {bare['cpu_ms_per_frame']:.1f} ms",
        )
    else:
        print("  ! the bare pyqtgraph loop failed")
    for r in results:
        if not r:
            print("  ! a playback probe failed")
            continue
        name = {"side_by_side": "contour + 3D", "contour": "3D hidden", "no_3d": "--no-3d"}.get(
            r["layout"], r["layout"]
        )
        line(
            f"{name}: frames shown per s",
            f"{r['frames_per_s']:.1f}",
            "goal ≥ 60",
            verdict(r["frames_per_s"], 60, below=False),
        )
        line(
            f"{name}: contour paints / GL paints per s",
            f"{r['contour_paints_per_s']:.1f} / {r['gl_paints_per_s']:.1f}",
        )
        line(
            f"{name}: longest stall of 5 ms heartbeat",
            f"{r['max_stall_ms']:.1f} ms",
            "goal ≤ 50",
            f"{verdict(r['max_stall_ms'], 50)}  (p99 gap {r['p99_gap_ms']:.0f} ms)",
        )
        per_frame = 1e3 * r["gui_cpu_share"] / max(r["frames_per_s"], 1e-9)
        line(
            f"{name}: GUI thread CPU per frame",
            f"{per_frame:.1f} ms",
            "",
            f"busy {100 * r['gui_cpu_share']:.0f}% of the time",
        )
        if bare and r["layout"] != "side_by_side":
            ratio = per_frame / max(bare["cpu_ms_per_frame"], 1e-9)
            line(
                f"{name}: CPU per frame / bare loop", f"{ratio:.2f}×", "goal ≤ 2", verdict(ratio, 2)
            )


def print_memory(r: dict | None) -> None:
    print("\n4. Memory, 8 runs on 500², looping playback")
    if not r:
        print("  ! the memory probe failed")
        return
    line(
        f"RSS after {r['minutes']:.1f} min ({r['samples']} samples): end",
        f"{r['end_mb']:.0f} MB",
        "goal ≤ 350",
        verdict(r["end_mb"], 350),
    )
    line("RSS start / max", f"{r['start_mb']:.0f} / {r['max_mb']:.0f} MB")
    line("slope over the second half", f"{r['slope_mb_per_min']:+.2f} MB/min", "goal ≈ 0")
    line(
        "symbolic worker process (not in the above)",
        f"{r['worker_mb']:.0f} MB",
        "",
        "" if r["still_playing"] else "! playback had stopped",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats; 1 min of memory")
    parser.add_argument("--minutes", type=float, help="memory run length (default 10; quick 1)")
    parser.add_argument("--only", default=",".join(PARTS), help="some of: " + ", ".join(PARTS))
    args, _unknown = parser.parse_known_args(argv)  # run_all passes its extra arguments on
    parts = {p.strip() for p in args.only.split(",")}
    minutes = args.minutes if args.minutes is not None else (1.0 if args.quick else 10.0)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print(
            "bench_app: needs an X display with OpenGL: scripts/with-display "
            f"{sys.executable} {' '.join(sys.argv)}",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="bench_app_") as base:
        _BASE[:] = [base]
        return run(args, parts, minutes)


def run(args, parts: set[str], minutes: float) -> int:
    n_edits = 4 if args.quick else 8
    seconds = 5 if args.quick else 10
    started = time.perf_counter()
    imports, launch, edit, mpl, playback, memory = {}, None, None, None, [], None
    bare = None
    if "imports" in parts:
        print("imports…", file=sys.stderr, flush=True)
        imports = {"qt": import_seconds(QT_IMPORTS, 5), "mpl": import_seconds(MPL_IMPORTS, 5)}
    if "launch" in parts:
        print("launch…", file=sys.stderr, flush=True)
        launch = bench_launch(5)
    if "edit" in parts:
        print("edit…", file=sys.stderr, flush=True)
        edit = probe("edit", "--n", n_edits, "--res", 300, timeout=600)
        try:
            mpl = bench_matplotlib(n_edits, 300)
        except Exception as exc:  # noqa: BLE001 - reported, the rest goes on
            print(f"  ! matplotlib: {type(exc).__name__}: {exc}", file=sys.stderr)
    if "playback" in parts:
        print("playback…", file=sys.stderr, flush=True)
        playback = [
            probe(
                "playback",
                "--layout",
                layout,
                "--seconds",
                seconds,
                "--speed",
                500,
                "--steps",
                1000,
                timeout=300,
            )
            for layout in ("side_by_side", "contour", "no_3d")
        ]
        bare_argv = [sys.executable, str(Path(PROBE).with_name("_bare_loop.py"))]
        bare = child([*bare_argv, "--seconds", str(seconds), "--steps", "1000"], 300)
    if "memory" in parts:
        print(f"memory ({minutes:g} min)…", file=sys.stderr, flush=True)
        memory = probe(
            "memory",
            "--minutes",
            minutes,
            "--speed",
            200,
            "--steps",
            500,
            timeout=60 * minutes + 300,
            echo=True,
        )
    print(
        f"\nbench_app ({'quick' if args.quick else 'full'}; {os.cpu_count()} cores; "
        f"load {os.getloadavg()[0]:.1f}; {time.perf_counter() - started:.0f} s)"
    )
    if launch or imports:
        if launch:
            print_launch(launch, imports)
        else:
            print(
                f"\n1. imports: Qt set {imports['qt']:.2f} s, matplotlib set {imports['mpl']:.2f} s"
            )
    if "edit" in parts:
        print_edit(edit, mpl)
    if "playback" in parts:
        print_playback(playback, bare)
    if "memory" in parts:
        print_memory(memory)
    failed = (
        ("edit" in parts and edit is None)
        or ("memory" in parts and memory is None)
        or any(p is None for p in playback)
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
