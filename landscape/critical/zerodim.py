"""Real solutions of a polynomial system with finitely many solutions, exactly (worker side).

The method is a rational univariate representation (Rouillier 1999; Cox, Little & O'Shea,
*Using Algebraic Geometry*, ch. 2 §§2-4), built from linear algebra in the quotient ring:

1. A grevlex Gröbner basis G of the system. The standard monomials B (those that no leading
   monomial divides) are a basis of A = Q[x]/I; B is finite iff there are finitely many complex
   solutions, and D = |B| counts them with multiplicity.
2. The multiplication matrices M_i (D × D) of x_i on A. By Stickelberger's theorem the
   eigenvalues of M_i are the i-th coordinates of the solutions, repeated by multiplicity. When a
   characteristic polynomial χ_i has a repeated factor (a multiple root, as ∇(x⁴ + y⁴) = 0 has),
   I is replaced by its radical I + ⟨sqf(χ_i)(x_i) : i⟩ (Seidenberg's lemma), so each solution
   counts once: multiple roots cost nothing and are never lost.
3. A separating linear form t = Σ c_i x_i (χ_t square-free) and x_i = r_i(t) mod I, from the basis
   1, t, …, t^(D-1) of A.
4. The real roots α of each irreducible factor q of χ_t, isolated exactly (sympy's real_roots).
   Since t and r_i have rational coefficients, the real solutions are exactly r(α) for real α.

An element e of A vanishes at every root of q iff q divides its representative r_e(t): zero
tests (is the Hessian singular here?) are exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import sympy
from sympy import QQ
from sympy.polys.groebnertools import groebner as _groebner
from sympy.polys.matrices import DomainMatrix
from sympy.polys.orderings import grevlex
from sympy.polys.rings import ring

#: Above this many complex solutions (with multiplicity) the exact solve gives up.
MAX_SOLUTIONS = 150
#: Digits of the coordinates handed back.
DIGITS = 50
_T = sympy.Symbol("t")


class TooComplex(Exception):
    """The system has too many solutions (or infinitely many) for the exact solve."""


@dataclass(frozen=True)
class RealSolution:
    """One real solution: ``coords`` ``(n,)`` mpmath numbers at DIGITS digits, and ``factor``,
    the index of the irreducible factor of χ_t whose root it is."""

    coords: tuple
    factor: int


class RealSolutions:
    """The real solutions of ``polys`` (sympy Polys over QQ in the same generators).

    Raises TooComplex when the solutions are not finitely many or more than MAX_SOLUTIONS.
    ``solutions`` lists them; :meth:`vanishes` and :meth:`rank` answer exact questions about
    polynomials at them.
    """

    def __init__(self, polys: list[sympy.Poly]) -> None:
        self.gens = polys[0].gens
        n = len(self.gens)
        self.ring, *self.x = ring([f"z{i}" for i in range(n)], QQ, grevlex)
        F = [self._to_ring(p) for p in polys]
        self._setup(F)
        self.solutions: list[RealSolution] = []
        if self.D == 0:
            return
        try:  # a square-free χ_t of degree D: D distinct solutions, so I is radical already
            self.chi = self._separating_form(tries=3)
        except TooComplex:
            charpolys = [_charpoly(M) for M in self.M]
            self._setup(
                list(self.G) + [self._univariate(c.sqf_part(), i) for i, c in enumerate(charpolys)]
            )
            self.chi = self._separating_form()
        self.factors = [q for q, _ in sympy.factor_list(self.chi)[1]]
        reps = self.representatives([self.x[i] for i in range(n)])
        for k, q in enumerate(self.factors):
            for alpha in _real_roots(q):
                self.solutions.append(RealSolution(_evaluate(reps, q, alpha), k))

    # -- the quotient ring ------------------------------------------------------------------
    def _to_ring(self, p: sympy.Poly):
        return self.ring.from_dict({m: QQ.convert(c) for m, c in p.as_dict().items()})

    def _univariate(self, c: sympy.Poly, i: int):
        n = len(self.x)
        return self.ring.from_dict(
            {
                tuple(e if j == i else 0 for j in range(n)): QQ.convert(co)
                for (e,), co in c.as_dict().items()
            }
        )

    def _setup(self, F) -> None:
        """Gröbner basis, standard monomials and multiplication matrices of ⟨F⟩."""
        G = _groebner([f for f in F if f], self.ring)
        self.G = G
        if any(g.is_ground for g in G):  # 1 ∈ I: no solution at all
            self.D, self.B, self.M = 0, [], []
            return
        leads = [g.LM for g in G]
        n = len(self.x)
        for i in range(n):
            if not any(m[i] > 0 and sum(m) == m[i] for m in leads):
                raise TooComplex("infinitely many solutions")
        self.B = _staircase(leads, n)
        self.D = len(self.B)
        self.index = {m: k for k, m in enumerate(self.B)}
        self.M = [self._multiplication(i) for i in range(n)]

    def _monomial(self, m):
        return self.ring.from_dict({m: QQ.one})

    def vector(self, p) -> list:
        """Coordinates ``(D,)`` of the normal form of the ring element ``p`` in the basis B."""
        v = [QQ.zero] * self.D
        for m, c in p.rem(self.G).terms():
            v[self.index[m]] = c
        return v

    def _multiplication(self, i: int) -> DomainMatrix:
        """M_i: column j is x_i · b_j in the basis B (a unit vector unless x_i · b_j is on the
        border of the staircase, where it is reduced by G)."""
        columns = []
        for b in self.B:
            m = tuple(e + (k == i) for k, e in enumerate(b))
            if m in self.index:
                columns.append({self.index[m]: QQ.one})
            else:
                columns.append({self.index[t]: c for t, c in self._monomial(m).rem(self.G).terms()})
        rows = [[columns[j].get(r, QQ.zero) for j in range(self.D)] for r in range(self.D)]
        return DomainMatrix(rows, (self.D, self.D), QQ)

    def _separating_form(self, tries: int = 30) -> sympy.Poly:
        """χ_t for the first t = Σ c_i x_i with square-free χ_t (distinct values at distinct
        solutions); also sets the Krylov basis used by :meth:`representatives`."""
        n = len(self.x)
        candidates = [tuple(int(i == j) for i in range(n)) for j in reversed(range(n))]
        candidates += [tuple(m ** (n - 1 - i) for i in range(n)) for m in range(1, 25)]
        for c in candidates[:tries]:
            Mt = self.M[0] * QQ(c[0])
            for i in range(1, n):
                Mt = Mt + self.M[i] * QQ(c[i])
            chi = _charpoly(Mt)
            if sympy.degree(sympy.gcd(chi, chi.diff(_T)), _T) == 0:
                self._krylov(Mt)
                return chi
        raise TooComplex("no separating linear form found")

    def _krylov(self, Mt: DomainMatrix) -> None:
        w = DomainMatrix(
            [[QQ.one if k == self.index[(0,) * len(self.x)] else QQ.zero] for k in range(self.D)],
            (self.D, 1),
            QQ,
        )
        columns = [w]
        for _ in range(self.D - 1):
            columns.append(Mt * columns[-1])
        self.V = columns[0].hstack(*columns[1:])

    def representatives(self, elements) -> list[sympy.Poly]:
        """Polys r_e(t) with r_e(t) ≡ e in A, for ring elements (or sympy Polys) ``elements``."""
        ring_elems = [e if not isinstance(e, sympy.Poly) else self._to_ring(e) for e in elements]
        rhs = [self.vector(e) for e in ring_elems]
        b = DomainMatrix(
            [[rhs[j][i] for j in range(len(rhs))] for i in range(self.D)], (self.D, len(rhs)), QQ
        )
        a = self.V.lu_solve(b).to_list()
        return [
            sympy.Poly(list(reversed([a[k][j] for k in range(self.D)])), _T, domain=QQ)
            for j in range(len(rhs))
        ]

    # -- exact questions at the solutions ---------------------------------------------------
    def rank(self, matrix: list[list[sympy.Poly]]) -> list[int]:
        """Exact rank of a matrix of polynomials at each solution (in ``solutions`` order)."""
        flat = [p for row in matrix for p in row]
        reps = self.representatives(flat)
        cols = len(matrix[0])
        ranks = {}
        for k, q in enumerate(self.factors):
            rows = [[reps[i * cols + j].rem(q) for j in range(cols)] for i in range(len(matrix))]
            ranks[k] = _rank_mod(rows, q)
        return [ranks[s.factor] for s in self.solutions]


def _staircase(leads, n: int) -> list[tuple]:
    """Monomials (exponent tuples) that no monomial of ``leads`` divides, 1 first."""

    def divisible(m):
        return any(all(a >= b for a, b in zip(m, lead, strict=True)) for lead in leads)

    start = (0,) * n
    out, seen, queue = [], {start}, [start]
    while queue:
        m = queue.pop(0)
        out.append(m)
        if len(out) > MAX_SOLUTIONS:
            raise TooComplex("too many solutions")
        for i in range(n):
            nxt = tuple(e + (j == i) for j, e in enumerate(m))
            if nxt not in seen and not divisible(nxt):
                seen.add(nxt)
                queue.append(nxt)
    return out


def _charpoly(M: DomainMatrix) -> sympy.Poly:
    return sympy.Poly(M.charpoly(), _T, domain=QQ)


def _rank_mod(rows: list[list[sympy.Poly]], q: sympy.Poly) -> int:
    """Rank over the field Q[t]/(q) of a matrix of Polys in t (Gaussian elimination)."""
    rows = [list(r) for r in rows]
    rank, cols = 0, len(rows[0]) if rows else 0
    for c in range(cols):
        pivot = next((r for r in range(rank, len(rows)) if not rows[r][c].is_zero), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        inv = rows[rank][c].invert(q)
        for r in range(len(rows)):
            if r != rank and not rows[r][c].is_zero:
                factor = (rows[r][c] * inv).rem(q)
                rows[r] = [
                    (a - factor * b).rem(q) for a, b in zip(rows[r], rows[rank], strict=True)
                ]
        rank += 1
    return rank


def _real_roots(q: sympy.Poly, dps: int = 2 * DIGITS) -> list:
    """The real roots of the irreducible ``q`` (simple roots): isolated exactly by sympy's
    interval bisection, then Newton's method at ``dps`` digits inside each interval. A rational
    root comes back as a sympy Rational, the others as mpmath numbers."""
    if q.degree() == 1:
        a, b = q.all_coeffs()
        return [-b / a]
    coeffs = q.all_coeffs()
    out = []
    with mpmath.workdps(dps):
        c = [mpmath.mpf(v.p) / v.q for v in coeffs]
        dc = [ci * (len(c) - 1 - i) for i, ci in enumerate(c[:-1])]
        for (lo, hi), _ in q.intervals(eps=sympy.Rational(1, 10**12)):
            lo_m, hi_m = mpmath.mpf(lo.p) / lo.q, mpmath.mpf(hi.p) / hi.q
            t = (lo_m + hi_m) / 2
            for _ in range(2 * int(math.log2(dps)) + 4):
                step = mpmath.polyval(c, t) / mpmath.polyval(dc, t)
                t -= step
                if abs(step) <= abs(t) * mpmath.mpf(10) ** (-dps + 5) or not lo_m <= t <= hi_m:
                    break
            out.append(t if lo_m <= t <= hi_m else (lo_m + hi_m) / 2)
    return out


def _evaluate(reps: list[sympy.Poly], q: sympy.Poly, alpha) -> tuple:
    """(r_1(α), …, r_n(α)) at DIGITS digits, working at enough precision for the sizes of the
    coefficients of r_i mod q."""
    reduced = [r.rem(q) for r in reps]
    size = max((abs(c.p) + c.q for r in reduced for c in r.all_coeffs()), default=1)
    dps = DIGITS + 10 + min(400, len(str(size)))
    with mpmath.workdps(dps):
        t = mpmath.mpf(alpha.p) / alpha.q if isinstance(alpha, sympy.Rational) else +alpha
        coords = [
            mpmath.polyval([mpmath.mpf(c.p) / c.q for c in r.all_coeffs()], t) for r in reduced
        ]
    with mpmath.workdps(DIGITS):
        return tuple(+c for c in coords)
