"""Critical points of f(x, y) (∇f = 0), found exactly when sympy can and numerically otherwise,
each classified by the eigenvalues of the exact Hessian.

* :func:`solve_critical_symbolic` runs inside the budget worker (module-level, picklable in and
  out). It handles gradients that are polynomial or rational in the variables: a lex Gröbner
  basis of the numerators, then real roots variable by variable (exact real-root isolation for
  the univariate element, 50-digit roots after that). Anything else — transcendental gradients,
  infinite solution sets such as those of ``(x - y)²``, too many solutions — returns ``None``,
  which tells the caller to fall back to the numeric search.
* :func:`solve_critical_numeric` runs damped Newton on ∇f = 0 with the exact Hessian from a grid
  of starts. It finds minima, maxima and saddles alike, but only those its starts lead to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from landscape.calculus import eigenvalues, raw_gradient, raw_hessian, raw_value
from landscape.errors import InputError
from landscape.grid import Domain

#: Most critical points reported (lowest values first).
MAX_POINTS = 50
#: Points are kept inside the domain enlarged by this fraction of its size on each side.
DOMAIN_MARGIN = 0.05
#: The symbolic solver gives up (returns None) above this many candidate roots.
MAX_SYMBOLIC_ROOTS = 400
_DIGITS = 50


@dataclass(frozen=True)
class CriticalPoint:
    """``point (x, y)``, ``value`` f there, ``kind`` (see :func:`classify`), ``eigenvalues``
    ``(2,)`` ascending of the exact Hessian, and ``method`` ("symbolic" or "numeric")."""

    point: tuple[float, float]
    value: float
    kind: str
    eigenvalues: tuple[float, ...]
    method: str = "numeric"


def classify(eigenvalues, tol: float | None = None) -> str:
    """"minimum", "maximum", "saddle" or "degenerate" from Hessian eigenvalues ``(n,)``.

    An eigenvalue counts as zero when ``|λ| <= tol`` (default ``1e-8 · max(1, max|λ|)``).
    Eigenvalues of both signs make a saddle even if another is zero; a zero eigenvalue otherwise
    (or a non-finite one) makes the point degenerate: the second-order test cannot decide.
    """
    lam = np.asarray(eigenvalues, dtype=float).reshape(-1)
    if lam.size == 0 or not np.all(np.isfinite(lam)):
        return "degenerate"
    thr = 1e-8 * max(1.0, float(np.max(np.abs(lam)))) if tol is None else float(tol)
    pos, neg = bool(np.any(lam > thr)), bool(np.any(lam < -thr))
    if pos and neg:
        return "saddle"
    if np.any(np.abs(lam) <= thr):
        return "degenerate"
    return "minimum" if pos else "maximum"


# -- symbolic (runs in the budget worker) ----------------------------------------------------
def solve_critical_symbolic(expr, symbols):
    """Real solutions of ∇expr = 0 as a list of float tuples ``(n,)`` (``[]`` when there is
    none), or ``None`` when sympy cannot give a complete finite list (non-polynomial gradient,
    infinitely many critical points, too many roots): the caller then searches numerically."""
    import sympy

    symbols = tuple(symbols)
    numerators, denominators = [], []
    for s in symbols:
        num, den = sympy.fraction(sympy.together(sympy.diff(expr, s)))
        numerators.append(_rational_poly(num, symbols))
        denominators.append(_rational_poly(den, symbols))
    if any(p is None for p in numerators + denominators):
        return None
    numerators = [p for p in numerators if not p.is_zero]
    if not numerators:
        return None  # f is constant: every point is critical
    basis = sympy.groebner([p.as_expr() for p in numerators], *symbols, order="lex")
    if list(basis.exprs) == [1]:
        return []
    if not basis.is_zero_dimensional:
        return None
    solutions = _back_substitute([sympy.Poly(g, *symbols) for g in basis.exprs], symbols)
    if solutions is None:
        return None
    dens = [d for d in denominators if d.total_degree() > 0]
    points = [tuple(float(v) for v in sol) for sol in solutions
              if not any(_vanishes(d, dict(zip(symbols, sol, strict=True)), 1e-12) for d in dens)]
    return sorted(set(points))


def _rational_poly(e, symbols):
    """``e`` as a Poly over QQ in ``symbols`` (floats made exact rationals), else None."""
    import sympy

    e = e.xreplace({f: sympy.Rational(str(f)) for f in e.atoms(sympy.Float)})
    try:
        poly = sympy.Poly(e, *symbols)
    except sympy.PolynomialError:
        return None
    return poly if poly.domain.is_QQ or poly.domain.is_ZZ else None


def _back_substitute(basis, symbols):
    """Real points of a zero-dimensional lex Gröbner ``basis`` (Polys in ``symbols``): roots of
    the last variable first, then each earlier one, keeping those where every basis element
    vanishes. Returns a list of tuples of mpmath numbers ``(n,)``, or None when there are too
    many candidates."""
    partial = [{}]
    for k in range(len(symbols) - 1, -1, -1):
        s, later = symbols[k], set(symbols[k + 1:])
        relevant = [p for p in basis if s in p.free_symbols and p.free_symbols <= later | {s}]
        extended = []
        for assign in partial:
            roots = _real_roots_given(relevant, s, assign)
            extended += [{**assign, s: r} for r in roots]
            if len(extended) > MAX_SYMBOLIC_ROOTS:
                return None
        partial = extended
    return [tuple(a[s] for s in symbols) for a in partial]


def _real_roots_given(polys, s, assign) -> list:
    """Real roots in ``s`` common to ``polys`` once ``assign`` (symbol -> mpf) is substituted:
    the candidates are the real roots of each polynomial (at _DIGITS digits), kept when every
    polynomial vanishes there relative to its magnitude."""
    import mpmath
    import sympy

    if not polys:
        return []
    with mpmath.workdps(_DIGITS):
        if not assign:  # univariate with exact coefficients: isolate the real roots exactly
            p = sympy.Poly(min(polys, key=lambda q: q.degree(s)).as_expr(), s).sqf_part()
            return [mpmath.mpf(str(r.evalf(_DIGITS))) for r in p.real_roots()]
        candidates = []
        for p in polys:
            coeffs = _coefficients_in(p, s, assign)
            while coeffs and coeffs[0] == 0:
                coeffs.pop(0)
            if len(coeffs) < 2:
                continue
            try:
                roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=2 * _DIGITS)
            except mpmath.libmp.NoConvergence:
                continue
            candidates += [mpmath.re(r) for r in roots
                           if abs(mpmath.im(r)) <= 1e-15 * (1 + abs(r))]
        return [r for r in _distinct(candidates)
                if all(_vanishes(p, {**assign, s: r}) for p in polys)]


def _coefficients_in(p, s, assign) -> list:
    """Coefficients (highest degree first) of the Poly ``p`` in ``s`` with ``assign`` put in."""
    import mpmath

    k = p.gens.index(s)
    coeffs = [mpmath.mpf(0)] * (p.degree(s) + 1)
    for monom, c in p.terms():
        term = mpmath.mpf(c.p) / c.q
        for gen, e in zip(p.gens, monom, strict=True):
            if gen != s and e:
                term *= assign[gen] ** e
        coeffs[len(coeffs) - 1 - monom[k]] += term
    return coeffs


def _vanishes(p, point, rel: float = 1e-20) -> bool:
    """Whether the Poly ``p`` is zero at ``point`` relative to the sum of its terms' sizes."""
    import mpmath

    value, size = mpmath.mpf(0), mpmath.mpf(0)
    for monom, c in p.terms():
        term = mpmath.mpf(c.p) / c.q
        for gen, e in zip(p.gens, monom, strict=True):
            if e:
                term *= point[gen] ** e
        value += term
        size += abs(term)
    return abs(value) <= rel * size


