"""Symbolic work that runs inside the budget worker (see :mod:`landscape.budget`).

Everything here may take unbounded time on a hostile expression, so callers in the app and the
command line reach it through ``run_with_budget``, never directly.

:func:`derive` gives the exact gradient and Hessian (almost everywhere: :mod:`landscape.realdiff`)
for display, and their *numeric forms* for compilation: every exact constant a double cannot hold
as written (``10**30``, ``log(10**30)``, ``sin(10**20)``) becomes a 17-digit Float, so numpy never
meets a Python integer it cannot convert. A formula that is not real (``(-2)^x``: its derivative
has ``I``), that keeps an unevaluated derivative, or whose derivatives need numbers beyond
floating point (``-atan2(x y, y^3*1e300)``: 1e600) is refused here with an InputError/BudgetError.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from landscape.counted_budget import operation_budget
from landscape.errors import BudgetError, InputError
from landscape.guards import MAX_MAGNITUDE
from landscape.realdiff import real_diff

#: Exact integers (numerators, denominators) up to this size stay exact in compiled code.
EXACT_INT_LIMIT = 2**53
#: Digits of the Floats that replace exact constants (enough to round-trip a double).
FLOAT_DIGITS = 17
_UNDEFINED = (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan)
#: the largest constant (and 1 / the smallest nonzero one) compiled code may hold
_LARGEST = MAX_MAGNITUDE * (1 + 1e-12)
#: differentiation's budget of counted calls (∇f, ∇²f, their checks, numeric forms and common
#: subexpressions): the refusal is the same on every machine at any load
MAX_DERIVE_OPERATIONS = 3_000_000


@dataclass(frozen=True)
class Derivatives:
    """An expression with its exact gradient (n) and Hessian (n × n), plus the common
    subexpressions of the numeric form of each group, precomputed so that compiling them is
    cheap and bounded."""

    expr: sympy.Expr
    symbols: tuple[sympy.Symbol, ...]
    gradient: tuple[sympy.Expr, ...]
    hessian: tuple[tuple[sympy.Expr, ...], ...]
    cse_f: tuple
    cse_gradient: tuple
    cse_hessian: tuple


def parse_and_derive(text: str, variables) -> Derivatives:
    """Parse ``text`` with the safe parser and :func:`derive` it (both in the worker)."""
    from landscape.parser import parse_expression
    from landscape.symbols import objective_symbols

    expr = parse_expression(text, variables)
    return derive(expr, objective_symbols(expr, variables))


def derivative_names(symbols) -> tuple[list[str], list[list[str]]]:
    """``["∂f/∂x", …]`` and ``[["∂²f/∂x²", "∂²f/∂x∂y"], …]`` for messages."""
    names = [str(s) for s in symbols]
    grad = [f"∂f/∂{a}" for a in names]
    hess = [[f"∂²f/∂{a}²" if a == b else f"∂²f/∂{a}∂{b}" for b in names] for a in names]
    return grad, hess


@operation_budget(MAX_DERIVE_OPERATIONS, "differentiate")
def derive(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Derivatives:
    """∇f and ∇²f of ``expr`` with respect to ``symbols`` (the Hessian is symmetric by
    construction: the upper triangle is computed once and mirrored). InputError for a formula
    that is not real or cannot be compiled; BudgetError for numbers beyond floating point,
    or (the same on every machine) beyond :data:`MAX_DERIVE_OPERATIONS` counted calls."""
    symbols = tuple(symbols)
    n = len(symbols)
    gradient = tuple(real_diff(expr, s) for s in symbols)
    upper = {(i, j): real_diff(gradient[i], symbols[j]) for i in range(n) for j in range(i, n)}
    hessian = tuple(tuple(upper[min(i, j), max(i, j)] for j in range(n)) for i in range(n))
    grad_names, hess_names = derivative_names(symbols)
    flat = [
        ("f", expr),
        *zip(grad_names, gradient, strict=True),
        *((hess_names[i][j], upper[i, j]) for i, j in upper),
    ]
    for where, e in flat:
        check_compilable(e, where)
    guard = domain_guard(expr)
    numeric = {where: numeric_form(e if where == "f" else e + guard, where) for where, e in flat}
    flat_hessian = [numeric[hess_names[min(i, j)][max(i, j)]] for i in range(n) for j in range(n)]
    return Derivatives(
        expr=expr,
        symbols=symbols,
        gradient=gradient,
        hessian=hessian,
        cse_f=sympy.cse([numeric["f"]]),
        cse_gradient=sympy.cse([numeric[name] for name in grad_names]),
        cse_hessian=sympy.cse(flat_hessian),
    )


class DomainGuard(sympy.Function):
    """``DomainGuard(a, b, …)``: 0 where every argument is finite, NaN elsewhere. Added to the
    compiled derivatives so that they are undefined wherever f is: ``log(u)``'s derivative
    ``u'/u`` is finite for u < 0, and ``floor(log(x))``'s is 0 everywhere. Never displayed."""

    def _numpycode(self, printer):
        return "(0.0*(" + " + ".join(printer._print(arg) for arg in self.args) + "))"

    def fdiff(self, argindex=1):
        return sympy.S.Zero


def domain_guard(expr: sympy.Expr) -> sympy.Expr:
    """The :class:`DomainGuard` of the parts of ``expr`` that are undefined for some real
    arguments (``log(u)``, ``asin(u)``, ``acos(u)``, powers with a fractional or variable
    exponent), or 0 when there are none."""
    nodes = [
        node
        for node in expr.atoms(sympy.log, sympy.asin, sympy.acos, sympy.Pow)
        if node.free_symbols and not (node.is_Pow and node.exp.is_Integer)
    ]
    return DomainGuard(*sorted(nodes, key=sympy.default_sort_key)) if nodes else sympy.S.Zero


def check_compilable(expr: sympy.Expr, where: str) -> None:
    """Refuse what numpy cannot evaluate as a real function: an unevaluated derivative, or
    the imaginary unit (``(-2)**x*(log(2) + I*pi)``: the values would be complex)."""
    if expr.has(sympy.Derivative, sympy.Subs, sympy.DiracDelta):
        raise InputError(f"{where} cannot be written as a formula here")
    if expr.has(sympy.I):
        raise InputError(
            f"f is not real-valued: {where} contains i = √−1", hint=_complex_hint(expr)
        )


def _complex_hint(expr: sympy.Expr) -> str | None:
    negative_power = any(
        p.base.is_number and p.base.is_negative and p.exp.free_symbols
        for p in expr.atoms(sympy.Pow)
    )
    if negative_power:
        return (
            "a negative number to a variable power, like (-2)^x, is real only at whole "
            "powers: use a positive base such as 2^x"
        )
    return None


def numeric_form(expr: sympy.Expr, where: str = "f") -> sympy.Expr:
    """``expr`` with each constant that a double cannot hold as written replaced by its
    17-digit Float; small integers and fractions, ``pi`` and ``E`` stay (the printer knows
    them); ``zoo``/``oo``/``nan`` become ``nan``. BudgetError for a number beyond ±1e300 (or
    nonzero below 1e-300), InputError for a complex one."""
    memo: dict = {}

    def walk(node) -> tuple[sympy.Expr, bool]:
        """(new node, whether ``node`` is constant); constants are replaced by the parent."""
        if node in memo:
            return memo[node]
        if node.is_Symbol:
            out = (node, False)
        elif not node.args:
            out = (node, True)
        else:
            parts = [walk(arg) for arg in node.args]
            if all(constant for _, constant in parts):
                out = (node, True)
            else:
                args = [_as_float(new, where) if constant else new for new, constant in parts]
                out = (_rebuild(node, args), False)
        memo[node] = out
        return out

    new, constant = walk(expr)
    return _as_float(new, where) if constant else new


def _rebuild(node: sympy.Expr, args: list) -> sympy.Expr:
    if all(new is old for new, old in zip(args, node.args, strict=True)):
        return node
    if node.func in (sympy.Max, sympy.Min):
        return node.func(*args, evaluate=False)
    return node.func(*args)


def _as_float(constant: sympy.Expr, where: str) -> sympy.Expr:
    """A constant as compiled code should see it (see :func:`numeric_form`)."""
    if constant.has(*_UNDEFINED):
        return sympy.nan
    if constant.is_Rational and max(abs(constant.p), constant.q) <= EXACT_INT_LIMIT:
        return constant
    if constant.is_NumberSymbol or constant.is_Float:
        return constant
    real, imag = constant.evalf(FLOAT_DIGITS).as_real_imag()
    if imag != 0:
        raise InputError(
            f"f is not real-valued: {where} has the complex number "
            f"{sympy.Float(real, 4)} + {sympy.Float(imag, 4)}i"
        )
    if not real.is_Number:  # sympy cannot evaluate it: leave it to numpy
        return constant
    if real is sympy.nan or not real.is_finite:
        return sympy.nan
    size = abs(float(real))  # inf or 0.0 beyond the range of a double
    if size > _LARGEST or (real != 0 and size < 1 / _LARGEST):
        shown = sympy.sstr(sympy.Float(real, 3))
        raise BudgetError(
            f"{where} needs the number {shown}, beyond floating point (sizes from 1e-300 to 1e300)",
            hint="use smaller constants in f",
        )
    return sympy.Float(real, FLOAT_DIGITS)


def simplify_for_display(expr: sympy.Expr) -> str:
    """A compact, readable form of ``expr`` (may be slow: run it under a budget)."""
    return str(sympy.simplify(expr))


#: Exact numbers from this many digits on are shown as floats: ``1e+30``, not 31 digits.
READABLE_DIGITS = 16


def readable(expr: sympy.Expr) -> str:
    """``str(expr)`` with exact numbers of :data:`READABLE_DIGITS` digits or more (within the
    range of a double) shown as the shortest float that reads back the same:
    ``-log(1e+30)/1e+30**x`` instead of ``-log(1000…000)/1000…000**x``. Display only."""
    return _ReadablePrinter().doprint(expr)


class _ReadablePrinter(sympy.printing.str.StrPrinter):
    def _long(self, expr) -> bool:
        big = 10**READABLE_DIGITS
        return (abs(expr.p) >= big or expr.q >= big) and abs(expr) < MAX_MAGNITUDE

    def _print_Integer(self, expr):
        return repr(float(expr)) if self._long(expr) else super()._print_Integer(expr)

    def _print_Rational(self, expr):
        return repr(float(expr)) if self._long(expr) else super()._print_Rational(expr)
