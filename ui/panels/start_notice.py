"""A notice above the map when the runs cannot start: f is not defined (or not finite) at the
start. It says so in words and offers the nearest defined point as a button.

The point comes from the core (:func:`landscape.nearest_defined.nearest_defined`, on the
landscape's own samples); the button sends ``moveRequested(x, y)``, which the window passes to
the controller's ``set_start``. The notice holds no fact: :meth:`StartNotice.offer` shows what it
is given, :meth:`StartNotice.dismiss` hides it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton


def _number(value: float) -> str:
    return f"{value:.4g}".replace("-", "−")


class StartNotice(QFrame):
    moveRequested = Signal(float, float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("StartNotice")
        self.point: tuple[float, float] | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setObjectName("StartNoticeText")
        self.label.setWordWrap(True)
        self.move_button = QPushButton()
        self.move_button.setObjectName("StartNoticeMove")
        self.move_button.clicked.connect(self._move)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Hide this notice (click the map to choose a start)")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        row.addWidget(self.label, 1)
        row.addWidget(self.move_button)
        row.addWidget(self.close_button)
        self.hide()

    def offer(
        self, start, point: tuple[float, float] | None, what: str = "f", why: str = "defined"
    ) -> None:
        """``start`` (x, y) cannot be used: ``what`` is not ``why`` ("defined", "finite")
        there; ``point``: the nearest defined one (None: nothing in the domain is defined)."""
        x, y = (_number(v) for v in start)
        self.point = point
        if point is None:
            self.label.setText(
                f"{what} is not {why} at the start ({x}, {y}), nor defined anywhere on this "
                "domain: "
                "widen the domain or change the function."
            )
            self.move_button.hide()
        else:
            px, py = (_number(v) for v in point)
            self.label.setText(
                f"{what} is not {why} at the start ({x}, {y}), so the runs cannot begin. "
                "The nearest point where it is defined:"
            )
            self.move_button.setText(f"Move the start to ({px}, {py})")
            self.move_button.show()
        self.show()

    def dismiss(self) -> None:
        self.point = None
        self.hide()

    def _move(self) -> None:
        if self.point is not None:
            x, y = self.point
            self.dismiss()
            self.moveRequested.emit(x, y)
