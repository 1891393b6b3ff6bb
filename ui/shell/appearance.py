"""How the window looks: the theme (following the system unless the person chose one), the
presentation mode, and the docks giving way in a small window.

:class:`Appearance` belongs to the main window (``window.appearance``); the window forwards
``theme_choice``, ``theme_name``, ``set_theme``, ``apply_theme`` and ``presentation`` to it.
The theme choice lives in settings (``view/theme``), not in the session: it is the machine's
look, not what is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ui.shell import theme
from ui.shell.fit import fit_docks
from ui.shell.presentation import Presentation


class Appearance(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.choice = window.settings.theme()  # "system", "light" or "dark"
        self.presentation = Presentation(window)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5+
            hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self.fit_timer = QTimer(self, singleShot=True, interval=0)
        self.fit_timer.timeout.connect(lambda: fit_docks(window))
        self.style_plots()

    @property
    def name(self) -> str:
        """The theme on screen: "light" or "dark"."""
        return theme.resolve(self.choice)

    def set_choice(self, choice: str) -> None:
        self.choice = choice
        self.window.settings.set_theme(choice)
        self.apply()

    def apply(self, presentation: bool | None = None) -> None:
        """The theme (and presentation mode's type) on the app and this window's plots."""
        if presentation is None:
            presentation = self.presentation.active
        theme.apply_theme(QApplication.instance(), self.name, presentation)
        self.style_plots()

    def style_plots(self) -> None:
        theme.style_plots(self.window, self.name)

    def fit_later(self) -> None:
        """Fit the docks to the window on the next turn of the event loop (after a resize)."""
        self.fit_timer.start()

    def _system_scheme_changed(self, *_args) -> None:
        if self.choice == "system":
            self.apply()
