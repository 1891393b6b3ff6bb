"""Export: offscreen frames of the app's own views, the three formats, the command line and
File → Export…, driven like a person."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from tests.ui.conftest import subprocess_env

CLI = (
    "import sys; from landscape_cli import COMMANDS, main; "
    "COMMANDS.setdefault('export', 'export'); sys.exit(main(sys.argv[1:]))"
)
SMALL = (320, 240)


@pytest.fixture(scope="module")
def race(qapp):
    """The default race (Rosenbrock; momentum, bfgs, newton), 60 steps, computed as the app
    does."""
    from ui.shell.app import create_application
    from ui.shell.headless_export import build_model
    from ui.shell.launch import default_session

    create_application()
    session = default_session()
    session.max_steps, session.resolution = 60, 120
    return build_model(session)


def options(tmp_path, name: str, **kw):
    from landscape.export.frames import ExportOptions

    return ExportOptions(out=tmp_path / name, **{"size": SMALL, **kw}).check()


def run_cli(tmp_path, *args: str, display: bool = True) -> subprocess.CompletedProcess:
    env = subprocess_env(tmp_path)
    if not display:
        for key in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
            env.pop(key, None)
    return subprocess.run(
        [sys.executable, "-c", CLI, "export", *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        env=env,
    )


def read_png(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


# -- rendering ------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["contour", "contour+loss"])
def test_frames_are_pixel_identical_to_a_full_redraw(race, view):
    from ui.export.renderer import FrameRenderer

    fast, full = FrameRenderer(race, view, SMALL), FrameRenderer(race, view, SMALL, layered=False)
    try:
        for step in (0, 7, 33, 60):
            a, b = fast.render(step), full.render(step)
            assert a.shape == (SMALL[1], SMALL[0] * len(fast.panels), 4)
            assert np.array_equal(a, b), f"step {step}: {(a != b).any(axis=2).sum()} pixels"
    finally:
        fast.close()
        full.close()


def test_default_size_and_frames_move_where_trails_move_only(race):
    from ui.export.renderer import FrameRenderer

    renderer = FrameRenderer(race, "contour")
    try:
        a, b = renderer.render(10), renderer.render(11)
    finally:
        renderer.close()
    assert a.shape == (600, 800, 4) and a.dtype == np.uint8
    assert (a[..., 3] == 255).all()
    assert (a != b).any(axis=2).sum() > 20  # the trails moved
    assert np.array_equal(a[520:560, 600:700], b[520:560, 600:700])  # a far corner did not
    assert len(np.unique(a.reshape(-1, 4)[::7], axis=0)) > 200  # a real picture


def test_an_exported_frame_is_what_the_app_shows_at_that_step(window, qtbot):
    from ui.export.renderer import FrameRenderer, view_state_of

    window.model.set_frame(25)
    qtbot.wait(50)
    plot = window.contour_view.plot
    shown = plot.grab().toImage()
    size = (shown.width(), shown.height())
    renderer = FrameRenderer(window.model, "contour", size, state=view_state_of(window))
    try:
        frame = renderer.render(25)
    finally:
        renderer.close()
    from ui.export.renderer import copy_into

    app_pixels = np.empty_like(frame)
    copy_into(app_pixels, shown)
    assert np.array_equal(frame, app_pixels), (frame != app_pixels).any(axis=2).sum()


# -- formats and determinism ----------------------------------------------------------------
def test_png_export_with_manifest_is_deterministic(race, tmp_path):
    from ui.export.job import make_job

    outs = []
    for name in ("one", "two"):
        job = make_job(race, options(tmp_path, name, steps_per_frame=4, fps=12))
        outs.append(job.run())
        job.renderer.close()
    names = sorted(os.listdir(outs[0]))
    assert names == sorted(os.listdir(outs[1]))
    assert names[-1] == "manifest.json" and len(names) == 16 + 1  # steps 0, 4, …, 60
    for frame in names[:-1]:
        assert np.array_equal(
            read_png(tmp_path / "one" / frame), read_png(tmp_path / "two" / frame)
        )
    info = json.loads((tmp_path / "one" / "manifest.json").read_text())
    assert info["frame_count"] == 16 and info["fps"] == 12 and info["steps_per_frame"] == 4
    assert info["size"] == list(SMALL) and info["frame_steps"][-1] == 60
    assert "100" in info["expression"]
    assert [o["optimizer"] for o in info["optimizers"]] == ["momentum", "bfgs", "newton"]
    momentum = info["optimizers"][0]["hyperparameters"]
    assert momentum["beta"] == 0.97 and 0 < momentum["lr"] < 0.01  # the race's β, lr suggested
    assert read_png(tmp_path / "one" / "frame_0000.png").shape == (SMALL[1], SMALL[0], 3)


def test_gif_and_mp4(race, tmp_path):
    import imageio.v2 as iio

    from ui.export.job import make_job

    for name in ("race.gif", "race.mp4"):
        job = make_job(race, options(tmp_path, name, view="contour+loss", steps_per_frame=6))
        job.run()
        job.renderer.close()
    gif = Image.open(tmp_path / "race.gif")
    assert gif.n_frames == 11 and gif.info["loop"] == 0
    assert gif.size == (2 * SMALL[0], SMALL[1])
    reader = iio.get_reader(tmp_path / "race.mp4", "ffmpeg")
    try:
        assert reader.count_frames() == 11
        assert tuple(reader.get_meta_data()["size"]) == (2 * SMALL[0], SMALL[1])
    finally:
        reader.close()
    assert sorted(os.listdir(tmp_path)) == ["race.gif", "race.mp4"]


# -- command line ---------------------------------------------------------------------------
def test_cli_contour_png_needs_no_display(tmp_path):
    out = run_cli(
        tmp_path,
        "--preset",
        "himmelblau",
        "--optimizers",
        "gd,adam",
        "--steps",
        "30",
        "--steps-per-frame",
        "10",
        "--size",
        "320x240",
        "--out",
        "frames",
        display=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "wrote frames" in out.stdout
    assert "error" not in out.stderr
    info = json.loads((tmp_path / "frames" / "manifest.json").read_text())
    assert info["frame_count"] == len(info["frame_steps"]) == 4
    assert [o["optimizer"] for o in info["optimizers"]] == ["gd", "adam"]
    assert read_png(tmp_path / "frames" / "frame_0003.png").shape == (240, 320, 3)


def test_cli_unwritable_folder_and_bad_input_give_one_error_line(tmp_path):
    (tmp_path / "file").write_text("a regular file, so nothing can go under it")
    for args in (
        ["--out", "file/race.gif"],
        ["--out", "x.gif", "--size", "big"],
        ["--out", "x.gif", "--range", "9:2"],
        ["--out", "x.gif", "--orbit"],
    ):
        out = run_cli(tmp_path, "--steps", "5", *args, display=False)
        assert out.returncode == 2, (args, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, out.stderr)
    assert set(os.listdir(tmp_path)) <= {"file", "settings"}  # no output, no temporary


def test_cli_surface_without_display_fails_at_once_naming_the_fix(tmp_path):
    out = run_cli(tmp_path, "--view", "surface", "--out", "s.gif", display=False)
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and "xvfb-run" in out.stderr
    assert "--view contour" in out.stderr
    assert not (tmp_path / "s.gif").exists()


@pytest.mark.gl
def test_cli_surface_export_under_a_display_is_not_blank(tmp_path):
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        pytest.skip("no display with OpenGL (run under Xvfb: scripts/with-display)")
    out = run_cli(
        tmp_path,
        "--view",
        "surface",
        "--orbit",
        "--steps",
        "40",
        "--range",
        "0:40",
        "--steps-per-frame",
        "20",
        "--size",
        "320x240",
        "--out",
        "s",
    )
    if out.returncode == 2 and "OpenGL" in out.stderr:
        pytest.skip(out.stderr.strip())
    assert out.returncode == 0, out.stderr[-2000:]
    first, last = (
        read_png(tmp_path / "s" / "frame_0000.png"),
        read_png(tmp_path / "s" / "frame_0002.png"),
    )
    assert len(np.unique(first.reshape(-1, 3), axis=0)) > 200
    assert (first != last).any(axis=2).mean() > 0.05  # the camera turned


# -- the dialog -----------------------------------------------------------------------------
def open_from_file_menu(window, qtbot):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    action = next(a for a in file_menu.actions() if a.text().startswith("&Export"))
    action.trigger()
    dialog = window.export_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def choose(dialog, fmt: str, path, first=0, last=None, spf=1) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
    dialog.width_box.setValue(SMALL[0])
    dialog.height_box.setValue(SMALL[1])
    dialog.first_box.setValue(first)
    dialog.last_box.setValue(dialog.last_box.maximum() if last is None else last)
    dialog.spf_box.setValue(spf)
    dialog.path_edit.setText(str(path))


def test_dialog_exports_with_progress_to_the_end(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    dialog = open_from_file_menu(window, qtbot)
    qtbot.waitUntil(
        lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull(),
        timeout=20_000,
    )
    choose(dialog, "gif", tmp_path / "race.gif", 0, 40, spf=4)
    assert "11 frames" in dialog.summary.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None and not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert dialog.progress.value() == dialog.progress.maximum() == 11
    assert "saved" in dialog.status.text()
    assert Image.open(tmp_path / "race.gif").n_frames == 11
    assert os.listdir(tmp_path) == ["race.gif"]


def test_dialog_cancel_mid_way_leaves_nothing(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    dialog = open_from_file_menu(window, qtbot)
    choose(dialog, "png", tmp_path / "frames")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    job = dialog.job
    qtbot.waitUntil(lambda: job.writer.written() >= 3, timeout=30_000)
    assert job.next_frame < job.plan.count  # really mid-way
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.job is None and "cancelled" in dialog.status.text()
    qtbot.wait(100)
    assert os.listdir(tmp_path) == []
    choose(dialog, "csv", tmp_path / "t.csv")  # trajectories alone, straight away
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "t.csv").read_text().startswith("run,optimizer,step")


IN_APP_GL = r"""
import json, os, sys
from PySide6.QtCore import QElapsedTimer
from ui.shell.app import create_application
from ui.shell.launch import default_session
from ui.shell.main_window import MainWindow
from landscape.export.frames import ExportOptions
from ui.export.job import make_job
from ui.export.renderer import view_state_of

