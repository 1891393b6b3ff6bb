"""How runs end: undefined (outside f's domain) vs diverged (unbounded) vs converged (including a
kink minimum, reached or started at), and converged runs that name a saddle or a maximum."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from landscape.objective import CallableObjective
from landscape.optim import FAILED_STATUSES, STATUSES, make_optimizer, run
from landscape.optim.trajectory import STATUS_MEANINGS

from ._problems import X, Y, quadratic, symbolic

SQRT_R = sympy.sqrt(X**2 + Y**2)
ACKLEY = (
    -20 * sympy.exp(-sympy.Rational(1, 5) * sympy.sqrt((X**2 + Y**2) / 2))
    - sympy.exp((sympy.cos(2 * sympy.pi * X) + sympy.cos(2 * sympy.pi * Y)) / 2)
    + sympy.E
    + 20
)

#: name -> (f, start, optimizer, hyperparameters, status, message start, message fragment)
CASES = {
    "log(x) steps to x < 0": (
        sympy.log(X) + Y**2,
        (1.0, 1.0),
        "gd",
        {"lr": 0.1},
        "undefined",
        "undefined at step ",
        "f is not defined (nan)",
    ),
    "sqrt(x) started at x < 0": (
        sympy.sqrt(X) + Y**2,
        (-1.0, 0.0),
        "gd",
        {},
        "undefined",
        "undefined at the start",
        "outside f's domain",
    ),
    "sqrt(x²+y²) lands on 0": (
        SQRT_R,
        (0.3, 0.4),
        "gd",
        {"lr": 0.5},
        "converged",
        "converged at step 1",
        "a non-smooth minimum",
    ),
    "Ackley started at 0, gd": (
        ACKLEY,
        (0.0, 0.0),
        "gd",
        {},
        "converged",
        "converged at the start",
        "a non-smooth minimum",
    ),
    "Ackley started at 0, newton": (
        ACKLEY,
        (0.0, 0.0),
        "newton",
        {},
        "converged",
        "converged at the start",
        "a non-smooth minimum",
    ),
    "Ackley started at 0, bfgs": (
        ACKLEY,
        (0.0, 0.0),
        "bfgs",
        {},
        "converged",
        "converged at the start",
        "a non-smooth minimum",
    ),
    "−sqrt(x²+y²) started at its kink": (
        -SQRT_R,
        (0.0, 0.0),
        "adam",
        {},
        "undefined",
        "undefined at the start",
        "not a minimum",
    ),
    "2r² − r lands on its kink maximum": (
        2 * SQRT_R**2 - SQRT_R,
        (0.3, 0.4),
        "gd",
        {"lr": 0.5},
        "undefined",
        "undefined at step 1",
        "f is lower nearby: not a minimum",
    ),
    "exp(x²) from (30, 30)": (
        sympy.exp(X**2),
        (30.0, 30.0),
        "gd",
        {},
        "diverged",
        "diverged at the start",
        "f(x0) = inf",
    ),
    "exp(x²+y²) overflows": (
        sympy.exp(X**2 + Y**2),
        (3.0, 3.0),
        "gd",
        {},
        "diverged",
        "diverged at step 1",
        "f = inf",
    ),
    "−x²−y² unbounded": (
        -(X**2) - Y**2,
        (1.0, 0.5),
        "momentum",
        {},
        "diverged",
        "diverged at step ",
        "exceeds the bound 1e+06",
    ),
    "log(x) with Newton runs to the pole": (
        sympy.log(X) + Y**2,
        (1.0, 1.0),
        "newton",
        {},
        "diverged",
        "diverged at step ",
        "‖∇f‖",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_how_a_run_ends(name):
    expr, x0, opt, hyper, status, start, fragment = CASES[name]
    traj = run(make_optimizer(opt, **hyper), symbolic(expr), x0)
    assert traj.status == status, traj.message
    assert traj.message.startswith(start) and fragment in traj.message, traj.message
    assert np.all(np.isfinite(traj.xs)) and np.all(np.isfinite(traj.fs))
    assert np.all(np.isfinite(traj.grad_norms))


def test_landing_on_the_kink_records_the_minimum_with_a_zero_subgradient():
    traj = run(make_optimizer("gd", lr=0.5), symbolic(SQRT_R), (0.3, 0.4))
    assert traj.n_steps == 1
    np.testing.assert_array_equal(traj.x_final, [0.0, 0.0])
    assert traj.f_final == 0.0 and traj.grad_norms[-1] == 0.0
    np.testing.assert_array_equal(traj.steps[-1].grad_new, [0.0, 0.0])
    # the kink test's evaluations are the run's, not the optimizer's: f(x0), f(x1) only
    assert traj.counts.nfev == 2 and traj.counts.ngev == 2


def test_ackley_started_at_its_minimum_is_recorded():
    traj = run(make_optimizer("adam"), symbolic(ACKLEY), (0.0, 0.0))
    assert traj.status == "converged" and len(traj) == 1 and traj.n_steps == 0
    assert traj.grad_norms[0] == 0.0


# -- converged to what? -----------------------------------------------------------------------
#: name -> (f, start, optimizer, hyperparameters, message start)
ENDS = {
    "saddle, started on it": (
        X**2 - Y**2,
        (0.0, 0.0),
        "gd",
        {},
        "converged to a saddle point: ∇²f has eigenvalues −2, 2 (‖∇f‖ = 0 ≤ gtol 1e-06)",
    ),
    "saddle, reached": (
        X**2 - Y**2,
        (1.0, 0.0),
        "gd",
        {"lr": 0.1},
        "converged to a saddle point: ∇²f has eigenvalues −2, 2 (‖∇f‖ = ",
    ),
    "maximum": (
        -(X**2) - 3 * Y**2,
        (0.0, 0.0),
        "bfgs",
        {},
        "converged to a maximum: ∇²f has eigenvalues −6, −2",
    ),
    "minimum": (X**2 + 3 * Y**2, (1.0, 1.0), "newton", {}, "converged: ‖∇f‖ = "),
    "monkey saddle": (
        X**3 - 3 * X * Y**2,
        (0.0, 0.0),
        "gd",
        {},
        "converged: ‖∇f‖ = 0 ≤ gtol 1e-06; ∇²f is singular there (eigenvalues 0, "
        "0): the second-derivative test cannot tell",
    ),
    "degenerate with a negative curvature": (
        -(X**2) + Y**4,
        (0.0, 0.0),
        "gd",
        {},
        "converged to a point that is not a minimum: ∇²f has eigenvalues −2, 0",
    ),
}


@pytest.mark.parametrize("name", list(ENDS))
def test_converged_message_names_saddles_and_maxima(name):
    expr, x0, opt, hyper, start = ENDS[name]
    traj = run(make_optimizer(opt, **hyper), symbolic(expr), x0)
    assert traj.status == "converged"
    assert traj.message.startswith(start), traj.message


def test_classifying_the_end_point_is_not_counted():
    traj = run(make_optimizer("gd"), symbolic(X**2 - Y**2), (0.0, 0.0))
    assert "saddle" in traj.message and traj.counts.nhev == 0


def test_a_saddle_in_three_dimensions_and_an_objective_without_a_hessian():
    A = np.diag([-1.0, 2.0, 3.0])
    traj = run(make_optimizer("gd"), quadratic(A), np.zeros(3))
    assert traj.message.startswith("converged to a saddle point: ∇²f has eigenvalues −1, 2, 3")
    no_hessian = CallableObjective(
        lambda x: float(x @ A @ x) / 2, lambda x: A @ x, variables=("a", "b", "c")
    )
    traj = run(make_optimizer("gd"), no_hessian, np.zeros(3))
    assert traj.message == "converged: ‖∇f‖ = 0 ≤ gtol 1e-06"


def test_every_status_is_listed_and_explained():
    assert "undefined" in STATUSES and "undefined" in FAILED_STATUSES
    assert "converged" not in FAILED_STATUSES and "max_steps" not in FAILED_STATUSES
    assert set(STATUS_MEANINGS) == set(STATUSES) - {"running"}
