"""The inspector states the kink convention under the formulas of a non-smooth f."""

from __future__ import annotations


def test_formulas_of_a_nonsmooth_f_end_with_the_convention(app, qtbot):
    from landscape.compile import compile_objective
    from landscape.kinks import describe
    from ui.panels.inspector import NOTE_WIDTH, Inspector
    from ui.state.jobs import NOTE, formulas
    from ui.state.model import AppModel

    objective = compile_objective("relu(x) + abs(y)")
    shown = formulas(objective, lambda: False)
    assert shown[NOTE] == describe(("abs", "relu"))
    assert NOTE not in formulas(compile_objective("x^2 + y^2"), lambda: False)

    model = AppModel()
    inspector = Inspector(model)
    qtbot.addWidget(inspector)
    inspector.show_formulas(shown)
    text = inspector.formulas.toPlainText()
    assert "∂f/∂x =\nθ(x, 0)" in text  # sympy's pretty Heaviside
    assert f"{NOTE} =" not in text and "relu'(0) = 0" in text
    note = text[text.index("Derivatives here") :]
    assert max(len(line) for line in note.splitlines()) <= NOTE_WIDTH  # wrapped: no scrolling
