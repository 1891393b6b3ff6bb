"""Text -> compiled objective: exact derivatives, shapes, and budget errors."""

import time

import numpy as np
import pytest
from scipy.optimize import rosen, rosen_der, rosen_hess

from landscape.compile import compile_objective
from landscape.errors import BudgetError, InputError

ROSENBROCK = "(1-x)^2 + 100(y-x^2)^2"


@pytest.fixture(scope="module")
def rosenbrock():
    return compile_objective(ROSENBROCK)


@pytest.mark.parametrize("point", [(-1.2, 1.0), (0.3, -0.7), (1.0, 1.0), (2.5, 3.1)])
def test_rosenbrock_matches_scipy(rosenbrock, point):
    x = np.array(point)
    assert rosenbrock.f(x) == pytest.approx(rosen(x), rel=1e-12)
    np.testing.assert_allclose(rosenbrock.grad(x), rosen_der(x), rtol=1e-12)
    np.testing.assert_allclose(rosenbrock.hess(x), rosen_hess(x), rtol=1e-12)


def test_counts_point_evaluations(rosenbrock):
    rosenbrock.reset_counts()
    x = np.array([0.5, 0.5])
    rosenbrock.f(x), rosenbrock.grad(x), rosenbrock.grad(x), rosenbrock.hess(x)
    assert (rosenbrock.counts.nfev, rosenbrock.counts.ngev, rosenbrock.counts.nhev) == (1, 2, 1)


@pytest.mark.parametrize("text", ["3", "x + 2y", "x^2 + y"])
def test_grid_calls_keep_the_grid_shape_even_for_constant_derivatives(text):
    obj = compile_objective(text)
    X, Y = np.meshgrid(np.linspace(-1, 1, 7), np.linspace(-2, 2, 5), indexing="ij")
    assert obj.f_grid(X, Y).shape == (7, 5)
    assert obj.grad_grid(X, Y).shape == (2, 7, 5)
    assert np.isfinite(obj.grad_grid(X, Y)).all()


def test_any_variables_sorted_naturally():
    obj = compile_objective("x10 + x2^2 + x1^3", variables=None)
    assert obj.variables == ("x1", "x2", "x10")
    np.testing.assert_allclose(obj.grad(np.array([1.0, 2.0, 3.0])), [3.0, 4.0, 1.0])


def test_seed_exercise_three_variables():
    obj = compile_objective("4x^2 - 3y + 2z^3", variables=None)
    np.testing.assert_allclose(obj.grad(np.array([1.0, -2.0, 4.0])), [8.0, -3.0, 96.0])


def test_undefined_points_are_nan_not_complex():
    obj = compile_objective("log(x*y)")
    z = obj.f_grid(np.array([1.0, -1.0, -1.0]), np.array([1.0, 1.0, -1.0]))
    assert z.dtype == float
    assert z[0] == 0.0 and np.isnan(z[1]) and z[2] == 0.0


def test_bad_text_raises_input_error_with_column():
    with pytest.raises(InputError) as info:
        compile_objective("x + + ")
    assert info.value.column is not None


def test_runaway_differentiation_is_a_budget_error():
    # A product of 20 variable powers: its Hessian and their common subexpressions take
    # many seconds (14 factors: 2.8 s here); the budget ends the work at 0.5 s.
    text = "*".join(f"(x^{i}+y)^(x+{i})" for i in range(1, 21))
    start = time.perf_counter()
    with pytest.raises(BudgetError, match="too costly to differentiate within 0.5 s"):
        compile_objective(text, timeout=0.5)
    assert time.perf_counter() - start < 3.0
    assert compile_objective("x^2 + y^2").f(np.array([1.0, 2.0])) == 5.0  # worker restarted


@pytest.mark.parametrize(
    "text, fragment, column",
    [
        ("x^2 + (y", "never closed", True),
        ("sinx + y", "sinx", True),
        ("", "type a function", False),
    ],
)
def test_parse_in_the_worker_reports_like_parsing_here(text, fragment, column):
    """The app parses in the worker: the same message, column and hint as in-process."""
    from landscape.errors import InputError
    from landscape.parser import parse_expression

    with pytest.raises(InputError) as here:
        parse_expression(text)
    with pytest.raises(InputError) as there:
        compile_objective(text, parse_in_worker=True)
    assert fragment in there.value.message.lower() or fragment in str(there.value).lower()
    assert (there.value.message, there.value.column, there.value.hint) == (
        here.value.message,
        here.value.column,
        here.value.hint,
    )
    assert (there.value.column is not None) == column


def test_parse_in_the_worker_compiles_the_same_objective():
    a = compile_objective("(1-x)^2 + 100(y-x^2)^2")
    b = compile_objective("(1-x)^2 + 100(y-x^2)^2", parse_in_worker=True)
    assert a.expr == b.expr and a.grad_exprs == b.grad_exprs
    point = np.array([-1.2, 1.0])
    assert np.array_equal(a.grad(point), b.grad(point))
