"""A model seen through its 2-D view (landscape.models.view_objective), against independent
references: the least-squares solution of numpy.linalg.lstsq, central differences, the mean
squared error written out with numpy."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from landscape.models.scene import build_model_landscape
from landscape.models.view_objective import ProjectedTrajectory, current_trajectory
from landscape.optim.trajectory import Trajectory
from landscape.session import ModelConfig

CASES = [  # (model, data, settings)
    ("linreg", "linear", {}),
    ("multireg", "houses", {}),
    ("multireg", "multilinear", {"view": "x2+b", "standardise": "false"}),
    ("logreg", "blobs", {}),
]


def _never() -> bool:
    return False


def _objective(model, data, settings):
    config = ModelConfig(model, data, dict(settings), "pca", 16)
    return build_model_landscape(config, None, 60, _never).objective


def _design(dataset) -> np.ndarray:
    """Rows ``[x_1 … x_d, 1]``: the linear models' parameters are (w…, b)."""
    return np.column_stack([dataset.X, np.ones(dataset.m)])


@pytest.mark.parametrize(("model", "data", "settings"), CASES)
def test_f_is_the_full_loss_at_the_embedded_point(model, data, settings):
    obj = _objective(model, data, settings)
    rng = np.random.default_rng(1)
    for p in rng.normal(size=(4, 2)) + obj.default_start():
        assert obj.f(p) == pytest.approx(obj.model.f(obj.view.embed(p)), rel=1e-12)
        if model != "logreg":  # the mean squared error, written out
            theta = obj.view.embed(p)
            train = obj.model.data
            mse = np.mean((_design(train) @ theta - train.y) ** 2)
            assert obj.f(p) == pytest.approx(mse, rel=1e-10)


@pytest.mark.parametrize(("model", "data", "settings"), CASES)
def test_gradient_and_hessian_along_the_view_match_central_differences(model, data, settings):
    obj = _objective(model, data, settings)
    p = np.asarray(obj.default_start()) + np.array([0.3, -0.2])
    h = 1e-5
    numeric = np.array([(obj.f(p + h * e) - obj.f(p - h * e)) / (2 * h) for e in np.eye(2)])
    assert np.allclose(obj.grad(p), numeric, rtol=1e-5, atol=1e-7)
    numeric_h = np.array([(obj.grad(p + h * e) - obj.grad(p - h * e)) / (2 * h) for e in np.eye(2)])
    assert np.allclose(obj.hess(p), numeric_h, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(("model", "data", "settings"), CASES)
def test_start_and_displacements_in_view_coordinates(model, data, settings):
    obj = _objective(model, data, settings)
    start = np.asarray(obj.default_start()) + np.array([0.5, -1.25])
    x0 = obj.x0_for(start)
    assert np.allclose(obj.view.project(x0), start)
    moved = x0 - np.asarray(obj.context.x0, dtype=float)  # only the two viewed slots move
    assert np.count_nonzero(np.abs(moved) > 1e-12) <= 2
    d = np.zeros(obj.model.n)
    d[list(obj.view.view_indices)] = (2.0, -3.0)
    assert np.allclose(obj.project_vector(d), (2.0, -3.0))


@pytest.mark.parametrize(("model", "data", "settings"), [c for c in CASES if c[0] != "logreg"])
def test_the_critical_point_is_the_least_squares_solution(model, data, settings):
    obj = _objective(model, data, settings)
    train = obj.model.data
    theta, *_ = np.linalg.lstsq(_design(train), train.y, rcond=None)
    (point,) = obj.critical_points()
    assert point.kind == "minimum"
    assert np.allclose(point.point, obj.view.project(theta), atol=1e-8)
    assert point.value == pytest.approx(np.mean((_design(train) @ theta - train.y) ** 2), rel=1e-9)
    assert all(e > 0 for e in point.eigenvalues)


def test_no_critical_point_when_the_slice_misses_the_optimum():
    settings = {"view": "x1+x2", "base": "0+0+0+0+0"}
    obj = _objective("multireg", "multilinear", settings)
    assert obj.critical_points() == []


@pytest.mark.parametrize(("model", "data", "settings"), CASES)
def test_a_run_trains_every_parameter_and_is_drawn_projected(model, data, settings):
    obj = _objective(model, data, settings)
    traj = obj.train("gd", {"lr": 0.05}, obj.default_start(), 30, _never)
    assert isinstance(traj, Trajectory) and traj.optimizer == "gd" and traj.done
    full = traj.full
    assert np.allclose(traj.x0, obj.view.project(full.x0)) and traj.status == full.status
    assert traj.to_dict()["xs"] == traj.xs.tolist()  # everything a Trajectory offers works
    assert full.xs.shape == (31, obj.model.n) and traj.xs.shape == (31, 2)
    assert np.allclose(traj.xs, obj.view.project(full.xs))
    assert np.array_equal(traj.fs, full.fs)  # the loss of the full model
    assert len(traj.steps) == traj.n_steps == 30
    for k, step in enumerate(traj.steps):
        assert np.allclose(step.x, traj.xs[k]) and np.allclose(step.x_new, traj.xs[k + 1])
    assert np.allclose(traj.params_at(10**6), full.xs[-1])  # clamped
    assert np.allclose(traj.surface_fs, [obj.f(p) for p in traj.xs])
    test = obj.test_model
    assert np.allclose(traj.test_fs, [test.f(x) for x in full.xs])


def test_a_run_is_current_only_on_the_landscape_it_was_trained_on():
    config = ModelConfig("linreg", "linear", {}, "pca", 12)
    first = build_model_landscape(config, None, 20, _never)
    second = build_model_landscape(config, None, 20, _never)
    traj = first.objective.train("adam", {}, first.objective.default_start(), 5, _never)
    entry = SimpleNamespace(trajectory=traj)
    assert isinstance(traj, ProjectedTrajectory)
    assert current_trajectory(entry, first) is traj
    assert current_trajectory(entry, second) is None  # trained on an earlier landscape
    assert current_trajectory(entry, None) is None
    assert current_trajectory(SimpleNamespace(trajectory=None), first) is None
    assert current_trajectory(None, first) is None


def test_a_run_on_f_itself_stands_on_its_own_values():
    from landscape.objective import CallableObjective
    from landscape.optim import make_optimizer, run

    bowl = CallableObjective(lambda x: float(x @ x), lambda x: 2 * x)
    traj = run(make_optimizer("gd", lr=0.1), bowl, (1.0, -2.0), max_steps=5)
    assert traj.surface_fs is traj.fs or np.array_equal(traj.surface_fs, traj.fs)
