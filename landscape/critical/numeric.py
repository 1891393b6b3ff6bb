"""The numeric search for ∇f = 0: damped Newton from a grid of starts, in any dimension.

Boxes are arrays ``(n, 2)`` of ``[lo, hi]`` per variable (:func:`as_box` makes one from a
:class:`~landscape.grid.Domain`, a pair, or a sequence of pairs).

Newton's step uses the pseudo-inverse of the exact Hessian, so singular Hessians are fine (on a
curve of critical points it moves straight to the curve), capped at a quarter of the box and
halved until |∇f| decreases. At a multiple root (x⁴ + y⁴ at 0) Newton only converges linearly,
x_{k+1} - x* ≈ r (x_k - x*); there one reduced-rank extrapolation step (Sidi, Ford & Smith
1986) from the last three iterates jumps to the limit, accepted only when |∇f| is smaller
there. A point is critical when |∇f| ≤ gtol = 1e-8 × the 90th percentile of |∇f| over the starts
(a high quantile: where f is flat over most of the box, as exp(-x²) is, the median is not a
scale), and when Newton's next step from it is short (:func:`_located`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landscape.calculus import raw_gradient, raw_hessian
from landscape.errors import InputError

#: Points are kept inside the box enlarged by this fraction of its size on each side.
DOMAIN_MARGIN = 0.05
#: At most this many starts in all (k per axis with k**n <= MAX_STARTS).
MAX_STARTS = 2500
#: Default starts per axis by dimension.
DEFAULT_STARTS = {1: 61, 2: 15, 3: 9}
#: Relative size of |∇f| (to its median over the starts) below which a point is critical.
GTOL = 1e-8


def as_box(domain, n: int) -> np.ndarray:
    """``(n, 2)`` bounds from a Domain (n = 2), a pair ``(lo, hi)`` (n = 1, or the same range
    for every variable) or a sequence of n pairs. InputError if empty or not finite."""
    if hasattr(domain, "to_pairs"):
        pairs = domain.to_pairs()
    else:
        pairs = np.asarray(domain, dtype=float)
        if pairs.shape == (2,):
            pairs = np.tile(pairs, (n, 1))
    box = np.asarray(pairs, dtype=float)
    if box.shape != (n, 2):
        raise InputError(f"the search box needs {n} ranges, one per variable")
    if not np.all(np.isfinite(box)) or not np.all(box[:, 0] < box[:, 1]):
        raise InputError("each range of the search box needs finite lo < hi")
    return box


def inside(box: np.ndarray, P: np.ndarray, margin: float = DOMAIN_MARGIN) -> np.ndarray:
    """Mask ``(m,)``: rows of ``P (m, n)`` inside ``box`` enlarged by ``margin`` × its size."""
    pad = margin * (box[:, 1] - box[:, 0])
    return np.all((P >= box[:, 0] - pad) & (P <= box[:, 1] + pad), axis=1)


def diagonal(box: np.ndarray) -> float:
    return float(np.linalg.norm(box[:, 1] - box[:, 0]))


def start_points(box: np.ndarray, starts=None) -> np.ndarray:
    """``starts`` = k (a k^n grid of cell centres), None (the default k for n), or an array
    ``(m, n)`` of points -> ``(m, n)``."""
    n = box.shape[0]
    if starts is None:
        starts = DEFAULT_STARTS.get(n, max(2, int(MAX_STARTS ** (1.0 / n))))
    if isinstance(starts, (int, np.integer)):
        if not 1 <= starts <= 100 or starts**n > 100 * MAX_STARTS:
            raise InputError("the start grid must have between 1 and 100 points per axis")
        t = (np.arange(starts) + 0.5) / starts
        axes = [lo + t * (hi - lo) for lo, hi in box]
        return np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, n)
    return np.asarray(starts, dtype=float).reshape(-1, n)


def gradients(objective, P: np.ndarray) -> np.ndarray:
    """∇f at each row of ``P (m, n)`` -> ``(m, n)``, ``nan`` where not finite."""
    n = P.shape[1]
    try:
        G = np.asarray(objective.grad_grid(*P.T), dtype=float).reshape(n, -1).T
    except (NotImplementedError, TypeError, ValueError, ArithmeticError):
        G = np.array([raw_gradient(objective, p) for p in P]).reshape(-1, n)
    return np.where(np.isfinite(G), G, np.nan)


def hessians(objective, P: np.ndarray) -> np.ndarray:
    """Exact ∇²f at each row of ``P (m, n)`` -> ``(m, n, n)``."""
    n = P.shape[1]
    return np.array([raw_hessian(objective, p) for p in P]).reshape(-1, n, n)


@dataclass(frozen=True)
class NumericSearch:
    """``points (k, n)`` found (deduplicated), their ``residuals (k,)`` |∇f|, the tolerance
    ``gtol`` they meet, and ``grad_scale``, the 90th percentile of |∇f| over the starts."""

    points: np.ndarray
    residuals: np.ndarray
    gtol: float
    grad_scale: float


def newton(objective, P: np.ndarray, floor: float, max_step: float, max_iter: int = 60):
    """Damped Newton on ∇f = 0 from every row of ``P (m, n)`` at once (see the module notes).
    A step is taken when |∇f| decreases or stays below ``floor`` (the noise level, where the
    steps still make progress in flat directions); a start stops when stalled, when its step
    is below 1e-14 of |x| + 1e-6 × max_step, or at ∇f = 0.
    Returns ``(X (m, n), |∇f| (m,), running (m,))``: ``nan`` for failures, and ``running``
    for starts still moving after ``max_iter`` steps (not converged: a tail where ∇f only
    tends to 0, as exp(-x²) far out)."""
    X = np.array(P, dtype=float)
    G = gradients(objective, X)
    gn = np.linalg.norm(G, axis=1)
    live = np.isfinite(gn) & (gn > 0)
    history = [X.copy()]
    for _ in range(max_iter):
        idx = np.flatnonzero(live)
        if idx.size == 0:
            break
        D = _newton_directions(objective, X[idx], G[idx], max_step)
        bad = ~np.all(np.isfinite(D), axis=1)
        gn[idx[bad]], live[idx[bad]] = np.nan, False
        idx, D = idx[~bad], D[~bad]
        before = X[idx].copy()
        moved = _backtrack(objective, X, G, gn, idx, D, floor)
        tiny = np.linalg.norm(X[idx] - before, axis=1) <= 1e-14 * (
            np.linalg.norm(before, axis=1) + 1e-6 * max_step
        )
        live[idx[~moved | tiny]] = False
        history.append(X.copy())
        if len(history) >= 3:
            _extrapolate(objective, X, G, gn, history[-3:], np.flatnonzero(live))
        live &= np.isfinite(gn) & (gn > 0)
    return X, gn, live


def _newton_directions(objective, X, G, max_step) -> np.ndarray:
    H = hessians(objective, X)
    ok = np.all(np.isfinite(H), axis=(1, 2))
    D = np.full_like(X, np.nan)
    if ok.any():
        D[ok] = -np.einsum("kij,kj->ki", np.linalg.pinv(H[ok], rcond=1e-30), G[ok])
    norms = np.linalg.norm(D, axis=1)
    with np.errstate(invalid="ignore"):
        D *= np.minimum(1.0, max_step / np.maximum(norms, 1e-300))[:, None]
    return D


def _backtrack(objective, X, G, gn, idx, D, floor: float) -> np.ndarray:
    """Halve the steps ``D`` of starts ``idx`` up to 8 times until |∇f| decreases (or stays
    below ``floor``); updates
    X, G, gn in place and returns which starts moved."""
    moved = np.zeros(idx.size, dtype=bool)
    for t in 0.5 ** np.arange(8):
        todo = np.flatnonzero(~moved)
        if todo.size == 0:
            break
        trial = X[idx[todo]] + t * D[todo]
        Gt = gradients(objective, trial)
        gt = np.linalg.norm(Gt, axis=1)
        better = (gt < gn[idx[todo]]) | (gt <= floor)
        sel = idx[todo[better]]
        X[sel], G[sel], gn[sel] = trial[better], Gt[better], gt[better]
        moved[todo[better]] = True
    return moved


def _extrapolate(objective, X, G, gn, last3, idx) -> None:
    """Reduced-rank extrapolation from iterates x0, x1, x2 where the steps shrink at a steady
    rate (linear convergence): s = γ x0 + (1 - γ) x1 with γ minimising |γ u0 + (1 - γ) u1|,
    u0 = x1 - x0, u1 = x2 - x1; exact for x_k = x* + r^k e."""
    if idx.size == 0:
        return
    x0, x1, x2 = (h[idx] for h in last3)
    u0, u1 = x1 - x0, x2 - x1
    d = u0 - u1
    dd = np.einsum("ij,ij->i", d, d)
    n0, n1 = np.linalg.norm(u0, axis=1), np.linalg.norm(u1, axis=1)
    with np.errstate(all="ignore"):
        ratio = n1 / n0
        aligned = np.einsum("ij,ij->i", u0, u1) > 0.9 * n0 * n1
        gamma = -np.einsum("ij,ij->i", u1, d) / dd
    steady = (ratio > 0.2) & (ratio < 0.99) & aligned & (dd > 0) & np.isfinite(gamma)
    if not steady.any():
        return
    k = idx[steady]
    s = gamma[steady, None] * x0[steady] + (1 - gamma[steady, None]) * x1[steady]
    Gs = gradients(objective, s)
    gs = np.linalg.norm(Gs, axis=1)
    better = gs < gn[k]
    X[k[better]], G[k[better]], gn[k[better]] = s[better], Gs[better], gs[better]


def numeric_search(objective, box: np.ndarray, starts=None) -> NumericSearch:
    """Critical points of ``objective`` in ``box (n, 2)`` (enlarged by DOMAIN_MARGIN) by
    damped Newton from ``starts``; deduplicated within 1e-6 × the box diagonal."""
    P = start_points(box, starts)
    g0 = np.linalg.norm(gradients(objective, P), axis=1)
    g0 = g0[np.isfinite(g0)]
    scale = float(np.percentile(g0, 90)) if g0.size else 1.0
    gtol = GTOL * max(scale, 1e-12)
    diag = diagonal(box)
    X, gn, running = newton(objective, P, 1e-5 * gtol, max_step=0.25 * diag)
    keep = np.isfinite(gn) & (gn <= gtol) & ~running & inside(box, X)
    keep[keep] = [_located(objective, x, diag) for x in X[keep]]
    found: list[tuple[np.ndarray, float]] = []
    for x, g in zip(X[keep], gn[keep], strict=True):
        merge(found, x, float(g), 1e-6 * diag)
    n = box.shape[0]
    points = np.array([x for x, _ in found]).reshape(-1, n)
    residuals = np.array([g for _, g in found])
    return NumericSearch(points, residuals, gtol, scale)


def _located(objective, x: np.ndarray, diag: float) -> bool:
    """Whether Newton's next step from x is short (≤ 1e-6 × diag; ≤ 1e-2 × diag where ∇²f is
    singular and Newton slows down): x is near a critical point, not in a tail where ∇f is
    tiny but never 0 (exp(-x²) far out)."""
    g, H = raw_gradient(objective, x), raw_hessian(objective, x)
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(H))):
        return False
    lam = np.abs(np.linalg.eigvalsh(0.5 * (H + H.T)))
    step = float(np.linalg.norm(np.linalg.pinv(H, rcond=1e-30) @ g))
    singular = lam.min() <= 64 * x.size * np.finfo(float).eps * lam.max()
    return step <= (1e-2 if singular else 1e-6) * diag


def merge(found: list, x: np.ndarray, gn: float, tol: float) -> None:
    """Add ``x`` to ``found`` [(x, |∇f|)] unless within ``tol`` of one (keep the better)."""
    for i, (y, hn) in enumerate(found):
        if np.linalg.norm(x - y) <= tol:
            if gn < hn:
                found[i] = (x, gn)
            return
    found.append((x, gn))


def solve_critical_numeric(objective, domain, starts=None) -> list[tuple[float, ...]]:
    """Critical points as tuples ``(n,)`` (see :func:`numeric_search`)."""
    box = as_box(domain, objective.n)
    return [tuple(float(v) for v in p) for p in numeric_search(objective, box, starts).points]
