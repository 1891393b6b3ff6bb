"""Data sets for the models: the :class:`Dataset` record, seeded generators, split, standardise.

Every generator is deterministic for a given ``seed`` (``numpy.random.default_rng(seed)``).
Shapes: ``X (m, d)`` float, ``y (m,)`` float; classification targets are 0.0 or 1.0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from landscape.errors import InputError

TASKS = ("regression", "classification")


@dataclass(frozen=True)
class Dataset:
    """A table of examples: ``X (m, d)``, ``y (m,)`` and their names.

    ``task`` is ``"regression"`` or ``"classification"`` (then ``y`` holds 0.0/1.0 and
    ``classes`` the two original target values that map to 0 and 1).
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    task: str
    description: str = ""
    classes: tuple[float, float] = (0.0, 1.0)

    def __post_init__(self) -> None:
        X = np.asarray(self.X, dtype=float)
        y = np.asarray(self.y, dtype=float).reshape(-1)
        if X.ndim != 2 or X.shape[0] != y.shape[0]:
            raise ValueError(f"X {X.shape} and y {y.shape} do not match")
        if len(self.feature_names) != X.shape[1]:
            raise ValueError("one feature name per column of X")
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", tuple(self.feature_names))

    @property
    def m(self) -> int:
        """Number of rows."""
        return self.X.shape[0]

    @property
    def d(self) -> int:
        """Number of features."""
        return self.X.shape[1]

    def take(self, indices: np.ndarray, name: str | None = None) -> Dataset:
        """The rows ``indices (k,)`` as a new data set."""
        return replace(self, X=self.X[indices], y=self.y[indices], name=name or self.name)

    def select(self, features: list[str]) -> Dataset:
        """Only the named feature columns, in the given order."""
        missing = [f for f in features if f not in self.feature_names]
        if missing:
            raise InputError(
                f"data set {self.name!r} has no feature {missing[0]!r}",
                hint="features: " + ", ".join(self.feature_names),
            )
        cols = [self.feature_names.index(f) for f in features]
        return replace(self, X=self.X[:, cols], feature_names=tuple(features))


# -- generators ----------------------------------------------------------------------------


