"""Exact derivatives against scipy and hand derivations; central differences against exact."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import rosen, rosen_der, rosen_hess

from landscape.calculus import (
    evaluate_at,
    numerical_gradient,
    numerical_hessian,
    numerical_jacobian,
)
from landscape.errors import InputError
from landscape.objective import CallableObjective, SymbolicObjective
from landscape.presets import list_presets
from tests.landscape.test_presets import HAND_EXPRS

x, y, z = (sympy.Symbol(n, real=True) for n in "xyz")
PI = np.pi


def _ackley_grad(x, y):
    r = np.sqrt(0.5 * (x**2 + y**2))
    wave = np.exp(0.5 * (np.cos(2 * PI * x) + np.cos(2 * PI * y)))
    return (
        2 * x * np.exp(-0.2 * r) / r + PI * np.sin(2 * PI * x) * wave,
        2 * y * np.exp(-0.2 * r) / r + PI * np.sin(2 * PI * y) * wave,
    )


def _beale_grad(x, y):
    a1, a2, a3 = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    return (
        2 * a1 * (y - 1) + 2 * a2 * (y**2 - 1) + 2 * a3 * (y**3 - 1),
        2 * a1 * x + 4 * a2 * x * y + 6 * a3 * x * y**2,
    )


def _goldstein_price_grad(x, y):
    s, t = x + y + 1, 2 * x - 3 * y
    B = 19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2
    D = 18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2
    A, C = 1 + s**2 * B, 30 + t**2 * D
    A_x = A_y = 2 * s * B + s**2 * (-14 + 6 * x + 6 * y)
    C_x = 4 * t * D + t**2 * (-32 + 24 * x - 36 * y)
    C_y = -6 * t * D + t**2 * (48 - 36 * x + 54 * y)
    return (A_x * C + A * C_x, A_y * C + A * C_y)


#: ∇f of every preset, derived by hand.
HAND_GRADIENTS = {
    "rosenbrock": lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
    "beale": _beale_grad,
    "himmelblau": lambda x, y: (
        4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
        2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7),
    ),
    "booth": lambda x, y: (
        2 * (x + 2 * y - 7) + 4 * (2 * x + y - 5),
        4 * (x + 2 * y - 7) + 2 * (2 * x + y - 5),
    ),
    "goldstein_price": _goldstein_price_grad,
    "six_hump_camel": lambda x, y: (8 * x - 8.4 * x**3 + 2 * x**5 + y, x - 8 * y + 16 * y**3),
    "rastrigin": lambda x, y: (
        2 * x + 20 * PI * np.sin(2 * PI * x),
        2 * y + 20 * PI * np.sin(2 * PI * y),
    ),
    "ackley": _ackley_grad,
    "saddle": lambda x, y: (2 * x, -2 * y),
    "monkey_saddle": lambda x, y: (3 * x**2 - 3 * y**2, -6 * x * y),
    "ill_conditioned": lambda x, y: (x, 100 * y),
    "quadratic": lambda x, y: (2 * x + 2 * y, 2 * x + 6 * y),
    "bowl": lambda x, y: (2 * x, 2 * y),
}


def preset_objective(preset) -> SymbolicObjective:
    """The preset's own text through the parser when it exists, else the hand-written twin."""
    try:
        from landscape.parser import parse_expression
    except ImportError:
        return SymbolicObjective.from_exprs(HAND_EXPRS[preset.name], (x, y))
    return SymbolicObjective.from_exprs(parse_expression(preset.expression), (x, y))


def test_the_table_covers_every_preset():
    assert set(HAND_GRADIENTS) == {p.name for p in list_presets()}


@pytest.mark.parametrize("preset", list_presets(), ids=lambda p: p.name)
def test_symbolic_gradient_matches_the_hand_derivation(preset):
    f = preset_objective(preset)
    d = preset.grid_domain
    rng = np.random.default_rng(abs(hash(preset.name)) % 2**32)
    for _ in range(20):
        p = np.array([rng.uniform(d.xmin, d.xmax), rng.uniform(d.ymin, d.ymax)])
        expected = np.array(HAND_GRADIENTS[preset.name](*p))
        got = evaluate_at(f, p).gradient
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10 * (1 + abs(f.f(p))))


def _rosenbrock_expr(symbols):
    return sum(
        100 * (symbols[i + 1] - symbols[i] ** 2) ** 2 + (1 - symbols[i]) ** 2
        for i in range(len(symbols) - 1)
    )


