"""CSV import: good files load; each bad file raises InputError naming its row or column."""

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


@pytest.mark.parametrize("text, message", [
    ("x,y\n" + _rows(5) + "6,\n" + _rows(6), r"missing value in row 6, column 'y'"),
    ("x,y\n" + _rows(3) + "abc,1\n" + _rows(8), r"non-numeric value 'abc' in row 4, column 'x'"),
    ("x,y\n" + _rows(4), r"4 data rows; at least 10"),
    ("x,c,y\n" + _rows(12, "{i},7,{y}"), r"feature column 'c' is constant"),
    ("x,y\n" + _rows(12, y=lambda i: 3), r"target column 'y' is constant"),
    ("x,y\n" + _rows(3) + "1,2,3\n" + _rows(8), r"row 4 has 3 values"),
    ("x,x\n" + _rows(12), r"column 'x' appears twice"),
    ("1,2\n" + _rows(12), r"the first row must name the columns"),
    ("x,y\n" + _rows(3) + "inf,1\n" + _rows(8), r"non-finite value 'inf' in row 4"),
    ("", r"is empty"),
])
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
