"""fit_domain: a typed function is shown around its critical points (minima first)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from landscape.domain_fit import ASPECT_MIN, DEFAULT_SPAN, Found, fit_domain
from landscape.errors import InputError
from landscape.grid import Domain
from landscape.objective import SymbolicObjective

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
HIMMELBLAU = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def objective(expr) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(expr, (x, y))


#: Himmelblau's nine critical points to 6 digits (4 minima, a maximum, 4 saddles), refined
#: below by sympy.nsolve at 30 digits (sympy.solve takes 20 s on this system).
HIMMELBLAU_GUESSES = [
    (3, 2),
    (-2.805118, 3.131313),
    (-3.779310, -3.283186),
    (3.584428, -1.848127),
    (-0.270845, -0.923039),
    (0.086678, 2.884255),
    (-3.073026, -0.081353),
    (3.385154, 0.073852),
    (-0.127961, -1.953715),
]


def _solutions(expr, grad):
    if expr == HIMMELBLAU:
        return [
            dict(zip((x, y), sympy.nsolve(grad, (x, y), g, prec=30), strict=True))
            for g in HIMMELBLAU_GUESSES
        ]
    return sympy.solve(grad, (x, y), dict=True)


def exact_critical_points(expr) -> list[Found]:
    """Real critical points by sympy (exact solve, or nsolve at 30 digits for Himmelblau),
    classified by the Hessian's eigenvalues."""
    grad = [sympy.diff(expr, v) for v in (x, y)]
    hess = sympy.hessian(expr, (x, y))
    out = []
    for sol in _solutions(expr, grad):
        px, py = complex(sol[x].evalf(30)), complex(sol[y].evalf(30))
        if abs(px.imag) > 1e-12 or abs(py.imag) > 1e-12:
            continue
        at = {x: px.real, y: py.real}
        lam = np.linalg.eigvalsh(np.array(hess.subs(at).evalf(), dtype=float))
        kind = "minimum" if lam[0] > 0 else "maximum" if lam[-1] < 0 else "saddle"
        out.append(Found((px.real, py.real), kind))
    return out


def _shows(domain: Domain, point, margin: float = 0.1) -> bool:
    """The point lies inside with at least ``margin`` of the size to spare on each side."""
    px, py = point
    mx, my = margin * domain.width, margin * domain.height
    return (domain.xmin + mx <= px <= domain.xmax - mx) and (
        domain.ymin + my <= py <= domain.ymax - my
    )


def _round_ends(domain: Domain) -> bool:
    size = max(domain.width, domain.height)
    step = 10.0 ** math.floor(math.log10(size / 20.0))
    ends = (domain.xmin, domain.xmax, domain.ymin, domain.ymax)
    return all(abs(e / step - round(e / step)) < 1e-6 for e in ends)


#: (what, f, points that must be shown)
CASES = [
    ("round bowl", x**2 + y**2, [(0, 0)]),
    ("shifted bowl", (x - 3) ** 2 + (y + 2) ** 2, [(3, -2)]),
    ("booth", (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2, [(1, 3)]),
    (
        "himmelblau's four minima",
        HIMMELBLAU,
        [(3, 2), (-2.805118, 3.131313), (-3.779310, -3.283186), (3.584428, -1.848127)],
    ),
    ("double well", (x**2 - 1) ** 2 + y**2, [(-1, 0), (1, 0)]),
    ("saddle", x**2 - y**2, [(0, 0)]),
    ("far minimum", (x - 300) ** 2 + (y - 200) ** 2, [(300, 200)]),
]


@pytest.mark.parametrize("what, expr, shown", CASES, ids=[c[0] for c in CASES])
def test_fitted_domain_shows_the_critical_points(what, expr, shown):
    d = fit_domain(objective(expr), exact_critical_points(expr))
    assert all(_shows(d, p) for p in shown), d
    assert min(d.width, d.height) >= ASPECT_MIN * max(d.width, d.height) - 1e-9
    assert _round_ends(d), d


def test_single_point_gets_the_default_square_centred_on_it():
    d = fit_domain(objective((x - 3) ** 2 + (y + 2) ** 2), [Found((3.0, -2.0), "minimum")])
    assert (d.width, d.height) == (DEFAULT_SPAN, DEFAULT_SPAN)
    assert ((d.xmin + d.xmax) / 2, (d.ymin + d.ymax) / 2) == (3.0, -2.0)


def test_minima_come_first_and_far_points_do_not_shrink_the_picture():
    """sin(x)cos(y) on a large search: the few minima nearest the origin, not all."""
    expr = sympy.sin(x) * sympy.cos(y)
    points = [
        Found((math.pi / 2 + i * math.pi, j * math.pi), "")
        for i in range(-6, 6)
        for j in range(-6, 6)
    ]
    kinds = []
    obj = objective(expr)
    for p in points:
        lam = np.linalg.eigvalsh(obj.hess(np.array(p.point)))
        kinds.append(Found(p.point, "minimum" if lam[0] > 0 else "maximum"))
    d = fit_domain(obj, kinds)
    assert _shows(d, (-math.pi / 2, 0.0))  # the nearest minimum
    assert max(d.width, d.height) < 20


def test_points_that_are_not_critical_are_ignored():
    d = fit_domain(objective(x**2 + y**2), [Found((5.0, 5.0), "minimum"), (0.0, 0.0)])
    assert d == Domain(-3, 3, -3, 3)


def test_near_duplicates_count_once():
    """x⁴ + y⁴: a flat minimum where searches return many points within 1e-5 of 0."""
    noise = [(0.0, 0.0), (2e-5, -1e-5), (-3e-6, 2e-5)]
    d = fit_domain(objective(x**4 + y**4), [Found(p, "degenerate") for p in noise])
    assert (d.width, d.height) == (DEFAULT_SPAN, DEFAULT_SPAN)


def test_the_start_is_always_shown():
    d = fit_domain(objective(x**2 + y**2), [Found((0.0, 0.0), "minimum")], around=[(50, -40)])
    assert _shows(d, (0, 0)) and _shows(d, (50, -40))


@pytest.mark.parametrize("expr", [x + y, sympy.exp(x) + y, sympy.Integer(0) * x + 1])
def test_without_critical_points_the_origin(expr):
    d = fit_domain(objective(expr), [])
    assert _shows(d, (0, 0)) and d.width > 0 and d.height > 0


def test_descent_finds_a_minimum_the_search_missed():
    d = fit_domain(objective(0.001 * ((x - 30) ** 2 + y**2)), [])
    assert _shows(d, (30, 0))


def test_search_when_no_points_are_given():
    """Integration with the numerical critical-point search (reworked in issue 9)."""
    d = fit_domain(objective(HIMMELBLAU))
    for p, _ in [
        (f.point, f.kind) for f in exact_critical_points(HIMMELBLAU) if f.kind == "minimum"
    ]:
        assert _shows(d, p)


def test_only_two_variables():
    z = sympy.Symbol("z", real=True)
    three = SymbolicObjective.from_exprs(x**2 + y**2 + z**2, (x, y, z))
    with pytest.raises(InputError, match="two variables"):
        fit_domain(three, [])
