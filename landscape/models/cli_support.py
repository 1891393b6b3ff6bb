"""Glue for ``landscape run --model ...``: build a model objective from names, report results.

``landscape/cli/run.py`` calls :func:`build_model_objective` in place of compiling a formula,
runs its optimizer from ``context.x0``, then merges :func:`run_extras` into its output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landscape.errors import InputError
from landscape.grid import Domain
from landscape.models.data import Dataset, Scaler, standardise, train_test_split
from landscape.models.registry import build_model, coerce_settings, get_model


@dataclass
class ModelContext:
    """What was built besides the objective: data splits, the scaler, a start and a domain.

    ``x0 (n,)`` is the model's default start (zeros; the seeded initialisation for the MLP);
    ``domain`` frames the 2-D view (view coordinates, see ``objective.view``).
    """

    model: str
    settings: dict[str, Any]
    data: Dataset
    train: Dataset
    test: Dataset
    scaler: Scaler
    x0: np.ndarray
    domain: Domain
    seed: int = 0
    extras: dict = field(default_factory=dict)


def parse_settings(items: list[str] | None) -> dict[str, str]:
    """``["width=32", "l2=0.01"]`` -> ``{"width": "32", "l2": "0.01"}`` (values stay text)."""
    out: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"a model setting is NAME=VALUE, got {item!r}")
        out[name.strip()] = value.strip()
    return out


def prepare_data(model: str, data, settings: dict[str, Any]) -> tuple[Dataset, Dataset, Dataset,
                                                                       Scaler]:
    """Load (a built-in name, a CSV path or a Dataset), select features, split, standardise.

    Returns ``(data, train, test, scaler)``; ``settings`` are already coerced."""
    from landscape.models.catalog import load_data

    task = get_model(model).task
    features = [f.strip() for f in settings["features"].split("+")] if settings["features"] \
        else None
    from_file = not isinstance(data, Dataset) and _is_file(data)
    if settings["target"] and not from_file:
        raise InputError("the target setting applies to CSV files only")
    if isinstance(data, Dataset):
        dataset = data
    elif from_file:
        dataset = load_data(data, task=task, features=features,
                            target=settings["target"] or None)
    else:
        dataset = load_data(data, seed=settings["data_seed"])
    if task is not None and dataset.task != task:
        raise InputError(f"{model} needs {task} data; {dataset.name!r} is for {dataset.task}")
    if features and not from_file:
        dataset = dataset.select(features)
    train, test = train_test_split(dataset, settings["test_fraction"], settings["data_seed"])
    if settings["standardize"]:
        train, test, scaler = standardise(train, test)
    else:
        scaler = Scaler.identity(dataset.d)
    return dataset, train, test, scaler


def _is_file(spec) -> bool:
    text = str(spec)
    return text.lower().endswith(".csv") or "/" in text or "\\" in text


def build_model_objective(model: str, data, settings: dict | None = None,
                          seed: int = 0) -> tuple[Any, ModelContext]:
    """``(objective, context)`` for model ``model`` on ``data`` (built-in name, CSV path or a
    :class:`Dataset`); ``settings`` map names to values or strings; ``seed`` seeds the
    model's initialisation (the data split uses the ``data_seed`` setting)."""
    values = coerce_settings(model, settings or {})
    dataset, train, test, scaler = prepare_data(model, data, values)
    objective = build_model(model, train, values, seed)
    x0 = getattr(objective, "x0", np.zeros(objective.n))
    context = ModelContext(model, values, dataset, train, test, scaler, np.array(x0, dtype=float),
                           view_domain(objective, x0), seed)
    return objective, context


def view_domain(objective, x0: np.ndarray) -> Domain:
    """A domain for the view: [-1, 1]² on a plane, else a square around the optimum (or the
    base point) that also shows the start."""
    view = objective.view
    if view.kind != "slice":
        return Domain(-1.0, 1.0, -1.0, 1.0)
    theta = getattr(objective, "theta_star", None)
    centre = view.project(theta if theta is not None else view.base_point)
    start = view.project(np.asarray(x0, dtype=float))
    half = max(1.0, 1.25 * float(np.max(np.abs(start - centre))))
    return Domain(centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)


def run_extras(objective, context: ModelContext, trajectory) -> dict:
    """Results of a finished run: all trained parameters, the train/test metrics, and the views.

    For the MLP the landscape view is moved to a filter-normalised plane through the final
    parameters (so a grid sampled afterwards shows the trained model) and the trajectory's PCA
    plane is reported with its explained variance. JSON-ready (plain floats and lists).
    """
    from landscape.models.directions import filter_normalized_plane, trajectory_pca

    xs = np.asarray(trajectory.xs, dtype=float)
    final = xs[-1]
    if hasattr(objective, "layout"):
        objective.set_view(filter_normalized_plane(objective, final, context.seed))
    pca = trajectory_pca(xs)
    return {
        "model": context.model,
        "data": context.data.name,
        "parameter_names": list(objective.parameter_names),
        "parameters": [float(v) for v in final],
        "metrics": {"train": _json_metrics(objective.evaluate(final, context.train)),
                    "test": _json_metrics(objective.evaluate(final, context.test))},
        "view": objective.view.describe(),
        "trajectory_view": [[float(a), float(b)] for a, b in objective.view.project(xs)],
        "pca_explained_variance": [float(v) for v in pca.explained_variance],
    }


def _json_metrics(metrics: dict) -> dict:
    """NaN -> None so strict JSON can carry it."""
    return {k: (v if not isinstance(v, float) or np.isfinite(v) else None)
            for k, v in metrics.items()}


def add_model_arguments(parser) -> None:
    """``--model``, ``--data`` and ``--model-set`` for ``landscape run``."""
    from landscape.models.registry import MODELS

    parser.add_argument("--model", choices=list(MODELS), default=None,
                        help="train a model instead of --function: " + ", ".join(MODELS))
    parser.add_argument("--data", metavar="NAME|FILE", default=None,
                        help="with --model: a built-in data set (`landscape datasets`) or a "
                        "numeric CSV file")
    parser.add_argument("--model-set", action="append", default=[], metavar="NAME=VALUE",
                        help="with --model: a model or data setting, e.g. width=32, l2=0.01, "
                        "test_fraction=0.2 (repeatable)")


def objective_from_args(args) -> tuple[Any, ModelContext]:
    """``(objective, context)`` from parsed ``--model/--data/--model-set`` (and ``--seed`` when
    the parser has one); InputError when --data is missing or --function is also given."""
    if getattr(args, "function", None):
        raise InputError("give either --function or --model, not both")
    if not args.data:
        raise InputError("--model needs --data NAME|FILE (see `landscape datasets`)")
    return build_model_objective(args.model, args.data, parse_settings(args.model_set),
                                 int(getattr(args, "seed", 0) or 0))
