"""Deterministic budgets: operations counted, never seconds, and the same count whatever ran
before (sympy's cache, the order of its assumption queries) or however the clock moves."""

from __future__ import annotations

import sys
import time
import types

import pytest
import sympy
from sympy.core.cache import clear_cache
from sympy.core.parameters import global_parameters

from landscape import counted_budget, parser
from landscape.compile import compile_objective
from landscape.counted_budget import operation_budget
from landscape.errors import BudgetError, InputError
from landscape.parser import MAX_OPERATIONS, parse_expression
from landscape.presets import list_presets
from landscape.symbolic import MAX_DERIVE_OPERATIONS, derive
from landscape.symbols import symbol
from tests.landscape.test_hostile_inputs import TOO_COSTLY

PRESETS = {p.name: p.expression for p in list_presets()}
XY = (symbol("x"), symbol("y"))


def _spin(budget: int) -> int:
    """How many calls of a Python function complete before ``budget`` ends the loop."""
    done = 0

    def tick():
        nonlocal done
        done += 1

    with pytest.raises(BudgetError, match=rf"too costly to spin \(more than {budget:,} "):
        with operation_budget(budget, "spin"):
            while True:
                tick()
    return done


def test_a_budget_ends_at_exactly_its_count():
    counts = [_spin(1000), _spin(1000), _spin(3000)]
    assert counts[0] == counts[1]
    assert counts[2] - counts[0] == 2000  # one operation per call: nothing else is counted


def test_a_budget_never_reads_a_clock_without_a_safety_net(monkeypatch):
    def no_clock():
        raise AssertionError("the budget read a clock")

    fake = types.SimpleNamespace(
        thread_time=no_clock, perf_counter=no_clock, monotonic=no_clock, time=no_clock
    )
    monkeypatch.setattr(counted_budget, "time", fake)
    assert _spin(2000) > 0
    with operation_budget(MAX_OPERATIONS, "analyse") as budget:
        parser._parse(PRESETS["ackley"], ("x", "y"))
    assert 0 < budget.operations < MAX_OPERATIONS


def test_the_safety_net_is_cpu_time_of_this_thread():
    with pytest.raises(BudgetError, match=r"too costly to spin within 0.05 s of computing"):
        with operation_budget(10**12, "spin", seconds=0.05):
            while True:
                sum(range(10))


def _jumping_clock(monkeypatch):
    """Every wall clock jumps 1000 s at each reading (a suspended laptop, a loaded machine)."""
    ticks = iter(range(10**9))
    for name in ("perf_counter", "monotonic", "time"):
        monkeypatch.setattr(time, name, lambda: 1000.0 * next(ticks))


def _decision(text: str):
    try:
        parse_expression(text)
    except BudgetError as exc:
        return str(exc)
    return "accepted"


