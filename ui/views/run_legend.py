"""Legends that say which run is which: one on a pyqtgraph plot, one as a Qt overlay.

Both list :func:`ui.state.results.legend_entries` (every run drawn: its label in its colour,
" ★" after the winner) and follow the model themselves (runs added, removed, renamed,
recoloured, hidden or recomputed; new critical points, which can change the winner).
``entries`` holds what is shown, for tests.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui.state.model import AppModel
from ui.state.results import legend_entries

LEGEND_BRUSH = (20, 21, 26, 190)
LEGEND_TEXT = "#eeeeee"


class TrailSample(pg.GraphicsWidget):
    """A legend's sample: a short trail stroke with a dark outline (clicks do nothing:
    visibility is the run card's)."""

    sigClicked = pg.QtCore.Signal(object)  # LegendItem connects it; never emitted

    def __init__(self, color: str) -> None:
        super().__init__()
        self.color = color
        self.setFixedWidth(24)
        self.setFixedHeight(20)

    def boundingRect(self):  # noqa: N802 - Qt override
        return pg.QtCore.QRectF(0, 0, 24, 20)

    def paint(self, p, *_args) -> None:
        p.setRenderHint(p.RenderHint.Antialiasing)
        p.setPen(pg.mkPen((0, 0, 0, 200), width=5))
        p.drawLine(2, 11, 22, 11)
        p.setPen(pg.mkPen(self.color, width=3))
        p.drawLine(2, 11, 22, 11)


def _follow(model: AppModel, update) -> None:
    for signal in (
        model.runsChanged,
        model.runUpdated,
        model.criticalChanged,
        model.landscapeChanged,
    ):
        signal.connect(update)


class PlotLegend:
    """A legend in the top left corner of ``plot_item``'s view box."""

    def __init__(self, model: AppModel, plot_item: pg.PlotItem, offset=(8, 8)) -> None:
        self.model = model
        self.entries: list[tuple[int, str, str]] = []
        self.item = pg.LegendItem(
            offset=offset,
            brush=LEGEND_BRUSH,
            pen=pg.mkPen((255, 255, 255, 60)),
            labelTextColor=LEGEND_TEXT,
            verSpacing=-4,
            sampleType=TrailSample,  # addItem takes a TrailSample as its own sample
        )
        self.item.setParentItem(plot_item.getViewBox())
        self.item.setZValue(100)
        _follow(model, self.update)
        self.update()

    def update(self, *_args) -> None:
        entries = legend_entries(self.model)
        if entries == self.entries:
            return
        self.entries = entries
        self.item.clear()
        for _run_id, text, color in entries:
            self.item.addItem(TrailSample(color), html.escape(text))
        self.item.setVisible(bool(entries))

    def texts(self) -> list[str]:
        return [text for _id, text, _c in self.entries]


class OverlayLegend(QLabel):
    """A legend as a label over ``parent``'s top left corner (the 3D view); shown once
    :meth:`set_enabled` (the GL view is up) and while runs are drawn."""

    def __init__(self, model: AppModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("OverlayLegend")
        self.model = model
        self.entries: list[tuple[int, str, str]] = []
        self.enabled = False
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        r, g, b, a = LEGEND_BRUSH
        self.setStyleSheet(
            f"QLabel#OverlayLegend {{ background: rgba({r},{g},{b},{a}); color: {LEGEND_TEXT};"
            " border: 1px solid rgba(255,255,255,60); border-radius: 3px; padding: 3px 6px; }"
        )
        self.move(8, 8)
        self.hide()
        _follow(model, self.update_entries)

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        self.update_entries()

    def update_entries(self, *_args) -> None:
        self.entries = legend_entries(self.model)
        rows = [
            f"<span style='color:{color}'>━━</span>&nbsp;{html.escape(text)}"
            for _id, text, color in self.entries
        ]
        self.setText("<br>".join(rows))
        self.adjustSize()
        self.setVisible(self.enabled and bool(self.entries))
        self.raise_()

    def texts(self) -> list[str]:
        return [text for _id, text, _c in self.entries]
