"""What names mean to the parser: the function table, the constants, and the variables.

Functions (all real, all natural-log based): ``exp ln log log10 log2 sqrt abs sin cos tan
asin acos atan atan2 sinh cosh tanh sigmoid relu softplus max min sign floor`` (plus the
aliases ``arcsin arccos arctan``). ``sigmoid(t) = 1/(1+exp(-t))``, ``relu(t) = Max(0, t)``,
``softplus(t) = log(1+exp(t))``; ``max``/``min`` take 2 to :data:`MAX_MINMAX_ARGS` arguments.
Anything else, ``factorial`` included, is an unknown name. Constants: ``pi`` and ``e`` (E).

Names are resolved by :func:`resolve_name`:

* with explicit variables (``("x", "y")``), a name made only of variable names is their product
  (``xy`` is ``x*y``); other names that look like variables are refused with "only x and y
  can vary here";
* with ``variables=None`` any short name (a letter, then letters, digits or ``_``; at most
  :data:`MAX_VARIABLE_NAME` characters) is a variable (``theta``, ``x1``, ``w``, ``xy``);
* in both modes a function or constant glued to a short argument is refused with a hint:
  ``sinx`` → "did you mean sin(x)?", ``pix`` → "did you mean pi*x?", ``ex`` (as in ``2ex``)
  → "did you mean e*x or e^x?".

The second half holds the guards the parser runs BEFORE sympy builds (and auto-evaluates) a
node: :func:`check_power` (``a**b`` with at most :data:`MAX_POWER_DIGITS` digits, exponents
on expressions at most :data:`MAX_SYMBOLIC_EXPONENT`), :func:`check_sum_size` and
:func:`check_product_size` (exact numbers at most :data:`MAX_NUMBER_DIGITS` digits),
:data:`GROWTH_LIMITS` (``exp`` of a constant at most 690), and after it
:func:`check_constant` (real, finite, at most 1e300) and :func:`fold_constant`.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from landscape.errors import BudgetError, InputError
from landscape.symbols import symbol

MAX_MINMAX_ARGS = 20
MAX_VARIABLE_NAME = 16


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """A function people may call: its arity and how to build it from sympy arguments."""

    name: str
    min_args: int
    max_args: int
    build: Callable[..., sympy.Expr]
    signature: str


def _spec(name: str, build: Callable[..., sympy.Expr], args: str = "t", lo: int = 1,
          hi: int = 1) -> FunctionSpec:
    """Shorthand for a table row."""
    return FunctionSpec(name, lo, hi, build, f"{name}({args})")


_TABLE = [
    _spec("exp", sympy.exp), _spec("ln", sympy.log), _spec("log", sympy.log),
    _spec("log10", lambda t: sympy.log(t, 10)), _spec("log2", lambda t: sympy.log(t, 2)),
    _spec("sqrt", sympy.sqrt), _spec("abs", sympy.Abs),
    _spec("sin", sympy.sin), _spec("cos", sympy.cos), _spec("tan", sympy.tan),
    _spec("asin", sympy.asin), _spec("acos", sympy.acos), _spec("atan", sympy.atan),
    _spec("atan2", sympy.atan2, "y, x", 2, 2),
    _spec("sinh", sympy.sinh), _spec("cosh", sympy.cosh), _spec("tanh", sympy.tanh),
    _spec("sigmoid", lambda t: 1 / (1 + sympy.exp(-t))),
    _spec("relu", lambda t: sympy.Max(0, t)),
    _spec("softplus", lambda t: sympy.log(1 + sympy.exp(t))),
    _spec("max", sympy.Max, "a, b, …", 2, MAX_MINMAX_ARGS),
    _spec("min", sympy.Min, "a, b, …", 2, MAX_MINMAX_ARGS),
    _spec("sign", sympy.sign), _spec("floor", sympy.floor),
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
    "E": ("'E' is not understood", "write e for Euler's number"),
    "I": ("complex numbers are not supported", None),
    "Pi": ("'Pi' is not understood", "write pi"),
    "PI": ("'PI' is not understood", "write pi"),
}
_RESERVED.update({name: ("infinite or undefined values are not allowed", None)
                  for name in ("oo", "zoo", "inf", "Inf", "infinity", "Infinity", "nan", "NaN")})
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_SIMPLE_FREE = re.compile(r"(\d+)?([A-Za-z]\d*)?\Z")


@dataclass(frozen=True, slots=True)
class Meaning:
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
    if not variables:
        return ""
    if len(variables) == 1:
        return variables[0]
    return ", ".join(variables[:-1]) + " and " + variables[-1]


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
    return [(name, 0, _unknown_name(name, variables, before_paren))]


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


def paren_hint(name: str, following: str) -> str:
    """``sin x`` → "did you mean sin(x)?"; ``sin^2(x)`` → "for a power write sin(x)^2"."""
    if following == "^":
        return f"for a power write {name}(x)^2"
    if following and following not in "+-*/":
        return f"did you mean {name}({following})?"
    return f"write {name}(...)"


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

MAX_POWER_DIGITS = 300
MAX_NUMBER_DIGITS = 400
MAX_SYMBOLIC_EXPONENT = 1000
MAX_MAGNITUDE = 1e300
MAX_EXACT_CONSTANT_SIZE = 6
MAX_EXACT_DEGREE = 16
_LOG10_2 = math.log10(2)
UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def number_from_literal(text: str) -> sympy.Rational:
    """The exact value of a lexer number token: ``0.1`` → 1/10, ``1e-3`` → 1/1000."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, frac = mantissa.partition(".")
    value = sympy.Rational(int(whole + frac), 10 ** len(frac))
    return value * sympy.Integer(10) ** int(exponent or 0)


