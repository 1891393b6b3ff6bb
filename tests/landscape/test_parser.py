"""What the safe parser accepts, and the exact sympy expression each input means."""

from __future__ import annotations

import ast
import math
import pathlib

import pytest
import sympy

from landscape.counted_budget import operation_budget
from landscape.errors import InputError
from landscape.parser import MAX_OPERATIONS, parse_expression, parse_number
from landscape.symbols import symbol

x, y, z = symbol("x"), symbol("y"), symbol("z")
E, pi, R = sympy.E, sympy.pi, sympy.Rational
sin, cos, exp, log, sqrt = sympy.sin, sympy.cos, sympy.exp, sympy.log, sympy.sqrt

PRESETS = {
    "rosenbrock": ("(1-x)^2 + 100(y-x^2)^2", (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    "beale": (
        "(1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2",
        (R(3, 2) - x + x * y) ** 2 + (R(9, 4) - x + x * y**2) ** 2 + (R(21, 8) - x + x * y**3) ** 2,
    ),
    "goldstein_price": (
        "(1+(x+y+1)^2(19-14x+3x^2-14y+6xy+3y^2))(30+(2x-3y)^2(18-32x+12x^2+48y-36xy+27y^2))",
        (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2))
        * (30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)),
    ),
    "ackley": (
        "-20exp(-0.2sqrt(0.5(x^2+y^2))) - exp(0.5(cos(2pi x)+cos(2pi y))) + e + 20",
        -20 * exp(-R(1, 5) * sqrt(R(1, 2) * (x**2 + y**2)))
        - exp(R(1, 2) * (cos(2 * pi * x) + cos(2 * pi * y)))
        + E
        + 20,
    ),
    "rastrigin": (
        "20 + x^2 - 10cos(2pi x) + y^2 - 10cos(2pi y)",
        20 + x**2 - 10 * cos(2 * pi * x) + y**2 - 10 * cos(2 * pi * y),
    ),
    "himmelblau": ("(x^2+y-11)^2+(x+y^2-7)^2", (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2),
}

ACCEPTED = [
    # powers, both spellings, and signs
    ("x^2", x**2),
    ("x**2", x**2),
    ("x ^ 2", x**2),
    ("-x^2", -(x**2)),
    ("-2^2", -4),
    ("x^y^2", x ** (y**2)),
    ("2^-3", R(1, 8)),
    ("x^-2", x**-2),
    ("x^0.5", sqrt(x)),
    ("--x", x),
    ("-x", -x),
    ("+x", x),
    ("-(-x)", x),
    ("x - y - 1", x - y - 1),
    ("x/2/y", x / (2 * y)),
    ("(x)", x),
    ("((x+y))", x + y),
    # implicit multiplication
    ("2x", 2 * x),
    ("2(x+1)", 2 * (x + 1)),
    ("(x+1)(y-1)", (x + 1) * (y - 1)),
    ("x y", x * y),
    ("2pi", 2 * pi),
    ("3sin(x)", 3 * sin(x)),
    ("x(y+1)", x * (y + 1)),
    ("xy", x * y),
    ("2xy", 2 * x * y),
    ("yx", x * y),
    ("xy(x+1)", x * y * (x + 1)),
    ("sin(x)cos(y)", sin(x) * cos(y)),
    ("x sin(x)", x * sin(x)),
    ("(x+1)^2(y-1)", (x + 1) ** 2 * (y - 1)),
    ("2 sin(2pi x)", 2 * sin(2 * pi * x)),
    ("pi x", pi * x),
    ("2 e", 2 * E),
    # constants and numbers
    ("pi", pi),
    ("e", E),
    ("2e", 2 * E),
    ("e^x", exp(x)),
    ("e^2", E**2),
    ("2e-3", R(2, 1000)),
    ("1e-3", R(1, 1000)),
    ("1e-3x", x / 1000),
    ("2E3", 2000),
    ("1e+2", 100),
    (".5", R(1, 2)),
    ("1.5x", R(3, 2) * x),
    ("0.1", R(1, 10)),
    ("1.", 1),
    ("007", 7),
    ("1", 1),
    ("pi/2", pi / 2),
    ("1e300", sympy.Integer(10) ** 300),
    ("x^100", x**100),
    ("(x^2+y^2)^50", (x**2 + y**2) ** 50),
    ("2^(1/3)", sympy.cbrt(2)),
    # functions
    ("exp(x)", exp(x)),
    ("ln(x)", log(x)),
    ("log(x)", log(x)),
    ("log10(x)", log(x) / log(10)),
    ("log2(x)", log(x) / log(2)),
    ("sqrt(x)", sqrt(x)),
    ("abs(x)", sympy.Abs(x)),
    ("sin(x)", sin(x)),
    ("cos(x)", cos(x)),
    ("tan(x)", sympy.tan(x)),
    ("asin(x)", sympy.asin(x)),
    ("acos(x)", sympy.acos(x)),
    ("atan(x)", sympy.atan(x)),
    ("arctan(x)", sympy.atan(x)),
    ("atan2(y, x)", sympy.atan2(y, x)),
    ("sinh(x)", sympy.sinh(x)),
    ("cosh(x)", sympy.cosh(x)),
    ("tanh(x)", sympy.tanh(x)),
    ("sigmoid(x)", 1 / (1 + exp(-x))),
    ("relu(x)", sympy.Max(0, x)),
    ("softplus(x)", log(1 + exp(x))),
    ("max(x, y)", sympy.Max(x, y)),
    ("max(x, y, 1)", sympy.Max(x, y, 1)),
    ("min(x, y)", sympy.Min(x, y)),
    ("sign(x)", sympy.sign(x)),
    ("floor(x)", sympy.floor(x)),
    ("sin(x)^2", sin(x) ** 2),
    ("ln(e)", 1),
    ("exp(690)", exp(690)),
    ("sqrt(4)", 2),
    ("abs(-3)", 3),
    # unicode that is unambiguous, and whitespace
    ("x²", x**2),
    ("x³ + y²", x**3 + y**2),
    ("x⁻¹", 1 / x),
    ("x¹⁰", x**10),
    ("2x²y", 2 * x**2 * y),
    ("−x", -x),
    ("x·y", x * y),
    ("x⋅y", x * y),
    ("x×y", x * y),
    ("x÷y", x / y),
    ("πx", pi * x),
    ("2π", 2 * pi),
    ("\tx\u00a0+ y", x + y),
    ("1e−3", R(1, 1000)),
    *PRESETS.values(),
]


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Structurally equal, or equal after simplification."""
    return a == b or sympy.simplify(a - b) == 0


@pytest.mark.parametrize(("text", "expected"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_accepted(text, expected):
    result = parse_expression(text)
    assert isinstance(result, sympy.Expr)
    if isinstance(expected, int):
        expected = sympy.Integer(expected)
    assert same(result, expected), f"{text!r} -> {result}, expected {expected}"
    assert result.free_symbols <= {x, y}


def test_symbols_are_real_and_cached():
    assert symbol("x") is symbol("x")
    assert symbol("x").is_real
    expr = parse_expression("sqrt(x^2)")
    assert expr == sympy.Abs(x)


@pytest.mark.parametrize(
    ("text", "variables", "expected"),
    [
        ("4x^2 - 3y + 2z^3", None, 4 * x**2 - 3 * y + 2 * z**3),
        ("theta^2 + alpha", None, symbol("theta") ** 2 + symbol("alpha")),
        ("x1 + x2*x9", None, symbol("x1") + symbol("x2") * symbol("x9")),
        ("w", None, symbol("w")),
        ("sin(theta)", None, sin(symbol("theta"))),
        ("xy", None, symbol("x") * symbol("y")),  # a calculator's reading of xy
        ("a(x+1)", None, symbol("a") * (x + 1)),
        ("2 a b", None, 2 * symbol("a") * symbol("b")),
        ("xyz", ("x", "y", "z"), x * y * z),
        ("x + y + z", ("x", "y", "z"), x + y + z),
        ("x1x2 + x1", ("x1", "x2"), symbol("x1") * symbol("x2") + symbol("x1")),
        ("t^2", ("t",), symbol("t") ** 2),
        ("3", (), 3),
    ],
)
def test_variables(text, variables, expected):
    assert same(parse_expression(text, variables), expected)


def test_seed_example_has_three_variables():
    expr = parse_expression("4x^2 - 3y + 2z^3", variables=None)
    assert expr.free_symbols == {x, y, z}


def test_constant_landscape_is_allowed():
    assert parse_expression("2 + pi") == 2 + pi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pi/2", math.pi / 2),
        ("-1e-3", -0.001),
        ("2^-3", 0.125),
        ("sqrt(2)", math.sqrt(2)),
        ("1.5", 1.5),
        (" 7 ", 7.0),
        ("−0.5", -0.5),
        ("e", math.e),
        ("10^299", 1e299),
        ("2π", 2 * math.pi),
        ("exp(-1000)", 0.0),
        ("1/3", 1 / 3),
    ],
)
def test_parse_number(text, expected):
    value = parse_number(text)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-15, abs=1e-300)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", "not a number"),
        ("", "type a number"),
        ("1/0", "division by zero"),
        ("sqrt(-2)", "not a real number"),
        ("1e999999", "out of range"),
        ("pi/", "ends with"),
        ("abc", "not a number"),
        ("exp(1000)", "too large"),
    ],
)
def test_parse_number_refuses(text, message):
    with pytest.raises(InputError, match=message):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "message", "column", "hint"),
    [
        ("sinx", "unknown name 'sinx'", 1, "did you mean sin(x)?"),
        ("x + cosy", "unknown name 'cosy'", 5, "did you mean cos(y)?"),
        ("expx", "unknown name", 1, "did you mean exp(x)?"),
        ("2 logx", "unknown name", 3, "did you mean log(x)?"),
        ("pix", "unknown name", 1, "did you mean pi*x?"),
        ("2ex", "unknown name 'ex'", 2, "did you mean e*x or e^x?"),
        ("x2", "unknown name", 1, "did you mean x^2 or 2x?"),
        ("sin x", "needs its argument in parentheses", 1, "did you mean sin(x)?"),
        ("sin^2(x)", "needs its argument in parentheses", 1, "sin(x)^2"),
        ("x + z", "only x and y can vary here", 5, "'z' is not one of the variables"),
        ("foo(x)", "known functions: exp", 1, "foo*(...)"),
        ("E", "not understood", 1, "write e"),
    ],
)
def test_errors_carry_column_and_hint(text, message, column, hint):
    with pytest.raises(InputError) as info:
        parse_expression(text)
    assert message in info.value.message
    assert info.value.column == column
    assert hint in (info.value.hint or "")


def test_free_mode_still_refuses_glued_functions():
    with pytest.raises(InputError, match="unknown name") as info:
        parse_expression("sinx + theta", variables=None)
    assert info.value.hint == "did you mean sin(x)?"


@pytest.mark.parametrize(
    ("text", "hint"), [("cost", "cos(t)"), ("expx", "exp(x)"), ("pix", "pi*x"), ("ex", "e*x")]
)
def test_free_mode_refuses_names_glued_to_a_function_or_constant(text, hint):
    with pytest.raises(InputError) as info:
        parse_expression(text, variables=None)
    assert hint in info.value.hint


def test_bad_variable_names_are_refused():
    for bad in (("sin",), ("pi",), ("a b",), ("lambda",), (3,)):
        with pytest.raises(InputError, match="cannot be a variable name"):
            parse_expression("1", bad)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_parse_far_within_the_budget(name):
    text, _ = PRESETS[name]
    with operation_budget(10 * MAX_OPERATIONS, "measure") as budget:
        parse_expression(text)
    assert budget.operations < MAX_OPERATIONS / 8, f"{name}: {budget.operations} operations"


FORBIDDEN_NAMES = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "sympify",
    "parse_expr",
    "S",
    "lambdify",
    "setattr",
    "globals",
    "locals",
    "vars",
    "open",
}
FORBIDDEN_ATTRIBUTES = {"eval", "exec", "sympify", "parse_expr", "S", "lambdify"}


@pytest.mark.parametrize("module", ["parser", "lexer", "functions", "guards", "symbols"])
def test_parser_modules_never_evaluate_text(module):
    path = pathlib.Path(__file__).parents[2] / "landscape" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert not (names | imported) & FORBIDDEN_NAMES
    assert not attributes & FORBIDDEN_ATTRIBUTES


@pytest.mark.parametrize(
    "text, expected_names, value_at",
    [
        ("x^2 + 2xy + 3y^2", ["x", "y"], {"x": 2, "y": 3, "result": 43}),
        ("xyz + 1", ["x", "y", "z"], {"x": 1, "y": 2, "z": 3, "result": 7}),
        ("theta^2", ["theta"], {"theta": 3, "result": 9}),
        ("mu + x", ["mu", "x"], {"mu": 1, "x": 2, "result": 3}),
        ("rate * 2", ["rate"], {"rate": 4, "result": 8}),
    ],
)
def test_free_variables_short_letter_runs_are_products(text, expected_names, value_at):
    expr = parse_expression(text, None)
    assert sorted(s.name for s in expr.free_symbols) == expected_names
    subs = {symbol(k): v for k, v in value_at.items() if k != "result"}
    assert expr.subs(subs) == value_at["result"]
