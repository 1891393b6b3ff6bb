"""The sweep's plots: the metric against each swept setting, mean over seeds with the spread
over seeds (± one standard deviation) as error bars; one line per combination of the other
settings (up to six, else pooled). A numeric setting is a line over its values (log x when
they span a factor 20 or more); a categorical one (an optimizer, a choice, true/false) is
points over its labelled categories, the series side by side (CATEGORY_SPREAD), never joined
by a line. Axes show plain values: no SI prefix or "(×0.001)" scale."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pyqtgraph as pg

from ui.state.model import PALETTE

MAX_SERIES = 6
#: the width, in category slots, over which the series of one category are spread
CATEGORY_SPREAD = 0.4


def _number(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def axis_positions(values: list) -> tuple[dict, list | None, bool]:
    """x position of each value, tick labels (None: numeric axis) and whether x is log10."""
    numbers = [_number(v) for v in values]
    if any(n is None for n in numbers):
        return {v: float(i) for i, v in enumerate(values)}, [str(v) for v in values], False
    positive = min(numbers) > 0
    log = positive and max(numbers) / min(numbers) >= 20
    pos = {v: (math.log10(n) if log else n) for v, n in zip(values, numbers, strict=True)}
    ticks = [f"{v}" for v in values] if log else None
    return pos, ticks, log


def swept(summary: list[dict], names: list[str]) -> list[str]:
    """The settings that take two or more values."""
    return [n for n in names if len({str(r[n]) for r in summary}) >= 2]


def series_for(summary: list[dict], names: list[str], name: str):
    """``[(label, xs, means, stds)]`` of the metric against ``name`` (xs are raw values); one
    series per combination of the other swept settings."""
    others = [n for n in swept(summary, names) if n != name]
    groups: dict[tuple, list[dict]] = {}
    for row in summary:
        groups.setdefault(tuple(row[o] for o in others), []).append(row)
    if len(groups) > MAX_SERIES:
        groups = {("all",): summary}
    out = []
    for key, rows in groups.items():
        by_value: dict = {}
        for row in rows:
            by_value.setdefault(row[name], []).append(row)
        xs = list(by_value)
        with warnings.catch_warnings():  # a group where every run diverged stays NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            means = np.array([np.nanmean([r["mean"] for r in by_value[v]]) for v in xs])
            stds = np.array([np.nanmean([r["std"] for r in by_value[v]]) for v in xs])
        label = (
            "all settings"
            if key == ("all",)
            else ", ".join(f"{o}={k}" for o, k in zip(others, key, strict=True)) or "mean"
        )
        out.append((label, xs, means, stds))
    return out


def metric_range(series) -> tuple[float, float] | None:
    """``(lo, hi)`` of the means ± spreads over every series; when all are (nearly) one value,
    a band of 5 % of it (at least 0.001) around it, so a flat result reads as flat, not as a
    unit-wide axis that runs past a metric's possible values (accuracy 1.3). None: no value."""
    parts = [
        np.concatenate([m - np.nan_to_num(sd), m + np.nan_to_num(sd)]) for _l, _x, m, sd in series
    ]
    values = np.concatenate(parts) if parts else np.empty(0)
    values = values[np.isfinite(values)]
    if not values.size:
        return None
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9 * max(1.0, abs(lo)):
        half = max(0.05 * abs(lo), 1e-3)
        return lo - half, hi + half
    return lo, hi


class SweepPlot(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("#1e1f24")
        self.plots: dict[str, pg.PlotItem] = {}

    def show_result(self, result, summary: list[dict]) -> None:
        self.clear()
        self.plots = {}
        names = swept(summary, result.names)
        for col, name in enumerate(names):
            self.plots[name] = self._plot(col, name, result, summary)
        if not names:
            label = self.addLabel("sweep a setting over two or more values to see a plot")
            label.setAttr("color", "#aeb0b8")

    def _plot(self, col: int, name: str, result, summary: list[dict]) -> pg.PlotItem:
        plot = self.addPlot(row=0, col=col)
        plot.setLabel("bottom", name)
        plot.setLabel("left", result.metric)
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)  # plain values, never "(×0.001)"
        values = list(dict.fromkeys(r[name] for r in summary))
        pos, ticks, log = axis_positions(values)
        categorical = ticks is not None and not log
        series = series_for(summary, result.names, name)
        if len(series) > 1:
            plot.addLegend(offset=(-4, 4), labelTextSize="8pt", brush=pg.mkBrush(30, 31, 36, 210))
        for k, (label, xs, means, stds) in enumerate(series):
            color = PALETTE[k % len(PALETTE)]
            x = np.array([pos[v] for v in xs])
            if categorical and len(series) > 1:  # side by side within each category
                x = x + CATEGORY_SPREAD * (k / (len(series) - 1) - 0.5)
            order = np.argsort(x)
            x, means, stds = x[order], means[order], stds[order]
            plot.plot(
                x,
                means,
                pen=None if categorical else pg.mkPen(color, width=2),
                symbol="o",
                symbolSize=10 if categorical else 7,
                symbolBrush=color,
                symbolPen=pg.mkPen("#1e1f24", width=1),
                name=label if len(series) > 1 else None,
            )
            plot.addItem(
                pg.ErrorBarItem(
                    x=x,
                    y=means,
                    height=2 * np.nan_to_num(stds),
                    beam=0.0,
                    pen=pg.mkPen(color, width=1.5),
                )
            )
        if ticks is not None:
            plot.getAxis("bottom").setTicks(
                [[(pos[v], t) for v, t in zip(values, ticks, strict=True)]]
            )
            lo, hi = min(pos.values()), max(pos.values())
            plot.setXRange(lo - 0.1 * (hi - lo) - 0.3, hi + 0.1 * (hi - lo) + 0.3, padding=0)
        if log:
            plot.setLabel("bottom", f"{name} (log scale)")
        y_range = metric_range(series)
        if y_range is not None:
            plot.setYRange(*y_range, padding=0.05)
        return plot
