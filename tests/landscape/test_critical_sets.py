"""Non-isolated critical points come back as curves (a circle of minima), with words, an
equation when exact, and a polyline on the curve; the isolated points beside them stay."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from landscape.critical import CriticalSet, find_critical
from landscape.critical.describe import exact_shape, fitted_shape, pretty, sentence
from landscape.grid import Domain
from landscape.objective import CallableObjective, SymbolicObjective

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
BOX = Domain(-5, 5, -5, 5)


def direct(fn, *args, timeout=5.0):
    return fn(*args)


def objective(expr) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(expr, (x, y))


def on_curve(s: CriticalSet, h) -> float:
    """Largest |h| over the set's vertices (h = 0 is the curve)."""
    P = np.vstack(s.pieces())
    fn = sympy.lambdify((x, y), h, "numpy")
    return float(np.max(np.abs(np.broadcast_to(fn(P[:, 0], P[:, 1]), len(P)))))


#: f, the set's kind, description (exact / numeric), the curve h = 0, isolated points.
CONTINUA = [
    (
        (x**2 + y**2 - 1) ** 2,
        "minimum",
        "a circle of minima x² + y² = 1",
        "a circle of minima x² + y² ≈ 1²",
        x**2 + y**2 - 1,
        {(0.0, 0.0): "maximum"},
    ),
    (
        x**2 * y**2,
        "minimum",
        "the lines x = 0 and y = 0, minima",
        "the lines x ≈ 0 and y ≈ 0, minima",
        x * y,
        {},
    ),
    ((x - y) ** 2, "minimum", "a line of minima y = x", "a line of minima y ≈ x", x - y, {}),
    (
        sympy.exp(-((x**2 + y**2 - 1) ** 2)),
        "maximum",
        "a circle of maxima x² + y² = 1",
        "a circle of maxima x² + y² ≈ 1²",
        x**2 + y**2 - 1,
        {(0.0, 0.0): "minimum"},
    ),
    (x**2, "minimum", "a line of minima x = 0", "a line of minima x ≈ 0", x, {}),
    (
        x * y**2,
        "mixed",
        "a line of critical points y = 0 (minima and maxima)",
        "a line of critical points y ≈ 0 (minima and maxima)",
        y,
        {},
    ),
]


@pytest.mark.parametrize(
    "run, method", [(direct, "symbolic"), (None, "numeric")], ids=["symbolic", "numeric"]
)
@pytest.mark.parametrize(
    "f, kind, exact_words, numeric_words, h, points", CONTINUA, ids=[str(c[0]) for c in CONTINUA]
)
def test_continua(f, kind, exact_words, numeric_words, h, points, run, method):
    result = find_critical(objective(f), BOX, run=run)
    (s,) = result.sets
    assert s.kind == kind and s.method == method
    assert s.value == (1.0 if kind == "maximum" else 0.0)
    assert s.description == (exact_words if method == "symbolic" else numeric_words)
    assert on_curve(s, h) < 1e-9
    assert {p.point: p.kind for p in result.points} == points
    assert result.total == len(points)


def test_the_circle_is_drawn_whole_and_closed():
    (s,) = find_critical(objective((x**2 + y**2 - 1) ** 2), BOX, run=direct).sets
    (piece,) = s.pieces()
    assert np.allclose(piece[0], piece[-1])
    angles = np.sort(np.arctan2(piece[:, 1], piece[:, 0]))
    assert np.max(np.diff(angles)) < 0.1 and angles[-1] - angles[0] > 2 * np.pi - 0.1
    assert s.equation == "x**2 + y**2 = 1" and s.polyline.shape[1] == 2
    assert s.kinds == (("minimum", 24),)


def test_lines_are_broken_by_nan_and_span_the_box():
    (s,) = find_critical(objective(x**2 * y**2), BOX, run=direct).sets
    breaks = np.flatnonzero(np.isnan(s.polyline[:, 0]))
    assert len(breaks) == 1 and len(s.pieces()) == 2
    for piece in s.pieces():
        span = np.ptp(piece, axis=0).max()
        assert span >= 10.0  # from edge to edge of the box
    assert s.equation == "x = 0; y = 0"


