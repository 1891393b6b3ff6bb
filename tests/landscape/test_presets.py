"""Presets: the JSON schema, and data that agrees with the functions written out by hand."""

from __future__ import annotations

import importlib.resources
import json
import re

import numpy as np
import pytest
import sympy
from sympy import Rational as R
from sympy import cos, exp, pi, sqrt

from landscape.errors import InputError
from landscape.grid import Domain, sample_grid
from landscape.objective import SymbolicObjective
from landscape.optim import REGISTRY
from landscape.presets import (
    Preset,
    Race,
    RaceEntry,
    get_preset,
    list_presets,
    preset_to_json,
    presets_from_json,
)

x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)

#: Every preset, written out by hand from its textbook definition (not from the JSON).
HAND_EXPRS = {
    "rosenbrock": (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "beale": (R(3, 2) - x + x * y) ** 2
    + (R(9, 4) - x + x * y**2) ** 2
    + (R(21, 8) - x + x * y**3) ** 2,
    "himmelblau": (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "booth": (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "goldstein_price": (
        1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)
    )
    * (30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)),
    "six_hump_camel": (4 - R(21, 10) * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2,
    "rastrigin": 20 + (x**2 - 10 * cos(2 * pi * x)) + (y**2 - 10 * cos(2 * pi * y)),
    "ackley": -20 * exp(-R(1, 5) * sqrt((x**2 + y**2) / 2))
    - exp((cos(2 * pi * x) + cos(2 * pi * y)) / 2)
    + sympy.E
    + 20,
    "saddle": x**2 - y**2,
    "monkey_saddle": x**3 - 3 * x * y**2,
    "ill_conditioned": (x**2 + 100 * y**2) / 2,
    "quadratic": x**2 + 2 * x * y + 3 * y**2,
    "bowl": x**2 + y**2,
}
#: Minima where f is not differentiable (Ackley's funnel tip).
NONSMOOTH_MINIMA = {"ackley"}


def hand_objective(name: str) -> SymbolicObjective:
    return SymbolicObjective.from_exprs(HAND_EXPRS[name], (x, y))


def test_every_preset_has_a_hand_written_twin():
    assert [p.name for p in list_presets()] == list(HAND_EXPRS)


def test_json_schema():
    text = (importlib.resources.files("resources") / "presets.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    assert set(doc) == {"version", "presets"} and doc["version"] == 2
    keys = {
        "name",
        "title",
        "expression",
        "domain",
        "start",
        "minima",
        "f_min",
        "description",
        "race",
    }
    for entry in doc["presets"]:
        assert set(entry) == keys, entry.get("name")
        race = entry["race"]
        assert set(race) == {"steps", "runs"} and isinstance(race["steps"], int)
        assert 1 <= race["steps"] <= 2000 and race["runs"]
        for run in race["runs"]:
            assert set(run) <= {"optimizer", "hyper"} and run["optimizer"] in REGISTRY
        assert re.fullmatch(r"[a-z][a-z0-9_]*", entry["name"])
        assert isinstance(entry["title"], str) and entry["title"]
        assert isinstance(entry["expression"], str) and "**" not in entry["expression"]
        assert isinstance(entry["description"], str) and "\n" not in entry["description"]
        assert 20 < len(entry["description"]) < 200
        assert len(entry["domain"]) == 2 and all(len(r) == 2 for r in entry["domain"])
        assert len(entry["start"]) == 2
        assert all(len(m) == 2 for m in entry["minima"])
        assert (entry["f_min"] is None) == (entry["minima"] == [])
        assert entry["f_min"] is None or isinstance(entry["f_min"], (int, float))


@pytest.mark.parametrize("preset", list_presets(), ids=lambda p: p.name)
def test_preset_geometry(preset: Preset):
    domain = preset.grid_domain
    assert isinstance(domain, Domain)
    assert domain.contains(preset.start)
    assert all(domain.contains(m) for m in preset.minima)
    f = hand_objective(preset.name)
    start = np.array(preset.start)
    assert np.isfinite(f.f(start)) and np.linalg.norm(f.grad(start)) > 1e-3  # not at rest
    if preset.f_min is not None:
        assert f.f(start) > preset.f_min + 1e-3


@pytest.mark.parametrize("preset", list_presets(), ids=lambda p: p.name)
def test_minima_have_the_stated_value_and_zero_gradient(preset: Preset):
    expr = HAND_EXPRS[preset.name]
    grad = [sympy.diff(expr, v) for v in (x, y)]
    for m in preset.minima:
        at = {x: sympy.Float(m[0], 30), y: sympy.Float(m[1], 30)}
        assert float(expr.evalf(30, subs=at)) == pytest.approx(preset.f_min, abs=1e-6)
        if preset.name in NONSMOOTH_MINIMA:
            f = sympy.lambdify((x, y), expr)
            for angle in np.linspace(0, 2 * np.pi, 8, endpoint=False):
                step = 1e-4 * np.array([np.cos(angle), np.sin(angle)])
                assert f(*(np.array(m) + step)) > preset.f_min
            continue
        for g in grad:
            assert abs(float(g.evalf(30, subs=at))) < 1e-6


@pytest.mark.parametrize(
    "preset", [p for p in list_presets() if p.f_min is not None], ids=lambda p: p.name
)
def test_f_min_is_the_minimum_over_the_domain(preset: Preset):
    g = sample_grid(hand_objective(preset.name), preset.grid_domain, 301)
    assert g.z_min >= preset.f_min - 1e-9


def test_functions_without_minimum_are_unbounded_below():
    for name in ("saddle", "monkey_saddle"):
        p = get_preset(name)
        assert p.minima == () and p.f_min is None
        g = sample_grid(hand_objective(name), p.grid_domain, 51)
        assert g.z_min < -1


def test_accurate_values():
    camel = get_preset("six_hump_camel")
    assert camel.f_min == pytest.approx(-1.0316284535, abs=1e-9)
    np.testing.assert_allclose(
        sorted(camel.minima),
        [(-0.0898420131, 0.7126564030), (0.0898420131, -0.7126564030)],
        atol=1e-9,
    )
    gp = get_preset("goldstein_price")
    assert gp.minima == ((0.0, -1.0),) and gp.f_min == 3.0
    himmelblau = get_preset("himmelblau")
    assert len(himmelblau.minima) == 4 and himmelblau.f_min == 0
    rosen = get_preset("rosenbrock")
    assert rosen.domain == ((-2, 2), (-1, 3)) and rosen.start == (-1.2, 1.0)


def test_ill_conditioned_has_condition_number_100():
    f = hand_objective("ill_conditioned")
    lam = np.linalg.eigvalsh(f.hess(np.array([0.3, -0.2])))
    assert lam.max() / lam.min() == 100


def test_expressions_parse_to_the_hand_written_functions():
    parser = pytest.importorskip("landscape.parser")
    rng = np.random.default_rng(0)
    for p in list_presets():
        parsed = parser.parse_expression(p.expression)
        f_text = sympy.lambdify((x, y), parsed, "numpy")
        f_hand = sympy.lambdify((x, y), HAND_EXPRS[p.name], "numpy")
        d = p.grid_domain
        for _ in range(5):
            px, py = rng.uniform(d.xmin, d.xmax), rng.uniform(d.ymin, d.ymax)
            assert f_text(px, py) == pytest.approx(f_hand(px, py), rel=1e-12, abs=1e-12), p.name


def test_get_preset():
    assert get_preset("rosenbrock").title.startswith("Rosenbrock")
    assert get_preset("Six-Hump Camel").name == "six_hump_camel"
    with pytest.raises(InputError) as err:
        get_preset("banana")
    assert "banana" in str(err.value) and "rosenbrock" in err.value.hint


def test_preset_to_json_round_trips():
    dicts = [preset_to_json(p) for p in list_presets()]
    assert set(dicts[0]) == {
        "name",
        "title",
        "expression",
        "domain",
        "start",
        "minima",
        "f_min",
        "description",
        "race",
    }
    text = json.dumps({"version": 2, "presets": dicts})
    assert presets_from_json(text) == list_presets()
    assert preset_to_json(get_preset("saddle"))["f_min"] is None


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"presets": 3}',
        '{"presets": [{"name": "a"}]}',
        '{"presets": [{"name": "a", "title": "", "expression": "x", "domain": [[1, 0], [0, 1]],'
        ' "start": [0, 0], "minima": [], "f_min": null, "description": ""}]}',
        '{"presets": [{"name": "a", "title": "", "expression": "x", "domain": [[0, 1], [0, 1]],'
        ' "start": [0], "minima": [], "f_min": null, "description": ""}]}',
    ],
)
def test_malformed_documents(text):
    with pytest.raises(InputError):
        presets_from_json(text)


