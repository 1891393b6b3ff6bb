"""Names that tell runs apart (landscape.run_labels)."""

from __future__ import annotations

import pytest

from landscape.run_labels import run_labels, value_text

CASES = [
    # runs -> labels
    ([("gd", {"lr": 0.1})], ["GD (lr 0.1)"]),
    ([("adam", {})], ["Adam (lr 0.05)"]),
    ([("bfgs", {}), ("newton", {})], ["BFGS", "Newton"]),
    ([("gd", {"lr": 0.1}), ("gd", {"lr": 0.01})], ["GD (lr 0.1)", "GD (lr 0.01)"]),
    # the same lr: the differing value appears
    (
        [("adam", {"lr": 0.05, "beta1": 0.8}), ("adam", {"lr": 0.05})],
        ["Adam (lr 0.05, β1 0.8)", "Adam (lr 0.05, β1 0.9)"],
    ),
    # values equal to the defaults name alike whether given or not, then are numbered
    ([("gd", {}), ("gd", {"lr": 0.01})], ["GD (lr 0.01)", "GD (lr 0.01) #2"]),
    (
        [("bfgs", {}), ("bfgs", {"line_search": "wolfe"})],
        ["BFGS (line_search more_thuente)", "BFGS (line_search wolfe)"],
    ),
    # other optimizers do not add values to a run alone of its kind
    (
        [("gd", {"lr": 0.1}), ("momentum", {"beta": 0.5}), ("gd", {"lr": 0.2})],
        ["GD (lr 0.1)", "Momentum (lr 0.01)", "GD (lr 0.2)"],
    ),
    (
        [("lbfgs", {"memory": 5}), ("lbfgs", {"memory": 20})],
        ["L-BFGS (memory 5)", "L-BFGS (memory 20)"],
    ),
    (
        [("adam", {"amsgrad": True}), ("adam", {})],
        ["Adam (lr 0.05, amsgrad on)", "Adam (lr 0.05, amsgrad off)"],
    ),
]


@pytest.mark.parametrize(("runs", "expected"), CASES)
def test_labels(runs, expected):
    assert run_labels(runs) == expected


def test_labels_are_always_distinct():
    runs = [("gd", {})] * 4 + [("adam", {"lr": 0.1})] * 2 + [("newton", {})] * 2
    labels = run_labels(runs)
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1, "0.1"), (1e-8, "1e-08"), (0.123456, "0.123"), (True, "on"), (10, "10")],
)
def test_value_text(value, text):
    assert value_text(value) == text
