"""The rectangles a zoom or pan resamples on: clamped to what a Domain allows, or none."""

from __future__ import annotations

import pytest

from landscape.grid import MAX_SPAN, Domain
from ui.state.resample import resample_target, same_box, shown_domain

HALF = 0.5 * MAX_SPAN


@pytest.mark.parametrize(
    "box, target",
    [
        ((-2.0, 2.0, -1.0, 3.0), (-2.0, 2.0, -1.0, 3.0)),
        ((-1e9, 1e9, -1.0, 1.0), (-HALF, HALF, -1.0, 1.0)),  # zoomed out past the limit
        ((1.0, 1.0, 0.0, 1.0), None),  # no width
        ((0.0, 1.0, 5.0, 5.0 + 1e-12), None),  # no height to sample
        ((2e6, 3e6, 0.0, 1.0), None),  # all beyond the limit: clamped to nothing
    ],
)
def test_resample_target(box, target):
    got = resample_target(box)
    assert got == (pytest.approx(target) if target is not None else None)
    if got is not None:
        Domain(*got)  # a valid domain


def test_same_box_to_a_millionth_and_the_bar_s_two_decimals():
    d = Domain(-2.0, 2.0, -1.0, 3.0)
    assert same_box((-2.0, 2.0 + 1e-7, -1.0, 3.0), d)
    assert not same_box((-2.0, 2.01, -1.0, 3.0), d)
    assert shown_domain((-1.004, 0.30000000000000004, 2.5, 3.0)) == (-1.0, 0.3, 2.5, 3.0)
