"""What the data view draws, as arrays (Qt-free): points in the data's units and the model's
line, curve or boundary at given parameters ``θ (n,)``.

The model reads standardised features; :class:`ModelOnData` maps the data's own units through
the same scaler, so drawings are in the units of the file.
"""

from __future__ import annotations

import numpy as np

from landscape.models.view_objective import ViewObjective

JITTER = 0.06


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def _padded(values: np.ndarray, share: float) -> tuple[float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = share * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


class ModelOnData:
    """``kind``: "line" (regression, one feature), "pred" (regression, several: predicted vs
    actual), "boundary" (classification, two features), "curve" (classification, one feature)
    or "proba" (classification, more: probability vs class)."""

    def __init__(self, objective: ViewObjective) -> None:
        self.model, ctx = objective.model, objective.context
        self.config = objective.config
        names = list(self.model.data.feature_names)
        cols = [list(ctx.train.feature_names).index(f) for f in names]
        self.mean, self.scale = ctx.scaler.mean[cols], ctx.scaler.scale[cols]
        self.train_X, self.test_X = ctx.train.X[:, cols], ctx.test.X[:, cols]  # standardised
        self.train_y, self.test_y = ctx.train.y, ctx.test.y
        self.names, self.target = names, ctx.data.target_name
        self.classification = ctx.data.task == "classification"
        d = len(names)
        if self.classification:
            self.kind = {1: "curve", 2: "boundary"}.get(d, "proba")
        else:
            self.kind = "line" if d == 1 else "pred"
        self.dynamic_points = self.kind in ("pred", "proba")
        rng = np.random.default_rng(0)
        self._jitter = (
            rng.uniform(-JITTER, JITTER, self.train_y.size),
            rng.uniform(-JITTER, JITTER, self.test_y.size),
        )
        self._labels()

    def _labels(self) -> None:
        k, n, t = self.kind, self.names, self.target
        optimum = self.model.theta_star is not None
        if k == "line":
            labels = (
                n[0],
                t,
                "the fitted line" + (" (dashed: the least-squares fit)" if optimum else ""),
            )
        elif k == "pred":
            labels = (
                f"actual {t}",
                f"predicted {t}",
                "test rows: predicted vs actual (dashed diagonal: perfect)",
            )
        elif k == "boundary":
            labels = (
                n[0],
                n[1],
                "the decision boundary P(class 1) = 0.5"
                + (" (dashed: at the optimum)" if optimum else ""),
            )
        elif k == "curve":
            labels = (n[0], f"{t} (class)", "P(class 1) along the feature")
        else:
            labels = (
                "predicted P(class 1)",
                f"{t} (true class)",
                "test rows by predicted probability",
            )
        self.x_label, self.y_label, self.description = labels

    # -- units ----------------------------------------------------------------------------
    def to_data(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) * self.scale + self.mean

    def to_model(self, X: np.ndarray) -> np.ndarray:
        return (np.asarray(X, dtype=float) - self.mean) / self.scale

    def predict(self, theta: np.ndarray, X_model: np.ndarray) -> np.ndarray:
        return np.asarray(self.model.predict(theta, X_model), dtype=float)

    def probability(self, theta: np.ndarray, X_model: np.ndarray) -> np.ndarray:
        if hasattr(self.model, "predict_proba"):
            return self.model.predict_proba(theta, X_model)
        return _sigmoid(self.model.predict_output(theta, X_model))

    # -- static drawing -------------------------------------------------------------------
    def _xy(self, X, y, jitter) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        if self.dynamic_points:
            return np.empty(0), np.empty(0), None
        Xd = self.to_data(X)
        if self.kind == "line":
            return Xd[:, 0], y, None
        if self.kind == "boundary":
            return Xd[:, 0], Xd[:, 1], y
        return Xd[:, 0], y + jitter, y

    def train_xy(self):
        """Training points (x, y, classes or None) in the data's units."""
        return self._xy(self.train_X, self.train_y, self._jitter[0])

    def test_xy(self):
        return self._xy(self.test_X, self.test_y, self._jitter[1])

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        X = self.to_data(np.vstack([self.train_X, self.test_X]))
        y = np.concatenate([self.train_y, self.test_y])
        if self.kind == "line":
            return _padded(X[:, 0], 0.05), _padded(y, 0.1)
        if self.kind == "pred":
            return _padded(y, 0.08), _padded(y, 0.08)
        if self.kind == "boundary":
            return _padded(X[:, 0], 0.06), _padded(X[:, 1], 0.06)
        if self.kind == "curve":
            return _padded(X[:, 0], 0.05), (-0.15, 1.15)
        return (-0.05, 1.05), (-0.15, 1.15)

    def reference_curve(self):
        """The dashed reference: the least-squares line, the optimum's boundary, the
        diagonal of a perfect prediction; None when there is none."""
        if self.kind == "pred":
            lo, hi = self.view_range()[0]
            return np.array([lo, hi]), np.array([lo, hi])
        theta = self.model.theta_star
        if theta is None or self.kind not in ("line", "boundary"):
            return None
        return self.model_curve(np.asarray(theta, dtype=float))

    # -- the model at θ ---------------------------------------------------------------------
    def model_curve(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        (x0, x1), _ = self.view_range()
        if self.kind in ("line", "curve"):
            x = np.linspace(x0, x1, 200)
            Xm = self.to_model(x[:, None])
            y = self.predict(theta, Xm) if self.kind == "line" else self.probability(theta, Xm)
            return x, y
        if self.kind == "boundary":
            return self.boundary(theta)
        if self.kind == "proba":
            return np.array([0.5, 0.5]), np.array([-0.15, 1.15])
        return np.empty(0), np.empty(0)

    def line_coefficients(self, theta: np.ndarray) -> tuple[float, float]:
        """(slope, intercept) of a one-feature linear model in the data's units."""
        at = self.predict(theta, self.to_model(np.array([[0.0], [1.0]])))
        return float(at[1] - at[0]), float(at[0])

    def points_at(self, theta: np.ndarray):
        """Test points that move with θ: (x, y, classes or None)."""
        if self.kind == "pred":
            return self.test_y, self.predict(theta, self.test_X), None
        p = self.probability(theta, self.test_X)
        return p, self.test_y + self._jitter[1], self.test_y

    def boundary(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where P(class 1) = 0.5, in the data's units (NaN between pieces)."""
        (x0, x1), (y0, y1) = self.view_range()
        if hasattr(self.model, "decision_boundary"):
            lo, hi = self.to_model(np.array([[x0, y0], [x1, y1]]))
            ends = self.model.decision_boundary(theta, ((lo[0], hi[0]), (lo[1], hi[1])))
            if ends is None:
                return np.empty(0), np.empty(0)
            ends = self.to_data(ends)
            return ends[:, 0], ends[:, 1]
        from landscape.contours import contour_lines
        from landscape.grid import Grid

        xs, ys, P = self.probability_grid(theta, 80)
        lines = contour_lines(Grid(xs, ys, P), [0.5])
        return (lines[0].x, lines[0].y) if lines else (np.empty(0), np.empty(0))

    def probability_grid(self, theta: np.ndarray, n: int):
        """``xs (n,)``, ``ys (n,)`` and P(class 1) ``(n, n)`` (``[i, j]`` at xs[i], ys[j])."""
        (x0, x1), (y0, y1) = self.view_range()
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        X, Y = np.meshgrid(xs, ys, indexing="ij")
        P = self.probability(theta, self.to_model(np.column_stack([X.ravel(), Y.ravel()])))
        return xs, ys, np.asarray(P, dtype=float).reshape(n, n)
