"""``landscape run``: optimizers racing on a formula, a preset or a model (table, JSON, CSV)."""

from __future__ import annotations

import csv
import math
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landscape.errors import InputError
from landscape_cli.common import allow_leading_minus, finite_or_none, parse_numbers, print_json


def add_parser(sub) -> None:
    from landscape.models.cli_support import add_model_arguments
    from landscape.optim import DEFAULT_MAX_STEPS

    p = sub.add_parser(
        "run",
        help="race optimizers on a function, a preset or a model",
        description="Run optimizers from one start and report how each run ended.",
    )
    source = p.add_mutually_exclusive_group()
    allow_leading_minus(
        source.add_argument("--function", metavar="EXPR", help='f(x, y), e.g. "x^2 + 3y^2"')
    )
    source.add_argument(
        "--preset", metavar="NAME", help="a built-in function (`landscape presets`)"
    )
    add_model_arguments(p)
    p.add_argument(
        "--optimizers",
        required=True,
        metavar="NAME[,NAME...]",
        help="optimizers from `landscape optimizers`, e.g. gd,adam,bfgs",
    )
    allow_leading_minus(
        p.add_argument(
            "--start", metavar="X,Y", help="start point, e.g. -1.2,1 (default: the preset's)"
        )
    )
    p.add_argument(
        "--steps",
        type=int,
        default=DEFAULT_MAX_STEPS,
        metavar="N",
        help=f"maximum steps per run (default {DEFAULT_MAX_STEPS})",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME.PARAM=VALUE",
        help="a hyperparameter, e.g. adam.lr=0.05 (repeatable)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed for stochastic optimizers")
    p.add_argument(
        "--tol",
        type=float,
        default=1e-6,
        help="race target: f - f_min <= tol when f_min is known, else ‖∇f‖ <= tol",
    )
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=run)


@dataclass
class Problem:
    """What the optimizers run on: the objective, its description, the start and the bound."""

    objective: Any
    expression: str
    start: list[float]
    bound: float | None = None
    model_context: Any = None
    extras: dict = field(default_factory=dict)
    domain: Any = None  # the region hyperparameters are suggested for (None: around the start)


def build_problem(args) -> Problem:
    """The objective named by ``--function``, ``--preset`` or ``--model``."""
    if args.model:
        return _model_problem(args)
    if args.data or args.model_set or args.standardise is not None:
        raise InputError("--data, --model-set and --standardise need --model")
    if args.preset:
        return _preset_problem(args)
    if args.function:
        from landscape.compile import compile_objective

        objective = compile_objective(args.function)
        if not args.start:
            raise InputError("--function needs --start X,Y (presets have their own start)")
        return Problem(objective, args.function, parse_numbers(args.start, "--start", 2))
    raise InputError("give --function EXPR, --preset NAME or --model NAME")


def _preset_problem(args) -> Problem:
    from landscape.compile import compile_objective
    from landscape.presets import get_preset

    preset = get_preset(args.preset)
    objective = compile_objective(preset.expression)
    objective.f_min, objective.minima = preset.f_min, tuple(map(tuple, preset.minima))
    start = parse_numbers(args.start, "--start", 2) if args.start else list(preset.start)
    (x0, x1), (y0, y1) = preset.domain
    bound = 100.0 * max(abs(x0), abs(x1), abs(y0), abs(y1), 1.0)
    return Problem(objective, preset.expression, start, bound, domain=preset.grid_domain)


def _model_problem(args) -> Problem:
    from landscape_cli.model_args import objective_from_args

    objective, ctx = objective_from_args(args)
    start = (
        parse_numbers(args.start, "--start", objective.n)
        if args.start
        else [float(v) for v in ctx.x0]
    )
    return Problem(objective, f"{ctx.model} on {ctx.data.name}", start, None, ctx)


