"""LaTeX drawn in Qt: the SVG of :func:`landscape.typeset.svg_of` rendered by QtSvg.

:func:`math_image` gives a transparent ``QImage`` (cached per formula, size, colour and
device pixel ratio), or None when the LaTeX cannot be set (show the text instead).
:class:`MathLabel` is a label that shows a formula, with its LaTeX as the tooltip and plain
text as the fallback.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

from landscape.typeset import svg_of


@functools.lru_cache(maxsize=256)
def math_image(latex: str, size: float = 16.0, color: str = "#000000", ratio: float = 1.0):
    """``latex`` as a transparent QImage at font ``size`` px (times ``ratio`` device pixels
    per px, the image's devicePixelRatio set to it), or None if it cannot be set."""
    svg = svg_of(latex, size, color)
    if svg is None:
        return None
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    if not renderer.isValid():
        return None
    logical = renderer.defaultSize()
    if logical.isEmpty():
        return None
    pixels = QSize(max(1, round(logical.width() * ratio)), max(1, round(logical.height() * ratio)))
    image = QImage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels.width(), pixels.height()))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


class MathLabel(QLabel):
    """A label showing one LaTeX formula; ``fallback`` text where it cannot be typeset."""

    def __init__(self, parent: QWidget | None = None, size: float = 16.0) -> None:
        super().__init__(parent)
        self._size = size
        self.latex: str | None = None
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_math(self, latex: str | None, fallback: str = "", color: str | None = None) -> bool:
        """Show ``latex`` typeset (True) or ``fallback`` as text (False)."""
        self.latex = latex
        colour = color or self.palette().windowText().color().name()
        image = None
        if latex:
            image = math_image(latex, self._size, colour, self.devicePixelRatioF())
        if image is None:
            self.setPixmap(QPixmap())
            self.setText(fallback)
            self.setToolTip("")
            return False
        self.setText("")
        self.setPixmap(QPixmap.fromImage(image))
        self.setToolTip(latex)
        return True
