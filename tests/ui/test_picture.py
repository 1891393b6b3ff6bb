"""A readable picture for every function (issue 11, points 2 and 3), driven as a person would.

The colour scale "auto" and what the picker says it chose; colour-bar labels drawn, distinct
and readable; a typed function gets a fitted domain unless the person typed one; zoom and pan
resample the landscape and "Reset view" (button or double-click) brings the domain back.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

from landscape.scale import MINUS

READABLE = set("0123456789.e-" + MINUS)


def _number(label: str) -> float:
    return float(label.replace(MINUS, "-"))


def _type_function(qtbot, window, text: str) -> None:
    edit = window.function_bar.text_edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.model.landscape is not None and window.model.landscape.text == text,
        timeout=60_000,
    )
    qtbot.waitUntil(window.is_ready, timeout=60_000)


def _readable(labels: list[str]) -> None:
    assert len(labels) >= 2, labels
    assert len(set(labels)) == len(labels), labels  # no repeated label
    assert all(set(label) <= READABLE and len(label) <= 6 for label in labels), labels
    values = [_number(label) for label in labels]
    assert values == sorted(values)  # read bottom to top


def test_auto_is_the_default_and_the_picker_says_what_it_chose(window, qtbot):
    m, bar = window.model, window.function_bar
    assert m.scale == "auto" and m.landscape.scale == "log"  # Rosenbrock: a narrow valley
    assert bar.scale_combo.currentData() == "auto"
    assert bar.scale_combo.currentText() == "auto (log)"
    _type_function(qtbot, window, "sin(x)cos(y)")
    assert m.scale == "auto" and m.landscape.scale == "linear"  # it changes sign
    assert bar.scale_combo.currentText() == "auto (linear)"
    labels = window.contour_view.color_bar_labels()
    _readable(labels)
    assert labels == [label for _, label in m.landscape.color_ticks]  # every tick drawn
    assert any(_number(label) < 0 for label in labels) and "0" in labels


def test_choosing_log_by_hand_is_kept_and_shown(window, qtbot):
    bar, m = window.function_bar, window.model
    bar.scale_combo.setCurrentIndex(bar.scale_combo.findData("linear"))
    qtbot.waitUntil(lambda: m.scale == "linear" and m.landscape.scale == "linear", timeout=30_000)
    assert bar.scale_combo.currentText() == "linear"
    _readable(window.contour_view.color_bar_labels())


# -- the colour bar on a bare model ---------------------------------------------------------------
@pytest.fixture
def view(app, qtbot):
    from ui.state.model import AppModel
    from ui.views.contour_view import ContourView

    widget = ContourView(AppModel())
    qtbot.addWidget(widget)
    widget.resize(520, 360)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _landscape(text: str, domain, scale: str):
    from landscape.grid import Domain
    from ui.state import jobs

    return jobs.build_landscape(text, Domain(*domain), 80, scale, None, lambda: False)


#: (function, domain, asked scale, scale drawn, a label the bar must show)
BARS = [
    ("exp(x^2 + y^2)", (-3, 3, -3, 3), "auto", "log", "1e4"),
    ("(1 - x)^2 + 100(y - x^2)^2", (-2, 2, -1, 3), "auto", "log", "100"),
    ("sin(x)cos(y)", (-3, 3, -3, 3), "auto", "linear", "0"),
    ("sin(x)cos(y)", (-3, 3, -3, 3), "log", "log", None),
    ("x^2 + 3y^2", (-2, 2, -1, 3), "auto", "linear", None),
    ("1e6 (x^2 + y^2) + 3e6", (-2, 2, -2, 2), "linear", "linear", "1e7"),
    ("1e-4 (x^2 - y^2)", (-1, 1, -1, 1), "auto", "linear", "0"),
]


@pytest.mark.parametrize("text, domain, asked, drawn, shows", BARS)
def test_every_colour_bar_label_is_drawn_and_readable(
    view, qtbot, text, domain, asked, drawn, shows
):
    data = _landscape(text, domain, asked)
    assert data.scale == drawn
    view.model.set_landscape(data)
    qtbot.waitUntil(lambda: view.color_bar_labels() != [], timeout=5_000)
    labels = view.color_bar_labels()
    assert labels == [label for _, label in data.color_ticks]  # none hidden
    _readable(labels)
    if shows is not None:
        assert shows in labels, labels
    positions = list(data.color_tick_positions)
    assert positions == sorted(positions) and 0.0 <= positions[0] and positions[-1] <= 1.0
    expected = "f (log scale)" if drawn == "log" else "f"
    title = view.cbar.getAxis("left")
    assert title.labelText == expected  # the bar's title, beside it, centred on the bar
    centre = int(title.size().height() / 2 + title.label.boundingRect().width() / 2)
    assert title.label.pos().y() == centre


def test_a_short_map_still_draws_every_label(view, qtbot):
    view.resize(420, 230)
    view.model.set_landscape(_landscape("exp(x^2 + y^2)", (-3, 3, -3, 3), "auto"))
    qtbot.waitUntil(lambda: view.color_bar_labels() != [], timeout=5_000)
    assert view.color_bar_labels() == [label for _, label in view.model.landscape.color_ticks]


# -- the domain fits a typed function ------------------------------------------------------------
def _inside(domain, point) -> bool:
    x0, x1, y0, y1 = domain
    return x0 <= point[0] <= x1 and y0 <= point[1] <= y1


def test_a_typed_function_gets_a_domain_around_its_minimum(window, qtbot):
    m = window.model
    _type_function(qtbot, window, "(x - 6)^2 + (y + 5)^2")
    assert not m.domain_set
    assert _inside(m.domain, (6, -5)) and _inside(m.domain, m.start)  # the runs start on the map
    d = m.landscape.domain
    assert (d.xmin, d.xmax, d.ymin, d.ymax) == m.domain  # sampled where the model says
    bar = window.function_bar
    assert bar.values()[1] == tuple(round(v, 2) for v in m.domain)  # and the fields show it


def test_a_domain_the_person_typed_is_kept_for_the_next_function(window, qtbot):
    m, bar = window.model, window.function_bar
    for box, value in zip((bar.xmin, bar.xmax, bar.ymin, bar.ymax), (-4, 4, -4, 4), strict=True):
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, str(value))
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: m.domain == (-4.0, 4.0, -4.0, 4.0), timeout=10_000)
    assert m.domain_set
    _type_function(qtbot, window, "(x - 30)^2 + y^2")
    assert m.domain == (-4.0, 4.0, -4.0, 4.0)
    d = m.landscape.domain
    assert (d.xmin, d.xmax, d.ymin, d.ymax) == (-4.0, 4.0, -4.0, 4.0)


def test_a_preset_brings_its_own_domain_and_the_next_function_is_fitted_again(window, qtbot):
    m = window.model
    window.load_preset("himmelblau")
    qtbot.waitUntil(lambda: m.preset == "himmelblau" and window.is_ready(), timeout=60_000)
    assert not m.domain_set
    _type_function(qtbot, window, "(x + 7)^2 + (y - 8)^2")
    assert _inside(m.domain, (-7, 8))


# -- zoom and pan resample ----------------------------------------------------------------------
def _grid_box(m) -> tuple[float, float, float, float]:
    g = m.landscape.grid
    return (g.xs[0], g.xs[-1], g.ys[0], g.ys[-1])


def test_zooming_out_resamples_and_reset_brings_the_domain_back(window, qtbot):
    m, view = window.model, window.contour_view
    asked = m.domain
    x0, x1, y0, y1 = asked
    wide = (x0 - 3 * (x1 - x0), x1 + 3 * (x1 - x0), y0 - 3 * (y1 - y0), y1 + 3 * (y1 - y0))
    m.set_view_range(wide)
    qtbot.waitUntil(lambda: _grid_box(m) == pytest.approx(wide), timeout=30_000)
    assert m.view_range == wide and m.domain == asked  # the asked domain stays for reset
    assert m.landscape.grid.shape == (m.resolution, m.resolution)
    assert m.landscape.grid.undefined_share == 0.0  # nothing unsampled reads "undefined"
    rect = view.undefined_area.rect()  # the hatch covers the grid alone
    assert rect.left() <= wide[0] and rect.right() >= wide[1]
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _grid_box(m) == pytest.approx(asked), timeout=30_000)
    (a0, a1), (b0, b1) = view.view_box.viewRange()
    assert (a0, a1, b0, b1) == pytest.approx(asked)


def _wheel(view, steps: int) -> None:
    viewport = view.plot.viewport()
    centre = viewport.rect().center()
    event = QWheelEvent(
        QPointF(centre),
        QPointF(viewport.mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(viewport, event)


def test_a_wheel_zoom_out_grows_the_grid_and_a_double_click_resets(window, qtbot):
    m, view = window.model, window.contour_view
    asked = m.domain
    width = asked[1] - asked[0]
    _wheel(view, -3)  # away from the person: zoom out
    qtbot.waitUntil(
        lambda: m.landscape.domain.width > 1.2 * width and not window.controller.hub.busy(),
        timeout=30_000,
    )
    shown = view.view_box.viewRange()
    assert m.landscape.domain.xmin == pytest.approx(shown[0][0])
    assert m.landscape.domain.xmax == pytest.approx(shown[0][1])
    start = m.start
    pos = view.map_to_widget(0.5 * (asked[0] + asked[1]), 0.5 * (asked[2] + asked[3]))
    viewport, left = view.plot.viewport(), Qt.MouseButton.LeftButton
    qtbot.mouseClick(viewport, left, pos=pos)  # as a mouse sends a double-click:
    qtbot.mouseDClick(viewport, left, pos=pos)  # press, release, double-click, release
    qtbot.mouseRelease(viewport, left, pos=pos)
    qtbot.waitUntil(lambda: _grid_box(m) == pytest.approx(asked), timeout=30_000)
    qtbot.wait(2 * qtbot_double_click_ms())
    assert m.start == start  # a double-click resets the view; it does not move the start


def qtbot_double_click_ms() -> int:
    from PySide6.QtWidgets import QApplication

    return QApplication.doubleClickInterval()


def test_a_pan_follows_in_the_surface_grid_too(window, qtbot):
    """The 3D view draws the model's landscape: after a pan it is the resampled grid."""
    m = window.model
    x0, x1, y0, y1 = m.domain
    shift = 0.5 * (x1 - x0)
    m.set_view_range((x0 + shift, x1 + shift, y0, y1))
    qtbot.waitUntil(lambda: m.landscape.domain.xmin == pytest.approx(x0 + shift), timeout=30_000)
    assert window.contour_view.current_landscape is m.landscape
    assert window.controller.runs_pending() is False


