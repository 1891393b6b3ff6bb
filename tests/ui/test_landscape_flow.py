"""Typing functions: a good one replaces the landscape, a bad one is explained inline and the
old landscape stays, a runaway one leaves the event loop responsive."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from ui.state import jobs


def type_function(qtbot, window, text: str) -> None:
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_typed_function_reaches_the_views(window, qtbot):
    type_function(qtbot, window, "x^2 - y^2")
    qtbot.waitUntil(
        lambda: (
            window.contour_view.current_landscape is not None
            and window.contour_view.current_landscape.text == "x^2 - y^2"
        ),
        timeout=30_000,
    )
    data = window.contour_view.current_landscape
    assert window.contour_view.image.image.shape == data.grid.z.shape
    assert window.function_bar.error_text() == ""
    # the runs were recomputed on the new objective
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    for entry in window.model.runs:
        assert entry.trajectory is not None
        x, y = entry.trajectory.xs[0]
        assert entry.trajectory.fs[0] == x * x - y * y


def test_bad_text_is_explained_inline_and_the_old_landscape_stays(window, qtbot):
    before = window.contour_view.current_landscape
    image_before = window.contour_view.image.image.copy()
    type_function(qtbot, window, "x^2 + (y")
    qtbot.waitUntil(lambda: window.function_bar.error_text() != "", timeout=10_000)
    message = window.function_bar.error_text()
    assert "column" in message
    assert window.function_bar.error_label.isVisible()
    assert window.contour_view.current_landscape is before
    assert (window.contour_view.image.image == image_before).all()
    # fixing the text clears the message
    qtbot.keyClicks(window.function_bar.text_edit, ")")
    qtbot.waitUntil(lambda: window.function_bar.error_text() == "", timeout=30_000)
    qtbot.waitUntil(
        lambda: window.contour_view.current_landscape.text == "x^2 + (y)", timeout=30_000
    )


def test_unknown_name_gets_a_hint(window, qtbot):
    type_function(qtbot, window, "sinx + y")
    qtbot.waitUntil(lambda: window.function_bar.error_text() != "", timeout=10_000)
    assert "sin(x)" in window.function_bar.error_text()


RUNAWAY = "*".join(f"(x+{k}*y+sin({k}*x*y))" for k in range(1, 30))


def test_runaway_expression_keeps_the_event_loop_responsive(window, qtbot, monkeypatch):
    monkeypatch.setattr(jobs, "COMPILE_TIMEOUT", 2.0)
    before = window.contour_view.current_landscape
    clock, longest = QElapsedTimer(), [0]

    def tick():
        longest[0] = max(longest[0], clock.restart())

    ticker = QTimer(interval=10)
    ticker.timeout.connect(tick)
    edit = window.function_bar.text_edit
    edit.setText(RUNAWAY)  # pasted
    clock.start()
    ticker.start()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "too costly" in window.function_bar.error_text(), timeout=60_000)
    ticker.stop()
    assert longest[0] < 250, f"the event loop stalled for {longest[0]} ms"
    assert window.contour_view.current_landscape is before


def test_domain_and_scale_edits_resample(window, qtbot):
    bar = window.function_bar
    bar.xmax.lineEdit().selectAll()
    qtbot.keyClicks(bar.xmax.lineEdit(), "4")
    qtbot.keyClick(bar.xmax.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.contour_view.current_landscape.grid.xs[-1] == 4.0, timeout=30_000
    )
    bar.scale_combo.setCurrentText("linear")
    qtbot.waitUntil(lambda: window.contour_view.current_landscape.scale == "linear", timeout=30_000)


def test_bad_domain_is_explained(window, qtbot):
    bar = window.function_bar
    bar.xmin.setValue(5.0)  # xmin > xmax
    qtbot.waitUntil(lambda: "x range" in bar.error_text(), timeout=10_000)
