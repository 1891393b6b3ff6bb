"""Guards on values while the parser builds sympy expressions.

Before sympy builds (and auto-evaluates) a node: :func:`check_power`, :func:`tame_exponent`;
after: :func:`check_weight` (no exact number over :data:`MAX_DIGITS` digits, even after sympy
expands), :func:`check_constant` (real, finite, at most 1e300), :func:`fold_constant`. The last
net under them all is :func:`landscape.counted_budget.operation_budget`.
"""

from __future__ import annotations

import math

import sympy

from landscape.errors import BudgetError, InputError

# --- Guards on constant values: checked BEFORE sympy builds (and auto-evaluates) a node. ---

MAX_DIGITS = 300
MAX_EXPONENT = 100
MAX_COMPLEX_EXPONENT = 16  # sympy's re() of (log(x))^n costs about n^3
MAX_MAGNITUDE = 1e300
MAX_EXACT_CONSTANT_SIZE = 6
MAX_EXACT_DEGREE = 16
MAX_ROOT_DEGREE = 100
_LOG10_2 = math.log10(2)
UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def value_of(expr: sympy.Expr) -> complex:
    """The numeric value of a constant expression (already known to be bounded)."""
    return complex(expr.evalf(20))


def _digits(n: int) -> float:
    """About ``log10(|n|)`` (0 for 0 and ±1), from the bit length: never converts to text."""
    return max(abs(n).bit_length() - 1, 0) * _LOG10_2


def digits(number: sympy.Rational) -> float:
    """About how many digits an exact number has (numerator and denominator)."""
    return _digits(number.p) + _digits(number.q)


def check_constant(expr: sympy.Expr, column: int | None, what: str) -> None:
    """Refuse a constant that is undefined, complex or too large (its digits: check_weight)."""
    if expr.free_symbols:
        return
    if expr.is_Rational:
        if _digits(expr.p) - _digits(expr.q) > math.log10(MAX_MAGNITUDE):
            raise BudgetError(f"{what} is too large (beyond 1e300)", column=column)
        return
    if expr.has(*UNDEFINED):
        raise InputError(f"{what} is undefined (infinite or not a number)", column=column)
    value = value_of(expr)
    if math.isnan(value.real) or math.isnan(value.imag):
        raise InputError(f"{what} is undefined (not a number)", column=column)
    noisy = abs(value.imag) > 1e-12 * max(1.0, abs(value.real))
    if noisy or expr.has(sympy.I) or (value.imag != 0 and expr.is_real is False):
        raise InputError(f"{what} is not a real number", column=column)
    if not abs(value.real) <= MAX_MAGNITUDE:
        raise BudgetError(f"{what} is too large (beyond 1e300)", column=column)


def fold_constant(expr: sympy.Expr) -> sympy.Expr:
    """Constants (and constant factors or terms) too intricate for sympy → 15-digit Floats.

    ``Max(x, (1+exp(-1/2))**(683+E))`` takes sympy seconds, ``floor(2**(1/10**300))`` forever
    (a minimal polynomial of that degree); ``2*pi``, ``sqrt(2)``, ``E + 20`` stay exact.
    """
    if not expr.free_symbols:
        return _fold(expr)
    if expr.is_Mul or expr.is_Add:
        args = [arg if arg.free_symbols else _fold(arg) for arg in expr.args]
        if any(new is not old for new, old in zip(args, expr.args, strict=True)):
            return expr.func(*args)
    return expr


def _fold(constant: sympy.Expr) -> sympy.Expr:
    """``constant`` itself when small and of low algebraic degree, else its Float."""
    if constant.is_Rational or constant.is_Float:
        return constant
    degree = 1  # bounds the degree of the algebraic numbers sympy may take apart
    for count, node in enumerate(sympy.preorder_traversal(constant), 1):
        if node.is_Pow:
            degree *= node.exp.q if node.exp.is_Rational else MAX_EXACT_DEGREE + 1
        if count > MAX_EXACT_CONSTANT_SIZE or degree > MAX_EXACT_DEGREE:
            return sympy.Float(value_of(constant).real, 15)
    return constant


