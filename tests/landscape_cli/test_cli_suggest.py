"""``landscape run`` uses the suggested hyperparameters for every value no ``--set`` gives."""

from __future__ import annotations

import pytest

from landscape.compile import compile_objective
from landscape.optim.suggest import hyper_for
from landscape.presets import get_preset
from tests.landscape_cli.test_cli_run import run_json


def _suggested(preset_name: str, name: str, given: dict, steps: int = 1000) -> dict:
    p = get_preset(preset_name)
    objective = compile_objective(p.expression)
    objective.f_min, objective.minima = p.f_min, p.minima  # as `run --preset` sets them
    return hyper_for(name, objective, p.start, given, domain=p.grid_domain, max_steps=steps)


def test_runs_without_settings_use_the_suggestions():
    data = run_json("--preset", "booth", "--optimizers", "gd,adam")
    for run in data["runs"]:
        expected = _suggested("booth", run["optimizer"], {})
        for key, value in expected.items():
            assert run["hyperparameters"][key] == pytest.approx(value), key
        assert run["status"] == "converged"
    assert data["runs"][0]["hyperparameters"]["lr"] == pytest.approx(0.1)  # 2/(λmin+λmax)


def test_set_wins_for_its_value_only():
    data = run_json(
        "--preset",
        "ill_conditioned",
        "--optimizers",
        "momentum,adam",
        "--set",
        "momentum.beta=0.5",
        "--set",
        "adam.lr=0.2",
        "--steps",
        "400",
    )
    momentum, adam = data["runs"]
    assert momentum["hyperparameters"]["beta"] == 0.5
    assert momentum["hyperparameters"]["lr"] == pytest.approx(1.5 / 100)  # (1+β)/L for β 0.5
    assert adam["hyperparameters"]["lr"] == 0.2
    assert adam["hyperparameters"]["schedule"] == "cosine"
    assert adam["hyperparameters"]["decay_steps"] == 400  # spread over --steps
