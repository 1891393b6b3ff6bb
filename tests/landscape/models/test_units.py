"""Fitted models in the data's units: the line, plane or log-odds a person reads, checked
against references computed on the raw data alone (numpy.linalg.lstsq, scipy)."""

from __future__ import annotations

import csv
import importlib.resources
import json

import numpy as np
import pytest
from scipy.optimize import minimize

from landscape.models.cli_support import build_model_objective, run_extras
from landscape.models.data import train_test_split
from landscape.optim import make_optimizer, run
from landscape_cli import main


def _raw_csv(name: str) -> tuple[list[str], np.ndarray]:
    """A sample CSV read with the csv module only (no landscape loader)."""
    path = importlib.resources.files("resources") / "datasets" / name
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], np.array(rows[1:], dtype=float)


def _lstsq(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``(w_1, ..., w_d, b)`` of the least-squares fit ``y ≈ X w + b`` on raw data."""
    A = np.column_stack([X, np.ones(len(y))])
    return np.linalg.lstsq(A, y, rcond=None)[0]


def _converged_extras(model: str, data, settings: dict):
    objective, ctx = build_model_objective(model, data, settings)
    trajectory = run(make_optimizer("newton"), objective, ctx.x0, max_steps=100)
    assert trajectory.status == "converged", trajectory.message
    return run_extras(objective, ctx, trajectory), ctx, trajectory


def _raw_train(ctx):
    """The raw training rows: the same split of the unstandardised data set."""
    return train_test_split(ctx.data, ctx.settings["test_fraction"], ctx.settings["data_seed"])[0]


# (model, data, settings, the raw columns' indices in the data set, or None for all)
LINEAR_CASES = [
    ("linreg", "linear", {}, None),
    ("linreg", "linear", {"data_seed": "3"}, None),
    ("linreg", "linear", {"data_seed": "7", "test_fraction": "0"}, None),
    ("linreg", "houses", {"feature": "area_m2"}, [0]),
    ("linreg", "houses", {"feature": "age_years", "standardise": "false"}, [2]),
    ("multireg", "houses", {}, None),
    ("multireg", "multilinear", {"test_fraction": "0.4"}, None),
    ("multireg", "multilinear", {"standardise": "false"}, None),
]


@pytest.mark.parametrize(("model", "data", "settings", "columns"), LINEAR_CASES)
def test_linear_parameters_are_the_least_squares_fit_in_data_units(model, data, settings, columns):
    extras, ctx, trajectory = _converged_extras(model, data, settings)
    raw = _raw_train(ctx)
    X = raw.X if columns is None else raw.X[:, columns]
    reference = _lstsq(X, raw.y)
    assert extras["parameters"] == pytest.approx(list(reference), rel=1e-7, abs=1e-7)
    assert extras["fit"]["intercept"] == pytest.approx(reference[-1], rel=1e-7, abs=1e-7)
    assert list(extras["fit"]["weights"].values()) == pytest.approx(
        list(reference[:-1]), rel=1e-7, abs=1e-7
    )
    trained = "standardised" if ctx.settings["standardise"] else "data"
    assert extras["units"]["parameters"] == "data"
    assert extras["units"]["trajectory"] == extras["units"]["x"] == trained
    if trained == "standardised":
        assert extras["parameters_standardised"] == pytest.approx(list(trajectory.xs[-1]))
    else:
        assert "parameters_standardised" not in extras


def test_the_houses_csv_read_without_landscape_gives_the_same_plane():
    header, table = _raw_csv("houses.csv")
    extras, _, _ = _converged_extras("multireg", "houses", {"test_fraction": "0"})
    reference = _lstsq(table[:, :-1], table[:, -1])
    assert extras["parameters"] == pytest.approx(list(reference), rel=1e-7)
    assert list(extras["fit"]["weights"]) == header[:-1]
    assert extras["fit"]["equation"].startswith("price_k = ")


def test_a_student_reads_the_slope_and_intercept_from_the_command_line(tmp_path, capsys):
    rng = np.random.default_rng(4)
    x = rng.uniform(0.0, 10.0, 80)
    y = 1.70 * x - 0.39 + 0.3 * rng.standard_normal(80)
    path = tmp_path / "line.csv"
    rows = "".join(f"{float(a)!r},{float(b)!r}\n" for a, b in zip(x, y, strict=True))
    path.write_text("x,y\n" + rows)
    argv = [
        "run",
        "--model",
        "linreg",
        "--data",
        str(path),
        "--model-set",
        "test_fraction=0",
        "--optimizers",
        "bfgs,gd",
        "--steps",
        "5000",
    ]
    assert main([*argv, "--format", "json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    slope, intercept = _lstsq(x[:, None], y)
    for r in runs:
        assert r["parameter_names"] == ["slope", "intercept"]
        assert r["parameters"] == pytest.approx([slope, intercept], rel=1e-5)
        assert abs(r["parameters_standardised"][0] - slope) > 1.0  # what was printed before
    assert slope == pytest.approx(1.70, abs=0.05)
    assert main(argv) == 0
    assert f"bfgs: y = {slope:.4g}·x − {-intercept:.4g} (data units)" in capsys.readouterr().out


def _raw_logistic(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Maximum likelihood ``(w, b)`` on raw features, by scipy (no penalty)."""

    def loss(theta):
        z = X @ theta[:-1] + theta[-1]
        return np.mean(np.logaddexp(0.0, z) - y * z)

    def grad(theta):
        p = 0.5 * (1 + np.tanh(0.5 * (X @ theta[:-1] + theta[-1])))
        return np.append(X.T @ (p - y), np.sum(p - y)) / len(y)

    return minimize(
        loss,
        np.zeros(X.shape[1] + 1),
        jac=grad,
        method="BFGS",
        options={"gtol": 1e-12, "maxiter": 10_000},
    ).x


@pytest.mark.parametrize("data", ["exams", "blobs"])
def test_logistic_log_odds_in_data_units_match_a_fit_on_raw_data(data):
    settings = {"l2": "0", "intercept": "true", "test_fraction": "0"}
    extras, ctx, _ = _converged_extras("logreg", data, settings)
    reference = _raw_logistic(ctx.data.X, ctx.data.y)
    fit = extras["fit"]
    assert fit["kind"] == "log-odds"
    assert [*fit["weights"].values(), fit["intercept"]] == pytest.approx(
        list(reference), rel=1e-4, abs=1e-6
    )
    assert extras["parameters"] == pytest.approx(list(reference), rel=1e-4, abs=1e-6)
    assert "decision boundary" in fit["equation"]


def test_a_boundary_through_the_origin_of_standardised_features_has_an_intercept():
    extras, ctx, trajectory = _converged_extras("logreg", "exams", {"test_fraction": "0"})
    objective, _ = build_model_objective("logreg", "exams", {"test_fraction": "0"})
    assert extras["parameter_names"] == ["w1", "w2"]  # no intercept was trained
    w, b = np.array(list(extras["fit"]["weights"].values())), extras["fit"]["intercept"]
    assert b != 0.0 and extras["parameters"] == pytest.approx(list(w))
    raw = ctx.data.X
    expected = objective.predict_proba(trajectory.xs[-1], ctx.scaler.transform(raw))
    assert 0.5 * (1 + np.tanh(0.5 * (raw @ w + b))) == pytest.approx(expected, abs=1e-12)


def test_the_mlp_keeps_its_own_coordinates_and_says_so():
    objective, ctx = build_model_objective("mlp", "moons", {"width": "4", "hidden_layers": "1"})
    trajectory = run(make_optimizer("adam", lr=0.05), objective, ctx.x0, max_steps=20)
    extras = run_extras(objective, ctx, trajectory)
    assert extras["parameters"] == pytest.approx(list(trajectory.xs[-1]))
    assert "fit" not in extras and "parameters_standardised" not in extras
    assert extras["units"]["parameters"] == extras["units"]["trajectory"] == "standardised"
