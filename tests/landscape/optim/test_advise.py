"""Advice for runs that did not converge: every claim is re-checked by an independent run."""

from __future__ import annotations

import re

import pytest

from landscape.optim import make_optimizer, run
from landscape.optim.advise import MAX_TRIALS, advise
from tests.landscape.optim._problems import X, Y, symbolic

ROSENBROCK = (1 - X) ** 2 + 100 * (Y - X**2) ** 2
ILL = (X**2 + 100 * Y**2) / 2

#: (what, f, start, optimizer, hyperparameters, max_steps): runs that do not converge
FAILING = [
    ("gd too slow on a bowl", X**2 + Y**2, (2.5, 2.0), "gd", {}, 300),
    ("gd too slow, ill-conditioned", ILL, (-9.5, 1.5), "gd", {}, 500),
    ("gd diverges", ILL, (-9.5, 1.5), "gd", {"lr": 0.05}, 500),
    ("momentum diverges", ILL, (-9.5, 1.5), "momentum", {"lr": 0.05}, 500),
    ("rmsprop circles the minimum", X**2 + Y**2, (2.5, 2.0), "rmsprop", {}, 500),
    ("adam too slow", X**2 + Y**2, (30.0, -20.0), "adam", {"lr": 0.01}, 300),
    ("newton cut short", X**4 + Y**4, (1.5, -1.0), "newton", {}, 5),
]


@pytest.mark.parametrize(
    "what, expr, x0, name, hyper, steps", FAILING, ids=[case[0] for case in FAILING]
)
def test_advice_is_verified_by_an_independent_run(what, expr, x0, name, hyper, steps):
    objective = symbolic(expr)
    t = run(make_optimizer(name, **hyper), objective, x0, max_steps=steps)
    assert t.status in ("max_steps", "diverged")
    counts = objective.counts.copy()
    advice = advise(t, objective, max_steps=steps)
    assert (objective.counts.nfev, objective.counts.ngev) == (counts.nfev, counts.ngev)
    assert advice is not None and advice.verified, advice.message
    assert len(advice.trials) <= MAX_TRIALS
    best = advice.best
    again = run(
        make_optimizer(name, **{**t.hyperparameters, **dict(best.change)}),
        objective,
        x0,
        max_steps=best.max_steps,
    )
    assert again.status == "converged" and again.n_steps == best.steps
    happened = "did not converge in" if t.status == "max_steps" else "diverged after"
    assert advice.message.startswith(happened)
    count = re.search(r"converged in (\d+) steps?\)$", advice.message)
    assert count and int(count.group(1)) == again.n_steps


def test_the_fastest_verified_change_is_advised():
    objective = symbolic(X**2 + Y**2)
    t = run(make_optimizer("gd"), objective, (2.5, 2.0), max_steps=300)
    advice = advise(t, objective, max_steps=300)
    converged = [trial for trial in advice.trials if trial.converged]
    assert advice.best.steps == min(trial.steps for trial in converged)
    assert advice.message == "did not converge in 300 steps; lr 0.5 would (converged in 1 step)"


@pytest.mark.parametrize("name, hyper, steps", [("gd", {"lr": 0.01}, 50), ("momentum", {}, 2000)])
def test_when_nothing_works_it_says_so_and_shows_the_best_trial(name, hyper, steps):
    objective = symbolic(ROSENBROCK)
    t = run(make_optimizer(name, **hyper), objective, (-1.2, 1.0), max_steps=steps)
    advice = advise(t, objective, max_steps=steps)
    assert advice is not None and not advice.verified and advice.best is None
    assert f"none of the {len(advice.trials)} trials converged" in advice.message
    assert all(not trial.converged for trial in advice.trials)
    best = min((tr for tr in advice.trials if tr.status != "diverged"), key=lambda tr: tr.f_final)
    assert f"closest: {best.label} (f = {best.f_final:.3g}" in advice.message


def test_an_unbounded_function_has_nothing_to_try_for_line_searches():
    objective = symbolic(X**2 - Y**2)
    t = run(make_optimizer("bfgs"), objective, (-1.8, 0.05), max_steps=100)
    assert t.status == "diverged"
    advice = advise(t, objective, max_steps=100)
    assert not advice.verified and "no setting to try" in advice.message


def test_converged_runs_get_no_advice():
    objective = symbolic(X**2 + Y**2)
    t = run(make_optimizer("newton"), objective, (1.0, 1.0))
    assert advise(t, objective) is None


def test_trials_are_bounded():
    objective = symbolic(ILL)
    t = run(make_optimizer("gd"), objective, (-9.5, 1.5), max_steps=100)
    assert len(advise(t, objective, max_steps=100, max_trials=1).trials) == 1
    assert advise(t, objective, max_steps=100, max_trials=0).trials == ()
