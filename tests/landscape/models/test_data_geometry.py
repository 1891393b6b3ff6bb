"""What the data view draws (landscape.models.data_geometry), in the data's own units, against
independent references: numpy.polyfit on the raw rows, the logistic model written out."""

from __future__ import annotations

import numpy as np
import pytest

from landscape.models.data_geometry import ModelOnData
from landscape.models.scene import build_model_landscape
from landscape.session import ModelConfig


def _never() -> bool:
    return False


def _geometry(model, data, settings=None):
    config = ModelConfig(model, data, dict(settings or {}), "pca", 16)
    objective = build_model_landscape(config, None, 60, _never).objective
    return objective, ModelOnData(objective)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@pytest.mark.parametrize(
    ("model", "data", "settings", "kind", "dynamic"),
    [
        ("linreg", "linear", {}, "line", False),
        ("multireg", "houses", {}, "pred", True),
        ("logreg", "blobs", {}, "boundary", False),
        ("logreg", "exams", {"features": "hours_studied"}, "curve", False),
    ],
)
def test_what_is_drawn_follows_the_task_and_the_features(model, data, settings, kind, dynamic):
    _, g = _geometry(model, data, settings)
    assert g.kind == kind and g.dynamic_points is dynamic
    assert g.x_label and g.y_label and g.description


@pytest.mark.parametrize("standardise", ["true", "false"])
def test_the_fitted_line_at_the_optimum_is_the_least_squares_line_in_data_units(standardise):
    objective, g = _geometry("linreg", "linear", {"standardise": standardise})
    raw = objective.context.data  # the file's own units
    train_rows = g.to_data(g.train_X)[:, 0]
    assert np.all(np.isin(np.round(train_rows, 9), np.round(raw.X[:, 0], 9)))
    slope, intercept = np.polyfit(train_rows, g.train_y, 1)
    got = g.line_coefficients(objective.model.theta_star)
    assert got == pytest.approx((slope, intercept), rel=1e-8)
    x, y = g.reference_curve()
    assert np.allclose(y, slope * x + intercept)


@pytest.mark.parametrize("points", [np.array([[0.0, 0.0], [1.5, -2.0], [-3.0, 4.0]])])
def test_units_round_trip(points):
    _, g = _geometry("logreg", "exams")
    assert np.allclose(g.to_model(g.to_data(points)), points)
    assert np.allclose(g.to_data(points), points * g.scale + g.mean)


@pytest.mark.parametrize("theta", [(2.0, -1.0), (0.5, 0.5), (-1.0, 3.0)])
def test_the_boundary_is_where_the_logistic_model_says_one_half(theta):
    objective, g = _geometry("logreg", "blobs")
    theta = np.asarray(theta)
    assert objective.model.parameter_names == ("w1", "w2")  # no intercept on blobs
    x, y = g.boundary(theta)
    assert x.size >= 2
    z = (np.column_stack([x, y]) - g.mean) / g.scale @ theta  # the model's logit, written out
    assert np.allclose(_sigmoid(z), 0.5, atol=1e-9)


def test_the_probability_grid_is_indexed_ij():
    objective, g = _geometry("logreg", "blobs")
    theta = np.array([1.0, -2.0])
    xs, ys, P = g.probability_grid(theta, 7)
    assert xs.shape == ys.shape == (7,) and P.shape == (7, 7)
    for i, j in ((0, 6), (3, 1), (6, 0)):
        z = (np.array([xs[i], ys[j]]) - g.mean) / g.scale @ theta
        assert P[i, j] == pytest.approx(_sigmoid(z), rel=1e-12)


def test_predicted_against_actual_moves_with_the_parameters():
    objective, g = _geometry("multireg", "houses")
    theta = np.asarray(objective.model.theta_star)
    actual, predicted, classes = g.points_at(theta)
    assert classes is None and np.array_equal(actual, g.test_y)
    assert np.allclose(predicted, np.column_stack([g.test_X, np.ones(len(g.test_y))]) @ theta)
    assert g.train_xy()[0].size == 0  # dynamic: nothing static to draw
