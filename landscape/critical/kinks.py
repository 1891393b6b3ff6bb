"""Extrema of a non-smooth f at its kinks, where ∇f = 0 does not hold.

|x| has its minimum at 0, but its derivative there jumps from -1 to 1: no zero of ∇f marks it,
and ∇²f is 0 almost everywhere, so Newton's method has nothing to go on. Such extrema are found
from f alone: the local minima and maxima of f on a grid (values below, or above, all their
neighbours) are refined by compass search (Kolda, Lewis & Torczon 2003, a derivative-free
pattern search: try ± each axis, halve the step when none improves), then snapped to a nearby
round value when f is no worse there (kinks sit at the zeros of the arguments of |·|, relu, …,
often round numbers). A point is "at a kink" when ∇f jumps across it (:func:`roughness`).
Extrema that line up along a kink (|x| has a line of them, |x² + y² - 1| a circle) are
followed as a curve (:func:`follow_valley`, n = 2): step along the circle around the current
point to where f is least (most, for maxima) in a forward cone, as long as f keeps its value.
Saddles at kinks are not looked for.
"""

from __future__ import annotations

import numpy as np

from landscape.calculus import raw_gradient, raw_hessian
from landscape.critical.classify import values_at
from landscape.critical.numeric import diagonal, inside

#: Grid points per axis for the search (fewer in higher dimensions).
KINK_GRID = {1: 201, 2: 61, 3: 15}


def root_parts(expr) -> list:
    """The powers b^e in ``expr`` with a non-integer e and a base that may vanish (sqrt of
    x² + y²): f may be not differentiable where b = 0, as at the tip of a cone."""
    import sympy

    out = []
    for p in expr.atoms(sympy.Pow):
        base, e = p.as_base_exp()
        if e.is_number and not e.is_integer and base.free_symbols and not base.is_positive:
            out.append(p)
    return out


def roughness(objective, x: np.ndarray, h: float) -> str:
    """ "kink" when ∇f jumps across ``x`` (|∇f(x + h e_i) - ∇f(x - h e_i)| far above the
    2 h ‖∇²f‖ a smooth f allows, or ∇f undefined at x but defined around it), "jump" when only
    ∇²f jumps (relu(x)·relu(y) at 0), "" otherwise."""
    g0, H0 = raw_gradient(objective, x), raw_hessian(objective, x)
    hn = float(np.linalg.norm(H0, 2)) if np.all(np.isfinite(H0)) else 0.0
    hessian_jumps = False
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = h
        gp, gm = raw_gradient(objective, x + e), raw_gradient(objective, x - e)
        if not (np.all(np.isfinite(gp)) and np.all(np.isfinite(gm))):
            continue
        if not np.all(np.isfinite(g0)):
            return "kink"
        jump = float(np.linalg.norm(gp - gm))
        if jump > 20 * h * hn + 1e-6 * (np.linalg.norm(gp) + np.linalg.norm(gm)):
            return "kink"
        Hp, Hm = raw_hessian(objective, x + e), raw_hessian(objective, x - e)
        if np.all(np.isfinite(Hp)) and np.all(np.isfinite(Hm)):
            size = np.linalg.norm(Hp, 2) + np.linalg.norm(Hm, 2) + np.linalg.norm(H0, 2)
            hessian_jumps |= bool(
                np.linalg.norm(Hp - Hm, 2) > 1e-3 * size or np.linalg.norm(H0 - Hp, 2) > 1e-3 * size
            )
    return "jump" if hessian_jumps else ""


def kink_extrema(objective, box: np.ndarray, known=()) -> list[tuple[np.ndarray, str]]:
    """[(point (n,), "minimum" | "maximum")] of f's grid extrema, refined (see the module);
    grid extrema within two grid cells of a ``known`` point (found already) are skipped."""
    n = box.shape[0]
    k = KINK_GRID.get(n, 7)
    axes = [np.linspace(lo, hi, k) for lo, hi in box]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, n)
    Z = values_at(objective, mesh).reshape((k,) * n)
    spacing = (box[:, 1] - box[:, 0]) / (k - 1)
    out = []
    for sign, kind in ((1.0, "minimum"), (-1.0, "maximum")):
        for idx in _local_extrema(sign * Z):
            start = np.array([axes[d][i] for d, i in enumerate(idx)])
            if any(np.all(np.abs(start - q) <= 2 * spacing) for q in known):
                continue
            x = _compass(objective, start, sign, spacing, diagonal(box))
            if inside(box, x[None, :])[0]:
                out.append((_snap(objective, x, sign, diagonal(box)), kind))
    return out


def _local_extrema(Z: np.ndarray) -> list[tuple[int, ...]]:
    """Interior indices where Z is ≤ every neighbour and < at least one (finite only)."""
    n = Z.ndim
    core = tuple(slice(1, -1) for _ in range(n))
    C = Z[core]
    ok = np.isfinite(C)
    strictly = np.zeros_like(ok)
    for offset in np.ndindex(*(3,) * n):
        if all(o == 1 for o in offset):
            continue
        view = Z[tuple(slice(o, o + s) for o, s in zip(offset, C.shape, strict=True))]
        with np.errstate(invalid="ignore"):
            ok &= ~(view < C)
            strictly |= view > C
    found = np.argwhere(ok & strictly)
    return [tuple(int(i) + 1 for i in row) for row in found[:200]]


