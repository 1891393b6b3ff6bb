"""What a slide-ready frame says besides its panes: the formula, the legend, the step, a caption.

:class:`SlideOverlay` reads the model once (the formula of its landscape, its visible runs'
names and colours) and paints into any ``QPainter``: an image for PNG/GIF/MP4 frames, or an
SVG generator or PDF writer, where the formula stays vector paths (the SVG of
:func:`landscape.typeset.svg_of` drawn by QtSvg) and the names stay text. Where the formula
cannot be typeset (too long, or LaTeX ziamath cannot set) it is shown as plain text, elided
to the room there is. Places come from :func:`ui.export.slide.slide_layout`.

Legend names (:func:`run_label`) are the model's run labels, as in the app's legends.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtSvg import QSvgRenderer

from landscape.errors import InputError
from landscape.optim import get_spec
from landscape.typeset import latex_of, svg_of
from ui.export.slide import TITLE_EM, SlideLayout, SlideOptions, row_height, slide_layout

#: the frame's background (the map's), the text and the quieter text
BACKGROUND = "#1e1f24"
TEXT = "#ececf0"
MUTED = "#a8abb5"
#: legend swatch size in units of the font (width, height)
SWATCH = (1.6, 0.7)
#: the formula's font size in units of the text font; the size its height is measured at
FORMULA_EM, SVG_PROBE_PX = 1.15, 20.0


def run_label(entry) -> str:
    """The run's name in the legend: the model's ``label`` ("GD (lr 0.1)", the one the app's
    legends show, :mod:`landscape.run_labels`); without one, the display name with its
    learning rate (its own, else the optimizer's default) unless the name already says it,
    after a comma when the name has parentheses already ("Momentum (heavy ball), lr 0.001").
    " — failed" is added when the run failed."""
    name = getattr(entry, "label", "") or _composed(entry)
    return f"{name} — failed" if entry.error else name


def _composed(entry) -> str:
    name = entry.display_name or entry.name
    lr = _learning_rate(entry)
    if lr is not None and "lr" not in name:
        name = f"{name}, lr {lr:g}" if "(" in name else f"{name} (lr {lr:g})"
    return name


def _learning_rate(entry) -> float | None:
    lr = entry.hyper.get("lr")
    if lr is None:
        try:
            lr = get_spec(entry.name).param("lr").default
        except (KeyError, InputError):
            return None
    return float(lr) if isinstance(lr, int | float) and not isinstance(lr, bool) else None


def legend_entries(model) -> list[tuple[str, str]]:
    """``(label, colour)`` of the runs drawn: visible and computed (or failed)."""
    return [
        (run_label(r), r.color)
        for r in model.runs
        if r.visible and (r.trajectory is not None or r.error)
    ]


def formula_of(model) -> tuple[str | None, str]:
    """``(latex, text)`` of the landscape's formula: LaTeX ``f(x, y) = …`` when the
    objective is symbolic and short enough, else None; ``text`` the plain fallback."""
    data = model.landscape
    if data is None:
        return None, ""
    if data.is_model:
        return None, data.text
    variables = tuple(getattr(data.objective, "variables", ()) or ("x", "y"))
    head = f"f({', '.join(variables)})"
    expr = getattr(data.objective, "expr", None)
    latex = latex_of(expr) if expr is not None else None
    return (f"{head} = {latex}" if latex else None), f"{head} = {data.text}"


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    return font


class SlideOverlay:
    """The overlay of one export: ``layout`` (a :class:`SlideLayout`), ``entries`` (legend),
    ``latex``/``text`` (formula). Paint the still parts with :meth:`paint_chrome` and the
    step counter with :meth:`paint_step`."""

    def __init__(self, model, view: str, size: tuple[int, int], options: SlideOptions) -> None:
        self.options = options
        self.entries = legend_entries(model) if options.legend else []
        self.latex, self.text = formula_of(model) if options.formula else (None, "")
        self.caption = " ".join(options.caption.split())
        self.last = model.last_frame()
        self._svg = self._typeset() if self.latex else None
        title_em = TITLE_EM
        if self._svg is not None:  # room for a tall formula (fractions, nested exponents)
            title_em = self._svg.defaultSize().height() / SVG_PROBE_PX * FORMULA_EM + 0.3
        self.layout: SlideLayout = slide_layout(view, size, options, self._rows, title_em)
        if self._svg is not None and self.layout.title:  # drawn at the layout's font
            self._svg = self._typeset(self.layout.font * FORMULA_EM)

    def _typeset(self, px: float = SVG_PROBE_PX) -> QSvgRenderer | None:
        svg = svg_of(self.latex, px, TEXT)
        renderer = QSvgRenderer(QByteArray(svg.encode())) if svg else None
        if renderer is None or not renderer.isValid() or renderer.defaultSize().isEmpty():
            return None
        return renderer

    # -- measuring ----------------------------------------------------------------------------
    def _entry_width(self, metrics: QFontMetricsF, font: int, label: str) -> float:
        return SWATCH[0] * font + 0.4 * font + metrics.horizontalAdvance(label) + 1.2 * font

    def _legend_rows(self, font: int, width: int) -> list[list[int]]:
        """Indices of the entries on each legend row (a flow from the left)."""
        metrics = QFontMetricsF(_font(font))
        rows: list[list[int]] = []
        x = 0.0
        for i, (label, _) in enumerate(self.entries):
            w = self._entry_width(metrics, font, label)
            if not rows or (rows[-1] and x + w > width - font):
                rows.append([])
                x = float(font)
            rows[-1].append(i)
            x += w
        return rows

    def _caption_lines(self, font: int, width: int) -> list[str]:
        metrics = QFontMetricsF(_font(font))
        lines: list[str] = []
        for word in self.caption.split():
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width - 2 * font:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

    def _rows(self, font: int, width: int) -> tuple[int, int]:
        return len(self._legend_rows(font, width)), len(self._caption_lines(font, width))

    # -- painting -----------------------------------------------------------------------------
    def paint_chrome(self, painter: QPainter) -> None:
        """Background of the bands, the formula, the legend and the caption."""
        layout = self.layout
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for rect in (layout.title, layout.legend, layout.caption):
            if rect:
                painter.fillRect(QRectF(*rect), QColor(BACKGROUND))
        if layout.title and self.options.formula:
            self._paint_formula(painter)
        if layout.legend:
            self._paint_legend(painter)
        if layout.caption:
            self._paint_caption(painter)
        painter.restore()

    def formula_room(self) -> QRectF:
        """Where the formula goes: the title band left of the step counter."""
        x, y, w, h = self.layout.title
        font = self.layout.font
        step_w = QFontMetricsF(_font(font)).horizontalAdvance(self.step_text(self.last))
        right = (step_w + 2 * font) if self.options.step else font
        return QRectF(x + font, y, max(1.0, w - font - right), h)

    def _paint_formula(self, painter: QPainter) -> None:
        room = self.formula_room()
        if self._svg is not None:
            natural = self._svg.defaultSize()
            scale = min(1.0, room.width() / natural.width(), 0.9 * room.height() / natural.height())
            if scale >= 0.55:  # smaller would be unreadable: show the text instead
                w, h = natural.width() * scale, natural.height() * scale
                target = QRectF(room.x(), room.y() + (room.height() - h) / 2, w, h)
                self._svg.render(painter, target)
                return
        font = _font(self.layout.font)
        painter.setFont(font)
        painter.setPen(QColor(TEXT))
        text = QFontMetricsF(font).elidedText(self.text, Qt.TextElideMode.ElideRight, room.width())
        painter.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    def legend_swatches(self) -> list[tuple[QRectF, str]]:
        """Each legend entry's swatch rectangle (frame pixels) and colour."""
        return [(swatch, colour) for swatch, _, _, colour in self._legend_items()]

    def _legend_items(self):
        x0, y0, width, _ = self.layout.legend
        font = self.layout.font
        metrics = QFontMetricsF(_font(font))
        line = row_height(font)
        rows = self._legend_rows(font, width)[: self.layout.legend_rows]
        shown = [i for row in rows for i in row]
        for r, row in enumerate(rows):
            x, y = x0 + font, y0 + r * line
            for i in row:
                label, colour = self.entries[i]
                if i == shown[-1] and len(shown) < len(self.entries):
                    label = f"{label}  (+{len(self.entries) - len(shown)} more)"
                sw, sh = SWATCH[0] * font, SWATCH[1] * font
                swatch = QRectF(x, y + (line - sh) / 2, sw, sh)
                text = QRectF(
                    swatch.right() + 0.4 * font, y, metrics.horizontalAdvance(label) + 2, line
                )
                yield swatch, text, label, colour
                x += self._entry_width(metrics, font, self.entries[i][0])

    def _paint_legend(self, painter: QPainter) -> None:
        painter.setFont(_font(self.layout.font))
        for swatch, text, label, colour in self._legend_items():
            painter.fillRect(swatch, QColor(colour))
            painter.setPen(QColor(TEXT))
            painter.drawText(
                text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label
            )

    def _paint_caption(self, painter: QPainter) -> None:
        x, y, w, _ = self.layout.caption
        font = self.layout.font
        painter.setFont(_font(font))
        painter.setPen(QColor(TEXT))
        lines = self._caption_lines(font, w)[: self.layout.caption_lines]
        if len(lines) < len(self._caption_lines(font, w)):
            metrics = QFontMetricsF(_font(font))
            rest = " ".join(self._caption_lines(font, w)[len(lines) - 1 :])
            lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, w - 2 * font)
        line = row_height(font)
        for i, text in enumerate(lines):
            rect = QRectF(x + font, y + i * line, w - 2 * font, line)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def step_text(self, step: int) -> str:
        return f"step {step} / {self.last}"

    def step_rect(self) -> QRectF:
        """The step counter's box: the right end of the title band, as wide as the widest
        counter ("step n / n") and a margin."""
        x, y, w, h = self.layout.title
        font = self.layout.font
        width = QFontMetricsF(_font(font)).horizontalAdvance(self.step_text(self.last)) + font
        return QRectF(x + w - font - width, y, width, h)

    def paint_step(self, painter: QPainter, step: int) -> None:
        """The step counter at the right of the title band (background repainted first)."""
        if not (self.layout.title and self.options.step):
            return
        rect = self.step_rect()
        painter.save()
        painter.fillRect(rect, QColor(BACKGROUND))
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(_font(self.layout.font))
        painter.setPen(QPen(QColor(MUTED)))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
        painter.drawText(rect, align, self.step_text(step))
        painter.restore()
