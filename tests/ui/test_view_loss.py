"""The loss panel on a bare AppModel: log axes, curves growing with the frame, model labels."""

from __future__ import annotations

import pytest

from tests.ui.conftest import bowl_landscape, bowl_run


@pytest.fixture
def panel(app, qtbot):
    from ui.state.model import AppModel
    from ui.views.loss_panel import LossPanel

    model = AppModel()
    model.set_landscape(bowl_landscape())
    widget = LossPanel(model)
    qtbot.addWidget(widget)
    widget.resize(600, 250)
    widget.show()
    return widget


@pytest.mark.parametrize("on", [False, True])
def test_the_log_axes_are_the_models(panel, on):
    m = panel.model
    bowl_run(m)
    m.set_loss_log(not on)
    m.set_loss_log(on)
    assert panel.log_box.isChecked() is on
    assert panel._log == {"f": on, "g": on}  # x² + 3y² ≥ 0: its log plot needs no shift
    assert panel.g_plot.getViewBox().state["logMode"][1] is on


def test_ticking_the_box_writes_the_model(panel):
    m = panel.model
    seen = []
    m.lossLogChanged.connect(seen.append)
    panel.log_box.setChecked(False)
    assert m.loss_log is False and seen == [False]
    panel.log_box.setChecked(False)
    assert seen == [False]  # no change, no signal


@pytest.mark.parametrize("frame", [0, 5, 30])
def test_curves_grow_with_the_frame(panel, frame):
    m = panel.model
    entry = bowl_run(m)
    m.set_frame(frame)
    assert panel.shown_length(entry.run_id) == min(frame, entry.length() - 1) + 1


@pytest.mark.parametrize(("train", "label"), [(False, "‖∇f‖"), (True, "‖∇loss‖")])
def test_a_models_loss_is_named_loss(panel, train, label):
    m = panel.model
    m.set_landscape(bowl_landscape(train=train))
    panel.rebuild()
    assert panel.g_plot.getAxis("left").labelText == label
