"""Line searches: the conditions they promise, exactness on quadratics, recorded trials; the
Moré–Thuente search against scipy's port of MINPACK's dcsrch."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from landscape.errors import InputError
from landscape.optim import make_optimizer
from landscape.optim.base import LineSearchError
from landscape.optim.linesearch import backtracking
from landscape.optim.more_thuente import more_thuente
from landscape.optim.schedules import make_schedule
from landscape.optim.wolfe import SEARCHES

from ._problems import PROBLEMS, X, Y, quadratic, random_spd, symbolic

STARTS = [(-1.2, 1.0), (0.5, -0.3), (2.0, 2.0), (-3.0, 1.5)]
WOLFE = pytest.mark.parametrize("search", list(SEARCHES.values()), ids=list(SEARCHES))


def _check_wolfe(obj, x, p, res, c1, c2):
    f0, g0 = obj.f(x), obj.grad(x)
    slope = g0 @ p
    assert res.f <= f0 + c1 * res.alpha * slope
    assert abs(obj.grad(res.x) @ p) <= c2 * abs(slope) + 1e-12
    np.testing.assert_allclose(res.x, x + res.alpha * p)


@WOLFE
@pytest.mark.parametrize("name", ["rosenbrock", "beale", "himmelblau", "booth"])
@pytest.mark.parametrize("c2", [0.9, 0.1, 0.01])
def test_strong_wolfe_conditions_hold(search, name, c2):
    obj = PROBLEMS[name].objective()
    for start in STARTS:
        x = np.array(start)
        g = obj.grad(x)
        for p in (-g, -g / np.linalg.norm(g), -g * 1e-3):
            res = search(obj, x, obj.f(x), g, p, c1=1e-4, c2=c2, max_trials=40)
            assert res.wolfe
            _check_wolfe(obj, x, p, res, 1e-4, c2)
            assert [t[0] for t in res.trials][-1] == res.alpha


@WOLFE
def test_strong_wolfe_is_exact_on_a_quadratic_with_small_c2(search):
    A = random_spd(4, seed=1, cond=100.0)
    obj = quadratic(A, np.ones(4))
    x = np.array([1.0, -2.0, 0.5, 3.0])
    g = obj.grad(x)
    for alpha0 in (1e-4, 1.0, 50.0):
        res = search(obj, x, obj.f(x), g, -g, alpha0=alpha0, c1=1e-10, c2=1e-8)
        exact = (g @ g) / (g @ A @ g)
        assert res.wolfe and abs(res.alpha - exact) <= 1e-9 * exact
        # α grows ~4× (α + 4Δ) and shrinks at most 10× per trial (the safeguards), then one
        # cubic interpolation is exact
        ratio = exact / alpha0
        bound = np.log(ratio) / np.log(4) if ratio > 1 else np.log(1 / ratio) / np.log(10)
        assert len(res.trials) <= 2 + int(np.ceil(bound))


@WOLFE
def test_trials_record_every_evaluation(search):
    obj = PROBLEMS["rosenbrock"].objective()
    x = np.array([-1.2, 1.0])
    g = obj.grad(x)
    before = obj.counts.copy()
    res = search(obj, x, obj.f(x), g, -g, c2=0.1)
    used = obj.counts - before
    assert used.nfev == 1 + len(res.trials)  # the f(x) above plus one per trial
    for alpha, xt, ft in res.trials:
        np.testing.assert_allclose(xt, x - alpha * g)
        assert ft == obj.f(xt)


def test_backtracking_armijo():
    obj = PROBLEMS["rosenbrock"].objective()
    x = np.array([-1.2, 1.0])
    g = obj.grad(x)
    res = backtracking(obj, x, obj.f(x), g, -g, c1=1e-4, rho=0.5)
    alphas = [t[0] for t in res.trials]
    assert alphas == [0.5**k for k in range(len(alphas))]
    assert res.f <= obj.f(x) - 1e-4 * res.alpha * (g @ g)
    assert all(f > obj.f(x) - 1e-4 * a * (g @ g) for a, _, f in res.trials[:-1])


@WOLFE
def test_overflowing_trials_shrink_the_step(search):
    obj = symbolic(sympy.exp(X**2 + Y**2))
    x = np.array([3.0, 3.0])
    g = obj.grad(x)
    res = search(obj, x, obj.f(x), g, -g)  # α = 1 jumps to exp(10¹⁰)
    assert np.isfinite(res.f) and res.f < obj.f(x)
    assert np.isinf(res.trials[0][2])


@WOLFE
def test_ascent_direction_and_no_decrease_raise(search):
    obj = PROBLEMS["booth"].objective()
    x = np.array([0.0, 0.0])
    g = obj.grad(x)
    with pytest.raises(LineSearchError, match="not a descent direction"):
        search(obj, x, obj.f(x), g, g)
    with pytest.raises(LineSearchError, match="not a descent direction"):
        backtracking(obj, x, obj.f(x), g, np.zeros(2))


def test_more_thuente_takes_the_trials_of_minpack_dcsrch():
    """The same trial steps as scipy's port of MINPACK-2 dcsrch (a private scipy module: the
    test skips if it moves), on random directions, scales, first trials and c₂."""
    dcsrch = pytest.importorskip("scipy.optimize._dcsrch").DCSRCH
    rng = np.random.default_rng(0)
    for name in ("rosenbrock", "beale", "himmelblau", "booth"):
        obj = PROBLEMS[name].objective()
        for _ in range(25):
            x = rng.uniform(-3.0, 3.0, 2)
            g = obj.grad(x)
            p = -g * 10 ** rng.uniform(-3, 1) + rng.normal(size=2) * 0.3 * np.linalg.norm(g)
            if g @ p >= 0:
                continue
            c2, alpha0 = rng.choice([0.9, 0.4, 0.1, 0.01]), 10 ** rng.uniform(-2, 1)
            theirs = []

            def phi(a, x=x, p=p, theirs=theirs, obj=obj):
                theirs.append(a)
                return obj.f(x + a * p)

            search = dcsrch(
                phi,
                lambda a, x=x, p=p, obj=obj: obj.grad(x + a * p) @ p,
                1e-4,
                c2,
                1e-14,
                0.0,
                1e10 / np.linalg.norm(p),
            )
            _, _, _, task = search(alpha0, phi0=obj.f(x), derphi0=g @ p, maxiter=30)
            res = more_thuente(obj, x, obj.f(x), g, p, alpha0=alpha0, c2=c2)
            assert task.startswith(b"CONV") and res.wolfe
            np.testing.assert_allclose([t[0] for t in res.trials], theirs, rtol=1e-12)


def test_the_search_is_a_validated_choice():
    assert make_optimizer("bfgs").hyper.line_search == "more_thuente"
    opt = make_optimizer("cg", line_search="Nocedal-Wright")
    assert opt.hyper.line_search == "nocedal_wright"
    with pytest.raises(InputError, match="line_search = 'zoom' is not allowed"):
        make_optimizer("lbfgs", line_search="zoom")


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("constant", [1.0, 1.0, 1.0, 1.0]),
        ("step", [1.0, 1.0, 0.5, 0.25]),
        ("exponential", [1.0, 0.5**0.5, 0.5, 0.25]),
        ("inverse_time", [1.0, 1 / 1.5, 0.5, 1 / 3]),
        ("cosine", [1.0, 0.75, 0.5, 0.5]),
    ],
)
def test_schedules_reach_decay_rate_after_decay_steps(name, values):
    lr = make_schedule(name, 1.0, 0.5, 10)
    np.testing.assert_allclose([lr(0), lr(5), lr(10), lr(20)], values, rtol=1e-12)
