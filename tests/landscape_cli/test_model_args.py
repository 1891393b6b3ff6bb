"""``landscape run --model``'s arguments, built into a model objective."""

import pytest

from landscape.errors import InputError


def test_arguments_for_run():
    import argparse

    from landscape.models.cli_support import add_model_arguments
    from landscape_cli.model_args import objective_from_args

    parser = argparse.ArgumentParser()
    add_model_arguments(parser)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(["--model", "logreg", "--data", "exams", "--model-set", "l2=0.1"])
    objective, ctx = objective_from_args(args)
    assert objective.l2 == 0.1 and ctx.settings["l2"] == 0.1
    with pytest.raises(InputError, match="needs --data"):
        objective_from_args(parser.parse_args(["--model", "mlp"]))
