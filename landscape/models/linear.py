"""Linear regression objectives: mean squared error of an affine model.

``L(θ) = mean((A θ - y)²)`` with the design matrix ``A = [X, 1] (m, d+1)`` and
``θ = (w_1, ..., w_d, b)``. Gradient ``(2/m) Aᵀ(Aθ - y)``, Hessian ``2G`` with
``G = AᵀA/m``. The minimiser ``θ*`` is ``numpy.linalg.lstsq(A, y)`` and, since L is quadratic,
``L(θ) = L* + (θ - θ*)ᵀ G (θ - θ*)`` exactly: grids use this form (no pass over the data).
"""

from __future__ import annotations

import numpy as np

from landscape.errors import InputError
from landscape.models.base import ModelObjective
from landscape.models.data import Dataset
from landscape.models.views import SliceView


def design(X: np.ndarray) -> np.ndarray:
    """``X (m, d) -> [X, 1] (m, d+1)``."""
    X = np.asarray(X, dtype=float)
    return np.column_stack([X, np.ones(X.shape[0])])


def _require_regression(data: Dataset) -> None:
    if data.task != "regression":
        raise InputError(
            f"linear regression needs a regression data set ({data.name!r} is for classification)"
        )


class LinearModel(ModelObjective):
    """MSE of ``y ≈ X w + b`` over all ``d + 1`` coefficients (the optimizer sees them all).

    ``theta_star (n,)`` is the least-squares solution; ``f_min`` its loss. The view is a
    :class:`SliceView` over two coefficients (the others held at ``base_point``).
    """

    theta_star: np.ndarray  # always known: the least-squares solution
    view: SliceView

    def __init__(self, data: Dataset, variables: tuple[str, ...]) -> None:
        _require_regression(data)
        super().__init__(data, variables)
        A = design(data.X)
        self._A, self._y = A, data.y
        self.theta_star = np.linalg.lstsq(A, data.y, rcond=None)[0]
        self.f_min = float(np.mean((A @ self.theta_star - data.y) ** 2))
        self.minima = (tuple(float(t) for t in self.theta_star),)
        self._G = A.T @ A / data.m  # (n, n)
        self._c = A.T @ data.y / data.m  # (n,)
        self.view = SliceView(
            (0, self.n - 1) if self.n > 1 else (0, 1),
            self.theta_star,
            (self.variables[0], self.variables[-1]),
        )

    def _f(self, x):
        return float(np.mean((self._A @ x - self._y) ** 2))

    def _grad(self, x):
        return 2.0 / self.n_samples * (self._A.T @ (self._A @ x - self._y))

    def _hess(self, x):
        return 2.0 * self._G

    def _loss_grad(self, x, X, y):
        A = design(X)
        return 2.0 / max(1, len(y)) * (A.T @ (A @ x - y))

    def _f_many(self, thetas):
        delta = thetas - self.theta_star[:, None]
        return self.f_min + np.einsum("ik,ij,jk->k", delta, self._G, delta)

    def _grad_many(self, thetas):
        return 2.0 * (self._G @ thetas - self._c[:, None])

    def predict(self, x, X):
        return design(X) @ np.asarray(x, dtype=float)


class LinearRegression(LinearModel):
    """One feature: ``L(slope, intercept) = mean((slope·x + intercept - y)²)``; n = 2."""

    def __init__(self, data: Dataset, feature: str | None = None) -> None:
        _require_regression(data)
        if data.d != 1:
            if feature is None:
                raise InputError(
                    f"linear regression uses one feature; {data.name!r} has {data.d}",
                    hint="choose one with feature=NAME, or use multireg",
                )
            data = data.select([feature])
        super().__init__(data, ("slope", "intercept"))


class MultipleLinearRegression(LinearModel):
    """``d`` features, all ``d + 1`` coefficients trained; the landscape is a 2-D slice.

    ``view_indices`` picks the two coefficients on the axes (default: the first two);
    ``base_point (n,)`` holds the others (default: their least-squares optimum).
    """

    def __init__(
        self,
        data: Dataset,
        view_indices: tuple[int, int] | None = None,
        base_point: np.ndarray | None = None,
    ) -> None:
        names = tuple(f"w_{f}" for f in data.feature_names) + ("b",)
        super().__init__(data, names)
        i, j = view_indices if view_indices is not None else (0, 1)
        for k in (i, j):
            if not 0 <= k < self.n:
                raise InputError(f"view coefficient {k} is out of range 0..{self.n - 1}")
        if i == j:
            raise InputError("the view needs two different coefficients")
        base = self.theta_star if base_point is None else np.asarray(base_point, dtype=float)
        if base.shape != (self.n,):
            raise InputError(f"the base point needs {self.n} values, got {base.size}")
        self.view = SliceView((i, j), base, (self.variables[i], self.variables[j]))

    def _f_view(self, u, v):
        """Closed form on the slice: a quadratic in (u, v), no (n, K) temporaries."""
        i, j = self.view.view_indices
        G = self._G
        delta = self.view.base_point - self.theta_star
        delta[i] = delta[j] = 0.0
        g = G @ delta
        du, dv = u - self.theta_star[i], v - self.theta_star[j]
        return (
            self.f_min
            + delta @ g
            + 2 * (du * g[i] + dv * g[j])
            + G[i, i] * du**2
            + 2 * G[i, j] * du * dv
            + G[j, j] * dv**2
        )
