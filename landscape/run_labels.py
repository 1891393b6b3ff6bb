"""Names that tell runs apart: "GD (lr 0.1)", "Adam (lr 0.05, β1 0.8)".

Rules, for the runs on screen taken together (``run_labels``):

1. Each run is its optimizer's short name, followed by its learning rate when it has one
   ("GD (lr 0.1)"; Newton, CG, BFGS and L-BFGS have none: "BFGS").
2. When two or more runs share an optimizer, every hyperparameter whose value differs among
   them is added, in the optimizer's own order ("Adam (lr 0.05, β1 0.8)").
3. Runs that are still named alike (the same optimizer with the same values) are numbered in
   the order given: "GD (lr 0.1)", "GD (lr 0.1) #2".

Values are the run's own over the optimizer's defaults, so ``{}`` and the defaults name alike.
An unknown optimizer keeps its own name. Qt-free, so the app and the exports name runs alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: optimizer -> the short name a legend shows
SHORT_NAMES = {
    "gd": "GD",
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSProp",
    "adam": "Adam",
    "adamw": "AdamW",
    "newton": "Newton",
    "cg": "CG",
    "bfgs": "BFGS",
    "lbfgs": "L-BFGS",
}
#: hyperparameter -> how a label spells it (others keep their name)
PARAM_NAMES = {"beta": "β", "beta1": "β1", "beta2": "β2", "rho": "ρ", "eps": "ε", "eta": "η"}
#: shown in every label of an optimizer that has it
HEADLINE = ("lr",)


def value_text(value: Any) -> str:
    """A short spelling of one value: ``0.1``, ``1e-08``, ``on``/``off``, ``more_thuente``."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _values(name: str, hyper: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The optimizer's parameter names in order, and the run's values over its defaults."""
    from landscape.optim.registry import REGISTRY

    spec = REGISTRY.get(name)
    if spec is None:
        return list(hyper), dict(hyper)
    order = [p.name for p in spec.params]
    values = spec.defaults()
    values.update({k: v for k, v in hyper.items() if k in values})
    return order, values


def _part(param: str, value: Any) -> str:
    return f"{PARAM_NAMES.get(param, param)} {value_text(value)}"


def run_labels(runs: Sequence[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """One distinct label per ``(optimizer, hyperparameters)`` in ``runs`` (same order)."""
    resolved = [_values(name, hyper) for name, hyper in runs]
    groups: dict[str, list[int]] = {}
    for i, (name, _) in enumerate(runs):
        groups.setdefault(name, []).append(i)
    labels: list[str] = []
    for i, (name, _) in enumerate(runs):
        order, values = resolved[i]
        shown = [p for p in HEADLINE if p in values]
        members = groups[name]
        if len(members) > 1:
            differing = [
                p
                for p in order
                if p not in shown and len({repr(resolved[j][1].get(p)) for j in members}) > 1
            ]
            shown += differing
        parts = ", ".join(_part(p, values[p]) for p in shown)
        short = SHORT_NAMES.get(name, name)
        labels.append(f"{short} ({parts})" if parts else short)
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label} #{seen[label]}"
    return labels