def value_of(expr: sympy.Expr) -> complex:
    """The numeric value of a constant expression (already known to be bounded)."""
    return complex(expr.evalf(20))


def _digits(n: int) -> float:
    """About ``log10(|n|)`` (0 for 0 and ±1), from the bit length: never converts to text."""
    return max(abs(n).bit_length() - 1, 0) * _LOG10_2


def check_constant(expr: sympy.Expr, column: int | None, what: str) -> None:
    """Refuse a constant that is undefined, complex, too large, or has too many digits."""
    if expr.free_symbols:
        return
    if expr.is_Rational:
        if _digits(expr.p) + _digits(expr.q) > MAX_NUMBER_DIGITS:
            raise BudgetError(f"{what} is a number with too many digits", column=column)
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
    """A constant too intricate for sympy's own comparisons becomes a 15-digit Float.

    ``Max(x, (1+exp(-1/2))**(683+E))`` takes sympy seconds (``is_comparable`` expands the
    power), ``floor(2**(1/10**300))`` forever (a minimal polynomial of that degree). Small
    constants with low-degree roots stay exact (``2*pi``, ``sqrt(2)``, ``E + 20``).
    """
    if expr.free_symbols or expr.is_Rational:
        return expr
    degree = 1  # bounds the degree of the algebraic numbers sympy may take apart
    for count, node in enumerate(sympy.preorder_traversal(expr), 1):
        if node.is_Pow:
            degree *= node.exp.q if node.exp.is_Rational else MAX_EXACT_DEGREE + 1
        if count > MAX_EXACT_CONSTANT_SIZE or degree > MAX_EXACT_DEGREE:
            return sympy.Float(value_of(expr).real, 15)
    return expr


