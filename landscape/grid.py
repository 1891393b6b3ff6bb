"""Sampling f on a rectangular grid, and the robust ranges used to colour and draw it.

Conventions: ``xs`` has shape ``(nx,)``, ``ys`` shape ``(ny,)`` and ``z`` shape ``(nx, ny)`` with
``indexing="ij"``: ``z[i, j] = f(xs[i], ys[j])``. Points where f is undefined or overflows
(``nan``, ``±inf``, non-real) are stored as ``nan``; every statistic below uses finite values
only.

Robust ranges. One spike (a pole, ``exp(10x²y²)``) must not flatten the picture, so levels,
colours and the 3D surface use percentiles of the finite values rather than their extremes:

* linear scale: the range ``[P1, P99]`` of the finite values;
* log scale: ``w = z - z_min + offset`` with ``z_min`` the finite minimum and
  ``offset = LOG_OFFSET · (P99 - z_min)``, so ``w > 0`` everywhere and the range
  ``[offset, P99 - z_min + offset]`` spans about four decades. Levels are then geometric in
  ``w``: dense near the minimum (Rosenbrock's banana valley shows) and sparse on the walls.
  When the values span many more decades (``exp(10x²y²)``), the offset shrinks to
  ``P5 - z_min`` so the levels start at the bulk's own scale;
* 3D surface (:meth:`Grid.clipped`): z keeps its true extremes unless one lies more than
  10 robust spans (``P99.5 - P0.5``) beyond the bulk (a pole, an overflow-sized tail); that side
  is then clipped to its percentile widened by 5 % of the span.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from landscape.errors import InputError, LandscapeError

#: Percentiles of the finite values that bound colour and contour levels.
LEVEL_PERCENTILES = (1.0, 99.0)
#: The 3D surface is clipped at these percentiles (widened by CLIP_MARGIN of their span) on a
#: side whose extreme lies more than CLIP_TAIL spans beyond them.
CLIP_PERCENTILES = (0.5, 99.5)
CLIP_MARGIN = 0.05
CLIP_TAIL = 10.0
#: Log scale offset as a fraction of the robust range: about four decades of levels.
LOG_OFFSET = 1e-4
#: ... unless the finite values above this percentile are closer to z_min (heavy tails).
LOG_LOW_PERCENTILE = 5.0
#: Largest allowed span and coordinate magnitude of a domain.
MAX_SPAN = 1e6
MIN_RESOLUTION, MAX_RESOLUTION = 2, 2000
#: Elements per evaluation chunk: about 0.5 MB of float64, so temporaries stay in cache.
#: Measured at 1000² (heavy test function): 16k-128k elements per chunk are 25-30 % faster
#: than one full-grid call; 1 row (1000) or 256 rows are slower.
CHUNK_ELEMENTS = 65536
#: Above this many finite values, percentiles are computed on an evenly strided subsample.
PERCENTILE_SAMPLE = 262144


class Cancelled(LandscapeError):
    """Sampling was cancelled by its ``cancel`` callback (a newer request superseded it)."""


@dataclass(frozen=True)
class Domain:
    """The rectangle ``[xmin, xmax] × [ymin, ymax]``; finite, non-empty and bounded."""

    xmin: float
    xmax: float
    ymin: float
    ymax: float

    def __post_init__(self) -> None:
        for axis, lo, hi in (("x", self.xmin, self.xmax), ("y", self.ymin, self.ymax)):
            _check_interval(axis, lo, hi)
            object.__setattr__(self, f"{axis}min", float(lo))
            object.__setattr__(self, f"{axis}max", float(hi))

    @classmethod
    def from_pairs(cls, pairs) -> Domain:
        """From ``[[xmin, xmax], [ymin, ymax]]`` (the preset / JSON form)."""
        try:
            (x0, x1), (y0, y1) = pairs
        except (TypeError, ValueError):
            raise InputError("a domain is [[xmin, xmax], [ymin, ymax]]") from None
        return cls(x0, x1, y0, y1)

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin

    def contains(self, point, margin: float = 0.0) -> bool:
        """Whether ``point (2,)`` lies inside, the domain enlarged by ``margin`` × its size."""
        px, py = float(point[0]), float(point[1])
        mx, my = margin * self.width, margin * self.height
        return (self.xmin - mx <= px <= self.xmax + mx) and (self.ymin - my <= py <= self.ymax + my)

    def to_pairs(self) -> list[list[float]]:
        return [[self.xmin, self.xmax], [self.ymin, self.ymax]]


def _check_interval(axis: str, lo, hi) -> None:
    try:
        lo, hi = float(lo), float(hi)
    except (TypeError, ValueError):
        raise InputError(f"the {axis} range must be numbers") from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(f"the {axis} range must be finite")
    if not lo < hi:
        raise InputError(f"the {axis} range needs {axis}min < {axis}max (got {lo:g} and {hi:g})")
    if max(abs(lo), abs(hi)) > MAX_SPAN or hi - lo > MAX_SPAN:
        raise InputError(f"the {axis} range is too large (limit ±{MAX_SPAN:g})")
    if hi - lo < 1e-9 * max(1.0, abs(lo), abs(hi)):
        raise InputError(f"the {axis} range is too narrow to sample")


@dataclass
class Grid:
    """Samples of f: ``xs (nx,)``, ``ys (ny,)``, ``z (nx, ny)`` with ``z[i, j] = f(xs[i], ys[j])``.

    Non-finite samples are replaced by ``nan`` on construction; ``finite (nx, ny)`` is the mask
    of defined values.
    """

    xs: np.ndarray
    ys: np.ndarray
    z: np.ndarray
    finite: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.xs = np.asarray(self.xs, dtype=float)
        self.ys = np.asarray(self.ys, dtype=float)
        z = np.asarray(self.z, dtype=float)
        if z.shape != (self.xs.size, self.ys.size):
            raise ValueError(f"z has shape {z.shape}, expected {(self.xs.size, self.ys.size)}")
        self.finite = np.isfinite(z)
        if not self.finite.all():
            z = np.where(self.finite, z, np.nan)
        self.z = z

    @property
    def shape(self) -> tuple[int, int]:
        return self.z.shape

    @property
    def undefined_share(self) -> float:
        """Fraction of samples (0..1) where f is undefined or not finite."""
        return 1.0 - float(np.count_nonzero(self.finite)) / self.z.size

    @cached_property
    def _finite_values(self) -> np.ndarray:
        """The finite samples, flattened ``(m,)``; evenly subsampled above PERCENTILE_SAMPLE."""
        values = self.z[self.finite]
        if values.size > PERCENTILE_SAMPLE:
            values = values[:: values.size // PERCENTILE_SAMPLE + 1]
        return values

    @cached_property
    def z_min(self) -> float:
        """Smallest finite sample (``nan`` when none is finite)."""
        return (
            float(np.min(self.z, where=self.finite, initial=np.inf))
            if self.finite.any()
            else math.nan
        )

    @cached_property
    def z_max(self) -> float:
        """Largest finite sample (``nan`` when none is finite)."""
        return (
            float(np.max(self.z, where=self.finite, initial=-np.inf))
            if self.finite.any()
            else math.nan
        )

    def percentiles(self, q) -> np.ndarray:
        """Percentiles ``q (k,)`` in 0..100 of the finite values -> ``(k,)`` (``nan`` if none)."""
        values = self._finite_values
        if values.size == 0:
            return np.full(np.shape(q), np.nan)
        return np.percentile(values, q)

    def value_range(self, scale: str = "linear") -> tuple[float, float]:
        """The robust ``(lo, hi)`` that levels and colours span, in z units (lo < hi).

        Linear: ``[P1, P99]``; log: ``[z_min, P99]``. A constant grid gets a small symmetric
        range around its value so levels stay valid.
        """
        _check_scale(scale)
        if not self.finite.any():
            return (-1.0, 1.0)
        p_lo, p_hi = self.percentiles(LEVEL_PERCENTILES)
        lo = self.z_min if scale == "log" else float(p_lo)
        hi = float(p_hi)
        if not hi > lo:  # (nearly) constant over the robust range: fall back to the extremes
            lo, hi = self.z_min, self.z_max
        if not hi - lo > 1e-12 * max(1.0, abs(lo), abs(hi)):
            pad = 1e-3 * max(1.0, abs(lo))
            lo, hi = lo - pad, hi + pad
        return (float(lo), float(hi))

    def _log_frame(self) -> tuple[float, float, float]:
        """``(z0, log_lo, log_hi)``: ``w = z - z0`` is mapped by log to ``[log_lo, log_hi]``."""
        lo, hi = self.value_range("log")
        offset = LOG_OFFSET * (hi - lo)
        if self.finite.any():  # heavy tails (exp(10x²y²)): start at the bulk's scale instead
            low = float(self.percentiles(LOG_LOW_PERCENTILE)) - lo
            if low > 0:
                offset = min(offset, low)
        offset = max(offset, 1e-12 * max(1.0, abs(lo)))
        z0 = lo - offset
        return z0, math.log(offset), math.log(hi - z0)

    def levels(self, n: int = 20, scale: str = "linear") -> np.ndarray:
        """``n`` finite, strictly increasing contour levels ``(n,)`` inside the robust range.

        Linear: evenly spaced strictly inside ``[P1, P99]``. Log: geometric in
        ``w = z - z_min + offset`` (see the module docstring), dense near the minimum.
        """
        if n < 1:
            raise InputError("the number of levels must be at least 1")
        _check_scale(scale)
        t = (np.arange(n) + 0.5) / n
        if scale == "linear":
            lo, hi = self.value_range("linear")
            out = lo * (1 - t) + hi * t  # no overflow when hi - lo exceeds the float range
        else:
            z0, a, b = self._log_frame()
            out = z0 + np.exp(a + t * (b - a))
        return _strictly_increasing(out)

    def normalized(self, scale: str = "linear") -> np.ndarray:
        """``(nx, ny)`` values in ``[0, 1]`` for colour mapping (``nan`` kept), linear or log,
        over the same robust range as :meth:`levels` (values outside are clipped)."""
        _check_scale(scale)
        with np.errstate(all="ignore"):
            if scale == "linear":
                lo, hi = self.value_range("linear")
                out = (self.z - lo) / (hi - lo)
            else:
                z0, a, b = self._log_frame()
                out = (np.log(np.maximum(self.z - z0, math.exp(a))) - a) / (b - a)
        return np.clip(out, 0.0, 1.0)

    def clip_range(self) -> tuple[float, float]:
        """``(lo, hi)`` that :meth:`clipped` clips to.

        Each side keeps the true extreme unless it lies more than CLIP_TAIL robust spans
        (``P99.5 - P0.5``) beyond the percentile — a pole or an overflow-sized tail — in which
        case it becomes ``P0.5`` / ``P99.5`` widened by CLIP_MARGIN of the span. Narrow but
        bounded features (a sharp peak on 0.3 % of the area) thus stay whole.
        """
        if not self.finite.any():
            return (-1.0, 1.0)
        p_lo, p_hi = (float(v) for v in self.percentiles(CLIP_PERCENTILES))
        span = p_hi - p_lo
        lo, hi = self.z_min, self.z_max
        if hi - p_hi > CLIP_TAIL * span:
            hi = p_hi + CLIP_MARGIN * span
        if p_lo - lo > CLIP_TAIL * span:
            lo = p_lo - CLIP_MARGIN * span
        return (lo, hi)

    def clipped(self) -> np.ndarray:
        """A copy of ``z (nx, ny)`` clipped to :meth:`clip_range` for the 3D surface, so one
        huge value cannot flatten it; ``nan`` stays ``nan``."""
        lo, hi = self.clip_range()
        return np.clip(self.z, lo, hi)


def _check_scale(scale: str) -> None:
    if scale not in ("linear", "log"):
        raise InputError(f"unknown scale {scale!r}; use 'linear' or 'log'")


def _strictly_increasing(levels: np.ndarray) -> np.ndarray:
    """Drop levels equal to their predecessor (rounding on a tiny range): ``(k,) -> (m,)``."""
    keep = np.concatenate(([True], np.diff(levels) > 0))
    return levels[keep]


def _resolution(resolution) -> tuple[int, int]:
    if isinstance(resolution, (int, np.integer)) and not isinstance(resolution, bool):
        pair = (int(resolution), int(resolution))
    else:
        try:
            nx, ny = resolution
        except (TypeError, ValueError):
            raise InputError("resolution is an integer or a pair (nx, ny)") from None
        if any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in (nx, ny)):
            raise InputError("resolution is an integer or a pair (nx, ny)")
        pair = (int(nx), int(ny))
    for v in pair:
        if not MIN_RESOLUTION <= v <= MAX_RESOLUTION:
            raise InputError(
                f"resolution must be between {MIN_RESOLUTION} and {MAX_RESOLUTION} (got {v})"
            )
    return pair


def sample_grid(
    objective,
    domain: Domain,
    resolution=300,
    *,
    cancel: Callable[[], bool] | None = None,
    chunk: int | None = None,
) -> Grid:
    """Evaluate ``objective.f_grid`` on ``resolution`` = ``n`` or ``(nx, ny)`` points per axis.

    Rows of ``chunk`` x-values (default: about CHUNK_ELEMENTS samples) are evaluated at a time
    as ``f_grid(xs[i:i+chunk, None], ys[None, :]) -> (chunk, ny)``; ``cancel()`` is checked
    before each chunk and :class:`Cancelled` raised when it returns True.
    Returns a :class:`Grid` with ``z (nx, ny)``.
    """
    nx, ny = _resolution(resolution)
    xs = np.linspace(domain.xmin, domain.xmax, nx)
    ys = np.linspace(domain.ymin, domain.ymax, ny)
    rows = int(chunk) if chunk else max(1, CHUNK_ELEMENTS // ny)
    if rows < 1:
        raise InputError("chunk must be at least 1 row")
    z = np.empty((nx, ny))
    y_row = ys[None, :]
    for start in range(0, nx, rows):
        if cancel is not None and cancel():
            raise Cancelled("sampling was cancelled")
        stop = min(start + rows, nx)
        block = objective.f_grid(xs[start:stop, None], y_row)
        z[start:stop] = np.broadcast_to(np.asarray(block, dtype=float), (stop - start, ny))
    return Grid(xs, ys, z)


def sample_gradient_field(objective, domain: Domain, n: int = 20):
    """Gradients on a coarse ``n × n`` grid for an arrow field (``objective.grad_grid``, or
    point-wise gradients for objectives without one).

    Returns ``(X, Y, U, V)``, each ``(n, n)`` with ``indexing="ij"``: ``(U, V) = ∇f(X, Y)``;
    non-finite components are ``nan``.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= 500:
        raise InputError("the arrow field needs between 2 and 500 points per axis")
    X, Y = np.meshgrid(
        np.linspace(domain.xmin, domain.xmax, n),
        np.linspace(domain.ymin, domain.ymax, n),
        indexing="ij",
    )
    try:
        G = np.asarray(objective.grad_grid(X, Y), dtype=float)
    except NotImplementedError:  # point-wise objectives: one (uncounted) gradient per arrow
        from landscape.calculus import raw_gradient

        points = np.column_stack([X.ravel(), Y.ravel()])
        G = np.array([raw_gradient(objective, p) for p in points]).T.reshape(2, n, n)
    G = np.where(np.isfinite(G), G, np.nan)
    return X, Y, G[0], G[1]
