"""Characters → tokens, each with the 1-based column where the person typed it.

The lexer is the first gate of the safe parser (see :mod:`landscape.parser`). It understands
numbers, ASCII names, ``+ - * / ^ **``, brackets and commas, plus the unambiguous unicode people
paste (``x²``, ``⁻¹``, ``−``, ``·``, ``×``, ``÷``, ``π``) which it turns into plain ASCII tokens.
It refuses, with the column and a hint, everything that can only be code or is ambiguous:
quotes, ``#`` comments, ``;``, backslashes, line breaks, control and invisible characters,
Python keywords (``lambda``, ``for``, ``import`` …) and unknown unicode (``√``, ``≤``, ``θ``).

Other Python punctuation (``.``, ``=``, ``<``, ``%``, ``&`` …) becomes a ``punct`` token: the
parser's syntax-tree allow-list then explains what it is ("attribute access is not allowed").

Numbers are checked textually so no huge value is ever built: at most
:data:`MAX_LITERAL_DIGITS` digits and a decimal exponent within ±:data:`MAX_DECIMAL_EXPONENT`.
``2e`` is the number 2 followed by the name ``e``; ``2e-3`` and ``2E3`` are numbers.
"""

from __future__ import annotations

import bisect
import keyword
import unicodedata
from dataclasses import dataclass
from typing import TypeGuard

import sympy

from landscape.errors import BudgetError, InputError

MAX_LITERAL_DIGITS = 30
MAX_DECIMAL_EXPONENT = 300
MAX_NAME_LENGTH = 32
MAX_DEPTH = 50
MAX_SIGNS = 10

