"""The preset gallery: every built-in function as a card with its picture, name, typeset
formula and teaching text; choosing one loads it.

Cards sit in a grid (a :class:`QListWidget` in icon mode, so arrows move between them and
Enter or a double-click chooses). Thumbnails come from :func:`ui.state.thumbnails.thumbnail_cache`
(sampled by the core off the GUI thread, cached for the app's life) and are drawn here in the
app's colour map, with the preset's start (○) and minima (◇) marked. ``chosen(name)`` is
emitted once; the window loads the preset the way the preset picker does.
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.state.thumbnails import Thumbnail, thumbnail_cache
from ui.views.colors import map_unit
from ui.views.layouts import add_layout
from ui.views.mathtext import MathLabel

#: a card's size and its thumbnail's side, in px
CARD = QSize(360, 200)
THUMB = 112
FORMULA_PX = 13.0
NAME_ROLE = Qt.ItemDataRole.UserRole


def thumbnail_pixmap(thumb: Thumbnail, preset, colormap: str, side: int = THUMB) -> QPixmap:
    """``thumb`` drawn ``side`` px square in ``colormap``, y up, with the preset's start as a
    ring and its minima as diamonds."""
    rgba = (map_unit(colormap, thumb.unit) * 255).astype(np.uint8)  # (nx, ny, 4)
    rows = np.ascontiguousarray(rgba.transpose(1, 0, 2)[::-1])  # image rows: y from the top
    h, w = rows.shape[:2]
    image = QImage(rows.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor("#808080"))  # undefined samples are transparent: grey shows through
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawImage(pixmap.rect(), image)
    (x0, x1), (y0, y1) = preset.domain

    def at(x: float, y: float) -> QPointF:
        return QPointF((x - x0) / (x1 - x0) * side, (1 - (y - y0) / (y1 - y0)) * side)

    painter.setPen(QPen(QColor("white"), 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for mx, my in preset.minima:
        c = at(mx, my)
        diamond = [c + QPointF(dx, dy) for dx, dy in ((0, -4), (4, 0), (0, 4), (-4, 0))]
        painter.drawPolygon(QPolygonF(diamond))
    painter.setPen(QPen(QColor("black"), 3))
    start = at(*preset.start)
    painter.drawEllipse(start, 4, 4)
    painter.setPen(QPen(QColor("white"), 1.5))
    painter.drawEllipse(start, 4, 4)
    painter.end()
    return pixmap


class PresetCard(QFrame):
    """One preset: thumbnail, title, typeset formula, teaching text."""

    def __init__(self, preset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preset = preset
        self.setObjectName("PresetCard")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the list selects
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setHorizontalSpacing(10)
        self.thumbnail = QLabel("sampling…")
        self.thumbnail.setObjectName("PresetThumbnail")
        self.thumbnail.setFixedSize(THUMB, THUMB)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(f"<b>{preset.title}</b>")
        self.title.setWordWrap(True)
        self.formula = MathLabel(size=FORMULA_PX, max_width=CARD.width() - 20)
        self.formula.setObjectName("PresetFormula")
        self.formula.show_math(None, f"f = {preset.expression}")
        self.description = QLabel(preset.description)
        self.description.setObjectName("PresetDescription")
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        head = QVBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.title)
        head.addWidget(self.description, 1)
        grid.addWidget(self.thumbnail, 0, 0)
        add_layout(grid, head, 0, 1)
        grid.addWidget(self.formula, 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)

    def show_thumbnail(self, thumb: Thumbnail, colormap: str) -> None:
        self.thumbnail.setPixmap(thumbnail_pixmap(thumb, self.preset, colormap))
        self.thumbnail.setToolTip(
            f"{self.preset.title} on x ∈ {list(self.preset.domain[0])}, "
            f"y ∈ {list(self.preset.domain[1])} ({thumb.scale} colours); ○ start, ◇ minima"
        )
        if thumb.latex:
            self.formula.show_math(thumb.latex, f"f = {self.preset.expression}")
            self.formula.setToolTip(f"f = {self.preset.expression}")

    def show_failure(self, message: str) -> None:
        self.thumbnail.setText("no picture")
        self.thumbnail.setToolTip(message)


class PresetGallery(QDialog):
    """The gallery of ``presets`` (:class:`landscape.presets.Preset`), ``current`` selected;
    ``chosen(name)`` when one is chosen (Enter, double-click or Load)."""

    chosen = Signal(str)

    def __init__(
        self, presets, colormap: str = "viridis", current: str | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Presets")
        self.setObjectName("PresetGallery")
        self.colormap = colormap
        self.choice: str | None = None
        self.cards: dict[str, PresetCard] = {}
        self.presets = list(presets)
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Classic test functions. Arrows move, Enter or a double-click loads one "
            "(its domain and start; your optimizers stay)."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = QListWidget()
        self.list.setObjectName("PresetList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWrapping(True)
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(6)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for preset in self.presets:
            item = QListWidgetItem()
            item.setData(NAME_ROLE, preset.name)
            item.setSizeHint(CARD)
            item.setToolTip(f"{preset.title}: {preset.description}")
            self.list.addItem(item)
            card = PresetCard(preset)
            card.setFixedSize(CARD)
            self.list.setItemWidget(item, card)
            self.cards[preset.name] = card
        self.list.itemActivated.connect(lambda item: self._choose(item.data(NAME_ROLE)))
        self.list.itemDoubleClicked.connect(lambda item: self._choose(item.data(NAME_ROLE)))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.load_button = buttons.addButton("Load", QDialogButtonBox.ButtonRole.AcceptRole)
        self.load_button.setAutoDefault(False)  # Enter on the list chooses (once)
        buttons.accepted.connect(self._choose_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        names = [p.name for p in self.presets]
        self.list.setCurrentRow(names.index(current) if current in names else 0)
        self.list.setFocus()
        wide = 3 * (CARD.width() + 14) + 40  # three columns and three rows where they fit
        tall = 3 * (CARD.height() + 14) + 110  # (the grid wraps to fewer columns otherwise)
        if self.screen() is not None:
            room = self.screen().availableGeometry()
            wide, tall = min(wide, int(0.95 * room.width())), min(tall, int(0.85 * room.height()))
        self.resize(wide, tall)
        cache = thumbnail_cache()
        cache.ready.connect(self._on_ready)
        cache.failed.connect(self._on_failed)
        for name in names:
            if cache.get(name) is not None:
                self._on_ready(name)
        cache.request(self.presets)
        self.finished.connect(lambda _result: thumbnail_cache().cancel_pending())

    def _on_ready(self, name: str) -> None:
        if not shiboken6.isValid(self):  # the cache outlives the dialog
            return
        card, thumb = self.cards.get(name), thumbnail_cache().get(name)
        if card is not None and thumb is not None:
            card.show_thumbnail(thumb, self.colormap)

    def _on_failed(self, name: str, message: str) -> None:
        if shiboken6.isValid(self) and name in self.cards:
            self.cards[name].show_failure(message)

    def thumbnails_done(self) -> bool:
        """Every card shows its thumbnail (or says it has none)."""
        return all(
            c.thumbnail.pixmap() is not None
            and not c.thumbnail.pixmap().isNull()
            or c.thumbnail.text() == "no picture"
            for c in self.cards.values()
        )

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item.data(NAME_ROLE))

    def _choose(self, name: str) -> None:
        if self.choice is not None:  # Enter reaches both the list and the dialog: once
            return
        self.choice = name
        self.chosen.emit(name)
        self.accept()
