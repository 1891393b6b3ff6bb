"""The update rules people read: every registered optimizer states its rule, source and
conventions; ``landscape optimizers`` and docs/OPTIMIZERS.md print them; and the conventions
they state are what the code does (checked on steps where the alternatives differ)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from landscape.optim import REGISTRY, get_spec, make_optimizer
from landscape.optim.docs import optimizers_markdown
from landscape.optim.schedules import SCHEDULE_RULES, SCHEDULES
from landscape_cli import main

from ._problems import problem

DOC = Path(__file__).resolve().parents[3] / "docs" / "OPTIMIZERS.md"


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_optimizer_states_its_rule_source_and_conventions(name):
    spec = get_spec(name)
    assert "_{k+1} = " in spec.update_rule
    assert len(spec.source) > 20 and len(spec.conventions) > 20
    assert spec.update_rule in (spec.cls.__doc__ or "").replace("\n        ", "\n")
    text = spec.help_text()
    for part in (spec.update_rule.splitlines()[0], "Source:", "Conventions:"):
        assert part in text
    assert ("Learning-rate schedules" in text) == spec.has_schedule


@pytest.mark.parametrize(
    ("name", "statement"),
    [
        ("momentum", "η is inside the velocity"),
        ("nesterov", "η is inside the velocity"),
        ("rmsprop", "ε is added outside the square root"),
        ("adagrad", "ε is added outside the square root"),
        ("adamw", "λ is multiplied by the learning rate"),
        ("newton", "A positive-definite ∇²f is never modified"),
    ],
)
def test_the_conventions_a_student_cannot_see_are_stated(name, statement):
    assert statement in get_spec(name).conventions


def test_the_docs_page_is_generated_from_the_registry():
    assert DOC.read_text(encoding="utf-8") == optimizers_markdown(), (
        "regenerate: python -m landscape.optim.docs > docs/OPTIMIZERS.md"
    )
    for spec in REGISTRY.values():
        assert spec.update_rule.splitlines()[-1] in optimizers_markdown()


def test_schedule_formulas_cover_every_schedule():
    assert list(SCHEDULE_RULES) == list(SCHEDULES)
    assert all(formula.startswith("η_k = ") for formula, _ in SCHEDULE_RULES.values())


def test_landscape_optimizers_prints_rules_sources_and_schedules(capsys):
    assert main(["optimizers"]) == 0
    out = capsys.readouterr().out
    for spec in REGISTRY.values():
        assert spec.update_rule.splitlines()[0] in out
        assert spec.source.split(";")[0] in out
    assert "cosine        η_k = η · (γ + (1 − γ)" in out
    assert main(["optimizers", "rmsprop", "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["update_rule"] == get_spec("rmsprop").update_rule
    assert data["conventions"].startswith("ε is added outside the square root")
    assert set(data["schedules"]) == set(SCHEDULES)


def test_landscape_optimizers_with_an_unknown_name_is_one_error_line(capsys):
    assert main(["optimizers", "adamm"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "did you mean 'adam'" in err[0]


# -- the stated conventions, checked where the alternatives give different numbers -------------
def _steps(name, count, **hyper):
    _, obj, x0 = problem("seed")  # f = x² + 2xy + 3y², ∇f = (2x + 2y, 2x + 6y), x0 = (2, 3)
    opt = make_optimizer(name, **hyper)
    x, state, xs = x0, opt.init(x0), [x0]
    for _ in range(count):
        x, state, _ = opt.step(x, state, obj)
        xs.append(x)
    return xs


def _grad(x):
    return np.array([2 * x[0] + 2 * x[1], 2 * x[0] + 6 * x[1]])


def test_momentum_keeps_the_learning_rate_inside_the_velocity():
    # step schedule: η_0 = 0.1, η_1 = 0.05. Inside: v2 = βv1 − η_1 g1. PyTorch (outside)
    # would move by −η_1(β b1 + g1) with b1 = g0, i.e. 0.45·v1 − 0.05 g1 instead of 0.9·v1 − …
    x0, x1, x2 = _steps(
        "momentum", 2, lr=0.1, beta=0.9, schedule="step", decay_rate=0.5, decay_steps=1
    )
    v1 = x1 - x0
    np.testing.assert_allclose(v1, -0.1 * _grad(x0), rtol=1e-14)
    np.testing.assert_allclose(x2 - x1, 0.9 * v1 - 0.05 * _grad(x1), rtol=1e-13)


def test_rmsprop_adds_eps_outside_the_root():
    x0, x1 = _steps("rmsprop", 1, lr=0.1, rho=0.9, eps=1.0)
    g = _grad(x0)
    np.testing.assert_allclose(x1, x0 - 0.1 * g / (np.sqrt(0.1 * g * g) + 1.0), rtol=1e-14)
    assert not np.allclose(x1, x0 - 0.1 * g / np.sqrt(0.1 * g * g + 1.0))  # inside: different


def test_adamw_multiplies_the_decay_by_the_scheduled_rate():
    # second step, η_1 = 0.05 (step schedule): AdamW − Adam from the same state = −η_1 λ x_1
    hyper = {"lr": 0.1, "schedule": "step", "decay_rate": 0.5, "decay_steps": 1}
    _, obj, x0 = problem("seed")
    adam, adamw = (
        make_optimizer("adam", **hyper),
        make_optimizer("adamw", weight_decay=0.5, **hyper),
    )
    x1, state, _ = adam.step(x0, adam.init(x0), obj)
    xa, _, _ = adam.step(x1, state, obj)
    xw, _, _ = adamw.step(x1, state, obj)
    np.testing.assert_allclose(xw - xa, -0.05 * 0.5 * x1, rtol=1e-12)
