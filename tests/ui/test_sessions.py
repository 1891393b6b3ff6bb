"""Save, change, load and compare; a hostile file is refused and the screen stays as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt

from landscape.session import to_json
from ui.shell import menus


def test_save_change_load_compare(window, qtbot, tmp_path):
    window.model.set_frame(25)
    window.function_bar.cmap_combo.setCurrentText("magma")
    path = str(tmp_path / "race.landscape.json")
    assert menus.save_path(window, path)
    saved = window.capture_session()
    assert saved.step == 25 and saved.colormap == "magma"

    # change things as a person would
    edit = window.function_bar.text_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "x^2 + 3y^2")
    qtbot.waitUntil(lambda: window.model.landscape.text == "x^2 + 3y^2", timeout=30_000)
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    window.controller.set_hyper(window.model.runs[0].run_id, {"lr": 0.02})
    window.controller.remove_run(window.model.runs[-1].run_id)
    assert window.capture_session() != saved

    assert menus.open_path(window, path)
    qtbot.waitUntil(lambda: window.is_ready() and window.model.frame == 25, timeout=30_000)
    assert window.capture_session() == saved
    assert window.contour_view.current_landscape.text == saved.text
    assert window.settings.recent_files()[0].endswith("race.landscape.json")


HOSTILE = [
    '{"version": 1, "text": "__import__(\'os\').system(\'touch /tmp/pwned\')"}',
    '{"version": 1, "start": [NaN, 1]}',
    '{"version": 1, "runs": [{"optimizer": "gd", "hyper": {"lr": 1e999}}]}',
    '{"version": 1, "resolution": 100000000}',
    '{"version": 1, "runs": [{"optimizer": "subprocess.Popen"}]}',
]


def test_hostile_session_is_refused_and_the_screen_is_untouched(window, qtbot, tmp_path):
    window.quiet_dialogs = True
    window.model.set_frame(7)
    before = to_json(window.capture_session())
    landscape = window.model.landscape
    trajectories = [r.trajectory for r in window.model.runs]
    for i, text in enumerate(HOSTILE):
        path = tmp_path / f"hostile{i}.json"
        path.write_text(text)
        assert not menus.open_path(window, str(path))
        assert window.last_error
        assert "could not open" in window.statusBar().currentMessage()
        assert to_json(window.capture_session()) == before
        assert window.model.landscape is landscape
        assert [r.trajectory for r in window.model.runs] == trajectories


def test_new_session_restores_the_default(window, qtbot):
    edit = window.function_bar.text_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "x^2")
    qtbot.waitUntil(lambda: window.model.landscape.text == "x^2", timeout=30_000)
    window.actions["new"].trigger()
    window.playback.pause()
    qtbot.waitUntil(lambda: "100" in window.model.landscape.text, timeout=30_000)
    assert [r.name for r in window.model.runs] == ["momentum", "bfgs", "newton"]


def test_layout_modes(window, qtbot):
    window.actions["layout:contour"].trigger()
    assert window.contour_view.isVisible() and not window.surface_view.isVisible()
    window.actions["layout:surface"].trigger()
    assert not window.contour_view.isVisible() and window.surface_view.isVisible()
    window.actions["layout:side_by_side"].trigger()
    assert window.contour_view.isVisible() and window.surface_view.isVisible()
    assert window.capture_session().layout == "side_by_side"


def test_surface_view_says_why_it_is_off(window):
    assert not window.surface_view.available
    assert "3D" in window.surface_view.message.text()


def test_geometry_and_last_session_are_remembered(app, qtbot):
    from tests.ui.conftest import make_window
    from ui.shell.app import run_app  # noqa: F401 - the same module the real launch uses
    from ui.shell.launch import initial_session
    from ui.shell.settings import AppSettings

    first = make_window(qtbot, remember=True)
    # what is on screen is the model's (the bar only shows it): edit through the controller
    first.controller.request_landscape("x^2 + y^2", (-1, 1, -1, 1), 120, "linear")
    first.controller.set_colormap("plasma")
    assert first.function_bar.values()[0] == "x^2 + y^2"
    assert first.function_bar.colormap() == "plasma"
    first.resize(1333, 777)
    first.close()
    stored = AppSettings()
    session = initial_session(type("Args", (), {})(), stored.last_session_json())
    assert session.text == "x^2 + y^2" and session.colormap == "plasma"
    second = make_window(qtbot, session)
    assert stored.restore_window(second)
    assert second.width() == 1333
    second.controller.shutdown()


def test_preset_picker_loads_a_preset(window, qtbot):
    combo = window.function_bar.preset_combo
    index = combo.findData("himmelblau")
    assert index > 0
    combo.activated.emit(index)
    qtbot.waitUntil(
        lambda: window.model.landscape.text.startswith("(x^2 + y - 11)"), timeout=30_000
    )
    assert window.model.preset == "himmelblau"
    assert window.function_bar.xmin.value() == -5.0
    assert combo.currentIndex() == index  # the combo names the loaded preset
    window.playback.pause()
    qtbot.keyClick(window.function_bar.text_edit, Qt.Key.Key_End)
    qtbot.keyClick(window.function_bar.text_edit, Qt.Key.Key_Plus)
    assert combo.currentText() == "custom"
