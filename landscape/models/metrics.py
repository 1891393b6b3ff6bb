"""Metrics of predictions against targets. Inputs are arrays ``(m,)``.

Zero divisions (documented choices, as in scikit-learn's ``zero_division=0``):

* precision = TP / (TP + FP) is 0.0 when nothing is predicted positive;
* recall = TP / (TP + FN) is 0.0 when there is no positive example;
* F1 = 2·P·R / (P + R) is 0.0 when P + R = 0;
* R² = 1 - SS_res / SS_tot with a constant target (SS_tot = 0) is 1.0 for a perfect fit and
  0.0 otherwise;
* every metric of an empty input is NaN.

The confusion matrix is ``[[TN, FP], [FN, TP]]``: rows are the true class (0, 1), columns the
predicted class.
"""

from __future__ import annotations

import math

import numpy as np

#: metric name -> (task, higher is better)
METRICS = {
    "mse": ("regression", False),
    "rmse": ("regression", False),
    "r2": ("regression", True),
    "accuracy": ("classification", True),
    "precision": ("classification", True),
    "recall": ("classification", True),
    "f1": ("classification", True),
}


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(y_true, dtype=float).reshape(-1)
    p = np.asarray(y_pred, dtype=float).reshape(-1)
    if t.shape != p.shape:
        raise ValueError(f"targets {t.shape} and predictions {p.shape} differ in length")
    return t, p


def mse(y_true, y_pred) -> float:
    """Mean squared error."""
    t, p = _pair(y_true, y_pred)
    return float(np.mean((p - t) ** 2)) if t.size else math.nan


def rmse(y_true, y_pred) -> float:
    """Root mean squared error."""
    return math.sqrt(mse(y_true, y_pred))


def r2(y_true, y_pred) -> float:
    """Coefficient of determination (see the module docstring for a constant target)."""
    t, p = _pair(y_true, y_pred)
    if not t.size:
        return math.nan
    ss_res = float(np.sum((t - p) ** 2))
    ss_tot = float(np.sum((t - t.mean()) ** 2))
    if ss_tot == 0.0:
        return 1.0 if ss_res == 0.0 else 0.0
    return 1.0 - ss_res / ss_tot


def confusion_matrix(y_true, y_pred) -> np.ndarray:
    """``[[TN, FP], [FN, TP]]`` as integers ``(2, 2)`` for labels 0/1 (values ≥ 0.5 are 1)."""
    t, p = _pair(y_true, y_pred)
    t, p = t >= 0.5, p >= 0.5
    return np.array([[np.sum(~t & ~p), np.sum(~t & p)], [np.sum(t & ~p), np.sum(t & p)]], dtype=int)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def classification_metrics(y_true, y_pred) -> dict:
    """Accuracy, precision, recall, F1 (floats) and ``confusion`` (nested lists)."""
    t, _p = _pair(y_true, y_pred)
    cm = confusion_matrix(y_true, y_pred)
    (tn, fp), (fn, tp) = cm.tolist()
    if not t.size:
        nan = math.nan
        return {
            "accuracy": nan,
            "precision": nan,
            "recall": nan,
            "f1": nan,
            "confusion": cm.tolist(),
        }
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": (tp + tn) / t.size,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "confusion": cm.tolist(),
    }


def regression_metrics(y_true, y_pred) -> dict:
    """MSE, RMSE and R²."""
    value = mse(y_true, y_pred)
    return {"mse": value, "rmse": math.sqrt(value), "r2": r2(y_true, y_pred)}
