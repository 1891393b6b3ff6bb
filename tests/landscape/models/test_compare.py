"""Comparing optimizers: tuned lr, steps/evaluations to tolerance, table, CSV, plots."""

import math

import pytest

from landscape.errors import InputError
from landscape.models.compare import build_task, compare, format_table, plot_curves, to_csv


def test_compare_on_models_and_a_preset(tmp_path):
    result = compare(["linreg", "logreg:exams", "mlp", "booth"], ["gd", "adam", "newton"],
                     max_steps=300, tune_steps=60)
    rows = {(r["task"], r["optimizer"]): r for r in result.rows}
    assert len(rows) == 12
    gd = rows[("linreg", "gd")]
    assert gd["lr"] in (1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)
    assert gd["steps_to_tol"] is not None and gd["evals_to_tol"] >= 2 * gd["steps_to_tol"]
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
