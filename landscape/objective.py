"""Objectives: a function with its exact gradient and Hessian, and evaluation counters.

Every optimizer talks to an :class:`Objective` only through ``f``, ``grad``, ``hess`` (and, for
data objectives, ``minibatch_grad``). Point calls take ``x`` of shape ``(n,)`` and return a float,
an array ``(n,)`` and an array ``(n, n)``. Grid calls take ``n`` broadcastable arrays of one shape
``S`` and return arrays of shape ``S`` (f), ``(n, *S)`` (gradient) and ``(n, n, *S)`` (Hessian).

Numerical trouble never raises here: overflow and invalid operations give ``inf``/``nan``, which
the caller (a run, a grid) turns into a status or a mask.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class EvalCounts:
    """How many times f, ∇f and ∇²f were evaluated at a point (grid calls are not counted)."""

    nfev: int = 0
    ngev: int = 0
    nhev: int = 0

    def copy(self) -> EvalCounts:
        return EvalCounts(self.nfev, self.ngev, self.nhev)

    def __sub__(self, other: EvalCounts) -> EvalCounts:
        return EvalCounts(self.nfev - other.nfev, self.ngev - other.ngev, self.nhev - other.nhev)


class Objective:
    """Base: subclasses implement ``_f``, ``_grad``, ``_hess`` on a float array ``(n,)``.

    Attributes: ``variables`` (names), ``n``, ``f_min`` (known minimum value or None),
    ``minima`` (known minimisers, list of tuples), ``counts``.
    """

    variables: tuple[str, ...] = ()
    f_min: float | None = None
    minima: tuple[tuple[float, ...], ...] = ()
    #: True for data objectives that can return mini-batch gradients.
    has_minibatches: bool = False
    #: Names of the non-smooth functions f is built from (``("abs", "relu")``), empty for a
    #: smooth f. Derivatives there are the almost-everywhere ones (see ``landscape.kinks``);
    #: Newton and the critical-point search use this to explain a zero or missing curvature.
    nonsmooth: tuple[str, ...] = ()
    n_samples: int = 0

    def __init__(self) -> None:
        self.counts = EvalCounts()

    @property
    def n(self) -> int:
        return len(self.variables)

    # -- point evaluation (counted) ------------------------------------------------------
    def f(self, x: np.ndarray) -> float:
        self.counts.nfev += 1
        with np.errstate(all="ignore"):
            return float(self._f(np.asarray(x, dtype=float)))

    def grad(self, x: np.ndarray) -> np.ndarray:
        self.counts.ngev += 1
        with np.errstate(all="ignore"):
            return np.asarray(self._grad(np.asarray(x, dtype=float)), dtype=float).reshape(self.n)

    def hess(self, x: np.ndarray) -> np.ndarray:
        self.counts.nhev += 1
        with np.errstate(all="ignore"):
            h = np.asarray(self._hess(np.asarray(x, dtype=float)), dtype=float)
            return h.reshape(self.n, self.n)

    def minibatch_grad(self, x: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """Gradient of the loss on the samples ``indices`` (data objectives only)."""
        raise NotImplementedError(f"{type(self).__name__} has no mini-batches")

    def reset_counts(self) -> None:
        self.counts = EvalCounts()

    # -- grid evaluation (not counted) ---------------------------------------------------
    def f_grid(self, *coords: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def grad_grid(self, *coords: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    # -- to implement ----------------------------------------------------------------------
    def _f(self, x: np.ndarray) -> float:
        raise NotImplementedError

    def _grad(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _hess(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError


#: points per block when a grid is evaluated in pieces (measured best around 64k)
GRID_CHUNK = 65_536


def _broadcast(value, shape: tuple[int, ...]) -> np.ndarray:
    """lambdify returns a bare scalar for a constant expression: give it the grid's shape."""
    arr = np.asarray(value, dtype=float)
    if arr.shape != shape:
        arr = np.broadcast_to(arr, shape).copy()
    return arr