def test_a_deep_zoom_keeps_plain_axis_numbers(window, qtbot):
    """Re-labelled while zoomed to ±0.2, the axes still read −0.1, 0, 0.1 (not ×1000)."""
    from ui.views.axes import drawn_labels

    m, view = window.model, window.contour_view
    m.set_view_range((-0.2, 0.2, 0.9, 1.1))
    qtbot.waitUntil(lambda: _grid_box(m) == pytest.approx((-0.2, 0.2, 0.9, 1.1)), timeout=30_000)
    labels = drawn_labels(view.plot_item.getAxis("bottom"))
    assert "0" in labels and "0.1" in labels, labels
    assert all(abs(_number(label.replace("-", MINUS))) <= 0.2 for label in labels), labels


@pytest.mark.parametrize(
    "argv, scale",
    [
        (["gui", "--function", "x^2 + y^2"], "auto"),
        (["gui", "--preset", "rosenbrock"], "auto"),
        (["gui", "--function", "x^2 + y^2", "--scale", "log"], "log"),
        (["gui", "--scale", "linear"], "linear"),
    ],
)
def test_the_command_line_scale(argv, scale):
    import argparse

    from landscape_cli import gui
    from ui.shell.launch import initial_session

    parser = argparse.ArgumentParser()
    gui.add_parser(parser.add_subparsers())
    args = gui.check_args(parser.parse_args(argv))
    assert initial_session(args).color_scale == scale


