"""The results table's rows (landscape.results): steps to tolerance, gaps, distances, the
winner and the CSV text, on real runs."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import numpy as np
import pytest

from landscape.objective import CallableObjective
from landscape.optim import make_optimizer, run
from landscape.results import (
    COLUMNS,
    RunResult,
    known_minimisers,
    reference_minimum,
    result_rows,
    rows_csv,
    steps_to_tolerance,
)


def bowl():
    """f = (x − 1)² + 3y², minimum 0 at (1, 0)."""
    return CallableObjective(
        lambda p: float((p[0] - 1) ** 2 + 3 * p[1] ** 2),
        lambda p: np.array([2 * (p[0] - 1), 6 * p[1]]),
        lambda p: np.diag([2.0, 6.0]),
        variables=("x", "y"),
    )


MIN = [SimpleNamespace(point=(1.0, 0.0), value=0.0, kind="minimum")]
SADDLE = [SimpleNamespace(point=(5.0, 5.0), value=-3.0, kind="saddle")]


def traj(name, steps=500, **hyper):
    return run(make_optimizer(name, **hyper), bowl(), [-1.5, 1.0], max_steps=steps)


def result(run_id, trajectory, **kw):
    return RunResult(run_id, f"run {run_id}", "#000000", trajectory, **kw)


def test_reference_minimum_and_minimisers():
    assert reference_minimum(2.5, MIN) == 2.5
    assert reference_minimum(None, MIN + SADDLE) == 0.0  # saddles do not count
    assert reference_minimum(None, SADDLE) is None
    assert [tuple(p) for p in known_minimisers(MIN + SADDLE, [(3.0, 4.0)])] == [(1, 0), (3, 4)]


def test_row_values_of_a_converged_run():
    t = traj("newton")
    (row,) = result_rows([result(1, t)], f_star=0.0, minimisers=known_minimisers(MIN))
    assert row.status == "converged" and row.steps == t.n_steps
    assert row.f_final == pytest.approx(float(t.fs[-1]))
    assert row.gap == pytest.approx(float(t.fs[-1]))
    assert row.distance == pytest.approx(float(np.linalg.norm(t.xs[-1] - [1, 0])))
    assert row.grad_norm == pytest.approx(float(t.grad_norms[-1]))
    assert (row.nfev, row.ngev, row.nhev) == (t.counts.nfev, t.counts.ngev, t.counts.nhev)
    assert row.nhev > 0 and row.winner


def test_steps_to_tolerance_by_gradient_and_by_gap():
    t = traj("gd", lr=0.1)
    assert t.status == "converged"
    by_grad = steps_to_tolerance(t, None, 1e-6)
    assert by_grad == int(np.argmax(t.grad_norms <= 1e-6))
    # with f* known, f − f* ≤ 1e-6 comes before ‖∇f‖ ≤ 1e-6 on this bowl
    by_gap = steps_to_tolerance(t, 0.0, 1e-6)
    assert by_gap == int(np.argmax(t.fs <= 1e-6)) and by_gap < by_grad
    short = traj("gd", steps=5, lr=0.01)
    assert short.status == "max_steps"
    assert steps_to_tolerance(short, 0.0, 1e-6) is None


def test_a_saddle_ending_does_not_reach_tolerance_by_gradient():
    fake = SimpleNamespace(
        fs=np.array([1.0, 0.5]),
        grad_norms=np.array([1.0, 0.0]),
        status="converged",
        message="converged to a saddle point: ∇²f has eigenvalues −2, 2",
        n_steps=1,
    )
    assert steps_to_tolerance(fake, None, 1e-6) is None
    assert steps_to_tolerance(fake, 0.5, 1e-6) == 1  # f* reached all the same


def test_winner_fewest_steps_then_lowest_f():
    fast, slow, unfinished = traj("newton"), traj("gd", lr=0.1), traj("gd", steps=5, lr=0.01)
    rows = result_rows([result(1, slow), result(2, fast), result(3, unfinished)], 0.0)
    assert [r.winner for r in rows] == [False, True, False]
    assert rows[1].steps_to_tol < rows[0].steps_to_tol
    # nobody reached tolerance: the lowest final f wins
    a, b = traj("gd", steps=5, lr=0.01), traj("gd", steps=5, lr=0.05)
    rows = result_rows([result(1, a), result(2, b)], 0.0)
    assert rows[1].f_final < rows[0].f_final and [r.winner for r in rows] == [False, True]


def test_failed_and_pending_runs():
    diverged = traj("gd", steps=200, lr=2.0)
    assert diverged.status == "diverged"
    ok = traj("gd", steps=5, lr=0.01)
    rows = result_rows([result(1, diverged), result(2, ok)], 0.0)
    assert rows[0].failed and not rows[0].winner and rows[1].winner
    rows = result_rows([result(1, ok), result(2, None, pending=True)], 0.0)
    assert rows[1].status == "computing…" and not any(r.winner for r in rows)
    rows = result_rows([result(1, None, error="boom")])
    assert rows[0].status == "error" and rows[0].f_final is None and not rows[0].winner


def test_unknown_f_star_leaves_gap_and_distance_empty():
    (row,) = result_rows([result(1, traj("newton"))])
    assert row.gap is None and row.distance is None and row.winner


def test_csv_text():
    t = traj("newton")
    rows = result_rows([result(1, t), result(2, None, pending=True)], 0.0, known_minimisers(MIN))
    table = list(csv.reader(io.StringIO(rows_csv(rows))))
    assert table[0] == [*COLUMNS.values(), "won"]
    first = dict(zip(table[0], table[1], strict=True))
    assert first["run"] == "run 1" and first["status"] == "converged"
    assert float(first["final f"]) == float(t.fs[-1])  # full precision
    assert int(first["∇²f evals"]) == t.counts.nhev
    assert first["won"] == "0"  # a run still computes: no winner yet
    second = dict(zip(table[0], table[2], strict=True))
    assert second["final f"] == "" and second["status"] == "computing…"
