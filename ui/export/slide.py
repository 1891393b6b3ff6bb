"""Where things go on a slide-ready frame: the title band, the legend, the panes, the caption.

A frame of ``view`` at ``size`` per view is ``(W, H) = (size[0] × panes, size[1])`` pixels,
exactly as without the overlays: the bands are carved out of that height, never added to it,
so a frame asked for at 1920×1080 is 1920×1080. From top to bottom:

- the **title band** (when the formula or the step counter is on): the formula at the left,
  "step 120 / 500" at the right;
- the **legend band** (when on and there are runs): one or more rows of swatch + name;
- the **panes**, side by side, each the full remaining height; shares of the width
  (:func:`pane_shares`): one pane takes all of it, "both" halves it, and a view with loss
  curves gives the map or surface 60 % and the curves 40 % (their two plots stacked, so
  neither is squashed). No pane is ever under 40 % of the frame's width.
- the **caption band** (when a caption is given): up to :data:`MAX_CAPTION_LINES` lines.

The font scales with the frame (:func:`font_px`); the bands together never take more than
:data:`MAX_BANDS` of the height (the font shrinks first, then the legend and caption lose
rows; on a tiny frame only a plain title stays, or nothing); a legend needing more than
:data:`MAX_LEGEND_ROWS` rows shrinks the font to :data:`LEGEND_FLOOR` of its size first, and
what still does not fit is counted ("+3 more"). A tall formula gets a taller
title band (``title_em``, up to :data:`MAX_TITLE_EM` fonts). Rectangles are ``(x, y, w, h)``
tuples of ints. No painting here: see ``overlay.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from landscape.export.frames import output_size, panels

#: the share of the width the loss curves get beside a map or surface
LOSS_SHARE = 0.4
#: the most of the frame's height the bands may take together
MAX_BANDS = 0.35
MAX_CAPTION_LINES = 2
MAX_LEGEND_ROWS = 3
#: a legend that needs more rows shrinks the font down to this share of its size first
LEGEND_FLOOR = 0.65
MIN_FONT, MAX_FONT = 8, 34
#: the title band's height in units of the font, and the most it may grow to for a tall
#: formula (fractions, exponents of exponents)
TITLE_EM, MAX_TITLE_EM = 2.1, 3.4
#: the longest caption, in characters (the dialog's field and ``--caption``)
MAX_CAPTION = 200

Rect = tuple[int, int, int, int]


@dataclass(frozen=True)
class SlideOptions:
    """What a frame carries besides the panes: each on by default, ``caption`` empty (none)."""

    formula: bool = True
    legend: bool = True
    step: bool = True
    caption: str = ""

    @property
    def title(self) -> bool:
        return self.formula or self.step


@dataclass(frozen=True)
class SlideLayout:
    """The frame's ``size`` ``(W, H)``, the text ``font`` (px), the bands (None when absent)
    and ``panes``: ``(name, rect)`` left to right; ``legend_rows`` and ``caption_lines`` are
    how many rows of each fit."""

    size: tuple[int, int]
    font: int
    title: Rect | None
    legend: Rect | None
    caption: Rect | None
    panes: tuple[tuple[str, Rect], ...]
    legend_rows: int = 0
    caption_lines: int = 0

    def pane(self, name: str) -> Rect:
        return dict(self.panes)[name]


def pane_shares(view: str) -> tuple[float, ...]:
    """Each pane's share of the frame's width, left to right (they sum to 1)."""
    names = panels(view)
    if len(names) == 1:
        return (1.0,)
    if "loss" in names:
        return tuple(LOSS_SHARE if n == "loss" else 1.0 - LOSS_SHARE for n in names)
    return tuple(1.0 / len(names) for _ in names)


def font_px(height: int) -> int:
    """The overlay font (px) for a frame ``height`` pixels tall: 3 % of it, within bounds."""
    return max(MIN_FONT, min(MAX_FONT, round(height * 0.03)))


def title_height(font: int, em: float = TITLE_EM) -> int:
    return round(font * em)


def row_height(font: int) -> int:
    return round(font * 1.6)


def slide_layout(
    view: str,
    size: tuple[int, int],
    options: SlideOptions,
    rows_for: Callable[[int, int], tuple[int, int]] = lambda font, width: (1, 1),
    title_em: float = TITLE_EM,
) -> SlideLayout:
    """The layout of a frame of ``view`` at ``size`` per view. ``rows_for(font, width)``
    says how many legend rows and caption lines the content needs at that font and width
    (the overlay measures its text); they are capped to fit :data:`MAX_BANDS`.
    ``title_em``: the title band's height in fonts (a tall formula asks for more; kept
    within :data:`TITLE_EM` … :data:`MAX_TITLE_EM`)."""
    title_em = max(TITLE_EM, min(MAX_TITLE_EM, title_em))
    width, height = output_size(view, size)
    budget = int(height * MAX_BANDS)
    font = font_px(height)
    floor = max(MIN_FONT, round(font * LEGEND_FLOOR))  # the smallest a long legend makes it
    while True:
        needed, caption_lines = rows_for(font, width)
        legend_rows = min(needed, MAX_LEGEND_ROWS) if options.legend else 0
        caption_lines = min(caption_lines, MAX_CAPTION_LINES) if options.caption.strip() else 0
        bands = _bands(font, options, legend_rows, caption_lines, title_em)
        crowded = options.legend and needed > MAX_LEGEND_ROWS and font > floor
        if (sum(bands) <= budget and not crowded) or font <= MIN_FONT:
            break
        font -= 1
    while sum(bands) > budget and (legend_rows > 1 or caption_lines > 1):
        legend_rows = max(1, legend_rows - 1) if legend_rows else 0
        caption_lines = max(1, caption_lines - 1) if caption_lines else 0
        bands = _bands(font, options, legend_rows, caption_lines, title_em)
    if sum(bands) > budget:  # a tiny frame: the panes come first, then a plain title
        legend_rows = caption_lines = 0
        bands = _bands(font, options, 0, 0, TITLE_EM)
        if sum(bands) > budget:
            bands = (0, 0, 0)
    title_h, legend_h, caption_h = bands
    top = title_h + legend_h
    pane_h = height - top - caption_h
    title = (0, 0, width, title_h) if title_h else None
    legend = (0, title_h, width, legend_h) if legend_h else None
    caption = (0, top + pane_h, width, caption_h) if caption_h else None
    return SlideLayout(
        (width, height),
        font,
        title,
        legend,
        caption,
        _panes(view, width, top, pane_h),
        legend_rows,
        caption_lines,
    )


def _bands(font: int, options: SlideOptions, legend_rows: int, caption_lines: int, title_em: float):
    pad = max(2, font // 3)
    title_h = title_height(font, title_em) if options.title else 0
    legend_h = legend_rows * row_height(font) + pad if legend_rows else 0
    caption_h = caption_lines * row_height(font) + pad if caption_lines else 0
    return (title_h, legend_h, caption_h)


def _panes(view: str, width: int, top: int, height: int) -> tuple[tuple[str, Rect], ...]:
    out, x = [], 0
    names, shares = panels(view), pane_shares(view)
    for i, (name, share) in enumerate(zip(names, shares, strict=True)):
        w = width - x if i == len(names) - 1 else round(width * share)
        out.append((name, (x, top, w, height)))
        x += w
    return tuple(out)
