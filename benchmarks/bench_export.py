"""Export benchmarks: our offscreen export against matplotlib, side by side in one run.

    scripts/with-display .venv/bin/python benchmarks/bench_export.py [--quick]

2D — the default race (Rosenbrock; gd, momentum, adam) on a 500² grid, 200 frames (steps
0…199), 800×600 PNG files:
  (a) matplotlib ``FuncAnimation.save`` on its frames-as-PNG route: matplotlib's own
      ``FileMovieWriter`` (the base of its ffmpeg/ImageMagick *file* writers, which savefig
      every frame as PNG) with the final "assemble a movie" call switched off, so the PNG
      frames are the result. Every frame is a full redraw and a Pillow PNG at its default
      compression — what most people get from ``anim.save``;
  (b) an expert matplotlib loop: draw once, ``copy_from_bbox``, then per frame
      ``restore_region`` + ``draw_artist`` of the trails only, and Pillow
      ``compress_level=1``, in one thread;
  (c) ours: ``landscape export``'s pipeline (the app's views, offscreen, two layers; PNG
      encoded by a thread pool while the next frame renders).
  Same picture content (image, contour lines, colour bar, trails, current points, start);
  ours also draws the −∇f and step arrows and the critical point. Then GIF and MP4 of ours:
  seconds and file size.
3D — the surface at 200², 100 frames, 800×600 PNG: ours (OpenGL) against matplotlib
  ``plot_surface`` at full resolution (rstride = cstride = 1, shade off); matplotlib is timed
  on a subset of frames (stated) because each frame takes seconds.
Times are wall clock for the frame loop only (setup excluded for all; ours and the expert
loop: the best of 3 runs, matplotlib's FuncAnimation once); ``cpu`` is the process CPU time
per frame (all threads), a steadier measure on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZE, DPI = (800, 600), 100


class Timer:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def report(name: str, frames: int, t: Timer, ours: float | None = None, note: str = "") -> float:
    fps = frames / t.wall
    ratio = f"{ours / fps:6.1f}×" if ours else "      "
    print(
        f"  {name:44s} {frames:4d} fr {t.wall:7.2f} s {fps:7.1f} fps  "
        f"cpu {1e3 * t.cpu / frames:6.1f} ms/fr  ours/this {ratio} {note}"
    )
    return fps


# -- the race, computed as the app does -----------------------------------------------------
def race_model(resolution: int, steps: int):
    from ui.shell.headless_export import build_model
    from ui.shell.launch import default_session

    session = default_session()
    session.resolution, session.max_steps = resolution, max(steps, session.max_steps)
    return build_model(session)


def best(run, repeats: int) -> Timer:
    """The fastest of ``repeats`` runs (the machine may be shared: others add noise)."""
    return min((run(i) for i in range(repeats)), key=lambda t: t.wall)


def ours(model, out: Path, view: str, last: int, fmt: str = "png") -> Timer:
    from landscape.export.frames import ExportOptions
    from ui.export.job import make_job

    job = make_job(
        model, ExportOptions(out=out, format=fmt, view=view, size=SIZE, last_step=last).check()
    )
    job.frame(0)  # draws the still layer once (as the expert loop's first draw, untimed)
    with Timer() as t:
        job.run()
    job.renderer.close()
    return t


# -- matplotlib, 2D -------------------------------------------------------------------------
def mpl_figure(model):
    """The contour picture in matplotlib: image, contour lines, colour bar, trails."""
    import matplotlib.pyplot as plt

    data, grid = model.landscape, model.landscape.grid
    fig, ax = plt.subplots(figsize=(SIZE[0] / DPI, SIZE[1] / DPI), dpi=DPI)
    extent = (grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1])
    image = ax.imshow(
        grid.normalized(data.scale).T,
        origin="lower",
        extent=extent,
        cmap="viridis",
        aspect="auto",
        interpolation="nearest",
    )
    ax.contour(
        grid.xs,
        grid.ys,
        grid.z.T,
        levels=np.unique(data.levels),
        colors="white",
        linewidths=0.6,
        alpha=0.45,
    )
    fig.colorbar(image, ax=ax, label="f (log spacing)")
    x0, y0 = model.start
    ax.plot([x0], [y0], marker="*", markersize=14, color="white", mec="k")
    runs = []
    for entry in model.visible_runs():
        xs = entry.trajectory.xs
        (trail,) = ax.plot([], [], color=entry.color, lw=2)
        (dot,) = ax.plot([], [], "o", color=entry.color, mec="k", markersize=9)
        runs.append((xs, trail, dot))
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return fig, ax, runs


def set_step(runs, step: int) -> list:
    artists = []
    for xs, trail, dot in runs:
        k = min(step, len(xs) - 1)
        trail.set_data(xs[: k + 1, 0], xs[: k + 1, 1])
        dot.set_data(xs[k : k + 1, 0], xs[k : k + 1, 1])
        artists += [trail, dot]
    return artists


def mpl_funcanimation(model, out: Path, frames: int) -> Timer:
    import matplotlib.animation as animation
    import matplotlib.pyplot as plt

    class PNGFrames(animation.FileMovieWriter):
        """matplotlib's frames-as-PNG writer, keeping the frames instead of calling ffmpeg."""

        supported_formats = ["png"]

        def setup(self, fig, outfile, dpi=None, frame_prefix=None):
            Path(outfile).mkdir(exist_ok=True)
            super().setup(fig, outfile, dpi, frame_prefix=str(Path(outfile) / "frame_"))

        def finish(self):  # the frames are the product: no movie to assemble
            pass

        @classmethod
        def isAvailable(cls):  # noqa: N802 - matplotlib's name
            return True

    fig, _ax, runs = mpl_figure(model)
    anim = animation.FuncAnimation(
        fig, lambda k: set_step(runs, k), frames=frames, blit=False, repeat=False
    )
    with Timer() as t:
        anim.save(str(out), writer=PNGFrames(fps=30), dpi=DPI)
    plt.close(fig)
    return t


