"""Projector and laptop: light and dark themes (following the system by default), presentation
mode, and small windows where the map keeps the space and the docks give way first."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication


def settle(qtbot, window):
    qtbot.wait(50)  # the resize's fitting runs on the next turn of the event loop
    QApplication.processEvents()


def markers(window):
    return {
        id(item): item.opts["size"]
        for item in window.contour_view.plot.scene().items()
        if isinstance(item, pg.ScatterPlotItem)
    }


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_small_windows_keep_the_map_and_cut_off_no_dock(window, qtbot, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=5_000)
    settle(qtbot, window)
    views = window.views
    assert views.width() >= 0.55 * window.width(), (views.width(), window.width())
    assert window.contour_view.width() >= window.surface_view.width()
    assert window.contour_view.height() >= 0.45 * window.height()
    inside = QRect(0, 0, window.width(), window.height())
    for key, dock in window.docks.items():
        if not dock.isVisible() or dock.visibleRegion().isEmpty():  # closed, or a tab behind
            continue
        hint = dock.minimumSizeHint()
        assert dock.width() >= hint.width() and dock.height() >= hint.height(), key
        top_left = dock.mapTo(window, dock.rect().topLeft())
        assert inside.contains(QRect(top_left, dock.size())), key
    assert window.function_bar.width() >= window.function_bar.minimumSizeHint().width()


def test_theme_switch_changes_the_palette_and_the_plots(window, qtbot):
    app = QApplication.instance()
    try:
        window.actions["theme:light"].trigger()
        assert window.theme_name == "light"
        assert app.palette().window().color().lightness() > 200
        assert window.contour_view.plot.backgroundBrush().color().name() == "#ffffff"
        assert window.loss_panel.graphics.backgroundBrush().color().name() == "#ffffff"
        axis = window.contour_view.plot_item.getAxis("bottom")
        assert axis.textPen().color().lightness() < 100  # dark text on the light plot
        assert window.settings.theme() == "light"
        window.actions["theme:dark"].trigger()
        assert app.palette().window().color().lightness() < 80
        assert window.contour_view.plot.backgroundBrush().color().lightness() < 60
        assert axis.textPen().color().lightness() > 150
    finally:
        window.actions["theme:system"].trigger()
    assert window.settings.theme() == "system"
    assert window.actions["theme:system"].isChecked()


def test_system_theme_is_the_default(window):
    from ui.shell.theme import system_scheme

    assert window.theme_choice == "system"
    assert window.theme_name == system_scheme()


def test_presentation_mode_toggles_with_f5_and_esc_leaves(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.focus_map()
    shown = {k for k, d in window.docks.items() if d.isVisible()}
    assert shown
    field_points = window.function_bar.text_edit.font().pointSizeF()
    before = markers(window)
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_F5)
    assert window.presentation.active and window.actions["presentation"].isChecked()
    assert not any(d.isVisible() for d in window.docks.values())
    assert not window.overlay_toolbar.isVisible()
    assert window.function_bar.text_edit.font().pointSizeF() > field_points
    qtbot.waitUntil(lambda: markers(window) != before, timeout=5_000)
    grown = markers(window)
    assert all(grown[k] > before[k] for k in before)
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Escape)
    assert not window.presentation.active and not window.actions["presentation"].isChecked()
    qtbot.waitUntil(lambda: {k for k, d in window.docks.items() if d.isVisible()} == shown)
    assert window.function_bar.text_edit.font().pointSizeF() == field_points
    assert markers(window) == before


def test_in_presentation_mode_esc_first_leaves_the_field(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.actions["presentation"].trigger()
    assert window.presentation.active
    edit = window.function_bar.text_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=5_000)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert window.presentation.active  # the first Esc only left the field
    assert window.contour_view.plot.hasFocus()
    qtbot.keyClick(window.contour_view.plot, Qt.Key.Key_Escape)
    assert not window.presentation.active
