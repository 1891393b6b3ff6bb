"""The function bar shows the model's request and holds none of its own."""

from __future__ import annotations

import pytest


@pytest.fixture
def bar(app, qtbot):
    from ui.panels.function_bar import FunctionBar

    widget = FunctionBar()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize(
    "request_",
    [
        ("x^2 + y^2", (-1.0, 1.0, -2.0, 2.0), 120, "linear", "plasma"),
        ("sin(x) * cos(y)", (-3.25, 3.25, -3.0, 3.0), 64, "log", "turbo"),
    ],
)
def test_the_bar_shows_the_request_without_sending_one(bar, qtbot, request_):
    sent = []
    bar.landscapeRequested.connect(lambda *args: sent.append(args))
    bar.show_request(*request_)
    text, domain, resolution, scale, cmap = request_
    assert bar.values() == (text, domain, resolution, scale)
    assert bar.colormap() == cmap
    qtbot.wait(300)  # longer than the debounce
    assert sent == [] and not bar.edit_pending()


def test_an_edit_waiting_for_its_interval_survives_the_same_request(bar, qtbot):
    bar.show_request("x^2", (-1.0, 1.0, -1.0, 1.0), 100, "linear", "viridis")
    bar.text_edit.setText("x^2 + y")
    bar.text_edit.textEdited.emit("x^2 + y")
    assert bar.edit_pending()
    bar.show_request("x^2 + y", (-1.0, 1.0, -1.0, 1.0), 100, "linear", "viridis")
    assert bar.edit_pending()  # the bar already shows it: left alone
    with qtbot.waitSignal(bar.landscapeRequested, timeout=2000) as blocker:
        pass
    assert blocker.args == ["x^2 + y", (-1.0, 1.0, -1.0, 1.0), 100, "linear"]