def tame_exponent(exponent: sympy.Expr) -> sympy.Expr:
    """An exact exponent (or exponent offset) with a denominator over MAX_ROOT_DEGREE → Float.

    sympy takes ``600**(1/10**300)`` apart into prime factors raised to ~10**300.
    """
    offset = exponent.as_coeff_Add()[0]
    if offset.is_Rational and offset.q > MAX_ROOT_DEGREE:
        return exponent - offset + sympy.Float(offset, 15)
    return exponent


def check_power(base: sympy.Expr, exponent: sympy.Expr, column: int | None, memo: dict) -> None:
    """Refuse ``base**exponent`` before sympy computes it: a huge number (``9^9^9``,
    ``(2x)^1000``: see :func:`check_weight`), a huge power of a variable (``x^(10^100)``,
    ``(x^1000)^1000``), or ``0`` to a negative power."""
    if not exponent.free_symbols:
        p = value_of(exponent).real
        inner = [f.exp for f in sympy.Mul.make_args(base) if f.is_Pow and f.exp.is_Number]
        largest = max([abs(p), *(abs(p * e) for e in inner)])
        if base.free_symbols and largest > MAX_EXPONENT:
            raise BudgetError(
                f"the exponent is too large (at most {MAX_EXPONENT} "
                "on an expression with variables)",
                column=column,
            )
        if base.free_symbols and largest > MAX_COMPLEX_EXPONENT and not base.is_extended_real:
            raise BudgetError(
                f"the exponent is too large (at most {MAX_COMPLEX_EXPONENT} on "
                "an expression that may not be real, like log(x))",
                column=column,
            )
        if p < 0 and (base == 0 or (not base.free_symbols and value_of(base) == 0)):
            raise InputError("division by zero (0 to a negative power)", column=column)
    digits = _weight(base, memo) * _amplification(exponent) + _exponent_weight(exponent, memo)
    if digits > MAX_DIGITS:
        raise BudgetError(
            f"this power could have about {digits:.3g} digits (at most {MAX_DIGITS})", column=column
        )


def check_weight(expr: sympy.Expr, column: int | None, memo: dict) -> None:
    """Refuse a number of over MAX_DIGITS digits in ``expr``, or one its expansion could make.

    sympy expands to answer its own questions (``sinh(b).is_real``): ``b**(x + c)`` becomes
    ``b**c * b**x``, ``(b**(x + c))**(y + d)`` raises ``b``'s numbers to ``c*d``, in C, beyond
    the parser's time limit. The weight is about log10 of the largest such number.
    """
    if _weight(expr, memo) > MAX_DIGITS:
        raise BudgetError(
            f"a number here has or could grow to more than {MAX_DIGITS} digits", column=column
        )


def _weight(expr: sympy.Expr, memo: dict) -> float:
    """Rationals weigh their digits; a power multiplies its base's weight by its exponent's
    constant part; anything else weighs as much as its heaviest argument."""
    if expr in memo:
        return memo[expr]
    if expr.is_Rational:
        weight = digits(expr)
    elif expr.is_Pow:
        weight = _weight(expr.base, memo) * _amplification(expr.exp) + _exponent_weight(
            expr.exp, memo
        )
    else:
        weight = max((_weight(arg, memo) for arg in expr.args), default=0.0)
    memo[expr] = weight
    return weight


def _amplification(exponent: sympy.Expr) -> float:
    """How many times an expansion may multiply a base's numbers: at least 1, and at least
    the constant term of the expanded exponent (``900`` for ``(x + 30)*(y + 30)``)."""
    if exponent.is_Number:
        return max(1.0, abs(float(exponent)))
    if exponent.is_Add:
        return sum(_amplification(arg) for arg in exponent.args)
    if exponent.is_Mul:
        return math.prod(_amplification(arg) for arg in exponent.args)
    if exponent.is_Pow and exponent.exp.is_Integer and exponent.exp > 0:
        try:
            return _amplification(exponent.base) ** int(exponent.exp)
        except OverflowError:
            return math.inf
    return 1.0


def _exponent_weight(exponent: sympy.Expr, memo: dict) -> float:
    """The weight of an exponent's powers; its plain numbers are multiplied, not raised."""
    parts = exponent.args if exponent.is_Add or exponent.is_Mul else (exponent,)
    return max((_weight(part, memo) for part in parts if not part.is_Number), default=0.0)
