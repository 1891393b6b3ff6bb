"""Runs: statuses and messages, nothing non-finite recorded, per-run counts, the StepInfo
contract and each method's extras."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import sympy

from landscape.errors import InputError
from landscape.objective import CallableObjective
from landscape.optim import REGISTRY, StepInfo, iterate, make_optimizer, run

from ._problems import X, Y, problem, symbolic

ALL = tuple(REGISTRY)
LINE_SEARCH = ("newton", "cg", "bfgs", "lbfgs")
#: learning rates that keep the first-order methods stable on Rosenbrock for a few steps
SMALL_LR = {"gd": 1e-3, "sgd": 1e-3, "momentum": 1e-4, "nesterov": 1e-4}


def _opt(name, **hyper):
    return make_optimizer(name, **{**({"lr": SMALL_LR[name]} if name in SMALL_LR else {}), **hyper})


def _all_finite(traj):
    return (
        np.all(np.isfinite(traj.xs))
        and np.all(np.isfinite(traj.fs))
        and np.all(np.isfinite(traj.grad_norms))
    )


# -- divergence ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_overflowing_start_ends_diverged_without_recording_it(name):
    obj = symbolic(sympy.exp(X**2))  # exp(900) overflows at x0 = (30, 30)
    traj = run(make_optimizer(name), obj, (30.0, 30.0))
    assert traj.status == "diverged"
    assert traj.message == "diverged at the start: f(x0) = inf is not finite"
    assert len(traj) == 0 and traj.xs.shape == (0, 2) and traj.n_steps == 0
    np.testing.assert_array_equal(traj.x0, [30.0, 30.0])


@pytest.mark.parametrize("name", ["gd", "sgd", "momentum", "nesterov"])
def test_overflow_after_a_step_ends_diverged_at_the_last_finite_point(name):
    obj = symbolic(sympy.exp(X**2 + Y**2))
    traj = run(make_optimizer(name), obj, (3.0, 3.0))
    assert traj.status == "diverged", traj.message
    assert traj.message.startswith("diverged at step 1: f = inf")
    assert len(traj) == 1 and _all_finite(traj)


#: -x² - y² is unbounded below; with bound 50, the slow adaptive methods need a larger lr or
#: more steps to walk out (their steps are ~lr long, not proportional to ∇f).
UNBOUNDED_HYPER = {
    "adagrad": {"lr": 2.0},
    "rmsprop": {"lr": 0.1},
    "adam": {"lr": 0.5},
    "adamw": {"lr": 0.5},
}


@pytest.mark.parametrize("name", ALL)
def test_unbounded_below_ends_diverged(name):
    obj = symbolic(-(X**2) - Y**2)
    traj = run(
        make_optimizer(name, **UNBOUNDED_HYPER.get(name, {})),
        obj,
        (1.0, 0.5),
        bound=50.0,
        max_steps=2000,
    )
    assert traj.status == "diverged", traj.message
    assert "exceeds the bound 50" in traj.message or "f = -inf" in traj.message
    assert _all_finite(traj) and np.all(np.linalg.norm(traj.xs, axis=1) <= 50.0)


def test_default_bound_catches_runaway_newton():
    # ∇²f = −2I: every step goes to the trust region's edge, and the radius doubles each time
    traj = run(make_optimizer("newton"), symbolic(-(X**2) - Y**2), (1.0, 0.5))
    assert traj.status == "diverged" and "exceeds the bound 1e+06" in traj.message
    assert {s.extras["safeguard"] for s in traj.steps} == {"trust_region"}
    radii = [s.extras["radius"] for s in traj.steps]
    assert radii == [2.0**k for k in range(len(radii))]


# -- other statuses -----------------------------------------------------------------------------
def _wrong_gradient_objective():
    # ∇f has the wrong sign: every "descent" direction climbs, so no line search succeeds
    return CallableObjective(lambda x: float(x @ x), lambda x: -2.0 * x, lambda x: -2.0 * np.eye(2))


@pytest.mark.parametrize("name", LINE_SEARCH)
def test_line_search_failure_is_a_status_with_trials(name):
    r = iterate(make_optimizer(name), _wrong_gradient_objective(), (1.0, 2.0))
    traj = r.to_end()
    assert traj.status == "line_search_failed"
    assert traj.message.startswith("line_search_failed at step 1: ")
    assert traj.n_steps == 0 and len(r.failed_trials) > 0
    assert all(f >= 5.0 for _, _, f in r.failed_trials)  # f(1, 2) = 5: no decrease


def test_abort_stops_before_the_next_step():
    _, obj, x0 = problem("rosenbrock")
    r = iterate(_opt("gd"), obj, x0, max_steps=10_000)
    for info in r:
        if info.k == 9:
            r.abort()
    assert r.trajectory.status == "aborted" and r.trajectory.n_steps == 10
    assert r.trajectory.message == "aborted after 10 steps"


def test_max_steps_message():
    _, obj, x0 = problem("rosenbrock")
    traj = run(_opt("gd"), obj, x0, max_steps=5)
    assert traj.status == "max_steps" and traj.n_steps == 5
    assert traj.message.startswith("max_steps: stopped after 5 steps (‖∇f‖ = ")


@pytest.mark.parametrize(
    ("option", "fragment"),
    [
        ({"gtol": 1e-3}, "converged: ‖∇f‖ = "),
        ({"gtol": 0.0, "ftol": 1e-9}, "converged: |Δf| = "),
        ({"gtol": 0.0, "xtol": 1e-9}, "converged: ‖Δx‖ = "),
    ],
)
def test_convergence_message_names_the_criterion(option, fragment):
    _, obj, x0 = problem("booth")
    traj = run(make_optimizer("gd"), obj, x0, max_steps=5000, **option)
    assert traj.status == "converged" and traj.message.startswith(fragment), traj.message


def test_already_at_the_minimum_takes_no_step():
    _, obj, _ = problem("booth")
    traj = run(make_optimizer("bfgs"), obj, (1.0, 3.0))
    assert traj.status == "converged" and traj.n_steps == 0 and len(traj) == 1
    assert (traj.counts.nfev, traj.counts.ngev) == (1, 1)


def test_hyperparameter_tolerance_is_the_default_and_run_overrides_it():
    _, obj, x0 = problem("rosenbrock")
    loose = run(make_optimizer("bfgs", gtol=1e-2), obj, x0)
    tight = run(make_optimizer("bfgs", gtol=1e-2), obj, x0, gtol=1e-9)
    assert loose.grad_norms[-1] <= 1e-2 < tight.grad_norms[0]
    assert tight.grad_norms[-1] <= 1e-9 and tight.n_steps > loose.n_steps


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_steps", -1),
        ("max_steps", 2.5),
        ("gtol", -1e-3),
        ("ftol", math.nan),
        ("bound", 0.0),
        ("seed", -3),
    ],
)
def test_bad_run_options_raise_input_error(option, value):
    _, obj, x0 = problem("bowl")
    with pytest.raises(InputError, match=f"{option} = "):
        run(make_optimizer("gd"), obj, x0, **{option: value})


@pytest.mark.parametrize("x0", [(1.0,), (1.0, 2.0, 3.0), (math.nan, 0.0), ("a", 1)])
def test_bad_start_point_raises_input_error(x0):
    _, obj, _ = problem("bowl")
    with pytest.raises(InputError, match="start point"):
        run(make_optimizer("gd"), obj, x0)


# -- the trajectory and StepInfo contract -------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_step_info_contract(name):
    _, obj, x0 = problem("rosenbrock")
    traj = run(_opt(name), obj, x0, max_steps=20, seed=4)
    assert len(traj.steps) == traj.n_steps == len(traj) - 1 > 0
    for k, info in enumerate(traj.steps):
        assert isinstance(info, StepInfo) and info.k == k
        np.testing.assert_allclose(
            info.x + info.step_size * info.direction, info.x_new, rtol=1e-12, atol=1e-12
        )
        np.testing.assert_array_equal(info.x, traj.xs[k])
        np.testing.assert_array_equal(info.x_new, traj.xs[k + 1])
        assert info.f == traj.fs[k] and info.f_new == traj.fs[k + 1]
        np.testing.assert_allclose(np.linalg.norm(info.grad_new), traj.grad_norms[k + 1])
        np.testing.assert_array_equal(info.grad, obj.grad(info.x))
    json.dumps(traj.to_dict(include_steps=True))  # plain data all the way down


@pytest.mark.parametrize("name", ALL)
def test_counts_are_per_run_and_f_is_evaluated_once_per_step(name):
    _, obj, x0 = problem("rosenbrock")
    obj.f(x0), obj.grad(x0)  # evaluations before the run are not counted in it
    traj = run(_opt(name), obj, x0, max_steps=30)
    trials = sum(len(s.extras.get("trials", [None])) for s in traj.steps)
    assert traj.counts.nfev == 1 + trials  # the start, then each step's (trial) points
    if name not in LINE_SEARCH:
        assert traj.counts.ngev == 1 + traj.n_steps
    assert traj.counts.nhev == (traj.n_steps if name == "newton" else 0)
    assert traj.wall_time > 0 and traj.optimizer == name
    assert (
        traj.hyperparameters
        == make_optimizer(
            name, **({"lr": SMALL_LR[name]} if name in SMALL_LR else {})
        ).hyperparameters()
    )


EXTRAS = {
    "gd": set(),
    "sgd": {"stochastic_grad", "noise"},
    "momentum": {"velocity"},
    "nesterov": {"velocity"},
    "adagrad": {"accumulator", "denominator"},
    "rmsprop": {"v", "denominator"},
    "adam": {"velocity", "v", "denominator"},
    "adamw": {"velocity", "v", "denominator"},
    "newton": {
        "newton_step",
        "safeguard",
        "eigenvalues",
        "trials",
        "radius",
        "multiplier",
        "ratio",
    },
    "cg": {"beta", "restart", "trials", "line_search"},
    "bfgs": {"H", "H_new", "update", "reset", "trials", "line_search"},
    "lbfgs": {"memory", "update", "reset", "trials", "line_search"},
}


@pytest.mark.parametrize("name", ALL)
def test_extras_per_method(name):
    _, obj, x0 = problem("rosenbrock")
    traj = run(_opt(name), obj, x0, max_steps=5, seed=0)
    for info in traj.steps:
        assert set(info.extras) == EXTRAS[name]
        for alpha, x, f in info.extras.get("trials", []):
            assert isinstance(alpha, float) and x.shape == (2,) and isinstance(f, float)
        if "radius" in info.extras:  # trust-region trials are (Δ, x, f); the step is taken whole
            assert info.extras["trials"][-1][0] == info.extras["radius"]
            assert info.step_size == 1.0
        elif "trials" in info.extras:
            assert info.extras["trials"][-1][0] == info.step_size


def test_bfgs_inverse_hessian_estimate_approaches_the_true_one():
    _, obj, x0 = problem("rosenbrock")
    traj = run(make_optimizer("bfgs"), obj, x0, gtol=1e-8)
    H = traj.steps[-1].extras["H_new"]
    np.testing.assert_allclose(
        H, np.linalg.inv(obj.hess(np.array([1.0, 1.0]))), rtol=0.2, atol=0.02
    )
    assert traj.steps[0].extras["update"] == "bfgs"
    np.testing.assert_array_equal(traj.steps[0].extras["H"], np.eye(2))


@pytest.mark.parametrize(
    ("safeguard", "expected"),
    [
        ("eigenvalue_modification", [2.0, 2.0]),
        ("levenberg", [6.0, 2.0]),
    ],
)
def test_newton_safeguard_on_a_saddle(safeguard, expected):
    # f = x² − y²: ∇²f = diag(2, −2). Flipping gives diag(2, 2); Levenberg adds μ = 4.
    obj = symbolic(X**2 - Y**2)
    opt = make_optimizer("newton", safeguard=safeguard)
    x0 = np.array([1.0, 0.5])
    _, _, info = opt.step(x0, opt.init(x0), obj)
    assert info.extras["safeguard"] == safeguard
    np.testing.assert_allclose(info.extras["eigenvalues"], [-2.0, 2.0])
    g = np.array([2.0, -1.0])
    np.testing.assert_allclose(info.extras["newton_step"], -g / np.array(expected))
    assert info.f_new < info.f  # a descent step, away from the saddle
