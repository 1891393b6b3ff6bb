"""Exact constants become floats before compilation; complex values are undefined, never
made real; the generated code never raises past the objective; `landscape grad` says so."""

import mpmath
import numpy as np
import pytest
import sympy

from landscape.calculus import evaluate_at
from landscape.compile import compile_objective
from landscape.errors import BudgetError, InputError
from landscape.objective import CallableObjective
from landscape.symbolic import numeric_form, readable
from landscape_cli import main

mpmath.mp.dps = 30
BIG = mpmath.mpf(10) ** 30
LN30 = mpmath.log(BIG)


def mp(value) -> float:
    return float(mpmath.mpf(value))


@pytest.mark.parametrize(
    "text, variables, point, value, gradient, hessian",
    [
        (
            "(1e-30)^x + y^2",
            ("x", "y"),
            (1, 1),
            1 + 1 / BIG,
            (-LN30 / BIG, 2),
            ((LN30**2 / BIG, 0), (0, 2)),
        ),
        (
            "(1e-30)^x + y^2",
            ("x", "y"),
            (-1, 0.5),
            BIG + 0.25,
            (-LN30 * BIG, 1),
            ((LN30**2 * BIG, 0), (0, 2)),
        ),
        ("x + sin(1e20)", ("x",), (1,), 1 + mpmath.sin(mpmath.mpf(10) ** 20), (1,), ((0,),)),
        ("x*log(1e30)", ("x",), (2,), 2 * LN30, (LN30,), ((0,),)),
        (
            "1e-30 x^2 + 1e20 y",
            ("x", "y"),
            (3, 1),
            9 / BIG + 1e20,
            (6 / BIG, 1e20),
            ((2 / BIG, 0), (0, 0)),
        ),
        (
            "x/3 + 123456789012345678901 y",
            ("x", "y"),
            (1, 2),
            mpmath.mpf(1) / 3 + 2 * mpmath.mpf(123456789012345678901),
            (mpmath.mpf(1) / 3, 123456789012345678901),
            ((0, 0), (0, 0)),
        ),
        (
            "exp(690) x^2",
            ("x",),
            (0.5,),
            mpmath.exp(690) / 4,
            (mpmath.exp(690),),
            ((2 * mpmath.exp(690),),),
        ),
        (
            "2^(1e-40 x)",
            ("x",),
            (1,),
            mpmath.power(2, mpmath.mpf(10) ** -40),
            (mpmath.log(2) * mpmath.mpf(10) ** -40 * mpmath.power(2, mpmath.mpf(10) ** -40),),
            (
                (
                    mpmath.log(2) ** 2
                    * mpmath.mpf(10) ** -80
                    * mpmath.power(2, mpmath.mpf(10) ** -40),
                ),
            ),
        ),
    ],
)
def test_exact_constants_compile_to_floats(text, variables, point, value, gradient, hessian):
    obj = compile_objective(text, variables)
    x = np.array(point, dtype=float)
    assert obj.f(x) == pytest.approx(mp(value), rel=1e-14)
    np.testing.assert_allclose(obj.grad(x), [mp(g) for g in gradient], rtol=1e-14)
    np.testing.assert_allclose(
        obj.hess(x), [[mp(h) for h in row] for row in hessian], rtol=1e-14, atol=1e-300
    )
    grid = obj.f_grid(*[np.full((2, 3), v) for v in point])
    np.testing.assert_allclose(grid, mp(value), rtol=1e-14)


@pytest.mark.parametrize(
    "exact, kept",
    [
        (sympy.Integer(10) ** 30, False),
        (sympy.Rational(1, 10**30), False),
        (sympy.log(sympy.Integer(10) ** 30), False),
        (sympy.sqrt(2), False),
        (sympy.Integer(7), True),
        (sympy.Rational(1, 3), True),
        (sympy.pi, True),
    ],
)
def test_numeric_form_converts_what_a_double_cannot_hold_as_written(exact, kept):
    x = sympy.Symbol("x", real=True)
    out = numeric_form(exact * x)
    assert (out == exact * x) is kept
    coefficient = out.as_coeff_Mul()[0] if not kept else exact
    assert float(coefficient) == pytest.approx(float(exact), rel=1e-16)


