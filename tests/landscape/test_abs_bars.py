"""Absolute value bars as on paper: refused with the column and how to write them."""

from __future__ import annotations

import pytest

from landscape.errors import InputError
from landscape.parser import parse_expression


@pytest.mark.parametrize(
    ("text", "column", "hint"),
    [
        ("|x| + |y|", 1, "write abs(x) for |x|"),
        ("x^2 + |y - 1|", 7, "write abs(y - 1) for |y - 1|"),
        ("2*|x*y|", 3, "write abs(x*y) for |x*y|"),
    ],
)
def test_bars_suggest_abs(text, column, hint):
    with pytest.raises(InputError) as info:
        parse_expression(text)
    assert "absolute value" in info.value.message
    assert info.value.column == column
    assert info.value.hint == hint


def test_the_suggestion_parses():
    import sympy

    x, y = sympy.symbols("x y", real=True)
    assert parse_expression("abs(x) + abs(y)") == sympy.Abs(x) + sympy.Abs(y)


def test_a_lone_bar_is_still_an_operator():
    with pytest.raises(InputError) as info:
        parse_expression("x | y")
    assert "operator '|'" in info.value.message
