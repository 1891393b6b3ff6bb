"""``--screenshot``: wait until the window is ready, go to a step, save the window, quit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

TIMEOUT_MS = 90_000
SETTLE_MS = 400


class Screenshot:
    def __init__(self, window, path: str, steps: int | None) -> None:
        self.window, self.path, self.steps = window, path, steps
        self.status = 1
        self.failure = ""  # why no landscape could be drawn (the picture shows it too)
        self._clock = QElapsedTimer()
        self._timer = QTimer(interval=50)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._clock.start()
        self._timer.start()

    def _poll(self) -> None:
        w = self.window
        surface_ready = (not w.surface_view.isVisible() or w.surface_view.gl is None
                         or w.surface_view.current_landscape is w.model.landscape)
        surface_pending = w.surface_view.gl is None and "Preparing" in w.surface_view.message.text()
        if not w.is_ready() and w.is_settled():  # nothing could be drawn: show why, then say it
            self._timer.stop()
            self.failure = w.function_bar.error_text()
            QTimer.singleShot(SETTLE_MS, self._grab)
        elif w.is_ready() and surface_ready and not surface_pending:
            self._timer.stop()
            last = w.model.last_frame()
            w.model.set_frame(last if self.steps is None else min(self.steps, last))
            QTimer.singleShot(SETTLE_MS, self._grab)
        elif self._clock.elapsed() > TIMEOUT_MS:
            self._timer.stop()
            print("error: the window was not ready in time for the screenshot", file=sys.stderr)
            QApplication.instance().exit(1)

    def _grab(self) -> None:
        w = self.window
        QApplication.processEvents()
        image = w.grab()
        if image.isNull() or not image.save(self.path, "PNG"):
            print(f"error: could not write {self.path}", file=sys.stderr)
            self.status = 1
        elif self.failure:
            print(f"saved {self.path} ({image.width()}x{image.height()})")
            print(f"error: no landscape could be drawn: {self.failure}", file=sys.stderr)
            self.status = 2
        else:
            print(f"saved {self.path} ({image.width()}x{image.height()})")
            self.status = 0
        w.remember = False
        w.close()
        QApplication.instance().exit(self.status)
