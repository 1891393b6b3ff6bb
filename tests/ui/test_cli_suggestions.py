"""``landscape gui`` and ``landscape export`` use the app's suggestions for every value no
``--set`` gives (the same job as the app's: ``ui.state.jobs.suggest_and_run``)."""

from __future__ import annotations

import argparse

import pytest

from landscape.errors import InputError
from landscape_cli import export, gui


def gui_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    gui.add_parser(parser.add_subparsers())
    return gui.check_args(parser.parse_args(["gui", *argv]))


def export_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    export.add_parser(parser.add_subparsers())
    return export.check_session_args(parser.parse_args(["export", "--out", "x.gif", *argv]))


def test_set_is_parsed_and_checked_before_qt():
    args = gui_args("--preset", "bowl", "--set", "adam.lr=0.05", "--set", "GD.schedule=cosine")
    assert args.sets == [("adam", "lr", 0.05), ("gd", "schedule", "cosine")]


@pytest.mark.parametrize(
    "item, fragment",
    [
        ("adam.lr", "NAME.PARAM=VALUE"),
        ("adam=1", "NAME.PARAM=VALUE"),
        ("adamm.lr=1", "adam"),
        ("adam.lrr=1", "no setting 'lrr'"),
        ("adam.lr=-1", "adam.lr=-1"),
        ("adam.schedule=sometimes", "schedule"),
    ],
)
def test_bad_set_is_refused(item, fragment):
    with pytest.raises(InputError) as info:
        gui_args("--set", item)
    assert fragment in info.value.message + (info.value.hint or "")


def test_the_session_marks_set_values_edited_and_leaves_the_rest_suggested():
    from ui.shell.launch import initial_session

    session = initial_session(gui_args("--preset", "bowl", "--set", "adam.lr=0.05"))
    gd, momentum, adam = session.runs
    assert adam.hyper == {"lr": 0.05} and adam.edited == ("lr",)
    assert gd.edited == () and momentum.edited == ()
    with pytest.raises(InputError, match="no run is newton"):
        initial_session(gui_args("--preset", "bowl", "--set", "newton.safeguard=levenberg"))


def test_export_runs_with_the_suggestions_where_no_set_is_given(qapp):
    from landscape.compile import compile_objective
    from landscape.optim.suggest import hyper_for
    from landscape.presets import get_preset
    from ui.shell.headless_export import build_model, session_for

    args = export_args("--preset", "booth", "--optimizers", "gd,adam", "--set", "adam.lr=0.3")
    args.resolution = 40
    model = build_model(session_for(args), critical=False)
    gd, adam = model.runs
    p = get_preset("booth")
    objective = compile_objective(p.expression)
    expected = hyper_for("gd", objective, p.start, domain=p.grid_domain, max_steps=model.max_steps)
    assert gd.trajectory.hyperparameters["lr"] == pytest.approx(expected["lr"])
    assert gd.trajectory.status == "converged"
    assert adam.trajectory.hyperparameters["lr"] == 0.3 and adam.edited == {"lr"}
    assert adam.trajectory.hyperparameters["schedule"] == "cosine"  # suggested around it
    assert adam.suggestion.values["lr"] != 0.3


@pytest.mark.parametrize(("given", "expected"), [((), "auto"), (("--scale", "linear"), "linear")])
def test_export_takes_the_colour_scale_as_gui_does(qapp, given, expected):
    from ui.shell.headless_export import session_for

    args = export_args("--function", "exp(x^2 + y^2)", "--optimizers", "gd", *given)
    assert session_for(args).color_scale == expected
