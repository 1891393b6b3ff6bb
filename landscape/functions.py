"""What names mean to the parser (functions, constants, variables), and the guards on values.

Functions (real; ``log`` is natural): ``exp ln log log10 log2 sqrt abs sin cos tan asin acos
atan atan2 sinh cosh tanh sigmoid relu softplus max min sign floor`` (and ``arcsin arccos
arctan``); ``sigmoid(t) = 1/(1+exp(-t))``, ``relu(t) = Max(0, t)``, ``softplus(t) =
log(1+exp(t))``. Anything else (``factorial``) is unknown. Constants: ``pi``, ``e``.

:func:`resolve_name`: with explicit variables ``("x", "y")``, ``xy`` is ``x*y`` and other
variable-like names are refused ("only x and y can vary here"); with ``variables=None`` any
short name is a variable (``theta``, ``x1``, ``xy``). A function or constant glued to a short
argument is refused with a hint: ``sinx`` → "did you mean sin(x)?", ``pix`` → "pi*x?",
``ex`` (as in ``2ex``) → "did you mean e*x or e^x?".

Guards: :func:`check_power`, :func:`tame_exponent`, :data:`GROWTH_LIMITS` (before sympy
builds and auto-evaluates a node), :func:`check_weight` (no exact number over
:data:`MAX_DIGITS` digits, even after sympy expands), :func:`check_constant` (real, finite,
at most 1e300) and :func:`fold_constant` (after).
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

import sympy

from landscape.errors import BudgetError, InputError
from landscape.symbols import symbol

MAX_MINMAX_ARGS = 20
MAX_VARIABLE_NAME = 16


class FunctionSpec(NamedTuple):
    """A function people may call: its arity and how to build it from sympy arguments."""

    name: str
    build: Callable[..., sympy.Expr]
    signature: str = "t"
    min_args: int = 1
    max_args: int = 1


def _spec(name: str, build: Callable[..., sympy.Expr], *arity) -> FunctionSpec:
    """A table row; the signature shows the argument names: ``atan2(y, x)``."""
    args = arity[0] if arity else "t"
    return FunctionSpec(name, build, f"{name}({args})", *arity[1:])


def _extreme(kind: type[sympy.Max] | type[sympy.Min]) -> Callable[..., sympy.Expr]:
    """``max``/``min`` without sympy's pairwise symbolic comparisons (quadratic and slow).

    Constant arguments are compared numerically; the rest stay unevaluated.
    """
    def build(*args: sympy.Expr) -> sympy.Expr:
        constants = [arg for arg in args if not arg.free_symbols]
        rest = list(dict.fromkeys(arg for arg in args if arg.free_symbols))
        if constants:
            pick = max if kind is sympy.Max else min
            rest.insert(0, pick(constants, key=lambda arg: value_of(arg).real))
        return rest[0] if len(rest) == 1 else kind(*rest, evaluate=False)

    return build


def _floor(t: sympy.Expr) -> sympy.Expr:
    """``floor``; of a huge irrational constant it is the constant itself (sympy would
    evaluate it to hundreds of digits)."""
    if not t.free_symbols and not t.is_Rational and abs(value_of(t).real) > 2.0**52:
        return sympy.Float(value_of(t).real, 15)
    return sympy.floor(t)


_TABLE = [
    _spec("exp", sympy.exp), _spec("ln", sympy.log), _spec("log", sympy.log),
    _spec("log10", lambda t: sympy.log(t, 10)), _spec("log2", lambda t: sympy.log(t, 2)),
    _spec("sqrt", sympy.sqrt), _spec("abs", sympy.Abs),
    _spec("sin", sympy.sin), _spec("cos", sympy.cos), _spec("tan", sympy.tan),
    _spec("asin", sympy.asin), _spec("acos", sympy.acos), _spec("atan", sympy.atan),
    _spec("atan2", sympy.atan2, "y, x", 2, 2),
    _spec("sinh", sympy.sinh), _spec("cosh", sympy.cosh), _spec("tanh", sympy.tanh),
    _spec("sigmoid", lambda t: 1 / (1 + sympy.exp(-t))),
    _spec("relu", lambda t: _extreme(sympy.Max)(sympy.Integer(0), t)),
    _spec("softplus", lambda t: sympy.log(1 + sympy.exp(t))),
    _spec("max", _extreme(sympy.Max), "a, b, …", 2, MAX_MINMAX_ARGS),
    _spec("min", _extreme(sympy.Min), "a, b, …", 2, MAX_MINMAX_ARGS),
    _spec("sign", sympy.sign), _spec("floor", _floor),
]
#: Every callable name, aliases included.
FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in _TABLE}
FUNCTIONS.update(arcsin=FUNCTIONS["asin"], arccos=FUNCTIONS["acos"], arctan=FUNCTIONS["atan"])
#: The functions as listed in messages.
KNOWN_FUNCTIONS = ", ".join(spec.name for spec in _TABLE)
CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E}
#: How far a constant argument may go before the function overflows a float (e^690 ≈ 1e299).
GROWTH_LIMITS: dict[str, Callable[[float], bool]] = {
    "exp": lambda a: a <= 690, "softplus": lambda a: a <= 690,
    "sinh": lambda a: abs(a) <= 690, "cosh": lambda a: abs(a) <= 690,
}
_RESERVED = {
    **dict.fromkeys(("oo", "zoo", "inf", "Inf", "infinity", "Infinity", "nan", "NaN"),
                    ("infinite or undefined values are not allowed", None)),
    **dict.fromkeys(("Pi", "PI"), ("this spelling of pi is not understood", "write pi")),
    "E": ("'E' is not understood", "write e for Euler's number"),
    "I": ("complex numbers are not supported", None),
}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_SIMPLE_FREE = re.compile(r"(\d+)?([A-Za-z]\d*)?\Z")


class Meaning(NamedTuple):
    """What one name (or piece of a name) means: ``var``, ``const``, ``func`` or ``error``."""

    kind: str
    value: object = None
    message: str = ""
    hint: str | None = None


def check_variables(variables: Sequence[str] | None) -> tuple[str, ...] | None:
    """Validate the caller's variable names; ``None`` stays ``None`` (any short name)."""
    if variables is None:
        return None
    if isinstance(variables, str):
        variables = (variables,)
    names = tuple(dict.fromkeys(variables))
    for name in names:
        if not isinstance(name, str) or not _NAME.match(name) or _is_taken(name):
            raise InputError(f"{name!r} cannot be a variable name")
    return names


