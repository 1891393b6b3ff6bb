"""Negative numbers as people type them, for every option that takes numbers (and formulas
that begin with a minus): ``--at -1.2,1``, ``--at=-1.2,1``, ``--at "-1.2, 1"``,
``--start -1,-2``. Other words are never joined to an option."""

from __future__ import annotations

import json

import pytest

from landscape.errors import InputError
from landscape_cli import build_parser, main
from landscape_cli.export import check_session_args, options_from
from landscape_cli.gui import check_args

ROSENBROCK = "(1-x)^2 + 100(y-x^2)^2"
# (how it is typed, the point it means)
POINTS = [
    (["-1.2,1"], [-1.2, 1.0]),
    (["=-1.2,1"], [-1.2, 1.0]),
    (["-1.2, 1"], [-1.2, 1.0]),
    (["-1,-2"], [-1.0, -2.0]),
    (["-1e-3,-pi/2"], [-1e-3, -1.5707963267948966]),
    (["1,-2"], [1.0, -2.0]),
]


def _option(name: str, typed: list[str]) -> list[str]:
    return [name + typed[0]] if typed[0].startswith("=") else [name, *typed]


def _json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("typed", "point"), POINTS)
def test_grad_at_a_negative_point(typed, point, capsys):
    data = _json(capsys, "grad", ROSENBROCK, *_option("--at", typed), "--json")
    x, y = point
    assert data["value"] == pytest.approx((1 - x) ** 2 + 100 * (y - x * x) ** 2)
    assert data["gradient"] == pytest.approx(
        [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
    )


def test_grad_at_the_rosenbrock_start_as_a_table(capsys):
    assert main(["grad", ROSENBROCK, "--at", "-1.2,1"]) == 0
    out = capsys.readouterr().out
    assert "value      24.2" in out and "-215.6" in out


@pytest.mark.parametrize(("typed", "point"), POINTS)
def test_run_starts_at_a_negative_point(typed, point, capsys):
    data = _json(
        capsys,
        "run",
        "--preset",
        "rosenbrock",
        "--optimizers",
        "gd",
        "--steps",
        "2",
        *_option("--start", typed),
        "--format",
        "json",
    )
    assert data["start"] == pytest.approx(point)
    assert data["runs"][0]["trajectory"][0][:2] == pytest.approx(point)


@pytest.mark.parametrize(("typed", "point"), POINTS)
@pytest.mark.parametrize("command", ["gui", "export"])
def test_gui_and_export_start_at_a_negative_point(command, typed, point):
    argv = [command, "--preset", "rosenbrock", *_option("--start", typed)]
    args = build_parser().parse_args(argv + (["--out", "race.gif"] if command == "export" else []))
    checked = check_args(args) if command == "gui" else check_session_args(args)
    assert checked.start == pytest.approx(tuple(point))


@pytest.mark.parametrize("command", ["run", "gui", "export"])
def test_a_formula_may_begin_with_a_minus(command, capsys):
    if command == "run":
        data = _json(
            capsys,
            "run",
            "--function",
            "-x^2-y^2",
            "--start",
            "-1,2",
            "--optimizers",
            "gd",
            "--steps",
            "1",
            "--format",
            "json",
        )
        assert data["expression"] == "-x^2-y^2" and data["runs"][0]["f"] < -5
        return
    extra = ["--out", "race.gif"] if command == "export" else []
    args = build_parser().parse_args([command, "--function", "-x^2-y^2", *extra])
    assert args.function == "-x^2-y^2"


# A negative value reaches the option's own check and its message, not argparse's
# "expected one argument".
REFUSED = [
    (
        ["run", "--preset", "bowl", "--optimizers", "gd", "--tol", "-1e-3"],
        "--tol must be a positive number",
    ),
    (["run", "--preset", "bowl", "--optimizers", "gd", "--steps", "-5"], "--steps must be"),
    (
        ["run", "--preset", "bowl", "--optimizers", "gd", "--start", "-1,-2,-3"],
        "--start needs 2 numbers, got 3",
    ),
    (["grad", "x+y", "--at", "-1,abc"], "--at: 'abc' is not a number"),
    (["compare", "--tasks", "rosenbrock", "--tol", "-1e-3"], "--tol must be a positive number"),
    (["sweep", "--model", "linreg", "--data", "linear", "--seeds", "-2"], "--seeds must be"),
]


@pytest.mark.parametrize(("argv", "message"), REFUSED, ids=[" ".join(a[:3]) for a, _ in REFUSED])
def test_negative_values_reach_their_own_checks(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and message in err[0], err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--range", "-5:10"], "--range expects FIRST:LAST"),
        (["--size", "-800x600"], "--size expects WxH"),
        (["--fps", "-3"], "fps must be from"),
        (["--steps", "-1"], "--steps must be from 1"),
    ],
)
def test_export_negative_values_reach_their_own_checks(argv, message):
    args = build_parser().parse_args(["export", "--preset", "bowl", "--out", "a.gif", *argv])
    with pytest.raises(InputError) as info:
        options_from(args)
    assert message in str(info.value)


def test_gui_negative_size_and_steps_reach_their_own_checks():
    for argv, message in (
        (["--size", "-800x600"], "--size expects WxH"),
        (["--steps", "-1"], "--steps must be 0 or more"),
    ):
        with pytest.raises(InputError) as info:
            check_args(build_parser().parse_args(["gui", "--preset", "bowl", *argv]))
        assert message in str(info.value)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["grad", "x", "--at", "--json"], "argument --at: expected one argument"),
        (["grad", "x", "--at", "-h"], "argument --at: expected one argument"),
        (
            ["run", "--optimizers", "-gd", "--preset", "bowl"],
            "argument --optimizers: expected one argument",
        ),
    ],
)
def test_other_words_are_never_joined_to_an_option(argv, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_values_after_a_double_dash_are_left_alone():
    from landscape_cli.common import join_leading_minus

    parser = build_parser()
    grad = parser._subparsers._group_actions[0].choices["grad"]  # noqa: SLF001
    assert join_leading_minus(grad, ["x", "--at", "-1,2", "--", "--at", "-3"]) == [
        "x",
        "--at=-1,2",
        "--",
        "--at",
        "-3",
    ]
