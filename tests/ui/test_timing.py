"""The throttle and the debounce: how many calls reach ``fn``, and when."""

from __future__ import annotations

import pytest

from ui.state.timing import Debounce, Throttle


@pytest.fixture
def calls():
    return []


@pytest.mark.parametrize(
    ("burst", "expected_now", "expected_later"),
    [
        (1, 1, 1),  # leading edge only: nothing left for the trailing run
        (2, 1, 2),  # leading + one trailing run
        (10, 1, 2),  # a burst is coalesced into one trailing run
    ],
)
def test_throttle_runs_leading_and_one_trailing(qtbot, calls, burst, expected_now, expected_later):
    throttle = Throttle(40, lambda: calls.append(1))
    for _ in range(burst):
        throttle()
    assert len(calls) == expected_now
    qtbot.wait(120)
    assert len(calls) == expected_later
    assert not throttle.pending()


def test_throttle_flush_and_cancel(qtbot, calls):
    throttle = Throttle(1000, lambda: calls.append(1))
    throttle(), throttle()
    assert throttle.pending() and len(calls) == 1
    throttle.flush()
    assert len(calls) == 2 and not throttle.pending()
    throttle()
    assert throttle.pending()  # inside the interval that flush started
    throttle.cancel()
    qtbot.wait(50)
    assert len(calls) == 2


@pytest.mark.parametrize(("burst", "interval"), [(1, 30), (5, 30), (5, 0)])
def test_debounce_runs_once_after_the_last_call(qtbot, calls, burst, interval):
    debounce = Debounce(interval, lambda: calls.append(1))
    for _ in range(burst):
        debounce()
    assert calls == [] and debounce.pending()
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=1000)
    qtbot.wait(interval + 30)
    assert calls == [1]


def test_debounce_flush_and_cancel(qtbot, calls):
    debounce = Debounce(1000, lambda: calls.append(1))
    debounce.flush()
    assert calls == []  # nothing pending: flush does nothing
    debounce()
    debounce.flush()
    assert calls == [1]
    debounce()
    debounce.cancel()
    qtbot.wait(30)
    assert calls == [1] and not debounce.pending()
