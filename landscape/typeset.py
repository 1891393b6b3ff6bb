"""Typeset mathematics: LaTeX for f, ∇f and ∇²f, and LaTeX drawn as SVG (ziamath).

Rules:

- :func:`latex_of` is sympy's LaTeX printer with the readable numbers of
  :func:`landscape.symbolic.readable` (no 300-digit integers), or None when the formula is
  too long to typeset legibly (over :data:`MAX_LATEX` characters): show it as text then.
- :func:`formula_latex` names derivatives as a person writes them: ``∂²f/∂x²`` for a
  repeated variable, ``∂²f/∂x∂y`` for a mixed one, and sets the Hessian as one matrix.
- :func:`values_latex` sets the values at a run's current point ``x_k`` beside their
  symbols: ``f(x_k) = …``, ``∇f(x_k)`` as a column, ``∇²f(x_k)`` as a numeric matrix, and
  the eigenvalues of ``∇²f(x_k)``; :func:`curvature_words` says what their signs mean.
- :func:`svg_of` renders LaTeX with ziamath (pure Python, its STIX Two Math font ships in the
  wheel: nothing downloads) to an SVG document string; None when ziamath cannot set it.
  ziamath is imported on first use (about 0.3 s), never at launch.

No Qt here: ``ui/views/mathtext.py`` turns the SVG into an image.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Sequence

import sympy
from sympy.printing.latex import LatexPrinter

#: a formula longer than this (LaTeX characters) is shown as text, not typeset
MAX_LATEX = 600
#: font size (px) of the formulas in the inspector and the gallery; their SVG is drawn at
#: this size off the GUI thread (:func:`svg_of` caches it) and only turned into pixels there
FORMULA_SIZE = 15.0
#: the prefix of the typeset parts among the app's formulas: ``typeset:f``, ``typeset:grad``,
#: ``typeset:hess`` hold whole LaTeX lines beside the plain-text entries
TYPESET = "typeset:"


#: a minus right after an opening bracket or brace, =, &, a comma, a space or a row break
_UNARY_MINUS = re.compile(
    r"(^|\\left\(|\\left\[|\\begin\{pmatrix\}|[({=&,]|\\\\|\\ |\\quad)(\s*)-(?!\})\s*"
)


def tidy(latex: str) -> str:
    """LaTeX that ziamath spaces as TeX does: a unary minus as ``{-}`` (else it is set as a
    binary minus, ``( − x``) and ``{\nabla}f`` (else ``∇ f``)."""
    latex = _UNARY_MINUS.sub(lambda m: f"{m.group(1)}{m.group(2)}{{-}}", latex)
    return latex.replace(r"\nabla f", r"{\nabla}f").replace(r"\nabla^2 f", r"{\nabla}^2 f")


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
    return tidy(text) if len(text) <= limit else None


def plain_of(expr: sympy.Expr, limit: int = 1500) -> str:
    """Readable text of ``expr`` for where it is not typeset: ``x^2 + 3·y^2`` (powers as
    ``^``, products as ``·``, long exact numbers as floats), cut after ``limit`` characters
    with `` …``."""
    from landscape.symbolic import readable

    text = readable(expr).replace("**", "^").replace("*", "·")
    return text if len(text) <= limit else text[:limit] + " …"


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


def names_latex(variables: Sequence[str]) -> dict[str, str]:
    """What ∇f and ∇²f are made of: ``{"grad_names": "∇f = (∂f/∂x, ∂f/∂y)",
    "hess_names": "∇²f = (∂²f/∂x², ∂²f/∂x∂y; …)"}`` as LaTeX (columns and matrices)."""
    n = len(variables)
    grad = r",\ ".join(partial_name(variables, i) for i in range(n))
    rows = r"\\".join(
        r" & \quad ".join(partial_name(variables, i, j) for j in range(n)) for i in range(n)
    )
    return {
        "grad_names": tidy(rf"\nabla f = \left({grad}\right)"),
        "hess_names": tidy(r"\nabla^2 f = \begin{pmatrix}" + rows + r"\end{pmatrix}"),
    }


def formula_latex(expr, grad_exprs, hess_exprs, variables: Sequence[str]) -> dict[str, str]:
    """``{"f": ..., "grad": ..., "hess": ...}``: each a whole LaTeX line (``f = …``,
    ``\\nabla f = (…)``, ``\\nabla^2 f = \\begin{pmatrix}…``), and the parts' names
    (:func:`names_latex`); a part too long to typeset is left out (the caller shows it as
    text)."""
    out: dict[str, str] = dict(names_latex(variables)) if variables else {}
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
    return {key: tidy(latex) for key, latex in out.items()}


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


def _point_name(step: int) -> str:
    return rf"\mathbf{{x}}_{{{int(step)}}}"


def _column(values, digits: int) -> str:
    return (
        r"\begin{pmatrix}"
        + r"\\".join(number_latex(float(v), digits) for v in values)
        + (r"\end{pmatrix}")
    )


def values_latex(step: int, point, value, gradient, hessian, eigenvalues) -> dict[str, str]:
    """The values at ``x_k`` (``k = step``) as whole LaTeX lines: ``{"point", "f", "grad",
    "hess", "eig"}``. ``point``, ``gradient``, ``eigenvalues``: ``(n,)``; ``hessian``
    ``(n, n)`` (or None: no ``hess``/``eig`` lines); nan prints as "undefined"."""
    import numpy as np

    at = _point_name(step)
    coords = r",\ ".join(number_latex(float(v), 5) for v in np.ravel(point))
    grad = np.ravel(gradient)
    norm = float(np.linalg.norm(grad)) if np.all(np.isfinite(grad)) else float("nan")
    out = {
        "point": rf"\text{{step {int(step)}:}}\quad {at} = ({coords})",
        "f": rf"f({at}) = {number_latex(float(value), 6)}",
        "grad": rf"\nabla f({at}) = {_column(grad, 4)},\quad {{\lVert}}\nabla f{{\rVert}} = "
        + number_latex(norm, 4),
    }
    if hessian is not None:
        H = np.atleast_2d(np.asarray(hessian, dtype=float))
        rows = r"\\".join(r" & \quad ".join(number_latex(float(h), 4) for h in row) for row in H)
        out["hess"] = rf"\nabla^2 f({at}) = \begin{{pmatrix}}{rows}\end{{pmatrix}}"
        lam = np.ravel(eigenvalues)
        out["eig"] = r",\quad ".join(
            rf"\lambda_{{{i + 1}}} = {number_latex(float(v), 4)}" for i, v in enumerate(lam)
        )
    return {key: tidy(latex) for key, latex in out.items()}


def curvature_words(eigenvalues, scale: float = 1.0) -> str:
    """What the signs of the Hessian's eigenvalues ``(n,)`` say about f near the point: a
    bowl, a cap, a saddle or a flat direction (an eigenvalue within ``1e-9·scale`` of 0)."""
    import numpy as np

    lam = np.ravel(np.asarray(eigenvalues, dtype=float))
    if lam.size == 0 or not np.all(np.isfinite(lam)):
        return "curvature undefined here"
    zero = 1e-9 * max(1.0, float(scale), float(np.max(np.abs(lam))))
    if np.any(np.abs(lam) <= zero):
        return "a flat direction here (an eigenvalue is 0): the second derivative cannot decide"
    if np.all(lam > 0):
        return "all eigenvalues positive: f curves up in every direction here (a bowl)"
    if np.all(lam < 0):
        return "all eigenvalues negative: f curves down in every direction here (a cap)"
    return "eigenvalues of both signs: up one way, down another (a saddle shape here)"


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
