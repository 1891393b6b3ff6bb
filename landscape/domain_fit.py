"""A domain that shows a typed function: around its critical points, minima first.

:func:`fit_domain` rules, in order:

0. **Only true critical points.** A given point counts when ‖∇f‖ ≤ CRITICAL_GTOL·max(1, |f|)
   there (search artefacts fail this); points within CLUSTER·max(1, ‖p‖) of one already
   kept are the same point. When none is left, BFGS runs from the origin (or the first
   ``around`` point) for at most DESCENT_STEPS steps, and the minimum it converges to, if
   any, is the one critical point.
1. **Focus points.** The minima among the critical points — at most MAX_FOCUS, those nearest
   the origin (or nearest the first ``around`` point) — else every critical point (again the
   MAX_FOCUS nearest), else none. The ``around`` points (a start, the runs' ends) are always
   added. Without any point the focus is the origin.
2. **Other critical points** inside the focus box (saddles and maxima between minima) are
   shown by the box itself; those outside are left out, so one far point cannot shrink the
   picture.
3. **Aspect.** A box narrower than ASPECT_MIN of its longer side (minima on a line) is widened
   to that fraction about its centre; a single point gets a square of side DEFAULT_SPAN.
4. **Margin.** Each side grows by MARGIN of the box's size, then the ends are rounded outwards
   to a multiple of a round step (1, 2 or 5 × 10ᵏ near a twentieth of the span), so the axes
   read well. Never degenerate; clamped to the largest allowed domain.

``critical_points`` are :class:`~landscape.critical.CriticalPoint` objects (``point``,
``kind``) or plain ``(x, y)`` pairs (kind unknown). When it is None,
:func:`~landscape.critical.find_critical_points` (numerical, no symbolic worker) searches
SEARCH_DOMAIN.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from landscape.calculus import raw_gradient, raw_value
from landscape.errors import InputError
from landscape.grid import MAX_SPAN, Domain

MAX_FOCUS = 4
ASPECT_MIN = 0.5
DEFAULT_SPAN = 6.0
MARGIN = 0.25
SEARCH_DOMAIN = Domain(-10.0, 10.0, -10.0, 10.0)
CRITICAL_GTOL = 1e-6
CLUSTER = 1e-3
DESCENT_STEPS = 200


class Found(NamedTuple):
    """A critical point as :func:`fit_domain` reads it."""

    point: tuple[float, ...]  # (x, y)
    kind: str


def _points_and_kinds(objective, critical_points) -> list[tuple[np.ndarray, str]]:
    """Finite ``(point (2,), kind)`` pairs that are critical points of f (rule 0)."""
    out: list[tuple[np.ndarray, str]] = []
    for c in critical_points:
        point = getattr(c, "point", c)
        p = np.asarray(point, dtype=float).reshape(-1)
        if p.shape != (2,) or not np.all(np.isfinite(p)) or not _is_critical(objective, p):
            continue
        if any(
            np.linalg.norm(p - q) <= CLUSTER * max(1.0, float(np.linalg.norm(q))) for q, _ in out
        ):
            continue
        out.append((p, str(getattr(c, "kind", ""))))
    return out


def _is_critical(objective, p: np.ndarray) -> bool:
    """‖∇f(p)‖ ≤ CRITICAL_GTOL·max(1, |f(p)|) (a search artefact fails this)."""
    g, f = raw_gradient(objective, p), raw_value(objective, p)
    if not (np.all(np.isfinite(g)) and math.isfinite(f)):
        return False
    return float(np.linalg.norm(g)) <= CRITICAL_GTOL * max(1.0, abs(f))


def _descend(objective, start: np.ndarray) -> list:
    """``[Found(x, "minimum")]`` where BFGS from ``start`` converges within DESCENT_STEPS,
    else []."""
    from landscape.optim import run

    own = copy.copy(objective)
    own.reset_counts()
    t = run("bfgs", own, start, max_steps=DESCENT_STEPS, keep_steps=False)
    if t.status == "converged" and t.x_final is not None:
        return [Found(tuple(float(v) for v in t.x_final), "minimum")]
    return []


def _search(objective) -> list:
    """Critical points over SEARCH_DOMAIN by the numerical search (no symbolic worker)."""
    from landscape.critical import find_critical_points

    return find_critical_points(objective, SEARCH_DOMAIN)


def focus_points(objective, critical_points, around: Sequence | None = None) -> np.ndarray:
    """The points ``(m, 2)`` the domain must show (rules 0 to 2 of the module docstring)."""
    extra = [np.asarray(a, dtype=float).reshape(2) for a in (around or [])]
    centre = extra[0] if extra else np.zeros(2)
    points = _points_and_kinds(objective, critical_points or [])
    if not points:
        points = _points_and_kinds(objective, _descend(objective, centre))
    minima = [p for p, kind in points if kind == "minimum"]
    chosen = minima or [p for p, _ in points]
    chosen = sorted(chosen, key=lambda p: float(np.linalg.norm(p - centre)))[:MAX_FOCUS]
    focus = chosen + extra
    return np.array(focus) if focus else np.zeros((1, 2))


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 × 10ᵏ that is ≥ ``raw`` > 0."""
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * mag >= raw:
            return m * mag
    return 10.0 * mag


