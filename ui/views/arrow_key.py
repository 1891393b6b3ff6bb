"""The key to the arrows: how each kind is drawn, and what it means, in words and as icons.

Every arrow is drawn in its run's colour; the kinds differ by stroke (``ARROW_STYLES``: kind →
(pen width in pixels, dash pattern or None)). ``ARROW_HELP`` holds the sentence a tooltip or
the key shows for each kind (it explains, it does not repeat the label). ``arrow_icon`` draws
a kind's stroke as a small picture for the toggles, and :class:`ArrowKey` is the whole key.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ui.views.arrows import GRADIENT_SHARE, MAX_SHARE

#: kind -> (width in pixels, dash pattern in pen widths or None); the colour is the run's
ARROW_STYLES: dict[str, tuple[float, list[float] | None]] = {
    "gradient": (2.0, None),
    "step": (2.5, [2.0, 2.0]),
    "velocity": (2.0, [5.0, 3.0]),
    "newton": (2.0, [8.0, 3.0, 2.0, 3.0]),
}

_SCALED = (
    f"At the run's start it is {GRADIENT_SHARE:.0%} of the view; elsewhere its length is "
    f"‖∇f‖ relative to the start's (−∇f length: scaled), or falls by the same amount per "
    f"decade of ‖∇f‖ (log length), or stays the start's (unit direction); never over "
    f"{MAX_SHARE:.0%} of the view."
)
ARROW_HELP = {
    "gradient": (
        "−∇f: the direction of steepest descent at the run's current point, the way plain "
        "gradient descent would go. " + _SCALED + " Not drawn where ‖∇f‖ is at or below the "
        "run's tolerance gtol: there the run has converged and the direction is noise."
    ),
    "step": (
        "Actual step: where the optimizer goes next, xₖ₊₁ − xₖ, drawn to scale. It differs "
        "from −∇f when the method uses momentum, curvature or a line search."
    ),
    "velocity": (
        "Velocity: the momentum buffer v (momentum, Nesterov) or Adam's first moment m, drawn "
        "to scale: the running average of past gradients that pushes the run on."
    ),
    "newton": (
        "Newton step: the step −(∇²f)⁻¹∇f that Newton's method takes from the current point "
        "(safeguarded where ∇²f is not positive definite), drawn to scale."
    ),
    "trials": (
        "Line-search trials: the points a line search or trust region tried before accepting "
        "the step (circles; the accepted one is the next point on the trail)."
    ),
    "field": (
        "Gradient field: −∇f on a grid over the whole map, all at the same length, so that "
        "the flow of steepest descent shows everywhere (not tied to a run)."
    ),
}


def _pen(kind: str, color: QColor) -> QPen:
    width, dash = ARROW_STYLES.get(kind, (1.5, None))
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if dash:
        pen.setDashPattern(dash)
    return pen


def arrow_icon(kind: str, color: QColor | str = "#dddddd", size: int = 22) -> QIcon:
    """A small picture of how ``kind`` is drawn (an arrow, circles, or a field of arrows)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(color)
    s = float(size)
    if kind == "trials":
        painter.setPen(QPen(color, 1.5))
        for x in (0.25, 0.5, 0.78):
            painter.drawEllipse(QPointF(x * s, (1.0 - x) * s * 0.9 + 0.05 * s), 2.5, 2.5)
    elif kind == "field":
        painter.setPen(QPen(color, 1.0))
        for x in (0.2, 0.6):
            for y in (0.25, 0.7):
                _draw_arrow(painter, QPointF(x * s, y * s), QPointF((x + 0.28) * s, y * s), 3.0)
    else:
        painter.setPen(_pen(kind, color))
        _draw_arrow(painter, QPointF(0.12 * s, 0.82 * s), QPointF(0.86 * s, 0.2 * s), 6.0)
    painter.end()
    return QIcon(pixmap)


def _draw_arrow(painter: QPainter, tail: QPointF, tip: QPointF, head: float) -> None:
    import math

    painter.drawLine(tail, tip)
    angle = math.atan2(tip.y() - tail.y(), tip.x() - tail.x())
    pen = QPen(painter.pen())
    pen.setStyle(Qt.PenStyle.SolidLine)  # a dashed head would not read as a head
    painter.setPen(pen)
    for sign in (1.0, -1.0):
        a = angle + math.pi - sign * math.radians(26)
        painter.drawLine(tip, QPointF(tip.x() + head * math.cos(a), tip.y() + head * math.sin(a)))


class ArrowKey(QWidget):
    """The key as a small panel: for each kind, its stroke, its label and what it means
    (``labels``: kind → the label of its toggle)."""

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ArrowKey")
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(8)
        intro = QLabel("Arrows start at each run's current point, in the run's colour.")
        grid.addWidget(intro, 0, 0, 1, 3)
        text_colour = self.palette().color(self.foregroundRole())
        self.rows: dict[str, QLabel] = {}
        for row, (kind, text) in enumerate(ARROW_HELP.items(), start=1):
            icon = QLabel()
            icon.setPixmap(arrow_icon(kind, text_colour, 28).pixmap(28, 28))
            label, stroke = labels.get(kind, kind), _stroke_words(kind)
            name = QLabel(f"<b>{label}</b><br/><small>{stroke}</small>")
            meaning = QLabel(text)
            meaning.setWordWrap(True)
            meaning.setMinimumWidth(380)
            grid.addWidget(icon, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(meaning, row, 2)
            self.rows[kind] = meaning


def _stroke_words(kind: str) -> str:
    return {
        "gradient": "solid arrow",
        "step": "dotted arrow",
        "velocity": "dashed arrow",
        "newton": "dash-dot arrow",
        "trials": "circles",
        "field": "small pale arrows",
    }.get(kind, "")
