"""Issue 11, point 1: with no settings given, the suggested settings work where they are used.

Every optimizer on every preset and on a table of typed functions runs with
``landscape.optim.suggest`` only (the objective as a typed function sees it: no known minima;
the preset's domain, or for a typed function the fitted one), for the suggested step count:

* no run ends ``diverged`` on a function with a minimum; on the two presets without one
  (f unbounded below) a run may only leave for infinity (‖x‖ past the bound, f falling);
* on bowl, quadratic, booth and ill_conditioned, gd, momentum, nesterov, newton, cg, bfgs and
  lbfgs converge within 2000 steps, and adagrad, rmsprop, adam and adamw end within 1e-3 of f*;
* every preset's recommended race ends without ``diverged``.

Newton's safeguards are being reworked in parallel (issue 9): the cases that depend on Newton
are the positive-definite quadratics (a full Newton step in any safeguarded variant) and the
saddles, where only "not diverged, or gone to infinity" is asserted.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from landscape.compile import compile_objective
from landscape.domain_fit import fit_domain
from landscape.errors import BudgetError
from landscape.optim import REGISTRY, make_optimizer, run
from landscape.optim.suggest import hyper_for, suggest_all
from landscape.presets import get_preset, list_presets

CONVERGE = ("gd", "momentum", "nesterov", "newton", "cg", "bfgs", "lbfgs")
NEAR_F_MIN = ("adagrad", "rmsprop", "adam", "adamw")
TEACHING_BOWLS = ("bowl", "quadratic", "booth", "ill_conditioned")


def _compiled(text: str):
    """compile_objective, retried: the parser's 0.5 s wall-clock net refuses formulas on a
    loaded machine until issue 9 §5 makes it a counted budget (remove the retry then)."""
    for attempt in range(3):
        try:
            return compile_objective(text)
        except BudgetError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def preset_runs():
    """{(preset, optimizer): (trajectory, suggestion)} for every preset and optimizer."""
    out = {}
    for preset in list_presets():
        objective = _compiled(preset.expression)
        suggestions = suggest_all(objective, preset.start, domain=preset.grid_domain)
        for name, s in suggestions.items():
            t = run(
                make_optimizer(name, **s.hyper()),
                objective,
                preset.start,
                max_steps=s.max_steps,
                keep_steps=False,
            )
            out[preset.name, name] = (t, s)
    return out


def _gone_to_infinity(t) -> bool:
    """Diverged by leaving the bound while f fell: what a descent does when f is unbounded."""
    return ("exceeds the bound" in t.message or "not finite" in t.message) and (
        len(t.fs) == 0 or t.fs[-1] <= t.fs[0]
    )


@pytest.mark.parametrize("preset", [p.name for p in list_presets()])
@pytest.mark.parametrize("optimizer", list(REGISTRY))
def test_no_suggested_run_diverges(preset_runs, preset, optimizer):
    t, _ = preset_runs[preset, optimizer]
    if get_preset(preset).f_min is not None:
        assert t.status != "diverged", t.message
    else:
        assert t.status != "diverged" or _gone_to_infinity(t), t.message


@pytest.mark.parametrize("preset", TEACHING_BOWLS)
@pytest.mark.parametrize("optimizer", CONVERGE)
def test_classical_methods_converge_within_2000_steps(preset_runs, preset, optimizer):
    t, s = preset_runs[preset, optimizer]
    assert s.max_steps <= 2000
    assert t.status == "converged", t.message
    assert t.n_steps <= 2000


@pytest.mark.parametrize("preset", TEACHING_BOWLS)
@pytest.mark.parametrize("optimizer", NEAR_F_MIN)
def test_adaptive_methods_end_near_f_min(preset_runs, preset, optimizer):
    t, s = preset_runs[preset, optimizer]
    assert t.status != "diverged" and s.max_steps <= 2000
    assert t.f_final - get_preset(preset).f_min <= 1e-3, t.message


@pytest.mark.parametrize("preset", TEACHING_BOWLS)
@pytest.mark.parametrize("optimizer", CONVERGE + NEAR_F_MIN)
def test_known_minima_change_nothing_that_matters(preset, optimizer):
    """As `landscape run --preset` sees it: f_min and the minima set on the objective."""
    p = get_preset(preset)
    objective = _compiled(p.expression)
    objective.f_min, objective.minima = p.f_min, p.minima
    s = suggest_all(objective, p.start, domain=p.grid_domain, names=[optimizer])[optimizer]
    t = run(
        make_optimizer(optimizer, **s.hyper()),
        objective,
        p.start,
        max_steps=s.max_steps,
        keep_steps=False,
    )
    if optimizer in CONVERGE:
        assert t.status == "converged" and t.n_steps <= 2000, t.message
    else:
        assert t.f_final - p.f_min <= 1e-3, t.message


@pytest.mark.parametrize("preset", [p.name for p in list_presets()])
def test_recommended_races_do_not_diverge(preset):
    p = get_preset(preset)
    objective = _compiled(p.expression)
    for entry in p.race.runs:
        hyper = hyper_for(
            entry.optimizer,
            objective,
            p.start,
            entry.hyper_dict(),
            domain=p.grid_domain,
            max_steps=p.race.steps,
        )
        t = run(
            make_optimizer(entry.optimizer, **hyper),
            objective,
            p.start,
            max_steps=p.race.steps,
            keep_steps=False,
        )
        assert t.status != "diverged", (entry, t.message)


# -- typed functions ---------------------------------------------------------------------
#: (text, start, f*, convex): quadratics of several conditionings and scales, shifted bowls,
#: a quartic, sums of exponentials, log-sum-exp, far starts and non-convex functions.
TYPED = [
    ("x^2 + y^2", (50.0, -40.0), 0.0, True),
    ("(x-3)^2 + (y+2)^2", (0.0, 0.0), 0.0, True),
    ("(x-3)^2 + (y+2)^2", (-40.0, 60.0), 0.0, True),
    ("0.001(x^2 + y^2)", (2.0, 1.0), 0.0, True),
    ("1000(x^2 + y^2)", (1.0, 1.0), 0.0, True),
    ("x^2 + 30y^2", (-4.0, 2.0), 0.0, True),
    ("x^2 + 1000y^2", (3.0, 1.0), 0.0, True),
    ("5x^2 - 6x y + 5y^2 + 2x", (2.0, -2.0), -0.3125, True),
    ("x^4 + y^4", (1.5, -1.0), 0.0, True),
    ("exp(x) + exp(-x) + exp(y) + exp(-y)", (2.0, 1.5), 4.0, True),
    ("log(exp(x) + exp(y) + exp(-x-y))", (2.0, -1.0), math.log(3.0), True),
    ("exp(x + 3y - 0.1) + exp(x - 3y - 0.1) + exp(-x - 0.1)", (1.0, 0.5), None, True),
    ("(x^2 - 1)^2 + y^2", (0.2, 1.0), 0.0, False),
    ("sin(x) + cos(y) + 0.05(x^2 + y^2)", (1.0, 1.0), None, False),
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", (20.0, -15.0), 0.0, False),
]


def _typed_id(case) -> str:
    return f"{case[0]}@{case[1]}"


@pytest.fixture(scope="module")
def typed_runs():
    out = {}
    for case in TYPED:
        text, start, _, _ = case
        objective = _compiled(text)
        domain = fit_domain(objective, around=[start])
        suggestions = suggest_all(objective, start, domain=domain)
        for name, s in suggestions.items():
            t = run(
                make_optimizer(name, **s.hyper()),
                objective,
                start,
                max_steps=s.max_steps,
                keep_steps=False,
            )
            out[_typed_id(case), name] = t
    return out


@pytest.mark.parametrize("case", TYPED, ids=_typed_id)
def test_typed_functions_behave_the_same(typed_runs, case):
    text, _start, f_star, convex = case
    for name in REGISTRY:
        t = typed_runs[_typed_id(case), name]
        assert t.status != "diverged", (name, t.message)
        if name in ("newton", "cg", "bfgs", "lbfgs"):
            assert t.status in ("converged", "line_search_failed"), (name, t.message)
        if convex and f_star is not None and name != "sgd":
            assert t.f_final - f_star <= 1e-3 * max(1.0, abs(f_star)), (name, t.message)


def test_typed_non_convex_methods_reach_a_minimum(typed_runs):
    """On the double well every method but SGD ends near one of the two minima (±1, 0)."""
    case = TYPED[12]
    for name in REGISTRY:
        if name == "sgd":
            continue
        x = typed_runs[_typed_id(case), name].x_final
        assert min(np.linalg.norm(x - m) for m in ((1, 0), (-1, 0))) < 1e-2, name
