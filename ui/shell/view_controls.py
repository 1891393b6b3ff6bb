"""The controls of how arrows and the 3D view are drawn, beside the overlay toggles.

``install(window, menu, toolbar, actions)`` gives each overlay toggle its stroke as an icon and
a tooltip that explains it; adds the −∇f length choice (scaled, log, unit direction) to the
View menu and the overlay toolbar, a "Key" button that shows what every arrow means, and a
"3D view" submenu: lit shading and the orbit speed (a slider, for trackpads). Every control
edits through the controller and follows the model.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from landscape.session_view import ARROW_LENGTHS, ORBIT_SPEEDS
from ui.state.model import VECTOR_KINDS, VECTOR_LABELS
from ui.views.arrow_key import ARROW_HELP, ArrowKey, arrow_icon

ARROW_LENGTH_LABELS = {"scaled": "scaled", "log": "log length", "unit": "unit direction"}
ARROW_LENGTH_HELP = {
    "scaled": "−∇f's length is proportional to ‖∇f‖ (the start's is 12% of the view)",
    "log": "−∇f's length falls by the same amount per decade of ‖∇f‖, to 0 at the tolerance",
    "unit": "−∇f is drawn at one length everywhere: only its direction counts",
}
ICON_PX = 16
#: the orbit speed slider's steps (× 1°/pixel): slider value / SPEED_STEPS
SPEED_STEPS = 20


def install(window, menu: QMenu, toolbar, actions: dict[str, QAction]) -> None:
    menu.setToolTipsVisible(True)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(QSize(ICON_PX, ICON_PX))  # the toolbar keeps its text-only height
    colour = toolbar.palette().color(toolbar.foregroundRole())
    for kind in VECTOR_KINDS:
        action = actions[f"overlay:{kind}"]
        action.setIcon(arrow_icon(kind, colour, ICON_PX))
        action.setToolTip(ARROW_HELP[kind])
        action.setStatusTip(ARROW_HELP[kind].split(". ")[0])
    _arrow_length(window, menu, toolbar, actions)
    _key_button(window, toolbar, actions)
    _surface_menu(window, menu, actions)


def _arrow_length(window, menu: QMenu, toolbar, actions) -> None:
    model, controller = window.model, window.controller
    sub = menu.addMenu("−∇f length")
    sub.setToolTipsVisible(True)
    group = QActionGroup(window)
    for mode in ARROW_LENGTHS:
        action = QAction(ARROW_LENGTH_LABELS[mode], window, checkable=True)
        action.setToolTip(ARROW_LENGTH_HELP[mode])
        action.triggered.connect(lambda _=False, m=mode: controller.set_arrow_length(m))
        group.addAction(action)
        sub.addAction(action)
        actions[f"arrows:{mode}"] = action
    combo = QComboBox()
    combo.setObjectName("ArrowLengthCombo")
    combo.setToolTip("How long the −∇f arrow is drawn:\n" + "\n".join(ARROW_LENGTH_HELP.values()))
    for mode in ARROW_LENGTHS:
        combo.addItem(ARROW_LENGTH_LABELS[mode], mode)
    combo.activated.connect(lambda i: controller.set_arrow_length(combo.itemData(i)))
    toolbar.addWidget(_label("−∇f length:"))
    toolbar.addWidget(combo)
    window.arrow_length_combo = combo

    def follow() -> None:
        actions[f"arrows:{model.arrow_length}"].setChecked(True)
        index = combo.findData(model.arrow_length)
        if combo.currentIndex() != index:
            combo.setCurrentIndex(index)

    model.overlaysChanged.connect(follow)
    follow()


def _key_button(window, toolbar, actions) -> None:
    button = QToolButton()
    button.setObjectName("ArrowKeyButton")
    button.setText("Key")
    button.setToolTip("What each arrow means, and how it is drawn")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    popup = QMenu(button)
    holder = QWidgetAction(popup)
    key = ArrowKey(VECTOR_LABELS)
    holder.setDefaultWidget(key)
    popup.addAction(holder)
    button.setMenu(popup)
    toolbar.addWidget(button)
    window.arrow_key_button, window.arrow_key = button, key


def _surface_menu(window, menu: QMenu, actions) -> None:
    model, controller = window.model, window.controller
    sub = menu.addMenu("3D view")
    sub.setToolTipsVisible(True)
    lit = QAction("Lit shading", window, checkable=True)
    lit.setToolTip("Shade the surface by a light beside the camera, so that its shape reads")
    lit.triggered.connect(lambda on: controller.set_shading("lit" if on else "flat"))
    sub.addAction(lit)
    actions["shading:lit"] = lit
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setObjectName("OrbitSpeedSlider")
    lo, hi = ORBIT_SPEEDS
    slider.setRange(round(lo * SPEED_STEPS), round(hi * SPEED_STEPS))
    slider.setToolTip("How far the 3D view turns per pixel dragged (lower it for a trackpad)")
    shown = QLabel()
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(24, 2, 8, 2)
    layout.addWidget(QLabel("Orbit speed"))
    layout.addWidget(slider, 1)
    layout.addWidget(shown)
    holder = QWidgetAction(sub)
    holder.setDefaultWidget(row)
    sub.addAction(holder)
    slider.valueChanged.connect(lambda v: controller.set_orbit_speed(v / SPEED_STEPS))
    window.orbit_speed_slider = slider

    def follow() -> None:
        if lit.isChecked() != (model.shading == "lit"):
            lit.setChecked(model.shading == "lit")
        value = round(model.orbit_speed * SPEED_STEPS)
        if slider.value() != value:
            slider.blockSignals(True)  # the model's value stays exact (a session's 1.37)
            slider.setValue(value)
            slider.blockSignals(False)
        shown.setText(f"{model.orbit_speed:.2f}×")

    model.surfaceStyleChanged.connect(follow)
    follow()


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setContentsMargins(8, 0, 4, 0)
    return label
