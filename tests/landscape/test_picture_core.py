"""The core half of a readable picture: a landscape built on scale "auto" holds the scale it
drew and the colour bar's ticks at their true positions; a typed function's domain is fitted
(and shows the runs' start); fitted ends read as round numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from landscape.compile import compile_objective
from landscape.domain_fit import fit_domain, fit_domain_showing
from landscape.grid import Domain
from landscape.scale import ticks
from landscape.scene import COLOR_BAR_TICKS, build_landscape
from landscape.session import Session, from_json, to_json


def _never() -> bool:
    return False


#: (function, domain, asked scale, drawn scale)
SCALES = [
    ("(1 - x)^2 + 100(y - x^2)^2", (-2, 2, -1, 3), "auto", "log"),
    ("sin(x)cos(y)", (-3, 3, -3, 3), "auto", "linear"),
    ("exp(x^2 + y^2)", (-3, 3, -3, 3), "auto", "log"),
    ("x^2 + 3y^2", (-2, 2, -1, 3), "auto", "linear"),
    ("x^2 + 3y^2", (-2, 2, -1, 3), "log", "log"),
    ("exp(x^2 + y^2)", (-3, 3, -3, 3), "linear", "linear"),
]


@pytest.mark.parametrize("text, domain, asked, drawn", SCALES)
def test_the_landscape_holds_the_scale_it_drew_and_its_colour_bar(text, domain, asked, drawn):
    data = build_landscape(text, Domain(*domain), 60, asked, None, _never)
    assert data.scale == drawn
    assert data.color_ticks == ticks(data.grid, drawn, COLOR_BAR_TICKS)
    assert 2 <= len(data.color_ticks) <= COLOR_BAR_TICKS
    positions = np.asarray(data.color_tick_positions)
    assert positions.shape == (len(data.color_ticks),)
    assert np.all(np.diff(positions) > 0) and positions[0] >= 0 and positions[-1] <= 1
    # each tick sits where the colour of its value is: the same mapping as the image
    values = np.array([v for v, _ in data.color_ticks])
    if drawn == "linear":
        lo, hi = data.grid.value_range("linear")
        assert positions == pytest.approx(np.clip((values - lo) / (hi - lo), 0, 1))
    else:
        z0, a, b = data.grid._log_frame()
        assert positions == pytest.approx((np.log(values - z0) - a) / (b - a))


def test_the_sin_cos_bar_of_the_issue_reads_plainly():
    data = build_landscape("sin(x)cos(y)", Domain(-3, 3, -3, 3), 80, "auto", None, _never)
    labels = [label for _, label in data.color_ticks]
    assert labels == ["\u22120.5", "0", "0.5"]  # not −1, −0.998, −0.991


@pytest.mark.parametrize(
    "text, minimum, start",
    [
        ("(x - 6)^2 + (y + 5)^2", (6, -5), (-1.2, 1.0)),
        ("x^2 + 3y^2", (0, 0), (-1.2, 1.0)),
        ("(x - 1)^2 + 100(y - x^2)^2", (1, 1), (-1.2, 1.0)),
        ("x^2 + y^2", (0, 0), (40.0, -30.0)),
    ],
)
def test_the_fitted_domain_shows_the_minimum_and_the_start(text, minimum, start):
    objective = compile_objective(text)
    d = fit_domain_showing(objective, start)
    assert d.contains(minimum) and d.contains(start)
    if Domain(-3, 3, -3, 3).contains(start) and minimum == (0, 0):
        assert d == fit_domain(objective)  # the start inside: the fit alone decides


def test_build_landscape_samples_on_the_fitted_domain():
    data = build_landscape(
        "(x - 6)^2 + (y + 5)^2", Domain(-2, 2, -1, 3), 30, "auto", None, _never, fit_start=(0, 0)
    )
    d = data.domain
    assert d.contains((6, -5)) and d.contains((0, 0))
    assert (data.grid.xs[0], data.grid.xs[-1]) == (d.xmin, d.xmax)


@pytest.mark.parametrize("text", ["x^2 + 3y^2", "(x - 0.3)^2 + (y - 0.1)^2", "sin(x)cos(y)"])
def test_fitted_ends_are_round_numbers(text):
    objective = compile_objective(text)
    for d in (
        fit_domain_showing(objective, (-1.2, 1.0)),
        fit_domain(objective, around=[(-1.2, 1)]),
    ):
        for v in (d.xmin, d.xmax, d.ymin, d.ymax):
            assert len(repr(v)) <= 6, d  # -1.5, 0.3, not 0.30000000000000004
            assert math.isfinite(v)


def test_auto_is_the_sessions_default_and_round_trips():
    assert Session().color_scale == "auto"
    for scale in ("auto", "linear", "log"):
        session = Session(color_scale=scale)
        assert from_json(to_json(session)).color_scale == scale


@pytest.mark.parametrize("asked", ["auto", "linear", None])
def test_a_resampled_landscape_is_the_same_function_on_the_new_domain(asked):
    from landscape.scene import resample_landscape

    first = build_landscape("x^2 + 3y^2", Domain(-1, 1, -1, 1), (30, 20), "log", None, _never)
    wide = Domain(-40, 40, -10, 30)
    again = resample_landscape(first, wide, asked, _never)
    assert again.objective is first.objective and again.kind == first.kind
    assert again.text == first.text and again.domain == wide
    assert again.grid.shape == (30, 20)
    assert (again.grid.xs[0], again.grid.xs[-1], again.grid.ys[0], again.grid.ys[-1]) == (
        -40,
        40,
        -10,
        30,
    )
    assert again.grid.z[0, 0] == pytest.approx(40**2 + 3 * 10**2)
    from landscape.scale import choose_scale

    expected = {"auto": choose_scale(again.grid), "linear": "linear", None: "log"}[asked]
    assert again.scale == expected  # None: the scale the landscape had (a model's log)
    assert again.color_ticks and len(again.lines) == len(again.levels)


@pytest.mark.parametrize(
    "text, point, kind",
    [
        ("x^2 + y^2", (0, 0), "minimum"),
        ("x^2 - y^2", (0, 0), "saddle"),
        ("-(x - 1)^2 - (y + 2)^2", (1, -2), "maximum"),
        ("sin(x)cos(y)", (-math.pi / 2, 0), "minimum"),
        ("sin(x)cos(y)", (math.pi / 2, 0), "maximum"),
        ("sin(x)cos(y)", (0, math.pi / 2), "saddle"),
    ],
)
def test_the_quick_search_finds_and_classifies(text, point, kind):
    from landscape.domain_fit import quick_critical_points

    found = quick_critical_points(compile_objective(text))
    near = [f for f in found if np.linalg.norm(np.subtract(f.point, point)) < 1e-6]
    assert len(near) == 1 and near[0].kind == kind, found[:5]


def test_a_function_with_hundreds_of_critical_points_fits_around_the_origin():
    from landscape.presets import get_preset

    objective = compile_objective(get_preset("ackley").expression)
    d = fit_domain_showing(objective, (0.5, 0.5))
    assert d.contains((0, 0)) and max(d.width, d.height) <= 20
