"""Model benchmarks: the MLP loss plane and sweep throughput.

    python benchmarks/bench_models.py [--quick]

(a) the 51 × 51 filter-normalised plane of a 2-hidden-layer, width-32 tanh MLP on 1,000 points
    (goal ≤ 2 s), plus one full-batch gradient and the PCA of a 500-step trajectory;
(b) sweep throughput in runs per second: the same sweep on 1 worker and on all cores, for
    logistic regression and for a small MLP, on a warm pool (its processes running, as when
    the Sweep panel is open) and a cold one (start-up timed, as a `landscape sweep` run),
    with the speed-up of all cores over one beside the machine's own ceiling: the same
    pure-Python work split over the same number of spawned processes (on shared or
    hyper-threaded cores this is below the core count, and no sweep can beat it).
Times are medians of a few repeats (3 with --quick).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from landscape.grid import Domain, sample_grid  # noqa: E402
from landscape.models.data import make_moons  # noqa: E402
from landscape.models.directions import filter_normalized_plane, trajectory_pca  # noqa: E402
from landscape.models.mlp import MLP  # noqa: E402
from landscape.models.sweep import run_sweep  # noqa: E402


def median_s(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_plane(repeats: int) -> None:
    model = MLP(make_moons(1000, seed=0), hidden_layers=2, width=32, activation="tanh", seed=0)
    model.set_view(filter_normalized_plane(model, model.x0, seed=0))
    domain = Domain(-1.0, 1.0, -1.0, 1.0)
    t_plane = median_s(lambda: sample_grid(model, domain, 51), repeats)
    t_grad = median_s(lambda: model.grad(model.x0), 5 * repeats)
    xs = model.x0 + np.cumsum(np.random.default_rng(0).normal(0, 1e-3, (501, model.n)), axis=0)
    t_pca = median_s(lambda: trajectory_pca(xs), repeats)
    print(f"MLP 2×32 tanh on 1000 points ({model.n} parameters)")
    print(f"  51×51 plane           {t_plane:8.3f} s   (goal ≤ 2 s)")
    print(f"  full-batch gradient   {1e3 * t_grad:8.3f} ms")
    print(f"  PCA of 501 points     {1e3 * t_pca:8.3f} ms")


def _busy(n: int) -> int:
    """Pure-Python CPU work (module level: runs in a spawned process)."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def parallel_ceiling(cores: int, total: int = 40_000_000) -> float:
    """Wall time of ``total`` loop turns on one process / the same split over ``cores``
    spawned processes (start-up included, as a sweep's pool)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    times = []
    for workers in (1, cores):
        t0 = time.perf_counter()
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            list(pool.map(_busy, [total // (workers * 4)] * (workers * 4)))
        times.append(time.perf_counter() - t0)
    return times[0] / times[1]


def _timed_sweep(model, data, grid, seeds, workers, warm: bool):
    """(seconds, result) of one sweep; ``warm``: its worker processes already running (the
    Sweep panel starts them when it opens), else started inside the timing (a CLI run)."""
    from landscape.models.sweep_executors import local_pool, shutdown_local_pool

    shutdown_local_pool()
    if warm:
        local_pool(workers)
    t0 = time.perf_counter()
    result = run_sweep(model, data, grid, "loss", seeds=seeds, max_workers=workers)
    return time.perf_counter() - t0, result


def bench_sweep(
    name: str, model: str, data: str, grid: dict, seeds: int, repeats: int
) -> dict[str, float]:
    """Prints a row per (warm/cold, workers): the median of ``repeats`` sweeps; returns the
    speed-up of all cores over one worker, warm and cold. A first, untimed sweep pays this
    process's own first-use costs (imports, data) so that no row carries them."""
    cores = os.cpu_count() or 1
    _timed_sweep(model, data, grid, 1, 1, warm=True)
    elapsed_by = {}
    for warm in (True, False):
        for workers in sorted({1, cores}):
            timed = [_timed_sweep(model, data, grid, seeds, workers, warm) for _ in range(repeats)]
            elapsed = statistics.median(t for t, _ in timed)
            result = timed[-1][1]
            runs = len(result.rows)
            mean_run = statistics.mean(r["wall_time"] for r in result.rows)
            print(
                f"  {name:<28} {'warm' if warm else 'cold'} {workers} worker(s): {runs} runs "
                f"in {elapsed:6.2f} s = {runs / elapsed:7.1f} runs/s  "
                f"(one run {1e3 * mean_run:.1f} ms)"
            )
            elapsed_by[warm, workers] = elapsed
    return {
        kind: elapsed_by[warm, 1] / elapsed_by[warm, cores]
        for kind, warm in (("warm", True), ("cold", False))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and runs")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 5
    bench_plane(repeats)
    cores = os.cpu_count() or 1
    print(f"sweep throughput ({cores} cores)")
    lrs = [str(v) for v in np.geomspace(0.01, 1.0, 4 if args.quick else 8)]
    ratios = {}
    ratios["logreg"] = bench_sweep(
        "logreg/blobs, gd, 300 steps",
        "logreg",
        "blobs",
        {"lr": lrs, "l2": ["0", "0.01", "0.1"], "max_steps": ["300"]},
        2 if args.quick else 4,
        repeats,
    )
    ratios["mlp"] = bench_sweep(
        "mlp 2×16/moons, adam, 500 st.",
        "mlp",
        "moons",
        {"lr": [str(v) for v in np.geomspace(0.01, 1.0, 8)], "optimizer": ["adam"]},
        4,
        repeats,
    )
    ceiling = parallel_ceiling(cores)
    for kind in ("warm", "cold"):
        print(
            f"  {cores} workers vs 1, {kind} pool: logreg {ratios['logreg'][kind]:.2f}×, "
            f"mlp {ratios['mlp'][kind]:.2f}×"
        )
    print(f"  the machine's ceiling (pure-Python work, {cores} processes vs 1): {ceiling:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
