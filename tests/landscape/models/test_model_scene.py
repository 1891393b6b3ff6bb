"""Model mode's landscape (landscape.models.scene.build_model_landscape): the record, the grid
against the loss evaluated point by point, the frame around the start and the optimum."""

from __future__ import annotations

import numpy as np
import pytest

from landscape.errors import InputError
from landscape.models.scene import MODEL_SCALE, build_model_landscape
from landscape.session import ModelConfig


def _never() -> bool:
    return False


@pytest.mark.parametrize(
    ("model", "data", "settings"),
    [("linreg", "linear", {}), ("logreg", "blobs", {}), ("multireg", "houses", {})],
)
def test_a_model_landscape_is_its_loss_on_the_view(model, data, settings):
    config = ModelConfig(model, data, dict(settings), "pca", 12)
    land = build_model_landscape(config, None, 40, _never)
    assert land.kind == "model" and land.is_model and land.scale == MODEL_SCALE
    assert land.resolution == 12 and land.grid.z.shape == (12, 12)
    obj, g = land.objective, land.grid
    for i, j in ((0, 0), (5, 7), (11, 3)):
        theta = obj.view.embed(np.array([g.xs[i], g.ys[j]]))
        assert g.z[i, j] == pytest.approx(obj.model.f(theta), rel=1e-10)
    start = obj.default_start()
    assert land.domain.contains(start)
    assert land.domain.contains(obj.view.project(obj.model.theta_star))
    assert land.text == f"loss of {model} on {data}" and obj.config == config


@pytest.mark.parametrize("view", ["pca", "random"])
def test_the_mlp_view_goes_through_the_reference_run(view):
    config = ModelConfig("mlp", "moons", {"width": "4", "hidden_layers": "1"}, view, 12)
    land = build_model_landscape(config, ("gd", {"lr": 0.1}, "GD"), 20, _never)
    obj = land.objective
    assert obj.view.kind == ("pca" if view == "pca" else "filter-normalised")
    assert land.domain.contains((0.0, 0.0)) and "GD" in obj.caption


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (ModelConfig("logreg", "houses", {}, "pca", 12), "needs classification data"),
        (ModelConfig("linreg", "no/such.csv", {}, "pca", 12), "cannot read no/such.csv"),
    ],
)
def test_bad_choices_are_input_errors(config, message):
    with pytest.raises(InputError, match=message):
        build_model_landscape(config, None, 20, _never)
