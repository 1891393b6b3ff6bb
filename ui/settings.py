"""What the app remembers between launches (QSettings): geometry, recent files, last session.

Tests and ``--screenshot`` never read the developer's state: ``LANDSCAPE_SETTINGS_DIR`` (or
:func:`use_settings_dir`) points QSettings at a private folder in INI format.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Landscape"
APPLICATION = "Landscape"
MAX_RECENT = 8


def use_settings_dir(path: str) -> None:
    """Keep every QSettings of this process in ``path`` (INI files)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, path)


def configure_from_env() -> None:
    path = os.environ.get("LANDSCAPE_SETTINGS_DIR")
    if path:
        use_settings_dir(path)


class AppSettings:
    def __init__(self) -> None:
        self.qs = QSettings(ORGANIZATION, APPLICATION)

    # -- window -------------------------------------------------------------------------------
    def save_window(self, window) -> None:
        self.qs.setValue("window/geometry", window.saveGeometry())
        self.qs.setValue("window/state", window.saveState())

    def restore_window(self, window) -> bool:
        geometry = self.qs.value("window/geometry")
        state = self.qs.value("window/state")
        ok = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            ok = window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        return ok

    # -- recent files -------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.qs.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v][:MAX_RECENT]

    def add_recent(self, path: str) -> list[str]:
        path = os.path.abspath(path)
        files = [path] + [p for p in self.recent_files() if p != path]
        self.qs.setValue("recent", files[:MAX_RECENT])
        return files[:MAX_RECENT]

    def clear_recent(self) -> None:
        self.qs.remove("recent")

    # -- last session -------------------------------------------------------------------------
    def last_session_json(self) -> str | None:
        value = self.qs.value("session/last")
        return value if isinstance(value, str) and value else None

    def save_last_session(self, text: str) -> None:
        self.qs.setValue("session/last", text)
        self.qs.sync()
