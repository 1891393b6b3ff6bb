"""The preset gallery: every preset with its teaching text, typeset formula and a thumbnail
sampled by the core; arrows and Enter choose one, which loads as the preset picker does."""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import Qt


def _closed(dialog) -> bool:  # the gallery deletes itself once closed
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _pixels(pixmap) -> np.ndarray:
    image = pixmap.toImage()
    return np.array(
        [
            [image.pixelColor(x, y).rgb() for x in range(0, image.width(), 4)]
            for y in range(0, image.height(), 4)
        ]
    )


def test_the_gallery_lists_every_preset_and_loads_the_one_chosen(window, qtbot):
    from landscape.presets import get_preset, list_presets
    from ui.panels.preset_gallery import NAME_ROLE, THUMB

    qtbot.mouseClick(window.function_bar.gallery_button, Qt.MouseButton.LeftButton)
    dialog = window.preset_gallery_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    presets = list_presets()
    names = [dialog.list.item(i).data(NAME_ROLE) for i in range(dialog.list.count())]
    assert names == [p.name for p in presets]
    for preset in presets:
        card = dialog.cards[preset.name]
        assert card.description.text() == preset.description  # the teaching text, shown
        assert preset.title in card.title.text()
    qtbot.waitUntil(dialog.thumbnails_done, timeout=180_000)
    for preset in presets:
        card = dialog.cards[preset.name]
        pixmap = card.thumbnail.pixmap()
        assert pixmap.width() == THUMB and pixmap.height() == THUMB, preset.name
        assert len(np.unique(_pixels(pixmap))) > 20, preset.name  # a landscape, not a blank
    typeset = [p.name for p in presets if dialog.cards[p.name].formula.typeset()]
    assert "rosenbrock" in typeset and len(typeset) >= len(presets) - 2

    assert dialog.list.currentItem().data(NAME_ROLE) == window.model.preset == "rosenbrock"
    qtbot.keyClick(dialog.list, Qt.Key.Key_Right)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Right)
    assert dialog.list.currentItem().data(NAME_ROLE) == "himmelblau"
    chosen: list[str] = []
    dialog.chosen.connect(chosen.append)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=5_000)
    assert chosen == ["himmelblau"]  # once, though Enter reaches the list and the dialog
    himmelblau = get_preset("himmelblau")
    qtbot.waitUntil(lambda: window.model.preset == "himmelblau", timeout=10_000)
    assert window.model.text == himmelblau.expression
    assert tuple(window.model.start) == tuple(himmelblau.start)
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    assert window.function_bar.preset() == "himmelblau"


def test_escape_leaves_the_landscape_alone(window, qtbot):
    from ui.state.thumbnails import thumbnail_cache

    text = window.model.text
    window.actions["gallery"].trigger()
    dialog = window.preset_gallery_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    chosen: list[str] = []
    dialog.chosen.connect(chosen.append)
    cache = thumbnail_cache()
    if cache.pending():  # closing stops the thumbnails still to make (asked again on reopening)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: _closed(dialog), timeout=5_000)
        assert not cache.pending()
        window.actions["gallery"].trigger()
        dialog = window.preset_gallery_dialog
        dialog.chosen.connect(chosen.append)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=5_000)
    assert chosen == [] and window.model.text == text and window.model.preset == "rosenbrock"


def test_a_thumbnail_is_the_core_sampling_the_preset(qapp):
    from landscape.presets import get_preset
    from ui.state.thumbnails import RESOLUTION, make_thumbnail

    bowl = get_preset("booth")
    thumb = make_thumbnail(bowl, RESOLUTION, lambda: False)
    assert thumb.unit.shape == (RESOLUTION, RESOLUTION) and RESOLUTION == 64
    assert np.nanmin(thumb.unit) >= 0 and np.nanmax(thumb.unit) <= 1
    (x0, x1), (y0, y1) = bowl.domain
    ((mx, my),) = bowl.minima
    i, j = round((mx - x0) / (x1 - x0) * 63), round((my - y0) / (y1 - y0) * 63)
    assert thumb.unit[i, j] < 0.05  # dark at the minimum…
    assert np.nanmax(thumb.unit) > 0.9 and np.count_nonzero(thumb.unit > 0.5) > 200  # …not flat
    assert thumb.latex.startswith("f = ") and thumb.scale in ("linear", "log")