def make_linear(
    m: int = 100, *, slope: float = 2.0, intercept: float = 1.0, noise: float = 1.0, seed: int = 0
) -> Dataset:
    """One feature: ``y = slope·x + intercept + noise·N(0, 1)`` with ``x ~ U(-3, 3)``."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3.0, 3.0, size=m)
    y = slope * x + intercept + noise * rng.standard_normal(m)
    return Dataset(
        "linear",
        x[:, None],
        y,
        ("x",),
        "y",
        "regression",
        f"y = {slope:g}x + {intercept:g} + noise, one feature",
    )


def make_multilinear(m: int = 200, d: int = 4, *, noise: float = 0.5, seed: int = 0) -> Dataset:
    """``d`` correlated features: ``y = X·w + 0.5 + noise·N(0, 1)`` with ``w = (1, -2, 3, ...)``."""
    rng = np.random.default_rng(seed)
    mix = np.eye(d) + 0.3 * rng.standard_normal((d, d))
    X = rng.standard_normal((m, d)) @ mix
    w = np.array([(i + 1) * (-1) ** i for i in range(d)], dtype=float)
    y = X @ w + 0.5 + noise * rng.standard_normal(m)
    names = tuple(f"x{i + 1}" for i in range(d))
    return Dataset(
        "multilinear",
        X,
        y,
        names,
        "y",
        "regression",
        f"{d} correlated features, linear target with noise",
    )


def make_blobs(
    m: int = 200, *, distance: float = 3.0, spread: float = 1.0, seed: int = 0
) -> Dataset:
    """Two Gaussian blobs centred at ``±distance/2·(1, 1)/√2``; half the rows in each class."""
    rng = np.random.default_rng(seed)
    y = (np.arange(m) % 2).astype(float)
    centre = distance / 2 / np.sqrt(2.0) * np.array([1.0, 1.0])
    X = spread * rng.standard_normal((m, 2)) + np.where(y[:, None] > 0, centre, -centre)
    return Dataset(
        "blobs", X, y, ("x1", "x2"), "class", "classification", "two Gaussian blobs (binary)"
    )


def make_moons(m: int = 200, *, noise: float = 0.2, seed: int = 0) -> Dataset:
    """Two interleaving half circles (class 0 on top, class 1 below), with Gaussian noise."""
    rng = np.random.default_rng(seed)
    y = (np.arange(m) % 2).astype(float)
    t = rng.uniform(0.0, np.pi, size=m)
    top = np.column_stack([np.cos(t), np.sin(t)])
    bottom = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] > 0, bottom, top) + noise * rng.standard_normal((m, 2))
    return Dataset(
        "moons",
        X,
        y,
        ("x1", "x2"),
        "class",
        "classification",
        "two interleaving half moons (binary, not linearly separable)",
    )


def make_circles(
    m: int = 200, *, factor: float = 0.5, noise: float = 0.1, seed: int = 0
) -> Dataset:
    """Two concentric circles: class 1 inside (radius ``factor``), class 0 outside (radius 1)."""
    rng = np.random.default_rng(seed)
    y = (np.arange(m) % 2).astype(float)
    t = rng.uniform(0.0, 2 * np.pi, size=m)
    r = np.where(y > 0, factor, 1.0)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)]) + noise * rng.standard_normal((m, 2))
    return Dataset(
        "circles",
        X,
        y,
        ("x1", "x2"),
        "class",
        "classification",
        "two concentric circles (binary, not linearly separable)",
    )


#: the generated data sets by name: ``make(seed=0) -> Dataset``
GENERATORS: dict[str, Callable[..., Dataset]] = {
    "linear": make_linear,
    "multilinear": make_multilinear,
    "blobs": make_blobs,
    "moons": make_moons,
    "circles": make_circles,
}


# -- split and standardise -------------------------------------------------------------------


def train_test_split(
    data: Dataset, test_fraction: float = 0.25, seed: int = 0
) -> tuple[Dataset, Dataset]:
    """Shuffle with ``seed`` and split into (train, test); ``test_fraction`` in [0, 0.9].

    With ``test_fraction == 0`` the test set is the training set (metrics are then
    in-sample). Each part keeps at least one row.
    """
    if not 0.0 <= test_fraction <= 0.9:
        raise InputError(f"the test fraction must be between 0 and 0.9, got {test_fraction:g}")
    if test_fraction == 0.0:
        return data, data
    order = np.random.default_rng(seed).permutation(data.m)
    n_test = min(max(1, round(test_fraction * data.m)), data.m - 1)
    return (
        data.take(np.sort(order[n_test:]), f"{data.name} (train)"),
        data.take(np.sort(order[:n_test]), f"{data.name} (test)"),
    )


@dataclass(frozen=True)
class Scaler:
    """Per-feature affine map ``(X - mean) / scale`` with ``mean, scale (d,)``."""

    mean: np.ndarray
    scale: np.ndarray = field(repr=False)

    @classmethod
    def fit(cls, X: np.ndarray) -> Scaler:
        """Mean and standard deviation of ``X (m, d)``; a constant column keeps scale 1."""
        X = np.asarray(X, dtype=float)
        std = X.std(axis=0)
        return cls(X.mean(axis=0), np.where(std > 0, std, 1.0))

    @classmethod
    def identity(cls, d: int) -> Scaler:
        return cls(np.zeros(d), np.ones(d))

    def transform(self, X: np.ndarray) -> np.ndarray:
        """``X (m, d) -> (m, d)``."""
        return (np.asarray(X, dtype=float) - self.mean) / self.scale

    def apply(self, data: Dataset) -> Dataset:
        return replace(data, X=self.transform(data.X))


def standardise(train: Dataset, test: Dataset) -> tuple[Dataset, Dataset, Scaler]:
    """Standardise features with statistics of ``train`` only (no test leakage)."""
    scaler = Scaler.fit(train.X)
    return scaler.apply(train), scaler.apply(test), scaler
