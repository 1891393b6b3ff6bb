"""The optimizer panel on a bare AppModel: start, step limit and cards follow the model."""

from __future__ import annotations

import pytest

from tests.ui.conftest import bowl_landscape


@pytest.fixture
def panel(app, qtbot):
    from ui.panels.optimizer_panel import OptimizerPanel
    from ui.state.controller import Controller
    from ui.state.model import AppModel

    model = AppModel()
    controller = Controller(model)
    widget = OptimizerPanel(model, controller)
    widget.set_specs(list(controller.specs().values()))
    qtbot.addWidget(widget)
    yield widget
    controller.shutdown()


@pytest.mark.parametrize("steps", [1, 77, 100_000])
def test_the_step_limit_is_the_models(panel, steps):
    panel.model.set_max_steps(steps)
    assert panel.max_steps.value() == steps


@pytest.mark.parametrize("start", [(0.5, -0.25), (-1.5, 2.0)])
def test_the_start_is_the_models(panel, start):
    panel.model.set_start(*start)
    assert (panel.start_x.value(), panel.start_y.value()) == start


def test_cards_follow_the_runs_and_edits_reach_the_model(panel, qtbot):
    m = panel.model
    m.set_landscape(bowl_landscape())
    entry = panel.controller.add_run("adam", {"lr": 0.05}, "#32d2ff", compute=False)
    assert set(panel.cards) == {entry.run_id}
    panel.max_steps.setValue(40)  # an edit goes through the controller into the model
    assert m.max_steps == 40
    panel.card(entry.run_id).changed.emit(entry.run_id, {"visible": False})
    assert m.run(entry.run_id).visible is False
    m.remove_run(entry.run_id)
    qtbot.waitUntil(lambda: panel.cards == {}, timeout=2000)