def _widen(lo: float, hi: float, span: float) -> tuple[float, float]:
    """``[lo, hi]`` widened about its centre to at least ``span``."""
    if hi - lo >= span:
        return lo, hi
    mid = 0.5 * (lo + hi)
    return mid - 0.5 * span, mid + 0.5 * span


def box_for(points: np.ndarray) -> Domain:
    """The domain for focus ``points (m, 2)`` by rules 3 and 4 of the module docstring."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    size = float(max(hi - lo))
    if not size > 1e-9 * max(1.0, float(np.max(np.abs(points)))):
        size = DEFAULT_SPAN
        lo, hi = lo - 0.5 * size, hi + 0.5 * size
    else:
        pairs = [_widen(a, b, ASPECT_MIN * size) for a, b in zip(lo, hi, strict=True)]
        lo, hi = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
        grow = MARGIN * float(max(hi - lo))
        lo, hi = lo - grow, hi + grow
    step = _nice_step(float(max(hi - lo)) / 20.0)
    lo, hi = np.floor(lo / step + 1e-6) * step, np.ceil(hi / step - 1e-6) * step
    digits = max(0, 1 - math.floor(math.log10(step)))  # 0.30000000000000004 → 0.3
    lo, hi = np.round(lo, digits), np.round(hi, digits)
    half = 0.5 * MAX_SPAN  # so that both the ends and the span stay allowed
    lo = np.clip(lo, -half, half - step)
    hi = np.clip(hi, lo + step, half)
    return Domain(float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


def fit_domain(
    objective, critical_points: Iterable | None = None, around: Sequence | None = None
) -> Domain:
    """A :class:`Domain` showing ``objective`` (a two-variable function): around its
    ``critical_points`` (searched numerically over SEARCH_DOMAIN when None) and the
    ``around`` points, by the rules in the module docstring."""
    if getattr(objective, "n", 2) != 2:
        raise InputError("a domain is fitted to functions of two variables")
    if critical_points is None:
        critical_points = _search(objective)
    return box_for(focus_points(objective, critical_points, around))


def quick_critical_points(objective) -> list[Found]:
    """Critical points over SEARCH_DOMAIN by damped Newton alone
    (:func:`~landscape.critical.numeric.solve_critical_numeric`), each classified by the
    signs of ∇²f's eigenvalues: the few that place a picture, at a bounded cost (≈ 1 s on
    ackley's 224 points, where the full search that also judges kinks takes 15 s)."""
    from landscape.calculus import raw_hessian
    from landscape.critical.numeric import solve_critical_numeric

    try:
        points = solve_critical_numeric(objective, SEARCH_DOMAIN)
    except InputError:
        return []
    out = []
    for point in points:
        H = raw_hessian(objective, np.asarray(point, dtype=float))
        if not np.all(np.isfinite(H)):
            out.append(Found(point, ""))
            continue
        lam = np.linalg.eigvalsh(0.5 * (H + H.T))
        tol = 1e-9 * max(1.0, float(np.max(np.abs(lam))))
        kind = (
            "minimum"
            if lam.min() > tol
            else "maximum"
            if lam.max() < -tol
            else "saddle"
            if lam.min() < -tol and lam.max() > tol
            else ""
        )
        out.append(Found(point, kind))
    return out


def fit_domain_showing(objective, start) -> Domain:
    """:func:`fit_domain` around the critical points (:func:`quick_critical_points`) alone
    when that domain shows ``start (2,)``; else the start is added as an ``around`` point
    (runs never begin off the map). The search runs once."""
    if getattr(objective, "n", 2) != 2:
        raise InputError("a domain is fitted to functions of two variables")
    found = quick_critical_points(objective)
    domain = fit_domain(objective, found)
    if domain.contains(start):
        return domain
    return fit_domain(objective, found, around=[start])
