"""The budget worker: results come back, runaway work is killed, the caller never stalls."""

import threading
import time

import pytest

from landscape.budget import SymbolicWorker
from landscape.errors import BudgetError, InputError
from tests.landscape import budget_tasks as tasks


@pytest.fixture(scope="module")
def worker():
    w = SymbolicWorker(memory_mb=1024)
    w.start()
    yield w
    w.stop()


def test_result_comes_back(worker):
    assert worker.call(tasks.add, 2, 3, timeout=30) == 5


def test_big_integer_work_is_ended_and_main_thread_keeps_running(worker):
    ticks, stop = [], threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.01)

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    with pytest.raises(BudgetError, match="too costly to compute within 1 s"):
        worker.call(tasks.big_power, timeout=1.0)
    elapsed = time.perf_counter() - start
    stop.set()
    t.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert elapsed < 5.0
    assert max(gaps) < 0.5, f"the calling process stalled for {max(gaps):.2f} s"


def test_worker_restarts_after_a_timeout(worker):
    before = worker.restarts
    with pytest.raises(BudgetError):
        worker.call(tasks.sleep, 10, timeout=0.5)
    assert worker.restarts == before + 1
    assert worker.call(tasks.add, 1, 1, timeout=30) == 2


def test_memory_limit_gives_budget_error(worker):
    with pytest.raises(BudgetError, match="memory"):
        worker.call(tasks.hog_memory, timeout=30)
    assert worker.call(tasks.add, 1, 2, timeout=30) == 3


def test_input_error_keeps_column_and_hint(worker):
    with pytest.raises(InputError) as info:
        worker.call(tasks.bad_input, timeout=30)
    assert (info.value.message, info.value.column, info.value.hint) == ("nope", 3, "try again")


def test_unexpected_error_becomes_one_line_input_error(worker):
    with pytest.raises(InputError, match="ZeroDivisionError: boom"):
        worker.call(tasks.crash, timeout=30)


def test_a_plain_script_without_main_guard_can_compile(tmp_path):
    """The worker is a fresh interpreter, so it never re-runs the caller's script."""
    import subprocess
    import sys

    script = tmp_path / "user_script.py"
    script.write_text(
        "from landscape.compile import compile_objective\n"
        "f = compile_objective('x^2 + 3y^2')\n"
        "print(f.grad([1.0, 1.0]).tolist())\n"
    )
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[2.0, 6.0]"
