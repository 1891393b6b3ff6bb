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

:data:`GROWTH_LIMITS` bound the arguments of functions that grow without bound; the other
guards on values live in :mod:`landscape.guards`.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

import sympy

from landscape.errors import BudgetError, InputError
from landscape.guards import check_constant, value_of
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
    _spec("exp", sympy.exp),
    _spec("ln", sympy.log),
    _spec("log", sympy.log),
    _spec("log10", lambda t: sympy.log(t, 10)),
    _spec("log2", lambda t: sympy.log(t, 2)),
    _spec("sqrt", sympy.sqrt),
    _spec("abs", sympy.Abs),
    _spec("sin", sympy.sin),
    _spec("cos", sympy.cos),
    _spec("tan", sympy.tan),
    _spec("asin", sympy.asin),
    _spec("acos", sympy.acos),
    _spec("atan", sympy.atan),
    _spec("atan2", sympy.atan2, "y, x", 2, 2),
    _spec("sinh", sympy.sinh),
    _spec("cosh", sympy.cosh),
    _spec("tanh", sympy.tanh),
    _spec("sigmoid", lambda t: 1 / (1 + sympy.exp(-t))),
    _spec("relu", lambda t: _extreme(sympy.Max)(sympy.Integer(0), t)),
    _spec("softplus", lambda t: sympy.log(1 + sympy.exp(t))),
    _spec("max", _extreme(sympy.Max), "a, b, …", 2, MAX_MINMAX_ARGS),
    _spec("min", _extreme(sympy.Min), "a, b, …", 2, MAX_MINMAX_ARGS),
    _spec("sign", sympy.sign),
    _spec("floor", _floor),
]
#: Every callable name, aliases included.
FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in _TABLE}
FUNCTIONS.update(arcsin=FUNCTIONS["asin"], arccos=FUNCTIONS["acos"], arctan=FUNCTIONS["atan"])
#: The functions as listed in messages.
KNOWN_FUNCTIONS = ", ".join(spec.name for spec in _TABLE)
CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E}
#: How far a constant argument may go before the function overflows a float (e^690 ≈ 1e299).
GROWTH_LIMITS: dict[str, Callable[[float], bool]] = {
    "exp": lambda a: a <= 690,
    "softplus": lambda a: a <= 690,
    "sinh": lambda a: abs(a) <= 690,
    "cosh": lambda a: abs(a) <= 690,
}
_RESERVED = {
    **dict.fromkeys(
        ("oo", "zoo", "inf", "Inf", "infinity", "Infinity", "nan", "NaN"),
        ("infinite or undefined values are not allowed", None),
    ),
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


def resolve_name(
    name: str, variables: tuple[str, ...] | None, before_paren: bool
) -> list[tuple[str, int, Meaning]]:
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
    return (
        len(name) in (2, 3)
        and name.isascii()
        and name.isalpha()
        and name.islower()
        and "e" not in name
        and name not in _SHORT_WORDS
        and not any(name.startswith(k) for k in (*FUNCTIONS, *CONSTANTS))
    )


def _unknown_name(name: str, variables: tuple[str, ...] | None, before_paren: bool) -> Meaning:
    """A variable (free mode) or an error with the most useful hint."""
    hint = _suggest(name, variables, before_paren)
    if hint:
        return Meaning("error", message=f"unknown name '{name}'", hint=hint)
    looks_free = bool(_NAME.match(name)) and len(name) <= MAX_VARIABLE_NAME
    if before_paren and not re.fullmatch(r"[A-Za-z]\d*", name):
        return Meaning(
            "error",
            message=f"unknown function '{name}'; known functions: {KNOWN_FUNCTIONS}",
            hint=f"for multiplication write {name}*(...)",
        )
    if variables is None and looks_free:
        return Meaning("var", symbol(name))
    if variables is None and _NAME.match(name):
        return Meaning(
            "error",
            message=f"the name '{name}' is too long for a variable",
            hint=f"use at most {MAX_VARIABLE_NAME} characters",
        )
    if variables and looks_free:
        return Meaning(
            "error",
            message=f"only {describe_variables(variables)} can vary here",
            hint=f"'{name}' is not one of the variables",
        )
    if variables is not None and looks_free:
        return Meaning(
            "error", message=f"'{name}' is not a number", hint="type a number such as 1.5 or pi/2"
        )
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
        rest, head = name[len(known) :], name[: -len(known)]
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


def check_arity(spec: FunctionSpec, name: str, count: int, column: int | None) -> None:
    """Refuse a call with the wrong number of arguments: "atan2 takes 2 arguments, got 1"."""
    if spec.min_args <= count <= spec.max_args:
        return
    wanted = (
        f"{spec.min_args} argument" + "s" * (spec.min_args > 1)
        if spec.min_args == spec.max_args
        else f"at least {spec.min_args} arguments"
        if count < spec.min_args
        else f"at most {spec.max_args} arguments"
    )
    raise InputError(
        f"{name} takes {wanted}, got {count}", column=column, hint=f"write {spec.signature}"
    )


def apply_function(
    spec: FunctionSpec, args: Sequence[sympy.Expr], column: int | None, name: str
) -> sympy.Expr:
    """Call ``spec`` on ``args`` after checking the argument count and growth limits."""
    check_arity(spec, name, len(args), column)
    limit = GROWTH_LIMITS.get(spec.name)
    if limit is not None and not args[0].free_symbols and not limit(value_of(args[0]).real):
        raise BudgetError(
            f"{name}(...) of this argument is too large",
            column=column,
            hint="its argument must be at most 690 in size",
        )
    result = spec.build(*args)
    check_constant(result, column, f"{name}(...)")
    return result
