"""A recomputed run that grows while the timeline is past its old end: the loss panel must never
slice an old series with the new run's index (it raised in a slot before), on a bare model and
in the window, in Function mode and in Model mode."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from landscape.objective import CallableObjective
from landscape.optim import run as run_optimizer
from landscape.optim.registry import make_optimizer

BOWL = CallableObjective(lambda p: float(p @ p), lambda p: 2 * p, lambda p: 2 * np.eye(2))


def _trajectory(lr: float):
    return run_optimizer(make_optimizer("gd", lr=lr), BOWL, (1.0, 1.0), max_steps=400)


def test_bare_model_run_grows_past_the_frame(qapp, qtbot):
    from ui.state.model import AppModel
    from ui.views.loss_panel import LossPanel

    model = AppModel()
    panel = LossPanel(model)
    qtbot.addWidget(panel)
    entry = model.add_run("gd", "GD", {"lr": 0.4})
    model.set_trajectory(entry.run_id, _trajectory(0.4))
    short = entry.length()
    model.set_frame(model.last_frame())
    assert panel.shown_length(entry.run_id) == short
    longer = _trajectory(0.01)  # a smaller rate: many more steps
    assert len(longer.xs) > short + 10
    model.set_frame(model.last_frame())
    model.set_trajectory(entry.run_id, longer)  # runUpdated then frameChanged, one call
    model.set_frame(len(longer.xs) - 1)
    assert panel.shown_length(entry.run_id) == len(longer.xs)
    curve = panel.curves[(entry.run_id, "f")]
    assert len(curve.xData) == len(curve.yData) == len(longer.xs)


def test_bare_model_run_shrinks_and_is_removed(qapp, qtbot):
    from ui.state.model import AppModel
    from ui.views.loss_panel import LossPanel

    model = AppModel()
    panel = LossPanel(model)
    qtbot.addWidget(panel)
    a = model.add_run("gd", "GD", {"lr": 0.01})
    b = model.add_run("gd", "GD 2", {"lr": 0.01})
    model.set_trajectory(a.run_id, _trajectory(0.01))
    model.set_trajectory(b.run_id, _trajectory(0.01))
    model.set_frame(model.last_frame())
    model.set_trajectory(a.run_id, _trajectory(0.4))
    assert panel.shown_length(a.run_id) == a.length()
    model.remove_run(b.run_id)
    assert (b.run_id, "f") not in panel.curves
    assert panel.shown_length(a.run_id) == a.length()


def test_function_mode_lower_rate_after_the_race_ended(window, qtbot):
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "x^2 + y^2")
    qtbot.waitUntil(
        lambda: window.is_ready() and window.model.landscape.text == "x^2 + y^2", timeout=60_000
    )
    window.model.set_frame(window.model.last_frame())
    adam = next(r for r in window.model.runs if r.name == "momentum")
    old = adam.trajectory
    box = window.optimizer_panel.card(adam.run_id).form.editors["lr"]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0.0005")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: adam.trajectory is not old and window.is_ready(), timeout=60_000)
    window.model.set_frame(window.model.last_frame())
    assert window.loss_panel.shown_length(adam.run_id) == adam.index_at(window.model.frame) + 1


def test_model_mode_switch_to_a_longer_race_past_the_end(window, qtbot):
    from tests.ui.test_model_mode import choose, enter_model_mode, wait_model

    enter_model_mode(window, qtbot)
    bar = window.model_mode.bar
    choose(qtbot, bar.model_combo, "linreg")
    wait_model(window, qtbot, "linreg")
    window.model.set_frame(window.model.last_frame())
    choose(qtbot, bar.model_combo, "logreg")
    choose(qtbot, bar.data_combo, "blobs")
    wait_model(window, qtbot, "logreg", "blobs")
    window.model.set_frame(window.model.last_frame())
    for entry in window.model.visible_runs():
        assert (
            window.loss_panel.shown_length(entry.run_id) == entry.index_at(window.model.frame) + 1
        )
    window.model_mode.sweep_panel.shutdown()
