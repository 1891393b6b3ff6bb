"""The contract of :attr:`StepInfo.extras <landscape.optim.base.StepInfo>`: every key an
optimizer may put there, its shape, what it means and who emits it.

``n`` is the number of parameters. Kinds of value:

* ``vector``: float array ``(n,)``; ``matrix``: float array ``(n, n)``;
* ``indices``: int array ``(b,)`` of training rows (sorted, distinct);
* ``scalar``: a float (NaN allowed where the meaning says so); ``count``: an int;
  ``flag``: a bool; ``label``: a str from ``choices``;
* ``trials``: a list of ``(alpha, x (n,), f)`` points a line search or trust region tried.

Readers (the app's arrows, the projection of a model's steps onto its view, the work count)
name keys through the constants below, never by a string of their own; ``drawn`` marks the
keys the app draws on the map. ``tests/landscape/optim/test_extras_contract.py`` runs every
registered optimizer and checks that it emits only these keys, with these kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

KINDS = ("vector", "matrix", "indices", "scalar", "count", "flag", "label", "trials")


@dataclass(frozen=True)
class ExtraKey:
    """One key of ``StepInfo.extras``: ``kind`` (one of :data:`KINDS`), ``meaning``, the
    registry names of the optimizers that emit it, ``choices`` of a label, ``drawn`` when the
    app draws it on the map (as an arrow from x_k, or the trial points)."""

    name: str
    kind: str
    meaning: str
    emitted_by: tuple[str, ...]
    choices: tuple[str, ...] = ()
    drawn: bool = False


VELOCITY = "velocity"
NEWTON_STEP = "newton_step"
TRIALS = "trials"
BATCH = "batch"

_KEYS = (
    ExtraKey(
        VELOCITY,
        "vector",
        "momentum buffer v_{k+1} (momentum, Nesterov) or Adam's first moment m_{k+1}",
        ("momentum", "nesterov", "adam", "adamw"),
        drawn=True,
    ),
    ExtraKey("v", "vector", "running mean of g² (second moment)", ("rmsprop", "adam", "adamw")),
    ExtraKey("v_max", "vector", "AMSGrad: running maximum of v", ("adam", "adamw")),
    ExtraKey("accumulator", "vector", "AdaGrad: the sum of g² so far", ("adagrad",)),
    ExtraKey(
        "denominator",
        "vector",
        "the per-coordinate divisor of the step (√(·) + ε)",
        ("adagrad", "rmsprop", "adam", "adamw"),
    ),
    ExtraKey("stochastic_grad", "vector", "the noisy or mini-batch gradient used", ("sgd",)),
    ExtraKey(BATCH, "indices", "the training rows of the mini-batch", ("sgd",)),
    ExtraKey("noise", "vector", "the Gaussian noise added to ∇f (f without data)", ("sgd",)),
    ExtraKey(NEWTON_STEP, "vector", "the step p_k taken from x_k", ("newton",), drawn=True),
    ExtraKey(
        "safeguard",
        "label",
        "how ∇²f was made safe this step",
        ("newton",),
        ("none", "trust_region", "eigenvalue_modification", "levenberg", "steepest_descent"),
    ),
    ExtraKey(
        "eigenvalues", "vector", "eigenvalues of ∇²f(x_k), ascending (NaN: none)", ("newton",)
    ),
    ExtraKey("radius", "scalar", "trust region: the radius Δ the step was taken in", ("newton",)),
    ExtraKey("multiplier", "scalar", "trust region: the Lagrange multiplier λ", ("newton",)),
    ExtraKey("ratio", "scalar", "trust region: actual / predicted decrease ρ", ("newton",)),
    ExtraKey("step_capped", "flag", "modification safeguards: the step was shortened", ("newton",)),
    ExtraKey(
        TRIALS,
        "trials",
        "(α or Δ, x, f) of every point tried before acceptance, the accepted one last",
        ("newton", "cg", "bfgs", "lbfgs"),
        drawn=True,
    ),
    ExtraKey(
        "line_search",
        "label",
        "which condition the accepted step met",
        ("cg", "bfgs", "lbfgs"),
        ("strong_wolfe", "armijo_only"),
    ),
    ExtraKey("beta", "scalar", "CG: the conjugacy coefficient β_k", ("cg",)),
    ExtraKey(
        "restart",
        "label",
        "CG: why the direction restarted as −∇f ('' when it did not)",
        ("cg",),
        ("", "start", "periodic", "powell", "breakdown", "not_descent"),
    ),
    ExtraKey("H", "matrix", "BFGS: the inverse-Hessian estimate used for p_k", ("bfgs",)),
    ExtraKey("H_new", "matrix", "BFGS: the estimate after this step's update", ("bfgs",)),
    ExtraKey(
        "update",
        "label",
        "the quasi-Newton update made",
        ("bfgs", "lbfgs"),
        ("bfgs", "lbfgs", "skipped"),
    ),
    ExtraKey(
        "reset",
        "label",
        "why the direction fell back to −∇f ('' when it did not)",
        ("bfgs", "lbfgs"),
        ("", "not_descent"),
    ),
    ExtraKey("memory", "count", "L-BFGS: the (s, y) pairs used for p_k", ("lbfgs",)),
)

#: every key by name
EXTRAS: dict[str, ExtraKey] = {key.name: key for key in _KEYS}
#: the vector keys the app draws as arrows from x_k
DRAWN_VECTORS: tuple[str, ...] = tuple(k.name for k in _KEYS if k.drawn and k.kind == "vector")


def problems(extras: Mapping[str, Any], n: int, optimizer: str = "") -> list[str]:
    """What in ``extras`` breaks the contract for a point of ``n`` parameters (empty: none);
    with ``optimizer`` also a key that optimizer is not documented to emit."""
    out = []
    for name, value in extras.items():
        key = EXTRAS.get(name)
        if key is None:
            out.append(f"{name}: not a documented key")
            continue
        if optimizer and optimizer not in key.emitted_by:
            out.append(f"{name}: not documented for {optimizer}")
        wrong = _wrong_value(key, value, n)
        if wrong:
            out.append(f"{name}: {wrong}")
    return out


def _wrong_value(key: ExtraKey, value: Any, n: int) -> str:
    kind = key.kind
    if kind in ("vector", "matrix", "indices"):
        if not isinstance(value, np.ndarray):
            return f"expected an array, got {type(value).__name__}"
        shape = {"vector": (n,), "matrix": (n, n)}.get(kind)
        if shape is not None:
            ok = value.shape == shape and np.issubdtype(value.dtype, np.floating)
            return "" if ok else f"expected float {shape}, got {value.dtype} {value.shape}"
        ok = value.ndim == 1 and np.issubdtype(value.dtype, np.integer)
        return "" if ok else f"expected int (b,), got {value.dtype} {value.shape}"
    if kind == "scalar":
        ok = isinstance(value, (float, np.floating)) and not isinstance(value, bool)
        return "" if ok else f"expected a float, got {type(value).__name__}"
    if kind == "count":
        ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
        return "" if ok else f"expected an int, got {type(value).__name__}"
    if kind == "flag":
        return "" if isinstance(value, (bool, np.bool_)) else "expected a bool"
    if kind == "label":
        if not isinstance(value, str):
            return f"expected a str, got {type(value).__name__}"
        return "" if not key.choices or value in key.choices else f"{value!r} not in choices"
    return _wrong_trials(value, n)


def _wrong_trials(value: Any, n: int) -> str:
    if not isinstance(value, list):
        return f"expected a list of (alpha, x, f), got {type(value).__name__}"
    for trial in value:
        if not (isinstance(trial, tuple) and len(trial) == 3):
            return "expected (alpha, x, f) tuples"
        alpha, x, f = trial
        if np.shape(x) != (n,) or not np.isscalar(alpha) or not np.isscalar(f):
            return f"expected (float, (n,), float), got x of shape {np.shape(x)}"
    return ""
