"""What theory says exactly: GD's 2/L threshold, Newton's one step, CG's n steps, and the first
steps of momentum, Nesterov and Adam computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from landscape.optim import make_optimizer, run

from ._problems import problem, quadratic, random_spd

A2 = np.array([[3.0, 1.0], [1.0, 2.0]])
L2 = float(np.linalg.eigvalsh(A2)[-1])  # (5 + √5)/2 ≈ 3.618


@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.9, 0.99])
def test_gd_with_lr_below_2_over_L_converges(fraction):
    traj = run(
        make_optimizer("gd", lr=fraction * 2 / L2), quadratic(A2), (2.0, -1.0), max_steps=5000
    )
    assert traj.status == "converged", traj.message
    assert np.linalg.norm(traj.x_final) < 1e-5


@pytest.mark.parametrize("fraction", [1.01, 1.2, 2.0])
def test_gd_with_lr_above_2_over_L_diverges(fraction):
    traj = run(
        make_optimizer("gd", lr=fraction * 2 / L2), quadratic(A2), (2.0, -1.0), max_steps=5000
    )
    assert traj.status == "diverged", traj.message
    assert "diverged" in traj.message
    assert np.all(np.isfinite(traj.xs)) and np.all(np.abs(traj.xs) <= 1e6)


@pytest.mark.parametrize("n", [2, 3, 6])
def test_newton_solves_a_positive_definite_quadratic_in_one_step(n):
    A = random_spd(n, seed=n, cond=1e3)
    b = np.arange(1.0, n + 1)
    traj = run(make_optimizer("newton"), quadratic(A, b), np.full(n, 5.0), gtol=1e-8)
    assert traj.status == "converged" and traj.n_steps == 1, traj.message
    np.testing.assert_allclose(traj.x_final, np.linalg.solve(A, b), rtol=1e-9, atol=1e-9)
    assert traj.steps[0].step_size == 1.0 and traj.steps[0].extras["safeguard"] == "none"


@pytest.mark.parametrize("variant", ["fletcher_reeves", "polak_ribiere_plus", "hestenes_stiefel"])
@pytest.mark.parametrize("n", [2, 3, 5])
def test_cg_with_exact_line_search_needs_at_most_n_steps(variant, n):
    # c₂ = 1e-8 makes the strong-Wolfe search exact: on a quadratic φ(α) its cubic
    # interpolation returns the exact line minimiser.
    A = random_spd(n, seed=10 + n, cond=30.0)
    b = np.linspace(-1.0, 2.0, n)
    obj = quadratic(A, b)
    x0 = np.full(n, 3.0)
    g0 = np.linalg.norm(A @ x0 - b)
    opt = make_optimizer("cg", variant=variant, c1=1e-10, c2=1e-8, powell_restart=False)
    traj = run(opt, obj, x0, gtol=1e-9 * g0, max_steps=50)
    assert traj.status == "converged" and traj.n_steps <= n, (traj.n_steps, traj.message)
    np.testing.assert_allclose(traj.x_final, np.linalg.solve(A, b), atol=1e-7)


def test_cg_on_the_seed_quadratic_takes_two_steps_with_defaults():
    _, obj, x0 = problem("seed")
    traj = run(make_optimizer("cg"), obj, x0, gtol=1e-10)
    assert traj.status == "converged" and traj.n_steps == 2


# -- first steps by hand on the seed f = x² + 2xy + 3y², ∇f = (2x + 2y, 2x + 6y), x0 = (2, 3) --
def _first_two(name, **hyper):
    _, obj, x0 = problem("seed")
    opt = make_optimizer(name, **hyper)
    state = opt.init(x0)
    x1, state, info1 = opt.step(x0, state, obj)
    x2, state, info2 = opt.step(x1, state, obj)
    return x1, x2, info1, info2


def test_momentum_first_two_steps_by_hand():
    x1, x2, _, info2 = _first_two("momentum", lr=0.1, beta=0.9)
    # g0 = (10, 22); v1 = −0.1·g0 = (−1, −2.2); x1 = (1, 0.8)
    np.testing.assert_allclose(x1, [1.0, 0.8], rtol=1e-14)
    # g1 = (3.6, 6.8); v2 = 0.9·v1 − 0.1·g1 = (−1.26, −2.66); x2 = (−0.26, −1.86)
    np.testing.assert_allclose(info2.extras["velocity"], [-1.26, -2.66], rtol=1e-13)
    np.testing.assert_allclose(x2, [-0.26, -1.86], rtol=1e-13)


def test_nesterov_first_two_steps_by_hand():
    x1, x2, _, _ = _first_two("nesterov", lr=0.1, beta=0.9)
    # v1 = −0.1·(10, 22) = (−1, −2.2); y1 = y0 + 0.9·v1 − 0.1·g0 = (2, 3) − 1.9·(1, 2.2)
    np.testing.assert_allclose(x1, [0.1, -1.18], rtol=1e-13)
    # g1 = ∇f(0.1, −1.18) = (−2.16, −6.88); v2 = 0.9·v1 − 0.1·g1 = (−0.684, −1.292)
    # y2 = y1 + 0.9·v2 − 0.1·g1 = (0.1 − 0.6156 + 0.216, −1.18 − 1.1628 + 0.688)
    np.testing.assert_allclose(x2, [-0.2996, -1.6548], rtol=1e-12)


def test_adam_first_two_steps_by_hand():
    x1, x2, _, info2 = _first_two("adam", lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    g0 = np.array([10.0, 22.0])
    m1, v1 = 0.1 * g0, 0.001 * g0**2
    # bias-corrected: m̂ = g0, v̂ = g0², so the first step is −lr·sign(g0) (up to ε)
    x1_hand = np.array([2.0, 3.0]) - 0.1 * (m1 / 0.1) / (np.sqrt(v1 / 0.001) + 1e-8)
    np.testing.assert_allclose(x1, x1_hand, rtol=1e-15)
    np.testing.assert_allclose(x1, [1.9, 2.9], atol=1e-9)
    g1 = np.array([2 * 1.9 + 2 * 2.9, 2 * 1.9 + 6 * 2.9])  # (9.6, 21.2) up to ε
    m2 = 0.9 * m1 + 0.1 * g1  # (1.86, 4.10)
    v2 = 0.999 * v1 + 0.001 * g1**2  # (0.19206, 0.932956)
    m_hat, v_hat = m2 / (1 - 0.9**2), v2 / (1 - 0.999**2)
    x2_hand = x1_hand - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(info2.extras["velocity"], [1.86, 4.10], rtol=1e-8)
    np.testing.assert_allclose(info2.extras["v"], [0.19206, 0.932956], rtol=1e-8)
    np.testing.assert_allclose(x2, x2_hand, rtol=1e-8)
    assert math.isclose(x2[0], 1.9 - 0.1 * 9.7894736842 / 9.8019406, rel_tol=1e-6)


def test_adam_without_bias_correction_and_amsgrad():
    x1, _, _, _ = _first_two("adam", lr=0.1, bias_correction=False)
    # m1/√v1 = 0.1·g0 / (√0.001·|g0|) = 0.1/√0.001 ≈ 3.1623 per coordinate
    np.testing.assert_allclose(x1, [2.0, 3.0] - 0.1 * 0.1 / np.sqrt(0.001), rtol=1e-7)
    _, _, _, info2 = _first_two("adam", lr=0.1, amsgrad=True)
    assert np.all(info2.extras["v_max"] >= info2.extras["v"])


def test_adamw_decay_is_decoupled():
    _, obj, x0 = problem("seed")
    adam, adamw = make_optimizer("adam", lr=0.1), make_optimizer("adamw", lr=0.1, weight_decay=0.5)
    xa, _, _ = adam.step(x0, adam.init(x0), obj)
    xw, _, _ = adamw.step(x0, adamw.init(x0), obj)
    # x1 = x0 − lr·(m̂/(√v̂ + ε) + λ x0): the decay term does not pass through m or v
    np.testing.assert_allclose(xw, xa - 0.1 * 0.5 * x0, rtol=1e-14)


def test_adagrad_and_rmsprop_first_step_by_hand():
    x1, _, info1, _ = _first_two("adagrad", lr=0.5)
    np.testing.assert_allclose(info1.extras["accumulator"], [100.0, 484.0])
    np.testing.assert_allclose(
        x1, [2.0, 3.0] - 0.5 * np.array([10, 22]) / (np.array([10, 22]) + 1e-8), rtol=1e-15
    )
    x1, _, info1, _ = _first_two("rmsprop", lr=0.01, rho=0.9)
    np.testing.assert_allclose(info1.extras["v"], [10.0, 48.4])
    np.testing.assert_allclose(
        x1, [2.0, 3.0] - 0.01 * np.array([10, 22]) / (np.sqrt([10.0, 48.4]) + 1e-8), rtol=1e-15
    )
