"""Small windows (a laptop at 1280×720 or 1024×768, or 200 % scaling): the map keeps the
space and the docks give way first.

:func:`fit_docks` runs after every resize of the main window. A dock on the left or right is
narrowed to at most ``SIDE_SHARE`` of the window's width, one at the top or bottom to at most
``BOTTOM_SHARE`` of its height, never below the dock's own minimum size (nothing is cut off);
a dock the person made smaller stays as it is. When the views are narrow the map gets
``MAP_SHARE`` of them beside the surface.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

SIDE_SHARE = 0.32
BOTTOM_SHARE = 0.22
MAP_SHARE = 0.6
#: views narrower than this share them MAP_SHARE : 1 - MAP_SHARE
NARROW_VIEWS = 1000


def fit_docks(window) -> None:
    areas = Qt.DockWidgetArea
    sides, bottoms = [], []
    for dock in window.docks.values():
        if not dock.isVisible() or dock.isFloating():
            continue
        area = window.dockWidgetArea(dock)
        if area in (areas.LeftDockWidgetArea, areas.RightDockWidgetArea):
            sides.append(dock)
        elif area in (areas.TopDockWidgetArea, areas.BottomDockWidgetArea):
            bottoms.append(dock)
    _cap(window, sides, Qt.Orientation.Horizontal, window.width() * SIDE_SHARE)
    _cap(window, bottoms, Qt.Orientation.Vertical, window.height() * BOTTOM_SHARE)
    _share_views(window)


def _cap(window, docks, orientation, limit: float) -> None:
    horizontal = orientation == Qt.Orientation.Horizontal
    over, sizes = [], []
    for dock in docks:
        hint = dock.minimumSizeHint()
        least = hint.width() if horizontal else hint.height()
        size = dock.width() if horizontal else dock.height()
        target = int(max(least, limit))
        if size > target + 2:
            over.append(dock)
            sizes.append(target)
    if over:
        window.resizeDocks(over, sizes, orientation)


def _share_views(window) -> None:
    views = window.views
    if views.count() < 2 or not all(views.widget(i).isVisible() for i in range(2)):
        return
    total = sum(views.sizes())
    if total <= 0 or total >= NARROW_VIEWS:
        return
    first = int(total * MAP_SHARE)
    if abs(views.sizes()[0] - first) > 4:
        views.setSizes([first, total - first])
