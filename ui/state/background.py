"""One worker hub for work that views and dialogs need but the landscape does not: typesetting
the values at the current point, the preset gallery's thumbnails.

It is separate from the controller's hub, so this work never makes the window "busy" nor
delays a landscape, and it lives as long as the application (a widget that goes away only
stops listening: its results are dropped by channel like any stale result). Jobs are plain
functions of ``cancelled()`` (see :class:`ui.state.workers.WorkerHub`); one thread, so they
queue behind each other instead of competing with the landscape's jobs for the two cores.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.state.workers import WorkerHub

_hub: WorkerHub | None = None


def background_hub() -> WorkerHub:
    """The application's background hub (made on first use, a child of the QApplication)."""
    global _hub
    app = QCoreApplication.instance()
    if _hub is None or _hub.parent() is not app:
        _hub = WorkerHub(app, threads=1)
        if app is not None:
            app.aboutToQuit.connect(_hub.wait)
    return _hub
