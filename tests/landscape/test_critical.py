"""Critical points: symbolic and numeric searches agree, and each point is classified right."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from landscape.critical import (
    CriticalPoint,
    classify,
    find_critical_points,
    solve_critical_numeric,
    solve_critical_symbolic,
)
from landscape.errors import BudgetError, InputError
from landscape.grid import Domain
from landscape.objective import CallableObjective, SymbolicObjective

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
HIMMELBLAU = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
CAMEL = (4 - sympy.Rational(21, 10) * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


def direct(fn, *args, timeout=5.0):
    """A stand-in for landscape.budget.run_with_budget that runs in this process."""
    return fn(*args)


def objective(expr) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(expr, (x, y))


def kinds(points: list[CriticalPoint]) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in points:
        out[p.kind] = out.get(p.kind, 0) + 1
    return out


@pytest.mark.parametrize("lam, kind", [
    ([1, 2], "minimum"), ([-3, -1], "maximum"), ([-1, 2], "saddle"), ([0, 2], "degenerate"),
    ([-2, 0], "degenerate"), ([0, 0], "degenerate"), ([1e-12, 5], "degenerate"),
    ([-1, 0, 1], "saddle"), ([np.nan, 1], "degenerate"), ([], "degenerate"), ([4], "minimum"),
])
def test_classify(lam, kind):
    assert classify(lam) == kind


def test_classify_tolerance():
    assert classify([1e-3, 1], tol=1e-2) == "degenerate"
    assert classify([1e-3, 1], tol=1e-4) == "minimum"


HIMMELBLAU_MINIMA = [(3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                     (-3.779310253377747, -3.283185991286170),
                     (3.584428340330492, -1.848126526964404)]


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_himmelblau(run):
    points = find_critical_points(objective(HIMMELBLAU), Domain(-5, 5, -5, 5), run=run)
    assert kinds(points) == {"minimum": 4, "saddle": 4, "maximum": 1}
    assert {p.method for p in points} == {"symbolic" if run else "numeric"}
    minima = [p for p in points if p.kind == "minimum"]
    assert points[:4] == minima  # sorted by value: the four zeros first
    for m in HIMMELBLAU_MINIMA:
        assert min(np.hypot(*(np.array(p.point) - m)) for p in minima) < 1e-9
    assert all(abs(p.value) < 1e-18 for p in minima)
    (top,) = [p for p in points if p.kind == "maximum"]
    np.testing.assert_allclose(top.point, (-0.270844590667, -0.923038556480), atol=1e-9)
    assert top.value == pytest.approx(181.616521522583) and top is points[-1]
    for p in points:
        g = objective(HIMMELBLAU).grad(np.array(p.point))
        assert np.linalg.norm(g) < 1e-8 and len(p.eigenvalues) == 2


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_saddle_at_the_origin(run):
    (p,) = find_critical_points(objective(x**2 - y**2), Domain(-2, 2, -2, 2), run=run)
    assert p.kind == "saddle" and p.point == pytest.approx((0, 0), abs=1e-12)
    assert p.eigenvalues == pytest.approx((-2, 2)) and p.value == pytest.approx(0, abs=1e-20)


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_monkey_saddle_is_degenerate(run):
    (p,) = find_critical_points(objective(x**3 - 3 * x * y**2), Domain(-1.5, 1.5, -1.5, 1.5),
                                run=run)
    assert p.kind == "degenerate" and np.hypot(*p.point) < 1e-6


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_six_hump_camel(run):
    points = find_critical_points(objective(CAMEL), Domain(-2, 2, -1, 1), run=run)
    assert len(points) == 15
    assert kinds(points) == {"minimum": 6, "saddle": 7, "maximum": 2}
    best = points[:2]
    assert all(p.kind == "minimum" and p.value == pytest.approx(-1.031628453489877, abs=1e-12)
               for p in best)
    np.testing.assert_allclose(sorted(p.point for p in best),
                               [(-0.0898420131003181, 0.7126564030207400),
                                (0.0898420131003181, -0.7126564030207400)], atol=1e-10)


def test_numeric_and_symbolic_agree_on_goldstein_price():
    s, t = x + y + 1, 2 * x - 3 * y
    gp = (1 + s**2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)) * (
        30 + t**2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2))
    domain = Domain(-2, 2, -2, 2)
    exact = find_critical_points(objective(gp), domain, run=direct)
    numeric = find_critical_points(objective(gp), domain)
    assert len(exact) == len(numeric) == 9
    for a, b in zip(exact, numeric, strict=True):
        assert a.kind == b.kind and np.allclose(a.point, b.point, atol=1e-8)
    assert exact[0].point == pytest.approx((0, -1), abs=1e-12) and exact[0].value == 3


def test_infinite_solution_set_falls_back_to_numeric():
    f = (x - y) ** 2
    assert solve_critical_symbolic(f, (x, y)) is None
    points = find_critical_points(objective(f), Domain(-2, 2, -2, 2), run=direct)
    assert points and all(p.method == "numeric" and p.kind == "degenerate" for p in points)
    assert all(abs(p.point[0] - p.point[1]) < 1e-8 for p in points)


def test_symbolic_solver_edge_cases():
    assert solve_critical_symbolic(x + 2 * y, (x, y)) == []
    assert solve_critical_symbolic(sympy.Integer(3), (x, y)) is None
    assert solve_critical_symbolic(sympy.sin(x) + y**2, (x, y)) is None  # transcendental
    assert solve_critical_symbolic(sympy.pi * x**2 + y**2, (x, y)) is None  # not over QQ
    assert solve_critical_symbolic(x**2 + 0.5 * y**2 - 1.5 * y, (x, y)) == [(0.0, 1.5)]
    # x² + 1 = 0 has no real root; x⁴ - 2x² has three
    assert solve_critical_symbolic(x**3 / 3 + x + y**2, (x, y)) == []
    np.testing.assert_allclose(solve_critical_symbolic(x**4 - 4 * x**2 + y**2, (x, y)),
                               [(-np.sqrt(2), 0), (0, 0), (np.sqrt(2), 0)], rtol=1e-15)
    # rational: the pole of 1/(x - 1) is not a critical point, the maximum at 0 is
    bump = 1 / (1 + x**2 + y**2)
    assert solve_critical_symbolic(bump, (x, y)) == [(0.0, 0.0)]
    assert solve_critical_symbolic(x**2 / (x - 1) + y**2, (x, y)) == [(0.0, 0.0), (2.0, 0.0)]


def test_three_variables_symbolic():
    z = sympy.Symbol("z", real=True)
    points = solve_critical_symbolic(x**2 + y**2 + z**3 - 3 * z, (x, y, z))
    assert points == [(0.0, 0.0, -1.0), (0.0, 0.0, 1.0)]


def test_points_outside_the_domain_are_dropped():
    f = objective((x - 3) ** 2 + y**2)
    assert find_critical_points(f, Domain(-1, 1, -1, 1), run=direct) == []
    assert find_critical_points(f, Domain(-1, 1, -1, 1)) == []
    assert len(find_critical_points(f, Domain(-1, 2.9, -1, 1), run=direct)) == 1  # 5 % margin


def test_budget_error_falls_back():
    def over_budget(fn, *args, timeout=5.0):
        raise BudgetError("too costly")

    points = find_critical_points(objective(HIMMELBLAU), Domain(-5, 5, -5, 5), run=over_budget)
    assert len(points) == 9 and {p.method for p in points} == {"numeric"}


def test_real_budget_worker():
    budget = pytest.importorskip("landscape.budget")
    points = find_critical_points(objective(HIMMELBLAU), Domain(-5, 5, -5, 5),
                                  run=budget.run_with_budget, timeout=30)
    assert len(points) == 9 and {p.method for p in points} == {"symbolic"}


def test_numeric_search_on_rastrigin_is_limited_and_sorted():
    f = objective(20 + x**2 - 10 * sympy.cos(2 * sympy.pi * x) + y**2
                  - 10 * sympy.cos(2 * sympy.pi * y))
    points = find_critical_points(f, Domain(-5.12, 5.12, -5.12, 5.12), run=direct)
    assert len(points) == 50 and points[0].kind == "minimum"
    assert points[0].point == pytest.approx((0, 0), abs=1e-9)
    values = [p.value for p in points]
    assert values == sorted(values)
    assert len(find_critical_points(f, Domain(-1, 1, -1, 1), max_points=5)) == 5


def test_callable_objective_and_explicit_starts():
    f = CallableObjective(lambda p: (p[0] - 1) ** 2 + 2 * (p[1] + 0.5) ** 2,
                          lambda p: np.array([2 * (p[0] - 1), 4 * (p[1] + 0.5)]),
                          lambda p: np.diag([2.0, 4.0]))
    (p,) = find_critical_points(f, Domain(-2, 2, -2, 2), run=direct)
    assert p.kind == "minimum" and p.point == pytest.approx((1, -0.5))
    np.testing.assert_allclose(
        solve_critical_numeric(f, Domain(-2, 2, -2, 2), starts=[[0, 0], [1.5, 1]]), [(1, -0.5)])


def test_wrong_dimension():
    z = sympy.Symbol("z", real=True)
    f = SymbolicObjective.from_exprs(x**2 + y**2 + z**2, (x, y, z))
    with pytest.raises(InputError):
        find_critical_points(f, Domain(-1, 1, -1, 1))
