"""LaTeX of formulas and its SVG: names as people write them, numbers readable, long → None."""

from __future__ import annotations

import re

import pytest
import sympy

from landscape.typeset import formula_latex, latex_of, number_latex, partial_name, svg_of

x, y = sympy.symbols("x y")


@pytest.mark.parametrize(
    ("i", "j", "expected"),
    [
        (0, None, r"\frac{\partial f}{\partial x}"),
        (0, 0, r"\frac{\partial^2 f}{\partial x^2}"),
        (1, 1, r"\frac{\partial^2 f}{\partial y^2}"),
        (0, 1, r"\frac{\partial^2 f}{\partial x\,\partial y}"),
    ],
)
def test_partial_names(i, j, expected):
    assert partial_name(["x", "y"], i, j) == expected


def test_rosenbrock_formulas_are_whole_lines():
    f = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    grad = [sympy.diff(f, v) for v in (x, y)]
    hess = [[sympy.diff(f, a, b) for b in (x, y)] for a in (x, y)]
    out = formula_latex(f, grad, hess, ["x", "y"])
    assert out["f"].startswith("f = ")
    assert out["grad"].startswith(r"\nabla f = \begin{pmatrix}")
    assert out["hess"].count(r"\\") == 1 and out["hess"].count("&") == 2
    assert r"\cdot" not in out["f"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.5, "1.5"),
        (-0.25, "-0.25"),
        (3.2e-5, r"3.2 \times 10^{-5}"),
        (float("nan"), r"\text{undefined}"),
    ],
)
def test_numbers(value, expected):
    assert number_latex(value) == expected


def test_long_numbers_are_short_and_long_formulas_are_refused():
    assert len(latex_of(x + sympy.Integer(10) ** 30)) < 30
    huge = sum(sympy.Symbol(f"a{k}") ** k for k in range(200))
    assert latex_of(huge) is None


def test_svg_is_drawn_with_paths():
    svg = svg_of(r"f = x^{2} + y^{2}", 20, "#112233")
    assert svg is not None and svg.startswith("<svg")
    assert "<path" in svg and "<symbol" not in svg
    width = float(re.search(r'width="([0-9.]+)"', svg).group(1))
    assert width > 40
