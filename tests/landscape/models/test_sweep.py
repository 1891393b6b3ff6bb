"""Sweeps: reproducible, validated up front, cancellable; CSV and plots written."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

import landscape
from landscape.errors import InputError
from landscape.models import sweep_executors as executors_module
from landscape.models.sweep import best, expand_grid, plot_sweep, run_sweep, summarise, to_csv

ROOT = Path(landscape.__file__).resolve().parents[1]

GRID = {"lr": ["0.05", "0.2"], "optimizer": ["sgd"], "batch_size": ["8"], "max_steps": ["60"]}


def _strip(rows):
    return [{k: v for k, v in r.items() if k != "wall_time"} for r in rows]


def test_fixed_seed_sweep_is_reproducible():
    a = run_sweep("logreg", "blobs", GRID, "loss", seeds=2, max_workers=2)
    b = run_sweep("logreg", "blobs", GRID, "loss", seeds=2, max_workers=1)
    assert len(a.rows) == 4 and _strip(a.rows) == _strip(b.rows)
    assert [(r["lr"], r["seed"]) for r in a.rows] == [
        ("0.05", 0),
        ("0.05", 1),
        ("0.2", 0),
        ("0.2", 1),
    ]
    assert a.rows[0]["value"] == a.rows[0]["final_loss"]
    assert a.rows[0]["value"] != a.rows[1]["value"]  # SGD batches differ by seed


def test_mlp_sweep_summary_best_csv_and_plots(tmp_path):
    grid = {"width": ["4", "8"], "lr": ["0.01", "0.1"], "optimizer": ["adam"], "max_steps": ["40"]}
    seen = []
    result = run_sweep(
        "mlp",
        "moons",
        grid,
        "accuracy",
        seeds=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.metric == "test_accuracy" and seen[-1] == (8, 8)
    summary = summarise(result)
    assert len(summary) == 4 and all(r["runs"] == 2 for r in summary)
    top = best(result)
    assert top["mean"] == max(r["mean"] for r in summary)
    path = to_csv(result, tmp_path / "rows.csv")
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8 and list(rows[0])[:6] == [
        "width",
        "lr",
        "optimizer",
        "max_steps",
        "seed",
        "value",
    ]
    pngs = plot_sweep(result, tmp_path)
    assert sorted(p.name for p in pngs) == ["sweep_lr.png", "sweep_width.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


@pytest.mark.parametrize(
    "grid, message",
    [
        ({"lr": ["-1"]}, "lr"),
        ({"widht": ["3"]}, "unknown hyperparameter 'widht'"),
        ({"width": ["0"]}, "width"),
        ({"optimizer": ["nope"]}, "unknown optimizer"),
        ({"max_steps": ["0"]}, "max_steps"),
        ({"lr": []}, "at least one value"),
    ],
)
def test_bad_grids_fail_before_running(grid, message):
    with pytest.raises(InputError, match=message):
        expand_grid("mlp", grid)


def test_bad_metric_and_model():
    with pytest.raises(InputError, match="unknown metric"):
        run_sweep("linreg", "linear", {"lr": ["0.1"]}, "accuracy", seeds=1)
    with pytest.raises(InputError, match="unknown model"):
        run_sweep("cnn", "linear", {"lr": ["0.1"]}, "loss", seeds=1)


def test_cancel_stops_early():
    grid = {"lr": [str(0.01 * k) for k in range(1, 41)], "max_steps": ["20"]}
    result = run_sweep("linreg", "linear", grid, "r2", seeds=1, max_workers=1, cancel=lambda: True)
    assert result.cancelled and len(result.rows) < 40


@pytest.mark.parametrize(
    "cores, requested, jobs, expected",
    [
        (2, 16, 100, (2, "16 workers requested; using 2: 2 cores available")),
        (2, None, 100, (2, None)),
        (4, 3, 100, (3, None)),
        (4, 8, 3, (3, "8 workers requested; using 3: 4 cores available")),
        (1, 2, 10, (1, "2 workers requested; using 1: 1 core available")),
        (8, None, 2, (2, None)),
        (2, 2, 1, (1, None)),
    ],
)
def test_the_pool_is_bounded_by_the_cores_and_says_so(
    monkeypatch, cores, requested, jobs, expected
):
    monkeypatch.setattr(executors_module, "available_cores", lambda: cores)
    assert executors_module.plan_workers(requested, jobs) == expected


def test_a_sweep_asking_for_too_many_workers_runs_on_the_cores(monkeypatch):
    monkeypatch.setattr(executors_module, "available_cores", lambda: 1)
    result = run_sweep(
        "linreg",
        "linear",
        {"lr": ["0.1", "0.2"], "max_steps": ["20"]},
        "loss",
        seeds=1,
        max_workers=16,
    )
    assert result.workers == 1 and len(result.rows) == 2
    assert result.workers_note == "16 workers requested; using 1: 1 core available"


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_available_cores_follow_the_cpu_affinity():
    cpu = min(os.sched_getaffinity(0))
    code = (
        "import os; os.sched_setaffinity(0, {%d}); "
        "from landscape.models.sweep import available_cores; print(available_cores())" % cpu
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "1", out.stderr
