"""The critical-point search: the exact solve when it can vouch for its answer, the numeric
search whenever it cannot (it failed, timed out, does not apply, or found nothing), and, for a
non-smooth f, extrema at its kinks found by sampling. Every point says which method found it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from landscape.calculus import raw_gradient, raw_hessian, raw_value
from landscape.critical.algebra import ExactPoint, SymbolicCritical, solve_critical_symbolic
from landscape.critical.classify import judge, second_order
from landscape.critical.curves import (
    TRACE_STEPS,
    Coverage,
    continues,
    curve_tolerance,
    trace_exact,
    trace_numeric,
)
from landscape.critical.describe import fitted_shape, pretty
from landscape.critical.kinks import follow_valley, kink_extrema, root_parts, roughness
from landscape.critical.numeric import (
    DOMAIN_MARGIN,
    as_box,
    diagonal,
    inside,
    newton,
    numeric_search,
)
from landscape.critical.regions import box_outline, flat_mask, near_region, region_set
from landscape.critical.result import (
    CriticalPoint,
    CriticalResult,
    CriticalSet,
    cap_points,
    plain_number,
)
from landscape.critical.sets import build_sets, exact_items, numeric_items
from landscape.errors import BudgetError, InputError

#: Most isolated points reported (shared fairly between kinds, see result.cap_points).
MAX_POINTS = 50


class _Search:
    """What one search accumulates: candidate points, sets, notes, methods."""

    def __init__(self, objective, box: np.ndarray) -> None:
        self.objective, self.box = objective, box
        self.diag = diagonal(box)
        self.step = self.diag / TRACE_STEPS
        self.candidates: list[dict] = []
        self.sets: list[CriticalSet] = []
        self.coverage = Coverage(self.step)
        self.drawn = False
        self.flat = None  # (axes, mask) of flat regions, once found
        #: roots of expressions that may vanish (sqrt(x² + y²)): f may have kinks there too
        self.roots = root_parts(objective.expr) if hasattr(objective, "expr") else []
        self.rough = bool(objective.nonsmooth or self.roots)
        self.notes: list[str] = []

    def add(self, x, method: str, **info) -> bool:
        x = np.asarray(x, dtype=float)
        if any(np.linalg.norm(x - c["x"]) <= 1e-6 * self.diag for c in self.candidates):
            return False
        self.candidates.append({"x": x, "method": method, **info})
        return True

    def add_lines(self, lines: list[np.ndarray]) -> None:
        for line in lines:
            self.coverage.add(line)
        self.drawn = self.drawn or bool(lines)

    def in_flat_region(self, x) -> bool:
        return self.flat is not None and near_region(np.asarray(x, dtype=float), *self.flat)

    def on_a_curve(self, x) -> bool:
        return self.box.shape[0] == 2 and self.coverage.near(
            np.asarray(x, dtype=float), 1.5 * self.step
        )


def find_critical(
    objective,
    domain,
    *,
    run: Callable | None = None,
    timeout: float = 5.0,
    max_points: int = MAX_POINTS,
    starts=None,
) -> CriticalResult:
    """Critical points and sets of ``objective`` inside ``domain`` (a Domain for n = 2, or
    ``(n, 2)`` ranges; enlarged by 5 %). With ``run`` (``landscape.budget.run_with_budget``)
    and a symbolic objective, the exact solve runs first within ``timeout`` seconds."""
    if objective.n < 1:
        raise InputError("f has no variables: every point is critical")
    search = _Search(objective, as_box(domain, objective.n))
    try:
        return _search(search, run, timeout, max_points, starts)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - generated code failed: say so, never a traceback
        text = f"{type(exc).__name__}: {exc}"[:160]
        note = f"the critical-point search could not evaluate f or its derivatives ({text})"
        return CriticalResult(notes=tuple(search.notes) + (note,))


def _search(search: _Search, run, timeout, max_points, starts) -> CriticalResult:
    objective = search.objective
    if _gradient_is_zero(objective):
        return _constant(search)
    exact = _exact_solve(search, run, timeout)
    if exact is not None and exact.constant:
        return _constant(search)
    found_exactly = exact is not None and _use_exact(search, exact)
    if exact is None or not exact.complete or not found_exactly:
        _use_numeric(search, starts, exact)
    if objective.nonsmooth or search.roots:
        _use_kinks(search)
    points = [p for p in (_judged(search, c) for c in search.candidates) if p is not None]
    kept, dropped = cap_points(points, max_points)
    methods = tuple(dict.fromkeys([p.method for p in points] + [s.method for s in search.sets]))
    return CriticalResult(
        tuple(kept),
        tuple(search.sets),
        len(points),
        dropped,
        methods,
        tuple(search.notes),
        bool(exact is not None and exact.complete),
    )


def find_critical_points(
    objective,
    domain,
    *,
    run: Callable | None = None,
    timeout: float = 5.0,
    max_points: int = MAX_POINTS,
) -> list[CriticalPoint]:
    """The isolated points of :func:`find_critical`, as a list (sorted by value)."""
    return list(
        find_critical(objective, domain, run=run, timeout=timeout, max_points=max_points).points
    )


# -- the exact solve --------------------------------------------------------------------------
def _exact_solve(search: _Search, run, timeout: float) -> SymbolicCritical | None:
    objective = search.objective
    if run is None or not hasattr(objective, "expr"):
        return None
    if objective.nonsmooth:
        search.notes.append("no exact solve: f is not smooth")
        return None
    pad = DOMAIN_MARGIN * (search.box[:, 1] - search.box[:, 0])
    bounds = tuple(
        (float(lo - p), float(hi + p)) for (lo, hi), p in zip(search.box, pad, strict=True)
    )
    try:
        result = run(
            solve_critical_symbolic,
            objective.expr,
            objective.symbols,
            bounds if objective.n == 2 else None,
            timeout=timeout,
        )
    except BudgetError as exc:
        search.notes.append(
            f"the exact solve stopped ({exc.message}): the points come from the numeric search"
        )
        return None
    except Exception as exc:  # noqa: BLE001 - the worker failed: the numeric search still works
        message = getattr(exc, "message", str(exc))
        search.notes.append(
            f"the exact solve failed ({message[:80]}): the points come from the numeric search"
        )
        return None
    if not isinstance(result, SymbolicCritical):
        return None
    if not result.complete:
        search.notes.append(
            f"no complete exact solve ({result.reason}): the numeric search adds what it finds"
        )
    if result.approximate:
        search.notes.append(
            "irrational constants of f were replaced by 45-digit fractions for the exact solve"
        )
    return result


def _use_exact(search: _Search, exact: SymbolicCritical) -> bool:
    """Add the exact solve's points and sets; whether it found anything at all."""
    symbols = search.objective.symbols
    traced = [(c, trace_exact(c, symbols, search.box, search.step)) for c in exact.curves]
    search.add_lines([line for _, lines in traced for line in lines])
    search.sets += build_sets(
        search.objective, exact_items(traced, symbols), search.box, search.step, "symbolic"
    )
    for s in exact.surfaces:
        search.sets.append(
            CriticalSet(
                "degenerate",
                f"the surface {s} = 0 of critical points",
                np.empty((0, search.box.shape[0])),
                float("nan"),
                "symbolic",
                f"{s} = 0",
                search.box.shape[0] - 1,
            )
        )
    candidates: list[tuple[tuple[float, ...], ExactPoint | None]]
    candidates = [(p.coords, p) for p in exact.points]
    candidates += [(s, None) for c in exact.curves for s in c.singular]
    for coords, p in candidates:
        x = np.asarray(coords, dtype=float)
        if not inside(search.box, x[None, :])[0]:
            continue
        if (p is None or p.on_curve) and search.on_a_curve(x):
            continue
        info = (
            {}
            if p is None
            else {
                "nullity": p.zero_eigenvalues,
                "order": p.order,
                "derivative": p.derivative,
                "exact": None
                if exact.approximate or p.exact is None or all(plain_number(t) for t in p.exact)
                else p.exact,
            }
        )
        search.add(x, "symbolic", **info)
    return bool(exact.points or exact.curves or exact.surfaces)


