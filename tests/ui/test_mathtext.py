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
