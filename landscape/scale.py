"""The colour scale of a sampled landscape, and colour-bar ticks whose labels can be read.

:func:`choose_scale` is what the scale "auto" means. Log (levels geometric in
``w = z − z_min + offset``, see :mod:`landscape.grid`) only when all of these hold on the grid's
finite samples, linear otherwise:

1. f does not change sign: not (min < −SIGN_TOL·max|z| and max > SIGN_TOL·max|z|). A
   sign-changing f is never drawn on a log scale.
2. f is bounded below on the domain: its lower tail is not clipped by the 3D-surface rule
   (:meth:`~landscape.grid.Grid.clip_range`: a minimum more than 10 robust spans below the bulk
   is a pole, not a floor).
3. f spans at least MIN_DECADES decades above its minimum: log10((P99 − z_min)/(P10 − z_min)) ≥
   MIN_DECADES, so a tenth of the map lies within 1 % of the range near the minimum and a
   linear scale would paint it one colour (P10 = z_min, a flat floor, counts as no span).

A grid with no finite sample, or a constant one, is linear.

:func:`ticks` gives colour-bar tick values with labels that are short, distinct and exact
enough: linear ticks at multiples of 1, 2, 2.5 or 5 × 10ᵏ; log ticks at the round values
(1, 2, 3, 5 × 10ᵏ) nearest to whole decades of w. Labels use plain decimals for
1e-3 ≤ |v| < 1e4 and ``2.5e6`` / ``1e-4`` (1eN) notation outside (on a bar that needs it,
every |v| ≥ 1000), a true minus sign "−", and as many digits as the tick spacing needs (more only
when two labels would otherwise read the same).
"""

from __future__ import annotations

import math

import numpy as np

from landscape.errors import InputError

SCALES = ("auto", "linear", "log")
MIN_DECADES = 2.0
SPAN_PERCENTILES = (10.0, 99.0)
SIGN_TOL = 1e-12
#: Most colour-bar ticks by default.
MAX_TICKS = 7
PLAIN_RANGE = (1e-3, 1e4)
MINUS = "\u2212"


def decades_above_minimum(grid) -> float:
    """log10((P99 − z_min)/(P10 − z_min)) of the finite samples; 0 when not defined."""
    if not grid.finite.any():
        return 0.0
    low, high = (float(v) for v in grid.percentiles(SPAN_PERCENTILES))
    base, top = low - grid.z_min, high - grid.z_min
    if not (base > 0 and top > base):
        return 0.0
    return math.log10(top / base)


def changes_sign(grid) -> bool:
    """Whether the finite samples hold values clearly below and clearly above zero."""
    if not grid.finite.any():
        return False
    tol = SIGN_TOL * max(abs(grid.z_min), abs(grid.z_max))
    return grid.z_min < -tol and grid.z_max > tol


def bounded_below(grid) -> bool:
    """False when the grid's minimum is a pole: the 3D clip rule cuts its lower tail."""
    if not grid.finite.any():
        return False
    return grid.clip_range()[0] <= grid.z_min


def choose_scale(grid) -> str:
    """``"log"`` or ``"linear"`` for ``grid`` by the rules in the module docstring."""
    if not grid.finite.any() or not grid.z_max > grid.z_min:
        return "linear"
    if changes_sign(grid) or not bounded_below(grid):
        return "linear"
    return "log" if decades_above_minimum(grid) >= MIN_DECADES else "linear"


def resolve_scale(scale: str, grid) -> str:
    """``scale`` itself for "linear"/"log", :func:`choose_scale` for "auto"."""
    if scale not in SCALES:
        raise InputError(f"unknown colour scale {scale!r}; use {', '.join(SCALES)}")
    return choose_scale(grid) if scale == "auto" else scale


# -- ticks -------------------------------------------------------------------------------------
def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ᵏ that is ≥ ``raw`` > 0."""
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= raw * (1 - 1e-12):
            return m * mag
    return 10.0 * mag


def _decimals_for(step: float) -> int:
    """Fewest decimals that write ``step`` exactly (to 1e-9 relative), at most 12."""
    for d in range(13):
        if abs(round(step, d) - step) <= 1e-9 * step:
            return d
    return 12


def format_value(value: float, digits: int = 3, plain_max: float = PLAIN_RANGE[1]) -> str:
    """One number as a tick label: plain for PLAIN_RANGE[0] ≤ |v| < ``plain_max``, else 1eN
    notation; ``digits`` significant digits (a plain number's whole part is always written in
    full), no trailing zeros ("2.5e6", "−0.04", "1e-4", "1235")."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    mag = abs(value)
    if PLAIN_RANGE[0] <= mag < plain_max:
        decimals = max(0, digits - 1 - int(math.floor(math.log10(mag))))
        text = f"{mag:.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        exp = int(math.floor(math.log10(mag)))
        mant = f"{mag / 10.0**exp:.{max(digits - 1, 0)}f}".rstrip("0").rstrip(".")
        if mant == "10":
            mant, exp = "1", exp + 1
        text = f"{mant}e{exp}"
    return (MINUS if value < 0 else "") + text


def _labels(values: list[float], digits: int) -> list[str]:
    """Labels for ``values`` with ``digits`` significant digits, more until all differ. When
    one value needs 1eN notation (|v| ≥ 1e4), every |v| ≥ 1000 uses it, so a bar reads
    "100, 1e3, 1e4" rather than "100, 1000, 1e4"."""
    top = max(abs(v) for v in values)
    plain_max = 1e3 if top >= PLAIN_RANGE[1] else PLAIN_RANGE[1]
    for d in range(max(1, digits), 17):
        labels = [format_value(v, d, plain_max) for v in values]
        if len(set(labels)) == len(labels):
            return labels
    return [repr(v) for v in values]