@pytest.mark.parametrize("n", [2, 4])
def test_rosenbrock_against_scipy(n):
    symbols = sympy.symbols(f"x1:{n + 1}", real=True)
    f = SymbolicObjective.from_exprs(_rosenbrock_expr(symbols), symbols)
    rng = np.random.default_rng(n)
    for _ in range(25):
        p = rng.uniform(-2, 2, n)
        info = evaluate_at(f, p)
        assert info.value == pytest.approx(rosen(p), rel=1e-12)
        np.testing.assert_allclose(info.gradient, rosen_der(p), rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(info.hessian, rosen_hess(p), rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(
            info.eigenvalues, np.linalg.eigvalsh(rosen_hess(p)), rtol=1e-9, atol=1e-9
        )
        assert (np.diff(info.eigenvalues) >= 0).all()
        assert info.gradient.shape == (n,) and info.hessian.shape == (n, n)


def test_three_variables():
    f = SymbolicObjective.from_exprs(4 * x**2 - 3 * y + 2 * z**3, (x, y, z))
    info = evaluate_at(f, [1, -2, 4])
    assert info.value == 4 + 6 + 128
    np.testing.assert_array_equal(info.gradient, [8, -3, 96])
    np.testing.assert_array_equal(info.hessian, np.diag([8, 0, 48]))
    np.testing.assert_array_equal(info.eigenvalues, [0, 8, 48])


def test_seed_quadratic():
    f = SymbolicObjective.from_exprs(x**2 + 2 * x * y + 3 * y**2, (x, y))
    info = evaluate_at(f, (2, 3))
    assert info.value == 4 + 12 + 27 and info.gradient_norm == pytest.approx(np.hypot(10, 22))
    np.testing.assert_array_equal(info.gradient, [10, 22])
    np.testing.assert_array_equal(info.hessian, [[2, 2], [2, 6]])
    np.testing.assert_allclose(info.eigenvalues, [4 - 2 * np.sqrt(2), 4 + 2 * np.sqrt(2)])


def test_evaluate_at_leaves_the_counters_alone_and_checks_the_point():
    f = SymbolicObjective.from_exprs(x**2 + y, (x, y))
    evaluate_at(f, (1, 2))
    assert (f.counts.nfev, f.counts.ngev, f.counts.nhev) == (0, 0, 0)
    for bad in [(1,), (1, 2, 3), (np.nan, 0)]:
        with pytest.raises(InputError):
            evaluate_at(f, bad)


def test_undefined_point_gives_nan_not_an_error():
    f = SymbolicObjective.from_exprs(sympy.sqrt(x) + y, (x, y))
    info = evaluate_at(f, (-1, 0))
    assert np.isnan(info.value) and np.isnan(info.gradient[0]) and np.isnan(info.eigenvalues).all()


def test_callable_objective_without_derivatives_falls_back_to_differences():
    f = CallableObjective(lambda p: p[0] ** 3 + p[0] * p[1] ** 2)
    info = evaluate_at(f, (1.5, -2.0))
    np.testing.assert_allclose(info.gradient, [3 * 1.5**2 + 4, 2 * 1.5 * -2], rtol=1e-9)
    np.testing.assert_allclose(info.hessian, [[9, -4], [-4, 3]], rtol=1e-5, atol=1e-5)


def test_numerical_hessian_and_jacobian():
    p = np.array([0.7, -1.1, 0.4])
    np.testing.assert_allclose(numerical_hessian(rosen, p), rosen_hess(p), rtol=1e-6, atol=1e-4)
    np.testing.assert_allclose(
        numerical_hessian(rosen, p, grad=rosen_der), rosen_hess(p), rtol=1e-7, atol=1e-6
    )
    np.testing.assert_allclose(
        numerical_jacobian(rosen_der, p), rosen_hess(p), rtol=1e-7, atol=1e-6
    )


def test_numerical_gradient_steps():
    def big(p):  # the step for p[0] = 1e6 must scale with it
        return p[0] ** 3 / 1e18 + p[1] ** 2

    np.testing.assert_allclose(numerical_gradient(big, [1e6, 3.0]), [3e-6, 6], rtol=1e-8)
    np.testing.assert_allclose(
        numerical_gradient(rosen, [0.5, 0.5], h=1e-4), rosen_der([0.5, 0.5]), rtol=1e-6
    )
    np.testing.assert_allclose(
        numerical_gradient(rosen, [0.5, 0.5], h=[1e-4, 1e-5]), rosen_der([0.5, 0.5]), rtol=1e-6
    )
    with pytest.raises(InputError):
        numerical_gradient(rosen, [0.5, 0.5], h=0)


# -- random compositions (hypothesis) ---------------------------------------------------------
UNARY = [
    sympy.sin,
    sympy.cos,
    sympy.tanh,
    sympy.atan,
    lambda e: sympy.exp(sympy.sin(e)),
    lambda e: sympy.sqrt(1 + e**2),
    lambda e: e**2,
    lambda e: sympy.log(1 + e**2),
]
BINARY = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b]
LEAVES = st.sampled_from([x, y, z, 2 * x, 3 * y - z, sympy.Integer(2), sympy.Rational(1, 2)])
EXPRS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda f, e: f(e), st.sampled_from(UNARY), inner),
        st.builds(lambda f, a, b: f(a, b), st.sampled_from(BINARY), inner, inner),
    ),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None)
@given(EXPRS, st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_numerical_gradient_matches_exact_on_random_compositions(expr, point):
    f = SymbolicObjective.from_exprs(expr, (x, y, z))
    p = np.array(point)
    exact = evaluate_at(f, p).gradient
    numeric = numerical_gradient(lambda q: f.f(q), p)
    scale = 1 + np.abs(exact).max() + abs(f.f(p))
    np.testing.assert_allclose(numeric, exact, rtol=0, atol=1e-6 * scale)
