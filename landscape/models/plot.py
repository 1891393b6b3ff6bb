"""Tiny PNG line charts with Pillow (no matplotlib at run time): sweeps and loss curves.

:func:`line_chart` draws series of points with an optional shaded band (the spread over seeds),
axes with tick labels (linear or log), a title and a legend. Categorical x values are drawn at
positions 0, 1, 2, … with their names as tick labels (``Series.xs`` then holds positions and
``x_labels`` the names). Non-finite points are skipped (the line breaks there).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from landscape import safe_write

WIDTH, HEIGHT = 800, 520
MARGIN = dict(left=80, right=190, top=40, bottom=60)
COLOURS = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
]


@dataclass
class Series:
    """``xs, ys (k,)``; ``lo, hi (k,)`` bound an optional shaded band."""

    label: str
    xs: np.ndarray
    ys: np.ndarray
    lo: np.ndarray | None = None
    hi: np.ndarray | None = None


def _ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        exps = [e for e in range(math.floor(lo), math.ceil(hi) + 1) if lo <= e <= hi]
        every = max(1, math.ceil(len(exps) / 8))
        return [10.0**e for e in exps if e % every == 0]
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / 5)) if span > 0 else 1.0
    for mult in (1, 2, 5, 10):
        if span / (step * mult) <= 7:
            step *= mult
            break
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def _range(values: np.ndarray, log: bool) -> tuple[float, float]:
    v = values[np.isfinite(values)]
    if log:
        v = np.log10(v[v > 0])
    if v.size == 0:
        return 0.0, 1.0
    lo, hi = float(v.min()), float(v.max())
    if hi - lo < 1e-12 * max(1.0, abs(lo)):
        half = 0.1 * abs(lo) if lo != 0 else 0.5
        lo, hi = lo - half, hi + half
    pad = 0.04 * (hi - lo)
    return lo - pad, hi + pad


class _Frame:
    """Maps data to pixels inside the plot rectangle."""

    def __init__(self, xr, yr, log_x: bool, log_y: bool) -> None:
        self.xr, self.yr, self.log_x, self.log_y = xr, yr, log_x, log_y
        self.x0, self.x1 = MARGIN["left"], WIDTH - MARGIN["right"]
        self.y0, self.y1 = MARGIN["top"], HEIGHT - MARGIN["bottom"]

    def px(self, x: float, y: float) -> tuple[float, float] | None:
        if self.log_x:
            x = math.log10(x) if x > 0 else math.nan
        if self.log_y:
            y = math.log10(y) if y > 0 else math.nan
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        fx = (x - self.xr[0]) / (self.xr[1] - self.xr[0])
        fy = (y - self.yr[0]) / (self.yr[1] - self.yr[0])
        return self.x0 + fx * (self.x1 - self.x0), self.y1 - fy * (self.y1 - self.y0)


def _label(value: float) -> str:
    return f"{value:.3g}"


def _draw_axes(draw, frame: _Frame, x_labels, title, xlabel, ylabel) -> None:
    draw.rectangle([frame.x0, frame.y0, frame.x1, frame.y1], outline="black")
    xt = range(len(x_labels)) if x_labels else _ticks(frame.xr[0], frame.xr[1], frame.log_x)
    for i, t in enumerate(xt):
        p = frame.px(t, 10.0 ** frame.yr[0] if frame.log_y else frame.yr[0])
        if p is None:
            continue
        draw.line([p[0], frame.y1, p[0], frame.y1 + 5], fill="black")
        text = str(x_labels[i]) if x_labels else _label(t)
        draw.text((p[0], frame.y1 + 8), text, fill="black", anchor="ma")
    for t in _ticks(frame.yr[0], frame.yr[1], frame.log_y):
        p = frame.px(10.0 ** frame.xr[0] if frame.log_x else frame.xr[0], t)
        if p is None:
            continue
        draw.line([frame.x0 - 5, p[1], frame.x0, p[1]], fill="black")
        draw.line([frame.x0 + 1, p[1], frame.x1 - 1, p[1]], fill="#e6e6e6")
        draw.text((frame.x0 - 8, p[1]), _label(t), fill="black", anchor="rm")
    draw.text(((frame.x0 + frame.x1) / 2, 12), title, fill="black", anchor="ma")
    draw.text(((frame.x0 + frame.x1) / 2, HEIGHT - 22), xlabel, fill="black", anchor="ma")
    draw.text((8, frame.y0 - 24), ylabel, fill="black")


def _draw_series(draw, frame: _Frame, s: Series, colour: str) -> None:
    if s.lo is not None and s.hi is not None:
        upper = [frame.px(x, y) for x, y in zip(s.xs, s.hi, strict=True)]
        lower = [frame.px(x, y) for x, y in zip(s.xs, s.lo, strict=True)]
        poly = [p for p in upper if p] + [p for p in reversed(lower) if p]
        if len(poly) >= 3:
            draw.polygon(poly, fill=colour + "40")
    points = [frame.px(x, y) for x, y in zip(s.xs, s.ys, strict=True)]
    run: list = []
    for p in [*points, None]:
        if p is None:
            if len(run) > 1:
                draw.line(run, fill=colour, width=2)
            if len(run) == 1 or (len(points) <= 20 and run):
                for q in run:
                    draw.ellipse([q[0] - 3, q[1] - 3, q[0] + 3, q[1] + 3], fill=colour)
            run = []
        else:
            run.append(p)


def line_chart(
    path,
    series: list[Series],
    *,
    title: str = "",
    xlabel: str = "",
    ylabel: str = "",
    log_x: bool = False,
    log_y: bool = False,
    x_labels: list[str] | None = None,
) -> Path:
    """Write a PNG chart of ``series`` to ``path`` and return the path."""
    from PIL import Image, ImageDraw

    xs = np.concatenate([np.asarray(s.xs, dtype=float) for s in series] or [np.zeros(1)])
    ys = np.concatenate(
        [np.asarray(v, dtype=float) for s in series for v in (s.ys, s.lo, s.hi) if v is not None]
        or [np.zeros(1)]
    )
    frame = _Frame(_range(xs, log_x), _range(ys, log_y), log_x, log_y)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    _draw_axes(draw, frame, x_labels, title, xlabel, ylabel)
    for i, s in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        _draw_series(draw, frame, s, colour)
        y = frame.y0 + 8 + 18 * i
        draw.line([frame.x1 + 12, y, frame.x1 + 32, y], fill=colour, width=3)
        draw.text((frame.x1 + 38, y), s.label[:24], fill="black", anchor="lm")
    path = Path(path)
    safe_write.ensure_folder(path.parent)
    png = io.BytesIO()
    image.save(png, format="PNG")
    return safe_write.write_bytes(path, png.getvalue())
