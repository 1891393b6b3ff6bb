"""``--model/--data/--model-set`` of ``landscape run``: the model objective, built by the app's
own builder (:func:`landscape.models.scene.model_objective`)."""

from __future__ import annotations

from typing import Any

from landscape.errors import InputError
from landscape.models.cli_support import ModelContext, settings_from_args


def objective_from_args(args) -> tuple[Any, ModelContext]:
    """``(objective, context)`` from parsed ``--model/--data/--model-set`` (and ``--seed`` when
    the parser has one), built by the app's own builder
    (:func:`landscape.models.scene.model_objective`); InputError when --data is missing or
    --function is also given."""
    if getattr(args, "function", None):
        raise InputError("give either --function or --model, not both")
    if not args.data:
        raise InputError("--model needs --data NAME|FILE (see `landscape datasets`)")
    from landscape.models.scene import model_objective
    from landscape.session import ModelConfig

    config = ModelConfig(args.model, args.data, settings_from_args(args))
    seed = int(getattr(args, "seed", 0) or 0)
    view, _domain = model_objective(config, seed=seed, frame=False)  # the app's builder
    return view.model, view.context
