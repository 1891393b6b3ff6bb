"""LaTeX drawn in Qt: the SVG of :func:`landscape.typeset.svg_of` rendered by QtSvg.

:func:`math_image` gives a transparent ``QImage`` (cached per formula, size, colour and
device pixel ratio), or None when the LaTeX cannot be set (show the text instead). The SVG
is always made black (so one SVG, made off the GUI thread, serves every theme) and the
pixels recoloured here. :func:`prepare_math` makes the SVGs of some formulas on the
background hub and says when they are ready, so the GUI thread never runs ziamath's layout
(tens of ms per formula). :class:`MathLabel` is a label that shows a formula, with its
LaTeX as the tooltip and wrapped plain text as the fallback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from functools import partial

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from landscape.typeset import FORMULA_SIZE, svg_of
from ui.state.background import background_hub

BLACK = "#000000"
#: blank margin around a formula's image, in font sizes
PAD = 0.12
#: a formula is drawn at no less than this share of its size to fit a width
MIN_SCALE = 0.6


@functools.lru_cache(maxsize=256)
def math_image(
    latex: str,
    size: float = FORMULA_SIZE,
    color: str = BLACK,
    ratio: float = 1.0,
    scale: float = 1.0,
):
    """``latex`` as a transparent QImage at font ``size`` px (times ``ratio`` device pixels
    per px, the image's devicePixelRatio set to it) in ``color``, or None if it cannot be
    set. ``scale`` < 1 draws the same SVG smaller (still vector-sharp: no new layout)."""
    svg = svg_of(latex, size)
    if svg is None:
        return None
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    if not renderer.isValid():
        return None
    logical = renderer.defaultSize()
    if logical.isEmpty():
        return None
    pad = PAD * size * ratio * scale  # ziamath's box is tight: superscripts touch it
    width, height = logical.width() * ratio * scale, logical.height() * ratio * scale
    pixels = QSize(max(1, round(width + 2 * pad)), max(1, round(height + 2 * pad)))
    image = QImage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(pad, pad, width, height))
    if QColor(color) != QColor(BLACK):  # the ink keeps its alpha, takes the colour
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), QColor(color))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def _svgs(latexes: tuple[str, ...], size: float, cancelled: Callable[[], bool]):
    """On the background hub: make (and cache) the SVG of each formula."""
    for latex in latexes:
        if cancelled():
            break
        svg_of(latex, size)
    return latexes


class _Listener(QObject):
    """Receives the background hub's results for one channel and hands them to ``done``
    (a child of the object that asked, so it stops listening when that object goes)."""

    def __init__(self, parent: QObject, channel: str) -> None:
        super().__init__(parent)
        self.channel = channel
        self.done: Callable[[tuple], None] = lambda _r: None
        hub = background_hub()
        hub.finished.connect(self._on_finished)
        hub.failed.connect(self._on_failed)

    def _on_finished(self, channel: str, result: object) -> None:
        if channel == self.channel and shiboken6.isValid(self):
            self.done(result)  # type: ignore[arg-type]

    def _on_failed(self, channel: str, _exc: object) -> None:
        if channel == self.channel and shiboken6.isValid(self):
            self.done(())  # nothing prepared: the labels still draw (or show their text)


def prepare_math(
    owner: QObject, latexes: Sequence[str], done: Callable[[tuple], None], size=FORMULA_SIZE
) -> None:
    """Make the SVGs of ``latexes`` off the GUI thread, then call ``done(latexes)`` on it.
    A newer call for the same ``owner`` supersedes an older one (only its ``done`` runs)."""
    listener = owner.findChild(_Listener, "MathListener")
    if listener is None:
        listener = _Listener(owner, f"math:{id(owner)}")
        listener.setObjectName("MathListener")
    listener.done = done
    background_hub().submit(listener.channel, partial(_svgs, tuple(latexes), float(size)))


class MathLabel(QLabel):
    """A label showing one LaTeX formula; ``fallback`` text (wrapped) where it cannot be
    typeset."""

    def __init__(
        self, parent: QWidget | None = None, size: float = FORMULA_SIZE, max_width: int = 0
    ) -> None:
        """``max_width`` > 0: a wider formula is drawn smaller to fit, down to
        :data:`MIN_SCALE`; below that it is shown as its fallback text."""
        super().__init__(parent)
        self._size = size
        self.max_width = max_width
        self._fallback, self._color = "", None
        self.latex: str | None = None
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A new theme (palette): the formula is drawn again in the new text colour."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.latex and self._color is None:
            self.show_math(self.latex, self._fallback)

    def typeset(self) -> bool:
        """Whether a formula is shown as an image (not as text)."""
        return self.pixmap() is not None and not self.pixmap().isNull()

    def show_math(self, latex: str | None, fallback: str = "", color: str | None = None) -> bool:
        """Show ``latex`` typeset (True) or ``fallback`` as text (False)."""
        self.latex, self._fallback, self._color = latex, fallback, color
        colour = color or self.palette().windowText().color().name()
        image = None
        if latex:
            ratio = self.devicePixelRatioF()
            image = math_image(latex, self._size, colour, ratio)
            width = image.width() / ratio if image is not None else 0
            if self.max_width and width > self.max_width:
                scale = self.max_width / width
                image = math_image(latex, self._size, colour, ratio, scale)
                if scale < MIN_SCALE:
                    image = None
        if image is None:
            self.setPixmap(QPixmap())
            self.setWordWrap(True)  # long plain text wraps (an image's height ignores it)
            self.setText(fallback)
            self.setToolTip("")
            return False
        self.setText("")
        self.setWordWrap(False)
        self.setPixmap(QPixmap.fromImage(image))
        self.setToolTip(latex)
        return True
