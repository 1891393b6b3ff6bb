"""The playback bar on a bare AppModel: the slider is the model's frame."""

from __future__ import annotations

import pytest

from tests.ui.conftest import bowl_landscape, bowl_run


@pytest.fixture
def bar(app, qtbot):
    from ui.panels.playback import PlaybackBar
    from ui.state.model import AppModel

    model = AppModel()
    model.set_landscape(bowl_landscape())
    widget = PlaybackBar(model)
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("frame", [0, 7, 10_000])
def test_the_slider_shows_the_frame(bar, frame):
    m = bar.model
    entry = bowl_run(m)
    m.set_frame(frame)
    expected = min(frame, entry.length() - 1)
    assert m.frame == expected
    assert bar.slider.value() == expected
    assert bar.slider.maximum() == entry.length() - 1


def test_moving_the_slider_sets_the_frame(bar):
    m = bar.model
    bowl_run(m)
    bar.slider.setValue(4)
    assert m.frame == 4
    bar.step_forward()
    assert m.frame == 5 and bar.slider.value() == 5
