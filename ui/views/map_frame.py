"""What frames the map: the hatch that marks undefined samples, the "Reset view" button in
its corner, and the colour bar's ticks.

- :class:`HatchRect` covers exactly the sampled grid, under the image (whose undefined, NaN,
  samples are transparent): only places where f is really undefined read as hatched, never
  area that was not sampled (yet).
- :func:`reset_button` / :func:`place_in_corner`: a button over the plot (a child of the view
  widget, not of the plot, so grabs and exported frames never show it), kept in the view
  box's top-right corner.
- :func:`set_color_bar_ticks`: the core's ticks (:attr:`landscape.scene.LandscapeData.
  color_ticks`, distinct readable labels) at their positions on the bar (0..1), every label
  drawn: pyqtgraph's text-fill limit and overlap rule would drop some.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsRectItem, QToolButton, QWidget


class HatchRect(QGraphicsRectItem):
    """A rectangle in data units filled with a hatch drawn in device pixels (the pattern
    keeps its spacing at every zoom), no outline."""

    def __init__(self) -> None:
        super().__init__()
        self.setPen(pg.mkPen(None))
        self.setBrush(QBrush(QColor(95, 97, 108), Qt.BrushStyle.BDiagPattern))

    def paint(self, painter, option, widget=None) -> None:
        rect = painter.transform().mapRect(self.rect())
        painter.save()
        painter.resetTransform()
        painter.fillRect(rect, self.brush())
        painter.restore()


def reset_button(parent: QWidget) -> QToolButton:
    """The "Reset view" button (placed by :func:`place_in_corner`)."""
    button = QToolButton(parent)
    button.setObjectName("ResetView")
    button.setText("Reset view")
    button.setToolTip(
        "Show the function's domain again (the fitted or typed x and y ranges); "
        "double-clicking the map does the same"
    )
    return button


def place_in_corner(button: QToolButton, parent: QWidget, plot, view_box) -> None:
    """Move ``button`` (a child of ``parent``) into ``view_box``'s top-right corner, 6 px in."""
    rect = view_box.sceneBoundingRect()
    corner = plot.mapTo(parent, plot.mapFromScene(rect.topRight()))
    button.adjustSize()
    button.move(corner.x() - button.width() - 6, corner.y() + 6)
    button.raise_()


def set_color_bar_ticks(cbar: pg.ColorBarItem, data) -> None:
    """``data``'s colour-bar ticks on ``cbar`` (values 0..1), all drawn, and its title."""
    ticks = list(getattr(data, "color_ticks", None) or [])
    positions = getattr(data, "color_tick_positions", None)
    if not ticks or positions is None:
        cbar.axis.setTicks([[], []])
    else:
        labels = [(float(p), label) for p, (_v, label) in zip(positions, ticks, strict=True)]
        cbar.axis.setTicks([labels, []])
    cbar.axis.setStyle(textFillLimits=[(0, 1.0)], hideOverlappingLabels=False)
    cbar.setLabel("left", "f (log scale)" if data.scale == "log" else "f")
    title = cbar.getAxis("left")
    title.resizeEvent()  # pyqtgraph centres a label only on resize: "f" → "f (log scale)"
