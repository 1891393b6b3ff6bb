"""Plot axes whose look depends only on what they show, never on what they showed before.

pyqtgraph keeps up to 10 px of text space from earlier, wider tick labels (so a plot once
zoomed out keeps a wider axis), which makes a view's pixels depend on its history: an export
drawn by fresh views would then differ from the app's. :class:`SteadyAxis` sizes its text space
to the current labels exactly, and honours ``enableAutoSIPrefix(False)``: pyqtgraph computes a
prefix even then, from the range shown at that moment, so an axis re-labelled while zoomed to
±0.2 read "−150 … 150" (×1000) for good.
"""

from __future__ import annotations

import pyqtgraph as pg


class SteadyAxis(pg.AxisItem):
    """A :class:`pyqtgraph.AxisItem` whose text space is exactly its current labels', and
    with no SI scaling at all while auto SI prefixes are off."""

    def updateAutoSIPrefix(self) -> None:  # noqa: N802 - pyqtgraph's name
        if getattr(self, "autoSIPrefix", True):
            super().updateAutoSIPrefix()
            return
        self.autoSIPrefixScale, self.labelUnitPrefix = 1.0, ""
        self._updateLabel()

    def _updateMaxTextSize(self, x: int) -> None:  # noqa: N802 - pyqtgraph's name
        if self.orientation in ("left", "right"):
            changed, self.textWidth = x != self.textWidth, x
            if changed and self.style["autoExpandTextSpace"]:
                self._updateWidth()
        else:
            changed, self.textHeight = x != self.textHeight, x
            if changed and self.style["autoExpandTextSpace"]:
                self._updateHeight()


def drawn_labels(axis: pg.AxisItem) -> list[str]:
    """The tick labels ``axis`` draws now (hidden ones left out), in reading order: bottom to
    top on a vertical axis, left to right on a horizontal one."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)  # the axis measures its text with an active painter
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if not specs:
        return []
    vertical = axis.orientation in ("left", "right")
    placed = [
        (-rect.center().y() if vertical else rect.center().x(), text)
        for rect, _flags, text in specs[2]
    ]
    return [text for _key, text in sorted(placed)]
