"""`landscape grad EXPR --at … --critical`: every point with its kind and method, curves of
critical points in words, caps stated, and one-line errors."""

import json
import subprocess
import sys

import pytest


def landscape(*args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "landscape_cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def critical_json(expr, at="1,1", *extra):
    out = landscape("grad", expr, "--at", at, "--critical", "--json", *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("x^4 + y^4", [([0.0, 0.0], "minimum", True)]),
        ("(x-1)^4 + (y+2)^2", [([1.0, -2.0], "minimum", True)]),
        (
            "x^6 + y^4 - y^2",
            [
                ([0.0, -(2**-0.5)], "minimum", True),
                ([0.0, 2**-0.5], "minimum", True),
                ([0.0, 0.0], "saddle", True),
            ],
        ),
        ("x^2 + 1e9 y^2", [([0.0, 0.0], "minimum", False)]),
    ],
)
def test_points_that_were_missing_or_mislabelled(expr, expected):
    data = critical_json(expr)
    got = [(cp["point"], cp["kind"], cp["degenerate"]) for cp in data["critical_points"]]
    assert len(got) == len(expected)
    for (point, kind, degenerate), (want, k, d) in zip(got, expected, strict=True):
        assert point == pytest.approx(want, abs=1e-12) and (kind, degenerate) == (k, d)
    assert {cp["method"] for cp in data["critical_points"]} == {"symbolic"}
    assert data["critical_summary"]["complete"] is True


def test_text_output_of_a_circle_of_minima():
    out = landscape("grad", "(x^2+y^2-1)^2", "--at", "1,1", "--critical")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert (
        "critical points: 1 critical point (1 maximum) and 1 set of non-isolated critical "
        "points; found by the exact solve" in lines
    )
    assert "critical   (0, 0)  f = 1  maximum  [symbolic]" in lines
    assert "critical set  a circle of minima x² + y² = 1, f = 0  [symbolic]" in lines


def test_json_sets_are_drawable():
    data = critical_json("x^2 y^2")
    assert data["critical_points"] == []
    (s,) = data["critical_sets"]
    assert s["description"] == "the lines x = 0 and y = 0, minima"
    assert (s["kind"], s["equation"], s["method"], s["value"]) == (
        "minimum",
        "x = 0; y = 0",
        "symbolic",
        0.0,
    )
    assert len(s["pieces"]) == 2 and all(len(p) >= 2 and len(p[0]) == 2 for p in s["pieces"])


def test_degenerate_labels_in_text():
    out = landscape("grad", "x^4 + y^4", "--at", "1,1", "--critical")
    assert (
        "critical   (0, 0)  f = 0  degenerate (higher-order test: minimum)  [symbolic]"
        in out.stdout.splitlines()
    )


@pytest.mark.parametrize(
    "expr, kind, label",
    [
        ("x^3", "inflection", "degenerate (higher-order test: inflection, not an extremum)"),
        ("x^4", "minimum", "degenerate (higher-order test: minimum)"),
        ("x^2", "minimum", "minimum"),
    ],
)
def test_one_variable(expr, kind, label):
    (cp,) = critical_json(expr, "1")["critical_points"]
    assert (cp["point"], cp["kind"], cp["label"]) == ([0.0], kind, label)


def test_numeric_search_is_named_and_caps_are_stated():
    data = critical_json("20 + x^2 - 10cos(2 pi x) + y^2 - 10cos(2 pi y)", "2,2")
    summary = data["critical_summary"]
    assert summary["shown"] == 50 and summary["total"] > 50
    assert summary["text"].startswith(f"showing 50 of {summary['total']} critical points")
    assert summary["total"] == 50 + sum(summary["dropped"].values())
    assert {cp["kind"] for cp in data["critical_points"]} == {"minimum", "saddle", "maximum"}
    assert {cp["method"] for cp in data["critical_points"]} == {"numeric"}
    assert any("no complete exact solve" in n for n in data["critical_notes"])


def test_four_variables_are_refused_in_one_line():
    out = landscape("grad", "a^2 + b^2 + c^2 + d^2", "--at", "1,1,1,1", "--critical")
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "error: --critical searches functions of 1 to 3 variables, the expression has 4"
    )
