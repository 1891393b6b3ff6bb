"""What an optimizer's settings depend on, measured once at the start point: the curvature of f
there and over the region a run may visit, and the distance it has to travel.

:func:`probe_start` never touches the objective's evaluation counters (it uses the raw
evaluations of :mod:`landscape.calculus`), so a run's counts stay its own.

Rules (the learning-rate suggestions of :mod:`landscape.optim.suggest` rest on them):

* **Curvature at the start**: ``lam_start`` = λmax of the exact ∇²f(x₀) (ascending eigenvalues in
  ``eigenvalues``); ``grad_curvature`` = ∇fᵀ∇²f∇f / ∇fᵀ∇f, the curvature along −∇f.
* **Curvature over the region**: the region is the given domain (grown to contain x₀), else the
  box [−R, R]ⁿ with R = 1.25·max(1, ‖x₀‖∞), which holds x₀ and the origin. It is sampled on a
  grid (SAMPLES_PER_AXIS points per axis for n ≤ 2; RANDOM_SAMPLES seeded uniform points for
  3 ≤ n ≤ MAX_REGION_DIM; none above). ``lam_region`` = the largest λmax of ∇²f over the samples
  where f ≤ f(x₀): a gradient step of length 1/L from a point of that sublevel set decreases f
  when L bounds the curvature there (the descent lemma), so it never climbs out.
* **L**, the curvature the rates use: max(lam_start, lam_region) over the finite, positive ones;
  when there is none, the curvature along −∇f; when that is not positive either, the L that
  makes the first gradient step 1/10 of the region's size. Then a backtracking check of f:
  while f(x₀ − ∇f/L) > f(x₀) − ‖∇f‖²/(4L), L doubles (at most BACKTRACK_TRIALS times).
  ``l_source`` says which rule gave L, in words.
* **μ**: the smallest eigenvalue over the start and the sublevel samples (None unless all are
  positive): with L it gives the condition number κ = L/μ of a convex region.
* **quadratic**: every sampled Hessian where f ≤ f(x₀) (at least MIN_QUADRATIC_SAMPLES of
  them) equals the one at x₀ (to 1e-9 relative): f is a quadratic, and the classical optimal
  rates apply exactly.
* **distance**: how far a run has to go, along the way to a target: the nearest known
  minimiser (``objective.minima``), else the lowest sample of the region — or the Newton step
  −∇²f⁻¹∇f at x₀ when that sample lies on the region's edge and the step is longer — else a
  quarter of the region's diagonal (when the target is nearer than 1e-3 of it). ``distance``
  is the way's Euclidean length, ``span`` its largest coordinate (how far one coordinate has
  to travel: what adaptive methods' step sizes are measured against); ``distance_source``
  says which target was used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from landscape.calculus import eigenvalues, raw_gradient, raw_hessian, raw_value

SAMPLES_PER_AXIS = 25
RANDOM_SAMPLES = 200
MAX_REGION_DIM = 10
BACKTRACK_TRIALS = 40
#: relative tolerance of "every sampled Hessian is the same"
QUADRATIC_RTOL = 1e-9


@dataclass(frozen=True)
class StartProbe:
    """The measurements of :func:`probe_start` (see the module docstring for each rule).

    ``x0 (n,)``, ``f0``, ``grad_norm`` ‖∇f(x₀)‖₂, ``eigenvalues (n,)`` of ∇²f(x₀) ascending
    (``nan`` where undefined), ``lam_start``/``lam_region``/``grad_curvature`` (None when not
    finite), ``L`` > 0 and ``l_source``, ``mu`` (None unless the region looks convex),
    ``quadratic``, ``distance`` > 0, ``span`` (its largest coordinate) and
    ``distance_source``, ``region_lo``/``region_hi (n,)``,
    ``lowest (n,)`` the lowest sample (x₀ when none is lower) and ``f_lowest`` its value,
    ``lowest_on_edge`` True when that sample lies on the region's boundary (f may be unbounded
    below, or its minimum lies outside).
    """

    x0: np.ndarray
    f0: float
    grad_norm: float
    eigenvalues: np.ndarray
    lam_start: float | None
    lam_region: float | None
    grad_curvature: float | None
    L: float
    l_source: str
    mu: float | None
    quadratic: bool
    distance: float
    span: float
    distance_source: str
    region_lo: np.ndarray
    region_hi: np.ndarray
    lowest: np.ndarray
    f_lowest: float
    lowest_on_edge: bool

    @property
    def condition(self) -> float | None:
        """κ = L/μ when the region looks convex, else None."""
        return self.L / self.mu if self.mu else None

    @property
    def region_size(self) -> float:
        """The region's diagonal ‖hi − lo‖₂."""
        return float(np.linalg.norm(self.region_hi - self.region_lo))


def _positive(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) and value > 0 else None


