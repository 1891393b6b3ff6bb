"""The safe parser of what people type: text → a real sympy expression, never evaluating text.

Pipeline (no ``eval``, ``exec``, ``sympify`` or ``parse_expr`` anywhere):

1. :func:`landscape.lexer.tokenize`: characters → tokens with columns (``x²``, ``−``, ``π``
   become ASCII; quotes, ``#``, ``;``, Python keywords, unknown unicode are refused).
2. :func:`_rewrite`: names get meanings (:func:`landscape.functions.resolve_name`: ``xy`` is
   ``x*y`` for the variables x, y; ``sinx`` → "did you mean sin(x)?"); ``*`` is inserted for
   implicit multiplication between a number, variable, constant or ``)`` and a following name
   or ``(`` (``2x``, ``2(x+1)``, ``(x+1)(y-1)``, ``x y``, ``2pi``, ``3sin(x)``, ``x(y+1)``);
   a number right after a name or ``)`` (``x 2``) is refused; then
   :func:`landscape.lexer.check_structure` checks brackets, operators and commas. Each piece
   of the rewritten ASCII text (``^`` → ``**``) remembers its column in the original text.
3. :func:`ast.parse` (mode ``eval``), at most :data:`MAX_NODES` nodes; :class:`_Builder` walks
   the tree iteratively against an allow-list (Expression, BinOp ``+ - * / **``, UnaryOp
   ``- +``, Call of a known function with positional arguments, Name, Constant) and refuses
   everything else with a message ("attribute access (.) is not allowed"). Numbers are exact,
   from the token text (``0.1`` → 1/10).
4. Every sympy node is built only after the guards of :mod:`landscape.functions` bounded what
   sympy's automatic evaluation would compute (``9^9^9``, ``exp(1000)``, ``1/0``); the result
   must be real and finite, in the allowed variables.

Every failure is an :class:`~landscape.errors.InputError` (``BudgetError`` for work over a
limit) with a column in the original text; anything unexpected is converted to one.
"""

from __future__ import annotations

import ast
import bisect
import math
from collections.abc import Sequence

import sympy

from landscape import functions as fn
from landscape.errors import BudgetError, InputError
from landscape.lexer import NAME, NUM, OP, Token, check_structure, tokenize

MAX_TEXT_LENGTH = 2000
MAX_NODES = 600
MAX_TREE_DEPTH = 60
MAX_RESULT_NODES = 3000
MAX_FREE_VARIABLES = 20

__all__ = ["parse_expression", "parse_number"]


def parse_expression(text: str, variables: Sequence[str] | None = ("x", "y")) -> sympy.Expr:
    """Parse a person's formula into a real sympy expression in ``variables``.

    ``variables=None`` accepts any short variable name (``theta``, ``x1``, ``w``). Raises only
    :class:`InputError` (or its subclass :class:`BudgetError`), with a 1-based column into
    ``text`` where one applies and a hint where one helps.
    """
    return _guarded(_parse, text, variables)


def parse_number(text: str) -> float:
    """Parse a numeric field (``pi/2``, ``-1e-3``, ``2^-3``, ``sqrt(2)``) into a finite float."""
    expr = _guarded(_parse, text, ())
    value = _guarded(fn.value_of, expr)
    if not (math.isfinite(value.real) and abs(value.imag) <= 1e-12 * max(1.0, abs(value.real))):
        raise InputError("this is not a finite real number")
    return float(value.real)


def _guarded(function, *args):
    """Run ``function``; every exception that is not an InputError becomes one."""
    try:
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
        raise BudgetError(f"the formula is too long ({len(text)} characters; "
                          f"at most {MAX_TEXT_LENGTH})")
    tokens = tokenize(text)
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
    if expr.has(*fn.UNDEFINED):
        raise InputError("the result is undefined (infinite or not a number)")
    free = expr.free_symbols
    if names is not None and not {s.name for s in free} <= set(names):
        raise InputError(f"only {fn.describe_variables(names)} can vary here")
    if names is None and len(free) > MAX_FREE_VARIABLES:
        raise BudgetError(f"too many variables (at most {MAX_FREE_VARIABLES})")
    if sum(1 for _ in sympy.preorder_traversal(expr)) > MAX_RESULT_NODES:
        raise BudgetError("the formula is too large")


# --- Step 2: tokens → rewritten ASCII text with a column map. ---