def _is_taken(name: str) -> bool:
    """True for names that mean something else (functions, constants, reserved, keywords)."""
    return name in FUNCTIONS or name in CONSTANTS or name in _RESERVED or keyword.iskeyword(name)


def describe_variables(variables: tuple[str, ...] | None) -> str:
    """``("x", "y")`` → ``"x and y"``; ``("x", "y", "z")`` → ``"x, y and z"``."""
    *head, last = variables or ("",)
    return f"{', '.join(head)} and {last}" if head else last


def resolve_name(name: str, variables: tuple[str, ...] | None,
                 before_paren: bool) -> list[tuple[str, int, Meaning]]:
    """The meaning of a name as ``(piece, offset, meaning)`` pieces (several for ``xy``)."""
    if name in FUNCTIONS:
        return [(name, 0, Meaning("func", FUNCTIONS[name]))]
    if name in CONSTANTS:
        return [(name, 0, Meaning("const", CONSTANTS[name]))]
    if variables is not None and name in variables:
        return [(name, 0, Meaning("var", symbol(name)))]
    if name in _RESERVED:
        message, hint = _RESERVED[name]
        return [(name, 0, Meaning("error", message=message, hint=hint))]
    if name.startswith("_") or "__" in name:
        return [(name, 0, Meaning("error", message="names starting with _ are not allowed"))]
    if variables is not None:
        pieces = _split(name, variables)
        if pieces:
            return [(p, off, Meaning("var", symbol(p))) for p, off in pieces]
    elif _reads_as_product(name) and not before_paren:
        return [(ch, i, Meaning("var", symbol(ch))) for i, ch in enumerate(name)]
    return [(name, 0, _unknown_name(name, variables, before_paren))]