def test_an_unknown_command_line_scale_is_refused(capsys):
    import argparse

    from landscape_cli import gui

    parser = argparse.ArgumentParser()
    gui.add_parser(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["gui", "--scale", "cubic"])
    assert "auto" in capsys.readouterr().err


def test_a_model_landscape_resamples_too_and_resets_to_its_own_domain(window, qtbot):
    from tests.ui.test_model_mode import enter_model_mode

    enter_model_mode(window, qtbot)
    m, view = window.model, window.contour_view
    home = m.home_range
    assert home == _grid_box(m) and m.landscape.is_model
    x0, x1, y0, y1 = home
    wide = (x0 - (x1 - x0), x1 + (x1 - x0), y0 - (y1 - y0), y1 + (y1 - y0))
    m.set_view_range(wide)
    qtbot.waitUntil(lambda: _grid_box(m) == pytest.approx(wide), timeout=60_000)
    assert m.landscape.is_model and m.landscape.scale == "log"  # a loss: its own picture
    assert m.home_range == home
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _grid_box(m) == pytest.approx(home), timeout=60_000)


def test_a_function_from_the_command_line_gets_its_fitted_domain(app, qtbot):
    import argparse

    from landscape_cli import gui
    from tests.ui.conftest import make_window
    from ui.shell.launch import initial_session

    parser = argparse.ArgumentParser()
    gui.add_parser(parser.add_subparsers())
    args = gui.check_args(parser.parse_args(["gui", "--function", "(x - 8)^2 + (y - 7)^2"]))
    window = make_window(qtbot, initial_session(args))
    try:
        m = window.model
        assert _inside(m.domain, (8, 7)) and _inside(m.domain, m.start)
        assert _grid_box(m) == pytest.approx(m.domain) and not m.domain_set
    finally:
        window.controller.shutdown()
