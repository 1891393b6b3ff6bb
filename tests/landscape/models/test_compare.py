"""Comparing optimizers: tuned lr, steps/evaluations to tolerance, table, CSV, plots."""

import math

import numpy as np
import pytest

from landscape.errors import InputError
from landscape.models.compare import (
    Task,
    _full_run,
    build_task,
    compare,
    format_table,
    plot_curves,
    to_csv,
)
from tests.landscape.optim._problems import LineData, problem


def test_compare_on_models_and_a_preset(tmp_path):
    result = compare(
        ["linreg", "logreg:exams", "mlp", "booth"],
        ["gd", "adam", "newton"],
        max_steps=300,
        tune_steps=60,
    )
    rows = {(r["task"], r["optimizer"]): r for r in result.rows}
    assert len(rows) == 12
    gd = rows[("linreg", "gd")]
    assert gd["lr"] in (1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)
    # gd's work: ∇f(x0), then one ∇f per step (f is only recorded, never used by the update)
    assert gd["steps_to_tol"] is not None and gd["evals_to_tol"] == 1 + gd["steps_to_tol"]
    # newton on least squares: f(x0), ∇f(x0), then ∇²f, one trial f and ∇f at x1
    assert rows[("linreg", "newton")]["evals_to_tol"] == 5
    assert rows[("linreg", "newton")]["lr"] is None
    assert rows[("linreg", "newton")]["steps_to_tol"] == 1
    assert rows[("mlp", "newton")]["status"].startswith("error: the MLP has no exact Hessian")
    assert rows[("booth", "newton")]["f_ref"] == 0.0
    # the MLP has no known minimum: f_ref is the best final loss, reached by its best run
    mlp = [r for r in result.rows if r["task"] == "mlp" and r["final_loss"] is not None]
    assert min(r["gap"] for r in mlp) == 0.0
    assert all(math.isfinite(r["wall_time"]) for r in mlp)
    text = format_table(result)
    assert "linreg" in text and "—" in text
    assert to_csv(result, tmp_path / "c.csv").read_text().startswith("task,optimizer,lr")
    assert len(plot_curves(result, tmp_path)) == 4


def test_bad_tasks():
    with pytest.raises(InputError):
        build_task("no_such_preset")
    with pytest.raises(InputError, match="at least one task"):
        compare([], ["gd"])


# -- the work an optimizer actually did ---------------------------------------------------------
def test_sgd_work_is_the_batch_fraction_of_a_full_gradient():
    obj = LineData(n_samples=40)
    task = Task("line", obj, np.array([0.0, 0.0]), None)
    traj, work = _full_run(task, "sgd", 0.1, max_steps=25, seed=3)
    assert traj.n_steps == 25 and len(obj.batches) == 25
    hand = np.cumsum([0.0] + [len(b) / 40 for b in obj.batches])  # 16 of 40 rows: 0.4 each
    np.testing.assert_allclose(work, hand, rtol=1e-15)
    assert work[-1] == pytest.approx(25 * 16 / 40)
    # the full f and ∇f of the record were evaluated, but are not work
    assert traj.counts.nfev == 26 and traj.counts.ngev == 26


def test_sgd_with_a_batch_as_large_as_the_data_counts_one_gradient_a_step():
    obj = LineData(n_samples=12)  # batch_size 16 ≥ 12: the full gradient, no mini-batches
    traj, work = _full_run(Task("line", obj, np.zeros(2), None), "sgd", 0.1, 10, 0)
    assert obj.batches == [] and traj.n_steps == 10
    np.testing.assert_allclose(work, np.arange(11.0))


@pytest.mark.parametrize(("optimizer", "lr"), [("gd", 0.1), ("adam", 0.05), ("momentum", 0.01)])
def test_first_order_work_counts_gradients_not_the_recorded_f(optimizer, lr):
    _, obj, x0 = problem("booth")
    traj, work = _full_run(Task("booth", obj, x0, 0.0), optimizer, lr, 30, 0)
    np.testing.assert_allclose(work, 1.0 + np.arange(traj.n_steps + 1))
    assert traj.counts.nfev == traj.n_steps + 1  # evaluated for the loss curve only


@pytest.mark.parametrize("optimizer", ["bfgs", "cg", "newton"])
def test_line_search_and_newton_work_is_every_evaluation(optimizer):
    _, obj, x0 = problem("rosenbrock")
    traj, work = _full_run(Task("rosenbrock", obj, x0, 0.0), optimizer, None, 200, 0)
    c = traj.counts
    assert work[0] == 2 and work[-1] == c.nfev + c.ngev + c.nhev
    assert np.all(np.diff(work) >= 2)  # each step: at least one f and one ∇f
