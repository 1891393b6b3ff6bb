"""Filter-normalised directions and trajectory PCA; the views' project/embed."""

import numpy as np
import pytest

from landscape.models.data import make_moons
from landscape.models.directions import (
    filter_normalize,
    filter_normalized_directions,
    trajectory_pca,
)
from landscape.models.mlp import MLP
from landscape.models.views import PlaneView, SliceView


@pytest.fixture(scope="module")
def model():
    return MLP(make_moons(50), hidden_layers=2, width=7, seed=3)


def test_each_block_gets_the_norm_of_its_weights(model):
    theta = model.x0 * 3.0 + 0.5
    dirs = filter_normalized_directions(model, theta, seed=1)
    for d in dirs:
        for (dW, db), (W, _b) in zip(
            model.layout.unflatten(d), model.layout.unflatten(theta), strict=True
        ):
            assert np.allclose(np.linalg.norm(dW, axis=1), np.linalg.norm(W, axis=1))
            assert np.linalg.norm(dW) == pytest.approx(np.linalg.norm(W))
            assert np.all(db == 0.0)
    assert not np.allclose(dirs[0], dirs[1])


def test_filter_normalize_is_scale_free(model):
    d = np.random.default_rng(0).standard_normal(model.n)
    assert np.allclose(
        filter_normalize(d, model.x0, model.layout), filter_normalize(5 * d, model.x0, model.layout)
    )


def test_pca_of_a_straight_line_has_one_component():
    start, end = np.array([1.0, 2.0, 3.0, 4.0]), np.array([-2.0, 0.0, 5.0, 1.0])
    t = np.linspace(0, 1, 40) ** 2
    xs = start + t[:, None] * (end - start)
    plane = trajectory_pca(xs)
    assert plane.explained_variance[0] == pytest.approx(1.0, abs=1e-12)
    assert plane.explained_variance[1] == pytest.approx(0.0, abs=1e-12)
    line = (end - start) / np.linalg.norm(end - start)
    assert abs(plane.directions[0] @ line) == pytest.approx(1.0)
    assert plane.directions[0] @ plane.directions[1] == pytest.approx(0.0, abs=1e-12)
    assert np.allclose(plane.embed(plane.project(xs)), xs)  # points on the plane come back
    assert np.allclose(plane.project(xs[-1]), 0.0)


def test_pca_of_a_curve_and_of_a_single_point():
    t = np.linspace(0, np.pi, 50)
    xs = np.column_stack([np.cos(t), np.sin(t), 0 * t])
    plane = trajectory_pca(xs)
    assert plane.explained_variance.sum() == pytest.approx(1.0)
    assert plane.residual(xs).max() < 1e-12
    single = trajectory_pca(np.ones((1, 3)))
    assert np.allclose(single.explained_variance, 0.0)
    assert np.allclose(single.directions @ single.directions.T, np.eye(2))


def test_views_project_and_embed():
    s = SliceView((2, 0), np.array([1.0, 2.0, 3.0]))
    assert np.allclose(s.embed(np.array([9.0, 8.0])), [8.0, 2.0, 9.0])
    assert np.allclose(s.project(np.array([[4.0, 5.0, 6.0]])), [[6.0, 4.0]])
    p = PlaneView(np.zeros(3), np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 2.0]]))
    pts = np.array([[0.5, -1.0], [2.0, 3.0]])
    assert np.allclose(p.project(p.embed(pts)), pts)
    with pytest.raises(ValueError):
        SliceView((1, 1), np.zeros(3))
