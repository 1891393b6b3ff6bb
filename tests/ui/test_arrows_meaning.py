"""Arrows that mean something, driven as a person would: −∇f's length follows ‖∇f‖ (and the
view), it vanishes once the run is within its tolerance, "unit direction" and "log length" are
chosen in the toolbar or the View menu, every arrow is in its run's colour, and the key and
the tooltips explain each kind."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from landscape.session import RunConfig, Session
from tests.ui.conftest import make_window
from ui.views.arrow_key import ARROW_HELP
from ui.views.arrows import GRADIENT_SHARE

GTOL = 1e-6


@pytest.fixture
def bowl(app, qtbot):
    session = Session(
        text="x^2 + 3*y^2",
        domain=(-2.0, 2.0, -1.0, 3.0),
        resolution=60,
        color_scale="linear",
        start=(1.5, 2.0),
        max_steps=400,
        layout="contour",
        runs=[RunConfig("gd", {"lr": 0.1}, "#ff453a"), RunConfig("momentum", {"lr": 0.05})],
    )
    window = make_window(qtbot, session)
    yield window
    window.controller.shutdown()


def shown(window, run, kind="gradient"):
    """The vector the map draws for ``run`` (data units), None when none is drawn."""
    layer = window.contour_view.layers[run.run_id]
    return layer.shown_vectors.get(kind)


def span(window) -> float:
    (x0, x1), (y0, y1) = window.contour_view.view_box.viewRange()
    return min(x1 - x0, y1 - y0)


def test_the_gradient_arrow_is_as_long_as_the_gradient_is_steep(bowl):
    gd = bowl.model.runs[0]
    norms = gd.trajectory.grad_norms
    assert gd.trajectory.status == "converged" and norms[-1] <= GTOL
    bowl.model.set_frame(0)
    start = np.hypot(*shown(bowl, gd))
    assert start == pytest.approx(GRADIENT_SHARE * span(bowl))
    for frame in (1, 3, 8, 15):
        bowl.model.set_frame(frame)
        drawn = shown(bowl, gd)
        assert np.hypot(*drawn) == pytest.approx(start * norms[frame] / norms[0], rel=1e-9)
        g = gd.trajectory.steps[frame].grad
        assert np.allclose(drawn / np.hypot(*drawn), -g / np.hypot(*g))  # along −∇f


def test_a_converged_run_sprouts_no_gradient_arrow(bowl):
    gd = bowl.model.runs[0]
    last = gd.length() - 1
    first_below = int(np.argmax(gd.trajectory.grad_norms <= GTOL))
    bowl.model.set_frame(first_below - 1)
    assert shown(bowl, gd) is not None
    bowl.model.set_frame(last)
    assert shown(bowl, gd) is None
    xs, _ = bowl.contour_view.layers[gd.run_id].vectors["gradient"].getData()
    assert xs is None or len(xs) == 0  # nothing left on screen
    bowl.actions["arrows:unit"].trigger()  # not even as a direction
    assert shown(bowl, gd) is None


def test_unit_direction_chosen_in_the_toolbar(bowl, qtbot):
    gd = bowl.model.runs[0]
    bowl.model.set_frame(12)
    scaled = np.hypot(*shown(bowl, gd))
    combo = bowl.arrow_length_combo
    assert combo.currentData() == "scaled"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # scaled → log length
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # → unit direction
    assert bowl.model.arrow_length == "unit" and bowl.actions["arrows:unit"].isChecked()
    unit = np.hypot(*shown(bowl, gd))
    assert unit == pytest.approx(GRADIENT_SHARE * span(bowl)) and unit > 5 * scaled
    bowl.model.set_frame(20)
    assert np.hypot(*shown(bowl, gd)) == pytest.approx(unit)  # every point alike


def test_log_length_from_the_view_menu(bowl):
    gd = bowl.model.runs[0]
    bowl.actions["arrows:log"].trigger()
    assert bowl.arrow_length_combo.currentData() == "log"
    norms = gd.trajectory.grad_norms
    bowl.model.set_frame(30)
    expected = GRADIENT_SHARE * np.log(norms[30] / GTOL) / np.log(norms[0] / GTOL)
    assert np.hypot(*shown(bowl, gd)) == pytest.approx(expected * span(bowl))


def test_zooming_in_keeps_the_arrow_a_share_of_the_view(bowl, qtbot):
    gd = bowl.model.runs[0]
    bowl.model.set_frame(4)
    before = np.hypot(*shown(bowl, gd)) / span(bowl)
    bowl.model.set_view_range((0.0, 2.0, 0.0, 2.0))
    qtbot.waitUntil(lambda: span(bowl) == pytest.approx(2.0, rel=0.05))
    assert np.hypot(*shown(bowl, gd)) / span(bowl) == pytest.approx(before)


def test_every_arrow_is_in_its_runs_colour(bowl):
    bowl.model.set_overlay("velocity", True)
    bowl.model.set_frame(3)
    for entry in bowl.model.runs:
        layer = bowl.contour_view.layers[entry.run_id]
        for kind, item in layer.vectors.items():
            assert item.opts["pen"].color().name() == entry.color.lower(), kind
    momentum = bowl.model.runs[1]
    assert shown(bowl, momentum, "velocity") is not None


def test_the_key_and_the_tooltips_explain_each_kind(bowl, qtbot):
    from ui.state.model import VECTOR_KINDS, VECTOR_LABELS

    for kind in VECTOR_KINDS:
        tip = bowl.actions[f"overlay:{kind}"].toolTip()
        assert tip == ARROW_HELP[kind]
        assert len(tip) > 3 * len(VECTOR_LABELS[kind]) + 40  # explains, not the label again
        assert not bowl.actions[f"overlay:{kind}"].icon().isNull()
    assert "steepest descent" in ARROW_HELP["gradient"] and "gtol" in ARROW_HELP["gradient"]
    button = bowl.arrow_key_button
    assert button.isVisible() and button.text() == "Key"
    key = bowl.arrow_key
    assert set(key.rows) == set(VECTOR_KINDS)
    assert all(key.rows[kind].text() == ARROW_HELP[kind] for kind in VECTOR_KINDS)
    popup = button.menu()  # what a click on Key opens (exec'd there; shown here, not modal)
    popup.popup(button.mapToGlobal(button.rect().bottomLeft()))
    qtbot.waitUntil(key.isVisible)
    assert key.width() > 300
    popup.close()