def test_repeated_names_are_rejected():
    entry = preset_to_json(get_preset("bowl"))
    with pytest.raises(InputError):
        presets_from_json(json.dumps({"presets": [entry, entry]}))


def test_races_are_read_as_frozen_entries():
    rosen = get_preset("rosenbrock")
    assert isinstance(rosen.race, Race)
    assert rosen.race.optimizers == ("momentum", "bfgs", "newton")
    assert rosen.race.runs[0] == RaceEntry("momentum", (("beta", 0.97),))
    assert rosen.race.runs[0].hyper_dict() == {"beta": 0.97}
    assert all(p.race is not None and p.race.steps >= 1 for p in list_presets())


def test_version_1_documents_load_without_races():
    entry = preset_to_json(get_preset("bowl"))
    del entry["race"]
    (old,) = presets_from_json(json.dumps({"version": 1, "presets": [entry]}))
    assert old.race is None and old.expression == get_preset("bowl").expression
    with pytest.raises(InputError, match="lacks race"):
        presets_from_json(json.dumps({"version": 2, "presets": [entry]}))


def _with_race(race) -> str:
    entry = preset_to_json(get_preset("bowl"))
    entry["race"] = race
    return json.dumps({"version": 2, "presets": [entry]})


@pytest.mark.parametrize(
    "race, fragment",
    [
        ([], "must be an object with steps and runs"),
        ({"steps": 10}, "must be an object with steps and runs"),
        ({"steps": 0, "runs": [{"optimizer": "gd"}]}, "steps must be an integer from 1"),
        ({"steps": 1.5, "runs": [{"optimizer": "gd"}]}, "steps must be an integer from 1"),
        ({"steps": True, "runs": [{"optimizer": "gd"}]}, "steps must be an integer from 1"),
        ({"steps": 10, "runs": []}, "runs must be a non-empty list"),
        ({"steps": 10, "runs": [{"hyper": {}}]}, "each run is"),
        ({"steps": 10, "runs": [{"optimizer": "gd", "colour": "red"}]}, "each run is"),
        ({"steps": 10, "runs": [{"optimizer": "gd", "hyper": [1]}]}, "hyper must be an object"),
        ({"steps": 10, "runs": [{"optimizer": "adamm"}]}, "unknown optimizer"),
        ({"steps": 10, "runs": [{"optimizer": "gd", "hyper": {"lr": -1}}]}, "gd: lr = -1"),
        ({"steps": 10, "runs": [{"optimizer": "gd", "hyper": {"beta": 0.9}}]}, "unknown hyper"),
    ],
)
def test_malformed_races_name_the_preset(race, fragment):
    with pytest.raises(InputError) as err:
        presets_from_json(_with_race(race))
    assert fragment in str(err.value) and "preset 'bowl': race" in str(err.value)


def test_unknown_versions_are_refused():
    with pytest.raises(InputError, match="version 3"):
        presets_from_json(json.dumps({"version": 3, "presets": []}))
