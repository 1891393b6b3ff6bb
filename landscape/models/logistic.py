"""Logistic regression: mean cross-entropy with an L2 penalty, numerically stable.

With ``z = A θ`` (``A = X (m, d)``, or ``[X, 1] (m, d+1)`` with an intercept) and ``y ∈ {0, 1}``:

    L(θ) = mean(log(1 + e^z) - y z) + (λ/2) ‖w‖²,

where ``log(1 + e^z)`` is ``numpy.logaddexp(0, z)`` (no overflow for any z) and ``w`` is θ
without the intercept (the intercept is not penalised). Gradient
``Aᵀ(σ(z) - y)/m + λ w``, Hessian ``Aᵀ diag(σ(1-σ)) A / m + λ I_w``; ``σ(z)`` is computed as
``(1 + tanh(z/2))/2``, exact and overflow-free.

Two parameters make the classic pictures: ``(w1, w2)`` for two features without an intercept,
or ``(w, b)`` for one feature with one. More parameters are viewed on a 2-D slice.
"""

from __future__ import annotations

import numpy as np

from landscape.errors import InputError
from landscape.models.base import ModelObjective
from landscape.models.data import Dataset
from landscape.models.linear import design
from landscape.models.views import SliceView


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + e^{-z})`` without overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


class LogisticRegression(ModelObjective):
    """Binary cross-entropy + (λ/2)‖w‖² over ``d`` weights (+ an optional intercept ``b``).

    ``intercept`` defaults to True for one feature (view (w, b)) and False otherwise (view
    (w1, w2); standardise the features so that a line through the origin can separate them).
    ``theta_star`` / ``f_min`` hold the minimiser found by Newton's method, or None when it
    does not exist (λ = 0 on separable data).
    """

    task = "classification"

    def __init__(self, data: Dataset, l2: float = 0.01, intercept: bool | None = None) -> None:
        if data.task != "classification":
            raise InputError(
                f"logistic regression needs a binary classification data set "
                f"({data.name!r} is for regression)"
            )
        if not (l2 >= 0 and np.isfinite(l2)):
            raise InputError(f"the L2 strength must be a finite number ≥ 0, got {l2}")
        intercept = data.d == 1 if intercept is None else bool(intercept)
        names = ("w",) if data.d == 1 else tuple(f"w{i + 1}" for i in range(data.d))
        names += ("b",) if intercept else ()
        if len(names) < 2:
            raise InputError("logistic regression with one feature needs the intercept")
        super().__init__(data, names)
        self.l2, self.intercept = float(l2), intercept
        self._A = design(data.X) if intercept else data.X.copy()
        self._y = data.y
        self._mask = np.ones(self.n)  # which parameters the L2 term penalises
        if intercept:
            self._mask[-1] = 0.0
        self.theta_star = self._newton()
        if self.theta_star is not None:
            self.f_min = self._f(self.theta_star)
            self.minima = (tuple(float(t) for t in self.theta_star),)
        base = self.theta_star if self.theta_star is not None else np.zeros(self.n)
        self.view = SliceView((0, 1), base, (self.variables[0], self.variables[1]))

    def _features(self, X: np.ndarray) -> np.ndarray:
        return design(X) if self.intercept else np.asarray(X, dtype=float)

    def _f(self, x):
        z = self._A @ x
        return float(
            np.mean(np.logaddexp(0.0, z) - self._y * z) + 0.5 * self.l2 * np.sum(self._mask * x * x)
        )

    def _grad(self, x):
        return self._loss_grad(x, self.data.X, self._y)

    def _loss_grad(self, x, X, y):
        A = self._features(X)
        return A.T @ (sigmoid(A @ x) - y) / max(1, len(y)) + self.l2 * self._mask * x

    def _hess(self, x):
        s = sigmoid(self._A @ x)
        weights = s * (1.0 - s)
        return (self._A.T * weights) @ self._A / self.n_samples + self.l2 * np.diag(self._mask)

    def _f_many(self, thetas):
        Z = self._A @ thetas  # (m, K)
        data = np.mean(np.logaddexp(0.0, Z) - self._y[:, None] * Z, axis=0)
        return data + 0.5 * self.l2 * np.sum(self._mask[:, None] * thetas**2, axis=0)

    def _grad_many(self, thetas):
        S = sigmoid(self._A @ thetas) - self._y[:, None]
        return self._A.T @ S / self.n_samples + self.l2 * self._mask[:, None] * thetas

    def _newton(self, max_iter: int = 100, tol: float = 1e-12) -> np.ndarray | None:
        """Damped Newton from 0: the minimiser ``(n,)``, or None if it did not converge."""
        x = np.zeros(self.n)
        with np.errstate(all="ignore"):
            for _ in range(max_iter):
                g = self._grad(x)
                if np.linalg.norm(g) < tol:
                    return x
                try:
                    step = np.linalg.solve(self._hess(x), g)
                except np.linalg.LinAlgError:
                    return None
                t, f0 = 1.0, self._f(x)
                while self._f(x - t * step) > f0 - 1e-4 * t * (g @ step) and t > 1e-10:
                    t *= 0.5
                x = x - t * step
                if not np.all(np.isfinite(x)) or np.linalg.norm(x) > 1e6:
                    return None
        return x if np.linalg.norm(self._grad(x)) < 1e-8 else None

    # -- predictions ------------------------------------------------------------------------
    def predict_proba(self, x: np.ndarray, X: np.ndarray) -> np.ndarray:
        """P(y = 1) ``(m,)`` for features ``X (m, d)``."""
        return sigmoid(self._features(X) @ np.asarray(x, dtype=float))

    def predict(self, x, X):
        return (self.predict_proba(x, X) >= 0.5).astype(float)

    def decision_boundary(self, x: np.ndarray, bounds) -> np.ndarray | None:
        """Where P(y = 1) = 1/2, clipped to the feature box ``bounds``.

        One feature: ``bounds = (lo, hi)``; returns the threshold ``(1,)`` or None when it is
        outside ``[lo, hi]`` or undefined. Two features: ``bounds = ((x1lo, x1hi),
        (x2lo, x2hi))``; returns the segment's endpoints ``(2, 2)`` or None when the line
        misses the box or the weights vanish.
        """
        x = np.asarray(x, dtype=float)
        w, b = (x[:-1], x[-1]) if self.intercept else (x, 0.0)
        if self.data.d == 1:
            lo, hi = bounds
            if w[0] == 0.0:
                return None
            t = -b / w[0]
            return np.array([t]) if lo <= t <= hi else None
        if self.data.d != 2:
            raise InputError("a decision boundary is drawn for one or two features")
        return _line_in_box(w, b, bounds)


def _line_in_box(w: np.ndarray, b: float, bounds) -> np.ndarray | None:
    """Endpoints ``(2, 2)`` of ``w·p + b = 0`` inside the box, or None."""
    (x0, x1), (y0, y1) = bounds
    points = []
    if w[1] != 0.0:
        for x in (x0, x1):
            y = -(b + w[0] * x) / w[1]
            if y0 <= y <= y1:
                points.append((x, y))
    if w[0] != 0.0:
        for y in (y0, y1):
            x = -(b + w[1] * y) / w[0]
            if x0 <= x <= x1:
                points.append((x, y))
    unique = np.unique(np.array(points), axis=0) if points else np.empty((0, 2))
    if len(unique) < 2:
        return None
    return unique[[0, -1]]
