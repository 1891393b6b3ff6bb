"""A built-in preset's own expression is compiled in the caller's process (the app's first
landscape does not wait for the worker to start); everything else goes through the worker."""

from __future__ import annotations

import numpy as np
import pytest

import landscape.compile as compile_module
from landscape.compile import compile_objective
from landscape.presets import is_preset_expression, list_presets
from landscape.symbolic import parse_and_derive

PRESETS = list_presets()


@pytest.fixture
def no_worker(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the budget worker was asked")

    monkeypatch.setattr(compile_module, "run_with_budget", refuse)


@pytest.mark.parametrize("preset", PRESETS, ids=[p.name for p in PRESETS])
def test_each_preset_compiles_here_as_the_worker_would(preset, no_worker):
    objective = compile_objective(preset.expression, parse_in_worker=True)
    expected = parse_and_derive(preset.expression, ("x", "y"))
    assert objective.expr == expected.expr and objective.grad_exprs == list(expected.gradient)
    x0 = np.asarray(preset.start, dtype=float)
    assert np.isfinite(objective.f(x0)) and objective.grad(x0).shape == (2,)


@pytest.mark.parametrize(
    "text",
    [
        "(1-x)^2 + 100(y-x^2)^2 + 0",  # a preset's text, changed
        "x^2 + 3y^2",
        " (1-x)^2 + 100(y-x^2)^2",  # not exactly the text
    ],
)
def test_other_text_goes_to_the_worker(text, no_worker):
    assert not is_preset_expression(text)
    with pytest.raises(AssertionError, match="budget worker was asked"):
        compile_objective(text, parse_in_worker=True)


def test_a_preset_in_other_variables_goes_to_the_worker(no_worker):
    text = PRESETS[0].expression
    with pytest.raises(AssertionError, match="budget worker was asked"):
        compile_objective(text, ("x", "y", "z"), parse_in_worker=True)
