"""An exported frame equals the view it came from, zoomed, turned or with linear axes: the
renderer reproduces the view from the model's fields (view range, camera, log axes) alone.

2D panels are compared pixel for pixel (tolerance: none). The 3D surface is compared in a
subprocess (an OpenGL driver crash cannot take the suite down) with a stated tolerance:
at most 1% of the pixels may differ by more than 24 levels in any channel (two GL widgets
rasterise the same scene; software GL may differ at a few antialiased edges).
"""

from __future__ import annotations

import json
import os
import subprocess

import numpy as np
import pytest

from tests.ui.conftest import ROOT, python_with_app, subprocess_env


def _pixels(image, like: np.ndarray) -> np.ndarray:
    from ui.export.renderer import copy_into

    out = np.empty_like(like)
    copy_into(out, image)
    return out


@pytest.mark.parametrize("view_range", [None, (-1.0, 0.5, 0.0, 2.0), (-0.2, 0.2, 0.9, 1.1)])
def test_an_exported_contour_frame_is_the_zoomed_view(window, qtbot, view_range):
    from ui.export.renderer import FrameRenderer

    window.model.set_view_range(view_range)
    qtbot.waitUntil(window.is_ready, timeout=30_000)  # the zoom resampled
    window.model.set_frame(20)
    qtbot.wait(50)
    shown = window.contour_view.plot.grab().toImage()
    size = (shown.width(), shown.height())
    renderer = FrameRenderer(window.model, "contour", size)  # no ViewState: the model's
    try:
        frame = renderer.render(20)
    finally:
        renderer.close()
    app_pixels = _pixels(shown, frame)
    assert np.array_equal(frame, app_pixels), (frame != app_pixels).any(axis=2).sum()


@pytest.mark.parametrize("log", [True, False])
def test_an_exported_loss_panel_is_the_panel_with_its_log_axes(window, qtbot, log):
    from ui.export.renderer import FrameRenderer

    window.model.set_loss_log(log)
    window.model.set_frame(30)
    qtbot.wait(50)
    panel = window.loss_panel
    panel.shown_length(window.model.runs[0].run_id)  # draw what is waiting
    shown = panel.graphics.grab().toImage()
    size = (shown.width(), shown.height())
    renderer = FrameRenderer(window.model, "contour+loss", size)
    try:
        assert renderer.loss._log["g"] is log
        frame = renderer.render(30)[:, size[0] :]  # the loss half
    finally:
        renderer.close()
    app_pixels = _pixels(shown, frame)
    assert np.array_equal(frame, app_pixels), (frame != app_pixels).any(axis=2).sum()


GL_COMPARE = r"""
import json, os, sys
import numpy as np
from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QPoint
from PySide6.QtGui import QWheelEvent
from ui.shell.app import create_application
from ui.shell.launch import default_session
from ui.shell.main_window import MainWindow
from landscape.session import Camera
from ui.export.renderer import FrameRenderer, copy_into

def main():
    app = create_application()
    window = MainWindow(default_session(), use_3d=True, autoplay=False, remember=False)
    window.resize(1200, 800)
    window.show()
    sv, clock = window.surface_view, QElapsedTimer()
    clock.start()
    while clock.elapsed() < 120000:
        app.processEvents()
        if "unavailable" in sv.message.text():
            print(json.dumps({"skip": sv.message.text()})); return
        if window.is_ready() and sv.current_landscape is window.model.landscape:
            break
    out = {}
    wanted = Camera(distance=4.0, elevation=35.0, azimuth=20.0, fov=60.0, center=(0.0, 0.0, 0.3))
    window.model.set_camera(wanted)
    got = sv.camera()  # the centre is held in single precision by the GL view
    out["followed"] = bool(np.allclose(
        [got.distance, got.elevation, got.azimuth, got.fov, *got.center],
        [wanted.distance, wanted.elevation, wanted.azimuth, wanted.fov, *wanted.center],
        atol=1e-6))
    # a wheel step on the GL view: the model takes the new camera (after the view zoomed)
    pos = QPointF(sv.gl.width() / 2, sv.gl.height() / 2)
    wheel = QWheelEvent(pos, sv.gl.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    app.sendEvent(sv.gl, wheel)
    for _ in range(30):
        app.processEvents()
    window.capture_session()
    out["zoomed"] = window.model.camera.distance < wanted.distance
    out["written"] = window.model.camera == sv.camera()
    window.model.set_frame(25)
    for _ in range(20):
        app.processEvents()
    shown = sv.grab_image()
    size = (shown.width(), shown.height())
    renderer = FrameRenderer(window.model, "surface", size)
    frame = renderer.render(25, channels=3)
    renderer.close()
    mine = np.empty_like(frame)
    copy_into(mine, shown)
    diff = np.abs(frame.astype(int) - mine.astype(int)).max(axis=2)
    out["share"] = float((diff > 24).mean())
    out["size"] = list(size)
    print(json.dumps(out))
    window.close()

main()
"""


@pytest.mark.gl
def test_the_surface_follows_the_models_camera_and_exports_as_shown(tmp_path):
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        pytest.skip("no display with OpenGL (run under Xvfb: scripts/with-display)")
    run = subprocess.run(
        python_with_app(GL_COMPARE),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=subprocess_env(tmp_path),
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    if "skip" in result:
        pytest.skip(result["skip"])
    assert result["followed"] and result["zoomed"] and result["written"], result
    assert result["share"] <= 0.01, result
