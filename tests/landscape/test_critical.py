"""Critical points: never silently missing (exact and numeric searches agree with sympy's own
solve), never invented, each classified right, and the method that found it named."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from landscape.critical import (
    CriticalPoint,
    SymbolicCritical,
    find_critical,
    find_critical_points,
    solve_critical_numeric,
)
from landscape.errors import BudgetError, InputError
from landscape.grid import Domain
from landscape.objective import CallableObjective, SymbolicObjective

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
R = sympy.Rational
HIMMELBLAU = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
CAMEL = (4 - R(21, 10) * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2
BOX = Domain(-5, 5, -5, 5)


def direct(fn, *args, timeout=5.0):
    """A stand-in for landscape.budget.run_with_budget that runs in this process."""
    return fn(*args)


def objective(expr, symbols=(x, y)) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(expr, symbols)


def kinds(points) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in points:
        out[p.kind] = out.get(p.kind, 0) + 1
    return out


def sympy_reference(expr, symbols=(x, y)) -> list[tuple[float, ...]]:
    """Real solutions of ∇expr = 0 by sympy's solve, at 30 digits (an independent solver)."""
    grad = [sympy.diff(expr, s) for s in symbols]
    out = set()
    for sol in sympy.solve(grad, list(symbols), dict=True):
        values = [sympy.N(sol.get(s, s), 30) for s in symbols]
        if all(v.is_real for v in values):
            out.add(tuple(round(float(v), 12) + 0.0 for v in values))
    return sorted(out)


#: f, its critical points by kind, and whether the Hessian is singular there (hand-derived;
#: the positions are also checked against sympy's solve).
DEGENERATE_CASES = [
    ("x^4 + y^4", x**4 + y**4, {(0, 0): ("minimum", True)}),
    ("(x-1)^4 + (y+2)^2", (x - 1) ** 4 + (y + 2) ** 2, {(1, -2): ("minimum", True)}),
    (
        "the same expanded (f's terms cancel near the point)",
        sympy.expand((x - 1) ** 4 + (y + 2) ** 2),
        {(1, -2): ("minimum", True)},
    ),
    (
        "x^6 + y^4 - y^2",
        x**6 + y**4 - y**2,
        {
            (0, -(2**-0.5)): ("minimum", True),
            (0, 2**-0.5): ("minimum", True),
            (0, 0): ("saddle", True),
        },
    ),
    ("monkey saddle", x**3 - 3 * x * y**2, {(0, 0): ("saddle", True)}),
    ("Peano (y - x²)(y - 2x²)", (y - x**2) * (y - 2 * x**2), {(0, 0): ("saddle", True)}),
    ("x^3 + y^2", x**3 + y**2, {(0, 0): ("saddle", True)}),
    ("(x+y)^4 + (x-y)^2", (x + y) ** 4 + (x - y) ** 2, {(0, 0): ("minimum", True)}),
    ("(x^2+y^2)^2", (x**2 + y**2) ** 2, {(0, 0): ("minimum", True)}),
    ("-(x^4 + y^4)", -(x**4 + y**4), {(0, 0): ("maximum", True)}),
    ("x^2 - y^2", x**2 - y**2, {(0, 0): ("saddle", False)}),
]


@pytest.mark.parametrize(
    "run, method", [(direct, "symbolic"), (None, "numeric")], ids=["symbolic", "numeric"]
)
@pytest.mark.parametrize(
    "name, expr, expected", DEGENERATE_CASES, ids=[c[0] for c in DEGENERATE_CASES]
)
def test_multiple_roots_and_degenerate_points(name, expr, expected, run, method):
    result = find_critical(objective(expr), BOX, run=run)
    found = {tuple(round(v, 9) + 0.0 for v in p.point): p for p in result.points}
    assert len(found) == len(expected), result.summary()
    assert not result.sets
    for where, (kind, degenerate) in expected.items():
        (p,) = [p for key, p in found.items() if np.allclose(key, where, atol=1e-9)]
        assert (p.kind, p.degenerate, p.method) == (kind, degenerate, method)
        if degenerate:
            assert p.label == f"degenerate (higher-order test: {kind})"
    if name != "(x^2+y^2)^2":  # sympy's solve agrees on where they are (for (x²+y²)² it
        # returns only the complex lines x = ±i y, which meet the real plane at the origin)
        np.testing.assert_allclose(sorted(found), sympy_reference(expr), atol=1e-9)


