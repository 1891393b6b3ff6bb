"""Typeset mathematics: LaTeX for f, ∇f and ∇²f, and LaTeX drawn as SVG (ziamath).

Rules:

- :func:`latex_of` is sympy's LaTeX printer with the readable numbers of
  :func:`landscape.symbolic.readable` (no 300-digit integers), or None when the formula is
  too long to typeset legibly (over :data:`MAX_LATEX` characters): show it as text then.
- :func:`formula_latex` names derivatives as a person writes them: ``∂²f/∂x²`` for a
  repeated variable, ``∂²f/∂x∂y`` for a mixed one, and sets the Hessian as one matrix.
- :func:`svg_of` renders LaTeX with ziamath (pure Python, its STIX Two Math font ships in the
  wheel: nothing downloads) to an SVG document string; None when ziamath cannot set it.
  ziamath is imported on first use (about 0.3 s), never at launch.

No Qt here: ``ui/views/mathtext.py`` turns the SVG into an image.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence

import sympy
from sympy.printing.latex import LatexPrinter

#: a formula longer than this (LaTeX characters) is shown as text, not typeset
MAX_LATEX = 600


class _ReadableLatex(LatexPrinter):
    """sympy's LaTeX, with exact numbers of many digits shown as short floats (sympy
    prints an Integer through ``_print_Rational`` too)."""

    def _long(self, expr) -> bool:
        from landscape.symbolic import READABLE_DIGITS

        big = 10**READABLE_DIGITS
        return abs(expr.p) >= big or expr.q >= big

    def _print_Rational(self, expr):
        if self._long(expr):
            return self._print(sympy.Float(expr, 15))
        return super()._print_Rational(expr)


def latex_of(expr: sympy.Expr, limit: int = MAX_LATEX) -> str | None:
    """The LaTeX of ``expr`` (products of variables without ``\\cdot``), or None if longer
    than ``limit`` characters or not printable."""
    try:
        text = _ReadableLatex({"mul_symbol": None}).doprint(expr)
    except Exception:  # noqa: BLE001 - an unprintable node: the caller shows plain text
        return None
    return text if len(text) <= limit else None


def partial_name(variables: Sequence[str], i: int, j: int | None = None) -> str:
    """LaTeX name of ∂f/∂v_i (``j`` None) or of the second derivative ∂²f/∂v_i∂v_j."""
    vi = _symbol_latex(variables[i])
    if j is None:
        return rf"\frac{{\partial f}}{{\partial {vi}}}"
    if i == j:
        return rf"\frac{{\partial^2 f}}{{\partial {vi}^2}}"
    return rf"\frac{{\partial^2 f}}{{\partial {vi}\,\partial {_symbol_latex(variables[j])}}}"


def _symbol_latex(name: str) -> str:
    return sympy.latex(sympy.Symbol(name))


def formula_latex(expr, grad_exprs, hess_exprs, variables: Sequence[str]) -> dict[str, str]:
    """``{"f": ..., "grad": ..., "hess": ...}``: each a whole LaTeX line (``f = …``,
    ``\\nabla f = (…)``, ``\\nabla^2 f = \\begin{pmatrix}…``); a part too long to typeset
    is left out (the caller shows it as text)."""
    out: dict[str, str] = {}
    f = latex_of(expr)
    if f is not None:
        out["f"] = f"f = {f}"
    grads = [latex_of(g, MAX_LATEX // 2) for g in grad_exprs]
    if grads and all(g is not None for g in grads):
        out["grad"] = r"\nabla f = \begin{pmatrix}" + r"\\".join(grads) + r"\end{pmatrix}"  # type: ignore[arg-type]
    rows = [[latex_of(h, MAX_LATEX // 4) for h in row] for row in hess_exprs]
    if rows and all(h is not None for row in rows for h in row):
        body = r"\\".join(r" & \quad ".join(row) for row in rows)  # type: ignore[arg-type]
        out["hess"] = r"\nabla^2 f = \begin{pmatrix}" + body + r"\end{pmatrix}"
    return out


def number_latex(value: float, digits: int = 4) -> str:
    """A float as LaTeX: ``1.234``, ``-0.5``, ``3.2 \\times 10^{-5}``; nan is
    ``\\text{undefined}``."""
    if value != value:
        return r"\text{undefined}"
    if value in (float("inf"), float("-inf")):
        return r"\infty" if value > 0 else r"-\infty"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


@functools.lru_cache(maxsize=256)
def svg_of(latex: str, size: float = 20.0, color: str = "#000000") -> str | None:
    """An SVG document of ``latex`` at font ``size`` (px) in ``color``, or None when ziamath
    cannot set it. Cached: the same formula is drawn once."""
    try:
        with warnings.catch_warnings():  # ziamath reads its font with a deprecated call
            warnings.simplefilter("ignore", DeprecationWarning)
            import ziamath

            ziamath.config.svg2 = False  # plain paths: Qt's SVG renderer lacks <symbol> viewBoxes
            return ziamath.Latex(latex, size=size, color=color).svg()
    except Exception:  # noqa: BLE001 - LaTeX ziamath cannot set: the caller shows plain text
        return None
