"""Where sweeps run: the warm local pool (kept between sweeps, safe from scripts without a main
guard) and a dask.distributed cluster started here, whose rows equal the local pool's."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import landscape
from landscape.errors import InputError
from landscape.models import sweep_executors
from landscape.models.sweep import run_sweep

ROOT = Path(landscape.__file__).resolve().parents[1]
GRID = {"lr": ["0.05", "0.3"], "optimizer": ["sgd"], "batch_size": ["8", "32"], "max_steps": ["80"]}


def _strip(rows):
    return [{k: v for k, v in r.items() if k != "wall_time"} for r in rows]


@pytest.mark.parametrize(
    "spec, expected",
    [
        (None, "local"),
        ("", "local"),
        (" local ", "local"),
        ("dask://127.0.0.1:8786", "dask://127.0.0.1:8786"),
        ("dask://scheduler.lab:9000", "dask://scheduler.lab:9000"),
    ],
)
def test_executor_choices_read(spec, expected):
    assert sweep_executors.check_executor(spec) == expected


@pytest.mark.parametrize(
    "spec",
    ["dask", "dask://", "dask://host", "dask://host:port", "dask://:8786", "dask://h:0", "spark"],
)
def test_an_unknown_executor_says_what_is_accepted(spec):
    with pytest.raises(InputError, match="unknown executor") as info:
        run_sweep("linreg", "linear", {"lr": ["0.1"]}, seeds=1, executor=spec)
    assert "dask://HOST:PORT" in info.value.hint


def _pids(pool) -> set[int]:
    return set(pool._processes)  # the executor's own record of its worker processes


def test_the_local_pool_stays_warm_between_sweeps():
    sweep_executors.shutdown_local_pool()
    first = sweep_executors.local_pool(2)
    pids = _pids(first)
    assert len(pids) == 2 and os.getpid() not in pids  # both started, with their imports
    run_sweep("linreg", "linear", {"lr": ["0.1", "0.2"], "max_steps": ["20"]}, seeds=2)
    assert sweep_executors.local_pool(2) is first and _pids(first) == pids  # the same ones
    sweep_executors.shutdown_local_pool()
    assert sweep_executors.local_pool(2) is not first
    sweep_executors.shutdown_local_pool()


def test_a_pool_of_another_size_replaces_the_warm_one():
    one = sweep_executors.local_pool(1)
    two = sweep_executors.local_pool(2)
    assert one is not two and sweep_executors.local_pool(2) is two
    sweep_executors.shutdown_local_pool()


SCRIPT = """
from landscape.models.sweep import run_sweep
r = run_sweep("logreg", "moons", {"lr": ["0.1", "0.5"], "max_steps": ["30"]}, seeds=2,
              max_workers=2)
print(len(r.rows), r.workers)
"""


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_a_script_without_a_main_guard_can_sweep(tmp_path, how):
    """spawn re-runs the parent's main script in each worker; the pool starts its workers
    with a bare __main__, so a script (or `python -`) with no guard works."""
    script = tmp_path / "sweep_me.py"
    script.write_text(textwrap.dedent(SCRIPT))
    argv = [sys.executable, str(script)] if how == "file" else [sys.executable, "-"]
    out = subprocess.run(
        argv,
        input=None if how == "file" else script.read_text(),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["4", "2"]


@pytest.fixture(scope="module")
def dask_cluster():
    import distributed  # in the test extras: never skipped

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        yield cluster
    finally:
        cluster.close()


def test_a_sweep_on_a_dask_cluster_equals_the_local_pool(dask_cluster):
    address = dask_cluster.scheduler_address.replace("tcp://", "dask://")
    remote = run_sweep("logreg", "moons", GRID, "test_f1", seeds=3, executor=address)
    local = run_sweep("logreg", "moons", GRID, "test_f1", seeds=3, max_workers=2)
    assert remote.executor.startswith("dask tcp://127.0.0.1:")
    assert remote.workers == 2 and local.executor == "local"
    assert len(remote.rows) == 12 and _strip(remote.rows) == _strip(local.rows)


def test_the_cli_sweeps_on_a_dask_cluster(dask_cluster):
    address = dask_cluster.scheduler_address.replace("tcp://", "dask://")
    argv = [sys.executable, "-m", "landscape_cli", "sweep", "--model", "linreg"]
    argv += ["--data", "linear", "--param", "lr=0.05,0.1", "--seeds", "2"]
    out = subprocess.run(
        [*argv, "--executor", address],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "4 runs in" in out.stdout
    assert "ran on dask tcp://127.0.0.1:" in out.stderr
    local = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    table = [line for line in out.stdout.splitlines() if not line.endswith(" s")]
    assert table == [line for line in local.stdout.splitlines() if not line.endswith(" s")]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_a_clear_message(monkeypatch):
    monkeypatch.setattr(sweep_executors, "CONNECT_TIMEOUT", 2.0)
    spec = f"dask://127.0.0.1:{_closed_port()}"
    with pytest.raises(InputError, match="could not reach the dask scheduler at tcp://127.0.0.1"):
        run_sweep("linreg", "linear", {"lr": ["0.1"]}, seeds=1, executor=spec)
