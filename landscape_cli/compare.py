"""``landscape compare --tasks linreg,logreg,mlp,rosenbrock --optimizers gd,momentum,adam``:
tune each optimizer's learning rate, run it, and tabulate steps and evaluations to a loss
tolerance, final loss and time; write compare.csv and loss_<task>.png to --out."""

from __future__ import annotations

import math
from pathlib import Path

from landscape import safe_write
from landscape.errors import InputError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare optimizers across tasks (learning rates tuned first)",
        description="Tasks: linreg, multireg, logreg, mlp, MODEL:DATA (e.g. logreg:exams), or a "
        "formula preset (see `landscape presets`).",
    )
    p.add_argument("--tasks", default="linreg,logreg,mlp,rosenbrock", metavar="T1,T2,...")
    p.add_argument("--optimizers", default="gd,momentum,nesterov,adam", metavar="O1,O2,...")
    p.add_argument(
        "--tol",
        type=float,
        default=1e-4,
        help="loss gap counted as reached: f - f_ref ≤ tol·max(1, |f_ref|)",
    )
    p.add_argument("--max-steps", type=int, default=1000)
    p.add_argument("--tune-steps", type=int, default=200, help="steps of each learning-rate trial")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=None, metavar="DIR", help="write CSV and PNG files here")
    p.set_defaults(handler=run)


def _names(text: str, what: str) -> list[str]:
    names = [t.strip() for t in text.split(",")]
    if not all(names):
        raise InputError(f"--{what} needs names separated by commas, got {text!r}")
    return names


def run(args) -> int:
    from landscape.models.compare import compare, format_table, plot_curves, to_csv

    for name, value, hi in (
        ("--max-steps", args.max_steps, 100_000),
        ("--tune-steps", args.tune_steps, 100_000),
    ):
        if not 1 <= value <= hi:
            raise InputError(f"{name} must be between 1 and {hi}, got {value}")
    if not (math.isfinite(args.tol) and args.tol > 0):
        raise InputError(f"--tol must be a positive number, got {args.tol:g}")
    if args.out:
        safe_write.check_folder(args.out)  # before the work, not after
    result = compare(
        _names(args.tasks, "tasks"),
        _names(args.optimizers, "optimizers"),
        tol=args.tol,
        max_steps=args.max_steps,
        tune_steps=args.tune_steps,
        seed=args.seed,
    )
    print(format_table(result))
    if args.out:
        for path in [
            to_csv(result, Path(args.out) / "compare.csv"),
            *plot_curves(result, args.out),
        ]:
            print(f"wrote {path}")
    return 0
