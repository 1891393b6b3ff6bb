"""The suite's own rule: an exception raised inside a Qt slot, a timer, a worker job or a thread
fails the test that caused it, even when the test itself asserts nothing about it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _our_pytest_settings() -> str:
    """The project's own [tool.pytest.ini_options], as an ini file for the inner run."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    options = options["ini_options"]
    lines = ["[pytest]", f"qt_api = {options['qt_api']}", "filterwarnings ="]
    lines += [f"    {rule}" for rule in options.get("filterwarnings", [])]
    return "\n".join(lines) + "\n"


CASES = {
    "timer": """
        from PySide6.QtCore import QTimer

        def test_it(qtbot):
            def boom():
                raise RuntimeError("raised in a timer")
            QTimer.singleShot(0, boom)
            qtbot.wait(50)
    """,
    "slot": """
        from PySide6.QtCore import QObject, Signal

        class Emitter(QObject):
            fired = Signal()

        def test_it(qtbot):
            e = Emitter()
            def slot():
                raise ValueError("raised in a slot")
            e.fired.connect(slot)
            e.fired.emit()
    """,
    "worker job": """
        from ui.state.workers import WorkerHub

        def test_it(qtbot):
            hub = WorkerHub()
            def job(cancelled):
                raise KeyError("raised in a job")
            with qtbot.waitSignal(hub.failed, timeout=5000):
                hub.submit("x", job)
            hub.wait()
    """,
    "thread": """
        import threading

        def test_it():
            t = threading.Thread(target=lambda: 1 / 0)
            t.start()
            t.join()
    """,
}


@pytest.mark.parametrize("where", list(CASES))
def test_an_exception_fails_the_test(pytester, where):
    pytester.makepyfile(test_inner=CASES[where])
    pytester.makeini(_our_pytest_settings())
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) + outcomes.get("errors", 0) >= 1, result.stdout.str()
    assert outcomes.get("passed", 0) == 0