def region_box(x0: np.ndarray, domain=None) -> tuple[np.ndarray, np.ndarray]:
    """``(lo (n,), hi (n,))``: the domain (2-D :class:`~landscape.grid.Domain` or a sequence of
    (lo, hi) pairs) grown to contain x₀, else [−R, R]ⁿ with R = 1.25·max(1, ‖x₀‖∞)."""
    n = x0.size
    if domain is not None:
        if hasattr(domain, "xmin"):
            pairs: list[tuple[float, ...]] = [
                (domain.xmin, domain.xmax),
                (domain.ymin, domain.ymax),
            ]
        else:
            pairs = [tuple(map(float, p)) for p in domain]
        if len(pairs) == n:
            lo = np.minimum([p[0] for p in pairs], x0)
            hi = np.maximum([p[1] for p in pairs], x0)
            return lo.astype(float), hi.astype(float)
    radius = 1.25 * max(1.0, float(np.max(np.abs(x0))) if n else 1.0)
    return np.full(n, -radius), np.full(n, radius)


def region_samples(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Sample points ``(m, n)`` of the box: a grid for n ≤ 2, seeded uniform points for
    3 ≤ n ≤ MAX_REGION_DIM, none (``(0, n)``) above."""
    n = lo.size
    if n <= 2:
        axes = [np.linspace(a, b, SAMPLES_PER_AXIS) for a, b in zip(lo, hi, strict=True)]
        mesh = np.meshgrid(*axes, indexing="ij")
        return np.column_stack([m.ravel() for m in mesh])
    if n <= MAX_REGION_DIM:
        rng = np.random.default_rng(0)
        return lo + (hi - lo) * rng.random((RANDOM_SAMPLES, n))
    return np.empty((0, n))


#: Sublevel samples needed before f is called quadratic.
MIN_QUADRATIC_SAMPLES = 3


@dataclass(frozen=True)
class _Region:
    lam: float | None
    lam_min: float | None
    same_hessian: bool  # every sampled Hessian equals ∇²f(x₀), over ≥ MIN_QUADRATIC_SAMPLES
    lowest: np.ndarray
    f_lowest: float
    on_edge: bool


def _probe_region(objective, x0, f0, H0, lo, hi) -> _Region:
    """Curvature over the samples of the box where f ≤ f(x₀), and the lowest sample."""
    lam_max, lam_min, same = -math.inf, math.inf, bool(np.all(np.isfinite(H0)))
    lowest, f_lowest, used = x0, f0, 0
    scale = max(1.0, float(np.max(np.abs(H0)))) if same else 1.0
    for p in region_samples(lo, hi):
        fp = raw_value(objective, p)
        if not (math.isfinite(fp) and fp <= f0):
            continue
        used += 1
        if fp < f_lowest:
            lowest, f_lowest = p, fp
        H = raw_hessian(objective, p)
        lam = eigenvalues(H)
        if not np.all(np.isfinite(lam)):
            same = False
            continue
        lam_max, lam_min = max(lam_max, float(lam[-1])), min(lam_min, float(lam[0]))
        if same and np.max(np.abs(H - H0)) > QUADRATIC_RTOL * scale:
            same = False
    width = np.maximum(hi - lo, 1e-300)
    on_edge = bool(
        np.any(
            np.isclose(lowest, lo, rtol=0, atol=1e-9 * width)
            | np.isclose(lowest, hi, rtol=0, atol=1e-9 * width)
        )
    )
    return _Region(
        _positive(lam_max) if lam_max > -math.inf else None,
        lam_min if lam_min < math.inf else None,
        same and used >= MIN_QUADRATIC_SAMPLES,
        np.asarray(lowest),
        f_lowest,
        on_edge and f_lowest < f0,
    )


def _grad_curvature(H: np.ndarray, g: np.ndarray) -> float | None:
    gg = float(g @ g)
    if not (gg > 0 and np.all(np.isfinite(H))):
        return None
    return _positive(float(g @ H @ g) / gg)


def _backtrack(objective, x0, f0, g0, L: float) -> tuple[float, int]:
    """Double L until the step −∇f/L decreases f by at least ‖∇f‖²/(4L); (L, doublings)."""
    gg = float(g0 @ g0)
    if not (gg > 0 and math.isfinite(gg)):
        return L, 0
    for k in range(BACKTRACK_TRIALS + 1):
        f1 = raw_value(objective, x0 - g0 / L)
        if math.isfinite(f1) and f1 <= f0 - 0.25 * gg / L:
            return L, k
        L *= 2.0
    return L, BACKTRACK_TRIALS


def _curvature(objective, x0, f0, g0, lam0, region, g_curv, size) -> tuple[float, str]:
    """L > 0 and the rule that gave it (see the module docstring)."""
    candidates = [v for v in (lam0, region.lam) if v is not None]
    if candidates:
        L = max(candidates)
        if region.lam is not None and lam0 is not None and region.lam > lam0 * (1 + 1e-9):
            source = (
                f"the largest curvature where f ≤ f(x₀) on the region is {_g(L)} "
                f"(at the start: {_g(lam0)})"
            )
        elif lam0 is not None:
            source = f"λmax of ∇²f at the start is {_g(L)}"
        else:
            source = (
                f"∇²f at the start has no positive curvature; where f ≤ f(x₀) on the "
                f"region it reaches {_g(L)}"
            )
    elif g_curv is not None:
        L, source = g_curv, f"the curvature along −∇f at the start is {_g(g_curv)}"
    else:
        gn = float(np.linalg.norm(g0))
        L = 10.0 * gn / size if gn > 0 and math.isfinite(gn) else 1.0
        source = "f shows no positive curvature: the first step is a tenth of the region"
    L, doubled = _backtrack(objective, x0, f0, g0, L)
    if doubled:
        source += f"; raised to {_g(L)} so that the first step decreases f"
    return L, source


def _newton_length(H0: np.ndarray, g0: np.ndarray) -> np.ndarray | None:
    """The Newton step −∇²f⁻¹∇f at x₀ when ∇²f is finite and positive definite, else None."""
    if not (np.all(np.isfinite(H0)) and np.all(np.isfinite(g0))):
        return None
    lam = np.linalg.eigvalsh(0.5 * (H0 + H0.T))
    if not lam[0] > 1e-12 * max(1.0, float(lam[-1])):
        return None
    return -np.linalg.solve(H0, g0)


def _distance(objective, x0, region: _Region, H0, g0, size: float):
    """``(distance, span, source)``: Euclidean and ∞-norm length of the way to the target."""
    floor = 1e-3 * size
    minima = [np.asarray(m, dtype=float) for m in getattr(objective, "minima", ()) or ()]
    minima = [m - x0 for m in minima if m.shape == x0.shape]
    if minima:
        way = min(minima, key=lambda v: float(np.linalg.norm(v)))
        if float(np.linalg.norm(way)) > floor:
            return *_lengths(way), "the nearest known minimum is {} away"
    way = region.lowest - x0
    newton = _newton_length(H0, g0)
    if region.on_edge and newton is not None and np.linalg.norm(newton) > np.linalg.norm(way):
        return *_lengths(
            newton
        ), "the Newton step at the start is {} long (the region's lowest sample is on its edge)"
    if float(np.linalg.norm(way)) > floor:
        return *_lengths(way), "the lowest sampled point of the region is {} away"
    quarter = np.full(x0.size, 0.25 * size / math.sqrt(max(x0.size, 1)))
    return *_lengths(quarter), "a quarter of the region's diagonal is {}"


def _lengths(way: np.ndarray) -> tuple[float, float]:
    return float(np.linalg.norm(way)), float(np.max(np.abs(way)))


def probe_start(objective, x0, domain=None) -> StartProbe:
    """Measure f at ``x0 (n,)`` and over the region (``domain``: a 2-D Domain or (lo, hi)
    pairs, optional). Never raises for numerical trouble: undefined values are skipped."""
    x0 = np.asarray(x0, dtype=float).reshape(-1)
    f0, g0 = raw_value(objective, x0), raw_gradient(objective, x0)
    H0 = raw_hessian(objective, x0)
    lam = eigenvalues(H0)
    lam0 = _positive(lam[-1]) if lam.size and np.all(np.isfinite(lam)) else None
    lo, hi = region_box(x0, domain)
    size = float(np.linalg.norm(hi - lo)) or 1.0
    if math.isfinite(f0):
        region = _probe_region(objective, x0, f0, H0, lo, hi)
    else:
        region = _Region(None, None, False, x0, f0, False)
    g_curv = _grad_curvature(H0, g0)
    finite_g = g0 if np.all(np.isfinite(g0)) else np.zeros_like(x0)
    L, source = _curvature(objective, x0, f0, finite_g, lam0, region, g_curv, size)
    mu = None
    if lam.size and np.all(np.isfinite(lam)):
        low = float(lam[0]) if region.lam_min is None else min(float(lam[0]), region.lam_min)
        mu = low if low > 0 else None
    distance, span, d_source = _distance(objective, x0, region, H0, g0, size)
    d_source = d_source.format(_g(distance))
    gn = float(np.linalg.norm(g0)) if np.all(np.isfinite(g0)) else math.nan
    return StartProbe(
        x0,
        f0,
        gn,
        lam,
        lam0,
        region.lam,
        g_curv,
        L,
        source,
        mu,
        region.same_hessian and lam0 is not None,
        distance,
        span,
        d_source,
        lo,
        hi,
        region.lowest,
        region.f_lowest,
        region.on_edge,
    )


def _g(value: float) -> str:
    """A number as people read it: 4 significant digits, no trailing zeros."""
    return f"{value:.4g}"