def optimizer_entries(names_text: str, sets: list[str]) -> list[tuple[str, dict[str, str]]]:
    """``"gd,adam"`` and ``["adam.lr=0.05"]`` -> [("gd", {}), ("adam", {"lr": "0.05"})]."""
    from landscape.optim import get_spec

    names = [n.strip() for n in names_text.split(",")]
    if not all(names):
        raise InputError(f"--optimizers needs names separated by commas, got {names_text!r}")
    names = [get_spec(n).name for n in names]  # unknown names list the valid ones
    hyper: dict[str, dict[str, str]] = {n: {} for n in names}
    for item in sets:
        key, sep, value = item.partition("=")
        opt, dot, param = key.strip().partition(".")
        if not sep or not dot or not param:
            raise InputError(f"--set takes NAME.PARAM=VALUE, got {item!r}")
        spec = get_spec(opt)
        if spec.name not in hyper:
            raise InputError(
                f"--set {item!r}: {spec.name} is not among --optimizers ({', '.join(names)})"
            )
        hyper[spec.name][param.strip()] = value.strip()
    return [(n, hyper[n]) for n in names]


def run_problem(problem: Problem, entries, args):
    """Race the optimizers; returns the RaceReport."""
    from landscape.optim import make_optimizer, race
    from landscape.optim.suggest import race_hyper

    if args.steps < 1 or args.steps > 1_000_000:
        raise InputError(f"--steps must be between 1 and 1000000, got {args.steps}")
    if getattr(problem.objective, "has_minibatches", False):  # a model: its data's scale
        from landscape.models.hyper import model_race_hyper

        entries = model_race_hyper(entries, problem.objective, problem.start, max_steps=args.steps)
    else:
        entries = race_hyper(
            entries, problem.objective, problem.start, domain=problem.domain, max_steps=args.steps
        )  # suggested values where --set gave none
    optimizers = [make_optimizer(name, **hyper) for name, hyper in entries]
    options: dict[str, Any] = {"seed": args.seed}
    if problem.bound is not None:
        options["bound"] = problem.bound
    if not (math.isfinite(args.tol) and args.tol > 0):
        raise InputError(f"--tol must be a positive number, got {args.tol}")
    return race(
        optimizers, problem.objective, problem.start, max_steps=args.steps, tol=args.tol, **options
    )


def run_json(problem: Problem, report) -> dict:
    runs = []
    for row in report.rows:
        t = row.trajectory
        item = {
            "optimizer": row.optimizer,
            "hyperparameters": _plain(t.hyperparameters),
            "status": t.status,
            "message": t.message,
            "steps": int(t.n_steps),
            "nfev": t.counts.nfev,
            "ngev": t.counts.ngev,
            "nhev": t.counts.nhev,
            "x": [float(v) for v in t.xs[-1]] if len(t.xs) else None,
            "f": finite_or_none(t.fs[-1]) if len(t.fs) else None,
            "grad_norm": finite_or_none(t.grad_norms[-1]) if len(t.grad_norms) else None,
            "trajectory": [[*map(float, x), float(f)] for x, f in zip(t.xs, t.fs, strict=True)],
        }
        if problem.model_context is not None:
            from landscape.models.cli_support import run_extras

            item.update(run_extras(problem.objective, problem.model_context, t))
        runs.append(item)
    return {
        "expression": problem.expression,
        "start": [float(v) for v in problem.start],
        "runs": runs,
    }


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_csv(report, out=sys.stdout) -> None:
    rows = report.rows
    n = rows[0].trajectory.xs.shape[1] if rows else 2
    coords = ["x", "y"] if n == 2 else [f"x{i + 1}" for i in range(n)]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["optimizer", "step", *coords, "f", "grad_norm"])
    for row in rows:
        t = row.trajectory
        for k, (x, f, g) in enumerate(zip(t.xs, t.fs, t.grad_norms, strict=True)):
            writer.writerow(
                [row.optimizer, k, *(repr(float(v)) for v in x), repr(float(f)), repr(float(g))]
            )


def _print_fits(problem: Problem, report) -> None:
    """A model's fitted line, plane or log-odds per run, in the data's units."""
    if problem.model_context is None:
        return
    from landscape.models.cli_support import fit_text

    for row in report.rows:
        text = fit_text(problem.objective, problem.model_context, row.trajectory)
        if text is not None:
            print(f"{row.optimizer}: {text}")


def run(args) -> int:
    entries = optimizer_entries(args.optimizers, args.set)
    problem = build_problem(args)
    report = run_problem(problem, entries, args)
    if args.format == "json":
        print_json(run_json(problem, report))
    elif args.format == "csv":
        write_csv(report)
    else:
        print(f"f = {problem.expression}")
        print(report.to_table())
        for row in report.rows:
            print(f"{row.optimizer}: {row.trajectory.message}")
        _print_fits(problem, report)
    return 0
