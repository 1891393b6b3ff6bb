"""Guards on values while the parser builds sympy expressions.

Before sympy builds (and auto-evaluates) a node: :func:`check_power`, :func:`tame_exponent`;
after: :func:`check_weight` (no exact number over :data:`MAX_DIGITS` digits, even after sympy
expands), :func:`check_constant` (real, finite, at most 1e300), :func:`fold_constant`. The last
net under them all: :func:`operation_budget`, a deterministic count of the calls sympy makes
(never seconds: a formula's fate does not depend on the machine or its load), which also
stops sympy before it raises an exact number to a power with more than
:data:`MAX_COMPUTED_DIGITS` digits.
"""

from __future__ import annotations

import functools
import inspect
import math
import sys
import threading
import time
from typing import Literal

import sympy
from sympy.core import assumptions as sympy_assumptions
from sympy.core import random as sympy_random
from sympy.core.cache import clear_cache

from landscape.errors import BudgetError, InputError

MAX_COMPUTED_DIGITS = 10_000

# --- Guards on constant values: checked BEFORE sympy builds (and auto-evaluates) a node. ---

MAX_DIGITS = 300
MAX_EXPONENT = 100
MAX_COMPLEX_EXPONENT = 16  # sympy's re() of (log(x))^n costs about n^3
MAX_MAGNITUDE = 1e300
MAX_EXACT_CONSTANT_SIZE = 6
MAX_EXACT_DEGREE = 16
MAX_ROOT_DEGREE = 100
_LOG10_2 = math.log10(2)
UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def value_of(expr: sympy.Expr) -> complex:
    """The numeric value of a constant expression (already known to be bounded)."""
    return complex(expr.evalf(20))


def _digits(n: int) -> float:
    """About ``log10(|n|)`` (0 for 0 and ±1), from the bit length: never converts to text."""
    return max(abs(n).bit_length() - 1, 0) * _LOG10_2


def digits(number: sympy.Rational) -> float:
    """About how many digits an exact number has (numerator and denominator)."""
    return _digits(number.p) + _digits(number.q)


def check_constant(expr: sympy.Expr, column: int | None, what: str) -> None:
    """Refuse a constant that is undefined, complex or too large (its digits: check_weight)."""
    if expr.free_symbols:
        return
    if expr.is_Rational:
        if _digits(expr.p) - _digits(expr.q) > math.log10(MAX_MAGNITUDE):
            raise BudgetError(f"{what} is too large (beyond 1e300)", column=column)
        return
    if expr.has(*UNDEFINED):
        raise InputError(f"{what} is undefined (infinite or not a number)", column=column)
    value = value_of(expr)
    if math.isnan(value.real) or math.isnan(value.imag):
        raise InputError(f"{what} is undefined (not a number)", column=column)
    noisy = abs(value.imag) > 1e-12 * max(1.0, abs(value.real))
    if noisy or expr.has(sympy.I) or (value.imag != 0 and expr.is_real is False):
        raise InputError(f"{what} is not a real number", column=column)
    if not abs(value.real) <= MAX_MAGNITUDE:
        raise BudgetError(f"{what} is too large (beyond 1e300)", column=column)


def fold_constant(expr: sympy.Expr) -> sympy.Expr:
    """Constants (and constant factors or terms) too intricate for sympy → 15-digit Floats.

    ``Max(x, (1+exp(-1/2))**(683+E))`` takes sympy seconds, ``floor(2**(1/10**300))`` forever
    (a minimal polynomial of that degree); ``2*pi``, ``sqrt(2)``, ``E + 20`` stay exact.
    """
    if not expr.free_symbols:
        return _fold(expr)
    if expr.is_Mul or expr.is_Add:
        args = [arg if arg.free_symbols else _fold(arg) for arg in expr.args]
        if any(new is not old for new, old in zip(args, expr.args, strict=True)):
            return expr.func(*args)
    return expr


