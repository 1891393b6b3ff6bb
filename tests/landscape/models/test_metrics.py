"""Metrics against hand-computed values."""

import math

import numpy as np
import pytest

from landscape.models.metrics import (
    classification_metrics,
    confusion_matrix,
    mse,
    r2,
    regression_metrics,
    rmse,
)


def test_confusion_matrix_by_hand():
    y = [1, 1, 1, 0, 0, 0, 0, 1]
    p = [1, 0, 1, 0, 1, 0, 0, 1]
    # TP = 3 (idx 0, 2, 7), FN = 1 (idx 1), FP = 1 (idx 4), TN = 3
    assert confusion_matrix(y, p).tolist() == [[3, 1], [1, 3]]
    m = classification_metrics(y, p)
    assert m["accuracy"] == pytest.approx(6 / 8)
    assert m["precision"] == pytest.approx(3 / 4) and m["recall"] == pytest.approx(3 / 4)
    assert m["f1"] == pytest.approx(3 / 4)


def test_unbalanced_case_by_hand():
    y = [0, 0, 0, 0, 1, 1]
    p = [0, 1, 1, 0, 1, 0]
    assert confusion_matrix(y, p).tolist() == [[2, 2], [1, 1]]
    m = classification_metrics(y, p)
    assert m["precision"] == pytest.approx(1 / 3) and m["recall"] == pytest.approx(1 / 2)
    assert m["f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_zero_divisions_give_zero():
    m = classification_metrics([0, 0, 1], [0, 0, 0])  # nothing predicted positive
    assert m["precision"] == 0.0 and m["recall"] == 0.0 and m["f1"] == 0.0
    m = classification_metrics([0, 0], [0, 0])  # no positives at all
    assert m["accuracy"] == 1.0 and m["recall"] == 0.0
    assert math.isnan(classification_metrics([], [])["accuracy"])


def test_regression_metrics_by_hand():
    y, p = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0, 4.0, 2.0])
    assert mse(y, p) == pytest.approx(5 / 4) and rmse(y, p) == pytest.approx(math.sqrt(5 / 4))
    assert r2(y, p) == pytest.approx(1 - 5 / 5)
    assert regression_metrics(y, y)["r2"] == 1.0
    assert r2([2, 2], [2, 2]) == 1.0 and r2([2, 2], [1, 2]) == 0.0