def test_numeric_form_of_an_undefined_constant_is_nan():
    x = sympy.Symbol("x", real=True)
    assert numeric_form(x + sympy.zoo).has(sympy.nan)


@pytest.mark.parametrize(
    "text, error, fragments",
    [
        ("(-2)^x + y^2", InputError, ["f is not real-valued", "∂f/∂x contains i", "positive base"]),
        ("x (-0.5)^y", InputError, ["f is not real-valued", "∂f/∂y contains i"]),
        (
            "-atan2(x y, y^3*1e300)",
            BudgetError,
            ["∂f/∂x needs the number 1.00e+600", "beyond floating point"],
        ),
        ("sinh(1e300/y)^0.5 + x", BudgetError, ["∂²f/∂y² needs the number", "e+599"]),
    ],
)
def test_formulas_that_cannot_be_real_floats_are_refused(text, error, fragments):
    with pytest.raises(error) as info:
        compile_objective(text)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_complex_values_at_points_and_on_grids_are_nan():
    def f(x):
        return complex(x[0] ** 2, x[1])  # real only where y = 0

    obj = CallableObjective(
        f,
        grad=lambda x: np.array([2 * x[0], 1j]),
        hess=lambda x: np.array([[2, 0], [0, 1j * x[0]]]),
    )
    assert obj.f(np.array([2.0, 0.0])) == 4.0
    assert np.isnan(obj.f(np.array([2.0, 1.0])))
    np.testing.assert_equal(obj.grad(np.array([2.0, 1.0])), [4.0, np.nan])
    np.testing.assert_equal(obj.hess(np.array([2.0, 1.0])), [[2, 0], [0, np.nan]])
    np.testing.assert_equal(obj.hess(np.array([0.0, 1.0])), [[2, 0], [0, 0]])
    info = evaluate_at(obj, [2.0, 1.0])
    assert np.isnan(info.value) and np.isnan(info.gradient[1])
    np.testing.assert_equal(obj.f_grid(np.array([1.0, 2.0]), np.array([0.0, 1.0])), [1.0, np.nan])


def test_complex_results_of_generated_code_are_nan_not_their_real_part():
    obj = compile_objective("x^2 + y^2")
    obj._g_fn = lambda x, y: [2 * x + 0j * y, (-2.0 + 0j) ** y]  # complex where y is not whole
    np.testing.assert_equal(obj.grad(np.array([1.0, 0.5])), [2.0, np.nan])
    np.testing.assert_equal(obj.grad(np.array([1.0, 2.0])), [2.0, 4.0])
    g = obj.grad_grid(np.array([1.0, 1.0]), np.array([0.5, 3.0]))
    np.testing.assert_equal(g, [[2.0, 2.0], [np.nan, -8.0]])


@pytest.mark.parametrize("failure", [ZeroDivisionError, TypeError, NameError, OverflowError])
def test_whatever_generated_code_raises_becomes_nan(failure):
    obj = compile_objective("x^2 + y")

    def broken(*_args):
        raise failure("from generated code")

    obj._f_fn = obj._g_fn = obj._h_fn = broken
    x = np.array([1.0, 2.0])
    assert np.isnan(obj.f(x))
    assert np.isnan(obj.grad(x)).all() and np.isnan(obj.hess(x)).all()
    X, Y = np.meshgrid([0.0, 1.0, 2.0], [1.0, 2.0], indexing="ij")
    assert np.isnan(obj.f_grid(X, Y)).all() and obj.f_grid(X, Y).shape == (3, 2)
    assert np.isnan(obj.grad_grid(X, Y)).all() and obj.grad_grid(X, Y).shape == (2, 3, 2)
    assert np.isnan(obj.hess_grid(X, Y)).all() and obj.hess_grid(X, Y).shape == (2, 2, 3, 2)
    assert np.isnan(evaluate_at(obj, x).value)