def _distinct(values, rel: float = 1e-15) -> list:
    """``values`` without near-repeats (a multiple root comes back several times)."""
    out = []
    for v in sorted(values):
        if not out or abs(v - out[-1]) > rel * (1 + abs(v)):
            out.append(v)
    return out


# -- numeric ---------------------------------------------------------------------------------
def _start_points(domain: Domain, starts) -> np.ndarray:
    """``starts`` = k (a k × k grid of cell centres) or an array ``(m, 2)`` -> ``(m, 2)``."""
    if isinstance(starts, (int, np.integer)):
        if not 1 <= starts <= 100:
            raise InputError("the start grid must have between 1 and 100 points per axis")
        t = (np.arange(starts) + 0.5) / starts
        X, Y = np.meshgrid(domain.xmin + t * domain.width, domain.ymin + t * domain.height,
                           indexing="ij")
        return np.column_stack([X.ravel(), Y.ravel()])
    return np.asarray(starts, dtype=float).reshape(-1, 2)


def _gradients(objective, P: np.ndarray) -> np.ndarray:
    """∇f at each row of ``P (m, 2)`` -> ``(m, 2)`` (one grid call when the objective has one)."""
    try:
        G = np.asarray(objective.grad_grid(P[:, 0], P[:, 1]), dtype=float).reshape(2, -1).T
    except NotImplementedError:
        G = np.array([raw_gradient(objective, p) for p in P]).reshape(-1, 2)
    return np.where(np.isfinite(G), G, np.nan)


