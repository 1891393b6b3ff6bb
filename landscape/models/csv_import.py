"""Reading a numeric CSV file into a :class:`~landscape.models.data.Dataset`, or a clear error.

A CSV file is untrusted input. :func:`load_csv` reads it through :mod:`landscape.safe_read` (a
regular file only, never a pipe or a device; at most :data:`MAX_FILE_BYTES`; UTF-8, a byte-order
mark allowed), needs a header row, and checks every selected cell: a number, finite, of
magnitude at most :data:`MAX_ABS_VALUE` (so that squares and sums of squares, as in a mean
squared error or a standard deviation, stay finite in float64: ±1e308 would overflow them and
break least squares later). Each feature and a regression target must vary, measurably.
Anything wrong raises :class:`InputError` naming the row and column, and nothing is returned.
Rows are counted from 1 after the header, so "row 3" is line 4 of the file. Only the chosen
columns are checked: other columns (an id, a label) may hold text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from landscape import safe_read
from landscape.errors import InputError
from landscape.models.data import TASKS, Dataset

MAX_FILE_BYTES = 5_000_000
#: the largest magnitude of a cell: its square (1e200) summed over every row stays far from
#: float64's 1.8e308
MAX_ABS_VALUE = 1e100
#: a column whose standard deviation is below this varies too little to be standardised
MIN_SPREAD = 1e-100
MAX_COLUMNS = 200
MIN_ROWS = 10
#: cells read as "missing"
MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "?", "-"})


def load_csv(
    path,
    features: Sequence[str] | None = None,
    target: str | None = None,
    task: str = "regression",
    name: str | None = None,
) -> Dataset:
    """Read ``path`` and return its ``features`` (default: every column but the target) and
    ``target`` (default: the last column) as a data set for ``task``.

    For classification the target must hold exactly two distinct values; the smaller maps to
    0 and the larger to 1 (``Dataset.classes`` keeps the originals).
    """
    if task not in TASKS:
        raise InputError(f"task must be 'regression' or 'classification', got {task!r}")
    path = Path(path)
    header, rows = _read_rows(path)
    target = target if target is not None else header[-1]
    feature_list = _choose_features(header, features, target)
    columns = [_column(header, rows, c) for c in (*feature_list, target)]
    if len(rows) < MIN_ROWS:
        raise InputError(
            f"{path.name} has {len(rows)} data row{'s' if len(rows) != 1 else ''}; "
            f"at least {MIN_ROWS} are needed"
        )
    X = np.column_stack(columns[:-1])
    y = columns[-1]
    for j, col in enumerate(feature_list):
        _check_not_constant(X[:, j], col, "feature")
    y, classes = _check_target(y, target, task)
    return Dataset(
        name or path.stem, X, y, tuple(feature_list), target, task, f"from {path.name}", classes
    )


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (stripped names) and the data rows as lists of strings."""
    text = safe_read.read_text(path, limit=MAX_FILE_BYTES, what="a CSV file")
    try:
        lines = io.StringIO(text, newline="")  # \n, \r\n and a lone \r all end a line
        records = [r for r in csv.reader(lines) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise InputError(f"{path.name} is not valid CSV: {exc}") from None
    if not records:
        raise InputError(f"{path.name} is empty")
    header = [h.strip() for h in records[0]]
    _check_header(header, path.name)
    for i, row in enumerate(records[1:], start=1):
        if len(row) != len(header):
            raise InputError(
                f"row {i} has {len(row)} values but the header has {len(header)} columns"
            )
    return header, records[1:]


def _check_header(header: list[str], filename: str) -> None:
    if len(header) < 2:
        other = next((sep for sep in (";", "\t", "|") if sep in header[0]), None)
        raise InputError(
            f"{filename} needs a header row with at least two columns",
            hint=f"the columns seem separated by {other!r}: separate them by commas"
            if other
            else None,
        )
    if len(header) > MAX_COLUMNS:
        raise InputError(f"{filename} has {len(header)} columns; the limit is {MAX_COLUMNS}")
    for j, h in enumerate(header, start=1):
        if not h:
            raise InputError(f"column {j} has no name in the header row")
        try:
            float(h)
        except ValueError:
            pass
        else:
            raise InputError(f"the first row must name the columns, but column {j} is {h!r}")
    seen = set()
    for h in header:
        if h in seen:
            raise InputError(f"column {h!r} appears twice in the header")
        seen.add(h)


def _choose_features(header: list[str], features: Sequence[str] | None, target: str) -> list[str]:
    names = ", ".join(header)
    if target not in header:
        raise InputError(f"no column {target!r} for the target", hint=f"columns: {names}")
    if features is None:
        return [h for h in header if h != target]
    features = list(features)
    if not features:
        raise InputError("choose at least one feature column")
    for f in features:
        if f not in header:
            raise InputError(f"no column {f!r} among the features", hint=f"columns: {names}")
        if f == target:
            raise InputError(f"column {f!r} cannot be both a feature and the target")
    if len(set(features)) != len(features):
        raise InputError("a feature column is listed twice")
    return features


def _column(header: list[str], rows: list[list[str]], name: str) -> np.ndarray:
    """The column ``name`` as floats ``(m,)``; the first bad cell raises."""
    j = header.index(name)
    out = np.empty(len(rows))
    for i, row in enumerate(rows, start=1):
        cell = row[j].strip()
        if cell.lower() in MISSING:
            raise InputError(f"missing value in row {i}, column {name!r}")
        try:
            value = float(cell)
        except ValueError:
            raise InputError(
                f"non-numeric value {cell[:40]!r} in row {i}, column {name!r}",
                hint="only numeric columns can be features or the target",
            ) from None
        if math.isnan(value) or (math.isinf(value) and "inf" in cell.lower()):
            raise InputError(f"non-finite value {cell[:40]!r} in row {i}, column {name!r}")
        if not abs(value) <= MAX_ABS_VALUE:
            raise InputError(
                f"value {cell[:40]} in row {i}, column {name!r} is too large "
                f"(the limit is ±{MAX_ABS_VALUE:g})",
                hint="rescale the column, e.g. express it in larger units",
            )
        out[i - 1] = value
    return out


def _check_not_constant(values: np.ndarray, name: str, role: str) -> None:
    if np.all(values == values[0]):
        raise InputError(
            f"{role} column {name!r} is constant (every value is {values[0]:g}); "
            f"it carries no information"
        )
    spread = float(np.std(values))
    if not spread >= MIN_SPREAD:
        raise InputError(
            f"{role} column {name!r} varies too little to be used (its standard "
            f"deviation is {spread:.3g}, below {MIN_SPREAD:g})",
            hint="rescale the column, e.g. express it in smaller units",
        )


def _check_target(y: np.ndarray, name: str, task: str) -> tuple[np.ndarray, tuple[float, float]]:
    if task == "regression":
        _check_not_constant(y, name, "target")
        return y, (0.0, 1.0)
    values = np.unique(y)
    if values.size != 2:
        shown = ", ".join(f"{v:g}" for v in values[:5]) + (", ..." if values.size > 5 else "")
        raise InputError(
            f"classification needs a binary target, but column {name!r} has "
            f"{values.size} distinct value{'s' if values.size != 1 else ''} "
            f"({shown})"
        )
    return (y == values[1]).astype(float), (float(values[0]), float(values[1]))
