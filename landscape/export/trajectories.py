"""The runs as plain records, the manifest of an export, and trajectories alone as CSV or JSON.

A :class:`RunRecord` is what an export needs to know about one optimizer on screen; it holds
the :class:`~landscape.optim.Trajectory` itself. CSV has one row per point; JSON one object per
run with its effective hyperparameters. Both are written through a temporary file.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landscape.export import files

CSV_COLUMNS = ("run", "optimizer", "step", "x", "y", "f", "grad_norm")


@dataclass(frozen=True)
class RunRecord:
    """One run: registry ``optimizer`` name, the name shown, colour, and its trajectory."""

    optimizer: str
    display_name: str
    color: str
    trajectory: Any

    @property
    def hyperparameters(self) -> dict[str, Any]:
        """Every hyperparameter the run used (defaults included)."""
        return _plain(dict(self.trajectory.hyperparameters))

    def summary(self) -> dict[str, Any]:
        traj = self.trajectory
        return {
            "optimizer": self.optimizer,
            "display_name": self.display_name,
            "color": self.color,
            "hyperparameters": self.hyperparameters,
            "status": traj.status,
            "steps": traj.n_steps,
            "seed": traj.seed,
        }


def _plain(value):
    """JSON-safe copy: numpy scalars to Python, non-finite floats to None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def manifest(
    *,
    expression: str,
    domain,
    start,
    runs: list[RunRecord],
    view: str,
    size: tuple[int, int],
    frame_size: tuple[int, int],
    steps: list[int],
    steps_per_frame: int,
    orbit: bool = False,
    **extra,
) -> dict[str, Any]:
    """The small JSON description that goes beside a PNG sequence (no timestamps, so two
    identical exports have identical manifests)."""
    return _plain(
        {
            "expression": expression,
            "domain": list(domain),
            "start": list(start),
            "optimizers": [run.summary() for run in runs],
            "view": view,
            "size_per_view": list(size),
            "size": list(frame_size),
            "steps_per_frame": steps_per_frame,
            "first_step": steps[0] if steps else 0,
            "last_step": steps[-1] if steps else 0,
            "frame_steps": list(steps),
            "orbit": orbit,
            **extra,
        }
    )


def _window(traj, first: int, last: int | None):
    n = len(traj.fs)
    end = n if last is None else min(n, last + 1)
    return range(min(first, end), end)


def to_csv(runs: list[RunRecord], first: int = 0, last: int | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, run in enumerate(runs, start=1):
        traj = run.trajectory
        xs, fs, gs = traj.xs, traj.fs, traj.grad_norms
        for k in _window(traj, first, last):
            writer.writerow(
                (
                    number,
                    run.optimizer,
                    k,
                    repr(float(xs[k, 0])),
                    repr(float(xs[k, 1])),
                    repr(float(fs[k])),
                    repr(float(gs[k])),
                )
            )
    return out.getvalue()


def to_json(
    runs: list[RunRecord], context: dict[str, Any], first: int = 0, last: int | None = None
) -> str:
    items = []
    for run in runs:
        traj = run.trajectory
        window = _window(traj, first, last)
        items.append(
            {
                **run.summary(),
                "message": traj.message,
                "x0": traj.x0.tolist(),
                "first_step": window.start,
                "points": traj.xs[window.start : window.stop].tolist(),
                "f": traj.fs[window.start : window.stop].tolist(),
                "grad_norm": traj.grad_norms[window.start : window.stop].tolist(),
            }
        )
    return json.dumps(_plain({**context, "runs": items}), indent=1, allow_nan=False) + "\n"


def write_trajectories(
    path,
    runs: list[RunRecord],
    fmt: str,
    context: dict[str, Any],
    first: int = 0,
    last: int | None = None,
) -> Path:
    """Write the runs' points (steps ``first`` … ``last``) as ``fmt`` (csv or json)."""
    text = to_csv(runs, first, last) if fmt == "csv" else to_json(runs, context, first, last)
    return files.write_atomic(Path(path), text.encode("utf-8"))