def _compass(objective, x, sign, spacing, diag, max_evals: int = 4000) -> np.ndarray:
    """Compass search on sign · f from ``x`` with initial steps ``spacing (n,)``."""
    x = np.array(x, dtype=float)
    fx = sign * values_at(objective, x[None, :])[0]
    step = np.array(spacing, dtype=float)
    evals = 0
    while np.max(step) > 1e-13 * diag and evals < max_evals:
        trial = x + np.vstack([np.diag(step), -np.diag(step)])
        v = sign * values_at(objective, trial)
        evals += len(trial)
        best = int(np.nanargmin(v)) if np.any(np.isfinite(v)) else -1
        if best >= 0 and v[best] < fx:
            x, fx = trial[best], float(v[best])
        else:
            step = step / 2
    return x


def _snap(objective, x, sign, diag) -> np.ndarray:
    """The roundest point within 1e-7 × diag of ``x`` (fewest decimals) where sign · f is no
    worse."""
    f0 = sign * values_at(objective, x[None, :])[0]
    first = int(-np.floor(np.log10(diag)))
    for decimals in range(first, first + 13):
        c = np.round(x, decimals)
        if np.linalg.norm(c - x) <= 1e-7 * diag:
            fc = sign * values_at(objective, c[None, :])[0]
            if np.isfinite(fc) and fc <= f0 + 1e-14 * (1 + abs(f0)):
                return c
    return x


#: Angles sampled in the forward cone of each valley step, and the cone's half-width.
VALLEY_SAMPLES = 33
VALLEY_CONE = np.radians(60)


def _best_on_arc(objective, x, r, centre, half, sign, rounds: int = 5):
    """(point, sign · f) where sign · f is least on the arc of radius r around x with angles
    centre ± half, by sampling and zooming in."""
    best_t, best_v = centre, np.inf
    for _ in range(rounds):
        t = centre + np.linspace(-half, half, VALLEY_SAMPLES)
        v = sign * values_at(objective, x + r * np.column_stack([np.cos(t), np.sin(t)]))
        if not np.any(np.isfinite(v)):
            break
        j = int(np.nanargmin(v))
        if v[j] < best_v:
            best_t, best_v = t[j], float(v[j])
        centre, half = t[j], 2 * half / (VALLEY_SAMPLES - 1)
    return x + r * np.array([np.cos(best_t), np.sin(best_t)]), best_v


def valley_directions(objective, x: np.ndarray, sign: float, r: float):
    """Angles of the two ends of a level valley through x (f keeps f(x) along it, rising
    across it), or None when x is an isolated extremum: the least sign · f on the circle of
    radius r around x must be within 1e-4 of the rise across."""
    t = 2 * np.pi * np.arange(72) / 72
    v = sign * values_at(objective, x + r * np.column_stack([np.cos(t), np.sin(t)]))
    f0 = sign * values_at(objective, x[None, :])[0]
    if not (np.isfinite(f0) and np.any(np.isfinite(v))):
        return None
    rise = float(np.nanmax(v)) - f0
    first = int(np.nanargmin(v))
    y, low = _best_on_arc(objective, x, r, t[first], 2 * np.pi / 72, sign)
    if rise <= 0 or low - f0 > 1e-4 * rise:
        return None
    a = np.arctan2(*(y - x)[::-1])
    opposite = a + np.pi
    y2, low2 = _best_on_arc(objective, x, r, opposite, VALLEY_CONE, sign)
    b = np.arctan2(*(y2 - x)[::-1]) if low2 - f0 <= 1e-4 * rise else None
    return a, b, rise


def follow_valley(
    objective, x0: np.ndarray, sign: float, box: np.ndarray, step: float, max_vertices: int = 3000
):
    """Polyline ``(k, 2)`` of the level valley (sign = 1) or ridge (sign = -1) of f through
    the kink extremum x0, or None when x0 is isolated."""
    ends = valley_directions(objective, x0, sign, step)
    if ends is None:
        return None
    a, b, rise = ends
    f0 = sign * values_at(objective, x0[None, :])[0]
    tol = 1e-4 * rise
    pad = 0.05 * (box[:, 1] - box[:, 0])
    lo, hi = box[:, 0] - pad, box[:, 1] + pad

    def walk(angle):
        points, x = [x0], x0
        while len(points) < max_vertices:
            y, v = _best_on_arc(objective, x, step, angle, VALLEY_CONE, sign)
            if not np.isfinite(v) or v - f0 > tol:
                return points, False
            angle = np.arctan2(*(y - x)[::-1])
            points.append(y)
            x = y
            if np.any(y < lo) or np.any(y > hi):
                return points, False
            if len(points) > 10 and np.linalg.norm(y - x0) <= 1.01 * step:
                points.append(x0)
                return points, True
        return points, False

    forward, closed = walk(a)
    if closed or b is None:
        return np.array(forward)
    backward, _ = walk(b)
    return np.array(backward[::-1] + forward[1:])
