"""What `landscape run --model` uses: build_model_objective and run_extras."""

import json

import numpy as np
import pytest

from landscape.errors import InputError
from landscape.models.cli_support import build_model_objective, parse_settings, run_extras
from landscape.optim import make_optimizer, run


def test_linreg_run_extras_are_json_ready():
    objective, ctx = build_model_objective("linreg", "linear", {}, seed=0)
    traj = run(make_optimizer("newton"), objective, ctx.x0)
    extras = run_extras(objective, ctx, traj)
    json.dumps(extras, allow_nan=False)
    assert np.allclose(extras["parameters_standardised"], objective.theta_star, atol=1e-8)
    assert set(extras["metrics"]) == {"train", "test"}
    assert extras["metrics"]["train"]["r2"] > 0.8
    assert ctx.domain.contains(ctx.x0) and ctx.domain.contains(objective.theta_star)


def test_mlp_settings_and_view_after_training():
    settings = parse_settings(["width=8", "hidden_layers=1", "activation=relu"])
    objective, ctx = build_model_objective("mlp", "circles", settings, seed=1)
    assert objective.layout.sizes == (2, 8, 1) and ctx.train.m == 150
    traj = run(make_optimizer("adam", lr=0.05), objective, ctx.x0, max_steps=50)
    extras = run_extras(objective, ctx, traj)
    assert len(extras["parameters"]) == objective.n
    assert extras["view"]["kind"] == "filter-normalised"
    assert np.allclose(objective.view.origin, traj.xs[-1])
    assert len(extras["trajectory_view"]) == len(traj.xs)
    assert sum(extras["pca_explained_variance"]) <= 1.0 + 1e-12


def test_csv_file_and_feature_selection(tmp_path):
    path = tmp_path / "h.csv"
    rng = np.random.default_rng(0)
    rows = "".join(f"{a:.3f},{b:.3f},{2 * a - b + 1:.3f}\n" for a, b in rng.normal(size=(30, 2)))
    path.write_text("a,b,price\n" + rows)
    objective, ctx = build_model_objective(
        "multireg", str(path), {"view": "a+b", "test_fraction": "0"}
    )
    assert objective.n == 3 and ctx.test.m == ctx.train.m == 30
    one, _ = build_model_objective("linreg", str(path), {"features": "b", "standardize": "false"})
    assert one.data.feature_names == ("b",)


@pytest.mark.parametrize(
    "model, data, settings, message",
    [
        ("logreg", "houses", {}, "needs classification data"),
        ("mlp", "moons", {"depth": "2"}, "unknown setting 'depth'"),
        ("mlp", "moons", {"width": "x"}, "not a number"),
        ("linreg", "linear", {"target": "y"}, "CSV files only"),
        ("multireg", "houses", {"view": "w_area_m2"}, "two coefficients"),
    ],
)
def test_bad_model_requests(model, data, settings, message):
    with pytest.raises(InputError, match=message):
        build_model_objective(model, data, settings)


def test_parse_settings_rejects_bad_items():
    with pytest.raises(InputError, match="NAME=VALUE"):
        parse_settings(["width"])