def _hessians(objective, P: np.ndarray) -> np.ndarray:
    """Exact ∇²f at each row of ``P (m, 2)`` -> ``(m, 2, 2)``."""
    return np.array([raw_hessian(objective, p) for p in P]).reshape(-1, 2, 2)


def _newton(objective, P: np.ndarray, target: float, max_step: float, max_iter: int = 50):
    """Damped Newton on ∇f = 0 from every row of ``P (m, 2)`` at once.

    Steps (pseudo-inverse of the Hessian, so singular ones are fine) are capped at
    ``max_step`` and halved up to 8 times until |∇f| decreases; a start stops when |∇f| ≤
    ``target``, when no halving helps, or when ∇f or ∇²f is not finite.
    Returns ``(X (m, 2), |∇f| (m,))`` (``nan`` for failures)."""
    X = np.array(P, dtype=float)
    G = _gradients(objective, X)
    gn = np.linalg.norm(G, axis=1)
    live = np.isfinite(gn) & (gn > target)
    for _ in range(max_iter):
        idx = np.flatnonzero(live)
        if idx.size == 0:
            break
        H = _hessians(objective, X[idx])
        ok = np.all(np.isfinite(H), axis=(1, 2))
        gn[idx[~ok]], live[idx[~ok]] = np.nan, False
        idx, H = idx[ok], H[ok]
        D = -np.einsum("kij,kj->ki", np.linalg.pinv(H), G[idx])
        norms = np.linalg.norm(D, axis=1)
        D *= np.minimum(1.0, max_step / np.maximum(norms, 1e-300))[:, None]
        moved = np.zeros(idx.size, dtype=bool)
        for t in 0.5 ** np.arange(8):
            todo = ~moved
            trial = X[idx[todo]] + t * D[todo]
            Gt = _gradients(objective, trial)
            gt = np.linalg.norm(Gt, axis=1)
            better = gt < gn[idx[todo]]
            sel = idx[todo][better]
            X[sel], G[sel], gn[sel] = trial[better], Gt[better], gt[better]
            moved[np.flatnonzero(todo)[better]] = True
            if moved.all():
                break
        live[idx[~moved]] = False  # stalled: at noise level, or stuck
        live &= np.isfinite(gn) & (gn > target)
    return X, gn


