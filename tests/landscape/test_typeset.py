"""LaTeX of formulas and its SVG: names as people write them, numbers readable, long → None."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy

from landscape.typeset import (
    curvature_words,
    formula_latex,
    latex_of,
    names_latex,
    number_latex,
    partial_name,
    plain_of,
    svg_of,
    tidy,
    values_latex,
)

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
    assert out["grad"].startswith(r"{\nabla}f = \begin{pmatrix}")
    assert out["hess"].count(r"\\") == 1 and out["hess"].count("&") == 2
    assert r"\cdot" not in out["f"]
    assert r"\left({-}x^{2} + y\right)" in out["f"]  # a unary minus, set as TeX sets it
    assert out["hess_names"] == names_latex(["x", "y"])["hess_names"]
    names = out["hess_names"]
    assert r"\partial x^2" in names and r"\partial x\,\partial x" not in names


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\left(- x\right)", r"\left({-}x\right)"),
        (r"- 2 x - 3", r"{-}2 x - 3"),
        (r"e^{- x}", r"e^{{-}x}"),
        (r"\begin{pmatrix}-1\\-2\end{pmatrix}", r"\begin{pmatrix}{-}1\\{-}2\end{pmatrix}"),
        (r"a - b", r"a - b"),  # binary: left alone
        (r"\nabla f = 0", r"{\nabla}f = 0"),
    ],
)
def test_tidy_sets_unary_minus_and_nabla(latex, expected):
    assert tidy(latex) == expected
    assert tidy(tidy(latex)) == tidy(latex)


def test_values_beside_symbols():
    H = np.array([[826.4, 397.0], [397.0, 200.0]])
    out = values_latex(10, [-1.0, 0.5], 4.8, [-40.1, -18.2], H, np.linalg.eigvalsh(H))
    assert out["point"] == r"\text{step 10:}\quad \mathbf{x}_{10} = ({-}1,\ 0.5)"
    assert out["f"] == r"f(\mathbf{x}_{10}) = 4.8"
    assert out["grad"].startswith(r"{\nabla}f(\mathbf{x}_{10}) = \begin{pmatrix}{-}40.1\\{-}18.2")
    assert r"826.4 & \quad 397\\397 & \quad 200" in out["hess"]
    assert out["eig"].startswith(r"\lambda_{1} = ") and r"\lambda_{2}" in out["eig"]
    nan = values_latex(0, [0, 0], float("nan"), [np.nan, 1], None, None)
    assert r"\text{undefined}" in nan["f"] and "hess" not in nan


@pytest.mark.parametrize(
    ("eigenvalues", "word"),
    [((1.0, 2.0), "bowl"), ((-1.0, -2.0), "cap"), ((-1.0, 2.0), "saddle"), ((0.0, 2.0), "flat")],
)
def test_curvature_words(eigenvalues, word):
    assert word in curvature_words(eigenvalues)


def test_plain_text_reads_as_typed():
    assert plain_of(x**2 + 3 * y**2) == "x^2 + 3·y^2"
    assert plain_of(sum(sympy.Symbol(f"a{k}") for k in range(400)), 50).endswith(" …")


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
