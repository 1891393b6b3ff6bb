"""Curvature tests on a Hessian: positive definite, singular, and what kind of point it is.

Every test uses one tolerance, set by rounding error rather than by a chosen ratio. ∇²f is
computed in floating point and its eigenvalues by a backward-stable method (``eigh``), so
each computed eigenvalue is exact for a matrix within about u·‖∇²f‖₂ of the true one
(u = 2⁻⁵² ≈ 2.2e-16, Weyl's inequality; Golub & Van Loan, *Matrix Computations*, 4th ed.,
§8.1). An eigenvalue within

    τ = 8 n u · max|λᵢ|

of 0 cannot be told from 0: it counts as zero. Anything larger is a real sign. The test has
no free ratio: ``x² + 10⁹ y²`` (eigenvalues 2 and 2·10⁹, τ ≈ 7e-6) is positive definite and a
minimum; a Hessian that is exactly 0 has τ = 0, and only exact zeros count as zero there.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

EPS = float(np.finfo(float).eps)
#: τ = ROUNDING_FACTOR · n · u · max|λ| (a small multiple of the backward error of eigh).
ROUNDING_FACTOR = 8.0


class Curvature(NamedTuple):
    """The eigen-decomposition ∇²f = Q diag(λ) Qᵀ of the symmetric part, with the tolerance.

    ``eigenvalues (n,)`` ascending, ``vectors (n, n)`` (column i belongs to λᵢ), ``tol`` τ,
    ``cholesky (n, n)`` the lower factor L (LLᵀ = ∇²f) when ∇²f is positive definite, else None.
    """

    eigenvalues: np.ndarray
    vectors: np.ndarray
    tol: float
    cholesky: np.ndarray | None

    @property
    def positive_definite(self) -> bool:
        return self.cholesky is not None

    @property
    def zero(self) -> bool:
        """Every eigenvalue is indistinguishable from 0 (∇²f ≈ 0)."""
        return bool(np.all(np.abs(self.eigenvalues) <= self.tol))

    @property
    def singular(self) -> bool:
        return bool(np.any(np.abs(self.eigenvalues) <= self.tol))

    def kind(self) -> str:
        """ "minimum", "maximum", "saddle" (definite signs) or "degenerate" (a zero
        eigenvalue, the second-derivative test cannot decide), or "not a minimum" (a zero
        and a negative one)."""
        lam, tol = self.eigenvalues, self.tol
        negative, positive = bool(np.any(lam < -tol)), bool(np.any(lam > tol))
        if self.singular:
            return "not a minimum" if negative else "degenerate"
        if negative and positive:
            return "saddle"
        return "maximum" if negative else "minimum"


def curvature_tolerance(eigenvalues: np.ndarray) -> float:
    """τ = 8 n u max|λᵢ|: eigenvalues within τ of 0 are zero to rounding error."""
    lam = np.asarray(eigenvalues, dtype=float)
    return ROUNDING_FACTOR * lam.size * EPS * float(np.max(np.abs(lam), initial=0.0))


def analyse(H: np.ndarray) -> Curvature:
    """The :class:`Curvature` of a finite ``H (n, n)``.

    Positive definite means: the Cholesky factorisation succeeds (the practical test, as in
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., §3.4) and λ_min > τ.
    """
    A = 0.5 * H + 0.5 * H.T  # not 0.5·(H + Hᵀ): that overflows near the largest float
    lam, Q = np.linalg.eigh(A)
    tol = curvature_tolerance(lam)
    L = None
    if lam.size and lam[0] > tol:
        try:
            L = np.linalg.cholesky(A)
        except np.linalg.LinAlgError:
            L = None
    return Curvature(lam, Q, tol, L)


def cholesky_solve(L: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x with L Lᵀ x = b (two triangular solves; L lower triangular ``(n, n)``)."""
    y = np.linalg.solve(L, b)
    return np.linalg.solve(L.T, y)


def format_eigenvalues(eigenvalues: np.ndarray) -> str:
    """``−2, 2`` (3 significant digits, a true minus sign)."""
    return ", ".join(f"{float(v) + 0.0:.3g}".replace("-", "−") for v in eigenvalues)
