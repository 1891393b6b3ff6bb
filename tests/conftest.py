"""Suite-wide settings: the ``gl`` marker and CI's rule that a skipped GL test fails."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "gl: needs a real OpenGL context (Xvfb + Mesa in CI)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and item.get_closest_marker("gl") is not None
        and os.environ.get("LANDSCAPE_REQUIRE_GL") == "1"
    ):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid}: an OpenGL test was skipped, but LANDSCAPE_REQUIRE_GL=1 demands it "
            f"run (skip reason: {reason})"
        )
