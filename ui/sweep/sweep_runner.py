"""A sweep off the GUI thread: :func:`landscape.models.sweep.run_sweep` on a Python thread (it
runs its jobs in a process pool), with progress, cancel and the result as queued signals."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from landscape.errors import InputError


class SweepRunner(QObject):
    progress = Signal(int, int)  # runs done, runs in all
    finished = Signal(object)  # the SweepResult (``cancelled`` when stopped early)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, **kwargs) -> None:
        """``run_sweep(**kwargs)`` on a new thread (one sweep at a time)."""
        if self.running():
            raise RuntimeError("a sweep is already running")
        self._cancel = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(kwargs, self._cancel), name="sweep", daemon=True
        )
        self._thread.start()

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def cancel(self) -> None:
        """Stop after the batches now running (their rows are kept)."""
        self._cancel.set()

    def wait(self, seconds: float = 30.0) -> bool:
        if self._thread is not None:
            self._thread.join(seconds)
        return not self.running()

    def _run(self, kwargs: dict, cancel: threading.Event) -> None:  # on the sweep thread
        from landscape.models.sweep import run_sweep

        try:
            result = run_sweep(**kwargs, progress=self.progress.emit, cancel=cancel.is_set)
        except InputError as exc:
            self.failed.emit(exc.message + (f". {exc.hint}" if exc.hint else ""))
        except Exception as exc:  # noqa: BLE001 - shown in the panel, not raised
            self.failed.emit(f"{type(exc).__name__}: {str(exc)[:300]}")
        else:
            self.finished.emit(result)
