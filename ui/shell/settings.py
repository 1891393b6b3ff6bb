"""What the app remembers between launches (QSettings): geometry, recent files, last session.

Tests and ``--screenshot`` never read the developer's state: ``LANDSCAPE_SETTINGS_DIR`` (or
:func:`use_settings_dir`) puts every setting in ``Landscape.ini`` inside that private folder
(an explicit file path: the organisation/application constructor would still go to
``~/.config``).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Landscape"
APPLICATION = "Landscape"
MAX_RECENT = 8
INI_NAME = f"{APPLICATION}.ini"
_private_dir: str | None = None


def use_settings_dir(path: str) -> None:
    """Keep every QSettings of this process in ``path`` (INI files)."""
    global _private_dir
    _private_dir = os.path.abspath(path)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, _private_dir)


def configure_from_env() -> None:
    path = os.environ.get("LANDSCAPE_SETTINGS_DIR")
    if path:
        use_settings_dir(path)


def private_dir() -> str | None:
    """The private settings folder, when one is set (by the call or the environment)."""
    if _private_dir is None:
        configure_from_env()
    return _private_dir


def open_settings() -> QSettings:
    """The app's QSettings: ``Landscape.ini`` in the private folder, else the platform's."""
    folder = private_dir()
    if folder is None:
        return QSettings(ORGANIZATION, APPLICATION)
    os.makedirs(folder, exist_ok=True)
    return QSettings(os.path.join(folder, INI_NAME), QSettings.Format.IniFormat)


class AppSettings:
    def __init__(self) -> None:
        self.qs = open_settings()

    def path(self) -> str:
        """The file these settings are stored in."""
        return self.qs.fileName()

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

    # -- appearance ---------------------------------------------------------------------------
    def theme(self) -> str:
        """ "system" (the default), "light" or "dark"."""
        value = self.qs.value("view/theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_theme(self, choice: str) -> None:
        self.qs.setValue("view/theme", choice)

    # -- last session -------------------------------------------------------------------------
    def last_session_json(self) -> str | None:
        value = self.qs.value("session/last")
        return value if isinstance(value, str) and value else None

    def save_last_session(self, text: str, typed: str | None = None) -> None:
        """The session JSON, and ``typed``: the function field's text when it is not the
        session's function (a typo that did not compile; None: the same)."""
        self.qs.setValue("session/last", text)
        if typed:
            self.qs.setValue("session/typed", typed)
        else:
            self.qs.remove("session/typed")
        self.qs.sync()

    def last_typed_text(self) -> str | None:
        """The function field's text at the last close, when it was not the session's."""
        value = self.qs.value("session/typed")
        return value if isinstance(value, str) and value else None
