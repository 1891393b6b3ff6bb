"""``landscape run`` and ``landscape optimizers``: JSON/CSV/table output and one-line errors."""

import csv
import io
import json

import pytest

from tests.landscape_cli.test_cli import landscape


def run_json(*args):
    out = landscape("run", *args, "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_json_schema_and_values_for_a_preset():
    data = run_json("--preset", "rosenbrock", "--optimizers", "newton,bfgs")
    assert data["start"] == [-1.2, 1.0]
    assert [r["optimizer"] for r in data["runs"]] == ["newton", "bfgs"]
    for r in data["runs"]:
        assert set(r) >= {
            "optimizer",
            "hyperparameters",
            "status",
            "message",
            "steps",
            "nfev",
            "ngev",
            "nhev",
            "x",
            "f",
            "grad_norm",
            "trajectory",
        }
        assert r["status"] == "converged"
        assert r["x"] == pytest.approx([1.0, 1.0], abs=1e-6)
        assert len(r["trajectory"]) == r["steps"] + 1
        assert r["trajectory"][0] == pytest.approx([-1.2, 1.0, 24.2])
    assert data["runs"][0]["nhev"] > 0 and data["runs"][1]["nhev"] == 0


def test_set_changes_a_hyperparameter_and_steps_bound_the_run():
    data = run_json(
        "--function",
        "x^2 + 3y^2",
        "--start",
        "1,1",
        "--optimizers",
        "gd",
        "--set",
        "gd.lr=0.1",
        "--steps",
        "5",
    )
    r = data["runs"][0]
    assert r["hyperparameters"]["lr"] == 0.1
    assert r["steps"] == 5 and r["status"] == "max_steps"
    # one GD step by hand: x - 0.1 * (2x, 6y) from (1, 1)
    assert r["trajectory"][1][:2] == pytest.approx([0.8, 0.4])


def test_seeded_sgd_is_reproducible_and_seed_matters():
    a = run_json("--preset", "bowl", "--optimizers", "sgd", "--seed", "3", "--steps", "20")
    b = run_json("--preset", "bowl", "--optimizers", "sgd", "--seed", "3", "--steps", "20")
    c = run_json("--preset", "bowl", "--optimizers", "sgd", "--seed", "4", "--steps", "20")
    assert a["runs"][0]["trajectory"] == b["runs"][0]["trajectory"]
    assert a["runs"][0]["trajectory"] != c["runs"][0]["trajectory"]


def test_csv_has_one_row_per_step():
    out = landscape(
        "run", "--preset", "booth", "--optimizers", "gd,adam", "--steps", "4", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["optimizer", "step", "x", "y", "f", "grad_norm"]
    assert [r["step"] for r in rows if r["optimizer"] == "gd"] == ["0", "1", "2", "3", "4"]


def test_table_is_the_race_report():
    out = landscape("run", "--preset", "quadratic", "--optimizers", "newton,gd")
    assert out.returncode == 0
    assert "f - f_min" in out.stdout and "newton" in out.stdout and "converged" in out.stdout


def test_model_run_reports_all_parameters_and_metrics():
    data = run_json(
        "--model", "logreg", "--data", "blobs", "--optimizers", "adam", "--steps", "200"
    )
    r = data["runs"][0]
    assert len(r["parameters"]) == len(r["x"])
    for split in ("train", "test"):
        assert set(r["metrics"][split]) >= {"accuracy", "precision", "recall", "f1"}
        assert 0.5 < r["metrics"][split]["accuracy"] <= 1.0


def test_optimizers_json_lists_the_registry():
    out = landscape("optimizers", "--json")
    specs = {s["name"]: s for s in json.loads(out.stdout)}
    assert set(specs) == {
        "gd",
        "sgd",
        "momentum",
        "nesterov",
        "adagrad",
        "rmsprop",
        "adam",
        "adamw",
        "newton",
        "cg",
        "bfgs",
        "lbfgs",
    }
    lr = next(p for p in specs["adam"]["hyperparameters"] if p["name"] == "lr")
    assert lr["log_scale"] and lr["lower"] == 0 and lr["doc"]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--preset", "bowl", "--optimizers", "adamm"], "did you mean 'adam'"),
        (["--preset", "bowl", "--optimizers", "adam", "--set", "adam.lrr=1"], "allowed: lr"),
        (["--preset", "bowl", "--optimizers", "adam", "--set", "gd.lr=1"], "not among"),
        (["--preset", "bowl", "--optimizers", "adam", "--set", "adam.lr=-1"], "-1"),
        (["--preset", "bowl", "--optimizers", "adam", "--start", "1"], "--start needs 2"),
        (["--preset", "nope", "--optimizers", "adam"], "nope"),
        (["--function", "x^2", "--optimizers", "adam"], "--start"),
        (["--function", "x^^2", "--start", "1,1", "--optimizers", "adam"], "column"),
        (["--preset", "bowl", "--optimizers", "gd", "--steps", "0"], "--steps"),
        (["--model", "logreg", "--optimizers", "gd"], "--data"),
        (["--preset", "bowl", "--function", "x", "--optimizers", "gd"], "not allowed with"),
    ],
)
def test_bad_run_input_is_one_error_line(args, fragment):
    out = landscape("run", *args)
    assert out.returncode == 2, out
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), out.stderr
    assert fragment in lines[0]
