"""Kinds of critical points: an absolute, scale-aware zero, higher-order tests where the
second-order one is silent, one variable by the first non-zero derivative, fair caps, and
non-smooth f said in words."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from landscape.critical import (
    CriticalPoint,
    CriticalResult,
    cap_points,
    classify,
    find_critical,
    zero_tolerance,
)
from landscape.critical.classify import judge, sample_test
from landscape.critical.kinks import roughness
from landscape.grid import Domain
from landscape.objective import CallableObjective, SymbolicObjective

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
BOX = Domain(-5, 5, -5, 5)


def direct(fn, *args, timeout=5.0):
    return fn(*args)


def objective(expr, symbols=(x, y)) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(expr, symbols)


@pytest.mark.parametrize(
    "lam, kind",
    [
        ([1, 2], "minimum"),
        ([-3, -1], "maximum"),
        ([-1, 2], "saddle"),
        ([0, 2], "degenerate"),
        ([-2, 0], "degenerate"),
        ([0, 0], "degenerate"),
        ([-1, 0, 1], "saddle"),
        ([np.nan, 1], "degenerate"),
        ([], "degenerate"),
        ([4], "minimum"),
        ([2, 2e9], "minimum"),  # 1e-8 relative to the largest was "zero" before
        ([2e-9, 2], "minimum"),
        ([1e-12, 5], "minimum"),
        ([1e-15, 5], "degenerate"),  # below the eigen-solver's rounding (64 n eps · 5 = 7e-14)
    ],
)
def test_classify(lam, kind):
    assert classify(lam) == kind


def test_classify_tolerance():
    assert classify([1e-3, 1], tol=1e-2) == "degenerate"
    assert classify([1e-3, 1], tol=1e-4) == "minimum"


def test_zero_tolerance_is_rounding_and_location_uncertainty():
    H = np.diag([2.0, 2e9])
    assert zero_tolerance(H) == pytest.approx(64 * 2 * np.finfo(float).eps * 2e9)
    assert zero_tolerance(np.zeros((2, 2))) == 0.0
    # |∇f| = 1e-10 where ‖∇³f‖ = 6: eigenvalues below sqrt(100 · 6 · 1e-10) are not trusted
    assert zero_tolerance(np.diag([1e-9, 1.0]), grad_norm=1e-10, third=6.0) == (
        pytest.approx(np.sqrt(6e-8))
    )


#: f, its one critical point at the origin: kind, degenerate (both methods must agree).
SCALE_CASES = [
    (x**2 + sympy.Integer(10) ** 9 * y**2, "minimum", False),
    (sympy.Rational(1, 10**9) * x**2 + y**2, "minimum", False),
    (sympy.Integer(10) ** 6 * (x**2 + y**2), "minimum", False),
    (sympy.Rational(1, 10**6) * (x**2 + y**2), "minimum", False),
    (-(x**2) - sympy.Integer(10) ** 9 * y**2, "maximum", False),
    (x**2 - sympy.Integer(10) ** 9 * y**2, "saddle", False),
    (x**2 + y**2 + sympy.Integer(10) ** 20, "minimum", False),  # f itself cannot see x²
    (sympy.Rational(1, 10**12) * x**2 + y**2, "minimum", False),
    (sympy.Rational(1, 10**12) * x**2 + y**4, "minimum", True),  # ∂²f/∂y² = 0: higher order
]


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
@pytest.mark.parametrize("f, kind, degenerate", SCALE_CASES, ids=[str(c[0]) for c in SCALE_CASES])
def test_scale_aware_classification(f, kind, degenerate, run):
    (p,) = find_critical(objective(f), BOX, run=run).points
    assert np.hypot(*p.point) < 1e-9
    assert (p.kind, p.degenerate) == (kind, degenerate)
    assert p.label == (f"degenerate (higher-order test: {kind})" if degenerate else kind)


X1 = sympy.Symbol("x", real=True)
#: one variable: f, [(x, kind, degenerate, the test's words)], on [-5, 5].
ONE_D = [
    (X1**4, [(0.0, "minimum", True, "f⁽⁴⁾ = 24, of even order: a minimum")]),
    (X1**3, [(0.0, "inflection", True, "f''' = 6, of odd order: not an extremum")]),
    (X1**2, [(0.0, "minimum", False, "f''(x) = 2")]),
    ((X1 - 1) ** 6, [(1.0, "minimum", True, "f⁽⁶⁾ = 720, of even order: a minimum")]),
    (-(X1**4), [(0.0, "maximum", True, "f⁽⁴⁾ = -24, of even order: a maximum")]),
    (
        X1**5 - 5 * X1,
        [(-1.0, "maximum", False, "f''(x) = -20"), (1.0, "minimum", False, "f''(x) = 20")],
    ),
]


@pytest.mark.parametrize("f, expected", ONE_D, ids=[str(c[0]) for c in ONE_D])
def test_one_variable_by_the_first_nonzero_derivative(f, expected):
    result = find_critical(objective(f, (X1,)), (-5, 5), run=direct)
    got = sorted(result.points, key=lambda p: p.point)
    assert len(got) == len(expected)
    for p, (where, kind, degenerate, words) in zip(got, expected, strict=True):
        assert p.point == pytest.approx((where,), abs=1e-12)
        assert (p.kind, p.degenerate, p.method) == (kind, degenerate, "symbolic")
        assert words in p.test


@pytest.mark.parametrize("f, expected", ONE_D, ids=[str(c[0]) for c in ONE_D])
def test_one_variable_numeric_search_agrees(f, expected):
    result = find_critical(objective(f, (X1,)), (-5, 5))
    got = sorted(result.points, key=lambda p: p.point)
    assert [(round(p.point[0], 6) + 0.0, p.kind, p.degenerate) for p in got] == [
        (w, k, d) for w, k, d, _ in expected
    ]
    assert {p.method for p in got} == {"numeric"}


def test_one_variable_quartic_against_numpy():
    f = X1**4 - 3 * X1**2 + X1
    result = find_critical(objective(f, (X1,)), (-5, 5), run=direct)
    roots = np.sort(np.roots([4, 0, -6, 1]).real)
    curvature = 12 * roots**2 - 6
    got = sorted(result.points, key=lambda p: p.point)
    np.testing.assert_allclose([p.point[0] for p in got], roots, rtol=1e-14)
    assert [p.kind for p in got] == ["minimum" if c > 0 else "maximum" for c in curvature]
    assert [p.kind for p in got] == ["minimum", "maximum", "minimum"]
    assert result.points[0].value == pytest.approx(min(float(f.subs(X1, r)) for r in roots))


def test_sample_test_sees_the_thin_wedge_of_peano():
    """(y - x²)(y - 2x²) rises along every line through 0, but dips between the parabolas."""
    f = objective((y - x**2) * (y - 2 * x**2))
    kind, _ = sample_test(f, np.zeros(2), 0.1, 1e-6)
    assert kind == "saddle"
    kind, _ = sample_test(objective(x**4 + y**4), np.zeros(2), 0.1, 1e-6)
    assert kind == "minimum"


# -- caps ------------------------------------------------------------------------------------
def _points(kind: str, count: int, base: float) -> list[CriticalPoint]:
    return [CriticalPoint((float(i), base), base + i, kind, (1.0, 1.0)) for i in range(count)]


def test_cap_keeps_every_kind_and_counts_the_rest():
    points = (
        _points("minimum", 150, 0.0)
        + _points("saddle", 40, 500.0)
        + _points("maximum", 3, 900.0)
        + _points("degenerate", 1, 50.0)
    )
    kept, dropped = cap_points(points, 50)
    counts = {
        k: sum(p.kind == k for p in kept) for k in ("minimum", "saddle", "maximum", "degenerate")
    }
    assert counts == {"minimum": 23, "saddle": 23, "maximum": 3, "degenerate": 1}
    assert dropped == {"minimum": 127, "saddle": 17}
    assert [p.value for p in kept] == sorted(p.value for p in kept)
    assert max(p.value for p in kept if p.kind == "minimum") == 22.0  # the lowest minima
    assert min(p.value for p in kept if p.kind == "maximum") == 900.0
    result = CriticalResult(tuple(kept), (), len(points), dropped, ("numeric",))
    assert result.summary() == (
        "showing 50 of 194 critical points (not shown: 127 minima, "
        "17 saddle points); found by the numeric search"
    )


def test_cap_below_the_number_of_kinds_and_no_cap_needed():
    kept, dropped = cap_points(_points("minimum", 5, 0) + _points("maximum", 5, 9), 1)
    assert [p.kind for p in kept] == ["minimum"] and dropped == {"minimum": 4, "maximum": 5}
    kept, dropped = cap_points(_points("saddle", 3, 0), 50)
    assert len(kept) == 3 and dropped == {}


def test_rastrigin_is_capped_fairly_and_says_so():
    f = objective(
        20 + x**2 - 10 * sympy.cos(2 * sympy.pi * x) + y**2 - 10 * sympy.cos(2 * sympy.pi * y)
    )
    result = find_critical(f, Domain(-5.12, 5.12, -5.12, 5.12), run=direct)
    assert len(result.points) == 50 and result.total > 50
    assert result.total == len(result.points) + sum(result.dropped.values())
    shown = result.counts()
    assert set(shown) == {"minimum", "saddle", "maximum"}
    assert min(shown.values()) >= 50 // 3
    assert result.points[0].kind == "minimum" and result.points[0].point == pytest.approx(
        (0, 0), abs=1e-9
    )
    assert result.summary().startswith(f"showing 50 of {result.total} critical points")


# -- non-smooth f ------------------------------------------------------------------------------
def _almost_everywhere(expr, names):
    """f with its almost-everywhere derivatives (DiracDelta → 0), marked non-smooth."""

    def ae(e):
        return e.replace(sympy.DiracDelta, lambda *a: sympy.S(0))

    g = [ae(sympy.diff(expr, v)) for v in (x, y)]
    obj = SymbolicObjective(expr, g, [[ae(sympy.diff(gi, v)) for v in (x, y)] for gi in g], (x, y))
    obj.nonsmooth = names
    return obj


@pytest.mark.parametrize(
    "expr, where, kind",
    [
        (sympy.Abs(x) + sympy.Abs(y), (0.0, 0.0), "minimum"),
        (sympy.Abs(x - sympy.Rational(3, 10)) + y**2, (0.3, 0.0), "minimum"),
        (sympy.Abs(x) - sympy.Abs(y), (0.0, 0.0), "saddle"),
        (1 - sympy.Abs(x) - sympy.Abs(y), (0.0, 0.0), "maximum"),
    ],
)
def test_extrema_at_kinks_are_reported_as_such(expr, where, kind):
    result = find_critical(_almost_everywhere(expr, ("abs",)), BOX, run=direct)
    (p,) = result.points
    assert p.point == pytest.approx(where, abs=1e-12) and p.kind == kind and p.kink
    assert p.label == f"{kind} at a kink (f is not differentiable here)"
    assert "no exact solve: f is not smooth" in result.notes
    assert any(
        "a minimum or maximum at a kink (like |x| at 0) is not a zero of ∇f" in n.lower()
        for n in result.notes
    )


def test_a_line_and_a_circle_of_kink_minima():
    (s,) = find_critical(_almost_everywhere(sympy.Abs(x), ("abs",)), BOX, run=direct).sets
    assert s.description == "a line of minima x ≈ 0 at kinks (f is not differentiable there)"
    result = find_critical(_almost_everywhere(sympy.Abs(x**2 + y**2 - 1), ("abs",)), BOX)
    (ring,) = result.sets
    assert ring.kind == "minimum" and ring.description.startswith("a circle of minima")
    P = np.vstack(ring.pieces())
    assert np.max(np.abs(np.hypot(P[:, 0], P[:, 1]) - 1)) < 1e-6
    assert [(p.point, p.kind) for p in result.points] == [((0.0, 0.0), "maximum")]


def _heaviside(v: float) -> float:
    return 0.5 if v == 0 else float(v > 0)


def test_second_derivative_jump_is_said():
    """relu(x) relu(y) is C¹ at the origin but ∇²f jumps there (its a.e. Hessian at 0 is
    [[0, ¼], [¼, 0]], a "saddle"); f ≥ 0 = f(0), so sampling says minimum."""
    obj = CallableObjective(
        lambda p: max(p[0], 0.0) * max(p[1], 0.0),
        lambda p: np.array([_heaviside(p[0]) * max(p[1], 0.0), _heaviside(p[1]) * max(p[0], 0.0)]),
        lambda p: np.array([[0.0, 1.0], [1.0, 0.0]]) * _heaviside(p[0]) * _heaviside(p[1]),
    )
    obj.nonsmooth = ("relu",)
    origin = np.zeros(2)
    assert roughness(obj, origin, 1e-7) == "jump"
    assert roughness(obj, np.array([1.0, 1.0]), 1e-7) == ""
    assert classify(np.linalg.eigvalsh(obj.hess(origin))) == "saddle"
    verdict = judge(obj, origin, scale_length=1.0, radius=0.01, kink=True)
    assert verdict.kind == "minimum"
    assert CriticalPoint((0.0, 0.0), 0.0, "minimum", (), rough="jump").label == (
        "minimum (∇²f jumps here: decided by sampling f)"
    )


@pytest.mark.parametrize("run", [direct, None], ids=["symbolic", "numeric"])
def test_the_tip_of_a_cone_is_a_minimum_at_a_kink(run):
    """√(x² + y²): ∇f is undefined at 0, so no zero of ∇f marks the minimum."""
    result = find_critical(objective(sympy.sqrt(x**2 + y**2)), BOX, run=run)
    (p,) = result.points
    assert p.point == pytest.approx((0, 0), abs=1e-12) and p.kind == "minimum" and p.kink
    assert any(
        n.startswith("f takes √(x² + y²), which is not differentiable where its argument is 0")
        for n in result.notes
    )


def test_ackley_keeps_its_global_minimum():
    ackley = (
        -20 * sympy.exp(-sympy.Rational(1, 5) * sympy.sqrt((x**2 + y**2) / 2))
        - sympy.exp((sympy.cos(2 * sympy.pi * x) + sympy.cos(2 * sympy.pi * y)) / 2)
        + sympy.E
        + 20
    )
    result = find_critical(objective(ackley), BOX, run=direct)
    best = result.points[0]
    assert best.point == pytest.approx((0, 0), abs=1e-9) and best.kind == "minimum"
    assert best.kink and best.method == "sampled" and abs(best.value) < 1e-12
    assert result.total > 50 and set(result.counts()) == {"minimum", "saddle", "maximum"}
