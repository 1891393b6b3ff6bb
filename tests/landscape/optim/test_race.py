"""Races: steps and evaluations each optimizer needs to get close, and the text table."""

from __future__ import annotations

import json

import numpy as np

from landscape.optim import make_optimizer, race, run

from ._problems import problem


def test_race_counts_up_to_the_first_close_step():
    _, obj, x0 = problem("rosenbrock")
    report = race(
        ["bfgs", ("gd", {"lr": 1e-3}), make_optimizer("newton")], obj, x0, max_steps=300, tol=1e-6
    )
    assert report.criterion == "f - f_min <= 1e-06"
    bfgs, gd, newton = report.rows
    assert bfgs.reached and newton.reached and not gd.reached
    assert gd.steps is None and gd.nfev is None and gd.status == "max_steps"
    assert gd.total_steps == 300
    for row in (bfgs, newton):
        fs = row.trajectory.fs
        first = int(np.argmax(fs - 0.0 <= 1e-6))
        assert row.steps == first and fs[first - 1] > 1e-6
        assert row.final_f <= 1e-6 and row.status == "converged"
        assert row.nfev <= row.trajectory.counts.nfev
    assert newton.nhev == newton.steps
    assert report.winner() is newton
    table = report.to_table()
    assert "newton" in table and "max_steps" in table and table.count("\n") == 5
    json.dumps(report.to_dict())


def test_race_counts_match_a_run_stopped_there():
    _, obj, x0 = problem("himmelblau")
    report = race(["bfgs"], obj, x0, tol=1e-4)
    row = report.rows[0]
    traj = run(make_optimizer("bfgs"), obj, x0, max_steps=row.steps)
    assert (row.nfev, row.ngev, row.nhev) == (traj.counts.nfev, traj.counts.ngev, traj.counts.nhev)


def test_race_without_known_minimum_uses_the_gradient():
    _, obj, x0 = problem("booth")
    obj.f_min = None
    report = race(["cg", "adam"], obj, x0, tol=1e-3, max_steps=2000)
    assert report.criterion == "‖∇f‖ <= 0.001"
    for row in report.rows:
        gn = row.trajectory.grad_norms
        assert row.reached and gn[row.steps] <= 1e-3 < gn[row.steps - 1]


def test_race_start_already_close():
    _, obj, _ = problem("booth")
    row = race(["gd"], obj, (1.0, 3.0), tol=1e-6).rows[0]
    assert (row.steps, row.nfev, row.ngev, row.nhev) == (0, 1, 1, 0)
