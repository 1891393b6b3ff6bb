"""The status bar's sentence about a finished model run: what was trained, on what, how it
ended, and the loss in the data's units (a table over the models)."""

from __future__ import annotations

import pytest

from landscape.models.scene import model_objective
from landscape.session import ModelConfig


def _never() -> bool:
    return False


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("linreg", "linear", ["all 2 parameters of the line on linear", "y²", "RMSE", "R²"]),
        ("multireg", "houses", ["all 5 parameters of the linear model on houses", "price_k²"]),
        ("logreg", "blobs", ["of the logistic model on blobs", "cross-entropy", "accuracy"]),
        ("mlp", "moons", ["all 337 parameters of the network on moons", "accuracy"]),
    ],
)
def test_a_finished_run_in_words(name, data, words):
    objective, _domain = model_objective(ModelConfig(name, data), max_steps=40)
    traj = objective.train("adam", {}, objective.default_start(), 40, _never)
    text = objective.run_words(traj, "Adam")
    assert text.startswith("Adam trained ")
    assert f"({objective.context.train.m} training rows)" in text
    assert "after 40 steps" in text or "converged after" in text
    for word in words:
        assert word in text, (word, text)


def test_a_run_that_diverged_says_so():
    objective, _domain = model_objective(ModelConfig("linreg", "linear"), max_steps=30)
    traj = objective.train("gd", {"lr": 50.0}, objective.default_start(), 30, _never)
    text = objective.run_words(traj, "GD")
    assert traj.status == "diverged" and "diverged after" in text