def main():
    app = create_application()
    window = MainWindow(default_session(), use_3d=True, autoplay=False, remember=False)
    window.resize(1200, 800)
    window.show()
    sv, clock = window.surface_view, QElapsedTimer()
    clock.start()
    while clock.elapsed() < 60000:
        app.processEvents()
        if "unavailable" in sv.message.text():
            print(json.dumps({"skip": sv.message.text()})); return
        if window.is_ready() and sv.current_landscape is window.model.landscape:
            break
    options = ExportOptions(out=sys.argv[1], view="both", size=(320, 240), last_step=40,
                            steps_per_frame=20).check()
    job = make_job(window.model, options, view_state_of(window))
    job.run()
    job.renderer.close()
    app.processEvents()
    shown = sv.grab_image()  # the app's own 3D view still draws after the export
    colours = {shown.pixel(x, y) for y in range(0, shown.height(), 4)
               for x in range(0, shown.width(), 4)}
    print(json.dumps({"app_colours": len(colours)}))
    window.close()

main()
"""


@pytest.mark.gl
def test_surface_export_from_inside_the_app(tmp_path):
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        pytest.skip("no display with OpenGL (run under Xvfb: scripts/with-display)")
    out = subprocess.run(
        [sys.executable, "-c", IN_APP_GL, str(tmp_path / "both")],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        env=subprocess_env(tmp_path),
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if "skip" in result:
        pytest.skip(result["skip"])
    assert "GLError" not in out.stderr, out.stderr[-3000:]
    assert result["app_colours"] > 40
    frame = read_png(tmp_path / "both" / "frame_0002.png")
    assert frame.shape == (240, 640, 3)
    surface = frame[:, 320:]
    assert len(np.unique(surface.reshape(-1, 3), axis=0)) > 100  # the surface, not blank
