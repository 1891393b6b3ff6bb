"""Derivatives at a point: exact (from the objective) and numerical (central differences).

:func:`evaluate_at` is for inspection (the point under the mouse, a critical point): it does
not touch the objective's evaluation counters, so an optimizer's counts stay its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from landscape.errors import InputError

_EPS = np.finfo(float).eps
#: Central-difference steps: cbrt(eps) for gradients, eps**(1/4) for second differences.
GRAD_STEP = _EPS ** (1.0 / 3.0)
HESS_STEP = _EPS**0.25


@dataclass(frozen=True)
class PointInfo:
    """f and its derivatives at ``point (n,)``: ``value``, ``gradient (n,)``, ``hessian (n, n)``
    and its ``eigenvalues (n,)`` in ascending order (``nan`` where undefined)."""

    point: np.ndarray
    value: float
    gradient: np.ndarray
    hessian: np.ndarray
    eigenvalues: np.ndarray

    @property
    def gradient_norm(self) -> float:
        return float(np.linalg.norm(self.gradient))


def as_point(objective, point) -> np.ndarray:
    """``point`` as a float array ``(n,)`` matching ``objective.n``; InputError otherwise."""
    x = np.asarray(point, dtype=float).reshape(-1)
    if x.size != objective.n:
        raise InputError(f"expected a point with {objective.n} coordinates, got {x.size}")
    if not np.all(np.isfinite(x)):
        raise InputError("the point must have finite coordinates")
    return x


def raw_value(objective, x: np.ndarray) -> float:
    """f(x) without counting; ``nan`` for a non-finite or non-real result."""
    with np.errstate(all="ignore"):
        try:
            v = complex(objective._f(x))
        except (ArithmeticError, ValueError, TypeError):
            return float("nan")
    return v.real if v.imag == 0 and np.isfinite(v.real) else float("nan")


def raw_gradient(objective, x: np.ndarray) -> np.ndarray:
    """∇f(x) ``(n,)`` without counting; central differences if the objective has none."""
    try:
        with np.errstate(all="ignore"):
            g = np.asarray(objective._grad(x), dtype=complex).reshape(objective.n)
        return _real_or_nan(g)
    except (TypeError, ValueError, ArithmeticError):
        return np.full(objective.n, np.nan)
    except NotImplementedError:
        return numerical_gradient(lambda p: raw_value(objective, p), x)


def raw_hessian(objective, x: np.ndarray) -> np.ndarray:
    """∇²f(x) ``(n, n)`` without counting; numerical from ∇f (or f) if the objective has none."""
    try:
        with np.errstate(all="ignore"):
            h = np.asarray(objective._hess(x), dtype=complex).reshape(objective.n, objective.n)
        return _real_or_nan(h)
    except (TypeError, ValueError, ArithmeticError):
        return np.full((objective.n, objective.n), np.nan)
    except NotImplementedError:
        return numerical_hessian(
            lambda p: raw_value(objective, p), x, grad=lambda p: raw_gradient(objective, p)
        )


def _real_or_nan(a: np.ndarray) -> np.ndarray:
    out = a.real.astype(float)
    out[(a.imag != 0) | ~np.isfinite(out)] = np.nan
    return out


def eigenvalues(hessian: np.ndarray) -> np.ndarray:
    """Ascending eigenvalues ``(n,)`` of the symmetric part of ``hessian (n, n)``; all ``nan``
    if any entry is not finite."""
    h = np.asarray(hessian, dtype=float)
    if not np.all(np.isfinite(h)):
        return np.full(h.shape[0], np.nan)
    return np.linalg.eigvalsh(0.5 * (h + h.T))


def evaluate_at(objective, point) -> PointInfo:
    """Value, exact gradient ``(n,)``, exact Hessian ``(n, n)`` and its sorted eigenvalues at
    ``point (n,)``, for an objective of any number of variables (counters untouched)."""
    x = as_point(objective, point)
    hessian = raw_hessian(objective, x)
    return PointInfo(
        x, raw_value(objective, x), raw_gradient(objective, x), hessian, eigenvalues(hessian)
    )


def _steps(x: np.ndarray, h, base: float) -> np.ndarray:
    """Per-coordinate steps ``(n,)``: ``h`` (scalar or ``(n,)``) or ``base · max(1, |x_i|)``."""
    if h is None:
        return base * np.maximum(1.0, np.abs(x))
    steps = np.broadcast_to(np.asarray(h, dtype=float), x.shape).copy()
    if not np.all(steps > 0):
        raise InputError("finite-difference steps must be positive")
    return steps


def numerical_gradient(fn: Callable[[np.ndarray], float], x, h=None) -> np.ndarray:
    """Central-difference gradient ``(n,)`` of a scalar ``fn`` at ``x (n,)``.

    Step ``h_i = cbrt(eps) · max(1, |x_i|)`` unless ``h`` (scalar or ``(n,)``) is given; the
    divisor is the step actually representable, ``(x_i + h_i) - (x_i - h_i)``. Error O(h²).
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    steps = _steps(x, h, GRAD_STEP)
    grad = np.empty(x.size)
    for i in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[i] += steps[i]
        xm[i] -= steps[i]
        grad[i] = (float(fn(xp)) - float(fn(xm))) / (xp[i] - xm[i])
    return grad


def numerical_jacobian(fn: Callable[[np.ndarray], np.ndarray], x, h=None) -> np.ndarray:
    """Central-difference Jacobian ``(m, n)`` of a vector ``fn: (n,) -> (m,)`` at ``x (n,)``."""
    x = np.asarray(x, dtype=float).reshape(-1)
    steps = _steps(x, h, GRAD_STEP)
    columns = []
    for i in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[i] += steps[i]
        xm[i] -= steps[i]
        diff = np.asarray(fn(xp), dtype=float) - np.asarray(fn(xm), dtype=float)
        columns.append(diff.reshape(-1) / (xp[i] - xm[i]))
    return np.stack(columns, axis=1)


def numerical_hessian(
    fn: Callable[[np.ndarray], float],
    x,
    h=None,
    *,
    grad: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Symmetric finite-difference Hessian ``(n, n)`` at ``x (n,)``.

    With ``grad`` (``(n,) -> (n,)``): central differences of the gradient (step cbrt(eps)).
    Without: second differences of ``fn`` with step ``h_i = eps**(1/4) · max(1, |x_i|)``.
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    if grad is not None:
        H = numerical_jacobian(grad, x, h)
        return 0.5 * (H + H.T)
    steps = _steps(x, h, HESS_STEP)
    n = x.size
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            total = 0.0
            for si, sj, sign in ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)):
                p = x.copy()
                p[i] += si * steps[i]
                p[j] += sj * steps[j]
                total += sign * float(fn(p))
            H[i, j] = H[j, i] = total / (4.0 * steps[i] * steps[j])
    return H
