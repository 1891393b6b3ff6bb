"""landscape.scene: the landscape record and its builder, without Qt."""

from __future__ import annotations

import numpy as np
import pytest

from landscape.grid import Domain
from landscape.scene import CONTOUR_LEVELS, KINDS, LandscapeData, build_landscape, objective_kind


def _never() -> bool:
    return False


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        ("x^2 + 3y^2", (1.0, 2.0), 13.0),
        ("(1 - x)^2 + 100(y - x^2)^2", (0.4, 1.0), 0.6**2 + 100 * 0.84**2),
        ("x*y", (-2.0, 3.0), -6.0),
    ],
)
def test_a_formula_becomes_a_function_landscape_sampled_ij(text, at, expected):
    data = build_landscape(text, Domain(-2.0, 2.0, -1.0, 3.0), 21, "linear", None, _never)
    assert data.kind == "function" and not data.is_model
    assert data.grid.z.shape == (21, 21)
    i = int(np.argmin(np.abs(data.grid.xs - at[0])))
    j = int(np.argmin(np.abs(data.grid.ys - at[1])))
    assert data.grid.xs[i] == pytest.approx(at[0]) and data.grid.ys[j] == pytest.approx(at[1])
    assert data.grid.z[i, j] == pytest.approx(expected)  # indexing="ij": z[i, j] at (xs[i], ys[j])
    assert len(data.levels) <= CONTOUR_LEVELS and np.all(np.diff(data.levels) > 0)


def test_a_given_objective_is_reused_not_recompiled():
    first = build_landscape("x^2 + y^2", Domain(-1, 1, -1, 1), 16, "linear", None, _never)
    again = build_landscape(
        "x^2 + y^2", Domain(-2, 2, -2, 2), 16, "linear", first.objective, _never
    )
    assert again.objective is first.objective


@pytest.mark.parametrize("kind", ["", "Model", "formula", None])
def test_kind_is_one_of_the_two(kind):
    with pytest.raises(ValueError):
        LandscapeData("t", None, 1, "linear", None, None, None, [], kind=kind)


@pytest.mark.parametrize(("kind", "is_model"), [("function", False), ("model", True)])
def test_is_model_follows_kind(kind, is_model):
    assert kind in KINDS
    assert (
        LandscapeData("t", None, 1, "linear", None, None, None, [], kind=kind).is_model is is_model
    )


def test_the_kind_must_agree_with_the_objective():
    from landscape.models.scene import build_model_landscape
    from landscape.session import ModelConfig

    function = build_landscape("x^2 + y^2", Domain(-1, 1, -1, 1), 16, "linear", None, _never)
    model = build_model_landscape(ModelConfig("linreg", "linear", {}, "pca", 16), None, 20, _never)
    assert (objective_kind(function.objective), objective_kind(model.objective)) == (
        "function",
        "model",
    )
    for objective, wrong in ((function.objective, "model"), (model.objective, "function")):
        with pytest.raises(ValueError, match="landscape on a"):
            LandscapeData("t", None, 1, "linear", objective, None, None, [], kind=wrong)