def test_sin_squared_has_lines_of_minima_and_maxima():
    f = sympy.sin(x) ** 2
    result = find_critical(objective(f), Domain(-4, 4, -1, 1), run=direct)
    got = sorted((s.kind, round(float(np.median(s.polyline[:, 0])), 9)) for s in result.sets)
    expected = sorted(
        [("minimum", round(k * np.pi, 9)) for k in (-1, 0, 1)]
        + [("maximum", round(k * np.pi / 2, 9)) for k in (-1, 1)]
    )
    assert got == expected and result.points == ()
    assert any(n.startswith("no complete exact solve") for n in result.notes)


def test_constant_function():
    for run in (direct, None):
        result = find_critical(objective(sympy.Integer(3) + 0 * x), BOX, run=run)
        (s,) = result.sets
        assert (s.kind, s.dimension, s.value) == ("constant", 2, 3.0)
        assert s.description == "f is constant (f = 3): every point is critical"
        assert result.points == ()


def test_a_flat_region_of_a_function_given_as_numbers():
    """relu(x) · relu(y) is 0 on three quarters of the plane: a region, not 2000 points."""

    def f(p):
        return max(p[0], 0.0) * max(p[1], 0.0)

    def g(p):
        return np.array([float(p[0] > 0) * max(p[1], 0.0), float(p[1] > 0) * max(p[0], 0.0)])

    def h(p):
        c = float(p[0] > 0 and p[1] > 0)
        return np.array([[0.0, c], [c, 0.0]])

    obj = CallableObjective(f, g, h)
    obj.nonsmooth = ("relu",)
    result = find_critical(obj, BOX)
    (s,) = [s for s in result.sets if s.kind == "constant"]
    assert s.description == "f is constant on a region (f = 0): every point there is critical"
    outline = np.vstack(s.pieces())
    assert outline[:, 0].max() <= 5.0 + 1e-9 and outline.min() >= -5.0 - 1e-9
    assert not any(p.point[0] < -0.5 or p.point[1] < -0.5 for p in result.points)


@pytest.mark.parametrize(
    "h, noun, equation",
    [
        (x**2 + y**2 - 1, "circle", "x**2 + y**2 = 1"),
        (2 * x**2 + y**2 - 3, "ellipse", "2*x**2 + y**2 = 3"),
        (2 * x**2 + 2 * y**2 - 5, "circle", "x**2 + y**2 = 5/2"),
        (y - x**2, "parabola", "x**2 - y = 0"),
        (x * y - 1, "hyperbola", "x*y = 1"),
        (x - y, "line", "y = x"),
        (2 * x + 4 * y - 3, "line", "y = 3/4 - x/2"),
        (x + sympy.Rational(1, 2), "line", "x = -1/2"),
        (x**2 - 2 * y**2, "pair of lines", "x**2 - 2*y**2 = 0"),
        (x**3 + y**3 - 1, "curve", "x**3 + y**3 = 1"),
    ],
)
def test_exact_shapes(h, noun, equation):
    assert exact_shape(h, (x, y)) == (noun, equation)


def test_fitted_shapes():
    t = np.linspace(0, 2 * np.pi, 50)
    circle = np.column_stack([1 + 2 * np.cos(t), -3 + 2 * np.sin(t)])
    assert fitted_shape(circle, 10.0) == ("circle", "(x - 1)² + (y + 3)² ≈ 2²")
    line = np.column_stack([t, 2 * t + 1])
    assert fitted_shape(line, 10.0) == ("line", "y ≈ 2x + 1")
    assert fitted_shape(np.column_stack([t, -t]), 10.0) == ("line", "y ≈ -x")
    assert fitted_shape(np.column_stack([0 * t + 2, t]), 10.0) == ("line", "x ≈ 2")
    assert fitted_shape(np.column_stack([t, t**2]), 10.0) == ("curve", None)


def test_sentences():
    assert pretty("x**2 + 2*x*y") == "x² + 2xy"
    assert sentence(["circle"], ["x**2 + y**2 = 1"], "minimum", False) == (
        "a circle of minima x² + y² = 1"
    )
    assert sentence(["line", "line"], ["x = 0", "y = 0"], "minimum", False) == (
        "the lines x = 0 and y = 0, minima"
    )
    assert sentence(["line"], ["y ≈ 0"], "maximum", True) == "a line segment of maxima y ≈ 0"
    assert sentence(["circle", "line"], ["x**2 + y**2 = 1", "y = 0"], "saddle", False) == (
        "the circle x² + y² = 1 and the line y = 0, saddle points"
    )
