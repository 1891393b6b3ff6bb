"""The scheduled optimizers reproduce their reference trajectories bit for bit.

``trajectories.npz`` was written by ``make_trajectory_fixture.py`` with the step code as it was
before GD, SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW shared one scheduled base;
every case is recomputed here and every array (x, f, gradients, direction, step size, each
extras array) must be identical: same dtype, same shape, same bytes (so NaN positions, infinities
and the sign of zero all count).
"""

from __future__ import annotations

import numpy as np
import pytest

from .make_trajectory_fixture import FIXTURE, cases, trajectory


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, np.ndarray]]:
    with np.load(FIXTURE) as data:
        out: dict[str, dict[str, np.ndarray]] = {}
        for key in data.files:
            case, name = key.split("|")
            out.setdefault(case, {})[name] = data[key]
    return out


def test_the_fixture_holds_every_case_and_nothing_else(reference):
    assert sorted(reference) == sorted(name for name, *_ in cases())


def test_the_fixture_covers_nan_and_every_extras_key(reference):
    diverged = reference["gd-big.rosenbrock.constant"]
    assert np.isnan(diverged["x_new"]).any() and np.isfinite(diverged["x_new"][0]).all()
    keys = {str(k) for arrays in reference.values() for k in arrays["extras_keys"]}
    expected = {"stochastic_grad", "noise", "batch", "velocity", "accumulator", "denominator"}
    assert keys == expected | {"v", "v_max"}


@pytest.mark.parametrize(
    ("name", "registry_name", "hyper", "fn_name"), [pytest.param(*c, id=c[0]) for c in cases()]
)
def test_trajectory_is_bitwise_identical_to_the_reference(
    reference, name, registry_name, hyper, fn_name
):
    expected = reference[name]
    got = trajectory(registry_name, hyper, fn_name)
    assert sorted(got) == sorted(expected), name
    for key, want in expected.items():
        have = got[key]
        assert have.dtype == want.dtype and have.shape == want.shape, (name, key)
        if have.dtype.kind == "f":
            assert np.array_equal(have, want, equal_nan=True), (name, key)
        else:
            assert np.array_equal(have, want), (name, key)
        assert have.tobytes() == want.tobytes(), (name, key)  # bitwise: NaN bits, signed zeros
