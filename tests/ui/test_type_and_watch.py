"""Type and watch: a new function replays the race from step 0; Space, ←/→ and Home drive
playback unless a text field has focus; Enter in the function field plays; Esc leaves it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def activate(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def at_end(window):
    window.model.set_frame(window.model.last_frame())
    assert window.model.frame > 10


def test_the_map_has_the_focus_at_start_and_space_plays(window, qtbot):
    activate(window, qtbot)
    assert QApplication.focusWidget() is window.contour_view.plot
    edit = window.function_bar.text_edit
    before = edit.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert window.playback.is_playing()
    assert edit.text() == before  # Space never typed into the formula
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert not window.playback.is_playing()


def test_keys_in_the_field_edit_the_text_not_the_timeline(window, qtbot):
    activate(window, qtbot)
    window.model.set_frame(5)
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.setText("x^2")
    edit.setCursorPosition(3)
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home):
        qtbot.keyClick(edit, key)
    assert window.model.frame == 5
    assert edit.cursorPosition() == 0  # Home went to the start of the text
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert edit.text() == " x^2"  # a space typed in the field is a space
    assert not window.playback.is_playing()


def test_esc_leaves_the_field_for_the_map(window, qtbot):
    activate(window, qtbot)
    edit = window.function_bar.text_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=5_000)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert window.contour_view.plot.hasFocus()
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Right)
    assert window.model.frame == 1


def test_a_typed_function_replays_from_step_0(window, qtbot):
    activate(window, qtbot)
    at_end(window)
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "x^2 + 3*y^2")  # no Enter: the debounced edit
    qtbot.waitUntil(
        lambda: window.model.landscape.text == "x^2 + 3*y^2" and window.is_ready(),
        timeout=60_000,
    )
    qtbot.waitUntil(window.playback.is_playing, timeout=10_000)
    window.playback.pause()
    assert window.model.frame < window.model.last_frame()
    assert edit.text() == "x^2 + 3*y^2"


def test_enter_in_the_field_plays_the_function_on_screen(window, qtbot):
    activate(window, qtbot)
    at_end(window)
    edit = window.function_bar.text_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.playback.is_playing()
    assert window.model.frame < window.model.last_frame()
    window.playback.pause()


def test_a_typo_does_not_replay(window, qtbot):
    activate(window, qtbot)
    at_end(window)
    last = window.model.frame
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "x^2 +")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.function_bar.error_text() != "", timeout=30_000)
    assert not window.playback.is_playing()
    assert window.model.frame == last
