"""The reference trajectories of the scheduled optimizers (GD, SGD, momentum, Nesterov, AdaGrad,
RMSProp, Adam, AdamW): a table of cases and the generator of ``trajectories.npz``.

The fixture was written by this script with the step code as it stood before the optimizers
shared one scheduled base (commit "Fixture: reference trajectories ..."); ``test_trajectory_
fixture.py`` recomputes every case and asks for bitwise equality, so a refactoring of the step
code that changes one bit of one array (NaN positions included) fails. Regenerate only when an
update rule is changed on purpose, and say so in the commit::

    PYTHONPATH=$PWD python -m tests.landscape.optim.make_trajectory_fixture

A case is (optimizer configuration) × (objective) × (schedule). Each runs ``STEPS`` bare
``opt.step`` calls from its start (no run loop, so no stopping rule cuts it short; a case that
diverges keeps stepping on inf/NaN, which pins where the NaNs appear). Stored per case, with
arrays stacked over the steps (first axis = step k): ``k`` (N,), ``x`` and ``x_new`` (N, n),
``f`` and ``f_new`` (N,), ``grad``, ``grad_new`` and ``direction`` (N, n), ``step_size`` (N,),
and every extras array under ``extra.<key>``; ``extras_keys`` lists the keys, which are the
same at every step of a case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from landscape.models.data import make_blobs
from landscape.models.logistic import LogisticRegression
from landscape.optim import make_optimizer

from ._problems import LineData, problem, quadratic

FIXTURE = Path(__file__).with_name("trajectories.npz")
STEPS = 30
SEED = 7

#: name -> (registry name, hyperparameters other than the schedule and, per objective, lr)
OPTIMIZERS: dict[str, tuple[str, dict[str, Any]]] = {
    "gd": ("gd", {}),
    "sgd": ("sgd", {"batch_size": 8}),
    "momentum": ("momentum", {"beta": 0.9}),
    "nesterov": ("nesterov", {"beta": 0.9}),
    "adagrad": ("adagrad", {}),
    "rmsprop": ("rmsprop", {}),
    "adam": ("adam", {}),
    "adam-amsgrad": ("adam", {"amsgrad": True}),
    "adam-uncorrected": ("adam", {"bias_correction": False}),
    "adamw": ("adamw", {"weight_decay": 0.1}),
    "adamw-amsgrad": ("adamw", {"amsgrad": True, "weight_decay": 0.01}),
}

#: learning rates per objective for the first-order methods (the adaptive ones keep their
#: defaults)
FIRST_ORDER_LR = {"rosenbrock": 1e-3, "ill_quadratic": 0.015, "logistic": 0.5, "line": 0.3}

SCHEDULES: dict[str, dict[str, Any]] = {
    "constant": {"schedule": "constant"},
    "cosine": {"schedule": "cosine", "decay_rate": 0.1, "decay_steps": 15},
}
STEP_SCHEDULE = {"schedule": "step", "decay_rate": 0.5, "decay_steps": 7}


def _ill_quadratic():
    """½xᵀAx − bᵀx with eigenvalues 1 and 100 along rotated axes (condition number 100)."""
    c, s = np.cos(0.4), np.sin(0.4)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([1.0, 100.0]) @ R.T
    return quadratic(A, [1.0, -2.0]), np.array([2.0, 1.5])


def _logistic():
    """Logistic regression (w1, w2, b) on 60 seeded blobs: a model objective, mini-batches."""
    data = make_blobs(60, distance=2.0, seed=1)
    return LogisticRegression(data, l2=0.01, intercept=True), np.array([0.5, -0.5, 0.2])


def objectives() -> dict[str, tuple[Any, np.ndarray]]:
    """name -> (objective, start); built afresh on each call (objectives count evaluations)."""
    _, rosen, start = problem("rosenbrock")
    return {
        "rosenbrock": (rosen, start),
        "ill_quadratic": _ill_quadratic(),
        "logistic": _logistic(),
        "line": (LineData(n_samples=40), np.array([0.0, 0.0])),
    }


def cases() -> list[tuple[str, str, dict[str, Any], str]]:
    """``(case name, registry name, hyperparameters, objective name)`` for every case."""
    out = []
    for opt_name, (registry_name, hyper) in OPTIMIZERS.items():
        for fn_name in ("rosenbrock", "ill_quadratic", "logistic", "line"):
            for sched_name, sched in SCHEDULES.items():
                values = {**hyper, **sched}
                if registry_name in ("gd", "sgd", "momentum", "nesterov"):
                    values["lr"] = FIRST_ORDER_LR[fn_name]
                out.append((f"{opt_name}.{fn_name}.{sched_name}", registry_name, values, fn_name))
    # a rate that diverges on purpose (inf, then NaN in the arrays), and the step schedule
    out.append(("gd-big.rosenbrock.constant", "gd", {"lr": 0.05}, "rosenbrock"))
    out.append(("gd.ill_quadratic.step", "gd", {"lr": 0.015, **STEP_SCHEDULE}, "ill_quadratic"))
    out.append(("adam.logistic.step", "adam", dict(STEP_SCHEDULE), "logistic"))
    return out


def trajectory(registry_name: str, hyper: dict[str, Any], fn_name: str) -> dict[str, np.ndarray]:
    """The stacked arrays of one case (see the module docstring)."""
    objective, x0 = objectives()[fn_name]
    opt = make_optimizer(registry_name, **hyper)
    x, state = np.array(x0, dtype=float), opt.init(x0, seed=SEED)
    infos = []
    with np.errstate(all="ignore"):
        for _ in range(STEPS):
            x, state, info = opt.step(x, state, objective)
            infos.append(info)
    keys = sorted(infos[0].extras)
    if any(sorted(info.extras) != keys for info in infos):
        raise AssertionError(f"extras keys change along the run: {keys}")
    out = {
        name: np.array([getattr(info, name) for info in infos])
        for name in ("k", "x", "x_new", "f", "f_new", "grad", "grad_new", "direction")
    }
    out["step_size"] = np.array([info.step_size for info in infos])
    for key in keys:
        out[f"extra.{key}"] = np.array([info.extras[key] for info in infos])
    out["extras_keys"] = np.array(keys, dtype=str)
    return out


def build() -> dict[str, np.ndarray]:
    """Every case's arrays, keyed ``"<case>|<array>"``."""
    arrays: dict[str, np.ndarray] = {}
    for name, registry_name, hyper, fn_name in cases():
        for key, value in trajectory(registry_name, hyper, fn_name).items():
            arrays[f"{name}|{key}"] = value
    return arrays


def main() -> None:
    arrays = build()
    np.savez_compressed(FIXTURE, **arrays)
    print(f"{FIXTURE}: {len(cases())} cases, {len(arrays)} arrays")


if __name__ == "__main__":
    main()
