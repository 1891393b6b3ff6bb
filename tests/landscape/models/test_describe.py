"""Words for model mode (landscape.models.describe): exact sentences for the cases that
matter."""

from __future__ import annotations

import numpy as np
import pytest

from landscape.models.describe import LOSS, caption, formulas, title
from landscape.models.scene import build_model_landscape
from landscape.scene import NOTE
from landscape.session import ModelConfig


def _never() -> bool:
    return False


def _objective(model, data, settings=None, view="pca"):
    config = ModelConfig(model, data, dict(settings or {}), view, 16)
    return build_model_landscape(config, None, 40, _never).objective


@pytest.mark.parametrize(
    ("model", "data", "expected"),
    [("logreg", "blobs", "loss of logreg on blobs"), ("mlp", "moons", "loss of mlp on moons")],
)
def test_title(model, data, expected):
    assert title(ModelConfig(model, data), data) == expected


@pytest.mark.parametrize(
    ("model", "data", "settings", "starts", "contains"),
    [
        (
            "linreg",
            "linear",
            {"standardise": "false"},
            "The whole landscape: the loss over both parameters (slope, intercept). ",
            "◇ marks the exact optimum.",
        ),
        (
            "linreg",
            "linear",
            {},
            "The whole landscape",
            "Weights act on standardised features.",
        ),
        (
            "multireg",
            "houses",
            {},
            "A 2-D slice of a 5-parameter landscape: w_area_m2 and w_rooms vary, the other 3 ",
            "trails are projections",
        ),
    ],
)
def test_caption_says_what_the_view_is(model, data, settings, starts, contains):
    obj = _objective(model, data, settings)
    text = caption(obj.model, obj.config)
    assert text.startswith(starts) and contains in text
    assert ("standardised features" in text) is (settings.get("standardise") != "false")


@pytest.mark.parametrize(("view", "word"), [("pca", "PCA plane"), ("random", "filter-normalised")])
def test_the_mlp_caption_names_its_plane_and_reference(view, word):
    settings = {"width": "4", "hidden_layers": "1"}
    obj = _objective("mlp", "moons", settings, view)
    text = caption(obj.model, obj.config, "Adam")
    assert word in text and "Adam" in text and f"{obj.model.n} weights" in text


def test_formulas_of_a_linear_model_state_its_optimum_and_loss_there():
    obj = _objective("linreg", "linear")
    out = formulas(obj)
    assert out["loss"] == LOSS["linreg"] and out["parameters"] == "slope, intercept"
    slope, intercept = obj.model.theta_star
    assert out["optimum θ*"] == f"slope = {slope:.4g}, intercept = {intercept:.4g}"
    assert out["L(θ*)"] == f"{float(obj.model.f(np.asarray(obj.model.theta_star))):.6g}"
    assert out["view"] == obj.caption and NOTE not in out


def test_a_relu_network_notes_the_kink_convention():
    obj = _objective("mlp", "moons", {"width": "4", "hidden_layers": "1", "activation": "relu"})
    out = formulas(obj)
    assert out["loss"] == LOSS["mlp_classification"] and NOTE in out
    assert "optimum θ*" not in out
