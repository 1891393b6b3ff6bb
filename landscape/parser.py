"""The safe parser of what people type: text → a real sympy expression, never evaluating text.

Pipeline (no ``eval``, ``exec``, ``sympify`` or ``parse_expr`` anywhere):

1. :func:`landscape.lexer.tokenize`: characters → tokens with columns (``x²``, ``−``, ``π``
   become ASCII; quotes, ``#``, ``;``, Python keywords, unknown unicode are refused).
2. :func:`_rewrite`: names get meanings (:func:`landscape.functions.resolve_name`), ``*`` is
   inserted for implicit multiplication between a number, variable, constant or ``)`` and a
   following name or ``(`` (``2x``, ``(x+1)(y-1)``, ``x y``, ``3sin(x)``, ``x(y+1)``; but
   ``x 2`` is refused); :func:`landscape.lexer.check_structure` checks brackets, operators
   and commas; :class:`landscape.lexer.Rewritten` maps the ASCII text back to columns.
3. :func:`ast.parse` (mode ``eval``, at most :data:`MAX_NODES` nodes); :class:`_Builder`
   walks the tree iteratively against an allow-list (Expression, BinOp ``+ - * / **``,
   UnaryOp ``- +``, Call of a known function with positional arguments, Name, Constant) and
   refuses the rest with a message ("attribute access (.) is not allowed").
4. Each sympy node is built after the guards of :mod:`landscape.functions` bounded what sympy's
   automatic evaluation would compute (``9^9^9``, ``exp(1000)``, ``1/0``); the result must be
   real and finite, in the allowed variables. :func:`~landscape.counted_budget.operation_budget` is
   the last net: at most :data:`MAX_OPERATIONS` calls, counted, so that a formula is
   accepted or refused alike on every machine at any load.

Limits: 2000 characters, 50 nested brackets, 30 digits per number and decimal exponents
within ±300, 600 syntax nodes, 60 levels, exact numbers of at most 300 digits (also after
sympy's expansions), values within 1e300, exponents on variables at most 100 (16 on
expressions that may be complex, like log(x)), exp/sinh/cosh of constants at most 690, 20
free variables, :data:`MAX_OPERATIONS` counted operations. Every failure is an
:class:`~landscape.errors.InputError` (``BudgetError`` for a limit) with a column in the
original text where one applies.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Sequence

import sympy

from landscape import functions as fn
from landscape import guards as gd
from landscape import lexer as lx
from landscape.counted_budget import operation_budget
from landscape.errors import BudgetError, InputError
from landscape.lexer import FUNC, NAME, NUM, Token

MAX_TEXT_LENGTH = 2000
#: the parser's budget of counted calls: 8.8× the costliest preset (ackley, about 57,000);
#: a formula that exhausts it takes about 0.5–0.7 s here
MAX_OPERATIONS = 500_000
#: the safety net only, in seconds of this thread's CPU: over 10× the budget's worst case
SAFETY_SECONDS = 10.0
MAX_NODES = 600
MAX_TREE_DEPTH = 60
MAX_RESULT_NODES = 3000
MAX_FREE_VARIABLES = 20

__all__ = ["parse_expression", "parse_number"]


def parse_expression(text: str, variables: Sequence[str] | None = ("x", "y")) -> sympy.Expr:
    """Parse a person's formula into a real sympy expression in ``variables``.

    ``variables=None`` accepts any short variable name (``theta``, ``x1``, ``w``). Raises only
    :class:`InputError` (or its subclass :class:`BudgetError`), with a 1-based column into
    ``text`` where one applies and a hint where one helps; does at most
    :data:`MAX_OPERATIONS` operations of symbolic work, refused deterministically beyond.
    """
    return _guarded(_parse, text, variables)


def parse_number(text: str) -> float:
    """Parse a numeric field (``pi/2``, ``-1e-3``, ``2^-3``, ``sqrt(2)``) into a finite float."""
    expr = _guarded(_parse, text, ())
    value = _guarded(gd.value_of, expr)
    if not (math.isfinite(value.real) and abs(value.imag) <= 1e-12 * max(1.0, abs(value.real))):
        raise InputError("this is not a finite real number")
    return float(value.real)


def _guarded(function, *args):
    """Run ``function`` under the operation budget; any exception but InputError becomes one."""
    try:
        with operation_budget(MAX_OPERATIONS, "analyse this formula", seconds=SAFETY_SECONDS):
            return function(*args)
    except InputError:
        raise
    except (RecursionError, MemoryError):
        raise BudgetError("the formula is too complicated") from None
    except Exception:  # the safety net: never let a traceback reach the person
        raise InputError("could not understand this formula") from None


def _parse(text: str, variables: Sequence[str] | None) -> sympy.Expr:
    """The pipeline of the module docstring."""
    names = fn.check_variables(variables)
    if not isinstance(text, str):
        raise InputError("the formula must be text")
    if len(text) > MAX_TEXT_LENGTH:
        raise BudgetError(
            f"the formula is too long ({len(text)} characters; at most {MAX_TEXT_LENGTH})"
        )
    tokens = lx.tokenize(text)
    if not tokens:
        raise InputError(_empty_message(names))
    rewritten = _rewrite(tokens, names)
    try:
        tree = ast.parse(rewritten.text, mode="eval")
    except SyntaxError as exc:
        column = rewritten.column_at((exc.offset or 1) - 1)
        raise InputError("could not understand the formula here", column=column) from None
    if sum(isinstance(node, ast.expr) for node in ast.walk(tree)) > MAX_NODES:
        raise BudgetError(f"the formula is too long (more than {MAX_NODES} parts)")
    expr = _Builder(rewritten).build(tree.body)
    _check_result(expr, names)
    return expr


def _empty_message(names: tuple[str, ...] | None) -> str:
    """What to say about empty text."""
    if names is None:
        return "type a function"
    if not names:
        return "type a number"
    return f"type a function of {fn.describe_variables(names)}"


def _check_result(expr: sympy.Expr, names: tuple[str, ...] | None) -> None:
    """The whole result must be real, finite, small enough and in the allowed variables."""
    if expr.has(sympy.I):
        raise InputError("the result is not a real number")
    if expr.has(*gd.UNDEFINED):
        raise InputError("the result is undefined (infinite or not a number)")
    free = expr.free_symbols
    if names is not None and not {s.name for s in free} <= set(names):
        raise InputError(f"only {fn.describe_variables(names)} can vary here")
    if names is None and len(free) > MAX_FREE_VARIABLES:
        raise BudgetError(f"too many variables (at most {MAX_FREE_VARIABLES})")
    if sum(1 for _ in sympy.preorder_traversal(expr)) > MAX_RESULT_NODES:
        raise BudgetError("the formula is too large")


# --- Step 2: tokens → rewritten ASCII text with a column map. ---


def _rewrite(tokens: list[Token], names: tuple[str, ...] | None) -> lx.Rewritten:
    """Resolve names, insert implicit ``*``, check the structure."""
    pieces = lx.insert_products(_resolve_names(tokens, names))
    lx.check_structure(pieces)
    return lx.Rewritten(pieces)


def _resolve_names(tokens: list[Token], names: tuple[str, ...] | None) -> list[Token]:
    """Name tokens → pieces with meanings; a function must be followed by ``(``.

    A known function, or an unknown name before ``(`` (refused later with a hint), becomes a
    ``func`` token: a call, not an implicit product.
    """
    pieces: list[Token] = []
    for i, token in enumerate(tokens):
        if token.kind != NAME:
            pieces.append(token)
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before_paren = after is not None and after.text == "("
        for text, offset, meaning in fn.resolve_name(token.text, names, before_paren):
            if meaning.kind == "func" and not before_paren:
                raise InputError(
                    f"{text} needs its argument in parentheses",
                    column=token.column,
                    hint=_paren_hint(text, after),
                )
            call = before_paren and meaning.kind in ("func", "error")
            pieces.append(Token(FUNC if call else NAME, text, token.column + offset, meaning))
    return pieces


def _paren_hint(name: str, after: Token | None) -> str:
    """``sin x`` → "did you mean sin(x)?"; ``sin^2(x)`` → "for a power write sin(x)^2"."""
    if after is not None and after.text == "^":
        return f"for a power write {name}(x)^2"
    return (
        f"did you mean {name}({after.text})?"
        if after is not None and after.kind in (NAME, NUM)
        else f"write {name}(...)"
    )


# --- Step 3: the syntax tree, walked against the allow-list, built into sympy. ---

_REFUSED_NODES: dict[type, str] = {
    ast.Attribute: "attribute access (.) is not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.Compare: "comparisons are not allowed",
    ast.BoolOp: "boolean operators (and, or, not) are not allowed",
    ast.Tuple: "a comma only separates function arguments, as in max(x, y)",
    ast.List: "lists [ ] are not allowed",
    ast.Starred: "unpacking with * is not allowed",
    ast.NamedExpr: "assignment (:=) is not allowed",
    ast.IfExp: "if/else is not allowed",
    ast.Await: "await is not allowed",
    **dict.fromkeys((ast.Subscript, ast.Slice), "indexing with [ ] is not allowed"),
    **dict.fromkeys(
        (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp),
        "comprehensions are not allowed",
    ),
    **dict.fromkeys((ast.JoinedStr, ast.FormattedValue), "text in quotes is not allowed"),
    **dict.fromkeys((ast.Set, ast.Dict), "braces { } are not allowed"),
    **dict.fromkeys((ast.Yield, ast.YieldFrom), "yield is not allowed"),
}
_OPERATORS: dict[type, str] = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
    ast.Not: "not",
}
_FAMILIES = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}


class _Builder:
    """Walk the tree iteratively (no recursion limit to hit), checking before building."""

    def __init__(self, rewritten: lx.Rewritten):
        """Build from ``rewritten`` (its text was parsed into the tree)."""
        self.rw = rewritten
        self.weights: dict = {}  # memo of guards.check_weight

    def build(self, root: ast.expr) -> sympy.Expr:
        """Post-order evaluation with an explicit stack; nodes are checked in pre-order."""
        todo: list[tuple[ast.expr, tuple | None, int]] = [(root, None, 1)]
        values: list[sympy.Expr] = []
        while todo:
            node, plan, depth = todo.pop()
            if plan is None:
                if depth > MAX_TREE_DEPTH:
                    raise BudgetError(
                        f"the formula is nested too deeply (more than {MAX_TREE_DEPTH} levels)",
                        column=self._column(node),
                    )
                children, combine = self._plan(node)
                todo.append((node, (len(children), combine), depth))
                todo.extend((child, None, depth + 1) for child in reversed(children))
            else:
                count, combine = plan
                args = values[len(values) - count :]
                del values[len(values) - count :]
                values.append(self._combine(node, combine, args))
        return values[0]

    def _combine(self, node: ast.expr, combine, args: list[sympy.Expr]) -> sympy.Expr:
        """Build one node; sympy's own failures become an InputError at the node."""
        column = (
            self.rw.piece_after(_end(node.left)).column
            if isinstance(node, ast.BinOp)
            else self._column(node)
        )
        try:
            result = gd.fold_constant(combine(args))
            gd.check_weight(result, column, self.weights)
            return result
        except InputError:
            raise
        except Exception:
            raise InputError("could not compute this part of the formula", column=column) from None

    def _column(self, node: ast.AST) -> int | None:
        """The original column of a node."""
        offset = getattr(node, "col_offset", None)
        return None if offset is None else self.rw.column_at(offset)

    def _plan(self, node: ast.expr):
        """Check ``node``; return its children and how to combine their values."""
        if isinstance(node, ast.BinOp):
            return self._plan_binop(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                sign = -1 if isinstance(node.op, ast.USub) else 1
                return [node.operand], lambda a: a[0] if sign == 1 else -a[0]
            raise self._operator_error(type(node.op), self._column(node))
        if isinstance(node, ast.Call):
            return self._plan_call(node)
        if isinstance(node, ast.Name):
            return [], lambda _: self._name(node)
        if isinstance(node, ast.Constant):
            return [], lambda _: self._constant(node)
        message = _REFUSED_NODES.get(type(node), "this kind of expression is not allowed")
        raise InputError(message, column=self._refused_column(node))

    def _refused_column(self, node: ast.expr) -> int | None:
        """Point at the ``.``, ``[`` or comparison operator rather than at the start."""
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            while isinstance(node.value, (ast.Attribute, ast.Subscript)):
                node = node.value  # the first ``.`` or ``[`` of a chain
            return self.rw.piece_after(_end(node.value)).column
        if isinstance(node, ast.Compare):
            return self.rw.piece_after(_end(node.left)).column
        return self._column(node)

    @staticmethod
    def _operator_error(op: type, column: int | None) -> InputError:
        """ "the operator '%' is not allowed"."""
        return InputError(f"the operator '{_OPERATORS.get(op, '?')}' is not allowed", column=column)

    def _plan_binop(self, node: ast.BinOp):
        """Powers pairwise; sums and products flattened into one sympy call (fast)."""
        op = type(node.op)
        column = self.rw.piece_after(_end(node.left)).column
        if op is ast.Pow:
            return [node.left, node.right], lambda a: _power(a[0], a[1], column, self.weights)
        if op not in _FAMILIES:
            raise self._operator_error(op, column)
        family, rights = _FAMILIES[op], []
        left: ast.expr = node
        while isinstance(left, ast.BinOp) and _FAMILIES.get(type(left.op)) == family:
            where = self.rw.piece_after(_end(left.left)).column
            rights.append((left.right, type(left.op), where))
            left = left.left
        rights.reverse()
        ops = [(op, where) for _, op, where in rights]
        combine = _sum if family == "sum" else _product
        return [left, *(right for right, _, _ in rights)], lambda a: combine(a, ops)

    def _plan_call(self, node: ast.Call):
        """A known function with positional arguments only."""
        column = self._column(node)
        if node.keywords:
            raise InputError(
                "keyword arguments (like key=...) are not allowed",
                column=self._column(node.keywords[0]),
            )
        if not isinstance(node.func, ast.Name):
            raise InputError("only functions such as sin(...) can be called", column=column)
        meaning = self._meaning(node.func)
        if meaning.kind != "func":
            self._name(node.func)  # raises the name's own error
            raise InputError(f"'{node.func.id}' is not a function", column=column)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise InputError(_REFUSED_NODES[ast.Starred], column=self._column(arg))
        spec, name = meaning.value, node.func.id
        if not isinstance(spec, fn.FunctionSpec):  # a "func" meaning always holds its spec
            raise InputError(f"'{name}' is not a function", column=column)
        fn.check_arity(spec, name, len(node.args), column)
        return list(node.args), lambda a: fn.apply_function(spec, a, column, name)

    def _meaning(self, node: ast.Name) -> fn.Meaning:
        """The meaning the rewrite gave this name (checked to be the same name)."""
        piece = self.rw.piece_at(node.col_offset)
        meaning = piece.meaning
        if (
            piece.kind not in (NAME, FUNC)
            or piece.text != node.id
            or not isinstance(meaning, fn.Meaning)
        ):
            raise InputError("could not understand the formula here", column=piece.column)
        return meaning

    def _name(self, node: ast.Name) -> sympy.Expr:
        """A variable or constant; a deferred name error is raised here."""
        meaning, column = self._meaning(node), self._column(node)
        if meaning.kind in ("var", "const"):
            return meaning.value
        if meaning.kind == "func":
            raise InputError(f"{node.id} needs its argument in parentheses", column=column)
        raise InputError(meaning.message, column=column, hint=meaning.hint)

    def _constant(self, node: ast.Constant) -> sympy.Expr:
        """A number, exactly from the token text."""
        piece = self.rw.piece_at(node.col_offset)
        if isinstance(node.value, (str, bytes)):
            raise InputError("text in quotes is not allowed", column=piece.column)
        if piece.kind != NUM or type(node.value) is not int:
            raise InputError("this value is not allowed", column=piece.column)
        value = lx.literal_value(piece.text)
        gd.check_constant(value, piece.column, "this number")
        return value


def _end(node: ast.expr) -> int:
    """The rewritten offset where a node ends (``ast.parse`` always records it)."""
    end = node.end_col_offset
    if end is None:
        raise InputError("could not understand the formula here")
    return end


def _sum(values: list[sympy.Expr], ops: list[tuple[type, int]]) -> sympy.Expr:
    """``a + b - c`` as one ``sympy.Add``."""
    pairs = zip(values[1:], ops, strict=True)
    terms = [values[0]] + [-v if op is ast.Sub else v for v, (op, _) in pairs]
    result = sympy.Add(*terms)
    gd.check_constant(result, ops[0][1], "this sum")
    return result


def _product(values: list[sympy.Expr], ops: list[tuple[type, int]]) -> sympy.Expr:
    """``a * b / c`` as one ``sympy.Mul``; a zero divisor is refused before building."""
    factors = [values[0]]
    for value, (op, column) in zip(values[1:], ops, strict=True):
        if op is ast.Div:
            if value == 0 or (not value.free_symbols and gd.value_of(value) == 0):
                raise InputError("division by zero", column=column)
            value = sympy.Pow(value, -1)
            gd.check_constant(value, column, "this division")
        factors.append(value)
    result = sympy.Mul(*factors)
    gd.check_constant(result, ops[0][1], "this product")
    return result


def _power(base: sympy.Expr, exponent: sympy.Expr, column: int, memo: dict) -> sympy.Expr:
    """``base ** exponent`` once :func:`landscape.guards.check_power` bounded it."""
    exponent = gd.tame_exponent(exponent)
    gd.check_power(base, exponent, column, memo)
    result = sympy.Pow(base, exponent)
    gd.check_constant(result, column, "this power")
    return result
