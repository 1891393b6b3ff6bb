"""Fuzz: random formulas built from every function the parser knows, through f, ∇f and ∇²f.

A seeded generator writes formulas as a person would type them (functions from
``landscape.functions.FUNCTIONS``, the four operations and powers, constants from 1e-30 to
1e300, negative bases); each one that the parser and the differentiation accept is compiled and
evaluated at points (kinks and zeros among them) and on a small grid. Nothing may raise, not
even the generated code behind the objective's safety net, and every result is a real float
or NaN. Refusals must be InputError/BudgetError with a message.
"""

import random

import numpy as np
import pytest
import sympy

from landscape.compile import compile_objective
from landscape.errors import InputError
from landscape.functions import FUNCTIONS
from landscape.objective import SymbolicObjective
from landscape.parser import parse_expression
from landscape.symbols import symbol

VARIABLES = ("x", "y")
SYMBOLS = tuple(symbol(v) for v in VARIABLES)
NAMES = sorted(FUNCTIONS)
CONSTANTS = [
    "0",
    "1",
    "2",
    "0.5",
    "3",
    "7",
    "pi",
    "e",
    "(-2)",
    "(-0.5)",
    "1e-5",
    "1e-30",
    "1e20",
    "1e300",
]
POINTS = [
    np.array(p)
    for p in [(0.3, -0.7), (0.0, 0.0), (1.0, 1.0), (-1.5, 2.5), (2.0, -2.0), (1e-3, -4.0)]
]
GRID = np.meshgrid(np.linspace(-2.0, 2.0, 4), np.linspace(-1.5, 3.0, 3), indexing="ij")
BATCHES = 20
PER_BATCH = 100  # compiled formulas per batch: 2,000 in all
FORBIDDEN = (sympy.Derivative, sympy.Subs, sympy.DiracDelta, sympy.I, sympy.re, sympy.im)


def random_formula(rng: random.Random, depth: int) -> str:
    """A formula of nesting ``depth`` at most, as text."""
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(["x", "y", "x", "y", *CONSTANTS])
    if rng.random() < 0.5:
        name = rng.choice(NAMES)
        spec = FUNCTIONS[name]
        count = rng.randint(spec.min_args, min(spec.max_args, 3))
        return f"{name}({', '.join(random_formula(rng, depth - 1) for _ in range(count))})"
    op = rng.choice(["+", "-", "*", "/", "^"])
    left, right = random_formula(rng, depth - 1), random_formula(rng, depth - 1)
    if op == "^":
        right = rng.choice(["2", "3", "0.5", "-1", "x", "y", right])
    return f"({left}){op}({right})"


def _assert_real(value, shape, text):
    arr = np.asarray(value)
    assert arr.dtype == np.float64 and arr.shape == shape, (text, arr.dtype, arr.shape)


def check_objective(obj: SymbolicObjective, text: str) -> None:
    """f, ∇f, ∇²f at POINTS and on GRID: raw generated code does not raise; results real."""
    for e in [obj.expr, *obj.grad_exprs, *(h for row in obj.hess_exprs for h in row)]:
        assert not e.has(*FORBIDDEN), (text, e)
    hess_fn = obj._hessian_fn()
    with np.errstate(all="ignore"):
        for p in POINTS:  # the objective calls them with the float64 entries of an array
            obj._f_fn(*p), obj._g_fn(*p), hess_fn(*p)  # must not raise
        obj._f_fn(*GRID), obj._g_fn(*GRID), hess_fn(*GRID)
    for p in POINTS[:3]:  # the public calls wrap the same code: three points suffice
        assert type(obj.f(p)) is float, text
        _assert_real(obj.grad(p), (2,), text)
        _assert_real(obj.hess(p), (2, 2), text)
    shape = GRID[0].shape
    f, g, h = obj.f_grid(*GRID), obj.grad_grid(*GRID), obj.hess_grid(*GRID)
    _assert_real(f, shape, text)
    _assert_real(g, (2, *shape), text)
    _assert_real(h, (2, 2, *shape), text)
    corner = np.array([GRID[0][1, 2], GRID[1][1, 2]])
    np.testing.assert_allclose(
        g[:, 1, 2], obj.grad(corner), rtol=1e-9, equal_nan=True, err_msg=text
    )


@pytest.mark.parametrize("batch", range(BATCHES))
def test_random_formulas_never_raise_and_stay_real(batch):
    rng = random.Random(9_000 + batch)
    compiled = attempts = 0
    while compiled < PER_BATCH:
        attempts += 1
        assert attempts < 3 * PER_BATCH, "the generator makes too few valid formulas"
        text = random_formula(rng, rng.choice((2, 3)))
        try:
            obj = SymbolicObjective.from_exprs(
                parse_expression(text, VARIABLES), SYMBOLS, text=text
            )
        except InputError as exc:
            assert exc.message, text
            continue
        check_objective(obj, text)
        compiled += 1


def test_the_fuzz_uses_every_function():
    rng = random.Random(9_000)
    texts = " ".join(random_formula(rng, 3) for _ in range(PER_BATCH * 3))
    assert all(f"{name}(" in texts for name in NAMES)


def test_the_worker_path_compiles_random_formulas_too():
    """Through the budget worker: the pickled derivatives compile and behave the same."""
    rng = random.Random(77)
    compiled = 0
    while compiled < 40:
        text = random_formula(rng, 2)
        try:
            obj = compile_objective(text)
        except InputError as exc:
            assert exc.message, text
            continue
        check_objective(obj, text)
        compiled += 1
