"""Contour lines: on their level, NaN-separated, masked where f is undefined."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy

from landscape.contours import ContourLevel, contour_lines
from landscape.grid import Domain, sample_grid
from landscape.objective import SymbolicObjective

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
SQUARE = Domain(-2, 2, -2, 2)
HEAVY = sympy.sin(3 * x) * sympy.cos(3 * y) * sympy.exp(-(x**2 + y**2) / 4) + sympy.Rational(
    1, 10
) * sympy.log(1 + x**2 + y**2)


def objective(expr) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(expr, (x, y))


def assert_well_formed(c: ContourLevel) -> None:
    """1-D float arrays of one length; nan rows only between polylines, in both arrays."""
    assert c.x.ndim == c.y.ndim == 1 and c.x.shape == c.y.shape and c.x.dtype == float
    gaps = np.isnan(c.x)
    np.testing.assert_array_equal(gaps, np.isnan(c.y))
    if c.x.size:
        assert not gaps[0] and not gaps[-1]
        assert not (gaps[1:] & gaps[:-1]).any()


def test_circle_has_the_right_radius_and_is_closed():
    g = sample_grid(objective(x**2 + y**2), SQUARE, 201)
    (c,) = contour_lines(g, [1.0])
    assert_well_formed(c)
    assert c.level == 1.0 and c.n_lines == 1
    np.testing.assert_allclose(np.hypot(c.x, c.y), 1.0, atol=2e-4)
    assert (c.x[0], c.y[0]) == (c.x[-1], c.y[-1])
    assert c.x.size > 100


@pytest.mark.parametrize("expr", [HEAVY, (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2])
def test_lines_lie_on_their_level(expr):
    f = objective(expr)
    g = sample_grid(f, Domain(-5, 5, -5, 5), 400)
    levels = g.levels(12)
    result = contour_lines(g, levels)
    assert [c.level for c in result] == list(levels)
    span = g.z_max - g.z_min
    for c in result:
        assert_well_formed(c)
        assert not c.empty
        ok = ~np.isnan(c.x)
        values = f.f_grid(c.x[ok], c.y[ok])
        assert np.max(np.abs(values - c.level)) < 2e-3 * span
        assert g.xs[0] <= c.x[ok].min() and c.x[ok].max() <= g.xs[-1]


def test_undefined_region_is_masked():
    f = objective(sympy.log(x * y))
    g = sample_grid(f, SQUARE, 200)
    result = contour_lines(g, [-2.0, 0.0, 1.0])
    h = g.xs[1] - g.xs[0]
    for c in result:
        assert_well_formed(c)
        ok = ~np.isnan(c.x)
        assert c.n_lines >= 2  # one branch in each defined quadrant
        assert (c.x[ok] * c.y[ok] > -h * h).all()  # never inside the undefined quadrants
        values = f.f_grid(c.x[ok], c.y[ok])
        assert np.nanmax(np.abs(values - c.level)) < 0.05


def test_levels_without_lines_and_non_finite_levels():
    g = sample_grid(objective(x**2 + y**2), SQUARE, 50)
    result = contour_lines(g, [-1.0, np.nan, 2.0, 100.0, np.inf])
    assert [c.level for c in result] == [-1.0, 2.0, 100.0]
    assert result[0].empty and result[2].empty and not result[1].empty
    assert result[0].n_lines == 0 and result[0].x.shape == (0,)
    assert contour_lines(g, []) == []
    assert len(contour_lines(g, 2.0)) == 1


def test_constant_and_all_undefined_grids_give_no_lines():
    constant = sample_grid(objective(sympy.Integer(3)), SQUARE, 30)
    assert all(c.empty for c in contour_lines(constant, constant.levels(5)))
    undefined = sample_grid(objective(sympy.sqrt(-1 - x**2)), SQUARE, 30)
    assert all(c.empty for c in contour_lines(undefined, [0.0, 1.0]))


def test_non_square_grid_orientation():
    g = sample_grid(objective(x + 0 * y), Domain(0, 4, -1, 1), (41, 7))
    (c,) = contour_lines(g, [1.5])
    np.testing.assert_allclose(c.x[~np.isnan(c.x)], 1.5)
    assert np.nanmin(c.y) == -1 and np.nanmax(c.y) == 1


def test_twenty_levels_at_500_squared_are_fast():
    g = sample_grid(objective(HEAVY), Domain(-5, 5, -5, 5), 500)
    levels = g.levels(20)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        contour_lines(g, levels)
        times.append(time.perf_counter() - t0)
    assert min(times) < 0.5  # goal 0.1 s (see benchmarks/bench_core.py); lenient on shared CI
