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

from landscape.errors import InputError


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
        """f(x) as a float; ``nan`` where the value is complex."""
        self.counts.nfev += 1
        with np.errstate(all="ignore"):
            return float(real_or_nan(self._f(np.asarray(x, dtype=float)), ()))

    def grad(self, x: np.ndarray) -> np.ndarray:
        """∇f(x) ``(n,)``; entries that are complex are ``nan``."""
        self.counts.ngev += 1
        with np.errstate(all="ignore"):
            return real_or_nan(self._grad(np.asarray(x, dtype=float)), (self.n,))

    def hess(self, x: np.ndarray) -> np.ndarray:
        """∇²f(x) ``(n, n)``; entries that are complex are ``nan``."""
        self.counts.nhev += 1
        with np.errstate(all="ignore"):
            return real_or_nan(self._hess(np.asarray(x, dtype=float)), (self.n, self.n))

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


def real_or_nan(value, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` (a scalar or an array, real or complex, possibly a nested list of scalars
    from lambdify) as a float array of ``shape``: complex entries and anything that is not a
    number become ``nan``; a bare scalar is broadcast (a constant derivative)."""
    try:
        arr = np.asarray(value)
        if arr.dtype.kind == "c":
            real = arr.real.astype(float)
            real[arr.imag != 0] = np.nan
            arr = real
        else:
            arr = arr.astype(float, copy=False)
        if arr.shape != shape:
            arr = np.broadcast_to(
                arr.reshape(shape) if arr.size == np.prod(shape) else arr, shape
            ).copy()
        return arr
    except (TypeError, ValueError, OverflowError):
        return np.full(shape, np.nan)


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
                return real_or_nan(self._fvec(stacked), stacked.shape[1:])
        flat = stacked.reshape(self.n, -1)
        with np.errstate(all="ignore"):
            out = [real_or_nan(self._fn(flat[:, i]), ()) for i in range(flat.shape[1])]
        return np.array(out, dtype=float).reshape(stacked.shape[1:])


class SymbolicObjective(Objective):
    """f, ∇f and ∇²f from sympy expressions, compiled to numpy with ``lambdify(cse=...)``.

    Build with :meth:`from_exprs` (the expressions come from the safe parser, never from text).
    ``expr``, ``grad_exprs`` (list of n) and ``hess_exprs`` (n × n nested lists) stay available
    for display: they are exact, and almost-everywhere derivatives (:mod:`landscape.kinks`).
    What is compiled is their numeric form (:func:`landscape.symbolic.numeric_form`).

    The generated code is the boundary: whatever it raises becomes ``nan`` (a run status or
    a mask upstream), and complex values are ``nan`` too.
    """

    def __init__(
        self, expr, grad_exprs, hess_exprs, symbols, *, text: str = "", cse: tuple | None = None
    ) -> None:
        super().__init__()
        from landscape.realdiff import nonsmooth_functions

        self.text = text
        self.expr = expr
        self.grad_exprs = list(grad_exprs)
        self.hess_exprs = [list(row) for row in hess_exprs]
        self.symbols = tuple(symbols)
        self.variables = tuple(str(s) for s in self.symbols)
        self.nonsmooth = nonsmooth_functions(expr, text)
        cse_f, cse_g, cse_h = cse if cse is not None else self._own_cse()
        self._f_fn = _compile(self.symbols, cse_f[1][0], (cse_f[0], cse_f[1][0]), "f")
        self._g_fn = _compile(self.symbols, cse_g[1], cse_g, "∇f")
        # The Hessian is compiled on first use (Newton, the inspector): most runs never need it.
        self._h_fn = None
        self._compile_hessian = lambda: _compile(self.symbols, cse_h[1], cse_h, "∇²f")
        self._h_lock = threading.Lock()

    def _own_cse(self) -> tuple:
        """Numeric forms and their common subexpressions, for expressions given directly."""
        import sympy

        from landscape.symbolic import numeric_form

        flat_hess = [h for row in self.hess_exprs for h in row]
        return tuple(
            sympy.cse([numeric_form(e) for e in group])
            for group in ([self.expr], self.grad_exprs, flat_hess)
        )

    @classmethod
    def from_exprs(cls, expr, symbols, *, text: str = "") -> SymbolicObjective:
        """Differentiate in this process (use only for small, trusted expressions)."""
        from landscape.symbolic import derive

        return cls.from_derivatives(derive(expr, tuple(symbols)), text=text)

    @classmethod
    def from_derivatives(cls, d, *, text: str = "") -> SymbolicObjective:
        """From a :class:`landscape.symbolic.Derivatives` (computed in the budget worker)."""
        cse = (
            d.cse_f,
            (d.cse_gradient[0], list(d.cse_gradient[1])),
            (d.cse_hessian[0], list(d.cse_hessian[1])),
        )
        return cls(d.expr, d.gradient, d.hessian, d.symbols, text=text, cse=cse)

    def _hessian_fn(self):
        if self._h_fn is None:
            with self._h_lock:
                if self._h_fn is None:
                    try:
                        self._h_fn = self._compile_hessian()
                    except InputError:
                        self._h_fn = _nowhere
        return self._h_fn

    # point calls: complex entries stay complex here (calculus.raw_* and the base make them nan)
    def _f(self, x):
        return _generated(self._f_fn, x, ())

    def _grad(self, x):
        return _generated(self._g_fn, x, (self.n,))

    def _hess(self, x):
        return _generated(self._hessian_fn(), x, (self.n * self.n,)).reshape(self.n, self.n)

    # grid calls
    def f_grid(self, *coords):
        """f on ``n`` broadcastable arrays of one shape ``S`` → ``S`` (``nan`` where undefined)."""
        return self._on_grid(lambda *a: [self._f_fn(*a)], 1, coords)[0]

    def grad_grid(self, *coords):
        """∇f on arrays of one shape ``S`` → ``(n, *S)``, evaluated in row blocks of about
        ``GRID_CHUNK`` points so the temporaries of large grids stay in cache."""
        return self._on_grid(self._g_fn, self.n, coords)

    def hess_grid(self, *coords):
        """∇²f on arrays of one shape ``S`` → ``(n, n, *S)``, in row blocks as ``grad_grid``."""
        out = self._on_grid(self._hessian_fn(), self.n * self.n, coords)
        return out.reshape(self.n, self.n, *out.shape[1:])

    def _on_grid(self, fn, count: int, coords) -> np.ndarray:
        """``fn`` (generated, returning ``count`` parts) on broadcast ``coords`` → ``(count, *S)``
        real floats; a block whose evaluation raises is ``nan``."""
        arrays = np.broadcast_arrays(*[np.asarray(c, dtype=float) for c in coords])
        shape = arrays[0].shape
        if not shape:
            return np.stack([real_or_nan(p, ()) for p in _generated(fn, arrays, (count,))])
        out = np.full((count, *shape), np.nan)
        rows = max(1, GRID_CHUNK // max(1, int(np.prod(shape[1:]))))
        for start in range(0, shape[0], rows):
            block = [a[start : start + rows] for a in arrays]
            parts = _generated(fn, block, None)
            if parts is None or len(parts) != count:
                continue
            for i, part in enumerate(parts):
                out[i, start : start + rows] = real_or_nan(part, block[0].shape)
        return out


def _compile(symbols, exprs, pre, what: str):
    """``lambdify`` with precomputed common subexpressions; InputError if it cannot print."""
    import sympy

    from landscape.numeric import NUMPY_MODULES

    try:
        return sympy.lambdify(symbols, exprs, modules=NUMPY_MODULES, cse=lambda _e: pre)
    except Exception as exc:  # noqa: BLE001 - a formula the printer cannot write: bad input
        raise InputError(f"{what} cannot be compiled to numbers ({type(exc).__name__})") from None


def _nowhere(*_args):
    raise ArithmeticError("not compiled")


def _generated(fn, args, shape: tuple[int, ...] | None):
    """``fn(*args)`` under ``errstate(all="ignore")``; whatever it raises gives ``nan`` of
    ``shape`` (or None when ``shape`` is None). Complex results are returned as they are."""
    with np.errstate(all="ignore"):
        try:
            value = fn(*args)
        except Exception:  # noqa: BLE001 - the boundary: generated code never raises past it
            return None if shape is None else np.full(shape, np.nan)
    if shape is None:
        return value
    try:
        return np.asarray(value).reshape(shape) if shape else value
    except (TypeError, ValueError):
        return np.full(shape, np.nan)
