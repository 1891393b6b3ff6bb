"""No stale Python wrappers of layout items: nesting a filled layout made PySide6 wrap each of
its QWidgetItems and keep the wrapper after Qt deleted the item, so a later object at that
address came back as a QWidgetItem (labelForField did; pyqtgraph's scatter paint got one in
place of its pixmap fragments under load)."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from tests.ui.test_model_mode import enter_model_mode
from ui.views.layouts import add_layout, clear_layout


def widget_item_wrappers() -> list:
    """The registered Python wrappers of QWidgetItems (pyqtgraph's own menus hold a few
    QSpacerItems, made once and deleted with their plot: not counted)."""
    gc.collect()
    return [
        o
        for o in gc.get_objects()
        if isinstance(o, QWidgetItem) and shiboken6.isValid(o) and not isinstance(o, QLayout)
    ]


def test_add_layout_leaves_no_item_wrappers(app, qtbot):
    before = len(widget_item_wrappers())
    host = QWidget()
    qtbot.addWidget(host)
    outer = QVBoxLayout(host)
    row = QHBoxLayout()
    for text in "abc":
        row.addWidget(QLabel(text))
    inner = QVBoxLayout()
    inner.addWidget(QLabel("d"))
    row.addLayout(inner)
    add_layout(outer, row)
    assert len(widget_item_wrappers()) == before
    assert [row.itemAt(i).widget().text() for i in range(3)] == ["a", "b", "c"]


def test_clear_layout_removes_and_deletes_everything(app, qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    outer = QVBoxLayout(host)
    labels = [QLabel(t) for t in "xyz"]
    for label in labels:
        outer.addWidget(label)
    outer.addStretch(1)
    clear_layout(outer)
    assert outer.count() == 0
    assert all(label.isHidden() for label in labels)
    qtbot.waitUntil(lambda: not any(shiboken6.isValid(label) for label in labels), timeout=5000)


def test_the_window_holds_no_widget_item_wrappers(window, qtbot):
    """Built, switched to Model mode, the sweep form refilled, a run added."""
    enter_model_mode(window, qtbot)
    panel = window.model_mode.sweep_panel
    qtbot.mouseClick(window.model_mode.bar.sweep_button, Qt.MouseButton.LeftButton)
    panel._fill_form()
    qtbot.mouseClick(window.optimizer_panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    left = widget_item_wrappers()
    assert left == [], [type(o.widget()).__name__ for o in left]
