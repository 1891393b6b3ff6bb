"""From traced curves to :class:`CriticalSet` objects: kinds along them, merging, words.

f is constant along a connected set of critical points (its derivative along the set is
∇f · tangent = 0), so a set has one value. Its kind is judged at up to SET_SAMPLES points: the
curvature νᵀ∇²f ν across the curve (ν the unit normal) decides when it is clearly nonzero
(:func:`~landscape.critical.classify.zero_tolerance`); otherwise f is sampled around the point
(a crossing of two lines, a degenerate curve). One kind throughout is that kind; several make
the set "mixed", and the description lists them. Curves that meet (x = 0 and y = 0 for x²y²)
form one set.
"""

from __future__ import annotations

import numpy as np

from landscape.calculus import raw_hessian
from landscape.critical.classify import sample_test, values_at, zero_tolerance
from landscape.critical.curves import Coverage
from landscape.critical.describe import PLURAL, exact_shape, fitted_shape, sentence
from landscape.critical.numeric import inside
from landscape.critical.result import KIND_ORDER, CriticalSet

#: Points along a set at which its kind is judged.
SET_SAMPLES = 24


def kinds_along(objective, line: np.ndarray, step: float, diag: float) -> list[str]:
    """Verdicts ("minimum", …) at up to SET_SAMPLES points of ``line (k, 2)``."""
    k = len(line)
    picks = np.unique(np.linspace(0, k - 1, min(k, SET_SAMPLES)).round().astype(int))
    out = []
    for i in picks:
        p = line[i]
        a, b = line[max(i - 1, 0)], line[min(i + 1, k - 1)]
        tangent = b - a
        if np.linalg.norm(tangent) == 0:
            continue
        tangent = tangent / np.linalg.norm(tangent)
        normal = np.array([-tangent[1], tangent[0]])
        H = raw_hessian(objective, p)
        verdict = None
        if np.all(np.isfinite(H)):
            curvature = float(normal @ H @ normal)
            if abs(curvature) > zero_tolerance(H):
                verdict = "minimum" if curvature > 0 else "maximum"
        if verdict is None:
            verdict, _ = sample_test(objective, p, 0.5 * step, 1e-7 * diag)
        if verdict is not None:
            out.append(verdict)
    return out


def _overall(verdicts: list[str]) -> tuple[str, tuple[tuple[str, int], ...]]:
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v] = counts.get(v, 0) + 1
    ordered = tuple(
        sorted(
            counts.items(), key=lambda kv: KIND_ORDER.index(kv[0]) if kv[0] in KIND_ORDER else 99
        )
    )
    if not counts:
        return "degenerate", ordered
    return (ordered[0][0] if len(counts) == 1 else "mixed"), ordered


