"""Parameters in the data's units: what a fitted linear or logistic model says about the raw
features, whatever coordinates the optimizer trained in.

With standardised features ``z_j = (x_j - m_j) / s_j`` (mean ``m``, standard deviation ``s``
of the training split; see :class:`~landscape.models.data.Scaler`) a model computes

    Σ_j w_j z_j + b  =  Σ_j (w_j / s_j) x_j + (b - Σ_j w_j m_j / s_j),

so its weights in data units are ``w_j / s_j`` and its intercept ``b - Σ_j w_j m_j / s_j``
(the target is never standardised). For linear regression that is the fitted line or plane
``y = Σ_j a_j x_j + c``; for logistic regression the log-odds, whose zero set is the decision
boundary. A logistic model trained without an intercept on standardised features still has
one in data units (the boundary passes through the features' mean, not through 0).
The MLP has no such form: :func:`fit_in_data_units` returns None for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landscape.models.data import Scaler


@dataclass(frozen=True)
class DataUnitsFit:
    """``target ≈ weights · x + intercept`` (``kind`` "prediction") or ``log-odds(target = 1)
    = weights · x + intercept`` (``kind`` "log-odds"), ``weights (d,)`` per raw feature."""

    kind: str
    feature_names: tuple[str, ...]
    target_name: str
    weights: np.ndarray
    intercept: float

    def equation(self, digits: int = 4) -> str:
        """``"y = 1.7·x − 0.39"``; for log-odds the boundary ``"… = 0"`` too."""
        terms = [
            f"{w:.{digits}g}·{name}"
            for w, name in zip(self.weights, self.feature_names, strict=True)
        ]
        if self.intercept != 0.0 or not terms:
            terms.append(f"{self.intercept:.{digits}g}")
        text = " + ".join(terms).replace("+ -", "− ")
        if self.kind == "prediction":
            return f"{self.target_name} = {text}"
        return f"log-odds({self.target_name} = 1) = {text}; decision boundary: {text} = 0"

    def to_json(self) -> dict:
        """Plain floats and names (strict-JSON ready)."""
        return {
            "kind": self.kind,
            "target": self.target_name,
            "weights": {n: float(w) for n, w in zip(self.feature_names, self.weights, strict=True)},
            "intercept": float(self.intercept),
            "equation": self.equation(),
        }


def scaler_for(objective, train_feature_names, scaler: Scaler) -> Scaler:
    """The part of ``scaler`` (fitted on every training feature) for the model's features."""
    cols = [list(train_feature_names).index(f) for f in objective.data.feature_names]
    return Scaler(np.asarray(scaler.mean)[cols], np.asarray(scaler.scale)[cols])


def fit_in_data_units(objective, theta: np.ndarray, scaler: Scaler) -> DataUnitsFit | None:
    """The affine function of ``objective`` at parameters ``theta (n,)`` in the raw features'
    units, ``scaler`` being the model's (:func:`scaler_for`); None for models without one."""
    weights_and_b = _weights_and_intercept(objective, np.asarray(theta, dtype=float))
    if weights_and_b is None:
        return None
    w, b = weights_and_b
    mean, scale = np.asarray(scaler.mean, dtype=float), np.asarray(scaler.scale, dtype=float)
    kind = "log-odds" if objective.task == "classification" else "prediction"
    return DataUnitsFit(
        kind,
        tuple(objective.data.feature_names),
        objective.data.target_name,
        w / scale,
        float(b - np.sum(w * mean / scale)),
    )


def parameters_in_data_units(objective, theta: np.ndarray, scaler: Scaler) -> np.ndarray | None:
    """``theta (n,)`` named as the model names it (``slope, intercept``; ``w_…, b``;
    ``w1, w2[, b]``), in data units; None for models without an affine form."""
    fit = fit_in_data_units(objective, theta, scaler)
    if fit is None:
        return None
    if getattr(objective, "intercept", True):
        return np.append(fit.weights, fit.intercept)
    return fit.weights.copy()


def _weights_and_intercept(objective, theta: np.ndarray) -> tuple[np.ndarray, float] | None:
    """``(w (d,), b)`` of a linear or logistic model (b = 0 when none is fitted)."""
    from landscape.models.linear import LinearModel
    from landscape.models.logistic import LogisticRegression

    if isinstance(objective, LinearModel):
        return theta[:-1], float(theta[-1])
    if isinstance(objective, LogisticRegression):
        if objective.intercept:
            return theta[:-1], float(theta[-1])
        return theta, 0.0
    return None