# -- the numeric search -----------------------------------------------------------------------
def _use_numeric(search: _Search, starts, exact) -> None:
    objective, box = search.objective, search.box
    found = numeric_search(objective, box, starts)
    points = _without_flat_regions(search, found)
    if objective.n == 2 and len(points):
        zero_dirs = [_null_directions(objective, p, search.diag) for p in points]
        lines = trace_numeric(objective, points, zero_dirs, box, search.step)
        lines = [line for line in lines if not _already_drawn(search, line)]
        search.add_lines(lines)
        for made in build_sets(
            objective, numeric_items(lines, box, objective.variables), box, search.step, "numeric"
        ):
            search.sets.append(_mark_kinks(search, made))
    added = 0
    for p in points:
        if objective.n == 2 and search.on_a_curve(p):
            continue
        added += search.add(p, "numeric", uncertainty=_newton_step(objective, p))
    if exact is not None and exact.complete and added:
        search.notes.append(
            f"the exact solve found no critical point; the numeric search found {added}"
        )


def _without_flat_regions(search: _Search, found) -> np.ndarray:
    """The points found outside flat regions. A point is in one when ∇f and ∇²f vanish there
    and the critical set goes on in every axis and diagonal direction (the first few such
    points are checked); the region is then outlined on a grid. A smooth formula (real
    analytic) is never constant on a region unless it is constant everywhere, so there such
    a zone is f underflowing to 0: its points are dropped and a note says so."""
    objective, n, points = search.objective, search.box.shape[0], found.points
    ftol = curve_tolerance(found.grad_scale / search.diag, search.step)
    htol = 1e-10 * found.grad_scale / search.diag
    dirs = list(np.eye(n)) + (
        [np.array([1.0, 1.0]) / np.sqrt(2), np.array([1.0, -1.0]) / np.sqrt(2)] if n == 2 else []
    )
    flat = [
        p
        for p in points
        if np.all(np.abs(raw_hessian(objective, p)) <= htol)
        and np.linalg.norm(raw_gradient(objective, p)) <= 1e-12 * abs(raw_value(objective, p))
    ]
    if not any(
        all(continues(objective, p, s * v, ftol, search.step) for v in dirs for s in (1, -1))
        for p in flat[:3]
    ):
        return points
    mask = flat_mask(objective, search.box, ftol, htol)
    search.flat = mask
    if hasattr(objective, "expr") and not objective.nonsmooth:
        search.notes.append(
            "f is 0 to double precision on part of the domain (it underflows):"
            " no critical points are reported there"
        )
    else:
        made = region_set(objective, search.box, ftol, htol)
        search.sets += [made] if made is not None else []
    return np.array([p for p in points if not near_region(p, *mask)]).reshape(-1, n)


