"""The Sweep panel's executor field and its warm local pool, driven as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from landscape.models import sweep_executors
from tests.ui.test_model_mode import open_sweep


def test_opening_the_panel_starts_the_local_workers(window, qtbot):
    sweep_executors.shutdown_local_pool()
    panel = open_sweep(window, qtbot)
    assert panel.executor() == "local"
    qtbot.waitUntil(lambda: sweep_executors._pool is not None, timeout=60_000)
    warm = sweep_executors._pool
    qtbot.keyClicks(panel.fields["lr"], "0.1, 0.5")
    qtbot.keyClicks(panel.fields["max_steps"], "30")
    panel.seeds.setValue(1)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running() and panel.result is not None, timeout=120_000)
    assert len(panel.result.rows) == 2 and panel.result.executor == "local"
    assert sweep_executors._pool is warm  # the same processes ran it


@pytest.mark.parametrize(
    "typed, message",
    [
        ("spark://x:1", "unknown executor"),
        ("dask://nowhere", "unknown executor"),
    ],
)
def test_a_bad_executor_is_reported_at_once(window, qtbot, typed, message):
    panel = open_sweep(window, qtbot)
    qtbot.keyClicks(panel.executor_edit, typed)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert not panel.running()
    assert message in panel.status.text() and "dask://HOST:PORT" in panel.status.text()
    assert panel.run_button.isEnabled()


def test_an_unreachable_scheduler_is_a_message_not_a_hang(window, qtbot, monkeypatch):
    import socket

    monkeypatch.setattr(sweep_executors, "CONNECT_TIMEOUT", 1.0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    panel = open_sweep(window, qtbot)
    qtbot.keyClicks(panel.executor_edit, f"dask://127.0.0.1:{port}")
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    # the runner's thread ends, then its queued 'failed' reaches the panel
    qtbot.waitUntil(
        lambda: "could not reach the dask scheduler" in panel.status.text(), timeout=60_000
    )
    assert not panel.running()
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
