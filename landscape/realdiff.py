"""Derivatives of real functions, almost everywhere, with the kink rules of :mod:`landscape.kinks`.

sympy differentiates as if every function could be complex: the derivative of ``Abs(log(x))``
comes back full of ``re``, ``im`` and ``atan2(0, x)``; ``sign(g)`` and ``floor(g)`` stay as
unevaluated ``Derivative``/``Subs`` objects that no printer can compile; ``Abs``, ``sign`` and
``Max`` bring ``DiracDelta`` into the Hessian. Here values are real (where they are not, f is
undefined), so each non-smooth function is swapped for a stand-in whose derivative is the
almost-everywhere one, differentiated by the chain rule, and swapped back:

=============  ==========================================================================
``Abs(t)``     ``sign(t)`` (0 at t = 0)
``sign(t)``    0; ``floor(t)``: 0; ``Heaviside(t, h)``: 0 (no Dirac deltas, ever)
``Max(a, …)``  ∂/∂a = ``Heaviside(a − max(varying others), ½)·Heaviside(a − constant, 0)``
``Min(a, …)``  the same with the inequalities reversed
=============  ==========================================================================

so ``relu(t) = Max(0, t)`` has ``relu'(t) = Heaviside(t, 0)`` and ``max(x, y)`` has
``∂/∂x = Heaviside(x − y, 1/2)``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from landscape.kinks import RELU_SLOPE_AT_ZERO, TIE_SHARE

_TIE = sympy.Rational(TIE_SHARE)
_CLAMP = sympy.Rational(RELU_SLOPE_AT_ZERO)


class _Abs(sympy.Function):
    """|t| for real t: derivative sign(t)."""

    nargs = 1

    def fdiff(self, argindex=1):
        return _Sign(self.args[0])


class _Flat(sympy.Function):
    """A piecewise-constant function of real arguments (sign, floor, Heaviside): slope 0."""

    def fdiff(self, argindex=1):
        return sympy.S.Zero


class _Sign(_Flat):
    nargs = 1


class _Floor(_Flat):
    nargs = 1


class _Step(_Flat):
    """Heaviside(t, h0)."""

    nargs = 2


def _tie_slope(args: tuple, index: int, larger: bool) -> sympy.Expr:
    """∂ max(args) / ∂ args[index] (``larger``) or ∂ min(args) / ∂ args[index]: 1 where that
    argument wins, 0 where it loses; at a tie ½ against a varying rival, 0 against a constant."""
    mine = args[index]
    others = args[:index] + args[index + 1 :]
    slope = sympy.S.One
    for rivals, at_tie in (
        ([a for a in others if a.free_symbols], _TIE),
        ([a for a in others if not a.free_symbols], _CLAMP),
    ):
        if not rivals:
            continue
        best = rivals[0] if len(rivals) == 1 else (_Max if larger else _Min)(*rivals)
        slope *= _Step(mine - best if larger else best - mine, at_tie)
    return slope


class _Max(sympy.Function):
    def fdiff(self, argindex=1):
        return _tie_slope(self.args, argindex - 1, larger=True)


class _Min(sympy.Function):
    def fdiff(self, argindex=1):
        return _tie_slope(self.args, argindex - 1, larger=False)


_TO_REAL: dict[type, Callable] = {
    sympy.Abs: _Abs,
    sympy.sign: _Sign,
    sympy.floor: _Floor,
    sympy.Heaviside: _Step,
    sympy.Max: _Max,
    sympy.Min: _Min,
}
_FROM_REAL: dict[type, Callable] = {
    _Abs: sympy.Abs,
    _Sign: sympy.sign,
    _Floor: sympy.floor,
    _Step: sympy.Heaviside,
    _Max: lambda *a: sympy.Max(*a, evaluate=False),
    _Min: lambda *a: sympy.Min(*a, evaluate=False),
}


def swap(expr: sympy.Expr, table: dict[type, Callable]) -> sympy.Expr:
    """``expr`` rebuilt bottom-up with each node whose function is a key of ``table``
    replaced by the table's function of the (rebuilt) arguments; shared subtrees once."""
    memo: dict = {}

    def walk(node):
        if not node.args:
            return node
        if node in memo:
            return memo[node]
        args = tuple(walk(arg) for arg in node.args)
        build = table.get(node.func)
        if build is not None:
            out = build(*args)
        else:
            out = node.func(*args) if args != node.args else node
        memo[node] = out
        return out

    return walk(expr)


def real_diff(expr: sympy.Expr, symbol: sympy.Symbol) -> sympy.Expr:
    """The almost-everywhere derivative of the real function ``expr`` by ``symbol``."""
    return swap(sympy.diff(swap(expr, _TO_REAL), symbol), _FROM_REAL)


def nonsmooth_functions(expr: sympy.Expr, text: str = "") -> tuple[str, ...]:
    """Names of the non-smooth functions in ``expr`` whose arguments vary, in the order of
    :data:`landscape.kinks.NONSMOOTH_FUNCTIONS`: ``("abs", "relu")``. ``Max(0, t)`` is named
    ``relu`` unless ``text`` (what was typed) is given and does not say relu."""
    from landscape.kinks import NONSMOOTH_FUNCTIONS

    names = set()
    kinds = {sympy.Abs: "abs", sympy.sign: "sign", sympy.floor: "floor", sympy.Min: "min"}
    for node in expr.atoms(*kinds, sympy.Max):
        if not node.free_symbols:
            continue
        if node.func is sympy.Max:
            relu = len(node.args) == 2 and sympy.S.Zero in node.args
            names.add("relu" if relu and (not text or "relu" in text) else "max")
        else:
            names.add(kinds[node.func])
    return tuple(name for name in NONSMOOTH_FUNCTIONS if name in names)
