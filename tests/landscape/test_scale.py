"""Scale "auto" and colour-bar ticks: the chooser's rules and labels people can read."""

from __future__ import annotations

import math

import numpy as np
import pytest

from landscape.compile import compile_objective
from landscape.errors import BudgetError, InputError
from landscape.grid import Domain, Grid, sample_grid
from landscape.presets import get_preset
from landscape.scale import (
    MINUS,
    bounded_below,
    changes_sign,
    choose_scale,
    decades_above_minimum,
    format_value,
    linear_ticks,
    log_ticks,
    resolve_scale,
    ticks,
)

SQUARE3 = Domain(-3, 3, -3, 3)


def _grid(text: str, domain: Domain = SQUARE3, n: int = 161) -> Grid:
    for attempt in range(3):  # the parser's wall-clock net (issue 9 §5) may refuse under load
        try:
            return sample_grid(compile_objective(text), domain, n)
        except BudgetError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


ROSENBROCK = get_preset("rosenbrock")
GOLDSTEIN = get_preset("goldstein_price")

#: (what, text, domain, scale "auto" chooses)
CHOICES = [
    ("sin(x)cos(y) changes sign", "sin(x)cos(y)", SQUARE3, "linear"),
    ("rosenbrock spans decades", ROSENBROCK.expression, ROSENBROCK.grid_domain, "log"),
    ("goldstein-price spans decades", GOLDSTEIN.expression, GOLDSTEIN.grid_domain, "log"),
    ("saddle changes sign", "x^2 - y^2", SQUARE3, "linear"),
    ("exp(x^2+y^2) spans seven decades", "exp(x^2 + y^2)", SQUARE3, "log"),
    ("a bowl spans about one decade", "x^2 + y^2", SQUARE3, "linear"),
    ("constant", "2 + 0x", SQUARE3, "linear"),
    ("NaN left half, decades on the right", "exp(x^2 + y^2) + sqrt(x)", SQUARE3, "log"),
    ("NaN left half, sign change", "log(x) + y^2", SQUARE3, "linear"),
    ("all negative, flat bulk", "-exp(-x^2 - y^2)", SQUARE3, "linear"),
    ("flat floor over a tenth of the map", "max(x - 2, 0)^2 + max(y - 2, 0)^2", SQUARE3, "linear"),
]


@pytest.mark.parametrize("what, text, domain, expected", CHOICES, ids=[c[0] for c in CHOICES])
def test_auto_scale(what, text, domain, expected):
    grid = _grid(text, domain)
    assert choose_scale(grid) == expected
    assert resolve_scale("auto", grid) == expected
    if expected == "log":
        assert decades_above_minimum(grid) >= 2 and not changes_sign(grid)


def test_sign_changes_are_never_log_however_many_decades():
    grid = _grid("exp(x^2 + y^2) - 2")  # seven decades above its minimum, but crosses 0
    assert decades_above_minimum(grid) > 5 and changes_sign(grid)
    assert choose_scale(grid) == "linear"


def test_a_pole_below_is_not_bounded_below():
    grid = Grid(
        np.linspace(0, 1, 50),
        np.linspace(0, 1, 50),
        np.full((50, 50), 100.0) + np.random.default_rng(1).random((50, 50)),
    )
    assert bounded_below(grid)
    z = grid.z.copy()
    z[10, 10] = -1e9
    assert not bounded_below(Grid(grid.xs, grid.ys, z))
    assert choose_scale(Grid(grid.xs, grid.ys, z)) == "linear"


def test_unknown_scale_names_the_choices():
    with pytest.raises(InputError, match="auto, linear, log"):
        resolve_scale("logarithmic", _grid("x^2 + y^2"))


#: functions and domains whose colour-bar labels must be readable on both scales
TICK_CASES = [
    ("sin(x)cos(y)", SQUARE3),
    ("exp(x^2 + y^2)", SQUARE3),
    (ROSENBROCK.expression, ROSENBROCK.grid_domain),
    (GOLDSTEIN.expression, GOLDSTEIN.grid_domain),
    ("x^2 - y^2", SQUARE3),
    ("1e12(x^2 + y^2)", SQUARE3),
    ("1e-9(x^2 + y^2)", SQUARE3),
    ("0.01 x + 3", SQUARE3),
    ("-1000 - x^2 - y^2", SQUARE3),
    ("log(x) + y^2", SQUARE3),
]


