"""Critical points on the map and in the inspector: a curve of critical points is drawn as a
curve (white over a dark halo, as the markers) and listed in words beside the points."""

from __future__ import annotations

import numpy as np


def test_a_circle_of_minima_is_drawn_and_listed(window, qtbot):

    window.controller.request_landscape("(x^2+y^2-1)^2", (-2, 2, -2, 2), 80, "linear")
    model = window.model
    qtbot.waitUntil(lambda: bool(model.critical_sets), timeout=60_000)
    (s,) = model.critical_sets
    assert s.description == "a circle of minima x² + y² = 1"
    assert [(p.point, p.kind) for p in model.critical_points] == [((0.0, 0.0), "maximum")]
    view = window.contour_view
    xs, ys = view.critical_curves.getData()
    finite = np.isfinite(xs)
    assert finite.sum() >= 50
    np.testing.assert_allclose(np.hypot(xs[finite], ys[finite]), 1.0, atol=1e-9)
    assert view.critical_halo.getData()[0].size == xs.size
    assert len(view.critical.data) == 1 and "circle of minima" in view.critical_curves.toolTip()
    table = window.inspector.table
    assert table.row_count() == 2
    assert table.cell_text(0, 0) == "maximum"
    assert table.cell_text(1, 0) == "a circle of minima x² + y² = 1"
    assert window.inspector.critical_label.text() == (
        "critical points: 1 critical point (1 maximum) and 1 set of non-isolated critical "
        "points; found by the exact solve"
    )


def test_a_new_landscape_clears_the_curves(window, qtbot):
    from landscape.critical import CriticalResult

    window.model.set_critical_points(CriticalResult.of_points([]))
    xs, _ = window.contour_view.critical_curves.getData()
    assert xs is None or len(xs) == 0
    assert window.inspector.table.row_count() == 0
