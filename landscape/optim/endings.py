"""How a point ends a run, and what kind of point a converged run ended at.

:func:`check_point` looks at a new point (or the start) x with f(x) and ∇f(x):

* ``undefined`` — f(x) is NaN: x is outside f's domain (``ln`` of a negative number,
  ``sqrt`` of one), or ∇f(x) is NaN at a point that is not a minimum;
* ``diverged`` — unbounded: f(x) = ±∞, ‖x‖ > bound, or ‖∇f(x)‖ = ∞;
* a kink minimum — f(x) is finite, ∇f(x) is NaN (``sqrt(x² + y²)`` at 0, Ackley at 0: the
  formula of ∇f is 0/0 there), and f is no lower at any of :data:`NEARBY` points around x
  (4n directions, two distances): the run has ``converged`` at a non-smooth minimum. Its
  recorded gradient norm is 0, the norm of the smallest subgradient (0 ∈ ∂f(x) at a
  minimum, for the Clarke subdifferential of any locally Lipschitz f).

:func:`converged_message` evaluates ∇²f at the end point (when available and finite) and
says in the message whether the run converged to a saddle point or a maximum, using the
curvature tolerance of :mod:`landscape.optim.curvature`.

These checks are the run's, not the optimizer's: their evaluations are not counted in the
trajectory's ``counts``.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

from landscape.optim.curvature import EPS, analyse, format_eigenvalues

#: the two distances (× max(1, ‖x‖)) of the nearby points of the kink test
KINK_RADII = (1e-3, 1e-6)


class Ending(NamedTuple):
    """``status``, ``message``; ``record``: the point belongs to the trajectory (a kink
    minimum, recorded with gradient norm 0)."""

    status: str
    message: str
    record: bool = False


def point_text(x: np.ndarray) -> str:
    """``(0.3, -1.2)``; long points show their first three coordinates."""
    vals = [f"{float(v) + 0.0:.4g}" for v in np.asarray(x).ravel()]
    return "(" + ", ".join(vals if len(vals) <= 4 else [*vals[:3], "…"]) + ")"


@contextmanager
def uncounted(objective):
    """Evaluations inside the block are not added to ``objective.counts``."""
    c = objective.counts
    before = (c.nfev, c.ngev, c.nhev)
    try:
        yield
    finally:
        c.nfev, c.ngev, c.nhev = before


def check_point(objective, x, f: float, g, bound: float, where: str) -> Ending | None:
    """None when x is a good point to go on from, else how the run ends there.

    ``where`` is "at the start" or "at step k"."""
    with np.errstate(all="ignore"):
        xx = float(x @ x)
        gn = math.sqrt(float(g @ g))
    name = "f(x0)" if where == "at the start" else "f"
    if math.isnan(f):
        return Ending(
            "undefined",
            f"undefined {where}: {name} is not defined (nan) at "
            f"{point_text(x)}, outside f's domain" + _last(where, "where f is defined"),
        )
    if math.isinf(f):
        return Ending(
            "diverged",
            f"diverged {where}: {name} = {f:g} is not finite" + _last(where, "where f is finite"),
        )
    if not xx <= bound * bound:
        with np.errstate(all="ignore"):
            norm = float(np.linalg.norm(x))
        what = (
            f"‖x‖ = {norm:.3g} exceeds the bound {bound:g}"
            if math.isfinite(norm)
            else "x is not finite"
        )
        return Ending("diverged", f"diverged {where}: {what}" + _last(where, "inside the bound"))
    if np.any(np.isnan(g)):
        return _kink(objective, x, f, where)
    if not math.isfinite(gn):
        return Ending(
            "diverged", f"diverged {where}: ‖∇f‖ is not finite" + _last(where, "where ∇f is finite")
        )
    return None


def _last(where: str, which: str) -> str:
    if where == "at the start":
        return ""
    return f"; the trajectory ends at the last point {which}"


def _kink(objective, x, f, where) -> Ending:
    verdict, count = kink_test(objective, x, f)
    at = f"∇f is not defined (nan) at {point_text(x)}"
    if verdict == "minimum":
        radii = " and ".join(f"{r * max(1.0, float(np.linalg.norm(x))):.3g}" for r in KINK_RADII)
        return Ending(
            "converged",
            f"converged {where}: {at}, a kink, and f is no lower at "
            f"any of {count} nearby points (at distances {radii}): a non-smooth "
            "minimum",
            record=True,
        )
    why = (
        "f is lower nearby: not a minimum"
        if verdict == "lower"
        else "f is not defined at some nearby points (the edge of its domain)"
    )
    return Ending(
        "undefined", f"undefined {where}: {at} and {why}" + _last(where, "where ∇f is defined")
    )


def nearby_directions(n: int) -> np.ndarray:
    """4n unit directions ``(4n, n)``: ±eᵢ and ± n fixed pseudo-random ones (seed 0)."""
    rng = np.random.default_rng(0)
    d = rng.standard_normal((n, n))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    base = np.vstack([np.eye(n), d])
    return np.vstack([base, -base])


def kink_test(objective, x: np.ndarray, f: float) -> tuple[str, int]:
    """ "minimum" (every nearby f finite and ≥ f − 8u|f|), "lower" (one is lower) or "edge"
    (one is not finite), and how many points were tried."""
    points = [
        x + r * max(1.0, float(np.linalg.norm(x))) * d
        for r in KINK_RADII
        for d in nearby_directions(len(x))
    ]
    with uncounted(objective):
        values = np.array([objective.f(p) for p in points])
    if np.any(values < f - 8.0 * EPS * abs(f)):
        return "lower", len(points)
    if not np.all(np.isfinite(values)):
        return "edge", len(points)
    return "minimum", len(points)


def converged_message(objective, x: np.ndarray, reason: str) -> str:
    """``reason`` ("converged: ‖∇f‖ = … ≤ gtol …"), or, where ∇²f(x) shows x is not a
    minimum, "converged to a saddle point: ∇²f has eigenvalues −2, 2 (‖∇f‖ = …)"."""
    H = _hessian(objective, x)
    if H is None:
        return reason
    curv = analyse(H)
    kind = curv.kind()
    if kind == "minimum":
        return reason
    values = _eigenvalue_text(curv.eigenvalues)
    detail = reason.removeprefix("converged: ")
    if kind == "degenerate":
        return (
            f"{reason}; ∇²f is singular there ({values}): the second-derivative test "
            "cannot tell whether it is a minimum"
        )
    what = {
        "saddle": "a saddle point",
        "maximum": "a maximum",
        "not a minimum": "a point that is not a minimum",
    }[kind]
    return f"converged to {what}: ∇²f has {values} ({detail})"


def _eigenvalue_text(lam: np.ndarray) -> str:
    if lam.size <= 4:
        return "eigenvalues " + format_eigenvalues(lam)
    return f"eigenvalues from {format_eigenvalues(lam[:1])} to {format_eigenvalues(lam[-1:])}"


def _hessian(objective, x) -> np.ndarray | None:
    if not getattr(objective, "has_hessian", True):
        return None
    try:
        with uncounted(objective):
            H = objective.hess(x)
    except Exception:  # noqa: BLE001 - an optional note: no Hessian here means no note
        return None
    return H if np.all(np.isfinite(H)) else None
