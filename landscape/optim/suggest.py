"""Hyperparameters suggested from the function at the start point, for every optimizer.

``suggest("gd", objective, x0)`` returns a :class:`Suggestion`: the values, one short reason per
value ("lr = 1/L = 0.0025: λmax of ∇²f at the start is 402") and a step count that lets the
method finish. :func:`hyper_for` merges them under the values a person set (theirs win), for
the CLI and the app. Everything rests on one :func:`~landscape.optim.probe.probe_start` (L, the
curvature; μ; D, the distance to travel; see that module for how each is measured).

The rules (n the dimension; ``span`` the probe's estimate of ‖x* − x₀‖∞, the largest
distance a coordinate has to travel):

========================  ===========================================================
gd                        η = 2/(L+μ) when f is quadratic (the fastest constant rate),
                          else η = 1/L (a descent step wherever L bounds ∇²f)
sgd                       η as gd; noise σ = ‖∇f(x₀)‖/(10√n) on formulas (the descent
                          shows through); cosine decay to 1 % so the noise averages out
momentum                  η = (1+β)/L, half the stable limit 2(1+β)/L of heavy ball
nesterov                  η = (1+β)/((1+2β)L), half the stable limit 2(1+β)/((1+2β)L)
adagrad                   η = span/3: steps move each coordinate by about η, then
                          shrink like 1/√k
rmsprop                   η = √(1−ρ)·span/10: the first step moves each coordinate by
                          η/√(1−ρ) = span/10; cosine decay to 0.1 %
adam, adamw               η = span/10 (×√(1−β₂)/(1−β₁) without bias correction): the
                          first step moves each coordinate by span/10; cosine decay to
                          1 %; adamw on a formula: λ = 0.001 (its pull towards 0 moves
                          the minimum)
newton, cg, bfgs, lbfgs   nothing but a step cap: they choose their own step lengths
========================  ===========================================================

Step counts: on a quadratic or convex region the linear rate ρ is known (gd: (κ−1)/(κ+1) at
2/(L+μ), 1 − μ/L at 1/L; momentum methods: the spectral radius of their iteration on λ = μ
and λ = L), and ``max_steps`` = STEP_MARGIN × ln(‖∇f(x₀)‖/gtol)/(−ln ρ), rounded up to two
significant digits, within [MIN_STEPS, MAX_STEPS]; elsewhere FALLBACK_STEPS. Adaptive
methods get ADAPTIVE_STEPS with their schedule spread over them; newton NEWTON_STEPS; cg,
bfgs, lbfgs LINE_SEARCH_STEPS. When ``max_steps`` is given it is kept, and the schedules are
spread over it.

Where f or ∇f is not finite at x₀ nothing is suggested (the defaults stay, and the reason
says so).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landscape.optim.probe import StartProbe, _g, probe_start
from landscape.optim.registry import REGISTRY, OptimizerSpec, get_spec
from landscape.optim.run import DEFAULT_MAX_STEPS

STEP_MARGIN = 1.5
MIN_STEPS, MAX_STEPS = 20, 10_000
FALLBACK_STEPS = 2000
ADAPTIVE_STEPS = 1000
NEWTON_STEPS = 200
LINE_SEARCH_STEPS = 500
#: AdamW's decoupled decay on a formula objective (its default 0.01 is for data models).
FORMULA_WEIGHT_DECAY = 1e-3


@dataclass(frozen=True)
class Suggested:
    """One suggested hyperparameter: its ``name``, ``value`` and a one-line ``reason``."""

    name: str
    value: Any
    reason: str


@dataclass(frozen=True)
class Suggestion:
    """The suggestion for one optimizer.

    ``items`` are the suggested hyperparameters (computed with the ``given`` values of the
    others, e.g. momentum's η for a given β); ``given`` the values a person set, which
    :meth:`hyper` puts over the suggestion; ``max_steps`` with ``max_steps_reason``.
    """

    optimizer: str
    items: tuple[Suggested, ...]
    max_steps: int
    max_steps_reason: str
    given: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def values(self) -> dict[str, Any]:
        """The suggested hyperparameters ``{name: value}`` (given ones not applied)."""
        return {item.name: item.value for item in self.items}

    @property
    def reasons(self) -> dict[str, str]:
        """``{name: reason}`` for each suggested hyperparameter and for ``max_steps``."""
        out = {item.name: item.reason for item in self.items}
        out["max_steps"] = self.max_steps_reason
        return out

    def hyper(self) -> dict[str, Any]:
        """Hyperparameters for ``make_optimizer``: the suggestion with the given values over it."""
        return {**self.values, **dict(self.given)}

    def lines(self) -> list[str]:
        """Human lines, ``"lr = 0.0025: …"``, one per value and one for max_steps."""
        out = [item.reason for item in self.items]
        out.append(self.max_steps_reason)
        return out


@dataclass(frozen=True)
class _Context:
    probe: StartProbe
    spec: OptimizerSpec
    given: dict
    max_steps: int | None
    gtol: float
    data: bool

    def value(self, name: str) -> Any:
        """The given value of ``name`` (coerced) or the registry default."""
        spec = self.spec.param(name)
        return spec.coerce(self.given[name]) if name in self.given else spec.default


# -- step counts -----------------------------------------------------------------------------
def _round_up(value: float) -> int:
    """Up to two significant digits, within [MIN_STEPS, MAX_STEPS]."""
    value = min(max(value, MIN_STEPS), MAX_STEPS)
    digits = 10 ** max(0, int(math.floor(math.log10(value))) - 1)
    return int(min(MAX_STEPS, math.ceil(value / digits) * digits))


def _steps_at_rate(ctx: _Context, rho: float, what: str) -> tuple[int, str]:
    """max_steps for a linear rate ρ (0 ≤ ρ < 1), or the fallback when ρ is unknown."""
    probe = ctx.probe
    if not (0.0 <= rho < 1.0) or not (probe.grad_norm > 0 and math.isfinite(probe.grad_norm)):
        return _fallback_steps(ctx)
    gtol = max(ctx.gtol, 1e-12 * probe.grad_norm)
    ratio = max(probe.grad_norm / gtol, 1.0)
    need = math.log(ratio) / -math.log(max(rho, 1e-300)) if rho > 0 else 1.0
    steps = _round_up(STEP_MARGIN * need)
    return steps, (
        f"max_steps = {steps}: about {math.ceil(need)} steps take ‖∇f‖ from "
        f"{_g(probe.grad_norm)} to gtol {_g(gtol)} at rate {rho:.4f} per step "
        f"({what})"
    )


def _fallback_steps(ctx: _Context) -> tuple[int, str]:
    return FALLBACK_STEPS, (
        f"max_steps = {FALLBACK_STEPS}: f is not convex here, so no rate "
        "is known; enough for most runs to settle"
    )


def _given_steps(ctx: _Context, default: tuple[int, str]) -> tuple[int, str]:
    if ctx.max_steps is not None:
        return ctx.max_steps, f"max_steps = {ctx.max_steps}: given"
    return default


def _momentum_rate(h_values: Iterable[float], beta: float, nesterov: bool) -> float:
    """Spectral radius of heavy-ball (z² − (1+β−h)z + β) or Nesterov (z² − (1+β)(1−h)z +
    β(1−h)) on a quadratic, maximised over h = ηλ at the given values."""
    worst = 0.0
    for h in h_values:
        if nesterov:
            coeffs = [1.0, -(1 + beta) * (1 - h), beta * (1 - h)]
        else:
            coeffs = [1.0, -(1 + beta - h), beta]
        worst = max(worst, float(np.max(np.abs(np.roots(coeffs)))))
    return worst


# -- learning rates from the curvature --------------------------------------------------------
def _curvature_lr(ctx: _Context) -> tuple[float, str, float]:
    """gd's η, its reason and its linear rate ρ (1.0 when unknown)."""
    p = ctx.probe
    if p.quadratic and p.mu:
        lr = 2.0 / (p.L + p.mu)
        kappa = p.L / p.mu
        return (
            lr,
            (
                f"lr = 2/(λmax+λmin) = {_g(lr)}: f is quadratic, ∇²f has eigenvalues "
                f"{_g(p.mu)} and {_g(p.L)} (the fastest constant rate)"
            ),
            (kappa - 1) / (kappa + 1),
        )
    lr = 1.0 / p.L
    rho = 1.0 - p.mu / p.L if p.mu else 1.0
    return lr, f"lr = 1/L = {_g(lr)}: {p.l_source}", rho


def _gd(ctx: _Context):
    lr, reason, rho = _curvature_lr(ctx)
    what = "gradient descent on a convex region"
    return [Suggested("lr", lr, reason)], _given_steps(ctx, _steps_at_rate(ctx, rho, what))


def _momentum(ctx: _Context, nesterov: bool):
    p, beta = ctx.probe, float(ctx.value("beta"))
    if nesterov:
        lr = (1 + beta) / ((1 + 2 * beta) * p.L)
        rule = f"(1+β)/((1+2β)L), half the stable limit 2(1+β)/((1+2β)L) for β = {_g(beta)}"
    else:
        lr = (1 + beta) / p.L
        rule = f"(1+β)/L, half the stable limit 2(1+β)/L for β = {_g(beta)}"
    reason = f"lr = {rule} = {_g(lr)}; L: {p.l_source}"
    steps = _fallback_steps(ctx)
    if p.mu:
        rho = _momentum_rate((lr * p.mu, lr * p.L), beta, nesterov)
        steps = _steps_at_rate(
            ctx,
            rho,
            f"{'Nesterov' if nesterov else 'heavy ball'} on the curvatures {_g(p.mu)}…{_g(p.L)}",
        )
    return [Suggested("lr", lr, reason)], _given_steps(ctx, steps)


def _sgd(ctx: _Context):
    lr, reason, rho = _curvature_lr(ctx)
    items = [Suggested("lr", lr, reason + "; noisy steps, so the rate decays")]
    if not ctx.data:
        n = ctx.probe.x0.size
        sigma = ctx.probe.grad_norm / (10.0 * math.sqrt(n)) if ctx.probe.grad_norm > 0 else 0.0
        items.append(
            Suggested(
                "noise",
                sigma,
                f"noise = ‖∇f(x₀)‖/(10√n) = {_g(sigma)}: a tenth "
                "of the gradient at the start, so the descent shows through",
            )
        )
    steps = _steps_at_rate(ctx, rho, "as gradient descent")
    if steps[0] < ADAPTIVE_STEPS:
        steps = (
            ADAPTIVE_STEPS,
            f"max_steps = {ADAPTIVE_STEPS}: noisy steps need time for the "
            "decaying rate to average the noise out",
        )
    steps = _given_steps(ctx, steps)
    items += _schedule(steps[0], 1e-3, "so the noise averages out")
    return items, steps


# -- adaptive methods: step sizes in x units ----------------------------------------------
def _schedule(steps: int, rate: float, why: str) -> list[Suggested]:
    return [
        Suggested(
            "schedule", "cosine", f"schedule = cosine: the rate falls smoothly over the run, {why}"
        ),
        Suggested(
            "decay_rate",
            rate,
            f"decay_rate = {_g(rate)}: the rate ends at {_g(100 * rate)} % of lr",
        ),
        Suggested("decay_steps", int(steps), f"decay_steps = {steps}: the decay spans the run"),
    ]


def _adaptive_steps(ctx: _Context) -> tuple[int, str]:
    return _given_steps(
        ctx,
        (
            ADAPTIVE_STEPS,
            f"max_steps = {ADAPTIVE_STEPS}: the schedule is "
            "spread over them, so the run settles by the end",
        ),
    )


def _distance_text(ctx: _Context, span: float) -> str:
    return f"span {_g(span)}: {ctx.probe.distance_source}"


def _adagrad(ctx: _Context):
    span = ctx.probe.span
    lr = span / 3.0
    reason = (
        f"lr = span/3 = {_g(lr)}: AdaGrad's first step moves each coordinate by lr, later "
        f"ones shrink like 1/√k; {_distance_text(ctx, span)}"
    )
    items = [
        Suggested("lr", lr, reason),
        Suggested("schedule", "constant", "schedule = constant: AdaGrad decays its own steps"),
    ]
    return items, _adaptive_steps(ctx)


def _rmsprop(ctx: _Context):
    span, rho = ctx.probe.span, float(ctx.value("rho"))
    lr = math.sqrt(1.0 - rho) * span / 10.0
    reason = (
        f"lr = √(1−ρ)·span/10 = {_g(lr)}: the first step moves each coordinate by "
        f"lr/√(1−ρ) = span/10; {_distance_text(ctx, span)}"
    )
    steps = _adaptive_steps(ctx)
    items = [Suggested("lr", lr, reason)]
    items += _schedule(steps[0], 1e-3, "since RMSProp's steps keep their size near a minimum")
    return items, steps


def _adam(ctx: _Context):
    span = ctx.probe.span
    lr = span / 10.0
    first = "lr"
    if not ctx.value("bias_correction"):
        b1, b2 = float(ctx.value("beta1")), float(ctx.value("beta2"))
        lr *= math.sqrt(1.0 - b2) / (1.0 - b1)
        first = "lr·(1−β₁)/√(1−β₂)"
    reason = (
        f"lr = {_g(lr)}: the first step moves each coordinate by {first} = span/10; "
        f"{_distance_text(ctx, span)}"
    )
    steps = _adaptive_steps(ctx)
    items = [Suggested("lr", lr, reason)]
    items += _schedule(steps[0], 0.01, "so the run settles instead of circling the minimum")
    if ctx.spec.name == "adamw" and not ctx.data:
        items.append(
            Suggested(
                "weight_decay",
                FORMULA_WEIGHT_DECAY,
                f"weight_decay = "
                f"{_g(FORMULA_WEIGHT_DECAY)}: on a formula the decay pulls the "
                "minimum towards 0; small, so the run still ends near f's",
            )
        )
    return items, steps


def _fixed_steps(steps: int, why: str):
    def rule(ctx: _Context):
        return [], _given_steps(ctx, (steps, f"max_steps = {steps}: {why}"))

    return rule


_RULES = {
    "gd": _gd,
    "sgd": _sgd,
    "momentum": lambda ctx: _momentum(ctx, nesterov=False),
    "nesterov": lambda ctx: _momentum(ctx, nesterov=True),
    "adagrad": _adagrad,
    "rmsprop": _rmsprop,
    "adam": _adam,
    "adamw": _adam,
    "newton": _fixed_steps(
        NEWTON_STEPS,
        "Newton chooses its own steps and converges quadratically near a minimum; a generous cap",
    ),
    "cg": _fixed_steps(LINE_SEARCH_STEPS, "the line search chooses the step length; a cap"),
    "bfgs": _fixed_steps(LINE_SEARCH_STEPS, "the line search chooses the step length; a cap"),
    "lbfgs": _fixed_steps(LINE_SEARCH_STEPS, "the line search chooses the step length; a cap"),
}


# -- entry points ------------------------------------------------------------------------------
def _usable(probe: StartProbe) -> bool:
    return math.isfinite(probe.f0) and math.isfinite(probe.grad_norm)


def suggest_from_probe(
    name: str,
    probe: StartProbe,
    *,
    given: Mapping[str, Any] | None = None,
    max_steps: int | None = None,
    data: bool = False,
) -> Suggestion:
    """The :class:`Suggestion` for optimizer ``name`` from an existing probe (see
    :func:`suggest`)."""
    spec = get_spec(name)
    given = dict(given or {})
    spec.cls.Hyper.from_values(given, owner=spec.name)  # InputError for a bad given value
    gtol = float(spec.param("gtol").coerce(given.get("gtol", spec.param("gtol").default)))
    ctx = _Context(probe, spec, given, None if max_steps is None else int(max_steps), gtol, data)
    if not _usable(probe):
        steps = max_steps if max_steps is not None else DEFAULT_MAX_STEPS
        return Suggestion(
            spec.name,
            (),
            int(steps),
            f"max_steps = {steps}: f or ∇f is not finite at the start, so the defaults are kept",
            tuple(given.items()),
        )
    items, (steps, steps_reason) = _RULES[spec.name](ctx)
    return Suggestion(spec.name, tuple(items), int(steps), steps_reason, tuple(given.items()))


def suggest(
    name: str,
    objective,
    x0,
    *,
    domain=None,
    given: Mapping[str, Any] | None = None,
    max_steps: int | None = None,
) -> Suggestion:
    """Suggested hyperparameters and step count for optimizer ``name`` on ``objective`` from
    ``x0 (n,)``. ``domain`` (a Domain or (lo, hi) pairs) bounds the region probed; ``given``
    holds values a person set (kept, and used for the others); ``max_steps`` the run length
    when fixed by the caller. InputError for an unknown name or a bad given value."""
    probe = probe_start(objective, x0, domain)
    return suggest_from_probe(
        name,
        probe,
        given=given,
        max_steps=max_steps,
        data=bool(getattr(objective, "has_minibatches", False)),
    )


def suggest_all(
    objective, x0, *, names: Iterable[str] | None = None, domain=None, max_steps: int | None = None
) -> dict[str, Suggestion]:
    """``{name: Suggestion}`` for ``names`` (default: every registered optimizer), one probe."""
    probe = probe_start(objective, x0, domain)
    data = bool(getattr(objective, "has_minibatches", False))
    return {
        get_spec(n).name: suggest_from_probe(n, probe, max_steps=max_steps, data=data)
        for n in (names if names is not None else REGISTRY)
    }


def hyper_for(
    name: str,
    objective,
    x0,
    given: Mapping[str, Any] | None = None,
    *,
    domain=None,
    max_steps: int | None = None,
) -> dict[str, Any]:
    """Hyperparameters to build optimizer ``name`` with: the suggestion for every value not
    in ``given``, the given values as they are (the person's choice wins)."""
    return suggest(name, objective, x0, domain=domain, given=given, max_steps=max_steps).hyper()


def race_hyper(
    entries: Iterable[tuple[str, Mapping[str, Any]]],
    objective,
    x0,
    *,
    domain=None,
    max_steps: int | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """:func:`hyper_for` for a whole race ``[(name, given), ...]`` with one probe:
    ``[(name, hyperparameters), ...]`` in the same order."""
    entries = list(entries)
    probe = probe_start(objective, x0, domain)
    data = bool(getattr(objective, "has_minibatches", False))
    return [
        (name, suggest_from_probe(name, probe, given=given, max_steps=max_steps, data=data).hyper())
        for name, given in entries
    ]
