"""Widgets on their own: the hyperparameter form, the worker hub, the inspector, the loss panel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QPoint, Qt


def specs(name):
    from landscape.optim import get_spec

    return get_spec(name).params


def test_form_is_generated_from_the_specs(app, qtbot):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox

    from ui.panels.hyper_form import HyperForm, LogSlider

    form = HyperForm(specs("adam"), {"lr": 0.01})
    qtbot.addWidget(form)
    assert isinstance(form.editors["amsgrad"], QCheckBox)
    assert isinstance(form.editors["schedule"], QComboBox)
    assert isinstance(form.editors["decay_steps"], QSpinBox)
    assert isinstance(form._sliders["lr"], LogSlider)
    assert "gtol" not in form.editors  # shared tolerances stay out of the way
    assert form.values()["lr"] == 0.01
    assert "learning" in form.editors["lr"].parent().toolTip().lower() or form.rows["lr"].toolTip()
    with qtbot.waitSignal(form.valuesChanged) as blocker:
        form.editors["amsgrad"].setChecked(True)
    assert blocker.args[0] == {"lr": 0.01, "amsgrad": True}


@pytest.mark.parametrize("name", ["gd", "adam", "sgd", "lbfgs"])
def test_each_setting_s_name_carries_its_explanation(app, qtbot, name):
    """Hovering a setting's name says what it is and what is allowed, as its editor does."""
    from ui.panels.hyper_form import HyperForm

    form = HyperForm(specs(name), {})
    qtbot.addWidget(form)
    assert form.labels and set(form.labels) == set(form.rows)
    for key, label in form.labels.items():
        spec = form.specs[key]
        assert label.text() == key
        assert label.toolTip() == form.rows[key].toolTip()
        assert spec.doc in label.toolTip() and "allowed:" in label.toolTip()


def test_log_slider_moves_the_value_on_a_log_scale(app, qtbot):
    from ui.panels.hyper_form import HyperForm

    form = HyperForm(specs("gd"), {})
    qtbot.addWidget(form)
    slider = form._sliders["lr"]
    slider.setValue(0)
    low = form.values()["lr"]
    slider.setValue(slider.maximum())
    high = form.values()["lr"]
    slider.setValue(slider.maximum() // 2)
    middle = form.values()["lr"]
    assert low < middle < high
    assert abs((middle / low) - (high / middle)) / (high / middle) < 0.2  # geometric middle


def test_decay_rows_show_only_with_a_schedule(app, qtbot):
    from ui.panels.hyper_form import HyperForm

    form = HyperForm(specs("gd"), {})
    qtbot.addWidget(form)
    form.show()
    assert not form.rows["decay_rate"].isVisible()
    form.set_value("schedule", "exponential")
    assert form.rows["decay_rate"].isVisible()


def test_worker_hub_drops_stale_results(app, qtbot):
    from ui.state.workers import WorkerHub

    hub = WorkerHub(threads=2)
    results = []
    hub.finished.connect(lambda channel, result: results.append((channel, result)))
    gate = threading.Event()

    def slow(cancelled):
        gate.wait(5)
        return "old"

    hub.submit("landscape", slow)
    hub.submit("landscape", lambda cancelled: "new")
    qtbot.waitUntil(lambda: len(results) > 0, timeout=5_000)
    gate.set()
    hub.wait(5_000)
    time.sleep(0.05)
    qtbot.wait(50)
    assert results == [("landscape", "new")]


def test_worker_hub_cancels_the_superseded_job(app, qtbot):
    from ui.state.workers import WorkerHub

    hub = WorkerHub(threads=2)
    seen = threading.Event()

    def watch(cancelled):
        deadline = time.monotonic() + 5
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.set()
        return None

    hub.submit("run:1", watch)
    hub.submit("run:1", lambda cancelled: 1)
    assert seen.wait(2)
    hub.wait(5_000)


def test_inspector_shows_formulas_values_and_critical_points(window, qtbot):
    window.docks["inspector"].raise_()
    inspector = window.inspector
    qtbot.waitUntil(lambda: inspector.parts["grad"].symbol.typeset(), timeout=30_000)
    assert "∂²f/∂x∂y" in window.model.formulas
    qtbot.waitUntil(lambda: inspector.table.row_count() >= 1, timeout=30_000)
    assert inspector.table.cell_text(0, 0) == "minimum"
    window.model.set_frame(10)
    qtbot.waitUntil(lambda: "_{10}" in (inspector.point_label.latex or ""), timeout=10_000)
    assert len(window.contour_view.critical.data) >= 1
    # clicking a critical point centres the map on it
    window.contour_view.view_box.setRange(xRange=(-2, -1), yRange=(-1, 0), padding=0)
    rect = inspector.table.cell_rect(0, 1)
    qtbot.mouseClick(inspector.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (x0, x1), (y0, y1) = window.contour_view.view_box.viewRange()
    assert abs((x0 + x1) / 2 - 1.0) < 1e-6 and abs((y0 + y1) / 2 - 1.0) < 1e-6


def test_hover_shows_values_in_the_status_bar(window, qtbot):
    view = window.contour_view
    pos = view.map_to_widget(1.0, 1.0)
    qtbot.mouseMove(view.plot.viewport(), pos)
    qtbot.waitUntil(lambda: "f = " in window.hover_label.text(), timeout=5_000)
    assert "∇f" in window.hover_label.text()


def test_loss_panel_log_and_hover(window, qtbot):
    panel = window.loss_panel
    gd = window.model.runs[0]
    window.model.set_frame(30)
    assert panel.shown_length(gd.run_id) == 31
    assert panel.f_plot.getAxis("left").logMode
    panel.log_box.setChecked(False)
    assert not panel.f_plot.getAxis("left").logMode
    assert panel.shown_length(gd.run_id) == 31
    text = panel.values_text(5)
    assert "step 5" in text and "Newton" in text
    scene = panel.f_plot.vb.mapViewToScene(panel.f_plot.vb.viewRect().center())
    qtbot.mouseMove(panel.graphics.viewport(), panel.graphics.mapFromScene(scene))
    qtbot.waitUntil(lambda: panel.readout.text().startswith("step"), timeout=5_000)
    assert QPoint  # keep the import for mouse helpers
