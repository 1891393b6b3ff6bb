"""The scheduled optimizers reproduce their reference trajectories bit for bit.

``trajectories.npz`` was written by ``make_trajectory_fixture.py`` with the step code as it was
before GD, SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW shared one scheduled base;
every case is recomputed here and every array (x, f, gradients, direction, step size, each
extras array) must be identical: same dtype, same shape, same bytes (so NaN positions, infinities
and the sign of zero all count).

Bitwise equality holds for one BLAS kernel: OpenBLAS picks its dot/gemv kernels by CPU, and
the AVX-512 (SkylakeX, Sapphire Rapids) kernels round the last bit of a matrix product
differently from the AVX2 (Haswell) ones the fixture was written with. So the cases are
recomputed in a child interpreter with ``OPENBLAS_CORETYPE=Haswell`` (run on any x86-64 CPU
with AVX2; OpenBLAS ignores the variable elsewhere), and, in this interpreter on whatever kernel
the machine picks, to within rtol 1e-9, atol 1e-12 (seen: 7.1e-15 at most in f).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from .make_trajectory_fixture import FIXTURE, cases, trajectory

ROOT = Path(__file__).resolve().parents[3]
REFERENCE_KERNEL = "Haswell"
_CHILD = (
    "import sys, numpy as np\n"
    "from tests.landscape.optim.make_trajectory_fixture import build\n"
    "np.savez(sys.argv[1], **build())\n"
)


def _by_case(arrays) -> dict[str, dict[str, np.ndarray]]:
    out: dict[str, dict[str, np.ndarray]] = {}
    for key in arrays:
        case, name = key.split("|")
        out.setdefault(case, {})[name] = arrays[key]
    return out


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, np.ndarray]]:
    with np.load(FIXTURE) as data:
        return _by_case({key: data[key] for key in data.files})


@pytest.fixture(scope="module")
def on_reference_kernel(tmp_path_factory) -> dict[str, dict[str, np.ndarray]]:
    """Every case recomputed by a child interpreter on the fixture's BLAS kernel."""
    out = tmp_path_factory.mktemp("trajectories") / "recomputed.npz"
    env = {**os.environ, "OPENBLAS_CORETYPE": REFERENCE_KERNEL, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(out)], cwd=ROOT, env=env, check=True, timeout=300
    )
    with np.load(out) as data:
        return _by_case({key: data[key] for key in data.files})


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
    reference, on_reference_kernel, name, registry_name, hyper, fn_name
):
    expected = reference[name]
    got = on_reference_kernel[name]
    assert sorted(got) == sorted(expected), name
    for key, want in expected.items():
        have = got[key]
        assert have.dtype == want.dtype and have.shape == want.shape, (name, key)
        if have.dtype.kind == "f":
            assert np.array_equal(have, want, equal_nan=True), (name, key)
        else:
            assert np.array_equal(have, want), (name, key)
        assert have.tobytes() == want.tobytes(), (name, key)  # bitwise: NaN bits, signed zeros


@pytest.mark.parametrize(
    ("name", "registry_name", "hyper", "fn_name"), [pytest.param(*c, id=c[0]) for c in cases()]
)
def test_trajectory_on_this_machines_kernel_differs_only_in_the_last_bits(
    reference, name, registry_name, hyper, fn_name
):
    expected = reference[name]
    got = trajectory(registry_name, hyper, fn_name)
    assert sorted(got) == sorted(expected), name
    for key, want in expected.items():
        have = got[key]
        assert have.dtype == want.dtype and have.shape == want.shape, (name, key)
        if have.dtype.kind == "f":
            assert np.array_equal(np.isnan(have), np.isnan(want)), (name, key)
            np.testing.assert_allclose(have, want, rtol=1e-9, atol=1e-12, equal_nan=True)
        else:
            assert np.array_equal(have, want), (name, key)
