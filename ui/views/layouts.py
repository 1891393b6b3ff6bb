"""Nesting and clearing Qt layouts without leaving stale Python wrappers behind.

When a layout that already holds widgets is added to another (``addLayout``), PySide6 makes a
Python wrapper for each of its ``QWidgetItem`` s and keeps it alive with the parent layout.
Those items are not QObjects: when Qt deletes one (its widget is deleted or removed), the
wrapper stays registered at the freed address, and a later object allocated there is handed
out as that ``QWidgetItem``. The app saw this as ``labelForField`` returning a QWidgetItem and
as pyqtgraph's scatter paint receiving one instead of its pixmap fragments (type errors, and
potentially crashes). :func:`add_layout` nests the layout, then unregisters those wrappers
(``shiboken6.invalidate``: the C++ items stay with their layout, untouched);
:func:`clear_layout` empties a layout, deleting each taken item.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QLayout, QLayoutItem


def _is_plain_item(item) -> bool:
    """A layout item that is not a QObject (QWidgetItem, QSpacerItem): shiboken cannot see
    it being deleted."""
    return isinstance(item, QLayoutItem) and not isinstance(item, QLayout)


def forget_item_wrappers(layout: QLayout) -> None:
    """Unregister the Python wrappers of ``layout``'s plain items, nested layouts included."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        inner = item.layout()
        if inner is not None:
            forget_item_wrappers(inner)
        if _is_plain_item(item) and shiboken6.isValid(item):
            shiboken6.invalidate(item)


def add_layout(parent: QLayout, child: QLayout, *args) -> None:
    """``parent.addLayout(child, *args)`` (a box's stretch, a grid's row and column...), with
    the item wrappers that PySide made for ``child``'s widgets unregistered."""
    parent.addLayout(child, *args)
    forget_item_wrappers(child)


def clear_layout(layout: QLayout) -> None:
    """Remove every item of ``layout``: widgets hidden at once and deleted later, each taken
    item deleted (Qt leaves that to the caller)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        if isinstance(item, QLayout):
            clear_layout(item)
            item.deleteLater()
        elif _is_plain_item(item):
            shiboken6.delete(item)