def test_exact_coordinates_are_given_when_short():
    result = find_critical(objective(x**6 + y**4 - y**2), BOX, run=direct)
    exact = {p.exact for p in result.points}
    assert exact == {("0", "-sqrt(2)/2"), ("0", "sqrt(2)/2"), None}  # (0, 0) needs no words


HIMMELBLAU_MINIMA = [
    (3.0, 2.0),
    (-2.805118086952745, 3.131312518250573),
    (-3.779310253377747, -3.283185991286170),
    (3.584428340330492, -1.848126526964404),
]


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_himmelblau(run):
    points = find_critical_points(objective(HIMMELBLAU), BOX, run=run)
    assert kinds(points) == {"minimum": 4, "saddle": 4, "maximum": 1}
    assert {p.method for p in points} == {"symbolic" if run else "numeric"}
    minima = [p for p in points if p.kind == "minimum"]
    assert points[:4] == minima  # sorted by value: the four zeros first
    for m in HIMMELBLAU_MINIMA:
        assert min(np.hypot(*(np.array(p.point) - m)) for p in minima) < 1e-9
    (top,) = [p for p in points if p.kind == "maximum"]
    np.testing.assert_allclose(top.point, (-0.270844590667, -0.923038556480), atol=1e-9)
    assert top.value == pytest.approx(181.616521522583) and top is points[-1]
    for p in points:
        assert np.linalg.norm(objective(HIMMELBLAU).grad(np.array(p.point))) < 1e-8
        assert not p.degenerate and len(p.eigenvalues) == 2


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_six_hump_camel(run):
    points = find_critical_points(objective(CAMEL), Domain(-2, 2, -1, 1), run=run)
    assert kinds(points) == {"minimum": 6, "saddle": 7, "maximum": 2}
    best = points[:2]
    assert all(
        p.kind == "minimum" and p.value == pytest.approx(-1.031628453489877, abs=1e-12)
        for p in best
    )
    np.testing.assert_allclose(
        sorted(p.point for p in best),
        [(-0.0898420131003181, 0.7126564030207400), (0.0898420131003181, -0.7126564030207400)],
        atol=1e-10,
    )


def test_numeric_and_symbolic_agree_on_goldstein_price():
    s, t = x + y + 1, 2 * x - 3 * y
    gp = (1 + s**2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)) * (
        30 + t**2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
    )
    domain = Domain(-2, 2, -2, 2)
    exact = find_critical_points(objective(gp), domain, run=direct)
    numeric = find_critical_points(objective(gp), domain)
    assert len(exact) == len(numeric) == 9
    for a, b in zip(exact, numeric, strict=True):
        assert a.kind == b.kind and np.allclose(a.point, b.point, atol=1e-8)
    assert exact[0].point == pytest.approx((0, -1), abs=1e-12) and exact[0].value == 3


# -- the exact solve can fail in many ways: the numeric search always answers ---------------
def _over_budget(fn, *args, timeout=5.0):
    raise BudgetError("too costly to compute within 5 s")


def _crashes(fn, *args, timeout=5.0):
    raise RuntimeError("the worker died")


def _finds_nothing(fn, *args, timeout=5.0):
    return SymbolicCritical()  # "complete" and empty: a wrong answer must not hide points


def _gives_up(fn, *args, timeout=5.0):
    return SymbolicCritical(complete=False, reason="too many solutions")


@pytest.mark.parametrize(
    "run, note",
    [
        (_over_budget, "the exact solve stopped (too costly to compute within 5 s)"),
        (_crashes, "the exact solve failed (the worker died)"),
        (_finds_nothing, "the exact solve found no critical point; the numeric search found 1"),
        (_gives_up, "no complete exact solve (too many solutions)"),
    ],
)
def test_a_failed_or_empty_exact_solve_runs_the_numeric_search(run, note):
    result = find_critical(objective(x**4 + y**4), BOX, run=run)
    (p,) = result.points
    assert p.method == "numeric" and p.kind == "minimum" and p.degenerate
    assert np.hypot(*p.point) < 1e-9
    assert any(n.startswith(note) for n in result.notes), result.notes
    assert result.methods == ("numeric",)