CASES = [(name, PRESETS[name], "accepted") for name in ("rosenbrock", "beale", "ackley")] + [
    (
        "too costly",
        TOO_COSTLY[0],
        f"too costly to analyse this formula (more than {MAX_OPERATIONS:,} operations)",
    )
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_decisions_do_not_depend_on_the_cache_or_the_clock(name, text, expected, monkeypatch):
    clear_cache()
    cold = _decision(text)
    for _ in range(2):  # warm sympy's cache with the same formula and its derivatives
        sympy.diff(parser._parse(text, ("x", "y")) if expected == "accepted" else XY[0], XY[0])
    warm = _decision(text)
    _jumping_clock(monkeypatch)
    jumped = _decision(text)
    assert cold == warm == jumped == expected


def test_a_smaller_budget_refuses_the_costlier_preset_every_time(monkeypatch):
    monkeypatch.setattr(parser, "MAX_OPERATIONS", 20_000)  # rosenbrock ~7 400, ackley ~57 000
    refused = "too costly to analyse this formula (more than 20,000 operations)"
    for warm_first in (False, True, True):
        if warm_first:
            parser._parse(PRESETS["ackley"], ("x", "y"))  # outside any budget: warms the cache
        assert _decision(PRESETS["rosenbrock"]) == "accepted"
        assert _decision(PRESETS["ackley"]) == refused


def _count(text: str, fresh_cache: bool = True) -> int:
    with operation_budget(10**8, "measure", fresh_cache=fresh_cache) as budget:
        parser._parse(text, ("x", "y"))
    return budget.operations


@pytest.mark.parametrize("name", ["beale", "goldstein_price", "rastrigin", "ackley"])
def test_the_count_is_the_same_after_a_warm_cache(name):
    text = PRESETS[name]
    first = _count(text)
    for other in PRESETS.values():
        parser._parse(other, ("x", "y"))  # unbudgeted work fills sympy's cache
    again = _count(text)
    unfair = _count(text, fresh_cache=False)  # what the cache would do to the count
    assert abs(again - first) <= 0.02 * first
    assert unfair < 0.8 * again


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_are_far_within_both_budgets(name):
    expr = parse_expression(PRESETS[name])
    with operation_budget(10**9, "measure") as parse_cost:
        parse_expression(PRESETS[name])
    with operation_budget(10**9, "measure") as derive_cost:
        derive.__wrapped__(expr, XY)
    assert parse_cost.operations < MAX_OPERATIONS / 8
    assert derive_cost.operations < MAX_DERIVE_OPERATIONS / 4


def test_runaway_differentiation_is_refused_by_the_count():
    text = "*".join(f"(x^{i}+y)^(x+{i})" for i in range(1, 15))  # ~9 million operations
    with pytest.raises(BudgetError) as info:
        compile_objective(text)  # in the worker, under the default wall-clock net
    assert str(info.value) == (
        f"too costly to differentiate (more than {MAX_DERIVE_OPERATIONS:,} operations)"
    )


def test_budgets_nest_and_end_the_right_one():
    with operation_budget(10**6, "outer") as outer:
        with pytest.raises(BudgetError, match="too costly to inner"):
            with operation_budget(500, "inner"):
                while True:
                    len("x")
        assert outer.operations > 500
    with pytest.raises(BudgetError, match="too costly to outer"):
        with operation_budget(2000, "outer"):
            with operation_budget(10**6, "inner"):
                while True:
                    len("x")
    assert sys.getprofile() is None


def test_a_decorated_function_gets_a_fresh_budget_per_call():
    @operation_budget(300, "count")
    def count_to(n):
        for _ in range(n):
            len("x")
        return n

    assert count_to(200) == 200 and count_to(200) == 200  # 200 each, not 400 together
    with pytest.raises(BudgetError, match="too costly to count"):
        count_to(400)


@pytest.mark.parametrize("budget", range(1, 40, 3))
def test_an_ending_budget_never_breaks_a_context_manager(budget):
    # The budget may end anywhere, but never inside an __exit__: sympy's evaluate(False)
    # is always restored, wherever the count runs out.
    with pytest.raises(BudgetError), operation_budget(budget, "build"):
        with sympy.evaluate(False):
            while True:
                sympy.Add(XY[0], 1)
    assert global_parameters.evaluate is True
    assert sys.getprofile() is None


def test_first_imports_are_not_counted(tmp_path, monkeypatch):
    (tmp_path / "heavy_module_for_budget.py").write_text(
        "total = 0\nfor i in range(5000):\n    total += len(str(i))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with operation_budget(1000, "import") as budget:
        import heavy_module_for_budget  # noqa: F401 - 10 000 calls at import
    assert budget.operations < 100
    monkeypatch.delitem(sys.modules, "heavy_module_for_budget")


def test_a_foreign_profiler_is_left_alone():
    seen = []
    sys.setprofile(lambda frame, event, arg: seen.append(event))
    try:
        with operation_budget(10, "spin") as budget:
            for _ in range(100):
                len("x")
    finally:
        sys.setprofile(None)
    assert not budget.counted and seen


def test_bad_budgets_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        operation_budget(0, "nothing")


def test_parse_errors_inside_a_budget_stay_input_errors():
    with pytest.raises(InputError, match="unknown name"):
        parse_expression("sinx")
    assert sys.getprofile() is None


def _closing_generators():
    """Work in which generators are closed half-way, by their finaliser (as sympy's
    assumption system does): a stop raised there would be "ignored" by Python."""
    while True:
        started = (i for i in range(10))
        next(started)
        del started  # closed here, inside Python's finaliser


@pytest.mark.parametrize("budget", range(1000, 1040))
def test_a_budget_ends_even_where_its_stop_would_land_in_a_finaliser(budget):
    with pytest.raises(BudgetError, match="too costly to close"):
        with operation_budget(budget, "close"):
            _closing_generators()


def test_a_swallowed_stop_still_refuses_the_block():
    def swallowing():
        try:
            while True:
                sum(range(3))
        except BaseException:  # noqa: BLE001 - what a careless library might do
            return "finished"

    with pytest.raises(BudgetError, match=r"too costly to swallow \(more than 500 operations\)"):
        with operation_budget(500, "swallow"):
            swallowing()
