"""Every function the help lists, through f, ∇f and ∇²f, at points and on a grid.

The list is ``landscape.functions.FUNCTIONS`` itself (aliases included), so a function added
there is tested here without a hand copy. Each is applied to arguments that vary with x and y
and multiplied by ``(2 + x)/2``, so the chain and product rules are both exercised. References
are independent of the symbolic derivatives: mpmath at 30 digits evaluates f and differentiates
it numerically (``mpmath.diff``), at points away from every kink.
"""

import mpmath
import numpy as np
import pytest
import sympy

from landscape.functions import FUNCTIONS
from landscape.objective import SymbolicObjective
from landscape.parser import parse_expression
from landscape.symbols import symbol

ARGUMENTS = ("(x + 2y + x y)/5", "(y - x)/3", "0.1")
POINTS = [(0.3, -0.55), (0.6, 0.35), (-0.2, 0.7), (0.85, 0.2), (-0.7, 0.45)]
X, Y = np.meshgrid(np.linspace(-1.0, 1.0, 7), np.linspace(-0.9, 0.9, 6), indexing="ij")
SYMBOLS = (symbol("x"), symbol("y"))
ORDERS = {"f": (0, 0), "fx": (1, 0), "fy": (0, 1), "fxx": (2, 0), "fxy": (1, 1), "fyy": (0, 2)}
FORBIDDEN = (sympy.Derivative, sympy.Subs, sympy.DiracDelta, sympy.I, sympy.re, sympy.im)


def formulas():
    """One formula per function of the table (two for functions of more arguments)."""
    out = []
    for name, spec in FUNCTIONS.items():
        counts = sorted({spec.min_args, min(spec.max_args, len(ARGUMENTS))})
        for count in counts:
            out.append(f"{name}({', '.join(ARGUMENTS[:count])}) * (2 + x)/2")
    return out


FORMULAS = formulas()


@pytest.fixture(scope="module", params=FORMULAS)
def case(request):
    text = request.param
    expr = parse_expression(text, ("x", "y"))
    return text, expr, SymbolicObjective.from_exprs(expr, SYMBOLS, text=text)


def test_the_table_is_the_parsers_own():
    assert {t.split("(")[0] for t in FORMULAS} == set(FUNCTIONS)
    assert len(FUNCTIONS) >= 27


def _reference(expr, point):
    """f and its derivatives at ``point`` to 30 digits (None where not real)."""
    fm = sympy.lambdify(SYMBOLS, expr, modules="mpmath")
    with mpmath.workdps(30):
        at = tuple(mpmath.mpf(v) for v in point)
        out = {}
        for key, order in ORDERS.items():
            value = mpmath.diff(fm, at, order) if any(order) else fm(*at)
            out[key] = None if mpmath.im(value) != 0 else float(mpmath.re(value))
    return out


def _near_kink(expr, point) -> bool:
    """True when an argument of a non-smooth function is within 1e-3 of a kink or jump."""
    subs = dict(zip(SYMBOLS, point, strict=True))
    for node in expr.atoms(sympy.Abs, sympy.sign, sympy.floor, sympy.Max, sympy.Min):
        values = [float(arg.subs(subs)) for arg in node.args]
        if node.func is sympy.floor and abs(values[0] - round(values[0])) < 1e-3:
            return True
        if node.func in (sympy.Abs, sympy.sign) and abs(values[0]) < 1e-3:
            return True
        if node.func in (sympy.Max, sympy.Min) and np.diff(sorted(values)).min() < 1e-3:
            return True
    return False


@pytest.mark.parametrize("point", POINTS)
def test_values_and_derivatives_match_30_digit_references(case, point):
    text, expr, obj = case
    assert not _near_kink(expr, point)
    ref = _reference(expr, point)
    p = np.array(point)
    ours = dict(
        zip(ORDERS, [obj.f(p), *obj.grad(p), *obj.hess(p)[[0, 0, 1], [0, 1, 1]]], strict=True)
    )
    np.testing.assert_equal(obj.hess(p)[1, 0], obj.hess(p)[0, 1])
    for key, expected in ref.items():
        if expected is None or ref["f"] is None:  # not real here: undefined
            assert np.isnan(ours[key]), (text, point, key)
        else:
            assert ours[key] == pytest.approx(expected, rel=1e-9, abs=1e-11), (text, point, key)


def test_formulas_hold_no_delta_derivative_or_complex_part(case):
    text, _expr, obj = case
    for e in [*obj.grad_exprs, *(h for row in obj.hess_exprs for h in row)]:
        assert not e.has(*FORBIDDEN), (text, e)


def test_grids_have_the_right_shapes_and_agree_with_points(case):
    text, expr, obj = case
    f, g, h = obj.f_grid(X, Y), obj.grad_grid(X, Y), obj.hess_grid(X, Y)
    assert f.shape == X.shape and g.shape == (2, *X.shape) and h.shape == (2, 2, *X.shape)
    assert f.dtype == g.dtype == h.dtype == np.float64
    fm = sympy.lambdify(SYMBOLS, expr, modules="mpmath")
    for i, j in np.ndindex(X.shape):
        p = np.array([X[i, j], Y[i, j]])
        np.testing.assert_allclose(f[i, j], obj.f(p), rtol=1e-12, equal_nan=True)
        np.testing.assert_allclose(g[:, i, j], obj.grad(p), rtol=1e-12, equal_nan=True)
        np.testing.assert_allclose(h[:, :, i, j], obj.hess(p), rtol=1e-12, equal_nan=True)
        value = fm(*(mpmath.mpf(float(v)) for v in p))
        defined = mpmath.im(value) == 0 and mpmath.isfinite(value)
        assert np.isfinite(f[i, j]) == defined, (text, p)  # finite exactly where defined