def check_power(base: sympy.Expr, exponent: sympy.Expr, column: int | None) -> None:
    """Refuse ``base**exponent`` when it would build a huge number or a huge symbolic power.

    With a symbolic exponent sympy may still split ``b**(c + x)`` into ``b**c * b**x`` (when
    expanding for its assumptions), so the constant term ``c`` is bounded the same way.
    """
    numeric_base = base.as_coeff_Mul()[0] if base.free_symbols else base
    if exponent.free_symbols:
        offset = exponent.as_coeff_Add()[0]
        if offset.is_Number and offset != 0:
            _check_power_digits(numeric_base, abs(float(offset)), column)
        return
    p = abs(value_of(exponent).real)
    if p > MAX_SYMBOLIC_EXPONENT and not base.is_Rational:
        raise BudgetError(f"the exponent is too large (at most {MAX_SYMBOLIC_EXPONENT} "
                          "unless the base is a plain number)", column=column)
    if numeric_base.is_zero and value_of(exponent).real < 0:
        raise InputError("division by zero (0 to a negative power)", column=column)
    _check_power_digits(numeric_base, p, column)


def _check_power_digits(base: sympy.Expr, p: float, column: int | None) -> None:
    """Refuse a constant ``base`` to the power ``±p`` with more than MAX_POWER_DIGITS digits."""
    if base.is_zero:
        return
    if base.is_Rational:
        size = _digits(base.p) + _digits(base.q)
    else:
        size = abs(math.log10(abs(value_of(base))))
    if p * size > MAX_POWER_DIGITS:
        raise BudgetError(f"this power would have about {p * size:.3g} digits "
                          f"(at most {MAX_POWER_DIGITS})", column=column)


def check_power_result(expr: sympy.Expr, column: int | None) -> None:
    """Refuse powers like ``(x^1000)^1000`` that sympy merged into one huge exponent."""
    for factor in sympy.Mul.make_args(expr):
        if (factor.is_Pow and factor.exp.is_number and factor.base.free_symbols
                and abs(value_of(factor.exp)) > MAX_SYMBOLIC_EXPONENT):
            raise BudgetError("the exponent is too large", column=column)


def _rational_parts(expr: sympy.Expr) -> list[sympy.Rational]:
    """The exact numbers sympy may combine when ``expr`` enters a sum or a product."""
    if expr.is_Rational:
        return [expr]
    parts = [expr.as_coeff_Mul()[0]]
    if expr.is_Add:
        parts.append(expr.as_coeff_Add()[0])
    return [part for part in parts if part.is_Rational]


def check_sum_size(terms: Sequence[sympy.Expr], column: int | None) -> None:
    """Refuse a sum whose exact numbers could combine into more than the allowed digits."""
    parts = [part for term in terms for part in _rational_parts(term)]
    if not parts:
        return
    size = (sum(_digits(part.q) for part in parts) + max(_digits(part.p) for part in parts)
            + math.log10(len(parts)))
    if size > MAX_NUMBER_DIGITS:
        raise BudgetError("the numbers in this sum would grow too large", column=column)


def check_product_size(factors: Sequence[sympy.Expr], column: int | None) -> None:
    """Refuse a product whose exact numbers could multiply into more than the allowed digits."""
    parts = [part for factor in factors for part in _rational_parts(factor)]
    if sum(_digits(part.p) + _digits(part.q) for part in parts) > MAX_NUMBER_DIGITS:
        raise BudgetError("the numbers in this product would grow too large", column=column)


def check_arity(spec: FunctionSpec, name: str, count: int, column: int | None) -> None:
    """Refuse a call with the wrong number of arguments (``atan2(x)``, ``max()``)."""
    if not spec.min_args <= count <= spec.max_args:
        raise InputError(_arity_message(spec, name, count), column=column,
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


def _arity_message(spec: FunctionSpec, name: str, got: int) -> str:
    """"atan2 takes 2 arguments, got 1"."""
    if spec.min_args == spec.max_args:
        wanted = f"{spec.min_args} argument" + ("s" if spec.min_args > 1 else "")
    elif got < spec.min_args:
        wanted = f"at least {spec.min_args} arguments"
    else:
        wanted = f"at most {spec.max_args} arguments"
    return f"{name} takes {wanted}, got {got}"
