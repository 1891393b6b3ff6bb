"""The exact solve (landscape.critical.algebra, .zerodim): every real solution, multiple roots
included, exact nullities of ∇²f, curves split off, and honest reasons when it gives up."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy

from landscape.critical.algebra import solve_critical_symbolic
from landscape.critical.zerodim import RealSolutions, TooComplex

x, y, z = (sympy.Symbol(n, real=True) for n in "xyz")
R = sympy.Rational
BOUNDS = ((-5.5, 5.5), (-5.5, 5.5))


def coords(result) -> list[tuple[float, ...]]:
    return [p.coords for p in result.points]


@pytest.mark.parametrize(
    "polys, expected",
    [
        ([x**3, y**3], [(0.0, 0.0)]),  # a triple root in each variable
        ([(x - 1) ** 3, y + 2], [(1.0, -2.0)]),
        ([x**5, 4 * y**3 - 2 * y], [(0.0, -(2**-0.5)), (0.0, 0.0), (0.0, 2**-0.5)]),
        ([x**2 + y**2 - 4, x - y], [(-(2**0.5), -(2**0.5)), (2**0.5, 2**0.5)]),
        ([x**2 - 2, y**2 - 3], [(a * 2**0.5, b * 3**0.5) for a in (-1, 1) for b in (-1, 1)]),
        ([x**2 + 1, y], []),  # only complex solutions
        ([x * y - 1, x], []),  # inconsistent: 1 ∈ I
    ],
)
def test_real_solutions(polys, expected):
    solutions = RealSolutions([sympy.Poly(p, x, y) for p in polys])
    got = sorted(tuple(float(c) for c in s.coords) for s in solutions.solutions)
    assert len(got) == len(expected)
    if expected:
        np.testing.assert_allclose(got, sorted(expected), atol=1e-15)


def test_solutions_carry_50_digits():
    solutions = RealSolutions([sympy.Poly(x**2 - 2, x, y), sympy.Poly(y, x, y)]).solutions
    with mpmath.workdps(60):
        for s in solutions:
            assert abs(abs(s.coords[0]) - mpmath.sqrt(2)) < mpmath.mpf(10) ** -48


def test_infinitely_many_solutions_are_refused():
    with pytest.raises(TooComplex, match="infinitely many"):
        RealSolutions([sympy.Poly(x - y, x, y), sympy.Poly(2 * x - 2 * y, x, y)])


def test_exact_rank_of_the_jacobian():
    polys = [sympy.Poly(p, x, y) for p in (x**3, 4 * y**3 - 2 * y)]
    solutions = RealSolutions(polys)
    ranks = solutions.rank([[p.diff(g) for g in (x, y)] for p in polys])
    by_point = {
        round(float(s.coords[1]), 6): r for s, r in zip(solutions.solutions, ranks, strict=True)
    }
    assert by_point == {-0.707107: 1, 0.0: 1, 0.707107: 1}  # ∂²/∂x² = 0 everywhere


@pytest.mark.parametrize(
    "expr, points, nullities",
    [
        (x**4 + y**4, [(0, 0)], [2]),
        ((x - 1) ** 4 + (y + 2) ** 2, [(1, -2)], [1]),
        (x**6 + y**4 - y**2, [(0, -(2**-0.5)), (0, 0), (0, 2**-0.5)], [1, 1, 1]),
        (x**2 + R(10**9) * y**2, [(0, 0)], [0]),
        (x**3 - 3 * x * y**2, [(0, 0)], [2]),
        ((x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2, None, [0] * 9),
        (1 / (1 + x**2 + y**2), [(0, 0)], [0]),
        (x**2 / (x - 1) + y**2, [(0, 0), (2, 0)], [0, 0]),  # the pole x = 1 is not critical
        (sympy.exp(x) * (x**2 + 2 * y**2), [(-2, 0), (0, 0)], [0, 0]),  # exp(x) > 0 is dropped
    ],
)
def test_isolated_points_with_exact_nullity(expr, points, nullities):
    result = solve_critical_symbolic(expr, (x, y), BOUNDS)
    assert result.complete and not result.curves
    if points is not None:
        np.testing.assert_allclose(coords(result), points, atol=1e-15)
    if nullities is not None:
        assert [p.zero_eigenvalues for p in result.points] == nullities


def test_gaussian_ring_has_a_curve_and_a_point():
    result = solve_critical_symbolic(sympy.exp(-((x**2 + y**2 - 1) ** 2)), (x, y), BOUNDS)
    assert coords(result) == [(0.0, 0.0)]
    (curve,) = result.curves
    assert sympy.expand(curve.expr - (x**2 + y**2 - 1)) == 0
    assert sorted(curve.seeds) == [(-1.0, 0.0), (0.0, -1.0), (0.0, 1.0), (1.0, 0.0)]


@pytest.mark.parametrize(
    "expr, factors, points",
    [
        ((x**2 + y**2 - 1) ** 2, [x**2 + y**2 - 1], [((0.0, 0.0), False)]),
        (x**2 * y**2, [x, y], [((0.0, 0.0), True)]),
        ((x - y) ** 2, [x - y], []),
        (x**2, [x], []),
        (x * y**2, [y], [((0.0, 0.0), True)]),
        ((x**2 + y**2) ** 2, [x**2 + y**2], [((0.0, 0.0), True)]),  # a curve with one real point
    ],
)
def test_curves_are_split_off(expr, factors, points):
    result = solve_critical_symbolic(expr, (x, y), BOUNDS)
    assert result.complete
    got = sorted(sympy.srepr(sympy.factor_terms(c.expr)) for c in result.curves)
    assert got == sorted(sympy.srepr(sympy.factor_terms(f)) for f in factors)
    assert [(p.coords, p.on_curve) for p in result.points] == points


def test_line_seeds_are_where_it_crosses_the_boundary():
    (curve,) = solve_critical_symbolic((x - y) ** 2, (x, y), BOUNDS).curves
    assert sorted(curve.seeds) == [(-5.5, -5.5), (5.5, 5.5)]
    (curve,) = solve_critical_symbolic((x**2 + y**2) ** 2, (x, y), BOUNDS).curves
    assert curve.singular == ((0.0, 0.0),)  # its only real point


@pytest.mark.parametrize(
    "expr, roots, orders, derivatives",
    [
        (x**4, [0.0], [4], [24.0]),
        (x**3, [0.0], [3], [6.0]),
        (x**2, [0.0], [2], [2.0]),
        ((x - 1) ** 6, [1.0], [6], [720.0]),
        (x**2 * sympy.exp(x), [-2.0, 0.0], [2, 2], [-2 * float(sympy.exp(-2)), 2.0]),
    ],
)
def test_one_variable_orders_are_exact(expr, roots, orders, derivatives):
    result = solve_critical_symbolic(expr, (x,))
    assert coords(result) == [(r,) for r in roots]
    assert [p.order for p in result.points] == orders
    np.testing.assert_allclose([p.derivative for p in result.points], derivatives, rtol=1e-14)


def test_one_variable_quartic_matches_numpy_roots():
    f = x**4 - 3 * x**2 + x
    result = solve_critical_symbolic(f, (x,))
    expected = np.sort(np.roots([4, 0, -6, 1]).real)
    np.testing.assert_allclose([p.coords[0] for p in result.points], expected, rtol=1e-14)
    assert [p.order for p in result.points] == [2, 2, 2]


@pytest.mark.parametrize(
    "expr, reason",
    [
        (sympy.sin(x) + y**2, "∂f contains cos(x), which is not a polynomial"),
        (sympy.Abs(x) + y**2, "∂f contains sign(x), which is not a polynomial"),
    ],
)
def test_gives_up_with_a_reason(expr, reason):
    result = solve_critical_symbolic(expr, (x, y), BOUNDS)
    assert not result.complete and result.reason == reason and result.points == ()


def test_constants_and_irrational_coefficients():
    assert solve_critical_symbolic(sympy.Integer(3), (x, y)).constant
    assert solve_critical_symbolic(x + 2 * y, (x, y)).points == ()
    result = solve_critical_symbolic(sympy.pi * x**2 + y**2, (x, y))  # π only scales
    assert coords(result) == [(0.0, 0.0)] and not result.approximate
    result = solve_critical_symbolic(x**2 + sympy.pi * x + y**2, (x, y))
    assert result.approximate
    assert result.points[0].coords[0] == pytest.approx(-np.pi / 2, abs=1e-15)
    result = solve_critical_symbolic(x**2 + 0.5 * y**2 - 1.5 * y, (x, y))
    assert coords(result) == [(0.0, 1.5)]


def test_three_variables_exact():
    result = solve_critical_symbolic(x**2 + y**2 + z**3 - 3 * z, (x, y, z))
    assert coords(result) == [(0.0, 0.0, -1.0), (0.0, 0.0, 1.0)] and result.complete
    assert [p.zero_eigenvalues for p in result.points] == [0, 0]
