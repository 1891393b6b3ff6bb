"""Logistic regression: scipy's optimum, exact derivatives, stability, decision boundary."""

import numpy as np
import pytest
from scipy.optimize import minimize

from landscape.calculus import numerical_gradient
from landscape.models.data import make_blobs, make_moons
from landscape.models.logistic import LogisticRegression
from landscape.optim import make_optimizer, run


def _reference_loss(theta, A, y, l2, mask):
    z = A @ theta
    return np.mean(np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0) - y * z) + 0.5 * l2 * np.sum(
        mask * theta**2
    )


@pytest.mark.parametrize("intercept", [False, True])
@pytest.mark.parametrize("l2", [0.01, 0.1])
def test_minimum_matches_scipy(intercept, l2):
    data = make_moons(150, seed=3)
    model = LogisticRegression(data, l2=l2, intercept=intercept)
    A = np.column_stack([data.X, np.ones(data.m)]) if intercept else data.X
    mask = np.array([1.0, 1.0, 0.0]) if intercept else np.ones(2)
    ref = minimize(
        _reference_loss,
        np.zeros(model.n),
        args=(A, data.y, l2, mask),
        method="BFGS",
        options={"gtol": 1e-10},
    )
    assert np.allclose(model.theta_star, ref.x, atol=1e-4)
    assert model.f_min == pytest.approx(ref.fun, abs=1e-8)
    traj = run(make_optimizer("newton"), model, np.zeros(model.n))
    assert np.allclose(traj.xs[-1], ref.x, atol=1e-4)


def test_exact_gradient_and_hessian():
    model = LogisticRegression(make_blobs(60, seed=1), l2=0.05, intercept=True)
    rng = np.random.default_rng(0)
    for x in rng.normal(0, 2, (4, model.n)):
        assert np.allclose(model.grad(x), numerical_gradient(model.f, x), rtol=1e-6, atol=1e-7)
        H_num = np.array(
            [numerical_gradient(lambda z, i=i: model.grad(z)[i], x) for i in range(model.n)]
        )
        assert np.allclose(model.hess(x), H_num, rtol=1e-5, atol=1e-6)


def test_stable_for_huge_parameters():
    model = LogisticRegression(make_blobs(50, seed=0), l2=0.0)
    for x in ([1e4, 1e4], [-1e4, 3e3]):
        x = np.array(x)
        assert np.isfinite(model.f(x)) and np.all(np.isfinite(model.grad(x)))
        assert np.all(np.isfinite(model.hess(x)))
    z = model.f_grid(np.array([[1e4, -1e4]]), np.array([[1e4, 0.0]]))
    assert np.all(np.isfinite(z))


def test_grid_matches_points_and_chunks():
    model = LogisticRegression(make_blobs(100, seed=2), l2=0.01)
    u = np.linspace(-3, 3, 31)[:, None]
    v = np.linspace(-2, 2, 21)[None, :]
    z, g = model.f_grid(u, v), model.grad_grid(u, v)
    for i, j in [(0, 0), (15, 10), (30, 20)]:
        x = np.array([u[i, 0], v[0, j]])
        assert z[i, j] == pytest.approx(model.f(x), rel=1e-12)
        assert np.allclose(g[:, i, j], model.grad(x))


def test_minibatch_gradients_average_to_full():
    model = LogisticRegression(make_blobs(120, seed=5), l2=0.1, intercept=True)
    x = np.array([0.5, -1.0, 0.2])
    perm = np.random.default_rng(0).permutation(120).reshape(6, 20)
    mean = np.mean([model.minibatch_grad(x, b) for b in perm], axis=0)
    assert np.allclose(mean, model.grad(x), atol=1e-12)


def test_decision_boundary():
    data = make_blobs(200, seed=0)
    model = LogisticRegression(data, l2=0.01)
    seg = model.decision_boundary(model.theta_star, ((-5, 5), (-5, 5)))
    assert seg.shape == (2, 2)
    w = model.theta_star
    assert np.allclose(seg @ w, 0.0, atol=1e-9)  # on w·p = 0
    one = LogisticRegression(make_blobs(100, seed=1).select(["x1"]), l2=0.01)
    t = one.decision_boundary(np.array([2.0, -1.0]), (-5, 5))
    assert t == pytest.approx([0.5])
    assert one.decision_boundary(np.array([2.0, -20.0]), (-5, 5)) is None
    assert one.variables == ("w", "b")
