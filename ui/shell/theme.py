"""Light and dark themes, following the system by default.

A theme is a Qt palette, a style sheet (``resources/style.qss``, then ``resources/light.qss``'s
overrides for the light one, then ``resources/presentation.qss`` in presentation mode) and the
colours of every pyqtgraph plot: background, axes and their text.

- :data:`CHOICES`: "system", "light", "dark" (the View menu; saved in settings as
  ``view/theme``). :func:`resolve` turns a choice into "light" or "dark": "system" asks
  ``QStyleHints.colorScheme()`` (Qt 6.5+); an unknown scheme is dark, the app's own look.
- :func:`apply_theme(app, name, presentation=False)`: palette, style sheet and pyqtgraph's
  defaults for plots made later; :func:`style_plots(root, name)` recolours the plots that
  exist under ``root`` (a window: its docks and views).
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

CHOICES = ("system", "light", "dark")
CHOICE_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}

#: (background, foreground: axes and their text) of the plots
PLOT_COLOURS = {"dark": ("#1e1f24", "#c8cad0"), "light": ("#ffffff", "#2b2d33")}
#: the 3-D view's background, floor grid and axis text
GL_BACKGROUND = {"dark": (30, 31, 36), "light": (246, 246, 248)}
GL_GRID = {"dark": (255, 255, 255, 60), "light": (0, 0, 0, 70)}
GL_TEXT = {"dark": (220, 220, 220, 255), "light": (40, 42, 48, 255)}

_PALETTES = {
    "dark": {
        "Window": "#2b2d33",
        "WindowText": "#e4e5e9",
        "Base": "#1d1e23",
        "AlternateBase": "#26272d",
        "ToolTipBase": "#33353d",
        "ToolTipText": "#f0f0f2",
        "Text": "#e4e5e9",
        "Button": "#34363e",
        "ButtonText": "#e4e5e9",
        "BrightText": "#ff6b63",
        "Highlight": "#3d6fd6",
        "HighlightedText": "#ffffff",
        "Link": "#6ea0ff",
        "PlaceholderText": "#8a8c94",
    },
    "light": {
        "Window": "#eff0f3",
        "WindowText": "#1d1e23",
        "Base": "#ffffff",
        "AlternateBase": "#f4f5f7",
        "ToolTipBase": "#ffffe8",
        "ToolTipText": "#1d1e23",
        "Text": "#1d1e23",
        "Button": "#e4e6ea",
        "ButtonText": "#1d1e23",
        "BrightText": "#c62828",
        "Highlight": "#3d6fd6",
        "HighlightedText": "#ffffff",
        "Link": "#1f5bd1",
        "PlaceholderText": "#777980",
    },
}
_DISABLED = {"dark": "#777980", "light": "#9a9ca4"}


def system_scheme() -> str:
    """ "light" or "dark" as the system says (Qt 6.5+), "dark" when it does not say."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    return "light" if scheme == Qt.ColorScheme.Light else "dark"


def resolve(choice: str) -> str:
    """The theme a choice stands for ("system" follows :func:`system_scheme`)."""
    if choice in ("light", "dark"):
        return choice
    return system_scheme()


def palette(name: str):
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for key, colour in _PALETTES[name].items():
        p.setColor(getattr(role, key), QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(_DISABLED[name]))
    return p


def _resource(name: str) -> str:
    try:
        return (importlib.resources.files("resources") / name).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        beside = Path(__file__).resolve().parents[2] / "resources" / name
        return beside.read_text("utf-8") if beside.is_file() else ""


def style_sheet(name: str = "dark", presentation: bool = False) -> str:
    """The app's style sheet for theme ``name`` (and presentation mode's larger type)."""
    parts = [_resource("style.qss")]
    if name == "light":
        parts.append(_resource("light.qss"))
    if presentation:
        parts.append(_resource("presentation.qss"))
    return "\n".join(parts)


def apply_theme(app, name: str, presentation: bool = False) -> None:
    """Palette, style sheet and the defaults of plots made from now on."""
    import pyqtgraph as pg

    app.setPalette(palette(name))
    app.setStyleSheet(style_sheet(name, presentation))
    background, foreground = PLOT_COLOURS[name]
    pg.setConfigOptions(background=background, foreground=foreground)


def style_plots(root, name: str) -> None:
    """Recolour every pyqtgraph plot under ``root`` (the widget and its children)."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QWidget

    from ui.views.surface_view import SurfaceView

    background, foreground = PLOT_COLOURS[name]
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if isinstance(widget, pg.GraphicsView):
            widget.setBackground(background)
            for item in widget.scene().items():
                if isinstance(item, pg.AxisItem):
                    item.setPen(foreground)
                    item.setTextPen(foreground)
        elif isinstance(widget, SurfaceView) and widget.gl is not None:
            _style_gl(widget.gl, name)  # its GL window is not a child widget


def _style_gl(widget, name: str) -> None:
    """The 3-D view: background, and the floor grid and axis text drawn for it (the
    surface and the trails keep their colours)."""
    import pyqtgraph.opengl as gl

    widget.setBackgroundColor(GL_BACKGROUND[name])
    for item in widget.items:
        if isinstance(item, gl.GLGridItem):
            item.setColor(GL_GRID[name])
        elif isinstance(item, gl.GLTextItem):
            item.setData(color=GL_TEXT[name])


def plot_background(name: str) -> str:
    return PLOT_COLOURS[name][0]
