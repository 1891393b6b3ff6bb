"""The inspector typesets f, ∇f and ∇²f (names as people write them: ∂²f/∂x²), puts the values
at the selected run's current point beside them and follows the frame; a formula too long to
typeset is wrapped text; a model's landscape keeps its words."""

from __future__ import annotations

import numpy as np


def _ink(pixmap) -> int:
    image = pixmap.toImage()
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).alpha() > 128
    )


def test_rosenbrock_is_typeset_with_values_that_follow_the_frame(window, qtbot):
    window.docks["inspector"].raise_()
    inspector, model = window.inspector, window.model
    qtbot.waitUntil(lambda: inspector.parts["hess"].symbol.typeset(), timeout=30_000)
    for key in ("f", "grad", "hess"):
        label = inspector.parts[key].symbol
        assert label.typeset() and _ink(label.pixmap()) > 40, key
        assert label.text() == ""  # an image, not ASCII art
    assert inspector.parts["f"].symbol.latex.startswith("f = ")
    hess = inspector.parts["hess"]
    assert hess.symbol.latex.startswith(r"{\nabla}^2 f = \begin{pmatrix}")
    assert r"\partial x^2" in hess.names.latex and r"\partial x\,\partial x" not in hess.names.latex
    assert hess.names.isVisible() and inspector.parts["grad"].names.isVisible()
    assert "∂²f/∂x²" in model.formulas and "∂²f/∂x∂x" not in model.formulas

    model.set_frame(10)
    qtbot.waitUntil(lambda: "_{10}" in (hess.value.latex or ""), timeout=10_000)
    entry = model.run(model.selected_run)
    x10 = entry.trajectory.xs[entry.index_at(10)]
    expected = model.landscape.objective.hess(np.asarray(x10, dtype=float))
    assert f"{expected[1, 1]:.4g}" in hess.value.latex  # ∂²f/∂y² = 200 on Rosenbrock
    assert hess.value.typeset() and hess.eig.typeset() and "λ" not in hess.eig.text()
    assert "bowl" in hess.extra.text() or "saddle" in hess.extra.text()
    f_label = inspector.parts["f"].value
    f10 = f_label.latex
    assert f"{model.landscape.objective.f(np.asarray(x10, dtype=float)):.6g}" in f10

    model.set_frame(40)
    qtbot.waitUntil(lambda: "_{40}" in (inspector.point_label.latex or ""), timeout=10_000)
    qtbot.waitUntil(lambda: f_label.latex != f10 and "_{40}" in f_label.latex, timeout=10_000)
    assert inspector.parts["grad"].value.latex.startswith(r"{\nabla}f(\mathbf{x}_{40}) = ")


def test_a_formula_too_long_to_typeset_is_wrapped_text(app, qtbot):
    from landscape.compile import compile_objective
    from ui.panels.inspector import Inspector
    from ui.state.jobs import formulas
    from ui.state.model import AppModel

    text = " + ".join(f"sin({k}x + {k + 1}y)/{k}" for k in range(1, 40))
    shown = formulas(compile_objective(text), lambda: False)
    assert "typeset:f" not in shown and len(shown["f"]) > 600

    inspector = Inspector(AppModel())
    qtbot.addWidget(inspector)
    inspector.resize(420, 700)
    inspector.show()
    inspector.show_formulas(shown)
    label = inspector.parts["f"].symbol
    assert not label.typeset() and label.wordWrap()
    assert label.text().startswith("f = sin(x + 2·y)")
    qtbot.waitUntil(lambda: label.height() > 3 * label.fontMetrics().height(), timeout=5_000)
    assert label.width() <= inspector.width()  # wrapped into the dock, not one long line


def test_a_model_landscape_keeps_its_words(app, qtbot):
    from tests.ui.conftest import bowl_landscape
    from ui.panels.inspector import Inspector
    from ui.state.jobs import formulas
    from ui.state.model import AppModel

    data = bowl_landscape(train=True)
    shown = formulas(data.objective, lambda: False)
    inspector = Inspector(AppModel())
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.show_formulas(shown)
    label = inspector.parts["f"].symbol
    assert not label.typeset() and label.text().startswith("loss: L(slope, intercept)")
    assert "parameters: slope, intercept" in label.text()
    assert not inspector.parts["hess"].names.isVisible()


def test_values_are_text_while_the_frame_moves_and_typeset_when_it_rests(
    window, qtbot, monkeypatch
):
    """Typesetting holds the GIL for tens of ms: done on every frame of a playback it starved
    the GUI thread. While frames change the values are plain text; once the frame rests for
    TYPESET_AFTER_MS they are typeset, once."""
    import ui.panels.inspector as inspector_module

    window.docks["inspector"].raise_()
    inspector, model = window.inspector, window.model
    qtbot.waitUntil(lambda: inspector.parts["hess"].symbol.typeset(), timeout=30_000)
    calls = []
    real = inspector_module.prepare_math
    monkeypatch.setattr(
        inspector_module,
        "prepare_math",
        lambda owner, latexes, done: (calls.append(latexes), real(owner, latexes, done)),
    )
    f_value = inspector.parts["f"].value
    for frame in range(1, 21):
        model.set_frame(frame)
        qtbot.wait(20)  # a fast playback: well under TYPESET_AFTER_MS per frame
        assert f"step {model.run(model.selected_run).index_at(frame)}" in (
            inspector.point_label.text()
        )
        assert f_value.text().startswith("f = ")
    assert calls == []
    qtbot.waitUntil(lambda: "_{20}" in (inspector.point_label.latex or ""), timeout=10_000)
    assert len(calls) == 1 and f_value.typeset()
