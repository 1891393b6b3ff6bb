"""One 2D pane of an exported frame: a pyqtgraph GraphicsView drawn into QImages, in two layers.

Everything that does not move (image, contour lines, axes, colour bar) is drawn once; per frame
only the moving items (trails, points, vectors, the start marker and, in the loss panel, the
curves and the cursor) are drawn over a copy of it. The result is pixel-identical to a full
redraw (the tests check) and several times faster. :meth:`GraphicsPanel.paint_vector` draws the
whole view into any painter (an SVG or PDF page), item by item, so curves stay vector.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter
from PySide6.QtWidgets import QApplication


@contextmanager
def _transparent(items):
    """Leave ``items`` out of the pictures drawn inside the block."""
    saved = [(item, item.opacity()) for item in items]
    for item, _ in saved:
        item.setOpacity(0.0)
    try:
        yield
    finally:
        for item, opacity in saved:
            item.setOpacity(opacity)


def _empty(item) -> bool:
    """Whether a pyqtgraph curve or scatter item holds no points."""
    if hasattr(item, "xData") and not hasattr(item, "scatter"):  # PlotCurveItem
        return item.xData is None or len(item.xData) == 0
    data = getattr(item, "data", None)
    if isinstance(data, np.ndarray) and data.dtype.names is not None:  # ScatterPlotItem
        return len(data) == 0
    return False


def _descendants(item) -> list:
    out = []
    for child in item.childItems():
        out.append(child)
        out.extend(_descendants(child))
    return out


class GraphicsPanel:
    """A pyqtgraph GraphicsView drawn into QImages of its own size, in two layers (see the
    module docstring) unless ``layered`` is False. ``moving()`` lists the items that change
    with the frame."""

    def __init__(self, view, moving, layered: bool = True) -> None:
        self.view, self.moving, self.layered = view, moving, layered
        self.background: QImage | None = None
        self.under: QImage | None = None
        self.areas: list[QRect] = []
        self._hidden: list = []
        self._brush = None
        self._signature = None

    def _paint(self, image: QImage) -> None:
        painter = QPainter(image)
        try:
            self.view.render(
                painter, QRectF(0, 0, image.width(), image.height()), self.view.viewport().rect()
            )
        finally:
            painter.end()

    def full(self) -> QImage:
        image = QImage(self.view.width(), self.view.height(), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        self._paint(image)
        return image

    def settle(self, tries: int = 4) -> None:
        """Paint until the layout stops moving: pyqtgraph sizes its axes to the tick labels
        while painting, which can shift the plot once after the first paint."""
        previous = None
        for _ in range(tries):
            image = self.full()
            QApplication.processEvents()
            if previous is not None and image == previous:
                return
            previous = image

    def render(self) -> QImage:
        if not self.layered:
            return self.full()
        moving = self.moving()
        signature = (len(self.view.scene().items()), tuple(id(i) for i in moving))
        if signature != self._signature:
            self._prepare(moving)
            self._signature = signature
        for item in moving:  # an empty item draws nothing: skip pyqtgraph's paint call
            item.setVisible(not _empty(item))
        work = (self.under if self.under is not None else self.background).copy()
        self._paint(work)
        if self.under is None:
            return work
        image = self.background.copy()
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for rect in self.areas:
            painter.drawImage(rect, work, rect)
        painter.end()
        return image

    def _prepare(self, moving: list) -> None:
        """Draw the still layers once, then leave visible only what is drawn per frame: the
        moving items and the still items painted over them where they move (an axis line
        or grid drawn above a curve). Per frame both are drawn over the picture without
        them, and the moving areas of that replace the same areas of the still picture."""
        self.restore()
        self.settle()
        keep, self.areas = self._areas(moving)
        with _transparent(moving):
            self.background = self.full()
            over = [item for item in self._painted_after(moving, keep) if self._paints_inside(item)]
            with _transparent(over):
                self.under = self.full() if over else None
        keep.update(over)
        keep.update(child for item in over for child in _descendants(item))
        for item in self.view.scene().items():
            if item not in keep and item.opacity() > 0:
                self._hidden.append((item, item.opacity()))
                item.setOpacity(0.0)
        self._brush = self.view.backgroundBrush()
        self.view.setBackgroundBrush(QBrush(Qt.BrushStyle.NoBrush))

    def _areas(self, moving: list) -> tuple[set, list[QRect]]:
        """``keep``: the moving items, their children and ancestors; the areas (view pixels)
        where they can appear: the rectangles of the items that clip them (view boxes)."""
        keep, clips = set(), []
        for item in moving:
            keep.add(item)
            keep.update(_descendants(item))
            parent, clip = item.parentItem(), None
            clips_flag = item.GraphicsItemFlag.ItemClipsChildrenToShape
            while parent is not None:
                keep.add(parent)
                if clip is None and parent.flags() & clips_flag:
                    clip = parent
                parent = parent.parentItem()
            clips.append(clip or item)
        bounds = self.view.viewport().rect()
        rects = []
        for clip in dict.fromkeys(clips):
            rect = self.view.mapFromScene(clip.sceneBoundingRect()).boundingRect()
            rect = rect.adjusted(-2, -2, 2, 2).intersected(bounds)
            if not any(r.contains(rect) for r in rects):
                rects.append(rect)
        return keep, rects

    def _painted_after(self, moving: list, keep: set) -> list:
        order = self.view.scene().items(Qt.SortOrder.AscendingOrder)
        first = min((order.index(item) for item in moving if item in order), default=len(order))
        return [
            item
            for item in order[first + 1 :]
            if item not in keep and item.isVisible() and item.opacity() > 0
        ]

    def _paints_inside(self, item) -> bool:
        """Whether ``item`` changes any pixel inside the moving areas."""
        with _transparent([item]):
            without = self.full()
        return any(without.copy(r) != self.background.copy(r) for r in self.areas)

    def restore(self) -> None:
        """Show the still items again (the panel then draws fully, as in the app)."""
        for item in self.moving():
            item.setVisible(True)
        self.under, self.areas = None, []
        for item, opacity in self._hidden:
            item.setOpacity(opacity)
        self._hidden = []
        if self._brush is not None:
            self.view.setBackgroundBrush(self._brush)
            self._brush = None
        self.background, self._signature = None, None

    def paint_vector(self, painter: QPainter, target: QRectF) -> None:
        """Draw the whole view (still and moving items) into ``painter`` at ``target``: on an
        SVG generator or a PDF writer the curves, lines and text stay vector; the colour
        map image is embedded at the grid's resolution."""
        self.restore()
        self.view.render(painter, target, self.view.viewport().rect())
