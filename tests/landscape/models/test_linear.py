"""Linear and multiple linear regression: lstsq optimum, exact derivatives, slices."""

import numpy as np
import pytest

from landscape.calculus import numerical_gradient
from landscape.errors import InputError
from landscape.models.data import make_linear, make_moons, make_multilinear
from landscape.models.linear import LinearRegression, MultipleLinearRegression, design
from landscape.optim import make_optimizer, run


@pytest.fixture
def linreg():
    return LinearRegression(make_linear(80, seed=4))


def test_optimum_is_lstsq(linreg):
    A = design(linreg.data.X)
    expected = np.linalg.lstsq(A, linreg.data.y, rcond=None)[0]
    assert np.allclose(linreg.theta_star, expected, atol=1e-12)
    assert linreg.f(expected) == pytest.approx(linreg.f_min, rel=1e-12)
    assert np.linalg.norm(linreg.grad(expected)) < 1e-10


def test_exact_gradient_and_hessian(linreg):
    rng = np.random.default_rng(0)
    for x in rng.normal(0, 3, (5, 2)):
        assert np.allclose(linreg.grad(x), numerical_gradient(linreg.f, x), rtol=1e-6, atol=1e-6)
        H_num = np.array(
            [numerical_gradient(lambda z, i=i: linreg.grad(z)[i], x) for i in range(2)]
        )
        assert np.allclose(linreg.hess(x), H_num, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name, hyper", [("gd", {"lr": 0.2, "gtol": 1e-10}), ("newton", {})])
def test_optimizers_reach_lstsq(linreg, name, hyper):
    traj = run(make_optimizer(name, **hyper), linreg, np.zeros(2), max_steps=5000)
    assert traj.status == "converged"
    assert np.allclose(traj.xs[-1], linreg.theta_star, atol=1e-6)


def test_grid_matches_point_values(linreg):
    u, v = np.linspace(-2, 4, 7)[:, None], np.linspace(-1, 3, 5)[None, :]
    z = linreg.f_grid(u, v)
    g = linreg.grad_grid(u, v)
    assert z.shape == (7, 5) and g.shape == (2, 7, 5)
    for i, j in [(0, 0), (3, 2), (6, 4)]:
        x = np.array([u[i, 0], v[0, j]])
        assert z[i, j] == pytest.approx(linreg.f(x), rel=1e-10)
        assert np.allclose(g[:, i, j], linreg.grad(x), rtol=1e-10, atol=1e-10)


def test_minibatch_gradients_average_to_full(linreg):
    x = np.array([0.3, -0.7])
    batches = np.arange(80).reshape(8, 10)
    mean = np.mean([linreg.minibatch_grad(x, b) for b in batches], axis=0)
    assert np.allclose(mean, linreg.grad(x), rtol=1e-12, atol=1e-12)


def test_linreg_needs_one_feature_and_regression_data():
    with pytest.raises(InputError, match="one feature"):
        LinearRegression(make_multilinear())
    assert LinearRegression(make_multilinear(), feature="x2").n == 2
    with pytest.raises(InputError, match="regression data"):
        LinearRegression(make_moons())


def test_multireg_trains_all_coefficients_and_views_a_slice():
    model = MultipleLinearRegression(make_multilinear(150, d=4, seed=1), view_indices=(1, 3))
    assert model.n == 5 and model.view.view_indices == (1, 3)
    expected = np.linalg.lstsq(design(model.data.X), model.data.y, rcond=None)[0]
    assert np.allclose(model.theta_star, expected)
    traj = run(make_optimizer("newton"), model, np.zeros(5))
    assert np.allclose(traj.xs[-1], expected, atol=1e-6)
    x = np.random.default_rng(2).normal(size=5)
    assert np.allclose(model.grad(x), numerical_gradient(model.f, x), rtol=1e-6, atol=1e-5)
    # the view: embed/project round trip; the slice's grid equals f at embedded points
    p = np.array([0.5, -1.5])
    full = model.view.embed(p)
    assert np.allclose(model.view.project(full), p)
    assert np.allclose(np.delete(full, [1, 3]), np.delete(model.theta_star, [1, 3]))
    assert model.f_grid(np.array(0.5), np.array(-1.5)) == pytest.approx(model.f(full), rel=1e-10)
    g = model.grad_grid(np.array([0.5]), np.array([-1.5]))[:, 0]
    assert np.allclose(g, model.grad(full)[[1, 3]])


def test_multireg_view_with_chosen_base_point():
    data = make_multilinear(100, d=3, seed=0)
    base = np.array([1.0, 2.0, 3.0, 4.0])
    model = MultipleLinearRegression(data, (0, 2), base)
    full = model.view.embed(np.array([7.0, 8.0]))
    assert np.allclose(full, [7.0, 2.0, 8.0, 4.0])
    assert model.f_grid(np.array([7.0]), np.array([8.0]))[0] == pytest.approx(model.f(full))
    with pytest.raises(InputError):
        MultipleLinearRegression(data, (0, 0))
