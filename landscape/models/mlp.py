"""A small multilayer perceptron in numpy: exact backprop gradients, batched grid evaluation.

Architecture: ``d → h → … → h → 1`` (1–3 hidden layers of ``width`` units, activation tanh,
relu or sigmoid), one output: a logit for classification (loss: mean binary cross-entropy
via ``logaddexp``) or a value for regression (loss: mean squared error). L2: ``(λ/2)·Σ‖W‖²``
over weight matrices (biases are not penalised).

**Regression output in the target's units.** The last layer's value ``u = W h + b`` is a
standardised target: the prediction is ``ŷ = ȳ + s·u`` with ``ȳ, s`` the mean and standard
deviation of the training targets (fixed when the model is built; s = 1 for a constant
target). The loss stays in the data's units, ``mean((ŷ − y)²) + s²·(λ/2)·Σ‖W‖²``, which is
``s²`` times the loss of the same network on standardised targets: the trained weights do not
depend on the target's units, and every method's rate follows from the curvature (``∝ s²``)
or is scale-free (Adam, RMSprop, Adagrad). Without it, on houses (prices near 250 k, ``u``
starting near 0) the first steps raised the output through the hidden biases, every unit of
the second layer saturated within 5 momentum steps and the network stayed a constant (R² 0).
Classification: ``ȳ = 0, s = 1`` (the output is the logit).

Parameters live in one flat vector ``θ (n,)``: for each layer, its weight matrix ``W (out, in)``
row-major, then its bias ``b (out,)`` (see :class:`Layout`). The optimizer sees all n
parameters; the landscape picture is a 2-D plane through them (``view``, a
:class:`~landscape.models.views.PlaneView`, see :mod:`landscape.models.directions`), so the
picture is a projection of the real n-dimensional landscape. The Hessian is not computed
(n is in the thousands): ``hess`` raises InputError, ``hvp`` gives Hessian-vector products.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from landscape.errors import InputError
from landscape.kinks import relu_slope
from landscape.models.base import CHUNK_ELEMENTS, ModelObjective
from landscape.models.data import Dataset

ACTIVATIONS = ("tanh", "relu", "sigmoid")
MAX_HIDDEN_LAYERS, MAX_WIDTH = 3, 256
#: OpenBLAS runs a product on one thread when m·n·k ≤ 65536 · GEMM_MULTITHREAD_THRESHOLD (4)
BLAS_SINGLE_THREAD_MNK = 200_000


@dataclass(frozen=True)
class Layout:
    """Layer sizes ``(d, h1, ..., hk, 1)`` and the flat-vector layout of their parameters."""

    sizes: tuple[int, ...]

    @cached_property
    def slices(self) -> list[tuple[slice, slice, tuple[int, int]]]:
        """Per layer: (weight slice, bias slice, weight shape ``(out, in)``) into θ."""
        out, start = [], 0
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            w = slice(start, start + fan_in * fan_out)
            b = slice(w.stop, w.stop + fan_out)
            out.append((w, b, (fan_out, fan_in)))
            start = b.stop
        return out

    @property
    def n(self) -> int:
        return self.slices[-1][1].stop

    def unflatten(self, theta: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``θ (n,) -> [(W (out, in), b (out,)), ...]`` (views, not copies)."""
        return [(theta[w].reshape(shape), theta[b]) for w, b, shape in self.slices]

    def unflatten_many(self, thetas: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``θs (K, n) -> [(W (K, out, in), b (K, out)), ...]`` as contiguous copies.

        Contiguous matters: ``matmul`` on strided views of θs was 30× slower (measured with
        OpenBLAS threads on a busy machine)."""
        K = thetas.shape[0]
        return [
            (
                np.ascontiguousarray(thetas[:, w].reshape(K, *shape)),
                np.ascontiguousarray(thetas[:, b]),
            )
            for w, b, shape in self.slices
        ]

    def flatten(self, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Inverse of :meth:`unflatten`: ``[(W, b), ...] -> θ (n,)``."""
        return np.concatenate([np.concatenate([W.ravel(), b.ravel()]) for W, b in layers])

    @cached_property
    def weight_mask(self) -> np.ndarray:
        """``(n,)``: 1.0 on weight entries, 0.0 on biases."""
        mask = np.zeros(self.n)
        for w, _b, _shape in self.slices:
            mask[w] = 1.0
        return mask


def _activate(name: str, z: np.ndarray) -> np.ndarray:
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _activation_slope(name: str, a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """d act / dz from the output ``a`` (and the input ``z`` for relu)."""
    if name == "tanh":
        return 1.0 - a * a
    if name == "relu":
        return relu_slope(z)  # relu'(0) as in the formulas: landscape.kinks
    return a * (1.0 - a)


class MLP(ModelObjective):
    """Loss of a ``d → width×hidden_layers → 1`` network over all its parameters.

    ``x0 (n,)`` is a seeded initialisation (normal, variance 1/fan_in, 2/fan_in for relu;
    zero biases), so a regression network starts predicting about the target's mean.
    ``target_mean``, ``target_scale``: ȳ and s of the module docstring. ``view`` starts as a
    filter-normalised plane through ``x0``; after training call
    ``set_view(filter_normalized_plane(model, theta, seed))``.
    """

    has_hessian = False
    activation: str

    def __init__(
        self,
        data: Dataset,
        hidden_layers: int = 2,
        width: int = 16,
        activation: str = "tanh",
        l2: float = 1e-4,
        seed: int = 0,
    ) -> None:
        _check_settings(hidden_layers, width, activation, l2)
        self.layout = Layout((data.d, *([int(width)] * int(hidden_layers)), 1))
        variables = []
        for k, (W, b) in enumerate(self.layout.unflatten(np.arange(self.layout.n)), start=1):
            variables += [f"W{k}[{i},{j}]" for i, j in np.ndindex(W.shape)]
            variables += [f"b{k}[{i}]" for i in range(b.size)]
        super().__init__(data, tuple(variables))
        self.task = data.task
        self.activation, self.l2 = activation, float(l2)
        self.target_mean, self.target_scale = _target_scaling(data)
        self.x0 = self.initial_point(seed)
        from landscape.models.directions import filter_normalized_plane

        self.view = filter_normalized_plane(self, self.x0, seed)

    def initial_point(self, seed: int) -> np.ndarray:
        """Seeded initial parameters ``(n,)``."""
        rng = np.random.default_rng(seed)
        gain = 2.0 if self.activation == "relu" else 1.0
        layers = [
            (rng.standard_normal(W.shape) * np.sqrt(gain / W.shape[1]), np.zeros(b.size))
            for W, b in self.layout.unflatten(np.zeros(self.layout.n))
        ]
        return self.layout.flatten(layers)

    # -- forward and backward ------------------------------------------------------------------
    def _forward(self, x: np.ndarray, X: np.ndarray):
        """Activations ``[X, a1, ..., ak]`` (each ``(m, width)``), pre-activations, output
        ``(m,)``."""
        acts, pres = [X], []
        layers = self.layout.unflatten(x)
        for W, b in layers[:-1]:
            z = acts[-1] @ W.T + b
            pres.append(z)
            acts.append(_activate(self.activation, z))
        W, b = layers[-1]
        return acts, pres, self.target_mean + self.target_scale * (acts[-1] @ W.T + b)[:, 0]

    def _data_loss(self, out: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Mean loss over the last axis of outputs ``(..., m)`` against ``y (m,)``."""
        if self.task == "classification":
            return np.mean(np.logaddexp(0.0, out) - y * out, axis=-1)
        return np.mean((out - y) ** 2, axis=-1)

    @property
    def _l2_units(self) -> float:
        """λ in the loss's units: ``s²·λ`` (see the module docstring)."""
        return self.l2 * self.target_scale**2

    def _penalty(self, x: np.ndarray) -> float:
        return 0.5 * self._l2_units * float(np.sum(self.layout.weight_mask * x * x))

    def _f(self, x):
        return float(
            self._data_loss(self._forward(x, self.data.X)[2], self.data.y) + self._penalty(x)
        )

    def _grad(self, x):
        return self._loss_grad(x, self.data.X, self.data.y)

    def _loss_grad(self, x, X, y):
        """Exact backpropagation on the rows ``X (b, d)``, ``y (b,)`` -> ``(n,)``."""
        acts, pres, out = self._forward(x, X)
        if self.task == "classification":
            delta = (0.5 * (1.0 + np.tanh(0.5 * out)) - y)[:, None] / max(1, len(y))
        else:
            delta = (2.0 * self.target_scale * (out - y))[:, None] / max(1, len(y))
        layers = self.layout.unflatten(x)
        grads = [None] * len(layers)
        for k in range(len(layers) - 1, -1, -1):
            W, _b = layers[k]
            grads[k] = (delta.T @ acts[k], delta.sum(axis=0))
            if k > 0:
                delta = (delta @ W) * _activation_slope(self.activation, acts[k], pres[k - 1])
        return self.layout.flatten(grads) + self._l2_units * self.layout.weight_mask * x

    def _hess(self, x):
        raise InputError(
            f"the MLP has no exact Hessian ({self.n} parameters); choose a "
            "first-order optimizer (gradient descent, momentum, Adam, ...)"
        )

    def hvp(self, x: np.ndarray, v: np.ndarray, eps: float = 1e-5) -> np.ndarray:
        """Hessian-vector product ``(n,)`` by central differences of the exact gradient."""
        v = np.asarray(v, dtype=float)
        h = eps / max(1e-12, float(np.linalg.norm(v)))
        return (self._grad(x + h * v) - self._grad(x - h * v)) / (2 * h)

    # -- batched evaluation on the view -------------------------------------------------------
    def _block_rows(self) -> int:
        """Samples per block in grid evaluation: each matrix product then stays under
        OpenBLAS's multithreading threshold (m·n·k ≤ 262144), so it runs on the calling thread.
        With BLAS threads on a busy 2-core machine the 51×51 plane took minutes, not 1 s."""
        width = max(self.layout.sizes[1:])
        return int(min(256, max(16, BLAS_SINGLE_THREAD_MNK // (width * width))))

    def _grid_chunk(self) -> int:
        rows = min(self.n_samples, self._block_rows())
        return max(1, CHUNK_ELEMENTS // (rows * max(self.layout.sizes[1:])))

    def _f_many(self, thetas):
        """Losses ``(K,)`` at ``thetas (n, K)``: batched forward passes, block by block."""
        layers = self.layout.unflatten_many(np.ascontiguousarray(thetas.T))
        transposed = [(W.transpose(0, 2, 1), b[:, None, :]) for W, b in layers]
        total = np.zeros(thetas.shape[1])
        rows = self._block_rows()
        for start in range(0, self.n_samples, rows):
            X, y = self.data.X[start : start + rows], self.data.y[start : start + rows]
            a = X[None]  # (1, rows, d)
            for Wt, b in transposed[:-1]:
                a = _activate(self.activation, np.matmul(a, Wt) + b)
            Wt, b = transposed[-1]
            out = self.target_mean + self.target_scale * (np.matmul(a, Wt) + b)[..., 0]
            total += self._data_loss(out, y) * y.size  # out: (K, rows)
        penalty = 0.5 * self._l2_units * (self.layout.weight_mask @ thetas**2)
        return total / self.n_samples + penalty

    def predict_output(self, x: np.ndarray, X: np.ndarray) -> np.ndarray:
        """The network's raw output ``(m,)``: a logit (classification) or a value."""
        return self._forward(np.asarray(x, dtype=float), np.asarray(X, dtype=float))[2]

    def predict(self, x, X):
        out = self.predict_output(x, X)
        return (out >= 0.0).astype(float) if self.task == "classification" else out


def _target_scaling(data: Dataset) -> tuple[float, float]:
    """``(ȳ, s)`` of the training targets for regression (s = 1 when they are constant or
    not finite), ``(0, 1)`` for classification."""
    if data.task == "classification" or data.m == 0:
        return 0.0, 1.0
    mean, scale = float(np.mean(data.y)), float(np.std(data.y))
    if not np.isfinite(mean):
        return 0.0, 1.0
    return mean, scale if np.isfinite(scale) and scale > 0.0 else 1.0


def _check_settings(hidden_layers, width, activation, l2) -> None:
    if int(hidden_layers) != hidden_layers or not 1 <= hidden_layers <= MAX_HIDDEN_LAYERS:
        raise InputError(f"hidden_layers must be 1, 2 or 3, got {hidden_layers}")
    if int(width) != width or not 1 <= width <= MAX_WIDTH:
        raise InputError(f"width must be a whole number from 1 to {MAX_WIDTH}, got {width}")
    if activation not in ACTIVATIONS:
        raise InputError(f"unknown activation {activation!r}", hint="choose tanh, relu or sigmoid")
    if not (l2 >= 0 and np.isfinite(l2)):
        raise InputError(f"the L2 strength must be a finite number ≥ 0, got {l2}")
