"""The exact solve of ∇f = 0 (runs in the budget worker: arguments and results are pickled).

Each ∂f/∂x_i is written N_i / D_i (``together``) and N_i is reduced to a polynomial P_i over Q
with the same real zeros: factors that never vanish are dropped (positive or negative ones such
as ``exp(-x²)``, constants such as ``π``), a fractional power ``p^(1/2)`` is replaced by ``p``,
other numeric constants are replaced by 45-digit rationals. A factor that may vanish and is not
polynomial (``sin x``, ``|x|``) makes the exact solve give up (``complete=False``, with a reason):
the caller then searches numerically.

* n = 1: the real roots of P_1 with their multiplicities e, so the first non-zero derivative of
  f at a root has order e + 1 (multiplicity is exact, not a tolerance).
* n = 2: the common factor C = gcd(P_1, P_2) holds every non-isolated critical point (two
  coprime polynomials have finitely many common zeros, Bézout): each irreducible factor h of C
  is a curve h = 0 of critical points, returned with seed points on every real component inside
  ``bounds``. The isolated points solve P_i / C = 0 (:mod:`landscape.critical.zerodim`).
* n ≥ 3: the same, except that lower-dimensional sets are not split off: if P_i / C = 0 still
  has infinitely many solutions the answer is incomplete.

At isolated points the nullity of ∇²f is exact: there ∇²f = diag(E_i / D_i) · Jacobian(P), so it
has the rank of the Jacobian of the polynomial system, decided exactly in Q[t]/(q).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy

from landscape.critical.zerodim import DIGITS, RealSolutions, TooComplex

_CONST_DIGITS = 45


@dataclass(frozen=True)
class ExactPoint:
    """An isolated real solution: ``coords (n,)`` (correctly rounded from 50 digits);
    ``zero_eigenvalues`` the exact nullity of ∇²f there (None when unknown); for n = 1
    ``order`` of the first non-zero derivative of f and its value ``derivative``; ``exact``
    closed forms of the coordinates when short; ``on_curve`` when it also lies on a curve
    factor (then whether it is isolated is decided by tracing that curve)."""

    coords: tuple[float, ...]
    zero_eigenvalues: int | None = None
    order: int | None = None
    derivative: float | None = None
    exact: tuple[str, ...] | None = None
    on_curve: bool = False


@dataclass(frozen=True)
class ExactCurve:
    """A curve h = 0 of critical points (n = 2): ``expr`` the irreducible polynomial h,
    ``seeds`` points of h = 0 on each of its real components inside the bounds (extremes in x
    and y, and crossings of the boundary), ``singular`` its real points where ∇h = 0 too."""

    expr: sympy.Expr
    seeds: tuple[tuple[float, ...], ...]
    singular: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class SymbolicCritical:
    """What the exact solve found. ``complete`` means every critical point is among ``points``,
    on ``curves``, or (n ≥ 3) on ``surfaces`` (factors of dimension n - 1); ``constant``: ∇f ≡ 0.
    ``reason`` says why it is incomplete; ``approximate`` when irrational constants of f were
    replaced by 45-digit rationals."""

    points: tuple[ExactPoint, ...] = ()
    curves: tuple[ExactCurve, ...] = ()
    surfaces: tuple[sympy.Expr, ...] = ()
    constant: bool = False
    complete: bool = True
    reason: str = ""
    approximate: bool = False


class _NotPolynomial(Exception):
    pass


def solve_critical_symbolic(expr, symbols, bounds=None) -> SymbolicCritical:
    """All real critical points of ``expr`` in ``symbols``; curve seeds are looked for inside
    ``bounds`` (``((lo, hi),) * n``, n = 2 only)."""
    symbols = tuple(symbols)
    try:
        system = [_gradient_part(sympy.diff(expr, s), symbols) for s in symbols]
    except _NotPolynomial as exc:
        return SymbolicCritical(complete=False, reason=str(exc))
    polys = [p for p, _, _ in system]
    faithful = all(ok for _, ok, _ in system)
    approximate = any(a for _, _, a in system)
    if all(p.is_zero for p in polys):
        return SymbolicCritical(constant=True, approximate=approximate)
    try:
        if len(symbols) == 1:
            points = _solve_1d(expr, symbols[0], polys[0], faithful)
            return SymbolicCritical(points=points, approximate=approximate)
        return _solve_nd(polys, symbols, faithful, bounds, approximate)
    except TooComplex as exc:
        return SymbolicCritical(
            complete=False, reason=f"the polynomial system has {exc}", approximate=approximate
        )


# -- from a derivative to a polynomial with the same real zeros -------------------------------
def _gradient_part(derivative, symbols):
    """(P over QQ, faithful, approximate) for one component of ∇f; faithful is False when a
    fractional power was replaced by its base (then P has the zeros but not the multiplicity)."""
    num, _den = sympy.fraction(sympy.together(derivative))
    return _zero_set_poly(num, symbols)


def _zero_set_poly(e, symbols):
    e = sympy.factor_terms(e)
    poly = sympy.Poly(1, *symbols, domain=sympy.QQ)
    faithful, approximate = True, False
    for factor in sympy.Mul.make_args(e):
        if factor.is_number:
            if factor.is_zero:
                return sympy.Poly(0, *symbols, domain=sympy.QQ), True, False
            continue
        base, exp = factor.as_base_exp()
        p, approx = _as_qq_poly(base, symbols)
        if p is not None and exp.is_Rational and exp > 0:
            faithful &= bool(exp.is_Integer)
            poly *= p ** int(exp) if exp.is_Integer else p
            approximate |= approx
        elif factor.is_positive or factor.is_negative:
            continue  # never zero: exp(u), u² + 1, π
        else:
            raise _NotPolynomial(f"∂f contains {_short(factor)}, which is not a polynomial")
    return poly, faithful, approximate


def _as_qq_poly(e, symbols):
    """(Poly over QQ, approximated) or (None, False)."""
    approx = [False]

    def rational(a):
        if a.is_Rational:
            return a
        if a.is_Float:
            return sympy.Rational(str(a))
        if a.is_number:
            v = a.evalf(_CONST_DIGITS)
            if not v.is_real:
                raise _NotPolynomial("f has a complex constant")
            approx[0] = True
            return sympy.Rational(str(v))
        return a.func(*[rational(b) for b in a.args]) if a.args else a

    try:
        poly = sympy.Poly(rational(e), *symbols)
    except sympy.PolynomialError:
        return None, False
    if not (poly.domain.is_ZZ or poly.domain.is_QQ):
        return None, False
    return poly.set_domain(sympy.QQ), approx[0]


def _short(e) -> str:
    text = sympy.sstr(e)
    return text if len(text) <= 40 else text[:37] + "…"


# -- one variable -----------------------------------------------------------------------------
def _solve_1d(expr, x, p: sympy.Poly, faithful: bool) -> tuple[ExactPoint, ...]:
    """Roots of P with multiplicity e: the first non-zero derivative has order e + 1."""
    points = []
    derivatives: dict[int, sympy.Expr] = {}
    for q, e in sympy.factor_list(p)[1]:
        solutions = RealSolutions([q])
        for s in solutions.solutions:
            order = e + 1 if faithful else None
            value = None
            if order is not None:
                if order not in derivatives:
                    derivatives[order] = sympy.diff(expr, x, order)
                value = _value_at(derivatives[order], {x: s.coords[0]})
            points.append(
                ExactPoint(
                    (float(s.coords[0]),),
                    zero_eigenvalues=int(e > 1),
                    order=order,
                    derivative=value,
                    exact=_closed_form(solutions.factors[s.factor], solutions, s),
                )
            )
    return tuple(sorted(points, key=lambda pt: pt.coords))


def _value_at(e, assignment) -> float | None:
    subs = {k: sympy.Float(mpmath.nstr(v, DIGITS), DIGITS) for k, v in assignment.items()}
    v = e.evalf(30, subs=subs)
    return float(v) if v.is_real and v.is_finite else None


def _closed_form(q: sympy.Poly, solutions: RealSolutions, s) -> tuple[str, ...] | None:
    """Coordinates as short sympy text when the solution is rational or quadratic."""
    if q.degree() > 2:
        return None
    reps = solutions.representatives([solutions.x[i] for i in range(len(solutions.x))])
    t = q.gens[0]
    roots = sympy.roots(q.as_expr(), t)
    values = []
    for r in reps:
        r = r.rem(q).as_expr()
        candidates = [sympy.radsimp(sympy.expand(r.subs(t, a))) for a in roots]
        values.append(candidates)
    # pick the root whose coordinates match this solution numerically
    for k in range(len(roots)):
        coords = [v[k] for v in values]
        if all(
            abs(complex(c) - float(s.coords[i])) <= 1e-12 * (1 + abs(float(s.coords[i])))
            for i, c in enumerate(coords)
        ):
            return tuple(sympy.sstr(c) for c in coords)
    return None


# -- several variables ------------------------------------------------------------------------
def _solve_nd(polys, symbols, faithful, bounds, approximate) -> SymbolicCritical:
    nonzero = [p for p in polys if not p.is_zero]
    common = nonzero[0]
    for p in nonzero[1:]:
        common = common.gcd(p)
    factors = [h for h, _ in sympy.factor_list(common)[1]] if common.total_degree() > 0 else []
    quotients = [p.exquo(common) if not p.is_zero else p for p in polys]
    live = [q for q in quotients if not q.is_zero]
    points: tuple[ExactPoint, ...] = ()
    complete, reason = True, ""
    if not any(q.is_ground for q in live):
        try:
            points = _isolated_points(live, factors, faithful)
        except TooComplex as exc:
            if len(symbols) == 2:
                raise
            complete, reason = False, f"the polynomial system has {exc}"
    if len(symbols) == 2:
        curves = tuple(_curve(h, symbols, bounds) for h in factors)
        return SymbolicCritical(points=points, curves=curves, approximate=approximate)
    return SymbolicCritical(
        points=points,
        surfaces=tuple(h.as_expr() for h in factors),
        complete=complete,
        reason=reason,
        approximate=approximate,
    )


def _isolated_points(polys, factors, faithful) -> tuple[ExactPoint, ...]:
    solutions = RealSolutions(polys)
    gens = polys[0].gens
    jacobian = [[p.diff(g) for g in gens] for p in polys]
    ranks = solutions.rank(jacobian) if faithful and solutions.solutions else []
    out = []
    for k, s in enumerate(solutions.solutions):
        point = dict(zip(gens, s.coords, strict=True))
        on_curve = any(_vanishes(h, point) for h in factors)
        nullity = None if on_curve or not ranks else len(gens) - ranks[k]
        out.append(
            ExactPoint(
                tuple(float(c) for c in s.coords),
                zero_eigenvalues=nullity,
                exact=_closed_form(solutions.factors[s.factor], solutions, s),
                on_curve=on_curve,
            )
        )
    return tuple(sorted(out, key=lambda pt: pt.coords))


def _vanishes(p: sympy.Poly, point, rel: float = 1e-30) -> bool:
    """Whether ``p`` is zero at ``point`` (gen -> mpf) relative to the size of its terms."""
    with mpmath.workdps(DIGITS + 10):
        value, size = mpmath.mpf(0), mpmath.mpf(0)
        for monom, c in p.terms():
            term = mpmath.mpf(c.p) / c.q
            for gen, e in zip(p.gens, monom, strict=True):
                term *= point[gen] ** e
            value += term
            size += abs(term)
        return abs(value) <= rel * size


def _curve(h: sympy.Poly, symbols, bounds) -> ExactCurve:
    """Seeds on every real component of h = 0 inside ``bounds``: the points where h_x = 0 or
    h_y = 0 (every closed component has them) and the crossings of the boundary."""
    seeds, singular = [], []
    partials = [h.diff(s) for s in symbols]
    for partial in partials:
        if partial.is_zero:
            continue
        for s in RealSolutions([h, partial]).solutions:
            point = dict(zip(h.gens, s.coords, strict=True))
            coords = tuple(float(c) for c in s.coords)
            seeds.append(coords)
            if all(d.is_zero or _vanishes(d, point) for d in partials):
                singular.append(coords)
    if bounds is not None:
        seeds += _boundary_crossings(h, symbols, bounds)
    return ExactCurve(h.as_expr(), tuple(sorted(set(seeds))), tuple(sorted(set(singular))))


def _boundary_crossings(h: sympy.Poly, symbols, bounds) -> list[tuple[float, ...]]:
    out = []
    for axis in range(2):
        other = 1 - axis
        lo, hi = (float(b) for b in bounds[other])
        for edge in bounds[axis]:
            on_edge = sympy.Poly(
                h.as_expr().subs(symbols[axis], sympy.Rational(str(edge))),
                symbols[other],
                domain=sympy.QQ,
            )
            if on_edge.is_zero:  # the whole edge is on the curve
                values = [0.5 * (lo + hi)]
            elif on_edge.degree() <= 0:
                values = []
            else:
                values = [
                    float(r)
                    for q, _ in sympy.factor_list(on_edge)[1]
                    for r in (s.coords[0] for s in RealSolutions([q]).solutions)
                ]
            for v in values:
                if lo <= v <= hi:
                    point = [0.0, 0.0]
                    point[axis], point[other] = float(edge), v
                    out.append(tuple(point))
    return out
