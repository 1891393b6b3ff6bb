"""CSV import: good files load; each bad file raises InputError naming its row or column."""

import os

import numpy as np
import pytest

from landscape.errors import InputError
from landscape.models import csv_import
from landscape.models.csv_import import load_csv


def _write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _rows(n, fmt="{i},{y}", y=lambda i: 2 * i + 1):
    return "".join(fmt.format(i=i, y=y(i)) + "\n" for i in range(n))


def test_good_file_with_chosen_columns(tmp_path):
    path = _write(tmp_path, "id,a,b,y\n" + _rows(12, "r{i},{i},{y},{y}"))
    data = load_csv(path, features=["a", "b"], target="y")
    assert data.X.shape == (12, 2) and data.feature_names == ("a", "b")
    assert data.y[3] == 7 and data.task == "regression" and data.name == "data"


def test_default_target_is_last_column_and_classes_map_to_0_1(tmp_path):
    path = _write(tmp_path, "x,label\n" + _rows(12, y=lambda i: 5 if i % 3 else 9))
    data = load_csv(path, task="classification")
    assert data.classes == (5.0, 9.0)
    assert np.array_equal(data.y, [1.0 if i % 3 == 0 else 0.0 for i in range(12)])


@pytest.mark.parametrize(
    "text, message",
    [
        ("x,y\n" + _rows(5) + "6,\n" + _rows(6), r"missing value in row 6, column 'y'"),
        (
            "x,y\n" + _rows(3) + "abc,1\n" + _rows(8),
            r"non-numeric value 'abc' in row 4, column 'x'",
        ),
        ("x,y\n" + _rows(4), r"4 data rows; at least 10"),
        ("x,c,y\n" + _rows(12, "{i},7,{y}"), r"feature column 'c' is constant"),
        ("x,y\n" + _rows(12, y=lambda i: 3), r"target column 'y' is constant"),
        ("x,y\n" + _rows(3) + "1,2,3\n" + _rows(8), r"row 4 has 3 values"),
        ("x,x\n" + _rows(12), r"column 'x' appears twice"),
        ("1,2\n" + _rows(12), r"the first row must name the columns"),
        ("x,y\n" + _rows(3) + "inf,1\n" + _rows(8), r"non-finite value 'inf' in row 4"),
        ("", r"is empty"),
    ],
)
def test_bad_files_name_the_problem(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_csv(_write(tmp_path, text))


def test_non_binary_target_for_classification(tmp_path):
    path = _write(tmp_path, "x,y\n" + _rows(12, y=lambda i: i % 3))
    with pytest.raises(InputError, match=r"binary target.*'y' has 3 distinct values"):
        load_csv(path, task="classification")


def test_unknown_columns_and_roles(tmp_path):
    path = _write(tmp_path, "a,b,y\n" + _rows(12, "{i},{y},{i}"))
    with pytest.raises(InputError, match="no column 'z' for the target"):
        load_csv(path, target="z")
    with pytest.raises(InputError, match="no column 'q' among the features"):
        load_csv(path, features=["q"])
    with pytest.raises(InputError, match="both a feature and the target"):
        load_csv(path, features=["y"], target="y")


def test_missing_and_oversized_files(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="cannot read"):
        load_csv(tmp_path / "absent.csv")
    path = _write(tmp_path, "x,y\n" + _rows(50))
    monkeypatch.setattr(csv_import, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="the limit is"):
        load_csv(path)


def test_non_utf8_file(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(b"x,y\n\xff\xfe,1\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load_csv(path)


# -- values that would overflow later, spreads too small to standardise, odd files ---------------
def _column(values, other=lambda i: 2 * i + 1):
    return "x,y\n" + "".join(f"{v},{other(i)}\n" for i, v in enumerate(values))


@pytest.mark.parametrize(
    "text, message",
    [
        (
            _column([1e308 if i % 2 else -1e308 for i in range(12)]),
            r"value -1e\+308 in row 1, column 'x' is too large \(the limit is ±1e\+100\)",
        ),
        (
            _column([*range(5), "1.7e308", *range(6)]),
            r"value 1.7e308 in row 6, column 'x' is too large",
        ),
        (
            _column([*range(3), "1e999", *range(8)]),
            r"value 1e999 in row 4, column 'x' is too large",
        ),
        (
            _column(range(12), other=lambda i: -1e101 if i == 7 else i),
            r"value -1e\+101 in row 8, column 'y' is too large",
        ),
        (_column(["9" * 400] + list(range(11))), r"value 9{40} in row 1, column 'x' is too large"),
        (
            _column([i * 1e-200 for i in range(12)]),
            r"feature column 'x' varies too little to be used \(its standard deviation is 0",
        ),
        (
            _column(range(12), other=lambda i: i * 1e-150),
            r"target column 'y' varies too little to be used "
            r"\(its standard deviation is 3.45e-150, "
            r"below 1e-100\); rescale the column",
        ),
        (_column(["nan"] * 12), r"missing value in row 1, column 'x'"),
        (_column(["Infinity"] * 12), r"non-finite value 'Infinity' in row 1, column 'x'"),
        (_column(["-nan"] * 12), r"non-finite value '-nan' in row 1, column 'x'"),
        ("x,y\n1,2\n", r"data.csv has 1 data row; at least 10"),
        ("x,y\n", r"data.csv has 0 data rows; at least 10"),
        (
            "x;y\n" + _rows(12, "{i};{y}"),
            r"needs a header row with at least two columns; the "
            r"columns seem separated by ';': separate them by commas",
        ),
        ("x\ty\n" + _rows(12, "{i}\t{y}"), r"seem separated by '\\t'"),
        ("x,y\n" + "1" * 200_000 + ",2\n" + _rows(12), r"is not valid CSV: field larger"),
    ],
)
def test_pathological_files_name_the_problem(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_csv(_write(tmp_path, text))


def test_values_at_the_limit_load_and_train_without_trouble(tmp_path, capsys):
    from landscape_cli import main

    path = _write(
        tmp_path,
        _column([(-1) ** i * 1e100 * (i + 1) / 12 for i in range(12)], other=lambda i: 3 * i),
    )
    data = load_csv(path)
    assert np.max(np.abs(data.X)) == 1e100
    assert (
        main(
            [
                "run",
                "--model",
                "linreg",
                "--data",
                str(path),
                "--optimizers",
                "gd,newton",
                "--steps",
                "20",
            ]
        )
        == 0
    )
    assert "gd" in capsys.readouterr().out


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_ending_reads_the_same(tmp_path, ending):
    text = ("x,y\n" + _rows(12)).replace("\n", ending)
    path = tmp_path / "e.csv"
    path.write_bytes(text.encode())
    data = load_csv(path)
    assert data.X[:, 0].tolist() == list(range(12)) and data.y[5] == 11


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("x,y\n" + _rows(12)).encode())
    assert load_csv(path).feature_names == ("x",)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: os.mkfifo(p), "it is a named pipe (FIFO), not a regular file"),
        (lambda p: p.mkdir(), "it is a folder, not a regular file"),
    ],
)
def test_a_pipe_or_a_folder_is_refused_without_waiting(tmp_path, make, message):
    path = tmp_path / "data.csv"
    make(path)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_csv(path)