def _fold(constant: sympy.Expr) -> sympy.Expr:
    """``constant`` itself when small and of low algebraic degree, else its Float."""
    if constant.is_Rational or constant.is_Float:
        return constant
    degree = 1  # bounds the degree of the algebraic numbers sympy may take apart
    for count, node in enumerate(sympy.preorder_traversal(constant), 1):
        if node.is_Pow:
            degree *= node.exp.q if node.exp.is_Rational else MAX_EXACT_DEGREE + 1
        if count > MAX_EXACT_CONSTANT_SIZE or degree > MAX_EXACT_DEGREE:
            return sympy.Float(value_of(constant).real, 15)
    return constant


def tame_exponent(exponent: sympy.Expr) -> sympy.Expr:
    """An exact exponent (or exponent offset) with a denominator over MAX_ROOT_DEGREE → Float.

    sympy takes ``600**(1/10**300)`` apart into prime factors raised to ~10**300.
    """
    offset = exponent.as_coeff_Add()[0]
    if offset.is_Rational and offset.q > MAX_ROOT_DEGREE:
        return exponent - offset + sympy.Float(offset, 15)
    return exponent


def check_power(base: sympy.Expr, exponent: sympy.Expr, column: int | None, memo: dict) -> None:
    """Refuse ``base**exponent`` before sympy computes it: a huge number (``9^9^9``,
    ``(2x)^1000``: see :func:`check_weight`), a huge power of a variable (``x^(10^100)``,
    ``(x^1000)^1000``), or ``0`` to a negative power."""
    if not exponent.free_symbols:
        p = value_of(exponent).real
        inner = [f.exp for f in sympy.Mul.make_args(base) if f.is_Pow and f.exp.is_Number]
        largest = max([abs(p), *(abs(p * e) for e in inner)])
        if base.free_symbols and largest > MAX_EXPONENT:
            raise BudgetError(
                f"the exponent is too large (at most {MAX_EXPONENT} "
                "on an expression with variables)",
                column=column,
            )
        if base.free_symbols and largest > MAX_COMPLEX_EXPONENT and not base.is_extended_real:
            raise BudgetError(
                f"the exponent is too large (at most {MAX_COMPLEX_EXPONENT} on "
                "an expression that may not be real, like log(x))",
                column=column,
            )
        if p < 0 and (base == 0 or (not base.free_symbols and value_of(base) == 0)):
            raise InputError("division by zero (0 to a negative power)", column=column)
    digits = _weight(base, memo) * _amplification(exponent) + _exponent_weight(exponent, memo)
    if digits > MAX_DIGITS:
        raise BudgetError(
            f"this power could have about {digits:.3g} digits (at most {MAX_DIGITS})", column=column
        )


def check_weight(expr: sympy.Expr, column: int | None, memo: dict) -> None:
    """Refuse a number of over MAX_DIGITS digits in ``expr``, or one its expansion could make.

    sympy expands to answer its own questions (``sinh(b).is_real``): ``b**(x + c)`` becomes
    ``b**c * b**x``, ``(b**(x + c))**(y + d)`` raises ``b``'s numbers to ``c*d``, in C, beyond
    the parser's time limit. The weight is about log10 of the largest such number.
    """
    if _weight(expr, memo) > MAX_DIGITS:
        raise BudgetError(
            f"a number here has or could grow to more than {MAX_DIGITS} digits", column=column
        )


def _weight(expr: sympy.Expr, memo: dict) -> float:
    """Rationals weigh their digits; a power multiplies its base's weight by its exponent's
    constant part; anything else weighs as much as its heaviest argument."""
    if expr in memo:
        return memo[expr]
    if expr.is_Rational:
        weight = digits(expr)
    elif expr.is_Pow:
        weight = _weight(expr.base, memo) * _amplification(expr.exp) + _exponent_weight(
            expr.exp, memo
        )
    else:
        weight = max((_weight(arg, memo) for arg in expr.args), default=0.0)
    memo[expr] = weight
    return weight


