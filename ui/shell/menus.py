"""Menus, the overlay toolbar and keyboard shortcuts of the main window.

File: new, open, save, save as, export, recent. View: layout, overlays (vectors), panels, theme,
presentation mode (F5; Esc leaves). Help:
function syntax, optimizers (update rules and sources), about. Space plays/pauses, ←/→ step,
Home resets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar

from landscape.errors import InputError
from ui.shell.help_text import ABOUT, SYNTAX
from ui.state.model import VECTOR_KINDS, VECTOR_LABELS

LAYOUTS = (
    ("side_by_side", "Side by side"),
    ("contour", "Contour only"),
    ("surface", "Surface only"),
)
FILE_FILTER = "Landscape sessions (*.landscape.json *.json);;All files (*)"


def _action(window, text: str, slot, shortcut=None, checkable=False) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def build_menus(window) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    _file_menu(window, actions)
    _view_menu(window, actions)
    _playback_actions(window, actions)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(_action(window, "Function syntax…", lambda: _syntax(window), "F1"))
    actions["optimizer_help"] = _action(window, "Optimizers…", lambda: optimizer_help(window))
    help_menu.addAction(actions["optimizer_help"])
    help_menu.addAction(_action(window, "About Landscape", lambda: _about(window)))
    return actions


# -- File -------------------------------------------------------------------------------------
def _file_menu(window, actions) -> None:
    menu = window.menuBar().addMenu("&File")
    actions["new"] = _action(window, "&New", lambda: new_session(window), QKeySequence.New)
    actions["open"] = _action(window, "&Open…", lambda: open_dialog(window), QKeySequence.Open)
    actions["save"] = _action(window, "&Save", lambda: save(window), QKeySequence.Save)
    actions["save_as"] = _action(
        window, "Save &As…", lambda: save_dialog(window), QKeySequence.SaveAs
    )
    actions["export"] = _action(window, "&Export…", lambda: export_dialog(window), "Ctrl+E")
    actions["gallery"] = _action(
        window, "Preset &gallery…", lambda: preset_gallery(window), "Ctrl+G"
    )
    window.function_bar.galleryRequested.connect(lambda: preset_gallery(window))
    for key in ("new", "gallery", "open", "save", "save_as", "export"):
        menu.addAction(actions[key])
    window.recent_menu = menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(lambda: _fill_recent(window))
    menu.addSeparator()
    menu.addAction(_action(window, "&Quit", window.close, QKeySequence.Quit))


def preset_gallery(window):
    """Open (and return) the preset gallery; a preset chosen there loads as the picker's."""
    from landscape.presets import list_presets
    from ui.panels.preset_gallery import PresetGallery

    try:
        presets = list_presets()
    except (InputError, OSError) as exc:  # no presets file: say so, typing still works
        window.show_message(f"presets unavailable: {exc}")
        return None
    dialog = PresetGallery(presets, window.model.colormap, window.model.preset, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.chosen.connect(window.load_preset)
    window.preset_gallery_dialog = dialog
    dialog.open()
    return dialog


def export_dialog(window) -> None:
    from ui.export.dialog import open_export_dialog  # loads only when asked for

    open_export_dialog(window)


def _fill_recent(window) -> None:
    menu = window.recent_menu
    menu.clear()
    files = window.settings.recent_files()
    for path in files:
        menu.addAction(path, lambda p=path: open_path(window, p))
    if not files:
        menu.addAction("(none)").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear", window.settings.clear_recent)


def new_session(window) -> None:
    from ui.shell.launch import default_session

    window.session_path = None
    window.autoplay = True
    window.apply_session(default_session())
    window.setWindowTitle("Landscape")


def open_dialog(window) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Open session", "", FILE_FILTER)
    if path:
        open_path(window, path)


def open_path(window, path: str) -> bool:
    """Load ``path``; a bad or hostile file is refused and the screen stays as it was."""
    from landscape.session import load

    try:
        session = load(path)
    except InputError as exc:
        text = str(exc) if path in str(exc) else f"{path}: {exc}"  # always names the file
        window.show_message(f"could not open {text}", 12000)
        window.last_error = text
        if not getattr(window, "quiet_dialogs", False):
            QMessageBox.warning(window, "Could not open the session", f"Could not open {text}")
        return False
    window.session_path = path
    window.settings.add_recent(path)
    window.autoplay = False
    window.apply_session(session)
    window.setWindowTitle(f"Landscape — {path}")
    return True


def save(window) -> bool:
    if not window.session_path:
        return save_dialog(window)
    return save_path(window, window.session_path)


def save_dialog(window) -> bool:
    path, _ = QFileDialog.getSaveFileName(
        window, "Save session", "session.landscape.json", FILE_FILTER
    )
    return bool(path) and save_path(window, path)


def save_path(window, path: str) -> bool:
    from landscape.session import save as save_session

    try:
        save_session(window.capture_session(), path)
    except InputError as exc:  # links followed, devices refused, any OSError: in words
        window.show_message(str(exc), 12000)
        return False
    window.session_path = path
    window.settings.add_recent(path)
    window.show_message(f"saved {path}")
    window.setWindowTitle(f"Landscape — {path}")
    return True


# -- View -------------------------------------------------------------------------------------
def _view_menu(window, actions) -> None:
    menu = window.menuBar().addMenu("&View")
    group = QActionGroup(window)
    for mode, text in LAYOUTS:
        action = _action(
            window, text, lambda _=False, m=mode: window.controller.set_layout(m), checkable=True
        )
        group.addAction(action)
        menu.addAction(action)
        actions[f"layout:{mode}"] = action
    actions[f"layout:{window.model.layout}"].setChecked(True)
    window.model.layoutChanged.connect(lambda m: actions[f"layout:{m}"].setChecked(True))
    menu.addSeparator()
    toolbar = QToolBar("Overlays", window)
    toolbar.setObjectName("OverlayToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    window.overlay_toolbar = toolbar
    toolbar.addWidget(_label("show:"))
    for kind in VECTOR_KINDS:
        action = _action(
            window,
            VECTOR_LABELS[kind],
            lambda on, k=kind: window.controller.set_overlay(k, on),
            checkable=True,
        )
        action.setChecked(window.model.overlays[kind])
        menu.addAction(action)
        toolbar.addAction(action)
        actions[f"overlay:{kind}"] = action
    window.model.overlaysChanged.connect(lambda: _sync_overlays(window, actions))
    from ui.shell import view_controls

    view_controls.install(window, menu, toolbar, actions)  # −∇f length, key, 3D
    menu.addSeparator()
    for dock in window.docks.values():
        menu.addAction(dock.toggleViewAction())
    _appearance_actions(window, menu, actions)


def _appearance_actions(window, menu, actions) -> None:
    """View ▸ Theme (follow the system, light, dark) and presentation mode (F5; Esc leaves)."""
    from ui.shell.theme import CHOICE_LABELS, CHOICES

    menu.addSeparator()
    themes = menu.addMenu("&Theme")
    group = QActionGroup(window)
    for choice in CHOICES:
        action = _action(
            window, CHOICE_LABELS[choice], lambda _=False, c=choice: window.set_theme(c), None, True
        )
        action.setChecked(choice == window.settings.theme())
        group.addAction(action)
        themes.addAction(action)
        actions[f"theme:{choice}"] = action
    actions["presentation"] = _action(
        window, "&Presentation mode", lambda: window.presentation.toggle(), "F5", checkable=True
    )
    actions["presentation"].setToolTip("Docks hidden, larger type and markers (Esc leaves)")
    menu.addAction(actions["presentation"])
    leave = _action(window, "Leave presentation mode", lambda: window.presentation.leave())
    leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    leave.setEnabled(False)
    actions["leave_presentation"] = leave

    def follow(active: bool) -> None:
        actions["presentation"].setChecked(active)
        leave.setEnabled(active)

    window.presentation.changed = follow


def _label(text: str):
    from PySide6.QtWidgets import QLabel

    label = QLabel(text)
    label.setContentsMargins(6, 0, 4, 0)
    return label


def _sync_overlays(window, actions) -> None:
    for kind in VECTOR_KINDS:
        action = actions[f"overlay:{kind}"]
        if action.isChecked() != window.model.overlays[kind]:
            action.setChecked(window.model.overlays[kind])


# -- Playback ---------------------------------------------------------------------------------
def _playback_actions(window, actions) -> None:
    menu = window.menuBar().addMenu("&Playback")
    pb = window.playback
    for key, text, slot, shortcut in (
        ("play", "Play / pause", pb.toggle, Qt.Key.Key_Space),
        ("back", "Step back", pb.step_back, Qt.Key.Key_Left),
        ("forward", "Step forward", pb.step_forward, Qt.Key.Key_Right),
        ("reset", "Reset", pb.reset, Qt.Key.Key_Home),
    ):
        action = _action(window, text, slot, shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menu.addAction(action)
        actions[key] = action


# -- Help -------------------------------------------------------------------------------------
def _syntax(window) -> None:
    box = QMessageBox(window)
    box.setWindowTitle("Function syntax")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(SYNTAX)
    box.exec()


def optimizer_help(window, name: str | None = None):
    """Show (and return) the Optimizers help window, scrolled to ``name`` if given."""
    from ui.panels.optimizer_help import OptimizerHelp

    dialog = getattr(window, "optimizer_help_dialog", None)
    if dialog is None:
        dialog = OptimizerHelp(list(window.controller.specs().values()), window)
        window.optimizer_help_dialog = dialog
    dialog.show()
    dialog.raise_()
    if name:
        dialog.show_optimizer(name)
    return dialog


def _about(window) -> None:
    QMessageBox.about(window, "About Landscape", ABOUT)
