"""``landscape gui --model/--data/--model-set/--view``: checked before Qt loads."""

from __future__ import annotations

import argparse

import pytest

from landscape.errors import InputError
from landscape_cli import gui


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    gui.add_parser(parser.add_subparsers())
    return gui.check_args(parser.parse_args(["gui", *argv]))


def test_model_arguments_make_a_model_session():
    args = parse(
        "--model", "mlp", "--data", "circles", "--model-set", "width=8", "--view", "random"
    )
    session = args.session_data
    assert session.mode == "model" and session.model.name == "mlp"
    assert session.model.data == "circles" and session.model.view == "random"
    assert session.model.settings == {"width": "8"} and session.auto_start


def test_the_data_defaults_to_the_models_own_and_start_is_kept():
    args = parse("--model", "linreg", "--start", "1,2")
    assert args.session_data.model.data == "linear"
    assert args.session_data.auto_start is False


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (("--model", "nosuch"), "model.name"),
        (("--model", "logreg", "--data", "houses"), "needs classification data"),
        (("--model", "mlp", "--model-set", "width=0"), "width"),
        (("--model", "mlp", "--model-set", "bogus=1"), "unknown setting"),
        (("--model", "mlp", "--data", "/etc/passwd"), ".csv"),
        (("--data", "blobs"), "only apply with --model"),
    ],
)
def test_bad_model_arguments_are_refused(argv, fragment):
    with pytest.raises(InputError) as info:
        parse(*argv)
    assert fragment in info.value.message