class CallableObjective(Objective):
    """An objective from plain numpy callables (for tests, data models and scripts).

    ``f(x) -> float``, ``grad(x) -> (n,)``, ``hess(x) -> (n, n)``, with ``x`` of shape ``(n,)``.
    ``f_vec`` optionally evaluates on stacked coordinates ``(n, *S) -> S`` for grids.
    """

    def __init__(
        self,
        f: Callable[[np.ndarray], float],
        grad: Callable[[np.ndarray], np.ndarray] | None = None,
        hess: Callable[[np.ndarray], np.ndarray] | None = None,
        *,
        variables: Sequence[str] = ("x", "y"),
        f_min: float | None = None,
        minima: Sequence[Sequence[float]] = (),
        f_vec: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> None:
        super().__init__()
        self._fn, self._gn, self._hn, self._fvec = f, grad, hess, f_vec
        self.variables = tuple(variables)
        self.f_min = f_min
        self.minima = tuple(tuple(float(v) for v in m) for m in minima)

    def _f(self, x):
        return self._fn(x)

    def _grad(self, x):
        if self._gn is None:
            raise NotImplementedError("this objective has no gradient")
        return self._gn(x)

    def _hess(self, x):
        if self._hn is None:
            raise NotImplementedError("this objective has no Hessian")
        return self._hn(x)

    def f_grid(self, *coords):
        stacked = np.stack(np.broadcast_arrays(*coords))
        if self._fvec is not None:
            with np.errstate(all="ignore"):
                return np.asarray(self._fvec(stacked), dtype=float)
        flat = stacked.reshape(self.n, -1)
        with np.errstate(all="ignore"):
            out = np.array([self._fn(flat[:, i]) for i in range(flat.shape[1])], dtype=float)
        return out.reshape(stacked.shape[1:])


class SymbolicObjective(Objective):
    """f, ∇f and ∇²f from sympy expressions, compiled to numpy with ``lambdify(cse=...)``.

    Build with :meth:`from_exprs` (the expressions come from the safe parser, never from text).
    ``expr``, ``grad_exprs`` (list of n) and ``hess_exprs`` (n × n nested lists) stay available
    for display.
    """

    def __init__(self, expr, grad_exprs, hess_exprs, symbols, *, text: str = "",
                 cse: tuple | None = None) -> None:
        super().__init__()
        import sympy  # local: importing landscape stays cheap

        from landscape.numeric import NUMPY_MODULES

        self.text = text
        self.expr = expr
        self.grad_exprs = list(grad_exprs)
        self.hess_exprs = [list(row) for row in hess_exprs]
        self.symbols = tuple(symbols)
        self.variables = tuple(str(s) for s in self.symbols)
        flat_hess = [h for row in self.hess_exprs for h in row]
        cse_f, cse_g, cse_h = cse if cse is not None else (None, None, None)

        def compile_(exprs, pre):
            how = True if pre is None else (lambda _e: pre)
            return sympy.lambdify(self.symbols, exprs, modules=NUMPY_MODULES, cse=how)

        self._f_fn = compile_(expr, None if cse_f is None else (cse_f[0], cse_f[1][0]))
        self._g_fn = compile_(self.grad_exprs, cse_g)
        # The Hessian is compiled on first use (Newton, the inspector): most runs never need it.
        self._h_fn = None
        self._compile_hessian = lambda: compile_(flat_hess, cse_h)
        self._h_lock = threading.Lock()

    @classmethod
    def from_exprs(cls, expr, symbols, *, text: str = "") -> SymbolicObjective:
        """Differentiate in this process (use only for small, trusted expressions)."""
        from landscape.symbolic import derive

        return cls.from_derivatives(derive(expr, tuple(symbols)), text=text)

    @classmethod
    def from_derivatives(cls, d, *, text: str = "") -> SymbolicObjective:
        """From a :class:`landscape.symbolic.Derivatives` (computed in the budget worker)."""
        cse = (d.cse_f, (d.cse_gradient[0], list(d.cse_gradient[1])),
               (d.cse_hessian[0], list(d.cse_hessian[1])))
        return cls(d.expr, d.gradient, d.hessian, d.symbols, text=text, cse=cse)

    def _f(self, x):
        return self._f_fn(*x)

    def _grad(self, x):
        return np.array(self._g_fn(*x), dtype=float)

    def _hess(self, x):
        if self._h_fn is None:
            with self._h_lock:
                if self._h_fn is None:
                    self._h_fn = self._compile_hessian()
        return np.array(self._h_fn(*x), dtype=float)

    def f_grid(self, *coords):
        arrays = np.broadcast_arrays(*[np.asarray(c, dtype=float) for c in coords])
        with np.errstate(all="ignore"):
            return _real(_broadcast(self._f_fn(*arrays), arrays[0].shape))

    def grad_grid(self, *coords):
        """∇f on arrays of one shape ``S`` → ``(n, *S)``, evaluated in row blocks of about
        ``GRID_CHUNK`` points so the temporaries of large grids stay in cache."""
        arrays = np.broadcast_arrays(*[np.asarray(c, dtype=float) for c in coords])
        shape = arrays[0].shape
        out = np.empty((len(arrays), *shape))
        rows = max(1, GRID_CHUNK // max(1, int(np.prod(shape[1:])))) if shape else 1
        with np.errstate(all="ignore"):
            if not shape:
                return np.stack([_real(_broadcast(p, ())) for p in self._g_fn(*arrays)])
            for start in range(0, shape[0], rows):
                block = [a[start:start + rows] for a in arrays]
                for i, part in enumerate(self._g_fn(*block)):
                    out[i, start:start + rows] = _real(_broadcast(part, block[0].shape))
        return out


def _real(arr: np.ndarray) -> np.ndarray:
    """Complex results are not values: non-real entries become NaN."""
    if np.iscomplexobj(arr):
        out = arr.real.astype(float)
        out[np.abs(arr.imag) > 0] = np.nan
        return out
    return arr
