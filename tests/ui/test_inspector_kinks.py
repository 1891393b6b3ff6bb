"""The inspector states the kink convention under the formulas of a non-smooth f."""

from __future__ import annotations


def test_formulas_of_a_nonsmooth_f_end_with_the_convention(app, qtbot):
    from landscape.compile import compile_objective
    from landscape.kinks import describe
    from ui.panels.inspector import Inspector
    from ui.state.jobs import NOTE, formulas
    from ui.state.model import AppModel

    objective = compile_objective("relu(x) + abs(y)")
    shown = formulas(objective, lambda: False)
    assert shown[NOTE] == describe(("abs", "relu"))
    assert NOTE not in formulas(compile_objective("x^2 + y^2"), lambda: False)

    model = AppModel()
    inspector = Inspector(model)
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.show_formulas(shown)
    assert r"\theta" in (inspector.parts["grad"].symbol.latex or "")  # Heaviside, typeset
    note = inspector.note_label
    assert note.isVisible() and note.wordWrap()  # wrapped: no scrolling
    assert note.text() == describe(("abs", "relu")) and "relu'(0) = 0" in note.text()
