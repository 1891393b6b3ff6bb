"""Generators, split, standardisation and the built-in catalogue."""

import numpy as np
import pytest

from landscape.errors import InputError
from landscape.models.catalog import list_datasets, load_builtin, load_data
from landscape.models.data import (
    GENERATORS,
    Dataset,
    Scaler,
    make_linear,
    standardise,
    train_test_split,
)


@pytest.mark.parametrize("name", list(GENERATORS))
def test_generators_are_seeded_and_well_formed(name):
    a, b, c = GENERATORS[name](seed=1), GENERATORS[name](seed=1), GENERATORS[name](seed=2)
    assert a.X.shape == (a.m, a.d) and a.y.shape == (a.m,)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    if a.task == "classification":
        assert set(np.unique(a.y)) == {0.0, 1.0}


def test_linear_generator_recovers_its_line():
    data = make_linear(2000, slope=2.0, intercept=1.0, noise=0.1, seed=0)
    slope, intercept = np.polyfit(data.X[:, 0], data.y, 1)
    assert slope == pytest.approx(2.0, abs=0.02) and intercept == pytest.approx(1.0, abs=0.02)


def test_split_is_seeded_disjoint_and_complete():
    data = make_linear(100, seed=0)
    train, test = train_test_split(data, 0.25, seed=3)
    train2, test2 = train_test_split(data, 0.25, seed=3)
    assert (train.m, test.m) == (75, 25)
    assert np.array_equal(train.X, train2.X) and np.array_equal(test.y, test2.y)
    both = np.sort(np.concatenate([train.X[:, 0], test.X[:, 0]]))
    assert np.array_equal(both, np.sort(data.X[:, 0]))
    with pytest.raises(InputError):
        train_test_split(data, 0.95)


def test_standardise_uses_train_statistics_only():
    data = Dataset(
        "t", np.arange(20.0).reshape(10, 2), np.arange(10.0), ("a", "b"), "y", "regression"
    )
    train, test = data.take(np.arange(6)), data.take(np.arange(6, 10))
    train_s, test_s, scaler = standardise(train, test)
    assert np.allclose(train_s.X.mean(axis=0), 0) and np.allclose(train_s.X.std(axis=0), 1)
    assert np.allclose(scaler.mean, train.X.mean(axis=0))
    assert np.allclose(test_s.X, (test.X - train.X.mean(axis=0)) / train.X.std(axis=0))
    assert np.allclose(Scaler.fit(np.ones((3, 1))).scale, 1.0)  # constant column: scale 1


def test_catalogue_lists_generators_and_csvs():
    infos = {i.name: i for i in list_datasets()}
    assert {"linear", "blobs", "moons", "circles", "multilinear", "houses", "exams"} <= set(infos)
    assert infos["houses"].task == "regression" and infos["houses"].source == "csv"
    assert infos["exams"].task == "classification" and infos["exams"].rows >= 100
    assert load_builtin("exams").d == 2


def test_load_data_errors_and_task_detection(tmp_path):
    with pytest.raises(InputError, match="no built-in data set"):
        load_data("nope")
    with pytest.raises(InputError, match="for classification"):
        load_data("moons", task="regression")
    path = tmp_path / "b.csv"
    path.write_text("a,y\n" + "".join(f"{i},{i % 2}\n" for i in range(12)))
    assert load_data(str(path)).task == "classification"
