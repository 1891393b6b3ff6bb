"""What kind of critical point: the second-order test with an absolute notion of zero, and a
higher-order test where it is inconclusive.

When is an eigenvalue of ∇²f zero? Not when it is small next to the largest one (x² + 1e9 y² has
eigenvalues 2 and 2e9 and is a plain minimum). An eigenvalue counts as zero when it is within
what the arithmetic cannot resolve (:func:`zero_tolerance`):

* the rounding of the eigenvalue solver, ``64 n eps ‖∇²f‖₂`` (a computed eigenvalue carries
  an absolute error of order eps ‖∇²f‖₂; Golub & Van Loan §8.1), with ``‖∇²f‖₂`` taken at the point
  and its neighbours, so entries that cancel at the point still count at their own size;
* the uncertainty of a point found numerically: if |∇f| = g there, the critical point is about
  g / |λ| away and ∇²f changes by ‖∇³f‖ g / |λ| over that distance, so λ is only trustworthy
  when λ² > 100 ‖∇³f‖ g.

When the exact solve knows the nullity of ∇²f (it decides it in exact arithmetic), that count is
used instead. If the nonzero eigenvalues have both signs the point is a saddle; if none is zero
it is a minimum or maximum. Otherwise the second-order test is inconclusive:

* n = 1 with the exact order m of the first non-zero derivative: m even gives a minimum
  (f⁽ᵐ⁾ > 0) or maximum, m odd an inflection point (not an extremum);
* else f is sampled on spheres (circles for n = 2, refined by golden-section search along the
  circle, so the thin wedges of Peano's (y - x²)(y - 2x²) are seen) of shrinking radii around
  the point: rising in every direction is a minimum, falling a maximum, both a saddle (n ≥ 2) or
  an inflection (n = 1). The smallest radius at which f differs from f(p) by more than its
  rounding decides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landscape.calculus import raw_gradient, raw_hessian, raw_value
from landscape.critical.result import label_for

EPS = float(np.finfo(float).eps)
#: Directions sampled on each circle (n = 2).
CIRCLE_SAMPLES = 72
#: Radii tried, from the smallest to the largest: r_max · 10**(-k/2) for k = 12 … 0.
RADIUS_STEPS = 13
_ORDINAL = {2: "f''", 3: "f'''"}


@dataclass(frozen=True)
class Verdict:
    """``kind`` ("minimum", "maximum", "saddle", "inflection" or "degenerate" when nothing
    decides), ``degenerate`` (∇²f is singular: the second-order test could not decide),
    ``test`` (how it was decided, in words) and ``eigenvalues`` ``(n,)`` ascending."""

    kind: str
    degenerate: bool
    test: str
    eigenvalues: tuple[float, ...]

    @property
    def label(self) -> str:
        return label_for(self.kind, self.degenerate)


def zero_tolerance(
    H: np.ndarray, *, grad_norm: float = 0.0, third: float = 0.0, hess_scale: float | None = None
) -> float:
    """Eigenvalues of ``H (n, n)`` with |λ| ≤ this are zero (see the module notes):
    ``max(64 n eps S, sqrt(100 · third · grad_norm))`` with S = ``hess_scale`` (default
    ‖H‖₂), ``third`` a bound on ‖∇³f‖ near the point and ``grad_norm`` |∇f| there."""
    H = np.asarray(H, dtype=float)
    n = H.shape[0]
    scale = float(np.linalg.norm(H, 2)) if hess_scale is None else float(hess_scale)
    return max(64 * n * EPS * scale, float(np.sqrt(100.0 * third * grad_norm)))


def classify(eigenvalues, tol: float | None = None) -> str:
    """ "minimum", "maximum", "saddle" or "degenerate" from eigenvalues ``(n,)`` alone.

    An eigenvalue is zero when ``|λ| <= tol`` (default: the solver's rounding,
    ``64 n eps max|λ|``). Both signs make a saddle even beside a zero; a zero otherwise (or a
    non-finite eigenvalue) leaves the second-order test undecided: "degenerate"."""
    lam = np.asarray(eigenvalues, dtype=float).reshape(-1)
    if lam.size == 0 or not np.all(np.isfinite(lam)):
        return "degenerate"
    thr = 64 * lam.size * EPS * float(np.max(np.abs(lam))) if tol is None else float(tol)
    pos, neg = bool(np.any(lam > thr)), bool(np.any(lam < -thr))
    if pos and neg:
        return "saddle"
    if np.any(np.abs(lam) <= thr):
        return "degenerate"
    return "minimum" if pos else "maximum"


def third_derivative_bound(objective, x: np.ndarray, h: float):
    """(max ‖∇²f(x ± h e_i) - ∇²f(x)‖ / h, max ‖∇²f(x ± h e_i)‖₂): a bound on ‖∇³f‖ near x,
    and the size of the Hessian around x."""
    H0 = raw_hessian(objective, x)
    third, size = 0.0, float(np.linalg.norm(H0, 2)) if np.all(np.isfinite(H0)) else 0.0
    for i in range(x.size):
        for sign in (1.0, -1.0):
            p = x.copy()
            p[i] += sign * h
            H = raw_hessian(objective, p)
            if np.all(np.isfinite(H)) and np.all(np.isfinite(H0)):
                third = max(third, float(np.linalg.norm(H - H0, 2)) / h)
                size = max(size, float(np.linalg.norm(H, 2)))
    return third, size


def second_order(objective, x: np.ndarray, *, scale_length: float, nullity: int | None = None):
    """(eigenvalues ascending, zero mask) at ``x``. ``nullity`` (exact, from the solve)
    marks that many eigenvalues of smallest |λ| as zero; otherwise :func:`zero_tolerance`."""
    H = raw_hessian(objective, x)
    if not np.all(np.isfinite(H)):
        return np.full(x.size, np.nan), np.ones(x.size, dtype=bool)
    lam = np.linalg.eigvalsh(0.5 * (H + H.T))
    if nullity is not None:
        zero = np.zeros(lam.size, dtype=bool)
        zero[np.argsort(np.abs(lam))[:nullity]] = True
        return lam, zero
    g = raw_gradient(objective, x)
    gn = float(np.linalg.norm(g)) if np.all(np.isfinite(g)) else 0.0
    third, size = third_derivative_bound(objective, x, 1e-4 * scale_length)
    tol = zero_tolerance(H, grad_norm=gn, third=third, hess_scale=size)
    return lam, np.abs(lam) <= tol


def judge(
    objective,
    x,
    *,
    scale_length: float,
    radius: float,
    nullity: int | None = None,
    order: int | None = None,
    derivative: float | None = None,
    uncertainty: float = 0.0,
    kink: bool = False,
) -> Verdict:
    """The verdict at a critical point ``x (n,)``: second order first, then (n = 1) the exact
    ``order`` and value of the first non-zero derivative, else sampling f around x on radii up
    to ``radius`` (and above ``uncertainty``, how far x may be from the true point). At a
    ``kink`` (∇f jumps across x) derivatives say nothing: f is sampled at once."""
    x = np.asarray(x, dtype=float)
    if kink:
        return _sampled(
            objective,
            x,
            radius,
            1e-7 * scale_length,
            "∇f jumps here (a kink)",
            (),
            with_gradient=False,
        )
    lam, zero = second_order(objective, x, scale_length=scale_length, nullity=nullity)
    eig = tuple(float(v) for v in lam)
    words = ", ".join(f"{v + 0.0:.4g}" for v in lam)
    pos = bool(np.any((lam > 0) & ~zero))
    neg = bool(np.any((lam < 0) & ~zero))
    if x.size >= 2 and pos and neg:
        return Verdict("saddle", bool(zero.any()), f"∇²f has eigenvalues {words}", eig)
    if not zero.any():
        kind = "minimum" if pos else "maximum"
        if x.size == 1:
            return Verdict(kind, False, f"f''(x) = {lam[0]:.4g}", eig)
        return Verdict(kind, False, f"∇²f has eigenvalues {words}", eig)
    if x.size == 1 and order is not None and derivative is not None and derivative != 0:
        return _by_order(order, derivative, eig)
    what = "f''(x) = 0" if x.size == 1 else f"∇²f is singular (eigenvalues {words})"
    return _sampled(objective, x, radius, max(uncertainty * 100, 1e-7 * scale_length), what, eig)


def _sampled(objective, x, radius, r_min, what, eig, with_gradient: bool = True) -> Verdict:
    kind, r = sample_test(objective, x, radius, r_min, with_gradient=with_gradient)
    if kind is None:
        return Verdict("degenerate", True, f"{what}; sampling f around it cannot decide", eig)
    every = "on both sides" if x.size == 1 else "in every direction"
    seen = {
        "minimum": f"f rises {every}",
        "maximum": f"f falls {every}",
        "saddle": "f rises in some directions and falls in others",
        "inflection": "f rises on one side and falls on the other",
    }[kind]
    return Verdict(kind, True, f"{what}; sampled at distance {r:.2g}: {seen}", eig)


def _by_order(order: int, value: float, eig) -> Verdict:
    name = _ORDINAL.get(order, f"f⁽{order}⁾".translate(_SUPERSCRIPT))
    if order % 2:
        return Verdict(
            "inflection",
            True,
            f"f''(x) = 0; the first non-zero derivative is "
            f"{name} = {value:.6g}, of odd order: not an extremum",
            eig,
        )
    kind = "minimum" if value > 0 else "maximum"
    return Verdict(
        kind,
        True,
        f"f''(x) = 0; the first non-zero derivative is {name} = "
        f"{value:.6g}, of even order: a {kind}",
        eig,
    )


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


# -- the sampling test ------------------------------------------------------------------------
def sample_test(
    objective, x: np.ndarray, r_max: float, r_min: float, *, with_gradient: bool = True
):
    """(kind or None, radius) from d(u) = f(x + r u) - f(x) over unit directions u, radii from
    ``r_min`` up to ``r_max``. Beyond the rounding of f (``noise``), d > 0 everywhere is a strict
    minimum, d < 0 a strict maximum, both signs a saddle (n ≥ 2) or inflection (n = 1): the
    smallest radius with such a verdict decides. d ≥ 0 with d ≈ 0 somewhere (f constant along a
    curve of minima, or a higher-order rise hidden in the rounding) is a minimum only if no
    larger radius decides otherwise (likewise for maxima). ``with_gradient``: the residual
    |∇f| r (x slightly off the critical point) counts as rounding too; not at a kink, where
    ∇f is not small."""
    f0 = raw_value(objective, x)
    if not np.isfinite(f0) or r_max <= 0:
        return None, 0.0
    g = raw_gradient(objective, x)
    gn = float(np.linalg.norm(g)) if with_gradient and np.all(np.isfinite(g)) else 0.0
    radii = r_max * 10.0 ** (-np.arange(RADIUS_STEPS - 1, -1, -1) / 2.0)
    floor = rounding_of_f(objective, x, f0, r_max)
    tentative: tuple[str | None, float] = (None, 0.0)
    for r in radii[radii >= min(r_min, r_max)]:
        lo, hi, fmax = _extremes_around(objective, x, float(r), f0)
        if not np.isfinite(lo):
            continue
        noise = max(64 * EPS * (abs(f0) + fmax), floor) + 2 * gn * r
        kind, strict = _verdict(lo - f0, hi - f0, noise, x.size)
        if kind is not None and strict:
            return kind, float(r)
        if kind is not None and tentative[0] is None:
            tentative = (kind, float(r))
    return tentative


def rounding_of_f(objective, x: np.ndarray, f0: float, reach: float) -> float:
    """The rounding error of evaluating f near x, measured: at distance δ = 1e-6 (|x| + reach)
    along 32 directions u, f(x ± δu) is compared with its Taylor polynomial of order 2 (from
    the exact ∇f and ∇²f); what is left over beyond O(δ³) is rounding. Twice the largest
    left-over is returned. It is large where the terms of f cancel (an expanded (x - 1)⁴ near
    x = 1 has values of size 1e-15 that are only noise)."""
    g, H = raw_gradient(objective, x), raw_hessian(objective, x)
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(H))):
        return 0.0
    delta = 1e-6 * (float(np.linalg.norm(x)) + reach)
    rng = np.random.default_rng(1)
    U = rng.standard_normal((32, x.size))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    plus, minus = values_at(objective, x + delta * U), values_at(objective, x - delta * U)
    slope = delta * (U @ g)
    curve = 0.5 * delta**2 * np.einsum("ki,ij,kj->k", U, H, U)
    left = np.concatenate([plus - f0 - slope - curve, minus - f0 + slope - curve])
    left = left[np.isfinite(left)]
    return 2 * float(np.max(np.abs(left))) if left.size else 0.0


def _verdict(lo: float, hi: float, noise: float, n: int) -> tuple[str | None, bool]:
    """(kind, decisive) from the extremes of d at one radius."""
    if lo < -noise and hi > noise:
        return ("saddle" if n >= 2 else "inflection"), True
    if lo > noise:
        return "minimum", True
    if hi < -noise:
        return "maximum", True
    if lo >= -noise and hi > noise:
        return "minimum", False
    if hi <= noise and lo < -noise:
        return "maximum", False
    return None, False


def values_at(objective, P: np.ndarray) -> np.ndarray:
    """f at each row of ``P (m, n)`` -> ``(m,)`` (nan where undefined)."""
    try:
        with np.errstate(all="ignore"):
            v = np.asarray(objective.f_grid(*P.T), dtype=float).reshape(-1)
    except (NotImplementedError, TypeError, ValueError, ArithmeticError):
        v = np.array([raw_value(objective, p) for p in P])
    return np.where(np.isfinite(v), v, np.nan)


def _extremes_around(objective, x: np.ndarray, r: float, f0: float):
    """(min, max, max |f|) of f on the sphere of radius r around x (nan-aware). On a circle,
    the smallest and largest samples are refined by zooming in around them, unless the raw
    samples already show both signs of f - f0 or f is flat there."""
    n = x.size
    U = _directions(n)
    v = values_at(objective, x + r * U)
    if not np.any(np.isfinite(v)):
        return np.nan, np.nan, 0.0
    lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
    fmax = float(np.nanmax(np.abs(v)))
    rough = 64 * EPS * (abs(f0) + fmax)
    if n == 2 and hi - lo > rough and not (lo < f0 - rough and hi > f0 + rough):
        if lo >= f0 - rough:
            lo = min(lo, _zoom(objective, x, r, v, +1.0))
        if hi <= f0 + rough:
            hi = max(hi, _zoom(objective, x, r, v, -1.0))
    return lo, hi, fmax


def _directions(n: int) -> np.ndarray:
    if n == 1:
        return np.array([[1.0], [-1.0]])
    if n == 2:
        t = 2 * np.pi * np.arange(CIRCLE_SAMPLES) / CIRCLE_SAMPLES
        return np.column_stack([np.cos(t), np.sin(t)])
    eye = np.eye(n)
    pairs = [
        (eye[i] + s * eye[j]) / np.sqrt(2)
        for i in range(n)
        for j in range(i + 1, n)
        for s in (1, -1)
    ]
    rng = np.random.default_rng(0)
    extra = rng.standard_normal((400, n))
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    return np.vstack([eye, -eye, *(np.array(pairs).reshape(-1, n),), extra])


def _zoom(objective, x, r, values, sign: float, rounds: int = 6, points: int = 24) -> float:
    """The smallest sign · f along the circle near its smallest sample, by dense sampling of
    the bracket around the best angle, shrunk about 12-fold each round; returns that f."""
    signed = sign * values
    k = int(np.nanargmin(signed))
    centre, half = 2 * np.pi * k / CIRCLE_SAMPLES, 2 * np.pi / CIRCLE_SAMPLES
    best = float(signed[k])
    for _ in range(rounds):
        t = centre + np.linspace(-half, half, points)
        w = sign * values_at(objective, x + r * np.column_stack([np.cos(t), np.sin(t)]))
        if not np.any(np.isfinite(w)):
            break
        j = int(np.nanargmin(w))
        best = min(best, float(w[j]))
        centre, half = t[j], 2 * half / (points - 1)
    return sign * best
