"""The MLP: layout, exact backprop, batched grids, mini-batches, the missing Hessian."""

from dataclasses import replace

import numpy as np
import pytest

from landscape.errors import InputError
from landscape.models.cli_support import build_model_objective
from landscape.models.data import make_circles, make_linear, make_moons
from landscape.models.directions import filter_normalized_plane
from landscape.models.mlp import MLP, Layout
from landscape.optim import make_optimizer, run


def _central_differences(f, x, h=1e-6):
    g = np.empty_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def test_layout_round_trip():
    layout = Layout((3, 5, 4, 1))
    assert layout.n == 3 * 5 + 5 + 5 * 4 + 4 + 4 + 1
    theta = np.arange(layout.n, dtype=float)
    layers = layout.unflatten(theta)
    assert [W.shape for W, _ in layers] == [(5, 3), (4, 5), (1, 4)]
    assert np.array_equal(layout.flatten(layers), theta)
    many = layout.unflatten_many(np.stack([theta, 2 * theta]))
    assert np.array_equal(many[1][0][1], 2 * layers[1][0])
    assert layout.weight_mask.sum() == 15 + 20 + 4


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("layers", [1, 3])
def test_backprop_matches_central_differences(activation, layers):
    data = make_moons(40, seed=1)
    model = MLP(data, hidden_layers=layers, width=5, activation=activation, l2=0.01, seed=2)
    x = model.x0 + 0.1 * np.random.default_rng(0).standard_normal(model.n)
    num = _central_differences(model.f, x)
    assert np.allclose(model.grad(x), num, rtol=1e-5, atol=1e-7)


def test_regression_mlp_backprop():
    model = MLP(make_linear(30, seed=0), hidden_layers=2, width=4, l2=0.001, seed=1)
    assert model.task == "regression"
    x = model.x0
    assert np.allclose(model.grad(x), _central_differences(model.f, x), rtol=1e-5, atol=1e-6)


def test_regression_loss_and_predictions_are_in_the_targets_units():
    """Targets ``c·y + t``: predictions ``c·ŷ + t``, loss and gradient ``c²×`` those on ``y``,
    from the same start (the network trains a standardised target); the loss is the mean
    squared error of the predictions plus ``s²·(λ/2)·Σ‖W‖²`` with ``s²`` the targets' variance."""
    data = make_linear(40, seed=3)
    c, t = 250.0, 1.0e5
    shifted = replace(data, y=c * data.y + t)
    model = MLP(data, hidden_layers=2, width=5, l2=0.01, seed=1)
    big = MLP(shifted, hidden_layers=2, width=5, l2=0.01, seed=1)
    x = model.x0 + 0.3 * np.random.default_rng(4).standard_normal(model.n)
    assert np.allclose(big.predict(x, data.X), c * model.predict(x, data.X) + t, rtol=1e-12)
    assert big.f(x) == pytest.approx(c**2 * model.f(x), rel=1e-9)
    assert np.allclose(big.grad(x), c**2 * model.grad(x), rtol=1e-8, atol=1e-8 * c**2)
    weights = model.layout.weight_mask * x
    for m, ys in ((model, data.y), (big, shifted.y)):
        mse = float(np.mean((m.predict(x, data.X) - ys) ** 2))
        penalty = 0.5 * 0.01 * float(np.var(ys)) * float(weights @ weights)
        assert m.f(x) == pytest.approx(mse + penalty, rel=1e-12)
    grid = big.f_grid(np.array([0.0, 0.5]), np.array([0.0, -0.5]))
    points = [big.f(big.view.embed(np.array(p))) for p in ((0.0, 0.0), (0.5, -0.5))]
    assert np.allclose(grid, points, rtol=1e-10)


def test_a_regression_network_starts_at_the_mean_target():
    """Houses: prices near 250 k, std 100 k; the output layer starts at the mean price, not 0."""
    model, _ctx = build_model_objective("mlp", "houses", {})
    pred = model.predict(model.x0, model.data.X)
    y = model.data.y
    assert abs(float(np.mean(pred)) - float(np.mean(y))) < 0.01 * float(np.std(y))
    assert float(np.std(pred)) < 0.5 * float(np.std(y))


def test_grid_matches_point_values():
    model = MLP(make_circles(60, seed=0), hidden_layers=2, width=6, seed=0)
    a = np.linspace(-1, 1, 5)[:, None]
    b = np.linspace(-1, 1, 4)[None, :]
    z = model.f_grid(a, b)
    g = model.grad_grid(a, b)
    assert z.shape == (5, 4) and g.shape == (2, 5, 4)
    D = model.view.directions
    for i, j in [(0, 0), (2, 1), (4, 3)]:
        theta = model.view.embed(np.array([a[i, 0], b[0, j]]))
        assert z[i, j] == pytest.approx(model.f(theta), rel=1e-10)
        assert np.allclose(g[:, i, j], D @ model.grad(theta), rtol=1e-8, atol=1e-10)
    assert model.f_grid(np.array(0.0), np.array(0.0)) == pytest.approx(model.f(model.x0))


def test_minibatch_gradients_average_to_full():
    model = MLP(make_moons(64, seed=0), hidden_layers=2, width=8, l2=0.01, seed=0)
    batches = np.random.default_rng(1).permutation(64).reshape(4, 16)
    mean = np.mean([model.minibatch_grad(model.x0, b) for b in batches], axis=0)
    assert np.allclose(mean, model.grad(model.x0), atol=1e-12)


def test_no_hessian_but_hvp():
    model = MLP(make_moons(30), hidden_layers=1, width=3)
    with pytest.raises(InputError, match="no exact Hessian"):
        model.hess(model.x0)
    v = np.random.default_rng(0).standard_normal(model.n)
    H = np.array(
        [
            _central_differences(lambda z, i=i: model.grad(z)[i], model.x0, 1e-5)
            for i in range(model.n)
        ]
    )
    assert np.allclose(model.hvp(model.x0, v), H @ v, rtol=1e-4, atol=1e-6)


def test_training_and_plane_through_trained_weights():
    model = MLP(make_moons(200, seed=0), hidden_layers=2, width=16, seed=0)
    traj = run(make_optimizer("adam", lr=0.05), model, model.x0, max_steps=300)
    assert traj.fs[-1] < 0.5 * traj.fs[0]
    model.set_view(filter_normalized_plane(model, traj.xs[-1], seed=0))
    assert model.f_grid(np.array(0.0), np.array(0.0)) == pytest.approx(traj.fs[-1])
    acc = model.evaluate(traj.xs[-1], model.data)["accuracy"]
    assert acc > 0.85


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"hidden_layers": 4}, "hidden_layers"),
        ({"width": 0}, "width"),
        ({"activation": "gelu"}, "activation"),
        ({"l2": -1.0}, "L2"),
    ],
)
def test_bad_settings(kwargs, message):
    with pytest.raises(InputError, match=message):
        MLP(make_moons(20), **kwargs)