#: short Greek names that stay one variable in free mode (``pi`` is a constant)
_SHORT_WORDS = frozenset({"mu", "nu", "xi", "eta", "tau", "phi", "chi", "psi", "rho"})


def _reads_as_product(name: str) -> bool:
    """Free mode: ``xy`` or ``xyz`` (two or three lowercase letters, none of them the constant
    ``e``, not a Greek name) is a product of one-letter variables, as on a calculator:
    ``2xy`` is ``2*x*y``. Longer names such as ``theta`` or ``rate`` stay one variable."""
    return (len(name) in (2, 3) and name.isascii() and name.isalpha() and name.islower()
            and "e" not in name and name not in _SHORT_WORDS
            and not any(name.startswith(k) for k in (*FUNCTIONS, *CONSTANTS)))


def _unknown_name(name: str, variables: tuple[str, ...] | None, before_paren: bool) -> Meaning:
    """A variable (free mode) or an error with the most useful hint."""
    hint = _suggest(name, variables, before_paren)
    if hint:
        return Meaning("error", message=f"unknown name '{name}'", hint=hint)
    looks_free = bool(_NAME.match(name)) and len(name) <= MAX_VARIABLE_NAME
    if before_paren and not re.fullmatch(r"[A-Za-z]\d*", name):
        return Meaning("error", message=f"unknown function '{name}'; known functions: "
                       f"{KNOWN_FUNCTIONS}", hint=f"for multiplication write {name}*(...)")
    if variables is None and looks_free:
        return Meaning("var", symbol(name))
    if variables is None and _NAME.match(name):
        return Meaning("error", message=f"the name '{name}' is too long for a variable",
                       hint=f"use at most {MAX_VARIABLE_NAME} characters")
    if variables and looks_free:
        return Meaning("error", message=f"only {describe_variables(variables)} can vary here",
                       hint=f"'{name}' is not one of the variables")
    if variables is not None and looks_free:
        return Meaning("error", message=f"'{name}' is not a number",
                       hint="type a number such as 1.5 or pi/2")
    return Meaning("error", message=f"unknown name '{name}'")


def _split(name: str, pieces: Sequence[str]) -> list[tuple[str, int]] | None:
    """Split ``name`` into a run of ``pieces`` (longest first), or None when impossible."""
    ordered = sorted(pieces, key=len, reverse=True)
    best: dict[int, list[tuple[str, int]] | None] = {len(name): []}
    for start in range(len(name) - 1, -1, -1):
        best[start] = None
        for piece in ordered:
            rest = best.get(start + len(piece)) if name.startswith(piece, start) else None
            if rest is not None:
                best[start] = [(piece, start), *rest]
                break
    return best[0]


def _is_short_argument(rest: str, variables: tuple[str, ...] | None) -> bool:
    """True when ``rest`` reads as a short argument: ``x``, ``2x``, ``x1``, ``pi``, ``pix``."""
    if not rest:
        return False
    if variables is None:
        return bool(_SIMPLE_FREE.match(rest)) or rest in CONSTANTS
    digits = len(rest) - len(rest.lstrip("0123456789"))
    tail = rest[digits:]
    return not tail or _split(tail, (*variables, *CONSTANTS)) is not None


def _render(rest: str, variables: tuple[str, ...] | None) -> str:
    """``pix`` → ``pi*x``; ``2x`` and ``x1`` stay as typed."""
    if variables is None:
        return rest
    digits = len(rest) - len(rest.lstrip("0123456789"))
    pieces = _split(rest[digits:], (*variables, *CONSTANTS)) or []
    return rest[:digits] + "*".join(piece for piece, _ in pieces)


