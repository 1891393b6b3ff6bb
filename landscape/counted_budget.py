"""The parser's last net: a deterministic count of the calls sympy makes (never seconds: a
formula's fate does not depend on the machine or its load), which also stops sympy before it
raises an exact number to a power with more than :data:`MAX_COMPUTED_DIGITS` digits.

:func:`operation_budget` is the context manager; :func:`settle_assumptions` makes the count
independent of what was asked of long-lived sympy objects before.
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

from landscape.errors import BudgetError
from landscape.guards import digits

MAX_COMPUTED_DIGITS = 10_000

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
