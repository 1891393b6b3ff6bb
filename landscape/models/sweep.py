"""Hyperparameter sweeps: every combination of settings × seeds, trained in parallel.

A grid maps setting names to lists of values. Each name is one of

* a model or data setting (:func:`landscape.models.registry.all_settings`),
* ``optimizer`` (a registry name, default ``gd``) or ``max_steps`` (default 500),
* otherwise a hyperparameter of the optimizer (``lr``, ``batch_size``, ``beta``, ...).

Every combination is validated in the calling process before anything starts, so a typo fails
at once. Jobs run in batches (so that scheduling stays small beside the work) on the warm
local process pool or a dask cluster (:mod:`landscape.models.sweep_executors`). Each job is
deterministic in its seed (model initialisation and SGD batches), so a sweep is reproducible;
rows come back in the order of the grid, whatever order the workers finish in.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import time
import warnings
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from landscape import safe_write
from landscape.errors import InputError
from landscape.models.metrics import METRICS
from landscape.models.registry import all_settings, canonical_settings, get_model
from landscape.models.sweep_executors import (  # noqa: F401 - available_cores: public here too
    available_cores,
    open_executor,
)

RUN_KEYS = {"optimizer": "gd", "max_steps": 500}
MAX_JOBS = 20_000


@dataclass
class SweepResult:
    """``rows``: one dict per (combination, seed) with the settings, ``seed``, ``value`` (the
    chosen metric), ``final_loss``, ``steps``, ``status``, ``wall_time`` and every train/test
    metric. ``cancelled`` is True when the sweep stopped early (rows then hold the finished
    jobs only)."""

    model: str
    data: str
    metric: str
    names: list[str]
    rows: list[dict] = field(default_factory=list)
    cancelled: bool = False
    wall_time: float = 0.0
    #: processes the sweep ran in, and why fewer than asked for (None when not lowered)
    workers: int = 0
    workers_note: str | None = None
    #: where it ran: ``local`` or ``dask tcp://HOST:PORT``
    executor: str = "local"


def metric_names(task: str | None) -> list[str]:
    """Metrics a sweep can report for a task: ``loss``, ``test_<m>`` and ``train_<m>``."""
    own = [m for m, (t, _) in METRICS.items() if task is None or t == task]
    return ["loss", *(f"test_{m}" for m in own), *(f"train_{m}" for m in own), *own]


def _check_metric(metric: str, task: str | None) -> str:
    allowed = metric_names(task)
    if metric not in allowed:
        raise InputError(
            f"unknown metric {metric!r} for this model", hint="choose " + ", ".join(allowed)
        )
    return metric if metric == "loss" or "_" in metric else f"test_{metric}"


def expand_grid(model: str, grid: dict[str, list]) -> list[dict]:
    """All combinations, each split as ``{"settings", "optimizer", "hyper", "max_steps"}`` and
    validated (model settings coerced; the optimizer built once)."""
    from landscape.models.registry import coerce_settings
    from landscape.optim import get_spec, make_optimizer

    grid = canonical_settings(grid)  # standardize=... is standardise=...
    names = list(grid)
    for name, values in grid.items():
        if not isinstance(values, (list, tuple)) or not values:
            raise InputError(f"setting {name!r} needs at least one value")
    setting_names = {s.name for s in all_settings(model)}
    combos = []
    for combo in itertools.product(*(grid[n] for n in names)):
        raw = dict(zip(names, combo, strict=True))
        settings = {k: v for k, v in raw.items() if k in setting_names}
        coerce_settings(model, settings)
        optimizer = get_spec(str(raw.get("optimizer", RUN_KEYS["optimizer"]))).name
        max_steps = _max_steps(raw.get("max_steps", RUN_KEYS["max_steps"]))
        hyper = {k: v for k, v in raw.items() if k not in setting_names and k not in RUN_KEYS}
        make_optimizer(optimizer, **hyper)
        combos.append(
            {
                "raw": raw,
                "settings": settings,
                "optimizer": optimizer,
                "hyper": hyper,
                "max_steps": max_steps,
            }
        )
    return combos


def _max_steps(value) -> int:
    try:
        steps = int(float(value))
    except (TypeError, ValueError):
        raise InputError(f"max_steps = {value!r} is not a whole number") from None
    if not 1 <= steps <= 1_000_000:
        raise InputError(f"max_steps = {steps} is out of range [1, 1000000]")
    return steps


def run_job(job: dict) -> dict:
    """Train one combination with one seed (module level: runs in a worker process)."""
    from landscape.models.cli_support import build_model_objective
    from landscape.optim import make_optimizer, run

    start = time.perf_counter()
    objective, ctx = build_model_objective(job["model"], job["data"], job["settings"], job["seed"])
    optimizer = make_optimizer(job["optimizer"], **job["hyper"])
    traj = run(
        optimizer, objective, ctx.x0, max_steps=job["max_steps"], seed=job["seed"], keep_steps=False
    )
    row = {**job["raw"], "seed": job["seed"]}
    final = traj.xs[-1] if len(traj) else ctx.x0
    row["final_loss"] = float(traj.fs[-1]) if len(traj) else math.nan
    row["steps"], row["status"] = traj.n_steps, traj.status
    for split, data in (("train", ctx.train), ("test", ctx.test)):
        for name, value in objective.evaluate(final, data).items():
            if name != "confusion":
                row[f"{split}_{name}"] = float(value)
    row["wall_time"] = time.perf_counter() - start
    return row


def _run_batch(jobs: list[dict]) -> list[tuple[int, dict]]:
    return [(job["index"], run_job(job)) for job in jobs]


def run_sweep(
    model: str,
    data,
    grid: dict[str, list],
    metric: str = "loss",
    seeds: int | list[int] = 3,
    max_workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    executor: str | None = None,
) -> SweepResult:
    """Train ``model`` on ``data`` (built-in name, CSV path or Dataset) for every combination
    in ``grid`` and every seed (``seeds``: a count, meaning 0..K-1, or a list); ``metric``
    names the value to compare (``loss``, ``test_accuracy``, ``r2``, ...). ``progress(done,
    total)`` is called as batches finish; ``cancel()`` returning True stops the sweep;
    ``executor``: ``None``/``"local"`` (this machine's cores) or ``"dask://HOST:PORT"``."""
    from landscape.models.cli_support import prepare_data
    from landscape.models.registry import coerce_settings

    get_model(model)
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    if not seed_list:
        raise InputError("a sweep needs at least one seed")
    combos = expand_grid(model, grid)
    if len(combos) * len(seed_list) > MAX_JOBS:
        raise InputError(
            f"the sweep has {len(combos) * len(seed_list)} runs; the limit is {MAX_JOBS}"
        )
    loaded = prepare_data(model, data, coerce_settings(model, combos[0]["settings"]))[0]
    metric = _check_metric(metric, loaded.task)
    if not any(k in ("features", "target", "data_seed") for k in grid):
        data = loaded  # load once; workers get the table itself
    jobs = [
        {"index": i, "model": model, "data": data, "seed": s, **c}
        for i, (c, s) in enumerate(itertools.product(combos, seed_list))
    ]
    result = SweepResult(model, getattr(data, "name", str(data)), metric, list(grid))
    rows = _execute(jobs, max_workers, executor, progress, cancel, result)
    for row in rows:
        row["value"] = row["final_loss"] if metric == "loss" else row.get(metric, math.nan)
    result.rows = rows
    return result


def _execute(jobs, max_workers, executor, progress, cancel, result: SweepResult) -> list[dict]:
    """Run ``jobs`` in batches on the chosen executor (see :mod:`.sweep_executors`); rows in
    job order. A cancelled sweep drops the batches not started; those running finish, and
    their rows are kept."""
    start = time.perf_counter()
    runner = open_executor(executor, max_workers, len(jobs))
    result.workers, result.workers_note, result.executor = runner.workers, runner.note, runner.name
    size = max(1, math.ceil(len(jobs) / (runner.workers * 4)))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    done: dict[int, dict] = {}
    try:
        pending = {runner.submit(_run_batch, b) for b in batches}
        while pending:
            if cancel is not None and cancel():
                running = {fut for fut in pending if not fut.cancel()}
                for fut in wait(running).done:  # the batches already running finish: kept
                    done.update(fut.result())
                result.cancelled = True
                break
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                done.update(fut.result())
            if progress and finished:
                progress(len(done), len(jobs))
    finally:
        runner.close()
    result.wall_time = time.perf_counter() - start
    return [done[i] for i in sorted(done)]


# -- output ------------------------------------------------------------------------------------


def to_csv(result: SweepResult, path) -> Path:
    """Write the rows as CSV (columns: the settings, seed, value, then the rest) through
    :func:`landscape.safe_write.write_text` (its folder is made when missing)."""
    path = Path(path)
    safe_write.ensure_folder(path.parent)
    first = [*result.names, "seed", "value"]
    rest = sorted({k for row in result.rows for k in row} - set(first))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=first + rest)
    writer.writeheader()
    for row in result.rows:
        writer.writerow(row)
    return safe_write.write_text(path, out.getvalue())


