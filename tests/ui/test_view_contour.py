"""The contour view on a bare AppModel: set a field, check what the view holds."""

from __future__ import annotations

import numpy as np
import pytest

from tests.ui.conftest import bowl_landscape, bowl_run


@pytest.fixture
def view(app, qtbot):
    from ui.state.model import AppModel
    from ui.views.contour_view import ContourView

    model = AppModel()
    widget = ContourView(model)
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    return widget


def shown(view) -> tuple[float, float, float, float]:
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    return (x0, x1, y0, y1)


def test_a_landscape_is_shown_whole_until_a_range_is_set(view):
    m = view.model
    m.set_landscape(bowl_landscape((-2.0, 2.0, -1.0, 3.0)))
    assert view.current_landscape is m.landscape
    assert shown(view) == (-2.0, 2.0, -1.0, 3.0)  # grid ends: xs[0], xs[-1], ys[0], ys[-1]
    assert view.image.image.shape == (40, 40)


@pytest.mark.parametrize(
    "wanted", [(-1.0, 1.0, 0.0, 2.0), (-0.125, 0.25, 1.5, 1.75), (-50.0, 50.0, -20.0, 30.0)]
)
def test_the_view_follows_the_model_range(view, wanted):
    m = view.model
    m.set_landscape(bowl_landscape())
    m.set_view_range(wanted)
    assert shown(view) == wanted
    m.set_view_range(None)
    assert shown(view) == (-2.0, 2.0, -1.0, 3.0)


def test_a_new_landscape_resets_the_range_unless_a_session_restores_it(view):
    m = view.model
    m.set_landscape(bowl_landscape())
    m.set_view_range((-1.0, 1.0, 0.0, 2.0))
    m.set_landscape(bowl_landscape((-4.0, 4.0, -4.0, 4.0)))
    assert m.view_range is None and shown(view) == (-4.0, 4.0, -4.0, 4.0)
    m.set_view_range((0.5, 1.5, 0.5, 1.5), restore=True)  # as a loaded session does
    m.set_landscape(bowl_landscape((-3.0, 3.0, -3.0, 3.0)))
    assert m.view_range == (0.5, 1.5, 0.5, 1.5) and shown(view) == (0.5, 1.5, 0.5, 1.5)


def test_a_pan_or_zoom_by_the_person_is_written_back_to_the_model(view, qtbot):
    m = view.model
    m.set_landscape(bowl_landscape())
    changes = []
    m.viewRangeChanged.connect(lambda: changes.append(m.view_range))
    view.view_box.setRange(xRange=(-0.5, 0.5), yRange=(0.0, 1.0), padding=0.0)
    assert m.view_range is None  # a programmatic change is not the person's
    view.view_box.sigRangeChangedManually.emit([True, True])  # what a drag or wheel emits
    assert m.view_range == (-0.5, 0.5, 0.0, 1.0)  # the first change goes at once
    for i in range(5):  # a burst of wheel steps: throttled, the last one arrives
        view.view_box.setRange(xRange=(-0.4 + i / 10, 0.6), yRange=(0.0, 1.0), padding=0.0)
        view.view_box.sigRangeChangedManually.emit([True, True])
    assert len(changes) == 1
    qtbot.waitUntil(lambda: m.view_range == shown(view), timeout=2000)
    assert m.view_range[0] == pytest.approx(0.0) and len(changes) == 2


def test_centre_on_is_an_edit_of_the_model_range(view):
    m = view.model
    m.set_landscape(bowl_landscape())
    view.centre_on(1.0, 1.0)
    assert m.view_range == (-1.0, 3.0, -1.0, 3.0)
    assert shown(view) == m.view_range


def test_start_colours_runs_and_frame(view):
    m = view.model
    m.set_landscape(bowl_landscape())
    m.set_start(1.5, 2.0)
    x, y = view.start_marker.getData()
    assert [list(x), list(y)] == [[1.5], [2.0]]
    import pyqtgraph as pg

    m.set_colormap("magma")
    lut = view.cbar.colorMap().getLookupTable(nPts=8)
    np.testing.assert_array_equal(lut, pg.colormap.get("magma").getLookupTable(nPts=8))
    entry = bowl_run(m)
    assert set(view.layers) == {entry.run_id}
    for frame in (0, 3, 10):
        m.set_frame(frame)
        xs, _ys = view.layers[entry.run_id].trail.getData()
        assert len(xs) == frame + 1
        np.testing.assert_allclose(xs, entry.trajectory.xs[: frame + 1, 0])
    m.remove_run(entry.run_id)
    assert view.layers == {}


def test_the_gradient_field_overlay(view):
    m = view.model
    m.set_landscape(bowl_landscape())
    assert view.field.getData()[0] is None or len(view.field.getData()[0]) == 0
    m.set_overlay("field", True)
    assert len(view.field.getData()[0]) > 0
    m.set_overlays({"field": False})
    assert len(view.field.getData()[0]) == 0


@pytest.mark.parametrize(("train", "labels"), [(False, ("x", "y")), (True, ("slope", "intercept"))])
def test_axes_are_named_after_the_variables(view, train, labels):
    view.model.set_landscape(bowl_landscape(train=train))
    bottom = view.plot_item.getAxis("bottom").labelText
    left = view.plot_item.getAxis("left").labelText
    assert (bottom, left) == labels
