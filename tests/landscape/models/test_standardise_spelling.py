"""One spelling, "standardise", everywhere; "standardize" accepted wherever a person or an old
file may write it: settings, --model-set, --standardize, sweeps, sessions."""

from __future__ import annotations

import json

import pytest

from landscape.errors import InputError
from landscape.models.cli_support import build_model_objective
from landscape.models.registry import DATA_SETTINGS, coerce_settings
from landscape.models.sweep import expand_grid
from landscape.session import from_json, to_json
from landscape.session_model import validate_model
from landscape_cli import build_parser, main
from landscape_cli.gui import check_args


def test_the_setting_is_spelt_standardise():
    names = {s.name for s in DATA_SETTINGS}
    assert "standardise" in names and "standardize" not in names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, True),
        ({"standardise": "false"}, False),
        ({"standardize": "false"}, False),
        ({"standardize": False}, False),
        ({"standardize": "no", "standardise": "no"}, False),
        ({"standardize": "true"}, True),
    ],
)
def test_either_spelling_sets_it(given, expected):
    settings = coerce_settings("linreg", given)
    assert settings["standardise"] is expected and "standardize" not in settings


def test_both_spellings_disagreeing_are_refused():
    with pytest.raises(InputError, match="standardise is given twice .* different values"):
        coerce_settings("logreg", {"standardise": "true", "standardize": "false"})


def _run_units(capsys, *argv: str) -> dict:
    assert (
        main(
            [
                "run",
                "--model",
                "linreg",
                "--data",
                "linear",
                "--optimizers",
                "bfgs",
                *argv,
                "--format",
                "json",
            ]
        )
        == 0
    ), capsys.readouterr().err
    return json.loads(capsys.readouterr().out)["runs"][0]["units"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--no-standardise"],
        ["--no-standardize"],
        ["--model-set", "standardize=false"],
        ["--model-set", "standardise=off"],
        ["--no-standardize", "--model-set", "standardise=false"],
    ],
)
def test_run_without_standardising_in_every_spelling(argv, capsys):
    assert _run_units(capsys, *argv)["trajectory"] == "data"


@pytest.mark.parametrize(
    "argv", [[], ["--standardise"], ["--standardize"], ["--model-set", "standardize=true"]]
)
def test_run_standardising_in_every_spelling(argv, capsys):
    assert _run_units(capsys, *argv)["trajectory"] == "standardised"


def test_the_flag_and_the_setting_disagreeing_is_one_error_line(capsys):
    assert (
        main(
            [
                "run",
                "--model",
                "linreg",
                "--data",
                "linear",
                "--optimizers",
                "gd",
                "--standardise",
                "--model-set",
                "standardize=false",
            ]
        )
        == 2
    )
    assert "--standardise and --model-set standardise=false disagree" in capsys.readouterr().err


def test_the_flag_needs_a_model(capsys):
    assert main(["run", "--preset", "bowl", "--optimizers", "gd", "--no-standardize"]) == 2
    assert "--standardise need --model" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "stored"),
    [(["--no-standardize"], False), (["--model-set", "standardize=false"], "false")],
)
def test_gui_model_sessions_store_the_one_spelling(argv, stored):
    args = check_args(build_parser().parse_args(["gui", "--model", "linreg", *argv]))
    assert args.session_data.model.settings == {"standardise": stored}


def test_sweeps_accept_either_spelling():
    combos = expand_grid("linreg", {"standardize": ["true", "false"], "lr": ["0.1"]})
    assert [c["settings"] for c in combos] == [{"standardise": "true"}, {"standardise": "false"}]
    assert all(c["hyper"] == {"lr": "0.1"} for c in combos)


def test_an_old_session_with_the_old_key_still_loads():
    old = {
        "version": 2,
        "mode": "model",
        "model": {
            "name": "linreg",
            "data": "linear",
            "settings": {"standardize": False},
            "view": "pca",
            "resolution": 100,
        },
    }
    session = from_json(json.dumps(old))
    assert session.model.settings == {"standardise": False}
    assert json.loads(to_json(session))["model"]["settings"] == {"standardise": False}
    assert validate_model(old["model"]).settings == {"standardise": False}


def test_the_function_keyword_takes_either_spelling():
    _, plain = build_model_objective("linreg", "linear", {"standardize": "false"})
    _, british = build_model_objective("linreg", "linear", {"standardise": "false"})
    assert plain.settings["standardise"] is british.settings["standardise"] is False
    assert (plain.scaler.scale == 1.0).all()
