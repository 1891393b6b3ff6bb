"""`landscape run --model`, the app and the headless export build a model one way
(landscape.models.scene.model_objective): the command line's runs and the app's runs, for the
same settings, start and hyperparameters, give the same numbers, bit for bit."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from landscape.models.scene import build_model_landscape, choose_reference, model_objective
from landscape.session import ModelConfig
from ui.state.jobs import compute_run  # the app's run job (Qt-free)


def _never() -> bool:
    return False


def _cli(*args):
    out = subprocess.run(
        [sys.executable, "-m", "landscape_cli", "run", *args, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


CASES = [  # (model, data, settings, optimizers, --set, steps)
    ("linreg", "linear", {}, "gd,newton", ["gd.lr=0.1"], 30),
    ("logreg", "blobs", {"l2": "0.1"}, "sgd,adam", ["sgd.batch_size=16"], 40),
    ("multireg", "houses", {"standardise": "false"}, "bfgs", [], 25),
    ("mlp", "moons", {"width": "4", "hidden_layers": "1"}, "adam", ["adam.lr=0.05"], 30),
]


@pytest.mark.parametrize(("model", "data", "settings", "names", "sets", "steps"), CASES)
def test_the_command_line_and_the_app_train_the_same_runs(
    model, data, settings, names, sets, steps
):
    args = ["--model", model, "--data", data, "--optimizers", names, "--steps", str(steps)]
    for key, value in settings.items():
        args += ["--model-set", f"{key}={value}"]
    for item in sets:
        args += ["--set", item]
    report = _cli(*args)
    config = ModelConfig(model, data, dict(settings), "pca", 16)
    land = build_model_landscape(config, None, steps, _never)
    assert land.kind == "model"
    start = land.objective.default_start()
    assert report["start"] == pytest.approx(list(land.objective.context.x0), abs=0.0)
    for run in report["runs"]:
        hyper = {k: v for k, v in run["hyperparameters"].items() if v is not None}
        traj = compute_run(land.objective, run["optimizer"], hyper, start, steps, _never)
        cli = np.array(run["trajectory"], dtype=float)  # rows: the n parameters, then f
        assert traj.full.xs.shape == cli[:, :-1].shape
        assert np.array_equal(traj.full.xs, cli[:, :-1]), run["optimizer"]
        assert np.array_equal(traj.fs, cli[:, -1])
        assert (traj.status, traj.n_steps) == (run["status"], run["steps"])


@pytest.mark.parametrize(("model", "data", "settings"), [(c[0], c[1], c[2]) for c in CASES])
def test_the_command_line_builder_is_the_app_builder_without_the_picture(model, data, settings):
    config = ModelConfig(model, data, dict(settings), "pca", 16)
    bare, _ = model_objective(config, frame=False)
    land = build_model_landscape(config, None, 20, _never)
    app = land.objective
    assert type(bare.model) is type(app.model) and bare.model.n == app.model.n
    assert np.array_equal(bare.context.x0, app.context.x0)
    assert np.array_equal(bare.model.data.X, app.model.data.X)
    theta = np.linspace(-1.0, 1.0, app.model.n)
    assert bare.model.f(theta) == app.model.f(theta)


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        ([("gd", {}, "GD"), ("adam", {"lr": 0.1}, "Adam")], ("adam", {"lr": 0.1}, "Adam")),
        ([("newton", {}, "Newton"), ("momentum", {}, "M")], ("momentum", {}, "M")),
        ([("bfgs", {}, "BFGS"), ("newton", {}, "Newton")], None),
        ([], None),
    ],
)
def test_the_mlp_plane_is_made_from_the_first_adaptive_else_first_order_run(runs, expected):
    assert choose_reference(runs) == expected
