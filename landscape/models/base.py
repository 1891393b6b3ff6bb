"""The base of every data model objective: full parameters for optimizers, a 2-D view for grids.

An optimizer sees all ``n`` parameters through ``f``, ``grad``, ``hess`` and ``minibatch_grad``
(``x (n,)``). The landscape picture sees the model through its ``view`` (see
:mod:`landscape.models.views`): ``f_grid(u, v)`` and ``grad_grid(u, v)`` take two broadcastable
arrays of view coordinates of shape ``S`` and return ``S`` and ``(2, *S)`` (the derivatives
along the two view axes). For a 2-parameter model the view is the identity slice, so the grid
calls agree with the base contract of :class:`~landscape.objective.Objective`.
"""

from __future__ import annotations

import numpy as np

from landscape.models.data import Dataset
from landscape.models.views import PlaneView, SliceView, embed_grid
from landscape.objective import Objective

#: Upper bound on ``samples × grid points`` per vectorised chunk (about 16 MB of float64).
CHUNK_ELEMENTS = 2_000_000


class ModelObjective(Objective):
    """A loss over a training set ``data``; subclasses implement ``_f``, ``_grad``, ``_hess``,
    ``_loss_grad(x, X, y)`` (mini-batch support) and ``_f_many``.

    Attributes: ``data`` (the training :class:`Dataset`), ``n_samples``, ``view``,
    ``parameter_names`` (readable names, same order as ``variables``).
    """

    has_minibatches = True
    #: False for models whose ``hess`` raises (the MLP): offer first-order optimizers only.
    has_hessian = True
    task = "regression"
    #: the exact minimiser ``(n,)`` when the model has one (linear models; logistic regression
    #: when Newton's method converged), else None
    theta_star: np.ndarray | None = None
    #: the hidden layers' activation ("tanh", "relu", …) of a network; None for other models
    activation: str | None = None

    def __init__(self, data: Dataset, variables: tuple[str, ...]) -> None:
        super().__init__()
        self.data = data
        self.n_samples = data.m
        self.variables = tuple(variables)
        self.parameter_names = self.variables
        self.view: SliceView | PlaneView = SliceView(
            (0, 1), np.zeros(self.n), (self.variables[0], self.variables[1])
        )

    # -- mini-batches ----------------------------------------------------------------------
    def minibatch_grad(self, x: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """Gradient ``(n,)`` of the loss on the rows ``indices`` (the regulariser included).

        Not counted in ``counts`` (like the base class): the full f and ∇f calls are."""
        idx = np.asarray(indices, dtype=int)
        with np.errstate(all="ignore"):
            g = self._loss_grad(np.asarray(x, dtype=float), self.data.X[idx], self.data.y[idx])
        return np.asarray(g, dtype=float).reshape(self.n)

    def _loss_grad(self, x: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    # -- grids over the view ---------------------------------------------------------------
    def set_view(self, view) -> None:
        """Show the landscape on ``view`` (a SliceView or PlaneView over all n parameters)."""
        if view.n != self.n:
            raise ValueError(f"the view has {view.n} parameters, the model {self.n}")
        self.view = view

    def f_grid(self, *coords: np.ndarray) -> np.ndarray:
        """Loss at view coordinates ``u, v`` (broadcastable, shape ``S``) -> ``S``."""
        u, v = np.broadcast_arrays(*(np.asarray(c, dtype=float) for c in coords))
        out = np.empty(u.size)
        step = self._grid_chunk()
        uf, vf = u.ravel(), v.ravel()
        with np.errstate(all="ignore"):
            for s in range(0, u.size, step):
                out[s : s + step] = self._f_view(uf[s : s + step], vf[s : s + step])
        return out.reshape(u.shape)

    def grad_grid(self, *coords: np.ndarray) -> np.ndarray:
        """Derivatives along the two view axes at ``u, v`` (shape ``S``) -> ``(2, *S)``."""
        u, v = np.broadcast_arrays(*(np.asarray(c, dtype=float) for c in coords))
        out = np.empty((2, u.size))
        step = self._grid_chunk()
        uf, vf = u.ravel(), v.ravel()
        D = self.view.directions  # (2, n)
        with np.errstate(all="ignore"):
            for s in range(0, u.size, step):
                thetas = embed_grid(self.view, uf[s : s + step], vf[s : s + step])
                out[:, s : s + step] = D @ self._grad_many(thetas)
        return out.reshape((2, *u.shape))

    def _grid_chunk(self) -> int:
        return max(1, CHUNK_ELEMENTS // max(1, self.n_samples))

    def _f_view(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Flat ``u, v (K,)`` -> losses ``(K,)``; override for a faster path."""
        return self._f_many(embed_grid(self.view, u, v))

    def _f_many(self, thetas: np.ndarray) -> np.ndarray:
        """Losses ``(K,)`` at parameter vectors ``thetas (n, K)``."""
        raise NotImplementedError

    def _grad_many(self, thetas: np.ndarray) -> np.ndarray:
        """Gradients ``(n, K)`` at ``thetas (n, K)``; by default one point at a time."""
        return np.column_stack([self._grad(t) for t in thetas.T])

    # -- predictions and metrics ---------------------------------------------------------------
    def predict(self, x: np.ndarray, X: np.ndarray) -> np.ndarray:
        """Predictions ``(m,)`` for features ``X (m, d)``: values (regression) or 0/1 labels."""
        raise NotImplementedError

    def evaluate(self, x: np.ndarray, data: Dataset) -> dict:
        """The task's metrics of parameters ``x (n,)`` on ``data`` (see :mod:`.metrics`)."""
        from landscape.models.metrics import classification_metrics, regression_metrics

        pred = self.predict(np.asarray(x, dtype=float), data.X)
        if self.task == "classification":
            return classification_metrics(data.y, pred)
        return regression_metrics(data.y, pred)