class _Rewritten:
    """The rewritten text and the map from its offsets back to original columns."""

    def __init__(self, pieces: list[Token]):
        """Join the pieces with spaces, recording where each one starts."""
        emitted = [("**" if p.text == "^" else "1" if p.kind == NUM else p.text) for p in pieces]
        self.pieces = pieces
        self.starts: list[int] = []
        offset = 0
        for text in emitted:
            self.starts.append(offset)
            offset += len(text) + 1
        self.text = " ".join(emitted)

    def piece_at(self, offset: int) -> Token:
        """The piece covering ``offset`` in the rewritten text."""
        index = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.pieces[min(index, len(self.pieces) - 1)]

    def column_at(self, offset: int) -> int:
        """The original column of the rewritten offset."""
        return self.piece_at(offset).column

    def piece_after(self, offset: int) -> Token:
        """The first piece at or after ``offset`` that is not ``)``: a BinOp's operator."""
        index = bisect.bisect_left(self.starts, offset)
        while index < len(self.pieces) - 1 and self.pieces[index].text == ")":
            index += 1
        return self.pieces[min(index, len(self.pieces) - 1)]


def _rewrite(tokens: list[Token], names: tuple[str, ...] | None) -> _Rewritten:
    """Resolve names, insert implicit ``*``, check the structure."""
    out: list[Token] = []
    for piece in _resolve_names(tokens, names):
        prev = out[-1] if out else None
        if _ends_value(prev) and _starts_value(piece) and not _is_call(prev, piece):
            if piece.kind == NUM:
                message = ("two numbers in a row" if prev.kind == NUM
                           else f"a number cannot follow '{prev.text}' directly")
                raise InputError(message, column=piece.column,
                                 hint=f"put an operator before {piece.text}")
            out.append(Token(OP, "*", piece.column))
        out.append(piece)
    check_structure(out)
    return _Rewritten(out)


def _resolve_names(tokens: list[Token], names: tuple[str, ...] | None) -> list[Token]:
    """Name tokens → pieces with meanings; a function must be followed by ``(``."""
    pieces: list[Token] = []
    for i, token in enumerate(tokens):
        if token.kind != NAME:
            pieces.append(token)
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before_paren = after is not None and after.text == "("
        for text, offset, meaning in fn.resolve_name(token.text, names, before_paren):
            if meaning.kind == "func" and not before_paren:
                nxt = "" if after is None else after.text if after.kind in (NAME, NUM, OP) else ""
                raise InputError(f"{text} needs its argument in parentheses",
                                 column=token.column, hint=fn.paren_hint(text, nxt))
            pieces.append(Token(NAME, text, token.column + offset, meaning))
    return pieces


def _ends_value(piece: Token | None) -> bool:
    """True after a number, a (non-function) name, or ``)``."""
    if piece is None:
        return False
    return piece.kind == NUM or piece.text == ")" or (
        piece.kind == NAME and piece.meaning is not None and piece.meaning.kind != "func")


def _starts_value(piece: Token) -> bool:
    """True for a number, a name, or ``(``."""
    return piece.kind in (NUM, NAME) or piece.text == "("


def _is_call(prev: Token, piece: Token) -> bool:
    """``sin(`` or ``foo(`` (an unknown name, refused later with a hint) is a call."""
    return (piece.text == "(" and prev.kind == NAME and prev.meaning is not None
            and prev.meaning.kind in ("func", "error"))


# --- Step 3: the syntax tree, walked against the allow-list, built into sympy. ---

_REFUSED_NODES = {
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
    **dict.fromkeys((ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp),
                    "comprehensions are not allowed"),
    **dict.fromkeys((ast.JoinedStr, ast.FormattedValue), "text in quotes is not allowed"),
    **dict.fromkeys((ast.Set, ast.Dict), "braces { } are not allowed"),
    **dict.fromkeys((ast.Yield, ast.YieldFrom), "yield is not allowed"),
}
_OPERATORS = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.BitAnd: "&",
              ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
              ast.Invert: "~", ast.Not: "not"}
_FAMILIES = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}


