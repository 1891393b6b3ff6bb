"""Test objectives: the preset-like surfaces with their starts and minima, quadratics, and a
tiny data objective with mini-batches."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from landscape.objective import CallableObjective, SymbolicObjective

X, Y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)


@dataclass(frozen=True)
class Problem:
    name: str
    expr: object
    start: tuple[float, float]
    f_min: float
    minima: tuple[tuple[float, float], ...]

    def objective(self) -> SymbolicObjective:
        obj = SymbolicObjective.from_exprs(self.expr, (X, Y), text=self.name)
        obj.f_min, obj.minima = self.f_min, self.minima
        return obj

    def distance(self, x: np.ndarray) -> float:
        return min(float(np.linalg.norm(np.asarray(x) - np.array(m))) for m in self.minima)


HIMMELBLAU_MINIMA = (
    (3.0, 2.0),
    (-2.805118086952745, 3.131312518250573),
    (-3.779310253377747, -3.283185991286170),
    (3.584428340330492, -1.848126526964404),
)

PROBLEMS = {
    p.name: p
    for p in (
        Problem("bowl", X**2 + Y**2, (1.5, -1.2), 0.0, ((0.0, 0.0),)),
        Problem("seed", X**2 + 2 * X * Y + 3 * Y**2, (2.0, 3.0), 0.0, ((0.0, 0.0),)),
        Problem(
            "booth", (X + 2 * Y - 7) ** 2 + (2 * X + Y - 5) ** 2, (0.0, 0.0), 0.0, ((1.0, 3.0),)
        ),
        Problem(
            "rosenbrock", (1 - X) ** 2 + 100 * (Y - X**2) ** 2, (-1.2, 1.0), 0.0, ((1.0, 1.0),)
        ),
        Problem(
            "beale",
            (sympy.Rational(3, 2) - X + X * Y) ** 2
            + (sympy.Rational(9, 4) - X + X * Y**2) ** 2
            + (sympy.Rational(21, 8) - X + X * Y**3) ** 2,
            (1.0, 1.0),
            0.0,
            ((3.0, 0.5),),
        ),
        Problem(
            "himmelblau",
            (X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2,
            (0.0, 0.0),
            0.0,
            HIMMELBLAU_MINIMA,
        ),
    )
}


def problem(name: str) -> tuple[Problem, SymbolicObjective, np.ndarray]:
    p = PROBLEMS[name]
    return p, p.objective(), np.array(p.start, dtype=float)


def symbolic(expr) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(expr, (X, Y))


def quadratic(A, b=None) -> CallableObjective:
    """f = ½xᵀAx − bᵀx with exact derivatives; the minimiser is A⁻¹b when A is SPD."""
    A = np.array(A, dtype=float)
    n = A.shape[0]
    b = np.zeros(n) if b is None else np.array(b, dtype=float)
    names = tuple(f"x{i}" for i in range(n))
    return CallableObjective(
        lambda x: 0.5 * x @ A @ x - b @ x, lambda x: A @ x - b, lambda x: A, variables=names
    )


def random_spd(n: int, seed: int, cond: float = 50.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return q @ np.diag(np.geomspace(1.0, cond, n)) @ q.T


class LineData(CallableObjective):
    """Least squares for y ≈ a·t + b on a small seeded data set, with mini-batch gradients.

    f(a, b) = mean_i ½(a tᵢ + b − yᵢ)²; ``minibatch_grad`` is the same mean over the indices.
    """

    has_minibatches = True

    def __init__(self, n_samples: int = 40, seed: int = 3) -> None:
        rng = np.random.default_rng(seed)
        self.t = np.linspace(-1.0, 1.0, n_samples)
        self.y = 2.0 * self.t - 0.5 + 0.1 * rng.standard_normal(n_samples)
        self.n_samples = n_samples
        design = np.column_stack([self.t, np.ones(n_samples)])
        self.solution = np.linalg.lstsq(design, self.y, rcond=None)[0]
        super().__init__(
            self._loss, self._full_grad, variables=("a", "b"), minima=[tuple(self.solution)]
        )
        self.batches: list[np.ndarray] = []

    def _residual(self, p, idx):
        return p[0] * self.t[idx] + p[1] - self.y[idx]

    def _loss(self, p):
        r = self._residual(p, slice(None))
        return 0.5 * float(r @ r) / self.n_samples

    def _full_grad(self, p):
        r = self._residual(p, slice(None))
        return np.array([r @ self.t, r.sum()]) / self.n_samples

    def minibatch_grad(self, x, indices):
        self.batches.append(np.array(indices))
        r = self._residual(x, indices)
        return np.array([r @ self.t[indices], r.sum()]) / len(indices)
