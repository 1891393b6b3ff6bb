"""Core benchmarks: compile every preset, sample f and ∇f on grids, extract contour lines.

    python benchmarks/bench_core.py [--quick]

(a) parse + differentiate + compile, cold (first time in this process) and warm, per preset;
(b) f and ∇f on n × n grids for Rosenbrock and a heavy function, beside the same expressions
    written by hand in numpy (the ratio is ours / hand; 1.0 means no overhead);
(c) contour lines for 20 levels at 500².
Times are medians of several repeats, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from landscape.contours import contour_lines  # noqa: E402
from landscape.grid import Domain, Grid, sample_grid  # noqa: E402
from landscape.presets import list_presets  # noqa: E402

HEAVY = "sin(3x) cos(3y) exp(-(x^2 + y^2)/4) + 0.1 log(1 + x^2 + y^2)"
ROSENBROCK = "(1-x)^2 + 100(y-x^2)^2"
HEAVY_DOMAIN = Domain(-5, 5, -5, 5)
ROSEN_DOMAIN = Domain(-2, 2, -1, 3)


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs (after one warm-up), in ms."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def once_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return 1e3 * (time.perf_counter() - t0)


# -- hand-written numpy twins ------------------------------------------------------------
def heavy_f(X, Y):
    return np.sin(3 * X) * np.cos(3 * Y) * np.exp(-(X**2 + Y**2) / 4) + 0.1 * np.log(
        1 + X**2 + Y**2
    )


def heavy_grad(X, Y):
    r2 = X**2 + Y**2
    s, c, e = np.sin(3 * X), np.cos(3 * Y), np.exp(-r2 / 4)
    sce, log_term = s * c * e, 0.2 / (1 + r2)
    return np.stack(
        [
            3 * np.cos(3 * X) * c * e - 0.5 * X * sce + X * log_term,
            -3 * s * np.sin(3 * Y) * e - 0.5 * Y * sce + Y * log_term,
        ]
    )


def rosen_f(X, Y):
    return (1 - X) ** 2 + 100 * (Y - X**2) ** 2


def rosen_grad(X, Y):
    w = Y - X**2
    return np.stack([-2 * (1 - X) - 400 * X * w, 200 * w])


def hand(fn, domain: Domain, n: int):
    def run():
        X, Y = np.meshgrid(
            np.linspace(domain.xmin, domain.xmax, n),
            np.linspace(domain.ymin, domain.ymax, n),
            indexing="ij",
        )
        with np.errstate(all="ignore"):
            return fn(X, Y)

    return run


def sampler(objective, domain: Domain, n: int):
    return lambda: sample_grid(objective, domain, n)


def ours_grad(objective, domain: Domain, n: int):
    def run():
        X, Y = np.meshgrid(
            np.linspace(domain.xmin, domain.xmax, n),
            np.linspace(domain.ymin, domain.ymax, n),
            indexing="ij",
        )
        return objective.grad_grid(X, Y)

    return run


# -- sections --------------------------------------------------------------------------------
def make_objective(text: str):
    """compile_objective when it exists, else the parser and in-process differentiation."""
    try:
        from landscape.compile import compile_objective

        return compile_objective(text)
    except ImportError:
        from landscape.objective import SymbolicObjective
        from landscape.parser import parse_expression
        from landscape.symbols import symbol

        return SymbolicObjective.from_exprs(parse_expression(text), (symbol("x"), symbol("y")))


def bench_compile(repeats: int) -> None:
    print("(a) parse + differentiate + compile, per preset [ms]")
    try:
        from landscape.budget import prewarm
        from landscape.compile import compile_objective
        from landscape.parser import parse_expression
    except ImportError as exc:
        print(f"    skipped: {exc} (landscape.compile is not available yet)\n")
        return
    start = once_ms(prewarm)
    first = once_ms(lambda: compile_objective("x + y"))
    print(f"    worker start-up: prewarm() {start:.1f}, then first compile ('x + y') {first:.1f}")
    print("    cold = first compile of that text in this process (sympy caches empty for it)")
    print(f"    {'preset':18s} {'parse':>8s} {'cold':>9s} {'warm':>9s}")
    for p in list_presets():
        cold = once_ms(lambda p=p: compile_objective(p.expression))
        warm = median_ms(lambda p=p: compile_objective(p.expression), repeats)
        parse = median_ms(lambda p=p: parse_expression(p.expression), repeats)
        print(f"    {p.name:18s} {parse:8.2f} {cold:9.1f} {warm:9.1f}")
    print()


def bench_grids(sizes: list[int], repeats: int) -> None:
    print("(b) f (sample_grid, chunked) and ∇f (grad_grid, one call) vs hand-written numpy [ms]")
    print(
        f"    {'function':11s} {'n²':>6s} {'f ours':>9s} {'f hand':>9s} {'ratio':>6s}"
        f" {'∇f ours':>9s} {'∇f hand':>9s} {'ratio':>6s}"
    )
    cases = [
        ("rosenbrock", ROSENBROCK, ROSEN_DOMAIN, rosen_f, rosen_grad),
        ("heavy", HEAVY, HEAVY_DOMAIN, heavy_f, heavy_grad),
    ]
    for name, text, domain, f_hand, g_hand in cases:
        objective = make_objective(text)
        for n in sizes:
            reps = repeats if n <= 1000 else max(3, repeats // 2)
            f_ours = median_ms(sampler(objective, domain, n), reps)
            f_ref = median_ms(hand(f_hand, domain, n), reps)
            g_ours = median_ms(ours_grad(objective, domain, n), reps)
            g_ref = median_ms(hand(g_hand, domain, n), reps)
            print(
                f"    {name:11s} {n:6d} {f_ours:9.1f} {f_ref:9.1f} {f_ours / f_ref:6.2f}"
                f" {g_ours:9.1f} {g_ref:9.1f} {g_ours / g_ref:6.2f}"
            )
    print()


def bench_contours(repeats: int) -> None:
    print("(c) contour lines, 20 levels at 500² (goal ≤ 100 ms) [ms]")
    for name, text, domain, scale in [
        ("heavy", HEAVY, HEAVY_DOMAIN, "linear"),
        ("rosenbrock", ROSENBROCK, ROSEN_DOMAIN, "log"),
    ]:
        grid = sample_grid(make_objective(text), domain, 500)
        levels = grid.levels(20, scale)
        t = median_ms(lambda g=grid, lv=levels: contour_lines(g, lv), repeats)
        lv = median_ms(lambda g=grid, s=scale: cold_levels(g, s), repeats)
        points = sum(c.x.size for c in contour_lines(grid, levels))
        print(f"    {name:11s} ({scale:6s}) lines {t:7.1f}   levels {lv:6.1f}   vertices {points}")
    print()


def cold_levels(grid, scale):
    """20 levels on a fresh Grid, so the cached percentiles are computed again."""
    return Grid(grid.xs, grid.ys, grid.z).levels(20, scale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 7
    sizes = [200, 500] if args.quick else [200, 500, 1000, 2000]
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}; medians of {repeats}\n")
    bench_compile(repeats)
    bench_grids(sizes, repeats)
    bench_contours(repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
