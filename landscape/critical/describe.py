"""Words for critical sets: what shape a curve is, its equation, and a sentence a student reads.

* exact curves (an irreducible polynomial h, n = 2): degree 1 is a line, written ``y = …`` or
  ``x = …``; degree 2 a conic, named by its discriminant B² - 4AC (a circle when A = C and
  B = 0); higher degrees "a curve". The equation moves the constant to the right: x² + y² = 1.
* numeric curves: least-squares fits of a line and of a circle (Kåsa's algebraic fit) to the
  traced points, kept when every point is within 1e-6 of the box's size of the fit.
"""

from __future__ import annotations

import re

import numpy as np

PLURAL = {
    "minimum": "minima",
    "maximum": "maxima",
    "saddle": "saddle points",
    "degenerate": "degenerate critical points",
    "mixed": "critical points",
    "inflection": "inflection points",
}
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def pretty(text: str) -> str:
    """sympy text made readable: ``x**2 + 2*x*y`` -> ``x² + 2xy``."""
    text = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    text = re.sub(r"(?<=[\w)⁰¹²³⁴⁵⁶⁷⁸⁹])\*(?=[A-Za-z(])", "", text)
    return text.replace("*", "·").replace("sqrt", "√")


def exact_shape(h, symbols) -> tuple[str, str]:
    """(noun, equation) of the curve h = 0 for a sympy expression h in ``symbols (x, y)``."""
    import sympy

    _, poly = sympy.Poly(h, *symbols).clear_denoms(convert=True)
    poly = poly.primitive()[1]
    poly = -poly if poly.LC() < 0 else poly
    degree = poly.total_degree()
    if degree == 1:
        return "line", _solved_line(poly, symbols)
    noun = _conic_noun(poly, symbols) if degree == 2 else "curve"
    if noun == "circle":  # x² + y² = r², as taught
        poly = poly.monic()
    constant = poly.coeff_monomial(1)
    lhs = sympy.expand(poly.as_expr() - constant)
    if sympy.Poly(lhs, *symbols).LC() < 0:
        lhs, constant = -lhs, -constant
    return noun, f"{sympy.sstr(lhs)} = {sympy.sstr(-constant)}"


def _solved_line(poly, symbols) -> str:
    import sympy

    x, y = symbols
    e = poly.as_expr()
    for var in (y, x):
        c = poly.coeff_monomial(var)
        if c != 0:
            return f"{var} = {sympy.sstr(sympy.expand(-(e - c * var) / c))}"
    return f"{sympy.sstr(e)} = 0"  # pragma: no cover - degree 1 has a linear term


def _conic_noun(poly, symbols) -> str:
    import sympy

    x, y = symbols
    A, B, C = (poly.coeff_monomial(m) for m in (x**2, x * y, y**2))
    D, E, F = (poly.coeff_monomial(m) for m in (x, y, 1))
    det = sympy.Matrix([[A, B / 2, D / 2], [B / 2, C, E / 2], [D / 2, E / 2, F]]).det()
    disc = B**2 - 4 * A * C
    if det == 0:
        return "pair of lines" if disc >= 0 else "point"
    if disc < 0:
        return "circle" if A == C and B == 0 else "ellipse"
    return "parabola" if disc == 0 else "hyperbola"


def fitted_shape(P: np.ndarray, size: float, names=("x", "y")) -> tuple[str, str | None]:
    """(noun, approximate equation or None) for traced points ``P (k, 2)`` (no NaN)."""
    if len(P) < 3:
        return "curve", None
    tol = 1e-6 * size
    centre = P.mean(axis=0)
    _, s, vt = np.linalg.svd(P - centre, full_matrices=False)
    normal = vt[-1]
    if np.max(np.abs((P - centre) @ normal)) <= tol:
        return "line", _line_equation(centre, normal, names)
    A = np.column_stack([2 * P, np.ones(len(P))])
    b = np.sum(P**2, axis=1)
    (a, c, k), *_ = np.linalg.lstsq(A, b, rcond=None)
    r = np.sqrt(max(k + a * a + c * c, 0.0))
    a, c = (0.0 if abs(v) <= 1e-8 * size else v for v in (a, c))
    if r > 0 and np.max(np.abs(np.hypot(P[:, 0] - a, P[:, 1] - c) - r)) <= tol:
        return "circle", f"{_shift(names[0], a)}² + {_shift(names[1], c)}² ≈ {_num(r)}²"
    return "curve", None


def _line_equation(centre, normal, names) -> str:
    """ "y ≈ m x + q" unless the line is steep (|m| > 10), then "x ≈ m y + q"."""
    nx, ny = normal
    if abs(ny) >= 0.1 * abs(nx):
        return _solved(names[1], names[0], -nx / ny, centre[1] + nx / ny * centre[0])
    return _solved(names[0], names[1], -ny / nx, centre[0] + ny / nx * centre[1])


def _solved(lhs: str, var: str, m: float, q: float) -> str:
    if abs(m) < 1e-9:
        return f"{lhs} ≈ {_num(q)}"
    slope = {1.0: var, -1.0: f"-{var}"}.get(round(m, 9), f"{_num(m)}{var}")
    return f"{lhs} ≈ {slope}" + (f" {_signed(q)}" if abs(q) >= 1e-9 else "")


def _num(v: float) -> str:
    return f"{0.0 if abs(v) < 1e-12 else v:.6g}"


def _signed(v: float) -> str:
    return f"- {_num(-v)}" if v < 0 else f"+ {_num(v)}"


def _shift(name: str, c: float) -> str:
    if abs(c) < 1e-12:
        return name
    return f"({name} - {_num(c)})" if c > 0 else f"({name} + {_num(-c)})"


def sentence(nouns: list[str], equations: list[str | None], kind: str, ends_inside: bool) -> str:
    """ "a circle of minima x² + y² = 1", "the lines x = 0 and y = 0, minima"."""
    plural = PLURAL.get(kind, "critical points")
    shown = [pretty(e) if e else "" for e in equations]
    if len(nouns) == 1:
        noun = nouns[0]
        if ends_inside:
            noun = "piece of a " + noun if noun != "line" else "line segment"
        article = "an" if noun[0] in "aeiou" else "a"
        return f"{article} {noun} of {plural}" + (f" {shown[0]}" if shown[0] else "")
    if len(set(nouns)) == 1:
        return f"the {_plural_noun(nouns[0])} " + _and(shown) + f", {plural}"
    parts = [f"the {n} {e}".strip() for n, e in zip(nouns, shown, strict=True)]
    return _and(parts) + f", {plural}"


def _plural_noun(noun: str) -> str:
    return {
        "parabola": "parabolas",
        "ellipse": "ellipses",
        "pair of lines": "pairs of lines",
        "point": "points",
    }.get(noun, noun + "s")


def _and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
