"""Presentation mode: for a projector. F5 (or View ▸ Presentation mode) enters and leaves it,
Esc leaves it.

Entering hides the docks and toolbars (their arrangement is kept with ``saveState`` and comes
back on leaving), applies ``resources/presentation.qss`` (larger type), and makes the plots
readable from the back of a room: the plots' axis text ``AXIS_POINTS`` pt (colour bars keep
theirs: pyqtgraph drops labels that no longer fit) and every marker
``MARKER_SCALE`` times larger (markers of runs added meanwhile too). Leaving restores all of it.
The mode is a way of looking, not part of the session: nothing here touches the model.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar

MARKER_SCALE = 1.7
AXIS_POINTS = 15
_BASE = "_landscape_base_size"  # a marker's own size, kept on the item while scaled


class Presentation:
    def __init__(self, window) -> None:
        self.window = window
        self.active = False
        self._state = None
        self._fonts: list = []  # (axis, tick font, label font) to restore
        self.changed = lambda active: None  # the menu's check mark and Esc follow

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        w = self.window
        self.active = True
        self._state = w.saveState()
        for child in w.findChildren(QDockWidget) + w.findChildren(QToolBar):
            if child.parent() is w:
                child.hide()
        w.apply_theme(presentation=True)
        self._scale_axes()
        self.scale_markers()
        w.model.runsChanged.connect(self.scale_markers)
        self.changed(True)
        w.show_message("presentation mode: Esc or F5 leaves it", 4000)

    def leave(self) -> None:
        if not self.active:
            return
        w = self.window
        self.active = False
        w.model.runsChanged.disconnect(self.scale_markers)
        self._restore_markers()
        self._restore_axes()
        w.apply_theme(presentation=False)
        if self._state is not None:
            w.restoreState(self._state)
        self._state = None
        self.changed(False)

    # -- plots --------------------------------------------------------------------------------
    def _plots(self):
        import pyqtgraph as pg

        w = self.window
        return [v for v in w.findChildren(pg.GraphicsView)]

    def scale_markers(self) -> None:
        """Every marker not yet scaled (``QTimer`` later for layers made by the views' own
        slots on the same signal)."""
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self._scale_now)

    def _scale_now(self) -> None:
        import pyqtgraph as pg

        if not self.active:
            return
        for view in self._plots():
            for item in view.scene().items():
                if isinstance(item, pg.ScatterPlotItem) and not hasattr(item, _BASE):
                    base = item.opts.get("size", 7)
                    setattr(item, _BASE, base)
                    item.setSize(base * MARKER_SCALE)

    def _restore_markers(self) -> None:
        import pyqtgraph as pg

        for view in self._plots():
            for item in view.scene().items():
                if isinstance(item, pg.ScatterPlotItem) and hasattr(item, _BASE):
                    item.setSize(getattr(item, _BASE))
                    delattr(item, _BASE)

    def _scale_axes(self) -> None:
        import pyqtgraph as pg

        font = QFont(QApplication.font())
        font.setPointSize(AXIS_POINTS)
        self._fonts = []
        for view in self._plots():
            for item in view.scene().items():
                if isinstance(item, pg.AxisItem) and not isinstance(
                    item.parentItem(), pg.ColorBarItem
                ):  # a colour bar keeps its size: larger labels would be dropped
                    self._fonts.append((item, item.style.get("tickFont"), item.label.font()))
                    item.setStyle(tickFont=font)
                    item.label.setFont(font)

    def _restore_axes(self) -> None:
        for axis, tick_font, label_font in self._fonts:
            axis.setStyle(tickFont=tick_font)
            axis.label.setFont(label_font)
        self._fonts = []
