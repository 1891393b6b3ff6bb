"""2-D views of a model's parameter space: what the landscape picture shows.

A model objective optimises *all* its parameters ``θ (n,)``; the picture is a function of two
view coordinates ``p = (u, v)``. A view maps between the two:

* ``embed(p) -> θ``: the full parameter vector at view point ``p (2,)`` (or ``(k, 2) -> (k, n)``);
* ``project(θ) -> p``: the view coordinates of ``θ (n,)`` (or ``(k, n) -> (k, 2)``), used to
  draw a trajectory of full parameter vectors on the picture. For a slice this drops the other
  coordinates; for a plane it is the least-squares projection, exact only for points on the
  plane.

:class:`SliceView` varies two chosen coordinates and holds the others at ``base_point``.
:class:`PlaneView` is ``θ = origin + u·d₁ + v·d₂`` (random filter-normalised directions, or
PCA directions of a trajectory).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SliceView:
    """Coordinates ``view_indices = (i, j)`` of θ vary; the others stay at ``base_point (n,)``."""

    view_indices: tuple[int, int]
    base_point: np.ndarray
    axis_names: tuple[str, str] = ("u", "v")
    kind: str = "slice"

    def __post_init__(self) -> None:
        base = np.asarray(self.base_point, dtype=float).reshape(-1)
        i, j = (int(k) for k in self.view_indices)
        if i == j or not (0 <= i < base.size and 0 <= j < base.size):
            raise ValueError(f"bad view indices {self.view_indices} for {base.size} parameters")
        object.__setattr__(self, "base_point", base)
        object.__setattr__(self, "view_indices", (i, j))

    @property
    def n(self) -> int:
        return self.base_point.size

    @property
    def directions(self) -> np.ndarray:
        """The two unit coordinate vectors ``(2, n)``."""
        d = np.zeros((2, self.n))
        d[0, self.view_indices[0]] = d[1, self.view_indices[1]] = 1.0
        return d

    @property
    def origin(self) -> np.ndarray:
        """The point with view coordinates (0, 0): ``base_point`` with both slots zeroed."""
        o = self.base_point.copy()
        o[list(self.view_indices)] = 0.0
        return o

    def project(self, x_full: np.ndarray) -> np.ndarray:
        """``(n,) -> (2,)`` or ``(k, n) -> (k, 2)``: the two viewed coordinates."""
        return np.asarray(x_full, dtype=float)[..., list(self.view_indices)]

    def embed(self, p2: np.ndarray) -> np.ndarray:
        """``(2,) -> (n,)`` or ``(k, 2) -> (k, n)``: ``base_point`` with the two slots set."""
        p = np.asarray(p2, dtype=float)
        out = np.broadcast_to(self.base_point, p.shape[:-1] + (self.n,)).copy()
        out[..., list(self.view_indices)] = p
        return out

    def describe(self) -> dict:
        return {
            "kind": self.kind,
            "view_indices": list(self.view_indices),
            "axis_names": list(self.axis_names),
            "base_point": [float(v) for v in self.base_point],
        }


@dataclass(frozen=True)
class PlaneView:
    """The plane ``θ = origin (n,) + u·directions[0] + v·directions[1]`` (``directions (2, n)``).

    ``explained_variance`` ``(2,)`` is set for PCA planes (share of the trajectory's variance
    along each direction, 0..1), and is None for random directions.
    """

    origin: np.ndarray
    directions: np.ndarray
    axis_names: tuple[str, str] = ("α", "β")
    kind: str = "plane"
    explained_variance: np.ndarray | None = None
    _pinv: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        origin = np.asarray(self.origin, dtype=float).reshape(-1)
        dirs = np.asarray(self.directions, dtype=float)
        if dirs.shape != (2, origin.size):
            raise ValueError(f"directions must have shape (2, {origin.size}), got {dirs.shape}")
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "directions", dirs)
        object.__setattr__(self, "_pinv", np.linalg.pinv(dirs))  # (n, 2)

    @property
    def n(self) -> int:
        return self.origin.size

    def project(self, x_full: np.ndarray) -> np.ndarray:
        """``(n,) -> (2,)`` or ``(k, n) -> (k, 2)``: least-squares coordinates in the plane."""
        return (np.asarray(x_full, dtype=float) - self.origin) @ self._pinv

    def embed(self, p2: np.ndarray) -> np.ndarray:
        """``(2,) -> (n,)`` or ``(k, 2) -> (k, n)``."""
        return self.origin + np.asarray(p2, dtype=float) @ self.directions

    def residual(self, x_full: np.ndarray) -> np.ndarray:
        """Distance of ``x_full (n,)`` or ``(k, n)`` from the plane (0 for points on it)."""
        x = np.asarray(x_full, dtype=float)
        return np.linalg.norm(x - self.embed(self.project(x)), axis=-1)

    def describe(self) -> dict:
        out = {
            "kind": self.kind,
            "axis_names": list(self.axis_names),
            "direction_norms": [float(v) for v in np.linalg.norm(self.directions, axis=1)],
        }
        if self.explained_variance is not None:
            out["explained_variance"] = [float(v) for v in self.explained_variance]
        return out


def embed_grid(view, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Flat view coordinates ``u, v (K,)`` -> parameter vectors ``(n, K)``."""
    if isinstance(view, SliceView):
        out = np.repeat(view.base_point[:, None], u.size, axis=1)
        out[view.view_indices[0]] = u
        out[view.view_indices[1]] = v
        return out
    return view.origin[:, None] + np.outer(view.directions[0], u) + np.outer(view.directions[1], v)
