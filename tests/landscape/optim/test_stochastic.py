"""SGD: seeded noise and mini-batches are reproducible, seeds differ, and replay from a saved
state repeats the same steps."""

from __future__ import annotations

import numpy as np

from landscape.optim import iterate, make_optimizer, run

from ._problems import LineData, problem


def test_seeded_sgd_runs_are_reproducible_and_seeds_differ():
    _, obj, x0 = problem("booth")
    opt = make_optimizer("sgd")
    a = run(opt, obj, x0, max_steps=300, seed=7)
    b = run(make_optimizer("sgd"), obj, x0, max_steps=300, seed=7)
    c = run(opt, obj, x0, max_steps=300, seed=8)
    np.testing.assert_array_equal(a.xs, b.xs)
    assert not np.allclose(a.xs[1:], c.xs[1:])
    assert a.seed == 7 and a.to_dict()["seed"] == 7


def test_sgd_noise_has_the_stated_scale():
    _, obj, x0 = problem("bowl")
    opt = make_optimizer("sgd", noise=0.3)
    state, x = opt.init(x0), x0
    noises = []
    for _ in range(2000):
        x, state, info = opt.step(x, state, obj)
        noises.append(info.extras["noise"])
        np.testing.assert_allclose(info.extras["stochastic_grad"], info.grad + noises[-1])
    noises = np.array(noises)
    assert abs(noises.std() - 0.3) < 0.02 and abs(noises.mean()) < 0.02


def test_replay_from_a_saved_state_repeats_the_steps():
    _, obj, x0 = problem("rosenbrock")
    for name, hyper in (
        ("sgd", {"lr": 1e-3}),
        ("adam", {}),
        ("bfgs", {}),
        ("lbfgs", {}),
        ("momentum", {"lr": 1e-4}),
    ):
        opt = make_optimizer(name, **hyper)
        x, state = x0, opt.init(x0, seed=5)
        saved = []
        for _ in range(30):
            saved.append((x, state))
            x, state, _ = opt.step(x, state, obj)
        x_replay, state_replay = saved[18]
        for _ in range(12):
            x_replay, state_replay, _ = opt.step(x_replay, state_replay, obj)
        np.testing.assert_array_equal(x_replay, x)


def test_steps_never_mutate_state_arrays():
    _, obj, x0 = problem("rosenbrock")
    for name in (
        "gd",
        "sgd",
        "momentum",
        "nesterov",
        "adagrad",
        "rmsprop",
        "adam",
        "adamw",
        "newton",
        "cg",
        "bfgs",
        "lbfgs",
    ):
        opt = make_optimizer(
            name, **({"lr": 1e-4} if name in ("gd", "sgd", "momentum", "nesterov") else {})
        )
        x, state = x0, opt.init(x0)
        x, state, _ = opt.step(x, state, obj)
        frozen = [(v.copy() if isinstance(v, np.ndarray) else v) for v in state]
        x_copy = x.copy()
        opt.step(x, state, obj)
        for before, after in zip(frozen, state, strict=True):
            if isinstance(before, np.ndarray):
                np.testing.assert_array_equal(before, after)
        np.testing.assert_array_equal(x, x_copy)


def test_minibatch_sgd_is_reproducible_and_samples_without_replacement():
    data = LineData(n_samples=40)
    opt = make_optimizer("sgd", batch_size=8, lr=0.2)
    a = run(opt, data, (0.0, 0.0), max_steps=200, seed=3)
    batches_a = [s.extras["batch"] for s in a.steps]
    b = run(opt, data, (0.0, 0.0), max_steps=200, seed=3)
    c = run(opt, data, (0.0, 0.0), max_steps=200, seed=4)
    np.testing.assert_array_equal(a.xs, b.xs)
    assert not np.allclose(a.xs[1:], c.xs[1:])
    for batch in batches_a:
        assert len(batch) == 8 and len(np.unique(batch)) == 8
        assert batch.min() >= 0 and batch.max() < 40
    assert len({tuple(b) for b in batches_a}) > 150  # different batches each step
    assert np.linalg.norm(a.x_final - data.solution) < 0.1
    assert "noise" not in a.steps[0].extras


def test_full_batch_sgd_is_gradient_descent():
    data = LineData(n_samples=20)
    sgd = run(make_optimizer("sgd", batch_size=20, lr=0.3), data, (1.0, 1.0), max_steps=100)
    gd = run(make_optimizer("gd", lr=0.3), data, (1.0, 1.0), max_steps=100)
    np.testing.assert_allclose(sgd.xs, gd.xs, rtol=0, atol=0)
    assert data.batches == []  # the full gradient was used, no mini-batch calls


def test_iterate_yields_each_step_as_it_goes():
    _, obj, x0 = problem("booth")
    r = iterate(make_optimizer("sgd"), obj, x0, max_steps=50, seed=2)
    seen = 0
    for info in r:
        seen += 1
        assert r.trajectory.n_steps == seen and r.trajectory.status == "running"
        np.testing.assert_array_equal(r.trajectory.xs[-1], info.x_new)
    assert r.trajectory.status == "max_steps"
