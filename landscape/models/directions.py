"""Planes through a network's parameters: filter-normalised random directions and trajectory PCA.

Filter normalisation (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"): draw a
Gaussian direction ``d (n,)``, then for every neuron (a row ``W[i, :]`` of every weight matrix)
rescale the matching slice of ``d`` to ``‖W[i, :]‖``; bias entries of ``d`` are set to zero.
The plane ``θ* + α d₁ + β d₂`` on ``[-1, 1]²`` then moves every neuron by about its own scale,
so pictures of differently scaled networks are comparable.

Trajectory PCA: the two principal directions of the parameter vectors visited by an optimizer
(centred on their mean), with the share of the trajectory's variance each explains; the plane
goes through the last point, so the final parameters are at (0, 0).
"""

from __future__ import annotations

import numpy as np

from landscape.models.views import PlaneView

_TINY = 1e-12


def filter_normalize(direction: np.ndarray, theta: np.ndarray, layout) -> np.ndarray:
    """``direction (n,)`` rescaled row by row to the norms of ``theta``'s weight rows; biases
    zeroed. ``layout`` is an :class:`~landscape.models.mlp.Layout`. Returns a new ``(n,)``."""
    out = np.zeros_like(np.asarray(direction, dtype=float))
    for (dW, _db), (W, _b), (w_slice, _b_slice, _shape) in zip(
        layout.unflatten(np.asarray(direction, dtype=float)),
        layout.unflatten(np.asarray(theta, dtype=float)),
        layout.slices,
        strict=True,
    ):
        row_norms = np.linalg.norm(W, axis=1, keepdims=True)  # (out, 1)
        d_norms = np.linalg.norm(dW, axis=1, keepdims=True)
        out[w_slice] = (dW * row_norms / np.maximum(d_norms, _TINY)).ravel()
    return out


def filter_normalized_directions(model, theta: np.ndarray, seed: int = 0) -> np.ndarray:
    """Two random filter-normalised directions ``(2, n)`` for ``model`` (an MLP) at ``theta``."""
    rng = np.random.default_rng(seed)
    return np.stack(
        [filter_normalize(rng.standard_normal(model.n), theta, model.layout) for _ in range(2)]
    )


def filter_normalized_plane(model, theta: np.ndarray, seed: int = 0) -> PlaneView:
    """The plane ``theta + α d₁ + β d₂`` with filter-normalised ``d₁, d₂`` (picture on
    ``[-1, 1]²``). A 2-D projection of the model's n-dimensional landscape."""
    return PlaneView(
        np.asarray(theta, dtype=float).copy(),
        filter_normalized_directions(model, theta, seed),
        ("α (random 1)", "β (random 2)"),
        "filter-normalised",
    )


def trajectory_pca(xs: np.ndarray, origin: np.ndarray | None = None) -> PlaneView:
    """PCA plane of a trajectory ``xs (k+1, n)`` through ``origin`` (default: the last point).

    ``directions (2, n)`` are orthonormal principal axes; ``explained_variance (2,)`` their
    shares of the total variance (0..1). A degenerate trajectory (one point, or a straight
    line) gets a second (or first) axis orthogonal to the others with share 0.
    """
    xs = np.asarray(xs, dtype=float)
    if xs.ndim != 2 or xs.shape[0] < 1:
        raise ValueError("a trajectory is an array (k+1, n)")
    n = xs.shape[1]
    centred = xs - xs.mean(axis=0)
    _u, s, vt = np.linalg.svd(centred, full_matrices=False)
    total = float(np.sum(s**2))
    keep = [i for i in range(min(2, s.size)) if s[i] > 1e-12 * max(1.0, s[0])]
    dirs = [vt[i] for i in keep]
    shares = [float(s[i] ** 2 / total) for i in keep]
    while len(dirs) < 2:
        dirs.append(_orthogonal_unit(dirs, n))
        shares.append(0.0)
    origin = xs[-1] if origin is None else np.asarray(origin, dtype=float)
    return PlaneView(
        origin.copy(), np.stack(dirs), ("α (PC 1)", "β (PC 2)"), "pca", np.array(shares)
    )


def _orthogonal_unit(existing: list[np.ndarray], n: int) -> np.ndarray:
    """A unit vector ``(n,)`` orthogonal to ``existing``: the first coordinate axis that is not
    in their span, Gram–Schmidt'd."""
    for k in range(n):
        v = np.zeros(n)
        v[k] = 1.0
        for e in existing:
            v -= (v @ e) * e
        norm = np.linalg.norm(v)
        if norm > 1e-6:
            return v / norm
    raise ValueError("a plane needs at least two parameters")
