"""The suggestion rules against independent references: numpy eigenvalues of the exact Hessian,
the stability limits of the implemented updates, and the step counts they imply."""

from __future__ import annotations

import math

import numpy as np
import pytest

from landscape.errors import InputError
from landscape.objective import CallableObjective
from landscape.optim import REGISTRY, make_optimizer, run
from landscape.optim.probe import probe_start
from landscape.optim.suggest import (
    ADAPTIVE_STEPS,
    MAX_STEPS,
    Suggestion,
    hyper_for,
    suggest,
    suggest_all,
)
from tests.landscape.optim._problems import X, Y, quadratic, random_spd, symbolic

#: SPD matrices with known eigenvalues (lowest, highest): round, tilted, ill-conditioned, 3-D.
QUADRATICS = [
    ("round", np.diag([2.0, 2.0]), (1.5, -1.0)),
    ("tilted", np.array([[2.0, 2.0], [2.0, 6.0]]), (-2.5, 2.0)),
    ("kappa100", np.diag([1.0, 100.0]), (-9.5, 1.5)),
    ("random3", random_spd(3, seed=4, cond=30.0), (1.0, -2.0, 0.5)),
    ("scaled", 1e-3 * np.array([[3.0, 1.0], [1.0, 2.0]]), (40.0, -30.0)),
]


def _eig(A):
    lam = np.linalg.eigvalsh(A)
    return float(lam[0]), float(lam[-1])


@pytest.mark.parametrize("name, A, x0", QUADRATICS, ids=[q[0] for q in QUADRATICS])
def test_gd_on_a_quadratic_uses_the_optimal_constant_rate(name, A, x0):
    mu, L = _eig(A)
    s = suggest("gd", quadratic(A), x0)
    assert s.values["lr"] == pytest.approx(2.0 / (L + mu), rel=1e-9)
    assert "quadratic" in s.reasons["lr"]


@pytest.mark.parametrize("name, A, x0", QUADRATICS, ids=[q[0] for q in QUADRATICS])
@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_momentum_rates_are_half_the_stable_limit(name, A, x0, beta):
    _, L = _eig(A)
    given = {"beta": beta}
    heavy = suggest("momentum", quadratic(A), x0, given=given).values["lr"]
    nag = suggest("nesterov", quadratic(A), x0, given=given).values["lr"]
    assert heavy == pytest.approx((1 + beta) / L, rel=1e-9)
    assert nag == pytest.approx((1 + beta) / ((1 + 2 * beta) * L), rel=1e-9)


def _one_dim(lam: float) -> CallableObjective:
    return CallableObjective(
        lambda x: 0.5 * lam * float(x[0]) ** 2,
        lambda x: lam * x,
        lambda x: np.array([[lam]]),
        variables=("x",),
    )


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov"])
@pytest.mark.parametrize("beta", [0.3, 0.9])
def test_the_stated_stable_limit_is_the_implementations(optimizer, beta):
    """Twice the suggested rate is the edge: just below it the run converges, just above it
    diverges (f = λx²/2 in one variable, the implemented update rules)."""
    lam = 4.0
    objective = _one_dim(lam)
    given = {} if optimizer == "gd" else {"beta": beta}
    lr = suggest(optimizer, objective, (1.0,), given=given).values["lr"]
    limit = 2.0 * lr  # gd: 2/(λ+λ) = 1/λ, half of 2/λ
    for factor, ok in ((0.98, True), (1.02, False)):
        hyper = {"lr": factor * limit, **given}
        t = run(make_optimizer(optimizer, **hyper), objective, (1.0,), max_steps=20000, bound=1e8)
        assert (t.status == "converged") is ok, (factor, t.message)