def _digits_for(values: list[float], step: float) -> int:
    """Significant digits the largest |value| needs for the spacing ``step`` to show."""
    top = max(abs(v) for v in values) or step
    return max(1, int(math.floor(math.log10(top))) - int(math.floor(math.log10(step))) + 1)


def linear_ticks(lo: float, hi: float, max_ticks: int = MAX_TICKS) -> list[tuple[float, str]]:
    """Ticks ``[(value, label)]`` at multiples of a nice step inside [lo, hi], at most
    ``max_ticks``; ``lo`` and ``hi`` themselves when no two multiples fit."""
    _check_range(lo, hi, max_ticks)
    step = _nice_step((hi - lo) / max(max_ticks - 1, 1))
    first = math.ceil(lo / step - 1e-9)
    values = [k * step for k in range(first, int(math.floor(hi / step + 1e-9)) + 1)]
    while len(values) > max_ticks:  # rounding let one more in
        step = _nice_step(step * 1.01)
        first = math.ceil(lo / step - 1e-9)
        values = [k * step for k in range(first, int(math.floor(hi / step + 1e-9)) + 1)]
    if len(values) < 2:
        values, step = [lo, hi], hi - lo
    values = [0.0 if abs(v) < 1e-9 * step else v for v in values]
    digits = max(_digits_for(values, step), _significant(step))
    return list(zip(values, _labels(values, digits), strict=True))


def _significant(step: float) -> int:
    """Significant digits of the step itself (2.5 → 2)."""
    scaled = step / 10.0 ** math.floor(math.log10(step))
    return 1 + _decimals_for(scaled)


def log_ticks(
    lo: float, hi: float, z0: float, max_ticks: int = MAX_TICKS
) -> list[tuple[float, str]]:
    """Ticks for a colour bar on which w = z − z0 is logarithmic (z0 < lo < hi): the round z
    values (1, 2, 3 or 5 × 10ᵏ) nearest to whole decades of w, every ``s``-th decade so that at
    most ``max_ticks`` remain; linear ticks when [lo, hi] spans less than a decade of w."""
    _check_range(lo, hi, max_ticks)
    if not z0 < lo:
        raise InputError("a log colour bar needs z0 below its range")
    a, b = math.log10(lo - z0), math.log10(hi - z0)
    if b - a < 1.0:
        return linear_ticks(lo, hi, max_ticks)
    k_lo, k_hi = math.ceil(a - 1e-9), math.floor(b + 1e-9)
    stride = max(1, math.ceil((k_hi - k_lo + 1) / max_ticks))
    values: list[float] = []
    for k in range(k_lo, k_hi + 1, stride):
        z = _round_nice(z0 + 10.0**k)
        if lo <= z <= hi and (not values or z > values[-1]):
            values.append(z)
    if len(values) < 2:
        return linear_ticks(lo, hi, max_ticks)
    return list(zip(values, _labels(values, 1), strict=True))


def _round_nice(value: float) -> float:
    """The nearest (in ratio) of 1, 2, 3, 5, 10 × 10ᵏ to ``value`` > 0 (its sign kept)."""
    if value == 0:
        return 0.0
    mag = 10.0 ** math.floor(math.log10(abs(value)))
    best = min((1.0, 2.0, 3.0, 5.0, 10.0), key=lambda m: abs(math.log(abs(value) / (m * mag))))
    return math.copysign(best * mag, value)


def _check_range(lo: float, hi: float, max_ticks: int) -> None:
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError(f"a colour bar needs a finite range lo < hi (got {lo:g}, {hi:g})")
    if not 2 <= int(max_ticks) <= 50:
        raise InputError("a colour bar has between 2 and 50 ticks")


def ticks(grid, scale: str = "auto", max_ticks: int = MAX_TICKS) -> list[tuple[float, str]]:
    """Colour-bar ticks ``[(z, label)]`` for ``grid`` on ``scale`` ("auto", "linear", "log"),
    inside the same robust range as :meth:`~landscape.grid.Grid.levels`. A constant grid gets
    one tick at its value; a grid with no finite value, none."""
    scale = resolve_scale(scale, grid)
    if not grid.finite.any():
        return []
    if not grid.z_max > grid.z_min:
        return [(grid.z_min, format_value(grid.z_min, 6))]
    if scale == "log":
        z0, a, b = grid._log_frame()
        lo, hi = z0 + math.exp(a), z0 + math.exp(b)
        return log_ticks(lo, hi, z0, max_ticks)
    lo, hi = grid.value_range("linear")
    return linear_ticks(lo, hi, max_ticks)


def tick_positions(grid, scale: str, values) -> np.ndarray:
    """Where ``values (k,)`` sit on the colour bar, in 0..1 (clipped), by the same mapping as
    :meth:`~landscape.grid.Grid.normalized` on ``scale`` ("linear" or "log")."""
    v = np.asarray(values, dtype=float)
    if v.size == 0 or not grid.finite.any():
        return np.zeros(v.shape)
    if scale == "log":
        z0, a, b = grid._log_frame()
        with np.errstate(all="ignore"):
            out = (np.log(np.maximum(v - z0, math.exp(a))) - a) / (b - a)
    else:
        lo, hi = grid.value_range("linear")
        out = (v - lo) / (hi - lo)
    return np.clip(np.nan_to_num(out, nan=0.5), 0.0, 1.0)


def tick_values(ticks_: list[tuple[float, str]]) -> np.ndarray:
    """The values of ``ticks`` as an array ``(k,)``."""
    return np.array([v for v, _ in ticks_], dtype=float)
