"""``--screenshot``: wait until the window is ready, go to a step, save the window, quit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QBuffer, QByteArray, QElapsedTimer, QIODevice, QTimer
from PySide6.QtWidgets import QApplication

from landscape import safe_write
from landscape.errors import InputError

TIMEOUT_MS = 90_000
SETTLE_MS = 400


def save_png(image, path: str) -> None:
    """Encode the QImage/QPixmap ``image`` as PNG and write it with
    :func:`landscape.safe_write.write_bytes` (links followed, devices refused, atomic)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = not image.isNull() and image.save(buffer, "PNG")
    buffer.close()
    if not ok:
        raise InputError(f"cannot write {path}: the window could not be captured")
    safe_write.write_bytes(path, bytes(data))


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
        surface_ready = (
            not w.surface_view.isVisible()
            or w.surface_view.gl is None
            or w.surface_view.current_landscape is w.model.landscape
        )
        surface_pending = w.surface_view.gl is None and "Preparing" in w.surface_view.message.text()
        if not w.is_ready() and w.is_settled():  # nothing could be drawn: show why, then say it
            self._timer.stop()
            self.failure = w.function_bar.error_text() or str(w.model.landscape_error or "")
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
        _paint_gl(w, image)
        try:
            save_png(image, self.path)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.status = 2
        else:
            print(f"saved {self.path} ({image.width()}x{image.height()})")
            self.status = 0
            if self.failure:
                print(f"error: no landscape could be drawn: {self.failure}", file=sys.stderr)
                self.status = 2
        w.remember = False
        w.close()
        QApplication.instance().exit(self.status)


def _paint_gl(window, pixmap) -> None:
    """Draw the 3D view's own frame over ``pixmap`` (QWidget.grab leaves out what GL items
    paint with a QPainter, such as the axes' tick values, which the screen shows)."""
    view = getattr(window, "surface_view", None)
    if view is None or not view.available or not view.isVisible():
        return
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QPainter

    frame = view.grab_image()
    painter = QPainter(pixmap)
    holder = view.gl_widget
    painter.drawImage(QRect(holder.mapTo(window, QPoint(0, 0)), holder.size()), frame)
    legend = getattr(view, "legend", None)  # the overlay over the GL view: drawn over it again
    if legend is not None and legend.isVisible():
        legend.render(painter, legend.mapTo(window, QPoint(0, 0)))
    painter.end()
