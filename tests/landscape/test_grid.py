"""Grid sampling: layout, undefined regions, robust levels, clipping, cancelling, validation."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from landscape.errors import InputError
from landscape.grid import Cancelled, Domain, Grid, sample_gradient_field, sample_grid
from landscape.objective import SymbolicObjective

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)


def objective(expr) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(
        sympy.sympify(expr) if isinstance(expr, int) else expr, (x, y)
    )


SQUARE = Domain(-2, 2, -2, 2)


def test_indexing_is_ij_and_matches_pointwise_f():
    f = objective(sympy.sin(x) * y**2 + 3 * x - y)
    g = sample_grid(f, Domain(-1, 2, 0, 5), (7, 5))
    assert g.z.shape == (7, 5) and g.xs.shape == (7,) and g.ys.shape == (5,)
    assert g.xs[0] == -1 and g.xs[-1] == 2 and g.ys[0] == 0 and g.ys[-1] == 5
    for i in range(7):
        for j in range(5):
            assert g.z[i, j] == pytest.approx(f.f(np.array([g.xs[i], g.ys[j]])), rel=1e-14)


@pytest.mark.parametrize("chunk", [1, 3, 64, None])
def test_chunking_does_not_change_values(chunk):
    f = objective(sympy.exp(-(x**2 + y**2)) * sympy.cos(3 * x) + x * y)
    ref = f.f_grid(*np.meshgrid(np.linspace(-2, 2, 37), np.linspace(-2, 2, 23), indexing="ij"))
    g = sample_grid(f, SQUARE, (37, 23), chunk=chunk)
    np.testing.assert_allclose(g.z, ref, rtol=1e-15, atol=1e-15)


def test_log_xy_is_undefined_on_half_the_square():
    g = sample_grid(objective(sympy.log(x * y)), SQUARE, 100)  # no sample on an axis
    X, Y = np.meshgrid(g.xs, g.ys, indexing="ij")
    np.testing.assert_array_equal(g.finite, X * Y > 0)
    assert np.isnan(g.z[~g.finite]).all()
    assert g.undefined_share == pytest.approx(0.5)
    assert np.isfinite([g.z_min, g.z_max]).all()


def test_pole_on_the_diagonal_is_masked():
    g = sample_grid(objective(1 / (x - y)), SQUARE, 101)  # samples hit x == y exactly
    X, Y = np.meshgrid(g.xs, g.ys, indexing="ij")
    np.testing.assert_array_equal(g.finite, X != Y)
    assert g.undefined_share == pytest.approx(101 / 101**2)
    for scale in ("linear", "log"):
        assert (np.diff(g.levels(20, scale)) > 0).all()


def test_a_point_pole_is_clipped_for_the_3d_view():
    g = sample_grid(objective(1 / ((x - 0.013) ** 2 + (y + 0.007) ** 2)), SQUARE, 200)
    lo, hi = g.clip_range()
    assert lo == g.z_min and hi < 1e-2 * g.z_max
    assert np.nanmax(g.clipped()) == hi


def test_overflow_becomes_nan():
    g = sample_grid(objective(sympy.exp(10 * x**2 * y**2)), Domain(-4, 4, -4, 4), 201)
    X, Y = np.meshgrid(g.xs, g.ys, indexing="ij")
    overflow = 10 * X**2 * Y**2 > np.log(np.finfo(float).max)
    np.testing.assert_array_equal(~g.finite, overflow)
    assert 0.05 < g.undefined_share < 0.5
    for scale in ("linear", "log"):
        levels = g.levels(20, scale)
        assert np.isfinite(levels).all() and (np.diff(levels) > 0).all()


def test_clipping_tames_a_huge_surface():
    g = sample_grid(objective(sympy.exp(10 * x**2 * y**2)), SQUARE, 300)  # up to e^160
    assert g.undefined_share == 0
    for scale in ("linear", "log"):
        levels = g.levels(20, scale)
        assert np.isfinite(levels).all() and (np.diff(levels) > 0).all()
        assert g.z_min < levels[0] and levels[-1] < g.z_max
    log_levels = g.levels(20, "log")
    assert log_levels[0] < 1e3  # log levels start at the bulk's scale, not at 1e-4 of P99
    clipped = g.clipped()
    assert np.nanmax(clipped) < 1e-6 * g.z_max
    assert np.nanmin(clipped) == g.z_min


def test_clipping_keeps_a_narrow_bump():
    g = sample_grid(objective(sympy.exp(-20 * (x**2 + y**2))), Domain(-3, 3, -3, 3), 300)
    assert g.clip_range() == (g.z_min, g.z_max)  # a peak on 0.3 % of the area stays whole


def test_all_undefined_grid_still_has_valid_levels():
    g = sample_grid(objective(sympy.sqrt(-1 - x**2)), SQUARE, 20)
    assert g.undefined_share == 1.0 and np.isnan(g.z_min)
    for scale in ("linear", "log"):
        levels = g.levels(5, scale)
        assert np.isfinite(levels).all() and (np.diff(levels) > 0).all()
    assert np.isnan(g.normalized()).all() and np.isnan(g.clipped()).all()


def test_constant_function():
    g = sample_grid(objective(3), SQUARE, 30)
    assert g.z.shape == (30, 30) and (g.z == 3).all()
    assert g.z_min == g.z_max == 3 and g.undefined_share == 0
    for scale in ("linear", "log"):
        levels = g.levels(10, scale)
        assert len(levels) >= 1 and np.isfinite(levels).all() and (np.diff(levels) > 0).all()
        norm = g.normalized(scale)
        assert ((norm >= 0) & (norm <= 1)).all()
    assert (g.clipped() == 3).all()


def test_rosenbrock_log_levels_show_the_valley():
    f = objective((1 - x) ** 2 + 100 * (y - x**2) ** 2)
    g = sample_grid(f, Domain(-2, 2, -1, 3), 300)
    levels = g.levels(20, "log")
    assert (np.diff(levels) > 0).all() and levels[0] > g.z_min
    assert levels[0] < 1.0 and levels[-1] > 1000  # from the valley floor up the walls
    ratios = (levels[1:] - g.z_min) / (levels[:-1] - g.z_min)
    assert ratios.min() > 1.2  # geometric: no level crowding at the top
    linear = g.levels(20)
    assert np.allclose(np.diff(linear), np.diff(linear)[0])
    assert linear[0] > g.z_min and linear[-1] < g.z_max


@pytest.mark.parametrize("scale", ["linear", "log"])
def test_normalized_is_monotone_in_z(scale):
    g = sample_grid(objective(sympy.log(x * y) + x), SQUARE, 60)
    norm = g.normalized(scale)
    assert np.array_equal(np.isnan(norm), np.isnan(g.z))
    v = norm[g.finite]
    assert v.min() >= 0 and v.max() <= 1 and v.min() == 0 and v.max() == 1
    order = np.argsort(g.z[g.finite], kind="stable")
    assert (np.diff(v[order]) >= 0).all()


def test_cancel_raises_between_chunks():
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        sample_grid(objective(x + y), SQUARE, 50, chunk=5, cancel=cancel)
    assert len(calls) == 4
    with pytest.raises(Cancelled):
        sample_grid(objective(x + y), SQUARE, 50, cancel=lambda: True)
    assert sample_grid(objective(x + y), SQUARE, 50, cancel=lambda: False).z.shape == (50, 50)


@pytest.mark.parametrize(
    "bad", [0, 1, 2001, -5, 2.5, "100", (10,), (10, 1), (3, 2001), True, None, (10.0, 10)]
)
def test_bad_resolutions(bad):
    with pytest.raises(InputError):
        sample_grid(objective(x), SQUARE, bad)


def test_extreme_good_resolutions():
    assert sample_grid(objective(x), SQUARE, 2).z.shape == (2, 2)
    assert sample_grid(objective(x), SQUARE, (2000, 3)).z.shape == (2000, 3)
    assert sample_grid(objective(x), SQUARE, (np.int64(4), 5)).z.shape == (4, 5)


@pytest.mark.parametrize(
    "bounds",
    [
        (1, 0, 0, 1),
        (0, 0, 0, 1),
        (0, 1, 2, 2),
        (0, np.nan, 0, 1),
        (-np.inf, 0, 0, 1),
        (0, 1, 0, np.inf),
        (0, 2e6, 0, 1),
        (-1e7, -1e7 + 1, 0, 1),
        (0, 1e-12, 0, 1),
        ("a", 1, 0, 1),
        (None, 1, 0, 1),
    ],
)
def test_bad_domains(bounds):
    with pytest.raises(InputError):
        Domain(*bounds)


def test_domain_from_pairs_and_contains():
    d = Domain.from_pairs([[-2, 2], [-1, 3]])
    assert d == Domain(-2.0, 2.0, -1.0, 3.0) and d.to_pairs() == [[-2, 2], [-1, 3]]
    assert d.contains((2, 3)) and not d.contains((2.1, 0))
    assert d.contains((2.1, 0), margin=0.05)
    with pytest.raises(InputError):
        Domain.from_pairs([[0, 1]])


def test_levels_arguments():
    g = sample_grid(objective(x**2 + y**2), SQUARE, 40)
    assert len(g.levels(1)) == 1
    with pytest.raises(InputError):
        g.levels(0)
    with pytest.raises(InputError):
        g.levels(5, "sqrt")


def test_grid_constructor_cleans_non_finite_values():
    g = Grid([0, 1], [0, 1, 2], [[1, np.inf, 2], [-np.inf, np.nan, 5]])
    assert g.finite.tolist() == [[True, False, True], [False, False, True]]
    assert g.z_min == 1 and g.z_max == 5 and g.undefined_share == pytest.approx(0.5)
    with pytest.raises(ValueError):
        Grid([0, 1], [0, 1], np.zeros((3, 2)))


def test_gradient_field():
    X, Y, U, V = sample_gradient_field(objective(x**2 + 3 * y**2 + sympy.sqrt(x)), SQUARE, n=9)
    assert X.shape == Y.shape == U.shape == V.shape == (9, 9)
    assert (X[:, 0] == np.linspace(-2, 2, 9)).all() and (Y[0] == np.linspace(-2, 2, 9)).all()
    defined = X > 0
    np.testing.assert_allclose(U[defined], 2 * X[defined] + 0.5 / np.sqrt(X[defined]))
    np.testing.assert_allclose(V[X >= 0], 6 * Y[X >= 0])
    assert np.isnan(U[X <= 0]).all()
    assert np.isnan(V[X < 0]).all()  # ∇f is undefined where f is (sqrt(x), x < 0)
    with pytest.raises(InputError):
        sample_gradient_field(objective(x), SQUARE, n=1)


def test_gradient_field_of_a_pointwise_objective():
    from landscape.objective import CallableObjective

    f = CallableObjective(lambda p: p[0] ** 2 + p[1], lambda p: np.array([2 * p[0], 1.0]))
    X, Y, U, V = sample_gradient_field(f, SQUARE, n=5)
    np.testing.assert_allclose(U, 2 * X)
    np.testing.assert_allclose(V, np.ones((5, 5)))
    assert f.counts.ngev == 0
