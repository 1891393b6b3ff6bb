"""The built-in data sets (seeded generators and the sample CSVs in ``resources/datasets``),
and :func:`load_data` for a built-in name or a CSV file path."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

from landscape.errors import InputError
from landscape.models.csv_import import load_csv
from landscape.models.data import GENERATORS, Dataset

#: sample CSV name -> (file, task, target, description)
CSV_DATASETS = {
    "houses": (
        "houses.csv",
        "regression",
        "price_k",
        "house prices (k) from area, rooms, age and distance to the centre",
    ),
    "exams": (
        "exams.csv",
        "classification",
        "passed",
        "pass (1) or fail (0) from hours studied and hours slept",
    ),
}


@dataclass(frozen=True)
class DatasetInfo:
    """One line of the catalogue."""

    name: str
    task: str
    rows: int
    features: tuple[str, ...]
    description: str
    source: str  # "generated" or "csv"

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "task": self.task,
            "rows": self.rows,
            "features": list(self.features),
            "description": self.description,
            "source": self.source,
        }


def _resource_path(filename: str):
    return importlib.resources.files("resources") / "datasets" / filename


def _builtin_csv(name: str) -> Dataset:
    filename, task, target, description = CSV_DATASETS[name]
    with importlib.resources.as_file(_resource_path(filename)) as path:
        data = load_csv(path, target=target, task=task, name=name)
    return Dataset(
        data.name,
        data.X,
        data.y,
        data.feature_names,
        data.target_name,
        data.task,
        description,
        data.classes,
    )


def builtin_names() -> list[str]:
    return [*GENERATORS, *CSV_DATASETS]


def load_builtin(name: str, seed: int = 0) -> Dataset:
    """A built-in data set by name (generators use ``seed``; CSVs are fixed)."""
    if name in GENERATORS:
        return GENERATORS[name](seed=seed)
    if name in CSV_DATASETS:
        return _builtin_csv(name)
    raise InputError(
        f"no built-in data set {name!r}", hint="built-ins: " + ", ".join(builtin_names())
    )


def list_datasets() -> list[DatasetInfo]:
    """Every built-in data set with its task, size, features and description."""
    out = []
    for name in builtin_names():
        data = load_builtin(name)
        source = "generated" if name in GENERATORS else "csv"
        out.append(
            DatasetInfo(name, data.task, data.m, data.feature_names, data.description, source)
        )
    return out


def load_data(
    spec: str, *, task: str | None = None, seed: int = 0, features=None, target: str | None = None
) -> Dataset:
    """A built-in name, or a path to a CSV file (anything with a path separator or ending in
    ``.csv``). For a file, ``task`` defaults to classification when the target holds exactly
    the values 0 and 1, and to regression otherwise."""
    spec = str(spec)
    looks_like_file = spec.lower().endswith(".csv") or "/" in spec or "\\" in spec
    if not looks_like_file:
        data = load_builtin(spec, seed)
        if task is not None and data.task != task:
            raise InputError(f"data set {spec!r} is for {data.task}, not {task}")
        return data
    if task is None:
        data = load_csv(Path(spec), features, target, "regression")
        binary = set(data.y.tolist()) == {0.0, 1.0}
        return load_csv(Path(spec), features, target, "classification") if binary else data
    return load_csv(Path(spec), features, target, task)