def mpl_expert(model, out: Path, frames: int) -> Timer:
    import matplotlib.pyplot as plt
    from PIL import Image

    fig, ax, runs = mpl_figure(model)
    for _xs, trail, dot in runs:
        trail.set_animated(True)
        dot.set_animated(True)
    out.mkdir(exist_ok=True)
    canvas = fig.canvas
    canvas.draw()
    background = canvas.copy_from_bbox(ax.bbox)
    w, h = canvas.get_width_height()
    with Timer() as t:
        for k in range(frames):
            canvas.restore_region(background)
            for artist in set_step(runs, k):
                ax.draw_artist(artist)
            canvas.blit(ax.bbox)
            rgba = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
            rgba.convert("RGB").save(out / f"frame_{k:04d}.png", compress_level=1)
    plt.close(fig)
    return t


# -- matplotlib, 3D -------------------------------------------------------------------------
def mpl_surface(model, out: Path, frames: int, total: int) -> Timer:
    import matplotlib.pyplot as plt
    from matplotlib import colormaps

    data, grid = model.landscape, model.landscape.grid
    z = grid.clipped()
    X, Y = np.meshgrid(grid.xs, grid.ys, indexing="ij")
    colours = colormaps["viridis"](np.nan_to_num(grid.normalized(data.scale)))
    fig = plt.figure(figsize=(SIZE[0] / DPI, SIZE[1] / DPI), dpi=DPI)
    ax = fig.add_subplot(projection="3d")
    ax.plot_surface(
        X,
        Y,
        z,
        rstride=1,
        cstride=1,
        facecolors=colours,
        shade=False,
        antialiased=False,
        linewidth=0,
    )
    lines = []
    for entry in model.visible_runs():
        (line,) = ax.plot([], [], [], color=entry.color, lw=2)
        lines.append((entry.trajectory, line))
    out.mkdir(exist_ok=True)
    with Timer() as t:
        for k in range(0, total, max(1, total // frames))[:frames]:
            for traj, line in lines:
                n = min(k, len(traj.fs) - 1) + 1
                line.set_data_3d(
                    traj.xs[:n, 0], traj.xs[:n, 1], np.clip(traj.fs[:n], *grid.clip_range())
                )
            fig.savefig(out / f"frame_{k:04d}.png", dpi=DPI)
    plt.close(fig)
    return t


# -- the runs -------------------------------------------------------------------------------
def bench_2d(tmp: Path, frames: int, repeats: int) -> None:
    model = race_model(500, frames)
    print(
        f"2D: Rosenbrock race, 3 optimizers, 500² grid, {frames} frames, "
        f"{SIZE[0]}×{SIZE[1]} PNG ({os.cpu_count()} cores)"
    )
    t_ours = best(lambda i: ours(model, tmp / f"ours{i}", "contour", frames - 1), repeats)
    fps = report("(c) ours: landscape export (PNG)", frames, t_ours)
    report(
        "(a) matplotlib FuncAnimation.save (PNG frames)",
        frames,
        mpl_funcanimation(model, tmp / "mpl_anim", frames),
        fps,
    )
    report(
        "(b) matplotlib expert loop (blit, level 1)",
        frames,
        best(lambda i: mpl_expert(model, tmp / f"mpl_fast{i}", frames), repeats),
        fps,
    )
    for fmt in ("gif", "mp4"):
        path = tmp / f"race.{fmt}"
        t = ours(model, path, "contour", frames - 1, fmt)
        report(f"    ours as {fmt.upper()}", frames, t, note=f"{path.stat().st_size / 1e6:.2f} MB")


def bench_3d(tmp: Path, frames: int, mpl_frames: int) -> None:
    from landscape.errors import InputError

    model = race_model(200, frames)
    print(f"3D: surface at 200², {frames} frames, {SIZE[0]}×{SIZE[1]} PNG")
    try:
        t_ours = ours(model, tmp / "ours3d", "surface", frames - 1)
    except InputError as exc:
        print(f"  ours: skipped ({exc.message})")
        return
    fps = report("ours: surface view (OpenGL)", frames, t_ours)
    report(
        "matplotlib plot_surface (full 200²)",
        mpl_frames,
        mpl_surface(model, tmp / "mpl3d", mpl_frames, frames),
        fps,
        note=f"(timed on {mpl_frames} of the {frames} frames)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer frames")
    args = parser.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    from ui.shell.app import create_application

    create_application()
    frames2d, frames3d, mpl3d = (40, 20, 2) if args.quick else (200, 100, 5)
    with tempfile.TemporaryDirectory(prefix="bench_export_") as tmp:
        bench_2d(Path(tmp), frames2d, 1 if args.quick else 3)
        bench_3d(Path(tmp), frames3d, mpl3d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