def _suggest(name: str, variables: tuple[str, ...] | None, before_paren: bool) -> str | None:
    """The hint for a function or constant glued to its neighbour (``sinx``, ``pix``, ``x2``)."""
    for known in sorted(FUNCTIONS, key=len, reverse=True):
        rest, head = name[len(known):], name[:-len(known)]
        if name.startswith(known) and _is_short_argument(rest, variables):
            return f"did you mean {known}({_render(rest, variables)})?"
        if before_paren and name.endswith(known) and _is_short_argument(head, variables):
            return f"did you mean {_render(head, variables)}*{known}(...)?"
    if name.startswith("e") and _is_short_argument(name[1:], variables):
        shown = _render(name[1:], variables)
        return f"did you mean e*{shown} or e^{shown}?"
    if _is_short_argument(name, variables) and variables is not None:
        return f"did you mean {_render(name, variables)}?"
    if name.startswith("pi") and _is_short_argument(name[2:], variables):
        return f"did you mean pi*{_render(name[2:], variables)}?"
    match = re.fullmatch(r"([A-Za-z]+)(\d+)", name)
    if match and variables and match[1] in variables:
        return f"did you mean {match[1]}^{match[2]} or {match[2]}{match[1]}?"
    return None


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
            raise BudgetError(f"the exponent is too large (at most {MAX_EXPONENT} "
                              "on an expression with variables)", column=column)
        if base.free_symbols and largest > MAX_COMPLEX_EXPONENT and not base.is_extended_real:
            raise BudgetError(f"the exponent is too large (at most {MAX_COMPLEX_EXPONENT} on "
                              "an expression that may not be real, like log(x))", column=column)
        if p < 0 and (base == 0 or (not base.free_symbols and value_of(base) == 0)):
            raise InputError("division by zero (0 to a negative power)", column=column)
    digits = _weight(base, memo) * _amplification(exponent) + _exponent_weight(exponent, memo)
    if digits > MAX_DIGITS:
        raise BudgetError(f"this power could have about {digits:.3g} digits "
                          f"(at most {MAX_DIGITS})", column=column)


def check_weight(expr: sympy.Expr, column: int | None, memo: dict) -> None:
    """Refuse a number of over MAX_DIGITS digits in ``expr``, or one its expansion could make.

    sympy expands to answer its own questions (``sinh(b).is_real``): ``b**(x + c)`` becomes
    ``b**c * b**x``, ``(b**(x + c))**(y + d)`` raises ``b``'s numbers to ``c*d``, in C, beyond
    the parser's time limit. The weight is about log10 of the largest such number.
    """
    if _weight(expr, memo) > MAX_DIGITS:
        raise BudgetError(f"a number here has or could grow to more than {MAX_DIGITS} digits",
                          column=column)


def _weight(expr: sympy.Expr, memo: dict) -> float:
    """Rationals weigh their digits; a power multiplies its base's weight by its exponent's
    constant part; anything else weighs as much as its heaviest argument."""
    if expr in memo:
        return memo[expr]
    if expr.is_Rational:
        weight = digits(expr)
    elif expr.is_Pow:
        weight = (_weight(expr.base, memo) * _amplification(expr.exp)
                  + _exponent_weight(expr.exp, memo))
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


def check_arity(spec: FunctionSpec, name: str, count: int, column: int | None) -> None:
    """Refuse a call with the wrong number of arguments: "atan2 takes 2 arguments, got 1"."""
    if spec.min_args <= count <= spec.max_args:
        return
    wanted = (f"{spec.min_args} argument" + "s" * (spec.min_args > 1)
              if spec.min_args == spec.max_args else f"at least {spec.min_args} arguments"
              if count < spec.min_args else f"at most {spec.max_args} arguments")
    raise InputError(f"{name} takes {wanted}, got {count}", column=column,
                     hint=f"write {spec.signature}")


def apply_function(spec: FunctionSpec, args: Sequence[sympy.Expr], column: int | None,
                   name: str) -> sympy.Expr:
    """Call ``spec`` on ``args`` after checking the argument count and growth limits."""
    check_arity(spec, name, len(args), column)
    limit = GROWTH_LIMITS.get(spec.name)
    if limit is not None and not args[0].free_symbols and not limit(value_of(args[0]).real):
        raise BudgetError(f"{name}(...) of this argument is too large", column=column,
                          hint="its argument must be at most 690 in size")
    result = spec.build(*args)
    check_constant(result, column, f"{name}(...)")
    return result
