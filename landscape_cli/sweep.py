"""``landscape sweep --model M --data D --param NAME=V1,V2 ... --metric NAME``: train every
combination × seeds on all cores; write rows.csv and one PNG per swept setting."""

from __future__ import annotations

import sys
from pathlib import Path

from landscape import safe_write
from landscape.errors import InputError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "sweep",
        help="train a model for every combination of settings, in parallel",
        description="Train MODEL on DATA for every combination of the --param values and every "
        "seed; print the summary, write rows.csv, summary.csv and sweep_<setting>.png to --out. "
        "A --param is a model setting (e.g. width, l2, test_fraction), 'optimizer', "
        "'max_steps', or an optimizer hyperparameter (lr, batch_size, beta, ...).",
    )
    p.add_argument("--model", required=True, help="linreg, multireg, logreg or mlp")
    p.add_argument(
        "--data",
        required=True,
        metavar="NAME|FILE",
        help="a built-in data set (see `landscape datasets`) or a CSV file",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=V1,V2,...",
        help="a setting and its values (repeatable)",
    )
    from landscape.models.cli_support import add_standardise_argument

    add_standardise_argument(p)
    p.add_argument(
        "--metric",
        default="loss",
        help="loss, or a metric (mse, rmse, r2, accuracy, precision, recall, f1; "
        "test split unless prefixed train_)",
    )
    p.add_argument("--seeds", type=int, default=3, metavar="K", help="seeds 0..K-1 (default 3)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes (default, and at most, the available cores)",
    )
    p.add_argument(
        "--executor",
        default="local",
        metavar="WHERE",
        help="local (default: this machine's cores) or dask://HOST:PORT, a dask.distributed "
        "scheduler whose workers have Landscape installed (extra: landscape[distributed]); "
        "the rows equal the local ones for the same seeds",
    )
    p.add_argument("--out", default=None, metavar="DIR", help="write CSV and PNG files here")
    p.set_defaults(handler=run)


def parse_grid(items: list[str]) -> dict[str, list[str]]:
    """``["lr=0.1,0.01", "width=8,16"]`` -> ``{"lr": ["0.1", "0.01"], "width": ["8", "16"]}``."""
    grid: dict[str, list[str]] = {}
    for item in items:
        name, sep, values = item.partition("=")
        name = name.strip()
        parts = [v.strip() for v in values.split(",")]
        if not sep or not name or any(v == "" for v in parts):
            raise InputError(f"--param needs NAME=V1,V2,..., got {item!r}")
        if name in grid:
            raise InputError(f"--param {name} is given twice")
        grid[name] = parts
    return grid


def _with_standardise(grid: dict[str, list[str]], args) -> dict[str, list[str]]:
    """``--standardise/--no-standardise`` as one more (single-valued) setting of the grid."""
    if args.standardise is None:
        return grid
    if {"standardise", "standardize"} & set(grid):
        raise InputError("give --standardise or --param standardise=..., not both")
    return {**grid, "standardise": [str(args.standardise).lower()]}


def run(args) -> int:
    from landscape.models.sweep import best, plot_sweep, run_sweep, summarise, to_csv

    if args.seeds < 1 or args.seeds > 1000:
        raise InputError(f"--seeds must be between 1 and 1000, got {args.seeds}")
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total} runs", end="", file=sys.stderr, flush=True)

    if args.out:
        safe_write.check_folder(args.out)  # before the work, not after
    result = run_sweep(
        args.model,
        args.data,
        _with_standardise(parse_grid(args.param), args),
        args.metric,
        args.seeds,
        args.workers,
        progress,
        executor=args.executor,
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if result.workers_note:
        print(f"note: {result.workers_note}", file=sys.stderr)
    if result.executor != "local":
        print(f"ran on {result.executor} ({result.workers} workers)", file=sys.stderr)
    summary = summarise(result)
    names = result.names
    print("  ".join([*names, "mean", "std", "min", "max"]))
    for r in summary:
        print(
            "  ".join(
                [
                    *(str(r[n]) for n in names),
                    *(f"{r[k]:.6g}" for k in ("mean", "std", "min", "max")),
                ]
            )
        )
    top = best(result)
    if top is not None:
        chosen = ", ".join(f"{n}={top[n]}" for n in names) or "(single setting)"
        print(f"best {result.metric}: {top['mean']:.6g} with {chosen}")
    print(f"{len(result.rows)} runs in {result.wall_time:.2f} s")
    if args.out:
        out = Path(args.out)
        written = [to_csv(result, out / "rows.csv"), _summary_csv(summary, out)]
        written += plot_sweep(result, out)
        for path in written:
            print(f"wrote {path}")
    return 0


def _summary_csv(summary: list[dict], out: Path) -> Path:
    import csv
    import io

    safe_write.ensure_folder(out)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(summary[0]) if summary else ["runs"])
    writer.writeheader()
    writer.writerows(summary)
    return safe_write.write_text(out / "summary.csv", text.getvalue())
