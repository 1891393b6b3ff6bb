"""The registry: complete specs for the CLI and the forms, and validated hyperparameters."""

from __future__ import annotations

import json
import math
import pickle

import pytest

from landscape.errors import InputError
from landscape.optim import (
    REGISTRY,
    ParamSpec,
    get_spec,
    list_specs,
    make_optimizer,
)

NAMES = (
    "gd",
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adam",
    "adamw",
    "newton",
    "cg",
    "bfgs",
    "lbfgs",
)
FAMILIES = {
    "gd": "first-order",
    "sgd": "first-order",
    "momentum": "first-order",
    "nesterov": "first-order",
    "cg": "first-order",
    "adagrad": "adaptive",
    "rmsprop": "adaptive",
    "adam": "adaptive",
    "adamw": "adaptive",
    "newton": "second-order",
    "bfgs": "quasi-newton",
    "lbfgs": "quasi-newton",
}


def test_registry_lists_every_optimizer_once():
    assert tuple(REGISTRY) == NAMES
    assert [s.name for s in list_specs()] == list(NAMES)
    for name in NAMES:
        spec = get_spec(name)
        assert spec.family == FAMILIES[name] and spec.display_name
        assert spec.summary and spec.update_rule  # the docstring states the update


@pytest.mark.parametrize("name", NAMES)
def test_specs_are_complete_and_defaults_are_valid(name):
    spec = get_spec(name)
    names = [p.name for p in spec.params]
    assert len(names) == len(set(names))
    assert "max_steps" not in names and "seed" not in names  # run-level, not hyperparameters
    assert names[-3:] == ["gtol", "ftol", "xtol"]
    for p in spec.params:
        assert isinstance(p, ParamSpec) and p.doc and "\n" not in p.doc
        assert p.kind in ("float", "int", "bool", "choice")
        assert p.coerce(p.default) == p.default
        assert (p.kind == "choice") == bool(p.choices)
        if p.kind in ("float", "int") and p.lower is not None and p.upper is not None:
            assert p.lower < p.upper
    opt = spec.make()
    assert opt.hyperparameters() == spec.defaults()
    json.dumps([p.__dict__ for p in spec.params])  # plain data for forms


def test_schedule_parameters_where_a_learning_rate_is():
    for spec in list_specs():
        has_lr = any(p.name == "lr" for p in spec.params)
        has_schedule = any(p.name == "schedule" for p in spec.params)
        assert has_lr == has_schedule
    assert get_spec("gd").param("schedule").choices == (
        "constant",
        "step",
        "exponential",
        "inverse_time",
        "cosine",
    )


def test_strings_from_the_command_line_are_coerced_by_kind():
    opt = make_optimizer("adam", lr="0.05", amsgrad="true", beta2=" 0.99 ")
    assert opt.hyper.lr == 0.05 and opt.hyper.amsgrad is True and opt.hyper.beta2 == 0.99
    opt = make_optimizer("lbfgs", memory="5", c2="0.5")
    assert opt.hyper.memory == 5 and isinstance(opt.hyper.memory, int)
    opt = make_optimizer("cg", variant="Fletcher-Reeves", powell_restart="no")
    assert opt.hyper.variant == "fletcher_reeves" and opt.hyper.powell_restart is False
    assert make_optimizer("L-BFGS").name == "lbfgs"
    assert make_optimizer("sgd", batch_size=32.0).hyper.batch_size == 32


def test_range_text():
    assert get_spec("adam").param("lr").range_text() == "(0, ∞)"
    assert get_spec("adam").param("beta1").range_text() == "[0, 1)"
    assert get_spec("lbfgs").param("memory").range_text() == "an integer in [1, 1000]"
    assert get_spec("gd").param("decay_rate").range_text() == "(0, 1]"