class _Builder:
    """Walk the tree iteratively (no recursion limit to hit), checking before building."""

    def __init__(self, rewritten: _Rewritten):
        """Build from ``rewritten`` (its text was parsed into the tree)."""
        self.rw = rewritten

    def build(self, root: ast.expr) -> sympy.Expr:
        """Post-order evaluation with an explicit stack; nodes are checked in pre-order."""
        todo: list[tuple[ast.expr, tuple | None, int]] = [(root, None, 1)]
        values: list[sympy.Expr] = []
        while todo:
            node, plan, depth = todo.pop()
            if plan is None:
                if depth > MAX_TREE_DEPTH:
                    raise BudgetError(f"the formula is nested too deeply (more than "
                                      f"{MAX_TREE_DEPTH} levels)", column=self._column(node))
                children, combine = self._plan(node)
                todo.append((node, (len(children), combine), depth))
                todo.extend((child, None, depth + 1) for child in reversed(children))
            else:
                count, combine = plan
                args = values[len(values) - count:]
                del values[len(values) - count:]
                values.append(self._combine(node, combine, args))
        return values[0]

    def _combine(self, node: ast.expr, combine, args: list[sympy.Expr]) -> sympy.Expr:
        """Build one node; sympy's own failures become an InputError at the node."""
        try:
            return fn.fold_constant(combine(args))
        except InputError:
            raise
        except Exception:
            raise InputError("could not compute this part of the formula",
                             column=self._column(node)) from None

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
            return self.rw.piece_after(node.value.end_col_offset).column
        if isinstance(node, ast.Compare):
            return self.rw.piece_after(node.left.end_col_offset).column
        return self._column(node)

    @staticmethod
    def _operator_error(op: type, column: int | None) -> InputError:
        """"the operator '%' is not allowed"."""
        return InputError(f"the operator '{_OPERATORS.get(op, '?')}' is not allowed",
                          column=column)

    def _plan_binop(self, node: ast.BinOp):
        """Powers pairwise; sums and products flattened into one sympy call (fast)."""
        op = type(node.op)
        column = self.rw.piece_after(node.left.end_col_offset).column
        if op is ast.Pow:
            return [node.left, node.right], lambda a: _power(a[0], a[1], column)
        if op not in _FAMILIES:
            raise self._operator_error(op, column)
        family, rights = _FAMILIES[op], []
        while isinstance(node, ast.BinOp) and _FAMILIES.get(type(node.op)) == family:
            where = self.rw.piece_after(node.left.end_col_offset).column
            rights.append((node.right, type(node.op), where))
            node = node.left
        rights.reverse()
        ops = [(op, where) for _, op, where in rights]
        combine = _sum if family == "sum" else _product
        return [node, *(right for right, _, _ in rights)], lambda a: combine(a, ops)

    def _plan_call(self, node: ast.Call):
        """A known function with positional arguments only."""
        column = self._column(node)
        if node.keywords:
            raise InputError("keyword arguments (like key=...) are not allowed",
                             column=self._column(node.keywords[0]))
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
        fn.check_arity(spec, name, len(node.args), column)
        return list(node.args), lambda a: fn.apply_function(spec, a, column, name)

    def _meaning(self, node: ast.Name) -> fn.Meaning:
        """The meaning the rewrite gave this name (checked to be the same name)."""
        piece = self.rw.piece_at(node.col_offset)
        if piece.kind != NAME or piece.text != node.id or piece.meaning is None:
            raise InputError("could not understand the formula here", column=piece.column)
        return piece.meaning

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
        value = fn.number_from_literal(piece.text)
        fn.check_constant(value, piece.column, "this number")
        return value


def _sum(values: list[sympy.Expr], ops: list[tuple[type, int]]) -> sympy.Expr:
    """``a + b - c`` as one ``sympy.Add``."""
    pairs = zip(values[1:], ops, strict=True)
    terms = [values[0]] + [-v if op is ast.Sub else v for v, (op, _) in pairs]
    column = ops[0][1]
    fn.check_sum_size(terms, column)
    result = sympy.Add(*terms)
    fn.check_constant(result, column, "this sum")
    return result


def _product(values: list[sympy.Expr], ops: list[tuple[type, int]]) -> sympy.Expr:
    """``a * b / c`` as one ``sympy.Mul``; a zero divisor is refused before building."""
    factors = [values[0]]
    for value, (op, column) in zip(values[1:], ops, strict=True):
        if op is ast.Div:
            if value == 0 or (not value.free_symbols and fn.value_of(value) == 0):
                raise InputError("division by zero", column=column)
            value = sympy.Pow(value, -1)
            fn.check_constant(value, column, "this division")
        factors.append(value)
    fn.check_product_size(factors, ops[0][1])
    result = sympy.Mul(*factors)
    fn.check_constant(result, ops[0][1], "this product")
    return result


def _power(base: sympy.Expr, exponent: sympy.Expr, column: int) -> sympy.Expr:
    """``base ** exponent`` once :func:`landscape.functions.check_power` bounded it."""
    fn.check_power(base, exponent, column)
    result = sympy.Pow(base, exponent)
    fn.check_power_result(result, column)
    fn.check_constant(result, column, "this power")
    return result
