"""Glue for ``landscape run --model ...``: build a model objective from names, report results.

``landscape_cli/run.py`` calls :func:`build_model_objective` in place of compiling a formula,
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
from landscape.models.units import fit_in_data_units, parameters_in_data_units, scaler_for


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


def prepare_data(
    model: str, data, settings: dict[str, Any]
) -> tuple[Dataset, Dataset, Dataset, Scaler]:
    """Load (a built-in name, a CSV path or a Dataset), select features, split, standardise.

    Returns ``(data, train, test, scaler)``; ``settings`` are already coerced."""
    from landscape.models.catalog import load_data

    task = get_model(model).task
    features = (
        [f.strip() for f in settings["features"].split("+")] if settings["features"] else None
    )
    from_file = not isinstance(data, Dataset) and _is_file(data)
    if settings["target"] and not from_file:
        raise InputError("the target setting applies to CSV files only")
    if isinstance(data, Dataset):
        dataset = data
    elif from_file:
        dataset = load_data(data, task=task, features=features, target=settings["target"] or None)
    else:
        dataset = load_data(data, seed=settings["data_seed"])
    if task is not None and dataset.task != task:
        raise InputError(f"{model} needs {task} data; {dataset.name!r} is for {dataset.task}")
    if features and not from_file:
        dataset = dataset.select(features)
    train, test = train_test_split(dataset, settings["test_fraction"], settings["data_seed"])
    if settings["standardise"]:
        train, test, scaler = standardise(train, test)
    else:
        scaler = Scaler.identity(dataset.d)
    return dataset, train, test, scaler


def _is_file(spec) -> bool:
    text = str(spec)
    return text.lower().endswith(".csv") or "/" in text or "\\" in text


def build_model_objective(
    model: str, data, settings: dict | None = None, seed: int = 0
) -> tuple[Any, ModelContext]:
    """``(objective, context)`` for model ``model`` on ``data`` (built-in name, CSV path or a
    :class:`Dataset`); ``settings`` map names to values or strings; ``seed`` seeds the
    model's initialisation (the data split uses the ``data_seed`` setting)."""
    values = coerce_settings(model, settings or {})
    dataset, train, test, scaler = prepare_data(model, data, values)
    objective = build_model(model, train, values, seed)
    x0 = getattr(objective, "x0", np.zeros(objective.n))
    context = ModelContext(
        model,
        values,
        dataset,
        train,
        test,
        scaler,
        np.array(x0, dtype=float),
        view_domain(objective, x0),
        seed,
    )
    return objective, context


def view_domain(objective, x0: np.ndarray) -> Domain:
    """A domain for the view: [-1, 1]² on a plane, else a square around the optimum (or the
    base point) that also shows the start."""
    view = objective.view
    if view.kind != "slice":
        return Domain(-1.0, 1.0, -1.0, 1.0)
    theta = objective.theta_star
    centre = view.project(theta if theta is not None else view.base_point)
    start = view.project(np.asarray(x0, dtype=float))
    half = max(1.0, 1.25 * float(np.max(np.abs(start - centre))))
    return Domain(centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)


