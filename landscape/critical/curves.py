"""Curves of critical points (n = 2): tracing them, and telling them apart from isolated points.

A curve {F = 0} is traced by pseudo-arclength continuation (Allgower & Georg, *Introduction to
Numerical Continuation Methods*, ch. 2): a predictor step of length h along the tangent (the
null vector of the Jacobian J of F), then a Gauss-Newton corrector in the hyperplane orthogonal
to the tangent. The step is halved when the corrector fails or the tangent turns by more than
30°, and grows back after a success. A trace ends at the edge of the box (enlarged by the
margin), when it closes on itself, or after MAX_VERTICES. Where J vanishes (two branches cross,
as the lines of x²y² at the origin) the previous tangent is kept, so the trace goes straight on.

* exact curves: F = h, J = ∇h, from the seeds of the exact solve (every real component of h = 0
  inside the box carries one).
* numeric curves: F = ∇f, J = ∇²f, from a numeric critical point p with a zero eigenvalue of
  ∇²f along v where the corrector from p + h v reaches a critical point about h away (a point on
  a curve; at an isolated degenerate point, as x⁴ + y⁴ has, it fails).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from landscape.calculus import raw_gradient, raw_hessian

#: Steps per box diagonal.
TRACE_STEPS = 300
MAX_VERTICES = 4000
_COS_TURN = np.cos(np.radians(30))
_COS_STRAIGHT = np.cos(np.radians(3))


def _tangent(Jx: np.ndarray, previous, jscale: float):
    """Unit null vector of ``Jx (m, 2)`` oriented along ``previous``; ``previous`` itself when
    J is (numerically) zero; None when J has full rank or is zero with no previous."""
    Jx = np.atleast_2d(Jx)
    if not np.all(np.isfinite(Jx)):
        return None
    _, s, vt = np.linalg.svd(Jx)
    small = 1e-6 * max(jscale, 1e-300)
    big = int(np.sum(s > small))
    if big == 0:
        return previous
    if big >= 2:
        return None
    t = vt[-1]
    if previous is not None and float(t @ previous) < 0:
        t = -t
    return t


def _correct(F, J, x, tangent, ftol: float, xtol: float, iterations: int = 10):
    """Gauss-Newton on F = 0 from ``x`` with steps orthogonal to ``tangent``; the point, or
    None when |F| stays above ``ftol``."""
    x = np.array(x, dtype=float)
    for _ in range(iterations):
        Fx = np.atleast_1d(F(x))
        if not np.all(np.isfinite(Fx)):
            return None
        if np.linalg.norm(Fx) <= ftol:
            return x
        A = np.vstack([np.atleast_2d(J(x)), tangent[None, :]])
        if not np.all(np.isfinite(A)):
            return None
        d = _least_squares(A, np.concatenate([-Fx, [0.0]]))
        x = x + d
        if np.linalg.norm(d) <= xtol:
            break
    Fx = np.atleast_1d(F(x))
    return x if np.all(np.isfinite(Fx)) and np.linalg.norm(Fx) <= ftol else None


def _least_squares(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """argmin |A d - b| for a small full-column-rank A (normal equations), lstsq otherwise."""
    M = A.T @ A
    det = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0] if M.shape == (2, 2) else 0.0
    if M.shape == (2, 2) and abs(det) > 1e-12 * (M[0, 0] + M[1, 1]) ** 2:
        r = A.T @ b
        return np.array([M[1, 1] * r[0] - M[0, 1] * r[1], M[0, 0] * r[1] - M[1, 0] * r[0]]) / det
    return np.linalg.lstsq(A, b, rcond=None)[0]


def trace(
    F: Callable,
    J: Callable,
    seed,
    box: np.ndarray,
    step: float,
    ftol: float,
    jscale: float,
    tangent=None,
) -> np.ndarray | None:
    """Polyline ``(k, 2)`` of the component of {F = 0} through ``seed`` (closed curves end
    where they start), or None when the seed is not on a curve."""
    x0 = np.asarray(seed, dtype=float)
    t0 = _tangent(J(x0), tangent, jscale)
    if t0 is None:
        return None
    x0 = _correct(F, J, x0, t0, ftol, 1e-12 * step) if np.linalg.norm(F(x0)) > ftol else x0
    if x0 is None:
        return None
    forward, closed = _walk(F, J, x0, t0, box, step, ftol, jscale)
    if closed:
        return np.array(forward)
    backward, _ = _walk(F, J, x0, -t0, box, step, ftol, jscale)
    return np.array(backward[::-1] + forward[1:])


def _walk(F, J, x0, t, box, step, ftol, jscale):
    """Vertices from x0 along t until the box edge, a closed loop, a failure or MAX_VERTICES.
    Steps grow to 4 × ``step`` on nearly straight stretches (turns under 3°)."""
    points, x, h, arc = [x0], x0, step, 0.0
    pad = 0.05 * (box[:, 1] - box[:, 0])
    lo, hi = box[:, 0] - pad, box[:, 1] + pad
    while len(points) < MAX_VERTICES:
        y = _correct(F, J, x + h * t, t, ftol, 1e-12 * step)
        t_new = None if y is None else _tangent(J(y), t, jscale)
        turn = -1.0 if t_new is None else float(t_new @ t)
        if y is None or turn < _COS_TURN or np.linalg.norm(y - x) > 2 * h:
            h /= 2
            if h < step / 256:
                return points, False
            continue
        arc += float(np.linalg.norm(y - x))
        points.append(y)
        x, t = y, t_new
        h = min(4 * step if turn > _COS_STRAIGHT else step, 2 * h)
        if np.any(y < lo) or np.any(y > hi):
            return points, False
        if arc > 10 * step and np.linalg.norm(y - x0) <= 1.01 * max(h, step):
            points.append(x0)
            return points, True
    return points, False


def distance_to(polyline: np.ndarray, P: np.ndarray, chunk: int = 256) -> np.ndarray:
    """Distance ``(m,)`` from each row of ``P (m, 2)`` to the segments of ``polyline (k, 2)``."""
    P = np.atleast_2d(np.asarray(P, dtype=float))
    if len(polyline) == 1:
        return np.linalg.norm(P - polyline[0], axis=1)
    a, ab = polyline[:-1], np.diff(polyline, axis=0)
    ab2 = np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-300)
    out = np.empty(len(P))
    for start in range(0, len(P), chunk):
        Q = P[start : start + chunk]
        rel = Q[:, None, :] - a[None, :, :]
        t = np.clip(np.einsum("mkj,kj->mk", rel, ab) / ab2, 0.0, 1.0)
        gap = rel - t[:, :, None] * ab[None, :, :]
        out[start : start + chunk] = np.sqrt(np.min(np.einsum("mkj,mkj->mk", gap, gap), axis=1))
    return out


class Coverage:
    """The vertices of traced polylines hashed into cells of size 2 × ``step``, to ask quickly
    whether points lie within ``reach`` (≤ 2 steps) of one of them, or two lines meet."""

    def __init__(self, step: float) -> None:
        self.size = 2.0 * step
        self.cells: dict[tuple[int, int], list[np.ndarray]] = {}

    def _key(self, p) -> tuple[int, int]:
        return int(np.floor(p[0] / self.size)), int(np.floor(p[1] / self.size))

    def add(self, line: np.ndarray) -> None:
        for a, b in zip(line[:-1], line[1:], strict=True):
            seg = np.array([a, b])
            for key in {self._key(a), self._key(b)}:
                self.cells.setdefault(key, []).append(seg)

    def near(self, p, reach: float) -> bool:
        i, j = self._key(p)
        span = int(np.ceil(reach / self.size)) + 1
        segs = [
            s
            for di in range(-span, span + 1)
            for dj in range(-span, span + 1)
            for s in self.cells.get((i + di, j + dj), ())
        ]
        if not segs:
            return False
        S = np.array(segs)
        a, ab = S[:, 0], S[:, 1] - S[:, 0]
        t = np.clip(
            np.einsum("kj,kj->k", p - a, ab) / np.maximum(np.einsum("kj,kj->k", ab, ab), 1e-300),
            0.0,
            1.0,
        )
        return bool(np.min(np.linalg.norm(a + t[:, None] * ab - p, axis=1)) <= reach)


# -- exact curves -----------------------------------------------------------------------------
def trace_exact(curve, symbols, box: np.ndarray, step: float) -> list[np.ndarray]:
    """Polylines of the real curve ``curve.expr = 0`` (an ExactCurve) inside ``box``."""
    import sympy

    from landscape.numeric import NUMPY_MODULES

    h = curve.expr
    grad = [sympy.diff(h, s) for s in symbols]
    fn = sympy.lambdify(symbols, [h, *grad], modules=NUMPY_MODULES)

    def F(p):
        with np.errstate(all="ignore"):
            return np.array([float(fn(*p)[0])])

    def J(p):
        with np.errstate(all="ignore"):
            return np.array([[float(v) for v in fn(*p)[1:]]])

    seeds = np.array(curve.seeds, dtype=float).reshape(-1, 2)
    jscale = max((float(np.linalg.norm(J(s))) for s in seeds), default=1.0) or 1.0
    ftol = 1e-9 * jscale * step
    lines: list[np.ndarray] = []
    covered = Coverage(step)
    for s in seeds:
        if covered.near(s, 1.5 * step):
            continue
        line = trace(F, J, s, box, step, ftol, jscale)
        if line is not None and len(line) >= 2:
            lines.append(line)
            covered.add(line)
    return lines


# -- numeric curves ---------------------------------------------------------------------------
def trace_numeric(
    objective, points: np.ndarray, zero_dirs: list, box: np.ndarray, step: float
) -> list[np.ndarray]:
    """Polylines of curves of critical points through ``points (m, 2)``. ``zero_dirs[i]``
    are the null directions (unit vectors) of ∇²f at points[i]; a direction v continues a
    curve when correctors from p ± h v both reach a critical point near p ± h v (within
    :func:`curve_tolerance`)."""
    F, J = _gradient_system(objective)
    sizes = [float(np.linalg.norm(J(p), 2)) for p in points]
    jscale = max([s for s in sizes if np.isfinite(s)], default=1.0) or 1.0
    lines: list[np.ndarray] = []
    covered = Coverage(step)
    for p, dirs, size in zip(points, zero_dirs, sizes, strict=True):
        if not dirs or covered.near(p, 1.5 * step):
            continue
        ftol = curve_tolerance(size if size > 0 else jscale, step)
        for v in dirs:
            if all(continues(objective, p, s * v, ftol, step) for s in (1, -1)):
                line = trace(F, J, p, box, step, ftol, jscale, tangent=v)
                if line is not None and len(line) >= 3:
                    lines.append(line)
                    covered.add(line)
                    break
    return lines


def curve_tolerance(hess_norm: float, step: float) -> float:
    """|∇f| allowed on a traced curve: 1e-9 × step × ‖∇²f‖, i.e. within about 1e-9 of a step
    of the curve (∇f grows like ‖∇²f‖ × the distance across it)."""
    return 1e-9 * step * hess_norm


def _gradient_system(objective):
    return (lambda p: raw_gradient(objective, p)), (lambda p: raw_hessian(objective, p))


def continues(objective, p, v, ftol: float, step: float) -> bool:
    """Whether p + step · v (v a unit vector) has a critical point within step / 4 of it,
    reached by a corrector orthogonal to v: the critical set goes on from p along v."""
    F, J = _gradient_system(objective)
    target = p + step * v
    probe = _correct(F, J, target, v, ftol, 1e-12 * step)
    return probe is not None and bool(np.linalg.norm(probe - target) <= 0.25 * step)
