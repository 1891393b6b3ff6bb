"""Start the app: QApplication (high-DPI clean, Fusion, the saved theme), then the window.

The window shows first; sympy, the compiler and the GL view load after it is on screen.
"""

from __future__ import annotations

import os
import sys


def create_application(argv: list[str] | None = None):
    """The QApplication (created once), styled, with the app's names for QSettings."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ui.shell import settings

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        # GL views in other windows (the export's offscreen surface) share pyqtgraph's shaders
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(argv or ["landscape"])
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("Landscape")
    settings.configure_from_env()
    app.setStyle("Fusion")
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, imageAxisOrder="col-major")
    from ui.shell.theme import apply_theme, resolve

    apply_theme(app, resolve(settings.AppSettings().theme()))
    collect_garbage_on_the_gui_thread()
    return app


_COLLECTOR = None


def collect_garbage_on_the_gui_thread() -> None:
    """Python's cyclic collector, off, and run by a GUI-thread timer instead (pyqtgraph's
    GarbageCollector, once per process). Left on, a collection can start on a pool thread in
    the middle of a run and destroy a Qt object there, which deadlocks against the GUI thread
    (seen: the pool thread in QObject::~QObject waiting for the GIL, the GUI thread holding the
    GIL and waiting for that object's mutex).

    pyqtgraph's timer collects an older generation only after ten younger collections, and
    those only while the app allocates: garbage that reached generation 1 (a collection while
    it was being made) could wait forever in an idle app. Every :data:`OLDER_EVERY` ticks,
    generation 1 is collected too when it holds anything (cheap: it is small)."""
    global _COLLECTOR
    if _COLLECTOR is None:
        import gc

        from pyqtgraph.util.garbage_collector import GarbageCollector

        class _Collector(GarbageCollector):
            ticks = 0

            def check(self) -> None:
                super().check()
                self.ticks += 1
                if self.ticks % OLDER_EVERY == 0 and gc.get_count()[1] > 0:
                    gc.collect(1)

        _COLLECTOR = _Collector(interval=1.0)


#: seconds (collector ticks) between collections of generation 1 in an idle app
OLDER_EVERY = 3


def dark_palette():
    """The dark theme's palette (see :mod:`ui.shell.theme`)."""
    from ui.shell.theme import palette

    return palette("dark")


def style_sheet(name: str = "dark") -> str:
    from ui.shell.theme import style_sheet as sheet

    return sheet(name)


def gl_problem(no_3d: bool) -> str:
    """Why the 3D view is off ('' when it may be tried)."""
    if no_3d:
        return "3D view off (--no-3d). Everything else works."
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in ("offscreen", "minimal"):
        return (
            f"3D view unavailable: the '{platform}' platform has no OpenGL. Everything else works."
        )
    return ""


def checked_last_session(last: str | None, where: str) -> tuple[str | None, str]:
    """The last session's JSON if it still loads, and a note naming the settings file when
    it does not (the default session opens instead)."""
    if last is None:
        return None, ""
    from landscape.errors import InputError
    from landscape.session import from_json

    try:
        from_json(last, parse_text=False)
    except InputError as exc:
        note = f"the last session in {where} could not be restored ({exc}): the default opens"
        return None, note
    return last, ""


def run_app(args) -> int:
    """Open the window for checked ``landscape gui`` arguments; returns the exit status."""
    from landscape.errors import InputError
    from ui.state import error_log

    error_log.install()
    app = create_application()
    from ui.shell.launch import initial_session
    from ui.shell.main_window import MainWindow
    from ui.shell.settings import AppSettings

    shooting = bool(getattr(args, "screenshot", None))
    stored = AppSettings()
    explicit = any(getattr(args, k, None) for k in ("session", "preset", "function"))
    last = None if (shooting or explicit) else stored.last_session_json()
    last, note = checked_last_session(last, stored.path())
    try:
        session = initial_session(args, last)
    except InputError as exc:
        where = getattr(args, "session", None)
        print(f"error: {where + ': ' if where else ''}{exc}", file=sys.stderr)
        return 2
    reason = gl_problem(bool(getattr(args, "no_3d", False)))
    window = MainWindow(
        session,
        use_3d=not reason,
        no_3d_reason=reason,
        autoplay=not shooting,
        remember=not shooting,
    )
    if not shooting:
        stored.restore_window(window) or window.resize(*(args.size or (1400, 900)))
    if args.size or shooting:
        window.resize(*(args.size or (1400, 900)))
    if last is not None:
        window.restore_typed_text(stored.last_typed_text())
    window.show()
    if note:
        window.show_message(note, 15000)
    if shooting:
        from ui.shell.screenshot import Screenshot

        shot = Screenshot(window, args.screenshot, args.steps)
        shot.start()
        app.exec()
        return shot.status
    return app.exec()
