"""Heavy work off the GUI thread: compile, sample, contour lines, optimizer runs.

Each job runs a plain function on a :class:`QThreadPool` thread and hands back plain data
through a queued signal. Jobs go to *channels* ("landscape", "run:3", …): submitting to a
channel supersedes the job before it (its cancel flag is set and its result dropped by
request id), so only the newest answer ever reaches the views. Only the GUI thread touches
widgets: the hub's signals are delivered there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from landscape.errors import InputError, LandscapeError
from ui.state import error_log


class _Relay(QObject):
    """Lives on the GUI thread; emitted from pool threads, so delivery is queued."""

    done = Signal(str, int, object)
    failed = Signal(str, int, object)


class _Job(QRunnable):
    def __init__(
        self,
        channel: str,
        rid: int,
        fn: Callable[[Callable[[], bool]], Any],
        cancel: threading.Event,
        relay: _Relay,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._channel, self._rid, self._fn = channel, rid, fn
        self._cancel, self._relay = cancel, relay

    def run(self) -> None:  # on a pool thread: no widgets here
        try:
            result = self._fn(self._cancel.is_set)
        except (InputError, LandscapeError) as exc:  # bad input, budget, cancelled
            self._relay.failed.emit(self._channel, self._rid, exc)
        except Exception as exc:  # noqa: BLE001 - a bug: logged, and one line for the person
            line = error_log.report_unexpected(exc)
            self._relay.failed.emit(self._channel, self._rid, LandscapeError(line))
        else:
            self._relay.done.emit(self._channel, self._rid, result)


class WorkerHub(QObject):
    """Submits jobs by channel; emits ``finished``/``failed`` only for each channel's newest."""

    finished = Signal(str, object)
    failed = Signal(str, object)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, threads))
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._current: dict[str, int] = {}
        self._cancel: dict[str, threading.Event] = {}
        self._next = 1

    def submit(self, channel: str, fn: Callable[[Callable[[], bool]], Any]) -> int:
        """Run ``fn(cancelled)`` on a pool thread; ``cancelled()`` turns True when superseded.

        Returns the request id; an older job on the same channel is cancelled and its result
        will be dropped.
        """
        self.cancel(channel)
        rid, self._next = self._next, self._next + 1
        event = threading.Event()
        was_busy = self.busy()
        self._current[channel], self._cancel[channel] = rid, event
        self._pool.start(_Job(channel, rid, fn, event, self._relay))
        if not was_busy:
            self.busyChanged.emit(True)
        return rid

    def cancel(self, channel: str) -> None:
        """Drop the channel's pending job (its result will be ignored)."""
        event = self._cancel.pop(channel, None)
        if event is not None:
            event.set()
        self._current.pop(channel, None)

    def cancel_prefix(self, prefix: str) -> None:
        for channel in [c for c in self._current if c.startswith(prefix)]:
            self.cancel(channel)

    def is_pending(self, channel: str) -> bool:
        return channel in self._current

    def busy(self) -> bool:
        return bool(self._current)

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every job ended (on shutdown and in tests)."""
        for event in self._cancel.values():
            event.set()
        return self._pool.waitForDone(msecs)

    def close(self, msecs: int = 3000) -> bool:
        """Cancel every job and drop every result still to come (the window is closing: a
        result delivered after this would reach widgets being torn down), then wait."""
        was_busy = self.busy()
        for channel in list(self._current):
            self.cancel(channel)
        if was_busy:
            self.busyChanged.emit(False)
        return self._pool.waitForDone(msecs)

    def _take(self, channel: str, rid: int) -> bool:
        if self._current.get(channel) != rid:
            return False  # stale: a newer request superseded it
        del self._current[channel]
        self._cancel.pop(channel, None)
        return True

    def _on_done(self, channel: str, rid: int, result: object) -> None:
        if self._take(channel, rid):
            self.finished.emit(channel, result)
            self._maybe_idle()

    def _on_failed(self, channel: str, rid: int, exc: object) -> None:
        if self._take(channel, rid):
            self.failed.emit(channel, exc)
            self._maybe_idle()

    def _maybe_idle(self) -> None:
        if not self.busy():
            self.busyChanged.emit(False)