def _parse(label: str) -> float:
    return float(label.replace(MINUS, "-"))


@pytest.mark.parametrize("text, domain", TICK_CASES, ids=[c[0] for c in TICK_CASES])
@pytest.mark.parametrize("scale", ["auto", "linear", "log"])
def test_tick_labels_are_distinct_readable_and_true(text, domain, scale):
    grid = _grid(text, domain)
    out = ticks(grid, scale)
    values = [v for v, _ in out]
    labels = [label for _, label in out]
    assert 2 <= len(out) <= 7
    assert len(set(labels)) == len(labels)
    assert all(b > a for a, b in zip(values, values[1:], strict=False))
    assert all(len(label) <= 6 for label in labels), labels
    for value, label in out:  # the label is the value, not a rounding of it
        assert _parse(label) == pytest.approx(value, rel=1e-9, abs=1e-12)
    lo, hi = grid.value_range("log" if resolve_scale(scale, grid) == "log" else "linear")
    assert all(lo - 1e-9 * abs(lo) <= v <= hi * (1 + 1e-9) + 1e-12 for v in values)


def test_the_issue_examples():
    labels = [label for _, label in ticks(_grid("exp(x^2 + y^2)"))]
    decades = ["1", "10", "100", "1e3", "1e4", "1e5", "1e6", "1e7"]
    start = decades.index(labels[0])
    assert len(labels) >= 5 and labels == decades[start : start + len(labels)]  # decade by decade
    sincos = [label for _, label in ticks(_grid("sin(x)cos(y)"))]
    assert sincos == [f"{MINUS}0.5", "0", "0.5"]


@pytest.mark.parametrize(
    "value, digits, text",
    [
        (0.0, 3, "0"),
        (-0.5, 3, f"{MINUS}0.5"),
        (2.5e6, 3, "2.5e6"),
        (1e-4, 3, "1e-4"),
        (1234.6, 4, "1235"),
        (1234.6, 2, "1235"),
        (0.00123, 2, "0.0012"),
        (9.99e5, 2, "1e6"),
        (-3.0e-7, 1, f"{MINUS}3e-7"),
        (12.0, 5, "12"),
    ],
)
def test_format_value(value, digits, text):
    assert format_value(value, digits) == text


@pytest.mark.parametrize(
    "lo, hi, expected",
    [
        (0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (-1.0, 1.0, [-1.0, -0.5, 0.0, 0.5, 1.0]),
        (3.0, 97.0, [20.0, 40.0, 60.0, 80.0]),
        (0.999, 1.001, [0.999, 0.9995, 1.0, 1.0005, 1.001]),
    ],
)
def test_linear_ticks_at_round_steps(lo, hi, expected):
    assert [v for v, _ in linear_ticks(lo, hi)] == pytest.approx(expected)


def test_log_ticks_at_round_decades():
    out = log_ticks(3.0, 7e5, z0=2.93)  # w = z − z0 from 0.07 to 7e5: seven decades
    assert [label for _, label in out] == ["3", "5", "10", "100", "1e3", "1e4", "1e5"]
    assert [label for _, label in log_ticks(3.0, 7e5, z0=2.93, max_ticks=4)] == [
        "3",
        "10",
        "1e3",
        "1e5",
    ]


def test_constant_and_empty_grids():
    xs = np.linspace(0, 1, 4)
    assert ticks(Grid(xs, xs, np.full((4, 4), 5.0))) == [(5.0, "5")]
    assert ticks(Grid(xs, xs, np.full((4, 4), np.nan))) == []
    with pytest.raises(InputError, match="lo < hi"):
        linear_ticks(1.0, 1.0)
    with pytest.raises(InputError, match="between 2 and 50"):
        linear_ticks(0.0, 1.0, max_ticks=1)
    with pytest.raises(InputError, match="z0 below"):
        log_ticks(1.0, 10.0, z0=2.0)


def test_decades_of_a_known_grid():
    xs = np.arange(100.0)
    z = np.tile(10.0 ** (xs / 20.0), (2, 1))  # from 1 to 10**4.95, evenly in log
    grid = Grid(np.arange(2.0), xs, z)
    p10, p99 = np.percentile(z, [10, 99])
    assert decades_above_minimum(grid) == pytest.approx(math.log10((p99 - 1) / (p10 - 1)))
