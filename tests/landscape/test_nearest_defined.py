"""The nearest defined point offered when a start lands where f is undefined."""

from __future__ import annotations

import math

import numpy as np
import pytest

from landscape.compile import compile_objective
from landscape.grid import Domain, sample_grid
from landscape.nearest_defined import nearest_defined

CASES = [
    # text, start, domain, check of the answer
    ("log(x) + y^2", (-1.0, 0.5), (-2, 2, -2, 2), lambda x, y: x > 0 and abs(y - 0.5) < 0.1),
    ("sqrt(1 - x^2 - y^2)", (2.0, 2.0), (-3, 3, -3, 3), lambda x, y: x * x + y * y < 1),
    ("log(x*y)", (-1.0, 1.0), (-2, 2, -2, 2), lambda x, y: x * y > 0),
    ("sqrt(x - 1) + y^2", (0.0, 0.0), (-2, 3, -2, 2), lambda x, y: x > 1 and abs(y) < 0.1),
]


@pytest.mark.parametrize(("text", "start", "domain", "ok"), CASES)
def test_nearest_defined_point_is_defined_and_close(text, start, domain, ok):
    objective = compile_objective(text)
    dom = Domain(*domain)
    point = nearest_defined(objective, start, dom)
    assert point is not None
    x, y = point
    assert ok(x, y), point
    assert math.isfinite(objective.f(np.array(point)))
    assert np.isfinite(objective.grad(np.array(point))).all()
    # the nearest: no defined sample of a fine grid is much closer than the answer
    xs = np.linspace(dom.xmin, dom.xmax, 401)
    ys = np.linspace(dom.ymin, dom.ymax, 401)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    defined = np.isfinite(objective.f_grid(gx, gy))
    best = np.sqrt(((gx - start[0]) ** 2 + (gy - start[1]) ** 2)[defined]).min()
    found = math.hypot(x - start[0], y - start[1])
    assert found <= best + 3 * dom.width / 120


def test_uses_the_landscape_grid_and_keeps_counts():
    objective = compile_objective("log(x) + y^2")
    dom = Domain(-2, 2, -2, 2)
    grid = sample_grid(objective, dom, 40)
    before = objective.counts.copy()
    point = nearest_defined(objective, (-1.0, 0.0), dom, grid)
    assert point is not None and point[0] > 0
    assert objective.counts == before  # a run's evaluation counts are not touched


def test_short_decimals():
    objective = compile_objective("log(x) + y^2")
    x, y = nearest_defined(objective, (-1.0, 0.3), Domain(-2, 2, -2, 2))
    assert len(repr(x)) <= 6 and len(repr(y)) <= 6


def test_nowhere_defined_is_none():
    objective = compile_objective("log(-x^2 - y^2 - 1)")
    assert nearest_defined(objective, (0.0, 0.0), Domain(-1, 1, -1, 1)) is None