def _amplification(exponent: sympy.Expr) -> float:
    """How many times an expansion may multiply a base's numbers: at least 1, and at least
    the constant term of the expanded exponent (``900`` for ``(x + 30)*(y + 30)``)."""
    if exponent.is_Number:
        return max(1.0, abs(float(exponent)))
    if exponent.is_Add:
        return sum(_amplification(arg) for arg in exponent.args)
    if exponent.is_Mul:
        return math.prod(_amplification(arg) for arg in exponent.args)
    if exponent.is_Pow and exponent.exp.is_Integer and exponent.exp > 0:
        try:
            return _amplification(exponent.base) ** int(exponent.exp)
        except OverflowError:
            return math.inf
    return 1.0


def _exponent_weight(exponent: sympy.Expr, memo: dict) -> float:
    """The weight of an exponent's powers; its plain numbers are multiplied, not raised."""
    parts = exponent.args if exponent.is_Add or exponent.is_Mul else (exponent,)
    return max((_weight(part, memo) for part in parts if not part.is_Number), default=0.0)


# --- The last net: a deterministic count of the work sympy does (never seconds). ---

#: counted operations between two looks at the clock of a wall-clock safety net
_CLOCK_EVERY = 4096
#: after a budget ends, more operations allowed (cleanup in ``finally``) before it ends again
_GRACE = 10_000
_PLAIN, _NUMBER_POWER, _IMPORT, _EXIT = range(4)
_NUMBER_POWERS = (sympy.Rational._eval_power.__code__, sympy.Integer._eval_power.__code__)
#: a generator resumed, perhaps only to be closed by a finaliser, where a stop would be
#: "ignored" (and would unset the hook): a budget never ends on such a call
_RESUMABLE = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


class _Stop(BaseException):
    """Raised inside sympy by the meter's hook; a BaseException so that no ``except
    Exception`` in sympy swallows it. ``budget`` is the one that ends (None: the innermost)."""

    def __init__(self, message: str, budget: OperationBudget | None = None):
        super().__init__(message)
        self.budget = budget


def operation_budget(
    max_operations: int, what: str, *, seconds: float | None = None, fresh_cache: bool = True
) -> OperationBudget:
    """A context manager (or decorator) that refuses the work inside with a
    :class:`BudgetError` "too costly to {what} (more than N operations)" once it has made
    ``max_operations`` function calls, Python or C.

    Calls are counted, not seconds, so the decision is the same on every machine at any
    load. Counted through :func:`sys.setprofile` in this thread (also inside C loops started
    from Python), leaving out what importlib runs for a module's first import. sympy's cache
    is cleared on entry (``fresh_cache``): results cached by earlier work in this process
    would otherwise lower the count. The block also ends before sympy raises an exact number
    to a power of more than :data:`MAX_COMPUTED_DIGITS` digits. ``seconds`` is only an outer
    safety net, on this thread's CPU time (:func:`time.thread_time`, which other processes'
    load does not advance): size it many times the budget's worst case. Budgets nest, and
    those of different threads run one at a time (they would share sympy's cache). Under a
    foreign profiler or debugger nothing is counted (``counted`` is False) and nothing is
    refused.
    """
    return OperationBudget(max_operations, what, seconds, fresh_cache)


