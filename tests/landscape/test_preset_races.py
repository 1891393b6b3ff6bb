"""Each preset's recommended race teaches what its description says (run as the app runs it:
the race's values, suggestions for the rest, the race's step count)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from landscape.compile import compile_objective
from landscape.errors import BudgetError
from landscape.optim import make_optimizer, run
from landscape.optim.suggest import hyper_for
from landscape.presets import get_preset, list_presets


def _compiled(text: str):
    """Retried: the parser's wall-clock net (issue 9 §5) may refuse under load."""
    for attempt in range(3):
        try:
            return compile_objective(text)
        except BudgetError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


_CACHE: dict = {}


def race_of(name: str) -> dict:
    """``{optimizer: Trajectory}`` of the preset's race (first entry of each optimizer)."""
    if name not in _CACHE:
        p = get_preset(name)
        objective = _compiled(p.expression)
        out = {}
        for entry in p.race.runs:
            hyper = hyper_for(
                entry.optimizer,
                objective,
                p.start,
                entry.hyper_dict(),
                domain=p.grid_domain,
                max_steps=p.race.steps,
            )
            out.setdefault(
                entry.optimizer,
                run(
                    make_optimizer(entry.optimizer, **hyper),
                    objective,
                    p.start,
                    max_steps=p.race.steps,
                ),
            )
        _CACHE[name] = (p, objective, out)
    return _CACHE[name]


def _gap(p, t) -> float:
    return t.f_final - p.f_min


def _zigzags(t) -> bool:
    """Successive steps point against each other (their dot product is negative) at least
    three times in the first 20 steps."""
    d = np.diff(t.xs[:21], axis=0)
    return int(np.sum(np.einsum("ij,ij->i", d[1:], d[:-1]) < 0)) >= 3


def check_rosenbrock(p, objective, runs):
    """The first race a person sees: every run converges, at very different speeds."""
    assert all(t.status == "converged" for t in runs.values())
    momentum, bfgs = runs["momentum"], runs["bfgs"]
    assert momentum.fs[50] < 0.25 * momentum.fs[0]  # finding the valley is easy
    assert momentum.n_steps > 10 * bfgs.n_steps  # following it is slow


def check_beale(p, objective, runs):
    assert _gap(p, runs["gd"]) > 1.0  # a step safe for the walls crawls on the plateau
    assert _gap(p, runs["adam"]) < 1e-3 and _gap(p, runs["bfgs"]) < 1e-3


def _nearest_minimum(p, x) -> int:
    return int(np.argmin([np.linalg.norm(np.asarray(m) - x) for m in p.minima]))


def check_himmelblau(p, objective, runs):
    assert all(_gap(p, t) < 1e-6 for t in runs.values())
    assert len({_nearest_minimum(p, t.x_final) for t in runs.values()}) >= 2


def check_booth(p, objective, runs):
    assert runs["newton"].status == "converged" and runs["newton"].n_steps == 1
    assert _zigzags(runs["gd"]) and runs["gd"].status == "converged"


def check_goldstein_price(p, objective, runs):
    finals = [t.f_final for t in runs.values()]
    assert any(f > p.f_min + 1 for f in finals)  # some are trapped in a local minimum
    assert any(f < p.f_min + 1e-3 for f in finals)
    trapped = [t for t in runs.values() if t.f_final > p.f_min + 1]
    assert all(t.grad_norms[-1] < 1e-2 * t.grad_norms[0] for t in trapped)


def check_six_hump_camel(p, objective, runs):
    ends = {tuple(np.round(t.x_final, 2)) for t in runs.values()}
    assert len(ends) >= 2  # different minima of a non-convex map
    assert any(_gap(p, t) < 1e-6 for t in runs.values())


def check_rastrigin(p, objective, runs):
    dimple = np.round(p.start)  # the nearest dimple to the start
    for t in runs.values():
        assert np.linalg.norm(t.x_final - dimple) < 0.1 and t.f_final > p.f_min + 10


def check_ackley(p, objective, runs):
    assert all(t.f_final > p.f_min + 1 for t in runs.values())  # stuck on the bumpy plain


def check_saddle(p, objective, runs):
    start = np.linalg.norm(p.start)
    for t in runs.values():
        assert np.min(np.linalg.norm(t.xs, axis=1)) < 0.5 * start  # creeps towards (0, 0)
        x, y = t.x_final
        assert abs(y) > p.domain[1][1] and abs(x) < 0.2  # then escapes along y
        assert t.status == "max_steps"


def check_monkey_saddle(p, objective, runs):
    valleys = np.array([math.pi / 3, math.pi, -math.pi / 3])  # where x³ − 3xy² → −∞
    for t in runs.values():
        x, y = t.x_final
        angle = math.atan2(y, x)
        assert np.min(np.abs(np.angle(np.exp(1j * (valleys - angle))))) < 0.2
        assert not get_preset(p.name).grid_domain.contains(t.x_final)
        assert t.status == "max_steps"


def check_ill_conditioned(p, objective, runs):
    gd = runs["gd"]
    assert _zigzags(gd)  # across the narrow axis
    assert abs(gd.xs[100][0]) > 0.1 * abs(p.start[0])  # crawls along the long one
    assert runs["momentum"].n_steps < gd.n_steps and runs["newton"].n_steps == 1


def check_quadratic(p, objective, runs):
    g = objective.grad(np.array(p.start))
    to_min = np.zeros(2) - np.array(p.start)
    cos = float(-g @ to_min) / (np.linalg.norm(g) * np.linalg.norm(to_min))
    assert cos < math.cos(math.radians(10))  # −∇f does not point at the minimum
    assert runs["newton"].n_steps == 1 and runs["gd"].status == "converged"


def check_bowl(p, objective, runs):
    xs = runs["gd"].xs
    cross = xs[:, 0] * p.start[1] - xs[:, 1] * p.start[0]
    assert np.max(np.abs(cross)) < 1e-9  # a straight line to the minimum
    assert all(_gap(p, t) < 1e-3 for t in runs.values())


CHECKS = {name[len("check_") :]: fn for name, fn in globals().items() if name.startswith("check_")}


def test_every_preset_has_a_teaching_check():
    assert set(CHECKS) == {p.name for p in list_presets()}


@pytest.mark.parametrize("name", [p.name for p in list_presets()])
def test_race_teaches_the_description(name):
    p, objective, runs = race_of(name)
    assert all(t.status != "diverged" for t in runs.values())
    CHECKS[name](p, objective, runs)