def test_budget_error_falls_back_on_himmelblau():
    points = find_critical_points(objective(HIMMELBLAU), BOX, run=_over_budget)
    assert len(points) == 9 and {p.method for p in points} == {"numeric"}


def test_real_budget_worker():
    budget = pytest.importorskip("landscape.budget")
    result = find_critical(objective(x**4 + y**4), BOX, run=budget.run_with_budget, timeout=30)
    assert [(p.point, p.kind, p.method) for p in result.points] == [
        ((0.0, 0.0), "minimum", "symbolic")
    ]
    points = find_critical_points(
        objective(HIMMELBLAU), BOX, run=budget.run_with_budget, timeout=30
    )
    assert len(points) == 9 and {p.method for p in points} == {"symbolic"}


def test_no_critical_point_at_all():
    for run in (direct, None):
        result = find_critical(objective(x + 2 * y), BOX, run=run)
        assert result.points == () and result.sets == () and result.total == 0


def test_tails_where_the_gradient_only_tends_to_zero_are_not_critical():
    bump = sympy.exp(-(x**2) - y**2)
    for run in (direct, None):
        (p,) = find_critical(objective(bump), Domain(-8, 8, -8, 8), run=run).points
        assert p.kind == "maximum" and np.hypot(*p.point) < 1e-9


def test_points_outside_the_domain_are_dropped():
    f = objective((x - 3) ** 2 + y**2)
    assert find_critical_points(f, Domain(-1, 1, -1, 1), run=direct) == []
    assert find_critical_points(f, Domain(-1, 1, -1, 1)) == []
    assert len(find_critical_points(f, Domain(-1, 2.9, -1, 1), run=direct)) == 1  # 5 % margin


def test_callable_objective_and_explicit_starts():
    f = CallableObjective(
        lambda p: (p[0] - 1) ** 2 + 2 * (p[1] + 0.5) ** 2,
        lambda p: np.array([2 * (p[0] - 1), 4 * (p[1] + 0.5)]),
        lambda p: np.diag([2.0, 4.0]),
    )
    (p,) = find_critical_points(f, Domain(-2, 2, -2, 2), run=direct)
    assert p.kind == "minimum" and p.point == pytest.approx((1, -0.5)) and p.method == "numeric"
    np.testing.assert_allclose(
        solve_critical_numeric(f, Domain(-2, 2, -2, 2), starts=[[0, 0], [1.5, 1]]), [(1, -0.5)]
    )


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_three_variables(run):
    z = sympy.Symbol("z", real=True)
    f = objective(x**2 + y**2 + z**3 - 3 * z, (x, y, z))
    points = find_critical_points(f, [(-2, 2)] * 3, run=run)
    assert [(p.point, p.kind) for p in points] == [
        ((0.0, 0.0, 1.0), "minimum"),
        ((0.0, 0.0, -1.0), "saddle"),
    ]


@pytest.mark.parametrize(
    "domain, starts, message",
    [
        ((-1, 1, 0), None, "the search box needs 2 ranges, one per variable"),
        ([(1, -1), (0, 1)], None, "each range of the search box needs finite lo < hi"),
        ([(0, float("inf")), (0, 1)], None, "each range of the search box needs finite lo < hi"),
        (BOX, 0, "the start grid must have between 1 and 100 points per axis"),
        (BOX, 101, "the start grid must have between 1 and 100 points per axis"),
    ],
)
def test_bad_search_input(domain, starts, message):
    with pytest.raises(InputError) as err:
        find_critical(objective(x**2 + y**2), domain, starts=starts)
    assert err.value.message == message


def test_a_function_of_no_variables():
    f = CallableObjective(lambda p: 1.0, variables=())
    with pytest.raises(InputError, match="f has no variables"):
        find_critical(f, BOX)


def test_an_objective_that_raises_gives_a_note_not_a_traceback():
    def broken(p):
        raise NameError("name 'DiracDelta' is not defined")

    f = CallableObjective(lambda p: float(p @ p), lambda p: 2 * p, broken)
    result = find_critical(f, BOX)
    assert result.points == ()
    assert "could not evaluate f or its derivatives (NameError" in result.notes[-1]


def test_critical_point_is_positional_for_old_callers():
    cp = CriticalPoint((1.0, 2.0), 3.0, "minimum", (1.0, 2.0), "exact")
    assert (cp.method, cp.degenerate, cp.label, cp.kink) == ("exact", False, "minimum", False)
