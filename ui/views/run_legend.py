"""Legends that say which run is which: on a pyqtgraph plot (the map), as a row of a
pyqtgraph layout (under the loss curves) and as a Qt overlay (the 3D view).

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
#: a map legend of more runs than this has two columns
COLUMN_ROWS = 6


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
            verSpacing=-6,
            labelTextSize="8pt",
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
        # shrink first: LegendItem sizes itself from its rows' heights, which its layout
        # stretched to the old size (each rebuild would grow the rows)
        self.item.setGeometry(pg.QtCore.QRectF(0, 0, 1, 1))
        self.item.setColumnCount(1 if len(entries) <= COLUMN_ROWS else 2)
        for _run_id, text, color in entries:
            self.item.addItem(TrailSample(color), html.escape(text))
        self.item.setVisible(bool(entries))

    def texts(self) -> list[str]:
        return [text for _id, text, _c in self.entries]


def _entry_html(text: str, color: str) -> str:
    return f"<span style='color:{color}'>━━</span>&nbsp;{html.escape(text).replace(' ', '&nbsp;')}"


class LayoutLegend:
    """A legend as a row of text in a pyqtgraph ``GraphicsLayout`` (under the loss curves:
    inside a plot this short a legend would hide the curves), :data:`PER_LINE` runs a line.
    Being part of the picture, it is in exported frames too."""

    PER_LINE = 6

    def __init__(self, model: AppModel, layout, row: int, colspan: int) -> None:
        self.model = model
        self.entries: list[tuple[int, str, str]] = []
        self.item = pg.LabelItem("", color=LEGEND_TEXT, size="8pt", justify="left")
        layout.addItem(self.item, row=row, col=0, colspan=colspan)
        _follow(model, self.update)
        self.update()

    def update(self, *_args) -> None:
        entries = legend_entries(self.model)
        if entries == self.entries and self.item.text:
            return
        self.entries = entries
        parts = [_entry_html(text, color) for _id, text, color in entries]
        lines = [
            " &nbsp; ".join(parts[i : i + self.PER_LINE])
            for i in range(0, len(parts), self.PER_LINE)
        ]
        self.item.setText("<br>".join(lines) or "&nbsp;")

    def texts(self) -> list[str]:
        return [text for _id, text, _c in self.entries]


class InlineLegend(QLabel):
    """A legend as one wrapping line of text (above the loss curves, where a legend inside a
    short plot would hide the curves)."""

    separator = " &nbsp; "

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        self.model = model
        self.entries: list[tuple[int, str, str]] = []
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        _follow(model, self.update_entries)
        self.update_entries()

    def update_entries(self, *_args) -> None:
        self.entries = legend_entries(self.model)
        rows = [_entry_html(text, color) for _id, text, color in self.entries]
        self.setText(self.separator.join(rows))
        self._shown()

    def _shown(self) -> None:
        self.setVisible(bool(self.entries))

    def texts(self) -> list[str]:
        return [text for _id, text, _c in self.entries]


class OverlayLegend(InlineLegend):
    """A legend as a label over ``parent``'s top left corner (the 3D view), one run a line;
    shown once :meth:`set_enabled` (the GL view is up) and while runs are drawn."""

    separator = "<br>"

    def __init__(self, model: AppModel, parent: QWidget) -> None:
        self.enabled = False
        super().__init__(model, parent)
        self.setWordWrap(False)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        r, g, b, a = LEGEND_BRUSH
        self.setStyleSheet(
            f"QLabel#OverlayLegend {{ background: rgba({r},{g},{b},{a}); color: {LEGEND_TEXT};"
            " border: 1px solid rgba(255,255,255,60); border-radius: 3px; padding: 3px 6px; }"
        )
        self.move(8, 8)
        self._shown()

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        self.update_entries()

    def _shown(self) -> None:
        self.adjustSize()
        self.setVisible(self.enabled and bool(self.entries))
        self.raise_()
