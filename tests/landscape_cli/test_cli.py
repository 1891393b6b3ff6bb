"""The command line: exact answers, JSON shapes, and one-line errors with status 2."""

import json
import subprocess
import sys
import time

import pytest


def landscape(*args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "landscape_cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "expr, at, gradient",
    [
        ("x^2 + 2xy + 3y^2", "2,3", [10.0, 22.0]),
        ("4x^2 - 3y + 2z^3", "1,-2,4", [8.0, -3.0, 96.0]),
        ("(1-x)^2 + 100(y-x^2)^2", "1,1", [0.0, 0.0]),
    ],
)
def test_grad_json_gives_the_seed_answers(expr, at, gradient):
    out = landscape("grad", expr, "--at", at, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["gradient"] == pytest.approx(gradient)
    assert set(data) >= {
        "variables",
        "expression",
        "value",
        "gradient",
        "gradient_expr",
        "hessian",
        "hessian_eigenvalues",
    }
    assert len(data["hessian"]) == len(gradient)


def test_grad_json_hessian_and_eigenvalues():
    data = json.loads(landscape("grad", "x^2 + 2xy + 3y^2", "--at", "2,3", "--json").stdout)
    assert data["variables"] == ["x", "y"]
    assert data["value"] == pytest.approx(4 + 12 + 27)
    assert data["hessian"] == [[2.0, 2.0], [2.0, 6.0]]
    assert data["hessian_eigenvalues"] == pytest.approx(sorted([4 - 8**0.5, 4 + 8**0.5]))


def test_grad_critical_points_of_a_saddle():
    out = landscape("grad", "x^2 - y^2", "--at", "1,1", "--json", "--critical")
    data = json.loads(out.stdout)
    (cp,) = data["critical_points"]
    assert (cp["point"], cp["value"], cp["kind"]) == ([0.0, 0.0], 0.0, "saddle")


def test_grad_table_output():
    out = landscape("grad", "x^2 + 2xy + 3y^2", "--at", "2,3")
    assert out.returncode == 0
    assert "10" in out.stdout and "22" in out.stdout


def test_presets_json_lists_the_schema():
    data = json.loads(landscape("presets", "--json").stdout)
    names = {p["name"] for p in data}
    assert {"rosenbrock", "himmelblau", "booth", "beale"} <= names
    for p in data:
        assert set(p) >= {"name", "expression", "domain", "start", "minima", "f_min", "description"}


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["grad", "sinx", "--at", "1"], "sin(x)"),
        (["grad", "x^2 +", "--at", "1"], "column"),
        (["grad", "__import__('os')", "--at", "1"], ""),
        (["grad", "x + y", "--at", "1"], "--at has 1 value but the expression has 2 variables"),
        (["grad", "x + sin(2)", "--at", "1,1"], "has 1 variable (x); give one number per variable"),
        (["grad", "x + y", "--at", "1,abc"], "--at"),
        (["grad", "log(x)", "--at", "-1"], "f is undefined at (-1)"),
        (["grad", "x+y", "--at", "1,2", "--vars", "x,x"], "--vars"),
        (["presets", "--bogus"], ""),
    ],
)
def test_bad_input_is_one_error_line_and_status_2(args, fragment):
    start = time.perf_counter()
    out = landscape(*args)
    elapsed = time.perf_counter() - start
    assert out.returncode == 2, out
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), out.stderr
    assert fragment in lines[0]
    assert "Traceback" not in out.stderr
    assert elapsed < 5.0  # includes interpreter start-up; the parser's rejection itself is fast