class OperationBudget:
    """One :func:`operation_budget`: ``with`` it (``as b``: ``b.operations`` is the count so
    far, final once the block ends), or decorate a function (a fresh budget per call)."""

    def __init__(
        self, max_operations: int, what: str, seconds: float | None = None, fresh_cache: bool = True
    ) -> None:
        if not max_operations >= 1:
            raise ValueError("max_operations must be at least 1")
        self.max_operations, self.what = int(max_operations), what
        self.seconds, self.fresh_cache = seconds, fresh_cache
        self.counted = False
        self.ended: str | None = None  # the message of a stop raised for this budget
        self._meter: _Meter | None = None
        self._start = self._final = 0
        self.stop_at, self.deadline = math.inf, math.inf

    @property
    def operations(self) -> int:
        """Function calls counted in the block (imports left out)."""
        if self._meter is None:
            return self._final
        return self._meter.count - self._start

    def __call__(self, function):
        """Decorate ``function``: each call runs under a fresh budget with these settings."""

        @functools.wraps(function)
        def budgeted(*args, **kwargs):
            with OperationBudget(self.max_operations, self.what, self.seconds, self.fresh_cache):
                return function(*args, **kwargs)

        return budgeted

    def __enter__(self) -> OperationBudget:
        meter = getattr(_local, "meter", None)
        current = sys.getprofile()
        if current is not None and (meter is None or current != meter.hook):
            return self  # a profiler or debugger is running: leave it alone, count nothing
        if meter is None:
            meter = _local.meter = _Meter()
        if not meter.stack:
            _ONE_AT_A_TIME.acquire()  # another thread's budget would share sympy's cache
            if self.fresh_cache:
                try:
                    _fresh_sympy_state()
                except BaseException:
                    _ONE_AT_A_TIME.release()
                    raise
        meter.push(self)
        sys.setprofile(meter.hook)
        return self

    def __exit__(self, kind, value, traceback) -> Literal[False]:
        # The hook never ends a budget inside an ``__exit__``: this one runs to its end.
        meter = self._meter
        if meter is None:
            return False
        try:
            if isinstance(value, _Stop) and value.budget in (None, self):
                raise BudgetError(str(value)) from None
            if value is None and self.ended is not None:
                # the stop was swallowed (a finaliser's "Exception ignored", an ``except``
                # in the work): the block is refused all the same
                raise BudgetError(self.ended)
            return False
        finally:
            meter.pop(self)


class _Meter:
    """The per-thread counter behind :func:`sys.setprofile`; budgets nest on its stack."""

    def __init__(self) -> None:
        self.count = 0
        self.stack: list[OperationBudget] = []
        self.stop_at = self.next_clock = math.inf
        self.import_frame = None  # importlib at work: nothing is counted until it returns
        self.exit_frame = None  # an __exit__ at work: counted, but nothing ends in it
        self.kinds: dict = {}  # code object -> _PLAIN, _NUMBER_POWER, _IMPORT or _EXIT

    def hook(self, frame, event, arg) -> None:
        """Count ``call`` and ``c_call`` events; end a budget exactly at its count."""
        if self.import_frame is not None:
            if event == "return" and frame is self.import_frame:
                self.import_frame = None
            return
        resumed = False
        if event == "call":
            resumed = bool(frame.f_code.co_flags & _RESUMABLE)
            kind = self.kinds.get(frame.f_code)
            if kind is None:
                kind = self.kinds[frame.f_code] = _code_kind(frame.f_code)
            if kind == _IMPORT:
                self.import_frame = frame
                return
            if kind == _EXIT and self.exit_frame is None:
                self.exit_frame = frame
            elif kind == _NUMBER_POWER and self.exit_frame is None:
                too_big = _power_too_big(frame.f_locals.get("self"), frame.f_locals.get("expt"))
                if too_big is not None:
                    innermost = self.stack[-1]
                    innermost.ended = innermost.ended or too_big
                    raise _Stop(too_big)
        elif event == "return":
            if frame is self.exit_frame:
                self.exit_frame = None
            return
        elif event != "c_call":
            return
        self.count += 1
        if self.exit_frame is None and not resumed:
            if self.count >= self.stop_at:
                self._end_by_count()
            if self.count >= self.next_clock:
                self._look_at_clock()

    def _end_by_count(self) -> None:
        budget = min(self.stack, key=lambda b: b.stop_at)
        budget.stop_at = self.count + _GRACE  # ends again if something swallows the stop
        self._rearm()
        message = f"too costly to {budget.what} (more than {budget.max_operations:,} operations)"
        budget.ended = budget.ended or message
        raise _Stop(message, budget)

    def _look_at_clock(self) -> None:
        self.next_clock = self.count + _CLOCK_EVERY
        now = time.thread_time()
        for budget in self.stack:
            if now > budget.deadline:
                budget.deadline = math.inf
                message = f"too costly to {budget.what} within {budget.seconds:g} s of computing"
                budget.ended = budget.ended or message
                raise _Stop(message, budget)

    def push(self, budget: OperationBudget) -> None:
        budget.counted, budget._meter, budget._start = True, self, self.count
        budget.ended = None
        budget.stop_at = self.count + budget.max_operations
        if budget.seconds is not None:
            budget.deadline = time.thread_time() + budget.seconds
        self.stack.append(budget)
        self._rearm()

    def pop(self, budget: OperationBudget) -> None:
        budget._final, budget._meter = self.count - budget._start, None
        self.stack.remove(budget)
        if not self.stack:
            sys.setprofile(None)
            self.exit_frame = self.import_frame = None
            _ONE_AT_A_TIME.release()
        self._rearm()

    def _rearm(self) -> None:
        self.stop_at = min((b.stop_at for b in self.stack), default=math.inf)
        clocked = any(b.deadline < math.inf for b in self.stack)
        self.next_clock = self.count + _CLOCK_EVERY if clocked else math.inf