def test_derivatives_are_undefined_where_f_is():
    """log(u)' = u'/u is finite for u < 0 and floor(log(x))' = 0 everywhere: both are
    undefined where f is (the compiled derivatives carry f's domain)."""
    for text in ["log(x) (2 + y)", "floor(log(x)) + y", "sqrt(x) + y", "acos(x) + y"]:
        obj = compile_objective(text)
        assert np.isnan(obj.grad(np.array([-2.0, 1.0]))).all(), text
        assert np.isnan(obj.hess(np.array([-2.0, 1.0]))).all(), text
        assert np.isfinite(obj.grad(np.array([0.5, 1.0]))).all(), text
        g = obj.grad_grid(np.array([-2.0, 0.5]), np.array([1.0, 1.0]))
        assert np.isnan(g[:, 0]).all() and np.isfinite(g[:, 1]).all(), text


def test_readable_shows_long_exact_numbers_as_floats():
    x = sympy.Symbol("x", real=True)
    assert (
        readable(-sympy.log(sympy.Integer(10) ** 30) / (sympy.Integer(10) ** 30) ** x)
        == "-log(1e+30)/1e+30**x"
    )
    assert readable(sympy.Rational(1, 3) * x + 2) == "x/3 + 2"


@pytest.mark.parametrize(
    "args, status, fragments",
    [
        (["(1e-30)^x + y", "--at", "1,1"], 0, ["value      1\n", "= -log(1e+30)/1e+30**x"]),
        (["(-2)^x + y^2", "--at", "1,1"], 2, ["error: f is not real-valued: ∂f/∂x contains i"]),
        (["x + sin(1e20)", "--at", "1"], 0, ["value      0.3547487147"]),
        (["x*log(1e30)", "--at", "1"], 0, ["value      69.07755279", "= log(1e+30)"]),
        (["-atan2(x y, y^3*1e300)", "--at", "1,1"], 2, ["error: ∂f/∂x needs the number"]),
        (["abs(x)+abs(y)", "--at", "1,1"], 0, ["= sign(x)", "|t|' = sign(t)"]),
        (["sign(x)+y", "--at", "1,1"], 0, ["sign' = 0"]),
        (["floor(x)+y^2", "--at", "1,1"], 0, ["∂f/∂x ", "floor' = 0"]),
        (["max(x,y)+min(x,y)", "--at", "1,1"], 0, ["max (min) follows"]),
        (
            ["sqrt(x^2+y^2)", "--at", "0,0"],
            2,
            ["error: ∇f and ∇²f are undefined at (0, 0) (f = 0 there)"],
        ),
        (["log(x) + y", "--at=-1,0"], 2, ["error: f is undefined at (-1, 0)"]),
        (
            ["x^y", "--at=-1,2"],
            2,
            ["error: ∂f/∂y, ∂²f/∂x∂y and ∂²f/∂y² are undefined at (-1, 2) (f = 1 there)"],
        ),
    ],
)
def test_grad_answers_or_says_why_in_one_line(capsys, args, status, fragments):
    assert main(["grad", *args]) == status
    out, err = capsys.readouterr()
    text = out if status == 0 else err
    assert status == 0 or len(err.strip().splitlines()) == 1
    for fragment in fragments:
        assert fragment in text


def test_grad_json_states_the_kink_convention(capsys):
    import json

    assert main(["grad", "relu(x) + abs(y)", "--at", "1,1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nonsmooth"] == ["abs", "relu"]
    assert "relu'(0) = 0" in data["kinks"]
    assert data["hessian"] == [[0.0, 0.0], [0.0, 0.0]]