@pytest.mark.parametrize("name, A, x0", QUADRATICS, ids=[q[0] for q in QUADRATICS])
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov"])
def test_step_counts_cover_the_run_with_a_margin(name, A, x0, optimizer):
    objective = quadratic(A)
    s = suggest(optimizer, objective, x0)
    t = run(make_optimizer(optimizer, **s.hyper()), objective, x0, max_steps=MAX_STEPS)
    assert t.status == "converged"
    assert t.n_steps <= s.max_steps <= max(3 * t.n_steps, 40)


def test_curvature_comes_from_the_exact_hessian_at_the_start():
    objective = symbolic(X**4 + Y**4 + X * Y)
    x0 = np.array([1.5, -1.0])
    lam = np.linalg.eigvalsh(objective.hess(x0))
    probe = probe_start(objective, x0)
    assert probe.lam_start == pytest.approx(lam[-1], rel=1e-12)
    assert probe.L >= probe.lam_start  # the region where f ≤ f(x0) may curve more
    assert suggest("gd", objective, x0).values["lr"] == pytest.approx(1.0 / probe.L)


def test_gd_at_the_suggested_rate_descends_monotonically():
    """η = 1/L with L bounding ∇²f where f ≤ f(x0): every step decreases f (descent lemma)."""
    objective = symbolic((1 - X) ** 2 + 100 * (Y - X**2) ** 2)
    s = suggest("gd", objective, (-1.2, 1.0), domain=((-2, 2), (-1, 3)))
    t = run(make_optimizer("gd", **s.hyper()), objective, (-1.2, 1.0), max_steps=500)
    assert np.all(np.diff(t.fs) < 0)


@pytest.mark.parametrize(
    "expr, x0, words",
    [
        (-(X**2) - Y**2 + (X**2 + Y**2) ** 2, (0.1, 0.05), "no positive curvature"),
        (X + Y, (1.0, 2.0), "no positive curvature"),
    ],
)
def test_rates_where_the_start_has_no_positive_curvature(expr, x0, words):
    objective = symbolic(expr)
    s = suggest("gd", objective, x0)
    lr = s.values["lr"]
    assert math.isfinite(lr) and lr > 0 and words in s.reasons["lr"]
    g = objective.grad(np.array(x0))
    assert objective.f(np.array(x0) - lr * g) < objective.f(np.array(x0))


def test_adaptive_first_step_is_a_tenth_of_the_span():
    objective = quadratic(np.diag([1.0, 100.0]))
    objective.minima = ((0.0, 0.0),)
    x0 = (-9.5, 1.5)
    for name in ("adam", "adamw", "rmsprop"):
        s = suggest(name, objective, x0)
        t = run(make_optimizer(name, **s.hyper()), objective, x0, max_steps=1)
        step = np.abs(t.xs[1] - t.xs[0])
        decay = s.values.get("weight_decay", 0.0) * 9.5  # adamw: −η λ x as well
        assert np.max(step) == pytest.approx(9.5 / 10 * (1 + decay), rel=1e-3), name
    s = suggest("adam", objective, x0, given={"bias_correction": False})
    t = run(make_optimizer("adam", **s.hyper()), objective, x0, max_steps=1)
    assert np.max(np.abs(t.xs[1] - t.xs[0])) == pytest.approx(0.95, rel=1e-3)
    assert suggest("adagrad", objective, x0).values["lr"] == pytest.approx(9.5 / 3)


def test_schedules_span_the_run():
    objective = quadratic(np.diag([1.0, 4.0]))
    s = suggest("adam", objective, (1.0, 1.0))
    assert s.max_steps == ADAPTIVE_STEPS and s.values["decay_steps"] == ADAPTIVE_STEPS
    s = suggest("rmsprop", objective, (1.0, 1.0), max_steps=300)
    assert s.max_steps == 300 and s.values["decay_steps"] == 300
    assert s.values["schedule"] == "cosine" and "given" in s.max_steps_reason


