"""What a derivative is at a kink: the one convention for formulas and models alike.

``abs``, ``relu``, ``max``, ``min``, ``sign`` and ``floor`` are differentiable except on a set
of measure zero (their kinks and jumps). Everywhere else their derivatives are the ones people
are taught; *at* a kink a value has to be chosen, and this module chooses it:

* ``sign(0) = 0``, so ``|t|' = sign(t)`` is 0 at ``t = 0`` (numpy, PyTorch and JAX agree);
* ``relu'(0) = 0`` (PyTorch's and JAX's ``relu``); the neural net uses the same slope;
* ``max``/``min``: the derivative follows the larger (smaller) argument. At a tie between two
  arguments that vary, each gets :data:`TIE_SHARE` = ½ (PyTorch's ``maximum``, JAX's
  ``maximum``); at a tie with a constant, ``max(t, c)`` at ``t = c``, the slope is
  :data:`RELU_SLOPE_AT_ZERO` = 0, so ``max(0, t)`` is ``relu(t)`` in every respect;
* ``sign' = floor' = 0`` everywhere, the jumps included;
* second derivatives at a kink are 0: the Dirac deltas of the distributional derivative are
  dropped, so ∇²f is the almost-everywhere Hessian.

:mod:`landscape.realdiff` applies these rules to formulas; :mod:`landscape.models.mlp` uses
:func:`relu_slope`. :func:`describe` is the sentence shown beside formulas.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

#: the key of the sentence on kinks (:func:`describe`) among the formulas, shown without "="
NOTE = "note"

#: sign(0): the slope of |t| at t = 0.
SIGN_AT_ZERO = 0.0
#: relu'(0), and the slope of max(t, c) / min(t, c) where t = c.
RELU_SLOPE_AT_ZERO = 0.0
#: The share of the derivative each argument of max/min gets at a tie between varying ones.
TIE_SHARE = 0.5

_EXTREMES = (
    "max (min) follows its larger (smaller) argument: at a tie each tied argument gets "
    "½, and against a constant (max(t, c) at t = c) the slope is 0"
)
#: One clause per non-smooth function, in the order of the help's function table.
RULES: dict[str, str] = {
    "abs": "|t|' = sign(t), taken as 0 at t = 0",
    "relu": "relu'(t) = 1 for t > 0 and 0 for t ≤ 0 (relu'(0) = 0, as in PyTorch and the "
    "neural net)",
    "max": _EXTREMES,
    "min": _EXTREMES,
    "sign": "sign' = 0 (and sign(0) = 0)",
    "floor": "floor' = 0, also at the jumps",
}
NONSMOOTH_FUNCTIONS = tuple(RULES)
SECOND_DERIVATIVES = "second derivatives at a kink are 0 (∇²f is the almost-everywhere Hessian)"


def describe(names: Iterable[str]) -> str:
    """The convention for the non-smooth functions ``names`` as one sentence ('' if none).

    ``describe(("abs", "relu"))`` → ``"Derivatives here are the almost-everywhere ones: |t|' =
    sign(t), taken as 0 at t = 0; relu'(t) = …; second derivatives at a kink are 0 (…)."``
    """
    wanted = set(names)
    clauses = list(dict.fromkeys(RULES[name] for name in NONSMOOTH_FUNCTIONS if name in wanted))
    if not clauses:
        return ""
    return (
        "Derivatives here are the almost-everywhere ones: "
        + "; ".join([*clauses, SECOND_DERIVATIVES])
        + "."
    )


def relu_slope(z: np.ndarray) -> np.ndarray:
    """relu'(z) elementwise, same shape as ``z``: 1 where z > 0, 0 where z < 0,
    :data:`RELU_SLOPE_AT_ZERO` where z = 0 (the formulas' ``Heaviside(t, 0)``)."""
    return np.heaviside(z, RELU_SLOPE_AT_ZERO)