#: (optimizer, hyperparameter, bad value, fragments the message must contain)
BAD = [
    ("gd", "lr", 0, ["lr = 0", "(0, ∞)"]),
    ("gd", "lr", -0.1, ["lr = -0.1", "(0, ∞)"]),
    ("gd", "lr", math.inf, ["lr = inf", "finite"]),
    ("gd", "lr", math.nan, ["lr = nan", "finite"]),
    ("gd", "lr", "fast", ["lr = 'fast'", "not a number"]),
    ("gd", "lr", True, ["lr = True"]),
    ("adam", "beta1", 1.0, ["beta1 = 1", "[0, 1)"]),
    ("adam", "beta2", -0.5, ["beta2 = -0.5", "[0, 1)"]),
    ("momentum", "beta", 1.2, ["beta = 1.2", "[0, 1)"]),
    ("rmsprop", "rho", 1, ["rho = 1", "[0, 1)"]),
    ("rmsprop", "eps", 0.0, ["eps = 0", "(0, ∞)"]),
    ("adamw", "weight_decay", -1e-3, ["weight_decay = -0.001", "[0, ∞)"]),
    ("adam", "amsgrad", "maybe", ["amsgrad = 'maybe'", "true or false"]),
    ("lbfgs", "memory", 0, ["memory = 0", "[1, 1000]"]),
    ("lbfgs", "memory", 2.5, ["memory = 2.5", "integer"]),
    ("sgd", "batch_size", 0, ["batch_size = 0", "[1, ∞)"]),
    ("sgd", "noise", -1, ["noise = -1", "[0, ∞)"]),
    ("gd", "schedule", "linear", ["schedule = 'linear'", "constant, step, exponential"]),
    ("gd", "decay_rate", 0, ["decay_rate = 0", "(0, 1]"]),
    ("gd", "decay_steps", 0, ["decay_steps = 0", "[1, ∞)"]),
    ("cg", "variant", "dai_yuan", ["variant = 'dai_yuan'", "polak_ribiere_plus"]),
    ("cg", "c2", 1.0, ["c2 = 1", "(0, 1)"]),
    ("bfgs", "c1", 0.95, ["c1 = 0.95 must be less than c2 = 0.9"]),
    ("newton", "safeguard", "cholesky", ["safeguard = 'cholesky'", "eigenvalue_modification"]),
    ("newton", "delta", 2.0, ["delta = 2", "(0, 1]"]),
    ("newton", "c1", 0.5, ["c1 = 0.5", "(0, 0.5)"]),
    ("bfgs", "gtol", -1e-6, ["gtol = -1e-06", "[0, ∞)"]),
]


@pytest.mark.parametrize(("name", "param", "value", "fragments"), BAD)
def test_bad_hyperparameters_raise_input_error_quoting_value_and_range(
    name, param, value, fragments
):
    with pytest.raises(InputError) as info:
        make_optimizer(name, **{param: value})
    for fragment in fragments:
        assert fragment in str(info.value)


def test_unknown_names_suggest_the_closest():
    with pytest.raises(InputError, match="unknown hyperparameter 'lrr' for adam") as info:
        make_optimizer("adam", lrr=0.1)
    assert info.value.hint == "did you mean 'lr'?"
    with pytest.raises(InputError, match="unknown optimizer 'adma'") as info:
        make_optimizer("adma")
    assert info.value.hint == "did you mean 'adam'?"
    with pytest.raises(InputError) as info:
        make_optimizer("gd", schedule="cosin")
    assert info.value.hint == "did you mean 'cosine'?"


@pytest.mark.parametrize("name", NAMES)
def test_optimizers_pickle_with_their_hyperparameters(name):
    opt = make_optimizer(name, gtol=1e-3)
    clone = pickle.loads(pickle.dumps(opt))
    assert type(clone) is type(opt) and clone.hyperparameters() == opt.hyperparameters()


def test_hyperparameters_are_frozen():
    opt = make_optimizer("adam")
    with pytest.raises(AttributeError):
        opt.hyper.lr = 1.0
