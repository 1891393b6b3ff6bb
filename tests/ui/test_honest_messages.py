"""Honest, kind messages: an undefined start offers the nearest defined point, |x| suggests
abs(x), a session error names the file, closing during an export asks first."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from landscape.session import RunConfig, Session
from tests.ui.conftest import make_window


def log_session(start=(-1.0, 0.5)):
    return Session(
        text="(x - 1)^2 + y^2 - log(x)",
        domain=(-2.0, 2.0, -2.0, 2.0),
        start=start,
        runs=[RunConfig("gd", {"lr": 0.1}, "#ff453a")],
        color_scale="linear",
    )


def test_undefined_start_offers_the_nearest_defined_point(app, qtbot):
    window = make_window(qtbot, log_session())
    notice = window.start_notice
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert "not defined at the start (−1, 0.5)" in notice.label.text()
    x, y = notice.point
    assert x > 0 and abs(y - 0.5) < 0.1
    assert "Move the start to" in notice.move_button.text()
    qtbot.mouseClick(notice.move_button, Qt.MouseButton.LeftButton)
    assert window.model.start == (x, y)
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    (entry,) = window.model.runs
    assert entry.length() > 1
    assert math.isfinite(entry.trajectory.fs[0])
    assert not notice.isVisible()
    window.controller.shutdown()


def test_an_infinite_start_says_not_finite(app, qtbot):
    window = make_window(qtbot, log_session(start=(0.0, 0.0)))  # -log(0) = inf
    notice = window.start_notice
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert "not finite at the start (0, 0)" in notice.label.text()
    assert notice.point is not None and notice.point[0] > 0
    window.controller.shutdown()


def test_a_defined_start_shows_no_notice(app, qtbot):
    window = make_window(qtbot, log_session(start=(1.0, 0.5)))
    assert window.model.runs[0].length() > 1
    assert not window.start_notice.isVisible()
    window.controller.shutdown()


def test_bars_in_the_field_suggest_abs(window, qtbot):
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "|x| + |y|")
    qtbot.waitUntil(lambda: window.function_bar.error_text() != "", timeout=10_000)
    text = window.function_bar.error_text()
    assert "column 1" in text
    assert "abs(x)" in text


def type_in(qtbot, window, text):
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_a_session_error_names_the_file(window, qtbot, tmp_path):
    from ui.shell import menus

    shown = []
    window.quiet_dialogs = False
    path = tmp_path / "broken.landscape.json"
    path.write_text('{"version": 3, "bogus": 1}')
    original = QMessageBox.warning
    QMessageBox.warning = staticmethod(lambda parent, title, text: shown.append(text))
    try:
        assert not menus.open_path(window, str(path))
    finally:
        QMessageBox.warning = original
    assert str(path) in window.last_error and "bogus" in window.last_error
    assert str(path) in shown[0]
    assert str(path) in window.statusBar().currentMessage()


def test_a_broken_last_session_is_named_and_the_default_opens():
    from ui.shell.app import checked_last_session

    last, note = checked_last_session('{"version": 3, "bogus": 1}', "/some/Landscape.ini")
    assert last is None
    assert "/some/Landscape.ini" in note and "bogus" in note
    assert checked_last_session('{"version": 3}', "x") == ('{"version": 3}', "")


def test_a_typo_is_not_saved_and_comes_back_flagged(app, qtbot, tmp_path):
    from landscape.session import from_json, load
    from ui.shell import menus
    from ui.shell.launch import initial_session
    from ui.shell.settings import AppSettings

    first = make_window(qtbot, remember=True)
    type_in(qtbot, first, "x^2 + 3*y^2")
    qtbot.waitUntil(lambda: first.model.landscape.text == "x^2 + 3*y^2", timeout=30_000)
    qtbot.waitUntil(first.is_ready, timeout=30_000)
    type_in(qtbot, first, "x^2 + 3*y^")  # a typo
    qtbot.waitUntil(lambda: first.function_bar.error_text() != "", timeout=30_000)
    path = str(tmp_path / "typo.landscape.json")
    assert menus.save_path(first, path)
    assert load(path).text == "x^2 + 3*y^2"  # the file opens: the last good function
    first.close()
    stored = AppSettings()
    saved = from_json(stored.last_session_json())
    assert saved.text == "x^2 + 3*y^2"
    assert saved.preset is None  # typed: custom, not the Rosenbrock it replaced
    assert stored.last_typed_text() == "x^2 + 3*y^"
    # relaunch as run_app does
    from ui.shell.main_window import MainWindow

    session = initial_session(type("Args", (), {})(), stored.last_session_json())
    second = MainWindow(session, use_3d=False, autoplay=False, remember=True)
    second.restore_typed_text(stored.last_typed_text())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.function_bar.error_text() != "", timeout=30_000)
    assert second.function_bar.text_edit.text() == "x^2 + 3*y^"
    assert second.function_bar.text_edit.property("invalid")
    assert second.model.landscape.text == "x^2 + 3*y^2"  # the good landscape stays on screen
    assert second.function_bar.preset_combo.currentText() == "custom"
    second.close()
    second.controller.shutdown()
    assert AppSettings().last_typed_text() == "x^2 + 3*y^"
    AppSettings().qs.remove("session")


def test_a_typed_function_is_saved_as_custom(window, qtbot):
    assert window.model.preset == "rosenbrock"
    type_in(qtbot, window, "x^2 + y^2")
    qtbot.waitUntil(lambda: window.model.landscape.text == "x^2 + y^2", timeout=30_000)
    session = window.capture_session()
    assert session.preset is None and session.text == "x^2 + y^2"
    assert window.function_bar.preset_combo.currentText() == "custom"


class FakeJob:
    def __init__(self):
        self.cancelled = False

    def cancel(self):
        self.cancelled = True


@pytest.mark.parametrize("answer", ["no", "yes"])
def test_closing_during_an_export_asks_first(window, qtbot, monkeypatch, answer):
    from types import SimpleNamespace

    asked = []
    job = FakeJob()
    window.export_dialog = SimpleNamespace(job=job)
    button = QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No

    def question(parent, title, text, *args):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window.close()
    assert asked and "export" in asked[0]
    assert window.isVisible() == (answer == "no")
    assert job.cancelled == (answer == "yes")
    if answer == "no":
        window.export_dialog = SimpleNamespace(job=None)  # no export now: closes unasked
        window.close()
        assert not window.isVisible() and len(asked) == 1