def test_given_values_win_and_shape_the_others():
    objective = quadratic(np.diag([1.0, 10.0]))
    s = suggest("momentum", objective, (1.0, 1.0), given={"lr": "0.05", "beta": 0.5})
    assert s.hyper()["lr"] == "0.05" and s.hyper()["beta"] == 0.5
    assert s.values["lr"] == pytest.approx(1.5 / 10.0)  # the suggestion is still shown
    assert hyper_for("momentum", objective, (1.0, 1.0), {"lr": 0.05})["lr"] == 0.05


def test_every_optimizer_gets_reasons_for_each_value():
    objective = symbolic((X - 1) ** 2 + 3 * (Y + 2) ** 2)
    suggestions = suggest_all(objective, (2.0, 2.0))
    assert list(suggestions) == list(REGISTRY)
    for name, s in suggestions.items():
        assert isinstance(s, Suggestion) and s.optimizer == name
        spec_names = {p.name for p in REGISTRY[name].params}
        for item in s.items:
            assert item.name in spec_names
            assert item.reason.startswith(f"{item.name} = ")
        assert s.reasons["max_steps"].startswith(f"max_steps = {s.max_steps}")
        assert len(s.lines()) == len(s.items) + 1
        make_optimizer(name, **s.hyper())  # valid values


def test_second_order_methods_need_only_a_step_cap():
    objective = symbolic(X**2 + Y**2)
    for name in ("newton", "cg", "bfgs", "lbfgs"):
        s = suggest(name, objective, (1.0, 1.0))
        assert s.values == {} and 0 < s.max_steps <= 500


def test_probing_does_not_count_evaluations():
    objective = symbolic(X**2 + 3 * Y**2)
    before = objective.counts.copy()
    suggest_all(objective, (1.0, 1.0))
    after = objective.counts
    assert (after.nfev, after.ngev, after.nhev) == (before.nfev, before.ngev, before.nhev)


def test_undefined_start_keeps_the_defaults():
    import sympy

    objective = symbolic(sympy.log(X) + Y**2)
    s = suggest("gd", objective, (-1.0, 0.0))
    assert s.values == {} and "not finite" in s.max_steps_reason


def test_formula_and_data_objectives_differ_only_where_noise_and_decay_mean_different_things():
    from tests.landscape.optim._problems import LineData

    data = LineData()
    s = suggest("sgd", data, (0.0, 0.0))
    assert "noise" not in s.values and s.values["lr"] > 0
    assert "weight_decay" not in suggest("adamw", data, (0.0, 0.0)).values
    formula = suggest("adamw", symbolic(X**2 + Y**2), (1.0, 1.0))
    assert formula.values["weight_decay"] < REGISTRY["adamw"].param("weight_decay").default


@pytest.mark.parametrize(
    "given, fragment",
    [
        ({"lr": -1}, "lr = -1"),
        ({"speed": 1}, "unknown hyperparameter"),
    ],
)
def test_bad_given_values_are_refused(given, fragment):
    with pytest.raises(InputError, match=fragment):
        suggest("gd", symbolic(X**2 + Y**2), (1.0, 1.0), given=given)


def test_unknown_optimizer_is_refused():
    with pytest.raises(InputError, match="unknown optimizer"):
        suggest("adamm", symbolic(X**2 + Y**2), (1.0, 1.0))


def test_a_race_shares_one_probe_and_agrees_with_hyper_for():
    from landscape.optim.suggest import race_hyper

    objective = symbolic((X - 1) ** 2 + 10 * (Y + 2) ** 2)
    entries = [("gd", {}), ("momentum", {"beta": 0.5}), ("adam", {"lr": 0.3}), ("newton", {})]
    out = race_hyper(entries, objective, (2.0, 2.0), max_steps=300)
    assert [name for name, _ in out] == ["gd", "momentum", "adam", "newton"]
    for (name, given), (_, hyper) in zip(entries, out, strict=True):
        assert hyper == hyper_for(name, objective, (2.0, 2.0), given, max_steps=300)
