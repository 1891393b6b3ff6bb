"""The work an optimizer did, in full evaluations: what ``landscape compare`` counts.

A run evaluates more than its method needs: every step records f(x_{k+1}) and ∇f(x_{k+1}) for
the trajectory (the picture, the loss curve). The work counts only what the update uses:

* f — every f evaluation of a method that uses f (line searches, trust regions); none for
  methods whose update never reads f (``Optimizer.uses_f`` False: gd, sgd, momentum,
  nesterov, adagrad, rmsprop, adam, adamw), where f is bookkeeping;
* ∇f — every full gradient, except for a step on mini-batches: a mini-batch gradient of b
  rows out of m counts b/m, and that step's full ∇f (recorded only) counts nothing. A
  "batch" of all m rows is the full gradient, counted once, as 1;
* ∇²f — every Hessian.

So one step of gd is 1 (∇f), one step of sgd with batch b is b/m, one step of bfgs is its
line-search f's plus ∇f's. The run's own checks (kink test, classifying the end point) are
not in ``counts`` at all (see :mod:`landscape.optim.endings`).
"""

from __future__ import annotations

from landscape.objective import EvalCounts
from landscape.optim.extras import BATCH


def start_work(optimizer, first_step_extras: dict | None) -> float:
    """f(x0) and ∇f(x0), as the first step uses them (``None``: no step was taken)."""
    f_work = 1.0 if optimizer.uses_f else 0.0
    on_batches = first_step_extras is not None and BATCH in first_step_extras
    return f_work + (0.0 if on_batches else 1.0)


def step_work(optimizer, extras: dict, delta: EvalCounts, n_samples: int) -> float:
    """The work of one step whose evaluations were ``delta`` (counts after − before)."""
    f_work = float(delta.nfev) if optimizer.uses_f else 0.0
    batch = extras.get(BATCH)
    if batch is not None and n_samples > 0:
        g_work = len(batch) / n_samples
    else:
        g_work = float(delta.ngev)
    return f_work + g_work + float(delta.nhev)
