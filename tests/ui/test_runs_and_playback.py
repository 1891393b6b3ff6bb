"""Start point, playback, hyperparameters, vectors and the loss panel, driven like a person."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt


def run_ids(window) -> list[int]:
    return [r.run_id for r in window.model.runs]


def test_default_is_rosenbrock_with_three_runs(window):
    assert "100" in window.model.landscape.text
    names = [r.name for r in window.model.runs]
    assert names == ["momentum", "bfgs", "newton"]  # the preset's recommended race
    assert len({r.color for r in window.model.runs}) == 3
    assert window.model.start == (-1.2, 1.0)


def test_click_on_the_map_moves_the_start(window, qtbot):
    view = window.contour_view
    pos = view.map_to_widget(0.5, -0.5)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: abs(window.model.start[0] - 0.5) < 0.05, timeout=5_000)
    assert abs(window.model.start[1] + 0.5) < 0.05
    marker = view.start_marker.getData()
    assert abs(marker[0][0] - window.model.start[0]) < 1e-12
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    for entry in window.model.runs:
        assert np.allclose(entry.trajectory.xs[0], window.model.start)
    panel = window.optimizer_panel
    assert abs(panel.start_x.value() - window.model.start[0]) < 1e-3


def test_typed_start_and_random_start(window, qtbot):
    panel = window.optimizer_panel
    panel.start_x.lineEdit().selectAll()
    qtbot.keyClicks(panel.start_x.lineEdit(), "1.5")
    qtbot.keyClick(panel.start_x.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.start[0] == 1.5, timeout=5_000)
    qtbot.mouseClick(panel.random_button, Qt.MouseButton.LeftButton)
    d = window.model.landscape.domain
    assert d.contains(window.model.start)


def test_play_grows_every_view_then_step_back(window, qtbot):
    gd = run_ids(window)[0]
    layer = window.contour_view.layers[gd]
    assert len(layer.shown_points) == 1
    qtbot.mouseClick(window.playback.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.frame > 15, timeout=10_000)
    qtbot.mouseClick(window.playback.play_button, Qt.MouseButton.LeftButton)  # pause
    frame = window.model.frame
    assert not window.playback.is_playing()
    for run_id in run_ids(window):
        assert len(window.contour_view.layers[run_id].shown_points) == frame + 1
        assert window.loss_panel.shown_length(run_id) == frame + 1
    assert window.loss_panel.cursors[0].value() == frame
    assert window.playback.slider.value() == frame
    qtbot.mouseClick(window.playback.back_button, Qt.MouseButton.LeftButton)
    assert window.model.frame == frame - 1
    assert len(layer.shown_points) == frame
    assert window.loss_panel.shown_length(gd) == frame


def test_keyboard_shortcuts(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.contour_view.plot.setFocus()
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Right)
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Right)
    assert window.model.frame == 2
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Left)
    assert window.model.frame == 1
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Space)
    assert window.playback.is_playing()
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Space)
    assert not window.playback.is_playing()
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Home)
    assert window.model.frame == 0


def test_timeline_slider_moves_the_frame(window, qtbot):
    window.playback.slider.setValue(40)
    assert window.model.frame == 40
    assert "40" in window.playback.step_label.text()


def test_changing_a_learning_rate_recomputes_that_run_only(window, qtbot):
    momentum, bfgs, newton = (window.model.run(i) for i in run_ids(window))
    others = (bfgs.trajectory, newton.trajectory)
    old = momentum.trajectory
    box = window.optimizer_panel.card(momentum.run_id).form.editors["lr"]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0.0005")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: momentum.trajectory is not None and momentum.trajectory is not old, timeout=30_000
    )
    assert momentum.hyper["lr"] == 0.0005
    assert momentum.trajectory.hyperparameters["lr"] == 0.0005
    assert (bfgs.trajectory, newton.trajectory) == others
    assert momentum.edited == {"lr"}


def test_add_the_same_optimizer_twice_and_remove(window, qtbot):
    panel = window.optimizer_panel
    panel.add_combo.setCurrentIndex(panel.add_combo.findData("adam"))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in window.model.runs].count("adam") == 2
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    new = window.model.runs[-1]
    assert new.trajectory is not None and new.run_id in window.contour_view.layers
    qtbot.mouseClick(panel.card(new.run_id).remove_button, Qt.MouseButton.LeftButton)
    assert new.run_id not in window.contour_view.layers
    assert new.run_id not in panel.cards


def test_hiding_a_run_hides_it_everywhere(window, qtbot):
    gd = window.model.runs[0]
    window.model.set_frame(10)
    card = window.optimizer_panel.card(gd.run_id)
    box = card.visible_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not gd.visible
    assert len(window.contour_view.layers[gd.run_id].shown_points) == 0
    assert window.loss_panel.shown_length(gd.run_id) == 0


def test_vector_toggles(window, qtbot):
    momentum = next(r for r in window.model.runs if r.name == "momentum")
    window.model.set_frame(5)
    layer = window.contour_view.layers[momentum.run_id]
    assert {"gradient", "step"} <= set(layer.shown_vectors)
    assert "velocity" not in layer.shown_vectors
    window.actions["overlay:velocity"].trigger()
    assert "velocity" in layer.shown_vectors
    window.actions["overlay:gradient"].trigger()
    assert "gradient" not in layer.shown_vectors
    window.actions["overlay:field"].trigger()
    assert len(window.contour_view.field.getData()[0]) > 100


def test_newton_step_and_line_search_trials(app, qtbot):
    from landscape.session import RunConfig, Session
    from tests.ui.conftest import make_window

    session = Session(
        text="x^2 - y^2",
        domain=(-2, 2, -2, 2),
        start=(-1.8, 0.05),
        runs=[RunConfig("newton"), RunConfig("bfgs", color="#32d2ff")],
    )
    window = make_window(qtbot, session)
    window.model.set_overlay("newton", True)
    window.model.set_overlay("trials", True)
    newton = window.contour_view.layers[window.model.runs[0].run_id]
    assert "newton" in newton.shown_vectors
    assert "trials" in newton.shown_vectors
    window.controller.shutdown()


def test_run_that_ends_early_reports_its_status(window, qtbot):
    from landscape.session import RunConfig, Session

    session = Session(
        text="x^2 + y^2",
        domain=(-3, 3, -3, 3),
        start=(2.0, 2.0),
        runs=[RunConfig("newton"), RunConfig("gd", color="#32d2ff")],
    )
    window.apply_session(session)
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    newton = window.model.runs[0]
    assert newton.trajectory.status == "converged"
    end = newton.length() - 1
    window.model.set_frame(end + 3)
    card = window.optimizer_panel.card(newton.run_id)
    assert "converged" in card.status.text()
    assert "stopped" in window.statusBar().currentMessage()
    assert len(window.contour_view.layers[newton.run_id].shown_points) == end + 1
