"""LaTeX drawn in Qt: an image with ink where the formula is, text where it cannot be set."""

from __future__ import annotations

from ui.views.mathtext import MathLabel, math_image


def _ink(image) -> int:
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).alpha() > 128
    )


def test_a_formula_becomes_an_image_with_ink(qapp):
    image = math_image(r"\nabla^2 f = \begin{pmatrix} 2 & 0\\ 0 & 20 \end{pmatrix}", 18, "#000000")
    assert image is not None and image.width() > 60 and image.height() > 30
    assert _ink(image) > 50


def test_the_label_falls_back_to_text(qtbot):
    label = MathLabel()
    qtbot.addWidget(label)
    assert label.show_math(r"f = x^{2}", "f = x**2")
    assert not label.pixmap().isNull() and label.toolTip() == r"f = x^{2}"
    assert not label.show_math(None, "f = a very long formula")
    assert label.text() == "f = a very long formula"


def test_ink_takes_the_colour_asked_for(qapp):
    image = math_image(r"f = x^{2} + y^{2}", 18, "#ff0000")
    inked = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert inked and all(c.red() > 200 and c.green() < 60 and c.blue() < 60 for c in inked)


def test_formulas_are_prepared_off_the_gui_thread_newest_only(qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.views.mathtext import prepare_math

    owner = QWidget()
    qtbot.addWidget(owner)
    seen: list[tuple] = []
    prepare_math(owner, [r"a = 1"], seen.append)
    prepare_math(owner, [r"b = 2", r"c = 3"], seen.append)  # supersedes the first
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    qtbot.wait(50)
    assert seen == [(r"b = 2", r"c = 3")]


def test_a_new_palette_redraws_the_formula_in_its_text_colour(qtbot):
    from PySide6.QtGui import QColor, QPalette

    label = MathLabel()
    qtbot.addWidget(label)
    label.show_math(r"f = x^{2}", "f = x^2")
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#00ff00"))
    label.setPalette(palette)
    image = label.pixmap().toImage()
    inked = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert inked and all(c.green() > 200 and c.red() < 60 for c in inked)