def _mark_kinks(search: _Search, made: CriticalSet) -> CriticalSet:
    """A traced set of a non-smooth f that runs along a kink says so."""
    if not search.objective.nonsmooth:
        return made
    piece = made.pieces()[0]
    if roughness(search.objective, piece[len(piece) // 2], 1e-7 * search.diag) != "kink":
        return made
    return replace(made, description=made.description + " at kinks (f is not differentiable there)")


def _already_drawn(search: _Search, line: np.ndarray) -> bool:
    sample = line[:: max(1, len(line) // 10)]
    return search.drawn and all(search.on_a_curve(p) for p in sample)


def _null_directions(objective, p: np.ndarray, diag: float) -> list[np.ndarray]:
    H = raw_hessian(objective, p)
    if not np.all(np.isfinite(H)):
        return []
    _, zero = second_order(objective, p, scale_length=diag)
    w, V = np.linalg.eigh(0.5 * (H + H.T))
    order = np.argsort(np.abs(w))
    return [V[:, i] for i in order[: int(zero.sum())]]


def _newton_step(objective, x: np.ndarray) -> float:
    """|∇²f⁺ ∇f| at x: about how far x may be from the critical point it approximates."""
    g, H = raw_gradient(objective, x), raw_hessian(objective, x)
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(H))):
        return 0.0
    return float(np.linalg.norm(np.linalg.pinv(H, rcond=1e-30) @ g))


# -- kinks, classification, constants ---------------------------------------------------------
def _use_kinks(search: _Search) -> None:
    names = ", ".join(search.objective.nonsmooth)
    if names:
        search.notes.append(
            f"f uses {names}, which is not differentiable everywhere: ∇f jumps at its kinks "
            "and ∇²f is 0 almost everywhere near them, so the second-order test says nothing "
            "there. A minimum or maximum at a kink (like |x| at 0) is not a zero of ∇f: such "
            "points are found by sampling f and marked 'at a kink'; saddles at kinks are not "
            "searched for."
        )
    if search.roots:
        root = sympy_text(search.roots[0])
        search.notes.append(
            f"f takes {root}, which is not differentiable where its argument is 0: an extremum "
            "there (the tip of a cone) is not a zero of ∇f, so f is also sampled for extrema, "
            "marked 'at a kink'"
        )
    known = [c["x"] for c in search.candidates]
    found = [
        (x, kind)
        for x, kind in kink_extrema(search.objective, search.box, known)
        if not search.on_a_curve(x) and not search.in_flat_region(x)
    ]
    if search.box.shape[0] == 2:
        found = _kink_curves(search, found)
    for x, _kind in found:
        polished = _polished(search, x)
        if polished is not None:  # a smooth extremum the grid of Newton starts had missed
            search.add(polished, "numeric", uncertainty=_newton_step(search.objective, polished))
        else:
            search.add(x, "sampled")


def _polished(search: _Search, x: np.ndarray):
    """Newton from a sampled extremum: the zero of ∇f it converges to nearby, or None (a
    kink: Newton has nothing to go on there)."""
    if roughness(search.objective, x, 1e-7 * search.diag) == "kink":
        return None
    g = raw_gradient(search.objective, x)
    if not np.all(np.isfinite(g)):
        return None
    X, gn, running = newton(search.objective, x[None, :], 0.0, 1e-3 * search.diag, 30)
    scale = max(float(np.linalg.norm(g)), 1e-300)
    near = np.linalg.norm(X[0] - x) <= 1e-2 * search.diag
    ok = np.isfinite(gn[0]) and gn[0] <= 1e-8 * scale + 1e-14 and near and not running[0]
    return X[0] if ok else None


def _kink_curves(search: _Search, found: list) -> list:
    """Follow kink extrema that lie on level valleys or ridges (|x|, |x² + y² - 1|) as sets;
    the isolated ones stay points."""
    items, rest = [], []
    for x, kind in found:
        if search.on_a_curve(x):
            continue
        line = follow_valley(
            search.objective, x, 1.0 if kind == "minimum" else -1.0, search.box, search.step
        )
        if line is None or len(line) < 3:
            rest.append((x, kind))
            continue
        search.add_lines([line])
        noun, equation = fitted_shape(line, search.diag, search.objective.variables)
        closed = np.linalg.norm(line[0] - line[-1]) <= 1e-9 * search.diag
        items.append(
            {
                "lines": [line],
                "noun": noun,
                "equation": equation,
                "kind": kind,
                "ends_inside": bool(not closed and inside(search.box, line[[0, -1]], 0.0).any()),
            }
        )
    for made in build_sets(search.objective, items, search.box, search.step, "sampled"):
        search.sets.append(
            replace(
                made, description=made.description + " at kinks (f is not differentiable there)"
            )
        )
    return [(x, k) for x, k in rest if not search.on_a_curve(x)]


def sympy_text(expr) -> str:
    """``sqrt(x**2 + y**2)`` -> "√(x² + y²)"."""
    import sympy

    return pretty(sympy.sstr(expr))


def _judged(search: _Search, c: dict) -> CriticalPoint | None:
    objective, x = search.objective, c["x"]
    value = raw_value(objective, x)
    if not np.isfinite(value):
        return None
    others = [float(np.linalg.norm(x - d["x"])) for d in search.candidates if d is not c]
    radius = min([0.01 * search.diag] + [0.3 * d for d in others if d > 0])
    rough = roughness(objective, x, 1e-7 * search.diag) if search.rough else ""
    verdict = judge(
        objective,
        x,
        scale_length=search.diag,
        radius=radius,
        nullity=c.get("nullity"),
        order=c.get("order"),
        derivative=c.get("derivative"),
        uncertainty=c.get("uncertainty", 0.0),
        kink=bool(rough),
    )
    g = raw_gradient(objective, x)
    if (
        c["method"] == "sampled"
        and rough != "kink"
        and np.all(np.isfinite(g))
        and np.linalg.norm(g) > 1e-6 * (1 + abs(value))
    ):
        return None  # a grid extremum that is neither a zero of ∇f nor a kink
    return CriticalPoint(
        tuple(float(v) for v in x),
        float(value),
        verdict.kind,
        verdict.eigenvalues,
        c["method"],
        verdict.degenerate and not rough,
        verdict.test,
        c.get("exact"),
        rough,
    )


def _gradient_is_zero(objective) -> bool:
    """Whether the exact gradient of a symbolic objective is identically 0 (f constant)."""
    grads = getattr(objective, "grad_exprs", None)
    return (
        grads is not None
        and bool(grads)
        and all(getattr(g, "is_zero", False) is True for g in grads)
    )


def _constant(search: _Search) -> CriticalResult:
    box = search.box
    centre = box.mean(axis=1)
    value = raw_value(search.objective, centre)
    outline = box_outline(box)
    words = f"f is constant (f = {value:.6g}): every point is critical"
    s = CriticalSet("constant", words, outline, float(value), "symbolic", None, box.shape[0])
    return CriticalResult((), (s,), 0, {}, ("symbolic",), (words,), True)
