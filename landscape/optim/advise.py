"""What to try when a run did not converge, checked by running it.

``advise(trajectory, objective)`` looks at a run that ended ``max_steps``, ``diverged`` or
``undefined`` and tries a few changes from the same start (at most ``max_trials`` runs, each no
longer than the original run, except the "more steps" trial, MORE_STEPS_FACTOR times longer and
at most MAX_TRIAL_STEPS). It says only what a trial showed::

    did not converge in 500 steps; lr 0.1 would (converged in 212 steps)
    diverged at step 3; lr 0.0025 would (converged in 940 steps)
    did not converge in 500 steps; closest: lr 0.02 (f = 0.013 after 500 steps); none of the
    2 trials converged

Candidates, in order (each only when it differs from what the run used):

* a run that diverged or stepped where f is undefined: the suggested lr
  (:mod:`landscape.optim.suggest`, with its step count when that is longer), then lr/10 and
  lr/100;
* a run that stopped at max_steps: the suggested settings (with the suggested step count when
  longer), lr × 2, lr × 4, and the same settings with more steps.

Optimizers without a learning rate (newton, cg, bfgs, lbfgs) get the "more steps" trial only.
Among converged trials the one with the fewest steps is advised. Trial runs use a shallow copy
of the objective, so its evaluation counters are not touched.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

from landscape.optim.registry import get_spec
from landscape.optim.run import DEFAULT_BOUND, run
from landscape.optim.suggest import suggest

FAILED = ("max_steps", "diverged", "undefined")
MORE_STEPS_FACTOR = 4
MAX_TRIAL_STEPS = 20_000
MAX_TRIALS = 4


@dataclass(frozen=True)
class Trial:
    """One trial run: the ``change`` to the run's hyperparameters (``((name, value), ...)``),
    its ``max_steps``, and how it ended (``status``, ``steps``, ``f_final``)."""

    label: str
    change: tuple[tuple[str, Any], ...]
    max_steps: int
    status: str
    steps: int
    f_final: float | None

    @property
    def converged(self) -> bool:
        return self.status == "converged"


@dataclass(frozen=True)
class Advice:
    """``message`` (one line), ``trials`` tried, and ``best`` — the converged trial to advise
    (None when no trial converged: then the message says so)."""

    message: str
    trials: tuple[Trial, ...]
    best: Trial | None

    @property
    def verified(self) -> bool:
        return self.best is not None


def _what_happened(trajectory, max_steps: int) -> str:
    if trajectory.status == "max_steps":
        return f"did not converge in {max_steps} steps"
    if trajectory.status == "diverged":
        return f"diverged after {trajectory.n_steps} steps"
    return f"stepped where f is undefined after {trajectory.n_steps} steps"


def _num(value: float) -> str:
    return f"{value:.3g}"


def _candidates(trajectory, objective, max_steps: int, domain) -> list[tuple[str, dict, int]]:
    """``(label, hyper change, max_steps)`` to try, in order (see the module docstring)."""
    spec = get_spec(trajectory.optimizer)
    hyper = dict(trajectory.hyperparameters)
    has_lr = "lr" in {p.name for p in spec.params}
    out: list[tuple[str, dict, int]] = []
    if has_lr:
        lr = float(hyper["lr"])
        s = suggest(spec.name, objective, trajectory.x0, domain=domain)
        suggested = {k: v for k, v in s.values.items() if hyper.get(k) != v}
        steps = min(max(max_steps, s.max_steps), MAX_TRIAL_STEPS)
        more = f" and {steps} steps" if steps > max_steps else ""
        if trajectory.status == "max_steps":
            if suggested:
                out.append((_label(suggested) + more, suggested, steps))
            out += [(f"lr {_num(lr * m)}", {"lr": lr * m}, max_steps) for m in (2.0, 4.0)]
        else:
            s_lr = s.values.get("lr")
            if s_lr is not None and s_lr < lr * 0.99:
                out.append((f"lr {_num(s_lr)}{more}", {"lr": s_lr}, steps))
            out += [(f"lr {_num(lr / m)}", {"lr": lr / m}, max_steps) for m in (10.0, 100.0)]
    if trajectory.status == "max_steps":
        longer = min(max_steps * MORE_STEPS_FACTOR, MAX_TRIAL_STEPS)
        if longer > max_steps:
            out.append((f"{longer} steps", {}, longer))
    return out


def _label(change: dict) -> str:
    """``lr 0.2, cosine schedule`` for the values people recognise; others by name."""
    parts = []
    for key, value in change.items():
        if key == "schedule":
            parts.append(f"{value} schedule")
        elif key in ("decay_rate", "decay_steps"):
            continue
        elif isinstance(value, float):
            parts.append(f"{key} {_num(value)}")
        else:
            parts.append(f"{key} {value}")
    return ", ".join(parts) or "the suggested settings"


def _trial(trajectory, objective, label, change, steps, bound) -> Trial:
    from landscape.optim.registry import make_optimizer

    hyper = {**trajectory.hyperparameters, **change}
    own = copy.copy(objective)
    own.reset_counts()
    t = run(
        make_optimizer(trajectory.optimizer, **hyper),
        own,
        trajectory.x0,
        max_steps=steps,
        bound=bound,
        seed=trajectory.seed,
        keep_steps=False,
    )
    return Trial(label, tuple(change.items()), steps, t.status, t.n_steps, t.f_final)


def advise(
    trajectory,
    objective,
    *,
    max_steps: int | None = None,
    domain=None,
    bound: float | None = None,
    max_trials: int = MAX_TRIALS,
) -> Advice | None:
    """Advice for a run that ended max_steps, diverged or undefined (None for any other
    status). ``max_steps`` is the run's step limit (default: its step count), ``bound`` the
    run's bound (default DEFAULT_BOUND), ``domain`` the region for the suggestion."""
    if trajectory.status not in FAILED:
        return None
    limit = int(max_steps) if max_steps is not None else max(trajectory.n_steps, 1)
    bound = DEFAULT_BOUND if bound is None else bound
    happened = _what_happened(trajectory, limit)
    todo = _candidates(trajectory, objective, limit, domain)[: max(0, int(max_trials))]
    trials = tuple(
        _trial(trajectory, objective, label, change, steps, bound) for label, change, steps in todo
    )
    converged = [t for t in trials if t.converged]
    if converged:
        best = min(converged, key=lambda t: t.steps)
        return Advice(
            f"{happened}; {best.label} would (converged in {_steps(best.steps)})", trials, best
        )
    if not trials:
        return Advice(
            f"{happened}; {trajectory.optimizer} has no setting to try{_fall_text(trajectory)}",
            trials,
            None,
        )
    return Advice(f"{happened}; {_best_text(trials)}", trials, None)


def _best_text(trials) -> str:
    """``closest: lr 0.02 (f = 0.013 after 500 steps); none of the 3 trials converged``: the
    trial that got f lowest first (what a person can try), then that none converged."""
    tried = (
        f"none of the {len(trials)} trials converged" if len(trials) > 1 else "it did not converge"
    )
    finite = [
        t
        for t in trials
        if t.f_final is not None and math.isfinite(t.f_final) and t.status != "diverged"
    ]
    if not finite:
        return f"tried {', '.join(t.label for t in trials)}: none converged"
    best = min(finite, key=lambda t: t.f_final)
    return f"closest: {best.label} (f = {best.f_final:.3g} after {_steps(best.steps)}); {tried}"


def _steps(k: int) -> str:
    return f"{k} step" if k == 1 else f"{k} steps"


def _fall_text(trajectory) -> str:
    """`` (f fell from 3.24 to -1e+12)`` when the recorded f fell by orders of magnitude."""
    fs = trajectory.fs
    if len(fs) < 2 or not fs[-1] < fs[0] - 1e3 * max(1.0, abs(fs[0])):
        return ""
    return f" (f fell from {fs[0]:.3g} to {fs[-1]:.3g}: it may be unbounded below)"
