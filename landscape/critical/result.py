"""What a critical-point search hands back: points, sets (curves), counts, and the cap.

The cap (:func:`cap_points`) never drops a kind to make room: the places are dealt out one per
kind in turn (minima, saddles, maxima, …) until the cap is reached, so a kind with fewer points
than its fair share keeps them all and the others share what remains. Within a kind the most
telling are kept: the lowest minima, the highest maxima, the lowest of the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from landscape.critical.describe import PLURAL

#: Kinds in the order places are dealt out and counts are written.
KIND_ORDER = ("minimum", "saddle", "maximum", "inflection", "degenerate")


def label_for(kind: str, degenerate: bool, rough: str = "") -> str:
    """The words shown for a point: "minimum", "degenerate (higher-order test: minimum)", …;
    ``rough`` is "kink" (∇f jumps there) or "jump" (∇²f jumps there)."""
    if rough == "kink":
        return f"{kind} at a kink (f is not differentiable here)"
    if rough == "jump":
        return f"{kind} (∇²f jumps here: decided by sampling f)"
    if not degenerate:
        return "inflection point (not an extremum)" if kind == "inflection" else kind
    if kind == "degenerate":
        return "degenerate (the higher-order test cannot decide)"
    if kind == "inflection":
        return "degenerate (higher-order test: inflection, not an extremum)"
    return f"degenerate (higher-order test: {kind})"


@dataclass(frozen=True)
class CriticalPoint:
    """``point (n,)``, ``value`` f there, ``kind`` ("minimum", "maximum", "saddle",
    "inflection" (n = 1), or "degenerate" when no test decides), ``eigenvalues (n,)``
    ascending of ∇²f, ``method`` that found it ("symbolic", "numeric", "sampled" for a kink,
    "exact" for a model's known optimum), ``degenerate`` (∇²f singular: decided by a
    higher-order test), ``test`` (how it was decided, in words), ``exact`` (closed-form
    coordinates when known), ``rough``: "kink" where ∇f jumps (f is not differentiable
    there), "jump" where only ∇²f jumps, "" where f is smooth."""

    point: tuple[float, ...]
    value: float
    kind: str
    eigenvalues: tuple[float, ...]
    method: str = "numeric"
    degenerate: bool = False
    test: str = ""
    exact: tuple[str, ...] | None = None
    rough: str = ""

    @property
    def kink(self) -> bool:
        return self.rough == "kink"

    @property
    def label(self) -> str:
        return label_for(self.kind, self.degenerate, self.rough)


@dataclass(frozen=True, eq=False)
class CriticalSet:
    """A non-isolated set of critical points. ``kind`` ("minimum", "maximum", "saddle",
    "mixed", "degenerate", or "constant" when f is constant there), ``description`` in words
    ("a circle of minima x² + y² = 1"), ``polyline (k, n)`` sampled points with NaN rows between
    pieces (empty when not drawable), ``value`` f on it (f is constant along a connected set of
    critical points), ``method``, ``equation`` (exact, sympy text, when known), ``dimension``
    (1 for curves), ``kinds`` ((kind, count) of the verdicts at sampled points)."""

    kind: str
    description: str
    polyline: np.ndarray
    value: float
    method: str
    equation: str | None = None
    dimension: int = 1
    kinds: tuple[tuple[str, int], ...] = ()

    def pieces(self) -> list[np.ndarray]:
        """The polyline split at its NaN rows: arrays ``(k_i, n)``."""
        P = np.asarray(self.polyline, dtype=float)
        if P.size == 0:
            return []
        breaks = np.flatnonzero(~np.all(np.isfinite(P), axis=1))
        parts = np.split(P, breaks)
        return [p[np.all(np.isfinite(p), axis=1)] for p in parts if np.isfinite(p).any()]


@dataclass(frozen=True)
class CriticalResult:
    """``points`` shown (sorted by value, at most the cap), ``sets`` (curves and regions),
    ``total`` isolated points found before the cap, ``dropped`` {kind: count not shown},
    ``methods`` used, ``notes`` (what the person should know, in words), ``complete`` (the
    exact solve accounts for every critical point)."""

    points: tuple[CriticalPoint, ...] = ()
    sets: tuple[CriticalSet, ...] = ()
    total: int = 0
    dropped: dict = field(default_factory=dict)
    methods: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    complete: bool = False

    @classmethod
    def of_points(cls, points, method: str = "exact") -> CriticalResult:
        """A result holding exactly ``points`` (a model's known optimum)."""
        points = tuple(points)
        return cls(points, (), len(points), {}, (method,) if points else (), (), True)

    def counts(self) -> dict[str, int]:
        """{kind: number shown}."""
        out: dict[str, int] = {}
        for p in self.points:
            out[p.kind] = out.get(p.kind, 0) + 1
        return out

    def summary(self) -> str:
        """ "3 critical points (1 minimum, 2 saddle points) and 1 curve; exact" or
        "showing 50 of 212 critical points (dropped 90 minima, 72 saddle points); numeric"."""
        n = len(self.points)
        if self.total > n:
            head = f"showing {n} of {self.total} critical points"
            gone = ", ".join(_count(k, c) for k, c in _ordered(self.dropped))
            head += f" (not shown: {gone})"
        else:
            head = f"{n} critical point{'s' if n != 1 else ''}"
            if n == 0 and self.sets:
                head = "no isolated critical point"
            if n:
                head += " (" + ", ".join(_count(k, c) for k, c in _ordered(self.counts())) + ")"
        if self.sets:
            k = len(self.sets)
            head += f" and {k} set{'s' if k != 1 else ''} of non-isolated critical points"
        how = {
            "symbolic": "the exact solve",
            "numeric": "the numeric search",
            "sampled": "sampling f",
            "exact": "the model's known optimum",
        }
        methods = ", ".join(dict.fromkeys(how.get(m, m) for m in self.methods))
        return head + (f"; found by {methods}" if methods else "")


def plain_number(text: str) -> bool:
    """Whether closed-form text is just a number ("0", "-2", "3/4"): nothing to add."""
    return all(ch in "0123456789-/." for ch in text)


_SINGULAR = {
    "saddle": "saddle point",
    "inflection": "inflection point",
    "degenerate": "degenerate critical point",
}


def _count(kind: str, count: int) -> str:
    return f"{count} {PLURAL.get(kind, kind) if count != 1 else _SINGULAR.get(kind, kind)}"


def _ordered(counts: dict) -> list[tuple[str, int]]:
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(counts.items(), key=lambda kv: (rank.get(kv[0], 99), kv[0]))


def _priority(points: list[CriticalPoint], kind: str) -> list[CriticalPoint]:
    if kind == "maximum":
        return sorted(points, key=lambda c: (-c.value, c.point))
    return sorted(points, key=lambda c: (c.value, c.point))


def cap_points(points, max_points: int) -> tuple[list[CriticalPoint], dict[str, int]]:
    """(kept sorted by value, {kind: dropped}) with at most ``max_points`` kept, dealt out
    fairly between kinds (see the module notes)."""
    points = list(points)
    if len(points) <= max_points:
        return sorted(points, key=lambda c: (c.value, c.point)), {}
    groups: dict[str, list[CriticalPoint]] = {}
    for p in points:
        groups.setdefault(p.kind, []).append(p)
    order = [k for k in KIND_ORDER if k in groups] + sorted(set(groups) - set(KIND_ORDER))
    queues = {k: _priority(groups[k], k) for k in order}
    quota = dict.fromkeys(order, 0)
    left = max_points
    while left > 0:
        progressed = False
        for k in order:
            if left > 0 and quota[k] < len(queues[k]):
                quota[k] += 1
                left -= 1
                progressed = True
        if not progressed:
            break
    kept = [p for k in order for p in queues[k][: quota[k]]]
    dropped = {k: len(queues[k]) - quota[k] for k in order if len(queues[k]) > quota[k]}
    return sorted(kept, key=lambda c: (c.value, c.point)), dropped
