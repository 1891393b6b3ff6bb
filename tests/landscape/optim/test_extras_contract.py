"""Every registered optimizer emits only the StepInfo.extras keys that landscape.optim.extras
documents, with the documented kinds and shapes; and every documented key is emitted by each
optimizer the contract names (so the contract cannot go stale in either direction)."""

from __future__ import annotations

import numpy as np
import pytest

from landscape.compile import compile_objective
from landscape.models.cli_support import build_model_objective
from landscape.optim import iterate, list_specs, make_optimizer
from landscape.optim.extras import EXTRAS, KINDS, problems

FUNCTIONS = {  # name -> (text, start)
    "rosenbrock": ("(1 - x)^2 + 100(y - x^2)^2", (-1.2, 1.0)),
    "saddle": ("x^2 - y^2 + 0.1x^4 + 0.1y^4", (0.3, 0.01)),
    "ill-conditioned": ("x^2 + 100y^2", (2.0, 1.0)),
}
#: hyperparameter variants that switch on keys the defaults do not emit
VARIANTS = {
    "newton": [{}, {"safeguard": "eigenvalue_modification"}, {"safeguard": "levenberg"}],
    "adam": [{}, {"amsgrad": True}],
    "adamw": [{}, {"amsgrad": True}],
    "cg": [{}, {"restart_every": 2}],
}


def _problems():
    for name, (text, start) in FUNCTIONS.items():
        yield name, compile_objective(text), np.asarray(start, dtype=float)
    model, ctx = build_model_objective("logreg", "blobs", {}, seed=0)  # mini-batches for SGD
    yield "logreg", model, np.asarray(ctx.x0, dtype=float) + 0.5
    model, ctx = build_model_objective("multireg", "houses", {}, seed=0)  # n = 5
    yield "multireg", model, np.asarray(ctx.x0, dtype=float)


PROBLEMS = list(_problems())
EMITTED: dict[str, set[str]] = {}


@pytest.mark.parametrize("spec", list_specs(), ids=lambda s: s.name)
def test_every_optimizer_emits_only_documented_extras(spec):
    seen = EMITTED.setdefault(spec.name, set())
    for hyper in VARIANTS.get(spec.name, [{}]):
        for label, objective, x0 in PROBLEMS:
            run = iterate(make_optimizer(spec.name, **hyper), objective, x0, max_steps=25)
            for info in run:
                found = problems(info.extras, x0.size, spec.name)
                assert not found, (spec.name, hyper, label, info.k, found)
                seen.update(info.extras)


@pytest.mark.parametrize("key", sorted(EXTRAS), ids=str)
def test_every_documented_key_is_emitted_by_the_optimizers_it_names(key):
    spec = EXTRAS[key]
    assert spec.kind in KINDS and spec.meaning and spec.emitted_by
    for name in spec.emitted_by:
        if name not in EMITTED:
            test_every_optimizer_emits_only_documented_extras(
                next(s for s in list_specs() if s.name == name)
            )
        assert key in EMITTED[name], f"{name} never emitted {key!r}"


@pytest.mark.parametrize(
    ("extras", "n", "optimizer", "expected"),
    [
        ({"velocity": np.zeros(3)}, 3, "momentum", []),
        (
            {"velocity": np.zeros(2)},
            3,
            "momentum",
            ["velocity: expected float (3,), got float64 (2,)"],
        ),
        ({"velocity": [0.0, 0.0]}, 2, "", ["velocity: expected an array, got list"]),
        ({"newton": np.zeros(2)}, 2, "", ["newton: not a documented key"]),
        ({"velocity": np.zeros(2)}, 2, "gd", ["velocity: not documented for gd"]),
        ({"batch": np.array([0.0, 1.0])}, 2, "sgd", ["batch: expected int (b,), got float64 (2,)"]),
        ({"memory": True}, 2, "lbfgs", ["memory: expected an int, got bool"]),
        ({"step_capped": 1}, 2, "newton", ["step_capped: expected a bool"]),
        ({"safeguard": "magic"}, 2, "newton", ["safeguard: 'magic' not in choices"]),
        ({"trials": [(1.0, np.zeros(2), 3.0)]}, 2, "cg", []),
        (
            {"trials": [(1.0, np.zeros(3), 3.0)]},
            2,
            "cg",
            ["trials: expected (float, (n,), float), got x of shape (3,)"],
        ),
        ({"beta": 0.5, "restart": ""}, 2, "cg", []),
    ],
)
def test_problems_names_each_breach(extras, n, optimizer, expected):
    assert problems(extras, n, optimizer) == expected
