"""Comparing optimizers across tasks: each one's learning rate tuned first, then a full run.

A task is a model on a data set (``linreg``, ``logreg``, ``mlp``, ``multireg``, or
``MODEL:DATA`` such as ``logreg:exams``) or a formula preset (``rosenbrock``, or
``preset:NAME``), compiled with :func:`landscape.compile.compile_objective`.

For every (task, optimizer): optimizers with a learning rate ``lr`` first run briefly
(``tune_steps``) for each value of ``lr_grid``; the lr with the lowest final loss wins (a
diverged or undefined run counts as +∞). Then one run of ``max_steps`` with that lr records the
loss curve and the work done after every step.

The work to tolerance (``evals_to_tol``) is the work done up to that step, in full evaluations:
f, ∇f and ∇²f calls the method's update used, each counted 1, a mini-batch gradient of b rows
out of m counted b/m, and the full f and ∇f a run computes only for its record (the loss
curve) not counted (:mod:`landscape.optim.work`).

The tolerance is on the loss gap: a run has reached it at the first step k with
``f_k - f_ref ≤ tol · max(1, |f_ref|)``, where ``f_ref`` is the task's known minimum (a preset's
``f_min``, the least-squares or Newton optimum of linreg/logreg) or else the lowest loss any run
on the task reached. Runs go one after another in this process (formula objectives are
compiled here and cannot be sent to workers).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from landscape import safe_write
from landscape.errors import InputError

LR_GRID = (1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)
#: model task name -> its default data set
DEFAULT_DATA = {"linreg": "linear", "multireg": "houses", "logreg": "blobs", "mlp": "moons"}
COLUMNS = (
    "task",
    "optimizer",
    "lr",
    "status",
    "steps",
    "steps_to_tol",
    "evals_to_tol",
    "final_loss",
    "f_ref",
    "gap",
    "wall_time",
)


@dataclass
class Task:
    """An objective with its start ``x0 (n,)`` and known minimum ``f_min`` (or None)."""

    name: str
    objective: object
    x0: np.ndarray
    f_min: float | None


@dataclass
class CompareResult:
    """``rows`` (dicts with :data:`COLUMNS`), loss ``curves[(task, optimizer)] -> fs (k+1,)``."""

    rows: list[dict] = field(default_factory=list)
    curves: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    tol: float = 1e-4


def build_task(spec: str, seed: int = 0) -> Task:
    """A :class:`Task` from its name (see the module docstring)."""
    from landscape.models.cli_support import build_model_objective
    from landscape.models.registry import MODELS

    model, _, data = spec.partition(":")
    if model in MODELS:
        objective, ctx = build_model_objective(model, data or DEFAULT_DATA[model], {}, seed)
        return Task(spec, objective, ctx.x0, objective.f_min)
    name = data if model == "preset" else spec
    from landscape.compile import compile_objective
    from landscape.presets import get_preset

    preset = get_preset(name)
    objective = compile_objective(preset.expression)
    return Task(spec, objective, np.array(preset.start, dtype=float), preset.f_min)


def _has_lr(optimizer: str) -> bool:
    from landscape.optim import get_spec

    return any(p.name == "lr" for p in get_spec(optimizer).params)


def _final_loss(
    task: Task, optimizer: str, lr: float | None, steps: int, seed: int
) -> tuple[float, int]:
    """Final loss (+∞ when the run diverged or stepped where f is undefined) and the steps
    taken."""
    from landscape.optim import make_optimizer, run

    hyper = {"lr": lr} if lr is not None else {}
    traj = run(
        make_optimizer(optimizer, **hyper),
        task.objective,
        task.x0,
        max_steps=steps,
        seed=seed,
        keep_steps=False,
    )
    if traj.status in ("diverged", "undefined") or not len(traj):
        return math.inf, traj.n_steps
    return float(traj.fs[-1]), traj.n_steps


def tune_lr(
    task: Task, optimizer: str, lr_grid=LR_GRID, steps: int = 200, seed: int = 0
) -> tuple[float | None, dict[float, float]]:
    """The best lr on ``lr_grid`` (None when the optimizer has no lr) and the final loss
    reached with each after ``steps``. Best: the lowest final loss; among the lrs within
    1e-9·max(1, |best|) of it (all converged, say), the one that stopped in the fewest steps."""
    if not _has_lr(optimizer):
        return None, {}
    runs = {float(lr): _final_loss(task, optimizer, float(lr), steps, seed) for lr in lr_grid}
    losses = {lr: f for lr, (f, _k) in runs.items()}
    finite = {lr: f for lr, f in losses.items() if math.isfinite(f)}
    if not finite:
        return float(min(lr_grid)), losses
    best = min(finite.values())
    near = [lr for lr, f in finite.items() if f <= best + 1e-9 * max(1.0, abs(best))]
    return min(near, key=lambda lr: (runs[lr][1], -lr)), losses


def _full_run(task: Task, optimizer: str, lr: float | None, max_steps: int, seed: int):
    """Trajectory and the cumulative work ``(k+1,)`` after each step, in full evaluations:
    the f, ∇f and ∇²f the update used, a mini-batch gradient of b rows out of m as b/m, and
    nothing for what was evaluated only for the record (see :mod:`landscape.optim.work`)."""
    from landscape.objective import EvalCounts
    from landscape.optim import iterate, make_optimizer
    from landscape.optim.work import start_work, step_work

    hyper = {"lr": lr} if lr is not None else {}
    opt = make_optimizer(optimizer, **hyper)
    r = iterate(opt, task.objective, task.x0, max_steps=max_steps, seed=seed, keep_steps=False)
    n_samples = int(getattr(task.objective, "n_samples", 0) or 0)
    steps, first = [], None
    before = EvalCounts(1, 1, 0)  # f(x0) and ∇f(x0), evaluated before the first step
    for info in r:
        now = r.counts.copy()
        first = info.extras if first is None else first
        steps.append(step_work(opt, info.extras, now - before, n_samples))
        before = now
    work = np.cumsum([start_work(opt, first), *steps])
    return r.trajectory, work[: max(len(r.trajectory), 1)]


def compare(
    tasks: list[str],
    optimizers: list[str],
    *,
    tol: float = 1e-4,
    max_steps: int = 1000,
    tune_steps: int = 200,
    lr_grid=LR_GRID,
    seed: int = 0,
    progress=None,
) -> CompareResult:
    """Tune and run every optimizer on every task; see the module docstring.
    ``progress(done, total, text)`` is called after each (task, optimizer)."""
    if not tasks or not optimizers:
        raise InputError("compare needs at least one task and one optimizer")
    if not (tol > 0 and math.isfinite(tol)):
        raise InputError(f"the tolerance must be a positive number, got {tol}")
    from landscape.optim import get_spec

    optimizers = [get_spec(o).name for o in optimizers]
    built = [build_task(t, seed) for t in tasks]
    result = CompareResult(tol=tol)
    total, done = len(built) * len(optimizers), 0
    for task in built:
        rows = []
        for opt in optimizers:
            rows.append(_compare_one(task, opt, max_steps, tune_steps, lr_grid, seed, result))
            done += 1
            if progress:
                progress(done, total, f"{task.name} / {opt}")
        _fill_tolerance(task, rows, result)
        result.rows.extend(rows)
    return result


def _compare_one(
    task: Task, opt: str, max_steps, tune_steps, lr_grid, seed, result: CompareResult
) -> dict:
    row = dict.fromkeys(COLUMNS)
    row.update(task=task.name, optimizer=opt)
    try:
        lr, _losses = tune_lr(task, opt, lr_grid, tune_steps, seed)
        traj, evals = _full_run(task, opt, lr, max_steps, seed)
    except InputError as exc:  # e.g. Newton on the MLP (no Hessian)
        row.update(status=f"error: {exc.message}")
        return row
    row.update(
        lr=lr,
        status=traj.status,
        steps=traj.n_steps,
        wall_time=traj.wall_time,
        final_loss=float(traj.fs[-1]) if len(traj) else math.nan,
    )
    result.curves[(task.name, opt)] = traj.fs.copy()
    row["_evals"] = evals
    return row


def _fill_tolerance(task: Task, rows: list[dict], result: CompareResult) -> None:
    finals = [
        r["final_loss"]
        for r in rows
        if r["final_loss"] is not None and math.isfinite(r["final_loss"])
    ]
    f_ref = task.f_min if task.f_min is not None else (min(finals) if finals else math.nan)
    threshold = f_ref + result.tol * max(1.0, abs(f_ref))
    for r in rows:
        r["f_ref"] = f_ref
        evals = r.pop("_evals", None)
        fs = result.curves.get((task.name, r["optimizer"]))
        if fs is None or not len(fs):
            continue
        r["gap"] = float(fs[-1] - f_ref)
        hit = np.nonzero(fs <= threshold)[0]
        if hit.size:
            r["steps_to_tol"] = int(hit[0])
            r["evals_to_tol"] = float(evals[min(hit[0], len(evals) - 1)])


# -- output ------------------------------------------------------------------------------------


def to_csv(result: CompareResult, path) -> Path:
    """Write the rows as CSV through :func:`landscape.safe_write.write_text` (its folder is
    made when missing)."""
    path = Path(path)
    safe_write.ensure_folder(path.parent)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in result.rows:
        writer.writerow({k: ("" if row[k] is None else row[k]) for k in COLUMNS})
    return safe_write.write_text(path, out.getvalue())


def format_table(result: CompareResult) -> str:
    """The rows as an aligned text table ("—" where a value does not apply)."""
    head = (
        "task",
        "optimizer",
        "lr",
        "status",
        "steps",
        "to tol",
        "work",
        "final loss",
        "gap",
        "time (s)",
    )
    lines = [head]
    for r in result.rows:
        lines.append(
            (
                r["task"],
                r["optimizer"],
                _fmt(r["lr"]),
                str(r["status"])[:40],
                _fmt(r["steps"]),
                _fmt(r["steps_to_tol"]),
                _fmt(r["evals_to_tol"]),
                _fmt(r["final_loss"]),
                _fmt(r["gap"]),
                _fmt(r["wall_time"]),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def plot_curves(result: CompareResult, out_dir) -> list[Path]:
    """One PNG per task: the loss gap ``f_k - f_ref`` (floored at 1e-16) against the step, on a
    log scale, one line per optimizer."""
    from landscape.models.plot import Series, line_chart

    paths = []
    for task in dict.fromkeys(r["task"] for r in result.rows):
        series = []
        for r in (r for r in result.rows if r["task"] == task):
            fs = result.curves.get((task, r["optimizer"]))
            if fs is None or not len(fs) or r["f_ref"] is None or not math.isfinite(r["f_ref"]):
                continue
            gap = np.maximum(fs - r["f_ref"], 1e-16)
            series.append(Series(r["optimizer"], np.arange(fs.size, dtype=float), gap))
        if series:
            safe = "".join(c if c.isalnum() else "_" for c in task)
            paths.append(
                line_chart(
                    Path(out_dir) / f"loss_{safe}.png",
                    series,
                    log_y=True,
                    title=f"{task}: loss gap f - f_ref",
                    xlabel="step",
                    ylabel="f - f_ref",
                )
            )
    return paths