def solve_critical_numeric(objective, domain: Domain, starts=15) -> list[tuple[float, float]]:
    """Critical points by damped Newton from ``starts`` (k for a k × k grid, or ``(m, 2)``
    points), deduplicated (distance ≤ 1e-6 × the domain's diagonal) and kept when inside the
    domain enlarged by DOMAIN_MARGIN with ``|∇f| ≤ 1e-8 ×`` the median |∇f| over the starts."""
    if objective.n != 2:
        raise InputError("critical points are searched for functions of two variables")
    P = _start_points(domain, starts)
    g0 = np.linalg.norm(_gradients(objective, P), axis=1)
    g0 = g0[np.isfinite(g0)]
    gtol = 1e-8 * max(float(np.median(g0)) if g0.size else 1.0, 1e-12)
    diag = float(np.hypot(domain.width, domain.height))
    X, gn = _newton(objective, P, 1e-8 * gtol, max_step=0.25 * diag)
    found: list[tuple[np.ndarray, float]] = []
    for x, g in zip(X, gn, strict=True):
        if g <= gtol and domain.contains(x, DOMAIN_MARGIN):
            _merge(found, x, float(g), 1e-6 * diag)
    return [(float(x[0]), float(x[1])) for x, _ in found]


def _merge(found: list, x: np.ndarray, gn: float, tol: float) -> None:
    """Add ``x`` to ``found`` [(x, |∇f|)] unless within ``tol`` of one (keep the better)."""
    for i, (y, hn) in enumerate(found):
        if np.linalg.norm(x - y) <= tol:
            if gn < hn:
                found[i] = (x, gn)
            return
    found.append((x, gn))


# -- together --------------------------------------------------------------------------------
def find_critical_points(objective, domain: Domain, *, timeout: float = 5.0,
                         run: Callable | None = None,
                         max_points: int = MAX_POINTS) -> list[CriticalPoint]:
    """Critical points of a two-variable objective inside ``domain`` (enlarged by 5 %).

    With ``run`` (``landscape.budget.run_with_budget``) and a symbolic objective, tries
    ``run(solve_critical_symbolic, objective.expr, objective.symbols, timeout=timeout)``; on
    BudgetError (or any failure, or None) it falls back to :func:`solve_critical_numeric`.
    Symbolic roots are polished by a few Newton steps. Classified with the exact Hessian,
    sorted by value, at most ``max_points``.
    """
    if objective.n != 2:
        raise InputError("critical points are searched for functions of two variables")
    points, method = None, "numeric"
    if run is not None and hasattr(objective, "expr"):
        try:
            points = run(solve_critical_symbolic, objective.expr, objective.symbols,
                         timeout=timeout)
        except Exception:  # BudgetError, or the worker failed: the numeric search still works
            points = None
    if points is not None:
        method = "symbolic"
        found: list = []
        diag = float(np.hypot(domain.width, domain.height))
        for x in _polish(objective, [p for p in points if domain.contains(p, DOMAIN_MARGIN)]):
            _merge(found, x, 0.0, 1e-9 * diag)
        points = [tuple(x) for x, _ in found]
    else:
        points = solve_critical_numeric(objective, domain)
    result = [_critical_point(objective, p, method) for p in points]
    result = [c for c in result if np.isfinite(c.value)]
    result.sort(key=lambda c: (c.value, c.point))
    return result[:max_points]


def _polish(objective, points) -> np.ndarray:
    """Three Newton steps in double precision from symbolic roots ``(m, 2)`` -> ``(m, 2)``."""
    P = np.asarray(points, dtype=float).reshape(-1, 2)
    if P.size == 0:
        return P
    X, _ = _newton(objective, P, 0.0, max_step=1e-6 * (1 + float(np.abs(P).max())), max_iter=3)
    return np.where(np.all(np.isfinite(X), axis=1)[:, None], X, P)


def _critical_point(objective, p, method: str) -> CriticalPoint:
    x = np.asarray(p, dtype=float)
    lam = eigenvalues(raw_hessian(objective, x))
    return CriticalPoint((float(x[0]), float(x[1])), raw_value(objective, x), classify(lam),
                         tuple(float(v) for v in lam), method)