NUM, NAME, OP, OPEN, CLOSE, COMMA, PUNCT = "num", "name", "op", "open", "close", "comma", "punct"
FUNC = "func"  # a name the parser found to be called: always followed by "("


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` (module constants), ASCII ``text``, 1-based ``column``.

    ``meaning`` is filled in by the parser for names (a :class:`landscape.functions.Meaning`).
    """

    kind: str
    text: str
    column: int
    meaning: object = None


_DIGITS = "0123456789"
_NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
_NAME_CHARS = _NAME_START + _DIGITS
_SINGLE = {
    "+": OP,
    "-": OP,
    "*": OP,
    "/": OP,
    "^": OP,
    ",": COMMA,
    "(": OPEN,
    "[": OPEN,
    "{": OPEN,
    ")": CLOSE,
    "]": CLOSE,
    "}": CLOSE,
}
_PUNCT_TWO = ("//", "==", "!=", "<=", ">=", "<<", ">>", ":=")
_PUNCT_ONE = ".=<>!%@&|~:"
_UNICODE_OPS = {
    "\u2212": "-",
    "\u00b7": "*",
    "\u22c5": "*",
    "\u00d7": "*",
    "\u2217": "*",
    "\u00f7": "/",
    "\u2215": "/",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", _DIGITS, strict=True))
_SUPER_MINUS = "⁻"
_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lam",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
_REFUSED_ASCII = {
    **dict.fromkeys("'\"", ("text in quotes is not allowed", None)),
    **dict.fromkeys("\n\r", ("the formula must be on one line", None)),
    "#": ("comments (#) are not allowed", "type only the formula"),
    ";": ("';' is not allowed: type one formula", None),
    "\\": ("backslashes are not allowed", None),
}
_REFUSED_UNICODE = {
    **dict.fromkeys("≤≥≠≈", ("comparisons are not allowed", None)),
    **dict.fromkeys("–—‐", ("this dash is ambiguous", "type - for minus")),
    "√": ("the root sign √ is not understood", "write sqrt(x)"),
    "∞": ("infinity is not allowed", None),
    "∑": ("sums with ∑ are not supported", "write the terms out with +"),
    "∫": ("integrals are not supported", None),
}
_KEYWORD_MESSAGES = {
    **dict.fromkeys(("for", "in", "async"), "comprehensions (for ... in ...) are not allowed"),
    **dict.fromkeys(("if", "else"), "if/else is not allowed"),
    **dict.fromkeys(("and", "or", "not"), "boolean operators (and, or, not) are not allowed"),
    **dict.fromkeys(("import", "from"), "import is not allowed"),
    **dict.fromkeys(("True", "False"), "True and False are not numbers here"),
    "lambda": "lambda is not allowed",
    "is": "comparisons are not allowed",
    "None": "None is not a number",
}


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raise :class:`InputError` at the first refused character."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == " " or ch == "\t" or (ord(ch) > 127 and unicodedata.category(ch) == "Zs"):
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            i = _lex_number(text, i, tokens)
        elif ch in _NAME_START:
            i = _lex_name(text, i, tokens)
        elif ch in _SUPERSCRIPTS or ch == _SUPER_MINUS:
            i = _lex_superscript(text, i, tokens)
        else:
            i = _lex_symbol(text, i, tokens)
    return tokens


def _lex_symbol(text: str, i: int, tokens: list[Token]) -> int:
    """Operators, brackets, commas, punctuation and the accepted unicode; refuse the rest."""
    ch, col = text[i], i + 1
    if text.startswith("**", i):
        tokens.append(Token(OP, "^", col))
        return i + 2
    two = text[i : i + 2]
    if two in _PUNCT_TWO:
        tokens.append(Token(PUNCT, two, col))
        return i + 2
    if ch in _SINGLE:
        tokens.append(Token(_SINGLE[ch], ch, col))
        return i + 1
    if ch == "|" and "|" in text[i + 1 :]:  # |x| as on paper: say how to write it
        inner = text[i + 1 :].split("|", 1)[0].strip() or "x"
        raise InputError(
            "absolute value bars |…| are not understood",
            column=col,
            hint=f"write abs({inner}) for |{inner}|",
        )
    if ch in _PUNCT_ONE:
        tokens.append(Token(PUNCT, ch, col))
        return i + 1
    if ch in _UNICODE_OPS:
        tokens.append(Token(OP, _UNICODE_OPS[ch], col))
        return i + 1
    if ch == "π":
        tokens.append(Token(NAME, "pi", col))
        return i + 1
    message, hint = _refusal(ch)
    raise InputError(message, column=col, hint=hint)


def _refusal(ch: str) -> tuple[str, str | None]:
    """The message and hint for a character the lexer does not accept."""
    if ch in _REFUSED_ASCII:
        return _REFUSED_ASCII[ch]
    if ch in _REFUSED_UNICODE:
        return _REFUSED_UNICODE[ch]
    code = f"U+{ord(ch):04X}"
    category = unicodedata.category(ch)
    if category[0] in "CZ":
        return f"the invisible or control character {code} is not allowed", "delete it"
    if ord(ch) < 128:
        return f"the character '{ch}' is not understood", None
    if ch in _GREEK:
        return f"the letter '{ch}' is not understood", f"type {_GREEK[ch]} instead of {ch}"
    if "FRACTION" in unicodedata.name(ch, ""):
        return f"the fraction '{ch}' is not understood", "write fractions with /, e.g. 1/2"
    plain = unicodedata.normalize("NFKC", ch)
    if plain.isascii() and plain.isprintable() and plain.strip():
        return f"the character '{ch}' ({code}) is not understood", f"did you mean '{plain}'?"
    return (
        f"the character '{ch}' ({code}) is not understood",
        "use letters a-z, digits, + - * / ^ ( ) and commas",
    )


def _lex_name(text: str, i: int, tokens: list[Token]) -> int:
    """An ASCII name; Python keywords are refused here."""
    j = i
    while j < len(text) and text[j] in _NAME_CHARS:
        j += 1
    name = text[i:j]
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"the name '{name[:12]}…' is too long", column=i + 1)
    if keyword.iskeyword(name):
        message = _KEYWORD_MESSAGES.get(name, f"'{name}' is Python code and is not allowed")
        raise InputError(message, column=i + 1, hint="type a formula such as x^2 + y^2")
    tokens.append(Token(NAME, name, i + 1))
    return j


def _lex_number(text: str, i: int, tokens: list[Token]) -> int:
    """A decimal number ``12``, ``1.5``, ``.5``, ``1e-3``, ``2E+4`` (checked textually)."""
    j = _skip_digits(text, i)
    if j < len(text) and text[j] == ".":
        j = _skip_digits(text, j + 1)
    mantissa_end = j
    if j < len(text) and text[j] in "eE":
        k = j + 1
        if k < len(text) and text[k] in "+-\u2212":
            k += 1
        if k < len(text) and text[k] in _DIGITS:
            j = _skip_digits(text, k)
    mantissa, exponent = text[i:mantissa_end], text[mantissa_end + 1 : j]
    _check_number(mantissa, exponent.replace("\u2212", "-"), i + 1)
    ascii_text = mantissa + ("e" + exponent.replace("\u2212", "-") if exponent else "")
    tokens.append(Token(NUM, ascii_text, i + 1))
    return j


def literal_value(text: str) -> sympy.Rational:
    """The exact value of a number token's text: ``0.1`` → 1/10, ``1e-3`` → 1/1000."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, frac = mantissa.partition(".")
    value = sympy.Rational(int(whole + frac), 10 ** len(frac))
    return value * sympy.Integer(10) ** int(exponent or 0)


def _skip_digits(text: str, j: int) -> int:
    """Index just past the run of ASCII digits starting at ``j``."""
    while j < len(text) and text[j] in _DIGITS:
        j += 1
    return j


def _check_number(mantissa: str, exponent: str, column: int) -> None:
    """Refuse too many digits or an exponent beyond the limit, without building the value."""
    shown = mantissa if len(mantissa) <= 12 else mantissa[:12] + "…"
    if sum(c in _DIGITS for c in mantissa) > MAX_LITERAL_DIGITS:
        raise BudgetError(
            f"the number {shown} has too many digits (at most {MAX_LITERAL_DIGITS})", column=column
        )
    digits = exponent.lstrip("+-").lstrip("0")
    if len(digits) > 3 or (digits and int(digits) > MAX_DECIMAL_EXPONENT):
        raise BudgetError(
            f"the exponent of {shown}e… is out of range (at most ±{MAX_DECIMAL_EXPONENT})",
            column=column,
        )


def _lex_superscript(text: str, i: int, tokens: list[Token]) -> int:
    """``x²``, ``x¹⁰``, ``x⁻¹`` → the tokens ``^ 2``, ``^ 10``, ``^ - 1``."""
    col = i + 1
    negative = text[i] == _SUPER_MINUS
    j = i + 1 if negative else i
    digits = []
    while j < len(text) and text[j] in _SUPERSCRIPTS:
        digits.append(_SUPERSCRIPTS[text[j]])
        j += 1
    if not digits:
        raise InputError(
            "a superscript minus ⁻ needs superscript digits after it", column=col, hint="write x^-1"
        )
    if len(digits) > MAX_LITERAL_DIGITS:
        raise BudgetError("the superscript exponent has too many digits", column=col)
    tokens.append(Token(OP, "^", col))
    if negative:
        tokens.append(Token(OP, "-", col))
    tokens.append(Token(NUM, "".join(digits), col))
    return j


class Rewritten:
    """Tokens joined into the ASCII text for :func:`ast.parse`, and the way back to columns.

    ``^`` is emitted as ``**`` and every number as ``1`` (the parser reads the token text).
    """

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


# --- The order of tokens: implicit ``*``, then brackets, operators, commas. ---


def insert_products(tokens: list[Token]) -> list[Token]:
    """Insert ``*`` between a number, name or ``)`` and a following number, name, function or
    ``(``: ``2x``, ``2(x+1)``, ``(x+1)(y-1)``, ``x y``, ``2pi``, ``3sin(x)``, ``x(y+1)``.

    A number right after a name or ``)`` (``x 2``, ``(x)2``) is refused rather than guessed.
    """
    out: list[Token] = []
    for token in tokens:
        prev = out[-1] if out else None
        if _ends_value(prev) and (token.kind in (NUM, NAME, FUNC) or token.text == "("):
            if token.kind == NUM:
                message = (
                    "two numbers in a row"
                    if prev.kind == NUM
                    else f"a number cannot follow '{prev.text}' directly"
                )
                raise InputError(
                    message, column=token.column, hint=f"put an operator before {token.text}"
                )
            out.append(Token(OP, "*", token.column))
        out.append(token)
    return out


def check_structure(tokens: list[Token]) -> None:
    """Raise at the first structural mistake; a name directly before ``(`` is a call."""
    _Structure().run(tokens)


def _ends_value(token: Token | None) -> TypeGuard[Token]:
    """True after a number, a name or a closing parenthesis."""
    return token is not None and (token.kind in (NUM, NAME) or token.text == ")")


class _Structure:
    """One pass: bracket matching and depth, operator placement, commas, ``=``."""

    def __init__(self):
        """Start with no open bracket and no signs."""
        self.stack: list[tuple[Token, bool]] = []  # open bracket, is it a call?
        self.signs = 0

    def run(self, tokens: list[Token]) -> None:
        """Check ``tokens`` in order."""
        prev = None
        for token in tokens:
            getattr(self, "_" + token.kind)(token, prev)
            prev = token
        if self.stack:
            opened = self.stack[-1][0]
            raise InputError(
                f"this '{opened.text}' is never closed",
                column=opened.column,
                hint="add the missing closing bracket",
            )
        if prev is not None and prev.kind == OP:
            raise InputError(
                f"the formula ends with '{prev.text}'; something is missing after it",
                column=prev.column,
            )

    def _num(self, token: Token, prev: Token | None) -> None:
        """A value ends a run of signs."""
        self.signs = 0

    _name = _func = _num

    def _op(self, token: Token, prev: Token | None) -> None:
        """``* / ^`` need a value before them; ``+ -`` may be signs (at most MAX_SIGNS)."""
        if token.text in "+-" and not _ends_value(prev):
            self.signs += 1
            if self.signs > MAX_SIGNS:
                raise BudgetError("too many signs in a row", column=token.column)
            return
        self.signs = 0
        if prev is not None and prev.kind == PUNCT:
            return
        if prev is not None and prev.kind == OP:
            hint = "did you mean ^?" if token.text == prev.text == "^" else None
            raise InputError(
                f"'{token.text}' cannot follow '{prev.text}'", column=token.column, hint=hint
            )
        if not _ends_value(prev):
            raise InputError(f"'{token.text}' needs something before it", column=token.column)

    def _open(self, token: Token, prev: Token | None) -> None:
        """Push a bracket; refuse nesting deeper than MAX_DEPTH."""
        is_call = token.text == "(" and prev is not None and prev.kind == FUNC
        self.stack.append((token, is_call))
        if len(self.stack) > MAX_DEPTH:
            raise BudgetError(
                f"the brackets are nested too deeply (at most {MAX_DEPTH})", column=token.column
            )

    def _close(self, token: Token, prev: Token | None) -> None:
        """Pop the matching bracket; refuse unmatched, mismatched or empty brackets."""
        if not self.stack:
            raise InputError(
                f"unmatched '{token.text}'",
                column=token.column,
                hint="remove it or add an opening bracket",
            )
        opened, is_call = self.stack.pop()
        if "([{".index(opened.text) != ")]}".index(token.text):
            raise InputError(
                f"'{token.text}' does not match the '{opened.text}' at column {opened.column}",
                column=token.column,
            )
        if prev is opened and not is_call:
            raise InputError("empty parentheses", column=opened.column)
        if prev is not None and prev.kind in (OP, COMMA):
            raise InputError(f"something is missing after '{prev.text}'", column=prev.column)

    def _comma(self, token: Token, prev: Token | None) -> None:
        """Commas only between the arguments of a call."""
        if not self.stack or (self.stack[-1][0].text == "(" and not self.stack[-1][1]):
            raise InputError(
                "a comma only separates function arguments, as in max(x, y)", column=token.column
            )
        if prev is not None and prev.kind in (OP, COMMA, OPEN):
            raise InputError("something is missing before ','", column=token.column)

    def _punct(self, token: Token, prev: Token | None) -> None:
        """``x = 1`` is an equation; other punctuation is left to the syntax-tree check."""
        if token.text == "=" and not self.stack:
            raise InputError(
                "an equation is not a function",
                column=token.column,
                hint="type only the right-hand side, e.g. x^2 + y^2",
            )