def summarise(result: SweepResult) -> list[dict]:
    """One row per combination: its settings, ``mean``, ``std``, ``min``, ``max`` of the value
    over seeds (non-finite values ignored; NaN when none is finite) and ``runs``."""
    groups: dict[tuple, list[float]] = {}
    for row in result.rows:
        key = tuple(row[n] for n in result.names)
        groups.setdefault(key, []).append(float(row["value"]))
    out = []
    for key, values in groups.items():
        v = np.array(values)
        v = v[np.isfinite(v)]
        stats = (
            (float(v.mean()), float(v.std()), float(v.min()), float(v.max()))
            if v.size
            else (math.nan,) * 4
        )
        out.append(
            {
                **dict(zip(result.names, key, strict=True)),
                **dict(zip(("mean", "std", "min", "max"), stats, strict=True)),
                "runs": len(values),
            }
        )
    return out


def best(result: SweepResult) -> dict | None:
    """The summary row with the best mean (lowest loss/error, highest score)."""
    rows = [r for r in summarise(result) if math.isfinite(r["mean"])]
    if not rows:
        return None
    base = result.metric.split("_", 1)[-1]
    higher = METRICS.get(base, ("", False))[1]
    return (max if higher else min)(rows, key=lambda r: r["mean"])


def plot_sweep(result: SweepResult, out_dir) -> list[Path]:
    """One PNG per setting with several values: the metric's mean over seeds against that
    setting (band: min–max over seeds), one line per combination of the other settings (up to
    six; beyond that, pooled). Returns the paths written."""
    from landscape.models.plot import line_chart

    summary = summarise(result)
    paths = []
    for name in result.names:
        values = list(dict.fromkeys(r[name] for r in summary))
        if len(values) < 2:
            continue
        numeric = all(_is_number(v) for v in values)
        xs_of = {v: (float(v) if numeric else i) for i, v in enumerate(values)}
        others = [n for n in result.names if n != name]
        groups: dict[tuple, list[dict]] = {}
        for r in summary:
            groups.setdefault(tuple(r[o] for o in others), []).append(r)
        if len(groups) > 6:
            groups = {("all",): summary}
        series = [_series(rows, name, xs_of, others, key) for key, rows in groups.items()]
        positive = numeric and min(float(v) for v in values) > 0
        log_x = positive and max(float(v) for v in values) / min(float(v) for v in values) >= 20
        paths.append(
            line_chart(
                Path(out_dir) / f"sweep_{name}.png",
                series,
                title=f"{result.model} on {result.data}: {result.metric} vs {name}",
                xlabel=name,
                ylabel=result.metric,
                log_x=log_x,
                x_labels=None if numeric else [str(v) for v in values],
            )
        )
    return paths


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _series(rows: list[dict], name: str, xs_of: dict, others: list[str], key: tuple):
    from landscape.models.plot import Series

    by_x: dict[float, list[dict]] = {}
    for r in rows:
        by_x.setdefault(xs_of[r[name]], []).append(r)
    xs = np.array(sorted(by_x))
    pick = [by_x[x] for x in xs]
    with warnings.catch_warnings():  # an all-NaN group (every run diverged) stays NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.array([np.nanmean([r["mean"] for r in p]) for p in pick])
        lo = np.array([np.nanmin([r["min"] for r in p]) for p in pick])
        hi = np.array([np.nanmax([r["max"] for r in p]) for p in pick])
    label = ", ".join(f"{o}={k}" for o, k in zip(others, key, strict=False)) or "mean"
    return Series(label if key != ("all",) else "all settings", xs, mean, lo, hi)