def _groups(items: list[dict], step: float) -> list[list[int]]:
    """Indices of items that meet (polylines within 2 steps) or are the same curve (arcs of
    one fitted circle cut by the box), grouped."""
    lines = [it["lines"] for it in items]
    parent = list(range(len(lines)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(lines)):
        for j in range(i + 1, len(lines)):
            same = items[i]["equation"] is not None and _key(items[i]) == _key(items[j])
            if root(i) != root(j) and (same or _meet(lines[i], lines[j], step)):
                parent[root(j)] = root(i)
    out: dict[int, list[int]] = {}
    for i in range(len(lines)):
        out.setdefault(root(i), []).append(i)
    return list(out.values())


def _key(item: dict) -> tuple:
    return item["noun"], item["equation"]


def _meet(a: list[np.ndarray], b: list[np.ndarray], step: float) -> bool:
    lo_a, hi_a = (
        np.min([x.min(axis=0) for x in a], axis=0),
        np.max([x.max(axis=0) for x in a], axis=0),
    )
    lo_b, hi_b = (
        np.min([x.min(axis=0) for x in b], axis=0),
        np.max([x.max(axis=0) for x in b], axis=0),
    )
    if np.any(lo_a > hi_b + 2 * step) or np.any(lo_b > hi_a + 2 * step):
        return False
    index = Coverage(step)
    for line in a:
        index.add(line)
    return any(index.near(p, 2 * step) for line in b for p in line)


def _distinct(members: list[dict]) -> list[dict]:
    """Members with one entry per (noun, equation): arcs of one curve are one curve."""
    out: list[dict] = []
    for it in members:
        twin = next(
            (
                o
                for o in out
                if it["equation"] is not None
                and (o["noun"], o["equation"]) == (it["noun"], it["equation"])
            ),
            None,
        )
        if twin is None:
            out.append({**it, "lines": list(it["lines"])})
        else:
            twin["lines"] += it["lines"]
    return out


def _joined(lines: list[np.ndarray]) -> np.ndarray:
    parts: list[np.ndarray] = []
    for line in lines:
        if parts:
            parts.append(np.full((1, line.shape[1]), np.nan))
        parts.append(line)
    return np.vstack(parts) if parts else np.empty((0, 2))


def _set_value(values: np.ndarray) -> float:
    """f on a set: the median over its points, 0 when within their spread (rounding)."""
    if not np.any(np.isfinite(values)):
        return float("nan")
    value = float(np.nanmedian(values))
    spread = float(np.nanmax(values) - np.nanmin(values))
    return 0.0 if abs(value) <= spread else value


def build_sets(
    objective, items: list[dict], box: np.ndarray, step: float, method: str
) -> list[CriticalSet]:
    """One CriticalSet per group of meeting ``items`` (dicts with ``lines``, ``noun``,
    ``equation`` (or None), ``ends_inside`` and optionally ``kind``, known already)."""
    diag = float(np.linalg.norm(box[:, 1] - box[:, 0]))
    out = []
    for group in _groups(items, step):
        members = _distinct(sorted((items[i] for i in group), key=lambda it: it["equation"] or ""))
        lines = [line for it in members for line in it["lines"]]
        if len(lines) > 1:
            members = [{**m, "ends_inside": False} for m in members]
        given = [it["kind"] for it in members if it.get("kind")]
        verdicts = given or [v for line in lines for v in kinds_along(objective, line, step, diag)]
        kind, counts = _overall(verdicts)
        values = values_at(objective, np.vstack(lines))
        value = _set_value(values)
        words = sentence(
            [it["noun"] for it in members],
            [it["equation"] for it in members],
            kind,
            len(members) == 1 and members[0]["ends_inside"],
        )
        if kind == "mixed":
            words += " (" + " and ".join(PLURAL[k] for k, _ in counts) + ")"
        exact = [it["equation"] for it in members if it["equation"] and method == "symbolic"]
        out.append(
            CriticalSet(
                kind,
                words,
                _joined(lines),
                value,
                method,
                "; ".join(exact) if exact else None,
                1,
                counts,
            )
        )
    return out


def exact_items(curves_and_lines, symbols) -> list[dict]:
    """Items for :func:`build_sets` from [(ExactCurve, [polylines])] (curves with no real
    branch in the box are left out)."""
    items = []
    for curve, lines in curves_and_lines:
        if lines:
            noun, equation = exact_shape(curve.expr, symbols)
            items.append({"lines": lines, "noun": noun, "equation": equation, "ends_inside": False})
    return items


def numeric_items(lines: list[np.ndarray], box: np.ndarray, names) -> list[dict]:
    """Items for :func:`build_sets` from numerically traced polylines."""
    diag = float(np.linalg.norm(box[:, 1] - box[:, 0]))
    items = []
    for line in lines:
        closed = np.linalg.norm(line[0] - line[-1]) <= 1e-9 * diag
        ends = inside(box, line[[0, -1]], 0.0)
        noun, equation = fitted_shape(line, diag, names)
        items.append(
            {
                "lines": [line],
                "noun": noun if not closed or noun != "curve" else "closed curve",
                "equation": equation,
                "ends_inside": bool(not closed and ends.any()),
            }
        )
    return items
