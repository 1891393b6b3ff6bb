"""Optimizer benchmarks: steps per second on 2-D Rosenbrock, and evaluations beside scipy.

    python benchmarks/bench_optimizers.py [--quick]

(a) Steps per second of every optimizer on Rosenbrock (SymbolicObjective from sympy), for a
    bare ``step`` loop and for a full ``run`` (trajectory, checks, StepInfo kept); best of
    several repeats. First-order methods use a learning rate that keeps them stable for the
    whole run; line-search methods restart from (−1.2, 1) whenever they converge.
(b) Iterations and f-evaluations of our BFGS / CG / Newton beside scipy's BFGS / CG /
    Newton-CG with the same exact derivatives on five problems (ours: ‖∇f‖₂ ≤ 1e-5; scipy: its
    defaults, gtol 1e-5 on ‖∇f‖∞ for BFGS and CG, xtol 1e-5 for Newton-CG). "≤" marks where
    ours needs no more iterations and no more f-evaluations.
(c) Newton (trust-region safeguard, default) beside scipy's trust-exact and Newton-CG on the
    problems of issue 9: positive-definite quadratics (one step expected), McCormick from (0, 0)
    (singular ∇²f at the start), Powell's badly scaled function from (0, 1), Rosenbrock,
    Himmelblau, Beale. Each side's default stopping rule (ours: ‖∇f‖₂ ≤ 1e-6); scipy's nit
    counts rejected trust-region tries as iterations, ours does not (they are a step's trials).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from landscape.objective import SymbolicObjective  # noqa: E402
from landscape.optim import list_specs, make_optimizer, run  # noqa: E402

X, Y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
START = np.array([-1.2, 1.0])

#: hyperparameters that keep each first-order method stable on Rosenbrock
STABLE = {
    "gd": {"lr": 1e-3},
    "sgd": {"lr": 1e-3, "noise": 0.1},
    "momentum": {"lr": 1e-4},
    "nesterov": {"lr": 1e-4},
    "rmsprop": {"lr": 1e-3},
    "adam": {"lr": 1e-3},
    "adamw": {"lr": 1e-3},
    "adagrad": {"lr": 0.1},
}

PROBLEMS = {
    "rosenbrock": ((1 - X) ** 2 + 100 * (Y - X**2) ** 2, (-1.2, 1.0)),
    "beale": (
        (sympy.Rational(3, 2) - X + X * Y) ** 2
        + (sympy.Rational(9, 4) - X + X * Y**2) ** 2
        + (sympy.Rational(21, 8) - X + X * Y**3) ** 2,
        (1.0, 1.0),
    ),
    "himmelblau": ((X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2, (0.0, 0.0)),
    "booth": ((X + 2 * Y - 7) ** 2 + (2 * X + Y - 5) ** 2, (0.0, 0.0)),
    "x²+2xy+3y²": (X**2 + 2 * X * Y + 3 * Y**2, (2.0, 3.0)),
}


def rosenbrock() -> SymbolicObjective:
    return SymbolicObjective.from_exprs(PROBLEMS["rosenbrock"][0], (X, Y))


def bare_steps_per_second(name: str, steps: int) -> float:
    """A plain ``step`` loop (restarting from the start when a line-search method is done)."""
    obj, opt = rosenbrock(), make_optimizer(name, **STABLE.get(name, {}))
    x, state = START, opt.init(START)
    t0 = time.perf_counter()
    for _ in range(steps):
        if state.g is not None and float(state.g @ state.g) < 1e-16:
            x, state = START, opt.init(START)
        x, state, _ = opt.step(x, state, obj)
    return steps / (time.perf_counter() - t0)


def run_steps_per_second(name: str, steps: int) -> tuple[float, float]:
    """Full runs; returns (steps/s, f-evaluations per step)."""
    obj, opt = rosenbrock(), make_optimizer(name, **STABLE.get(name, {}))
    done, elapsed, nfev = 0, 0.0, 0
    while done < steps:
        t0 = time.perf_counter()
        traj = run(opt, obj, START, max_steps=steps - done, gtol=1e-10)
        elapsed += time.perf_counter() - t0
        if traj.n_steps == 0:
            break
        done += traj.n_steps
        nfev += traj.counts.nfev
    return done / elapsed, nfev / max(done, 1)


def bench_speed(steps: int, repeats: int) -> None:
    print(
        f"(a) steps per second on 2-D Rosenbrock (SymbolicObjective), {steps} steps, "
        f"best of {repeats}"
    )
    print(f"{'optimizer':<10} {'bare step/s':>12} {'run step/s':>12} {'f-evals/step':>13}")
    for spec in list_specs():
        bare = max(bare_steps_per_second(spec.name, steps) for _ in range(repeats))
        full = max(
            (run_steps_per_second(spec.name, steps) for _ in range(repeats)), key=lambda r: r[0]
        )
        print(f"{spec.name:<10} {bare:>12,.0f} {full[0]:>12,.0f} {full[1]:>13.2f}")
    print()


def scipy_counts(method: str, expr, start) -> tuple[int, int]:
    import scipy.optimize as so  # benchmark-only dependency

    obj = SymbolicObjective.from_exprs(expr, (X, Y))
    hess = obj.hess if method == "Newton-CG" else None
    res = so.minimize(obj.f, np.array(start), jac=obj.grad, hess=hess, method=method)
    return res.nit, obj.counts.nfev


def bench_scipy() -> None:
    print("(b) iterations / f-evaluations, ours vs scipy (same exact derivatives)")
    print(
        f"{'problem':<12} {'ours':<7} {'it':>4} {'nfev':>5}   {'scipy':<10} {'it':>4} {'nfev':>5}"
    )
    for ours, theirs in (("bfgs", "BFGS"), ("cg", "CG"), ("newton", "Newton-CG")):
        for name, (expr, start) in PROBLEMS.items():
            obj = SymbolicObjective.from_exprs(expr, (X, Y))
            traj = run(make_optimizer(ours), obj, start, gtol=1e-5, max_steps=1000)
            nit, nfev = scipy_counts(theirs, expr, start)
            mark = "≤" if traj.n_steps <= nit and traj.counts.nfev <= nfev else "worse"
            print(
                f"{name:<12} {ours:<7} {traj.n_steps:>4} {traj.counts.nfev:>5}   "
                f"{theirs:<10} {nit:>4} {nfev:>5}   {mark}"
            )
    print()


R = sympy.Rational
NEWTON_PROBLEMS = {
    "x²+1e9y²": (X**2 + 10**9 * Y**2, (1.0, 1.0)),
    "x²+2xy+3y²": PROBLEMS["x²+2xy+3y²"],
    "booth": PROBLEMS["booth"],
    "mccormick": (sympy.sin(X + Y) + (X - Y) ** 2 - R(3, 2) * X + R(5, 2) * Y + 1, (0.0, 0.0)),
    "powell": (
        (10**4 * X * Y - 1) ** 2 + (sympy.exp(-X) + sympy.exp(-Y) - R(10001, 10000)) ** 2,
        (0.0, 1.0),
    ),
    "rosenbrock": PROBLEMS["rosenbrock"],
    "himmelblau": PROBLEMS["himmelblau"],
    "beale": PROBLEMS["beale"],
}


def _scipy_newton(method: str, expr, start):
    import scipy.optimize as so  # benchmark-only dependency

    obj = SymbolicObjective.from_exprs(expr, (X, Y))
    res = so.minimize(obj.f, np.array(start), jac=obj.grad, hess=obj.hess, method=method)
    return res.nit, obj.counts.nfev, float(res.fun), res.x


def bench_newton() -> None:
    print("(c) Newton: steps / f-evaluations / final f, ours (trust region) vs scipy")
    print(
        f"{'problem':<12} {'ours':>5} {'nfev':>5} {'f':>10}  | {'trust-exact':>11} {'nfev':>5} "
        f"{'f':>10}  | {'Newton-CG':>9} {'nfev':>5} {'f':>10}"
    )
    for name, (expr, start) in NEWTON_PROBLEMS.items():
        obj = SymbolicObjective.from_exprs(expr, (X, Y))
        traj = run(make_optimizer("newton"), obj, start, max_steps=1000)
        row = f"{name:<12} {traj.n_steps:>5} {traj.counts.nfev:>5} {traj.f_final:>10.3g}"
        for method in ("trust-exact", "Newton-CG"):
            nit, nfev, fun, _x = _scipy_newton(method, expr, start)
            width = 11 if method == "trust-exact" else 9
            row += f"  | {nit:>{width}} {nfev:>5} {fun:>10.3g}"
        print(row + ("" if traj.status == "converged" else f"  ours: {traj.status}"))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    parser.add_argument("--newton", action="store_true", help="only table (c), Newton")
    args = parser.parse_args(argv)
    if args.newton:
        bench_newton()
        return 0
    steps, repeats = (5000, 2) if args.quick else (20000, 3)
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}\n")
    bench_speed(steps, repeats)
    bench_scipy()
    bench_newton()
    return 0


if __name__ == "__main__":
    sys.exit(main())
