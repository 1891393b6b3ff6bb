"""Efficiency against scipy.optimize with the same exact derivatives (scipy is a test
dependency only).

Stopping: ours stops at ‖∇f‖₂ ≤ 1e-5; scipy's BFGS and CG stop at ‖∇f‖∞ ≤ 1e-5 (their
default gtol; ‖·‖∞ ≤ ‖·‖₂, so ours is the stricter test — with norm=2 scipy's counts on these
problems are the same). Newton-CG stops when its step's 1-norm ≤ n·1e-5 (its default xtol).
Counting: both sides evaluate one objective whose counters include the evaluations at x0;
iterations are our steps vs scipy's ``nit``.

Cases we measured worse are marked xfail(strict=True) with the numbers; the assertion itself
is unchanged, so an improvement shows up as XPASS (and fails, so the mark gets removed).
"""

from __future__ import annotations

import pytest
import scipy.optimize as so

from landscape.optim import make_optimizer, run

from ._problems import problem

PROBLEM_NAMES = ("rosenbrock", "beale", "himmelblau", "booth", "seed")
PAIRS = (("bfgs", "BFGS"), ("cg", "CG"), ("newton", "Newton-CG"))

#: (ours, problem) -> the measured numbers, for cells where ours is worse (none at present).
#: BFGS and CG use the Moré–Thuente search (MINPACK dcsrch) as scipy does; BFGS with H₀ = I
#: and the N&W 3.60 first trial, as scipy, matches it on all five problems (Rosenbrock 32 it /
#: 39 f, Beale 15 / 17); with the Nocedal–Wright zoom or the (6.20) H₀ scaling, Rosenbrock and
#: Beale were worse (36 / 44 and 16 / 17). CG (c₂ = 0.1, Powell restarts) needs fewer
#: iterations everywhere and no more f-evaluations (Himmelblau 7 / 22 vs 9 / 22).
KNOWN_WORSE: dict[tuple[str, str], str] = {}


def _cases():
    for ours, theirs in PAIRS:
        for name in PROBLEM_NAMES:
            reason = KNOWN_WORSE.get((ours, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(ours, theirs, name, marks=marks, id=f"{ours}-{name}")


def _scipy(method, name):
    _, obj, x0 = problem(name)
    hess = obj.hess if method == "Newton-CG" else None
    res = so.minimize(obj.f, x0, jac=obj.grad, hess=hess, method=method)
    assert res.success, res.message
    return res.nit, obj.counts.nfev, res


@pytest.mark.parametrize(("ours", "theirs", "name"), list(_cases()))
def test_no_more_iterations_or_f_evaluations_than_scipy(ours, theirs, name):
    p, obj, x0 = problem(name)
    traj = run(make_optimizer(ours), obj, x0, gtol=1e-5, max_steps=1000)
    assert traj.status == "converged", traj.message
    assert p.distance(traj.x_final) < 1e-4
    nit, nfev, res = _scipy(theirs, name)
    assert res.nfev == nfev  # scipy's own count agrees with the objective's counter
    assert traj.n_steps <= nit and traj.counts.nfev <= nfev, (
        f"ours {traj.n_steps} it / {traj.counts.nfev} f vs scipy {nit} / {nfev}"
    )
