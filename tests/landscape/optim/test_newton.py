"""Newton: the rounding-level positive-definite test, the trust-region safeguard against scipy's
trust-exact, the exact subproblem solution (its optimality conditions), the step cap of the
modification safeguards, and the message on a non-smooth f."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize as so
import sympy

from landscape.objective import CallableObjective
from landscape.optim import make_optimizer, run
from landscape.optim.curvature import analyse, curvature_tolerance
from landscape.optim.trust_region import solve_subproblem

from ._problems import PROBLEMS, X, Y, quadratic, random_spd, symbolic

R = sympy.Rational
MCCORMICK = sympy.sin(X + Y) + (X - Y) ** 2 - R(3, 2) * X + R(5, 2) * Y + 1
POWELL = (10**4 * X * Y - 1) ** 2 + (sympy.exp(-X) + sympy.exp(-Y) - R(10001, 10000)) ** 2


# -- the positive-definite test -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("diagonal", "kind"),
    [
        ((2.0, 2.0), "minimum"),
        ((2.0, 2e9), "minimum"),  # x² + 10⁹y²: condition number 10⁹
        ((1.0, 1e14), "minimum"),  # still above rounding error
        ((1e-30, 2e-30), "minimum"),  # scale-free: a tiny positive-definite Hessian
        ((-2.0, 2.0), "saddle"),
        ((-2.0, -2.0), "maximum"),
        ((0.0, 2.0), "degenerate"),
        ((1e-20, 1.0), "degenerate"),  # 1e-20 is below 8·2·u·1: indistinguishable from 0
        ((-2.0, 0.0), "not a minimum"),
        ((0.0, 0.0), "degenerate"),
    ],
)
def test_curvature_kind_uses_a_rounding_error_tolerance(diagonal, kind):
    q, _ = np.linalg.qr(np.array([[1.0, 2.0], [-0.5, 1.0]]))  # a rotation: not just diagonals
    H = q @ np.diag(diagonal) @ q.T
    curv = analyse(H)
    assert curv.kind() == kind
    assert curv.positive_definite == (kind == "minimum")
    assert curv.tol == pytest.approx(curvature_tolerance(np.array(diagonal)), rel=1e-6, abs=0)


#: (f, start): positive-definite quadratics Newton must solve in exactly one step
PD_QUADRATICS = {
    "x²+1e9y²": (X**2 + 10**9 * Y**2, (1.0, 1.0)),
    "seed": (PROBLEMS["seed"].expr, (2.0, 3.0)),
    "booth": (PROBLEMS["booth"].expr, (0.0, 0.0)),
    "matyas": (R(26, 100) * (X**2 + Y**2) - R(48, 100) * X * Y, (5.0, -3.0)),
    "far start": (X**2 + 3 * Y**2, (4e4, -3e4)),
}


@pytest.mark.parametrize("name", list(PD_QUADRATICS))
def test_newton_solves_positive_definite_quadratics_in_one_step(name):
    expr, x0 = PD_QUADRATICS[name]
    traj = run(make_optimizer("newton"), symbolic(expr), x0)
    assert traj.status == "converged" and traj.n_steps == 1, traj.message
    assert traj.steps[0].extras["safeguard"] == "none"
    assert traj.steps[0].extras["multiplier"] == 0.0


@pytest.mark.parametrize(("n", "cond"), [(2, 1e8), (3, 1e10), (5, 1e12)])
def test_one_step_on_badly_conditioned_random_quadratics(n, cond):
    A = random_spd(n, seed=n, cond=cond)
    b = np.linspace(1.0, 2.0, n)
    x0 = np.full(n, 5.0)
    g0 = float(np.linalg.norm(A @ x0 - b))
    # one exact step leaves only rounding error, ~u·‖A‖‖x0‖; any modified step leaves far more
    traj = run(make_optimizer("newton"), quadratic(A, b), x0, gtol=1e-12 * g0)
    assert traj.status == "converged" and traj.n_steps == 1, traj.message
    assert traj.steps[0].extras["safeguard"] == "none"


# -- against scipy's trust-exact -----------------------------------------------------------------
SCIPY_PROBLEMS = {
    "mccormick": (MCCORMICK, (0.0, 0.0)),
    "powell badly scaled": (POWELL, (0.0, 1.0)),
    "rosenbrock": (PROBLEMS["rosenbrock"].expr, (-1.2, 1.0)),
    "himmelblau": (PROBLEMS["himmelblau"].expr, (0.0, 0.0)),
    "beale": (PROBLEMS["beale"].expr, (1.0, 1.0)),
    "x²+1e9y²": (X**2 + 10**9 * Y**2, (1.0, 1.0)),
}


@pytest.mark.parametrize("name", list(SCIPY_PROBLEMS))
def test_default_newton_reaches_the_minimum_scipy_trust_exact_reaches(name):
    expr, x0 = SCIPY_PROBLEMS[name]
    ref_obj = symbolic(expr)
    ref = so.minimize(ref_obj.f, x0, jac=ref_obj.grad, hess=ref_obj.hess, method="trust-exact")
    assert ref.success, ref.message
    traj = run(make_optimizer("newton"), symbolic(expr), x0, max_steps=1000)
    assert traj.status == "converged", traj.message
    # scipy stops on its own gtol (McCormick: 1.4e-5 from the minimiser), so x within 1e-4
    scale = max(1.0, float(np.linalg.norm(ref.x)))
    np.testing.assert_allclose(traj.x_final, ref.x, rtol=0, atol=1e-4 * scale)
    assert traj.f_final <= ref.fun + 1e-9 * max(1.0, abs(ref.fun))
    assert traj.n_steps <= 2 * ref.nit  # scipy counts rejected tries as iterations too


def test_mccormick_minimiser_is_exact():
    # ∇f = 0: x − y = 1 and cos(x + y) = −1/2, so x + y = −2π/3
    traj = run(make_optimizer("newton"), symbolic(MCCORMICK), (0.0, 0.0), gtol=1e-9)
    assert traj.status == "converged", traj.message
    c = -np.pi / 3
    np.testing.assert_allclose(traj.x_final, [c + 0.5, c - 0.5], rtol=0, atol=1e-9)


def test_mccormick_no_longer_takes_a_huge_step():
    # ∇²f(0, 0) = [[2, −2], [−2, 2]] is singular: the old step was 5.3e7 long
    traj = run(make_optimizer("newton"), symbolic(MCCORMICK), (0.0, 0.0))
    first = traj.steps[0]
    assert first.extras["safeguard"] == "trust_region"
    assert np.linalg.norm(first.extras["newton_step"]) <= 1.0 + 1e-12  # Δ₀ = 1
    assert max(np.linalg.norm(s.x_new - s.x) for s in traj.steps) <= 2.0


def test_newton_cg_of_scipy_misses_powell_and_we_do_not():
    obj = symbolic(POWELL)
    res = so.minimize(obj.f, (0.0, 1.0), jac=obj.grad, hess=obj.hess, method="Newton-CG")
    traj = run(make_optimizer("newton"), symbolic(POWELL), (0.0, 1.0))
    assert res.fun > 1e-3 and traj.f_final < 1e-20  # f* = 0 at (1.098e-5, 9.106)


# -- the subproblem: optimality conditions (Moré & Sorensen; N&W Theorem 4.1) -------------------
def _check_optimal(B, g, radius, sub):
    p, mu = sub.p, sub.multiplier
    n = len(g)
    scale = max(1.0, float(np.abs(B).max()), float(np.linalg.norm(g)))
    assert np.linalg.norm(p) <= radius * (1 + 1e-9)
    assert mu >= 0.0
    np.testing.assert_allclose((B + mu * np.eye(n)) @ p, -g, atol=1e-8 * scale)
    assert np.linalg.eigvalsh(B + mu * np.eye(n))[0] >= -1e-9 * scale
    assert mu * (radius - np.linalg.norm(p)) <= 1e-8 * scale * radius
    assert sub.predicted == pytest.approx(-(g @ p + 0.5 * p @ B @ p), rel=1e-12, abs=1e-14)


SUBPROBLEMS = {
    "interior newton": (np.diag([2.0, 4.0]), [1.0, 1.0], 10.0, False),
    "positive definite, boundary": (np.diag([2.0, 4.0]), [10.0, 10.0], 1.0, False),
    "indefinite": (np.diag([-2.0, 1.0]), [1.0, 1.0], 1.5, False),
    "hard case": (np.diag([-2.0, 1.0]), [0.0, 1.0], 2.0, True),
    "singular": (np.array([[2.0, -2.0], [-2.0, 2.0]]), [-0.5, 3.5], 1.0, False),
    "zero hessian": (np.zeros((2, 2)), [1.0, 1.0], 0.5, False),
    "3-d indefinite": (
        np.array([[1.0, 2.0, 0.0], [2.0, -3.0, 1.0], [0.0, 1.0, 0.5]]),
        [0.3, -1.0, 2.0],
        0.7,
        False,
    ),
}


@pytest.mark.parametrize("name", list(SUBPROBLEMS))
def test_subproblem_solution_satisfies_the_optimality_conditions(name):
    B, g, radius, hard = SUBPROBLEMS[name]
    g = np.array(g, dtype=float)
    sub = solve_subproblem(g, analyse(B), radius)
    _check_optimal(B, g, radius, sub)
    assert sub.hard_case == hard


@pytest.mark.parametrize("seed", range(8))
def test_subproblem_beats_every_point_of_a_fine_polar_grid(seed):
    rng = np.random.default_rng(seed)
    B = rng.standard_normal((2, 2))
    B = B + B.T
    g = rng.standard_normal(2)
    radius = float(rng.uniform(0.1, 3.0))
    sub = solve_subproblem(g, analyse(B), radius)
    r, t = np.meshgrid(np.linspace(0, radius, 400), np.linspace(0, 2 * np.pi, 800))
    P = np.stack([r * np.cos(t), r * np.sin(t)], axis=-1)
    m = P @ g + 0.5 * np.einsum("...i,ij,...j->...", P, B, P)
    assert -sub.predicted <= m.min() + 1e-12
    _check_optimal(B, g, radius, sub)


# -- the modification safeguards ----------------------------------------------------------------
@pytest.mark.parametrize("safeguard", ["eigenvalue_modification", "levenberg"])
def test_modification_safeguards_cap_the_step(safeguard):
    traj = run(
        make_optimizer("newton", safeguard=safeguard), symbolic(MCCORMICK), (0.0, 0.0), max_steps=3
    )
    first = traj.steps[0].extras
    assert first["safeguard"] == safeguard and first["step_capped"]
    assert np.linalg.norm(first["newton_step"]) == pytest.approx(1e3)  # 10³·max(1, ‖x0‖)


# -- non-smooth f --------------------------------------------------------------------------------
def _abs_objective(second):
    """|x| + |y| (second="abs") or |x| + y² (second="square"), a.e. derivatives."""

    def f(x):
        return abs(x[0]) + (abs(x[1]) if second == "abs" else x[1] ** 2)

    def grad(x):
        return np.array([np.sign(x[0]), np.sign(x[1]) if second == "abs" else 2 * x[1]])

    def hess(x):
        return np.diag([0.0, 0.0 if second == "abs" else 2.0])

    obj = CallableObjective(f, grad, hess)
    obj.nonsmooth = ("abs",)
    return obj


@pytest.mark.parametrize(
    ("second", "words"),
    [
        (
            "abs",
            "∇²f is 0 almost everywhere here (f is built from abs): Newton needs a "
            "twice-differentiable f",
        ),
        ("square", "∇²f is singular here (f is built from abs"),
    ],
)
def test_newton_on_a_non_smooth_f_says_why(second, words):
    traj = run(make_optimizer("newton"), _abs_objective(second), (1.3, 0.7), max_steps=50)
    assert words in traj.message, traj.message


def test_a_smooth_f_gets_no_such_remark():
    traj = run(make_optimizer("newton"), symbolic(X**4 + Y**2), (1.0, 1.0))
    assert traj.status == "converged" and "twice-differentiable" not in traj.message