def run_extras(objective, context: ModelContext, trajectory) -> dict:
    """Results of a finished run: all trained parameters, the train/test metrics, and the views.

    Units: ``parameters`` are in the data's units wherever the model has them (the slope and
    intercept of the fitted line, the weights per feature; see :mod:`.units`), ``fit`` is the
    fitted line, plane or log-odds as an equation in those units, and
    ``parameters_standardised`` holds what the optimizer trained when the features were
    standardised. ``units`` names the units of every field: ``x``, ``trajectory`` and
    ``trajectory_view`` stay in the optimizer's coordinates (standardised features, or the
    data's). For the MLP the landscape view is moved to a filter-normalised plane through the
    final parameters (so a grid sampled afterwards shows the trained model) and the
    trajectory's PCA plane is reported with its explained variance. JSON-ready.
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
        **_parameters(objective, context, final),
        "metrics": {
            split: _json_metrics(objective.evaluate(final, _own_features(objective, data)))
            for split, data in (("train", context.train), ("test", context.test))
        },
        "view": objective.view.describe(),
        "trajectory_view": [[float(a), float(b)] for a, b in objective.view.project(xs)],
        "pca_explained_variance": [float(v) for v in np.asarray(pca.explained_variance)],
    }


def _own_features(objective, data: Dataset) -> Dataset:
    """``data`` with only the model's features (linreg's ``feature`` picks one of several)."""
    names = list(objective.data.feature_names)
    return data if list(data.feature_names) == names else data.select(names)


def _parameters(objective, context: ModelContext, final: np.ndarray) -> dict:
    """``parameters`` (data units where the model has them), ``parameters_standardised``,
    ``fit`` and ``units``."""
    trained = "standardised" if context.settings["standardise"] else "data"
    scaler = scaler_for(objective, context.train.feature_names, context.scaler)
    in_data = parameters_in_data_units(objective, final, scaler)
    out: dict = {"parameters": [float(v) for v in (final if in_data is None else in_data)]}
    if in_data is not None and trained == "standardised":
        out["parameters_standardised"] = [float(v) for v in final]
    fit = fit_in_data_units(objective, final, scaler)
    if fit is not None:
        out["fit"] = fit.to_json()
    out["units"] = {
        "parameters": "data" if in_data is not None else trained,
        "parameters_standardised": "standardised",
        "x": trained,
        "trajectory": trained,
        "trajectory_view": trained,
        "standardised": "features as (x − mean) / std of the training split",
    }
    if "parameters_standardised" not in out:
        del out["units"]["parameters_standardised"]
    return out


def fit_text(objective, context: ModelContext, trajectory) -> str | None:
    """The fitted line, plane or log-odds of a run in the data's units, as one line."""
    scaler = scaler_for(objective, context.train.feature_names, context.scaler)
    fit = fit_in_data_units(objective, np.asarray(trajectory.xs, dtype=float)[-1], scaler)
    return None if fit is None else f"{fit.equation()} (data units)"


def _json_metrics(metrics: dict) -> dict:
    """NaN -> None so strict JSON can carry it."""
    return {
        k: (v if not isinstance(v, float) or np.isfinite(v) else None) for k, v in metrics.items()
    }


def add_model_arguments(parser) -> None:
    """``--model``, ``--data``, ``--model-set`` and ``--standardise`` for ``landscape run``."""
    from landscape.models.registry import MODELS

    parser.add_argument(
        "--model",
        choices=list(MODELS),
        default=None,
        help="train a model instead of --function: " + ", ".join(MODELS),
    )
    parser.add_argument(
        "--data",
        metavar="NAME|FILE",
        default=None,
        help="with --model: a built-in data set (`landscape datasets`) or a numeric CSV file",
    )
    parser.add_argument(
        "--model-set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="with --model: a model or data setting, e.g. width=32, l2=0.01, "
        "test_fraction=0.2 (repeatable)",
    )
    add_standardise_argument(parser)


def add_standardise_argument(parser) -> None:
    """``--standardise/--no-standardise`` (also spelt ``--standardize/--no-standardize``)."""
    import argparse

    parser.add_argument(
        "--standardise",
        "--standardize",
        dest="standardise",
        default=None,
        action=argparse.BooleanOptionalAction,
        help="with --model: standardise the features with the training "
        "split's mean and deviation (default: yes; the setting standardise)",
    )


def settings_from_args(args) -> dict:
    """``--model-set`` items, with ``--standardise/--no-standardise`` when given (InputError
    when the flag and a ``--model-set standardise=...`` disagree)."""
    from landscape.models.registry import DATA_SETTINGS, canonical_settings

    settings = canonical_settings(parse_settings(args.model_set))
    flag = getattr(args, "standardise", None)
    if flag is None:
        return settings
    spec = next(s for s in DATA_SETTINGS if s.name == "standardise")
    if "standardise" in settings and spec.coerce(settings["standardise"]) != flag:
        raise InputError(
            f"--{'' if flag else 'no-'}standardise and --model-set "
            f"standardise={settings['standardise']} disagree"
        )
    return {**settings, "standardise": flag}
