"""One throttle and one debounce, in the manner of superqt's ``qthrottled`` / ``qdebounced``.

Both wrap a callable that takes no arguments (it reads what it needs from the model when it
runs, so a late call never acts on a stale copy) and live on the GUI thread.

- :class:`Throttle`: ``fn`` runs at most once per ``interval_ms``. A call when the interval
  since the last run is up runs at once (leading edge); calls inside the interval are coalesced
  into one run when it is up (trailing edge), so the latest state is always drawn.
- :class:`Debounce`: ``fn`` runs ``interval_ms`` after the last call (a burst of edits, one
  request). ``interval_ms=0`` coalesces the calls of one event-loop turn.

``flush()`` runs a pending call now; ``cancel()`` drops it; ``pending()`` says whether one waits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer


class Debounce(QObject):
    """Run ``fn`` once, ``interval_ms`` after the last :meth:`__call__`."""

    def __init__(self, interval_ms: int, fn: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self.fn = fn
        self._timer = QTimer(self, singleShot=True, interval=int(interval_ms))
        self._timer.timeout.connect(self._fire)

    def __call__(self, *_args) -> None:
        self._timer.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    def cancel(self) -> None:
        self._timer.stop()

    def flush(self) -> None:
        if self._timer.isActive():
            self._fire()

    def _fire(self) -> None:
        self._timer.stop()
        self.fn()


class Throttle(QObject):
    """Run ``fn`` at most once per ``interval_ms``: leading edge, and one trailing run."""

    def __init__(self, interval_ms: int, fn: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self.fn = fn
        self.interval_ms = int(interval_ms)
        self._clock = QElapsedTimer()  # since fn last ran
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._fire)

    def __call__(self, *_args) -> None:
        left = self.interval_ms - self._clock.elapsed() if self._clock.isValid() else 0
        if left <= 0:
            self._fire()
        elif not self._timer.isActive():
            self._timer.start(int(left) + 1)

    def ran(self) -> None:
        """``fn`` (or its equivalent) was just run by hand: the interval starts now and any
        pending run is dropped."""
        self._timer.stop()
        self._clock.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    def cancel(self) -> None:
        self._timer.stop()

    def flush(self) -> None:
        if self._timer.isActive():
            self._fire()

    def _fire(self) -> None:
        self.ran()
        self.fn()