def _code_kind(code) -> int:
    """What the hook does on a call of ``code``."""
    if code is _NUMBER_POWERS[0] or code is _NUMBER_POWERS[1]:
        return _NUMBER_POWER
    if code.co_filename.startswith("<frozen importlib"):
        return _IMPORT
    return _EXIT if code.co_name == "__exit__" else _PLAIN


_local = threading.local()
#: budgets of different threads run one after the other: they would share sympy's cache
_ONE_AT_A_TIME = threading.Lock()


def settle_assumptions(obj: sympy.Basic) -> sympy.Basic:
    """Ask ``obj`` every assumption (``is_real``, ``is_positive``, ...) now, and return it.

    sympy remembers on an object what it once deduced about it, so on an object that lives
    long (a symbol, a constant) the work counted for a formula would depend on what was asked
    before; once every answer is stored it cannot.
    """
    for fact in _ASSUMPTIONS:
        getattr(obj, "is_" + fact)
    return obj


_ASSUMPTIONS = sorted(getattr(sympy_assumptions, "_assume_defined", ()))
_SHARED_CONSTANTS = (
    sympy.Integer(0),
    sympy.Integer(1),
    sympy.Integer(-1),
    sympy.Rational(1, 2),
    sympy.pi,
    sympy.E,
    sympy.I,
    sympy.oo,
    -sympy.oo,
    sympy.zoo,
    sympy.nan,
    sympy.EulerGamma,
    sympy.GoldenRatio,
    sympy.Catalan,
)  # singletons
for _constant in _SHARED_CONSTANTS:
    settle_assumptions(_constant)


def _fresh_sympy_state() -> None:
    """Empty sympy's cache and restart the random order in which sympy's assumption system
    tries facts (``sympy.core.random._assumptions_rng``, seeded from the OS at import: the
    order changes no answer, only how many calls reach it)."""
    clear_cache()
    rng = getattr(sympy_random, "_assumptions_rng", None)
    if rng is not None:
        rng.seed(0)


def _power_too_big(base: object, exponent: object) -> str | None:
    """Why sympy must stop before computing ``base**exponent`` (exact numbers with too many
    digits), or None."""
    if isinstance(base, sympy.Rational) and isinstance(exponent, sympy.Rational):
        size = digits(base) * max(abs(exponent.p), exponent.q)
        if size > MAX_COMPUTED_DIGITS:
            return f"a number here would grow to about {size:.3g} digits"
    return None
