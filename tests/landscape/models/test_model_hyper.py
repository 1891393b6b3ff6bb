"""Acceptance of the data-scale suggestions: every built-in data set × model × optimizer, with
no settings given, ends near the known optimum (linear and logistic regression) or reaches a
stated fit (the MLP, whose optimum is unknown).

Tolerances (relative gap (L − L*)/L* at the end of the suggested run):
deterministic methods 1e-6; SGD 1e-2 (its noise averages out over the decaying rate, it
does not vanish). MLP: training accuracy ≥ 0.85 on classification, R² ≥ 0.9 on regression.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from landscape.models.cli_support import build_model_objective
from landscape.models.hyper import ADAMW_SHRINK, model_hyper, model_suggestion
from landscape.optim import iterate, make_optimizer

OPTIMIZERS = ("gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
CONVEX = (
    ("linreg", "linear", {}),
    ("multireg", "multilinear", {}),
    ("multireg", "houses", {}),
    ("linreg", "houses", {"feature": "area_m2"}),
    ("logreg", "blobs", {}),
    ("logreg", "moons", {}),
    ("logreg", "circles", {}),
    ("logreg", "exams", {}),
)
NETWORK_DATA = ("moons", "blobs", "circles", "exams", "linear", "multilinear", "houses")
RELATIVE_GAP = {"sgd": 1e-2}
DEFAULT_GAP = 1e-6


def _train(name, model, x0):
    s = model_suggestion(name, model, x0)
    run = iterate(make_optimizer(name, **s.hyper()), model, x0, max_steps=s.max_steps)
    for _ in run:
        pass
    return run.trajectory


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize(("model_name", "data", "settings"), CONVEX)
def test_convex_models_end_at_the_optimum(model_name, data, settings, optimizer):
    model, ctx = build_model_objective(model_name, data, settings)
    traj = _train(optimizer, model, ctx.x0)
    assert traj.status != "diverged"
    gap = (float(traj.fs[-1]) - model.f_min) / abs(model.f_min)
    assert gap < RELATIVE_GAP.get(optimizer, DEFAULT_GAP), (traj.status, gap)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("data", NETWORK_DATA)
def test_the_network_fits_its_data(data, optimizer):
    model, ctx = build_model_objective("mlp", data, {})
    traj = _train(optimizer, model, ctx.x0)
    assert traj.status != "diverged"
    metrics = model.evaluate(np.asarray(traj.xs)[-1], model.data)
    if model.task == "classification":
        assert metrics["accuracy"] >= 0.85, metrics
    else:
        assert metrics["r2"] >= 0.9, metrics


def test_houses_adam_moves_at_the_datas_scale():
    """The issue's case: Adam barely moved at lr 0.05 on houses (loss in thousands)."""
    model, ctx = build_model_objective("multireg", "houses", {})
    hyper = model_hyper("adam", model, ctx.x0)
    assert hyper["lr"] > 1.0  # the weights travel ~100 price_k per standardised unit
    fixed = iterate(make_optimizer("adam", lr=0.05), model, ctx.x0, max_steps=500)
    for _ in fixed:
        pass
    assert fixed.trajectory.fs[-1] > 10 * model.f_min  # the old default: far from it


def test_given_values_win_and_adamw_decay_follows_lr():
    model, ctx = build_model_objective("multireg", "houses", {})
    assert model_hyper("adam", model, ctx.x0, {"lr": 0.05})["lr"] == 0.05
    hyper = model_hyper("adamw", model, ctx.x0)
    assert hyper["weight_decay"] == pytest.approx(ADAMW_SHRINK / hyper["lr"])
    assert model_hyper("adamw", model, ctx.x0, {"weight_decay": 0.1})["weight_decay"] == 0.1


def test_network_rules_are_stated_in_the_reasons():
    model, ctx = build_model_objective("mlp", "houses", {})
    gd = model_suggestion("gd", model, ctx.x0).reasons["lr"]
    adam = model_suggestion("adam", model, ctx.x0).reasons["lr"]
    assert "network" in gd
    assert "span" in adam


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_network_suggestions_follow_the_targets_units(optimizer):
    """Prices in units 1000× smaller: the loss is 10⁶× larger, so the rates that follow the
    curvature are 10⁶× smaller and the scale-free ones (Adam, RMSprop, Adagrad) the same."""
    model, ctx = build_model_objective("mlp", "houses", {})
    scaled = replace(ctx.data, y=1000.0 * ctx.data.y)
    model_k, ctx_k = build_model_objective("mlp", scaled, {})
    assert np.array_equal(ctx_k.x0, ctx.x0)
    lr = model_hyper(optimizer, model, ctx.x0)["lr"]
    lr_k = model_hyper(optimizer, model_k, ctx_k.x0)["lr"]
    follows_curvature = optimizer in ("gd", "sgd", "momentum", "nesterov")
    assert lr_k == pytest.approx(lr * (1e-6 if follows_curvature else 1.0), rel=1e-9)
