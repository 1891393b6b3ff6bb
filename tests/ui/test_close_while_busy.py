"""A window closed while its jobs run: their results arrive later and go nowhere, quietly."""

import threading

import pytest
import shiboken6

from landscape.errors import InputError


@pytest.mark.parametrize("outcome", ["fails", "succeeds"])
def test_results_after_the_model_is_gone_are_dropped(qtbot, outcome):
    from PySide6.QtCore import QObject

    from ui.state.controller import Controller
    from ui.state.model import AppModel

    window = QObject()  # stands for the main window, which owns the model
    model = AppModel(window)
    controller = Controller(model)
    started, release = threading.Event(), threading.Event()

    def job(cancelled):
        started.set()
        release.wait(5)
        if outcome == "fails":
            raise InputError("too late")
        return None

    controller.hub.submit("landscape", job)
    assert started.wait(5)
    shiboken6.delete(window)  # the window closes with the job still running
    assert not shiboken6.isValid(model)
    release.set()
    assert controller.hub.wait(5000)
    qtbot.wait(100)  # the queued result is delivered now: nothing may raise in a slot
    assert not controller.hub.busy()
