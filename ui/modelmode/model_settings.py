"""The settings row of one model: λ, the view's coefficients, layers/width/activation, the plane.

One page per model (a stacked widget); ranges and tooltips come from the models registry.
``changed`` fires on any edit; :meth:`values` gives the registry settings of the shown model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

MLP_VIEW_ITEMS = (("pca", "PCA plane"), ("random", "random plane"))
PLANE_TIP = (
    "The 2-D plane through the weights that the picture shows: the PCA plane of the "
    "first run's trajectory (shows the path), or a filter-normalised random plane "
    "through its trained weights (shows the basin)"
)


def _setting(model: str, name: str):
    from landscape.models.registry import get_model

    return next(s for s in get_model(model).settings if s.name == name)


def _lambda_box(model: str) -> QDoubleSpinBox:
    spec = _setting(model, "l2")
    box = QDoubleSpinBox()
    box.setDecimals(5)
    box.setRange(spec.lower, spec.upper)
    box.setSingleStep(0.001)
    box.setValue(spec.default)
    box.setKeyboardTracking(False)
    box.setToolTip(f"λ: {spec.doc}")
    box.setMaximumWidth(74)
    return box


def _combo(items, tooltip: str) -> QComboBox:
    combo = QComboBox()
    for data, text in items:
        combo.addItem(text, data)
    combo.setToolTip(tooltip)
    return combo


def _row(parent: QWidget, *pairs) -> QHBoxLayout:
    row = QHBoxLayout(parent)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    for text, widget in pairs:
        if text:
            row.addWidget(QLabel(text))
        row.addWidget(widget)
    row.addStretch(1)
    return row


class ModelSettings(QStackedWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, QWidget] = {}
        for name, build in (
            ("linreg", self._linreg),
            ("multireg", self._multireg),
            ("logreg", self._logreg),
            ("mlp", self._mlp),
        ):
            page = QWidget()
            build(page)
            self.pages[name] = page
            self.addWidget(page)
        self.set_model("linreg")

    # -- pages ----------------------------------------------------------------------------
    def _linreg(self, page: QWidget) -> None:
        self.feature = _combo([], "The feature on the x axis (the data has several)")
        self.feature.currentIndexChanged.connect(self.changed)
        self.feature_label = QLabel("feature")
        row = _row(page, ("", self.feature_label), ("", self.feature))
        row.insertStretch(0, 0)

    def _multireg(self, page: QWidget) -> None:
        self.axis_u = _combo([], "The coefficient on the picture's horizontal axis")
        self.axis_v = _combo([], "The coefficient on the picture's vertical axis")
        for combo in (self.axis_u, self.axis_v):
            combo.currentIndexChanged.connect(self.changed)
        _row(page, ("view", self.axis_u), ("×", self.axis_v))

    def _logreg(self, page: QWidget) -> None:
        self.logreg_l2 = _lambda_box("logreg")
        self.intercept = _combo(
            [("auto", "auto"), ("true", "yes"), ("false", "no")],
            _setting("logreg", "intercept").doc,
        )
        self.logreg_l2.valueChanged.connect(self.changed)
        self.intercept.currentIndexChanged.connect(self.changed)
        _row(page, ("λ", self.logreg_l2), ("intercept", self.intercept))

    def _mlp(self, page: QWidget) -> None:
        self.layers, self.width = QSpinBox(), QSpinBox()
        for box, name in ((self.layers, "hidden_layers"), (self.width, "width")):
            spec = _setting("mlp", name)
            box.setRange(int(spec.lower), int(spec.upper))
            box.setValue(spec.default)
            box.setKeyboardTracking(False)
            box.setToolTip(spec.doc)
            box.setMaximumWidth(52)
            box.valueChanged.connect(self.changed)
        spec = _setting("mlp", "activation")
        self.activation = _combo([(c, c) for c in spec.choices], spec.doc)
        self.mlp_l2 = _lambda_box("mlp")
        self.plane = _combo(MLP_VIEW_ITEMS, PLANE_TIP)
        for widget in (self.activation, self.plane):
            widget.currentIndexChanged.connect(self.changed)
        self.mlp_l2.valueChanged.connect(self.changed)
        _row(
            page,
            ("layers", self.layers),
            ("width", self.width),
            ("", self.activation),
            ("λ", self.mlp_l2),
            ("", self.plane),
        )

    # -- API ------------------------------------------------------------------------------
    def set_model(self, name: str) -> None:
        """Show ``name``'s page; only the shown page takes room in the bar."""
        self.current = name
        for key, page in self.pages.items():
            policy = QSizePolicy.Policy.Preferred if key == name else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.setCurrentWidget(self.pages[name])
        self.updateGeometry()

    def set_features(self, features: list[str]) -> None:
        """Fill the feature and coefficient choices for the data's ``features``."""
        self.blockSignals(True)
        keep = self.feature.currentData()
        self.feature.clear()
        for f in features:
            self.feature.addItem(f, f)
        if keep in features:
            self.feature.setCurrentIndex(features.index(keep))
        several = len(features) > 1
        self.feature.setVisible(several)
        self.feature_label.setVisible(several)
        names = [f"w_{f}" for f in features] + ["b"]
        for combo, default in ((self.axis_u, 0), (self.axis_v, 1)):
            keep = combo.currentData()
            combo.clear()
            for n in names:
                combo.addItem(n, n)
            combo.setCurrentIndex(names.index(keep) if keep in names else default)
        self.blockSignals(False)

    def values(self) -> dict[str, Any]:
        """The registry settings of the shown model."""
        if self.current == "linreg":
            return {"feature": self.feature.currentData() or ""} if self.feature.count() > 1 else {}
        if self.current == "multireg":
            return {"view": f"{self.axis_u.currentData()}+{self.axis_v.currentData()}"}
        if self.current == "logreg":
            return {"l2": self.logreg_l2.value(), "intercept": self.intercept.currentData()}
        return {
            "hidden_layers": self.layers.value(),
            "width": self.width.value(),
            "activation": self.activation.currentData(),
            "l2": self.mlp_l2.value(),
        }

    def mlp_view(self) -> str:
        return self.plane.currentData()

    def set_values(self, name: str, settings: dict, mlp_view: str) -> None:
        """Show ``settings`` of model ``name`` (already validated) without emitting."""
        from landscape.models.registry import coerce_settings

        s = coerce_settings(name, settings)
        self.blockSignals(True)
        self.set_model(name)
        if name == "linreg":
            _select(self.feature, s["feature"])
        if name == "multireg" and s["view"]:
            parts = s["view"].split("+")
            _select(self.axis_u, parts[0])
            _select(self.axis_v, parts[-1])
        if name == "logreg":
            self.logreg_l2.setValue(s["l2"])
            _select(self.intercept, s["intercept"])
        if name == "mlp":
            self.layers.setValue(s["hidden_layers"])
            self.width.setValue(s["width"])
            _select(self.activation, s["activation"])
            self.mlp_l2.setValue(s["l2"])
        _select(self.plane, mlp_view)
        self.blockSignals(False)

    def blockSignals(self, block: bool) -> bool:  # noqa: N802 - Qt override
        """Also quiet the child widgets (their signals feed ``changed``)."""
        for w in (
            self.feature,
            self.axis_u,
            self.axis_v,
            self.logreg_l2,
            self.intercept,
            self.layers,
            self.width,
            self.activation,
            self.mlp_l2,
            self.plane,
        ):
            w.blockSignals(block)
        return super().blockSignals(block)


def _select(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    if index < 0 and isinstance(data, str):
        index = combo.findData(f"w_{data}")
    if index >= 0:
        combo.setCurrentIndex(index)
