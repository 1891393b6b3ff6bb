"""A domain the person set survives save and load: the next typed function keeps it; a domain
that was only fitted is fitted again (issue 11, point 2)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from landscape.session import load, save


def _type_function(qtbot, window, text: str) -> None:
    edit = window.function_bar.text_edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.model.landscape is not None and window.model.landscape.text == text,
        timeout=60_000,
    )
    qtbot.waitUntil(window.is_ready, timeout=60_000)


def _type_domain(qtbot, window, values) -> None:
    bar = window.function_bar
    for box, value in zip((bar.xmin, bar.xmax, bar.ymin, bar.ymax), values, strict=True):
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, str(value))
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.domain == tuple(map(float, values)), timeout=10_000)


def _save_and_reopen(qtbot, window, tmp_path):
    from tests.ui.conftest import make_window

    path = tmp_path / "s.json"
    save(window.capture_session(), path)
    fresh = make_window(qtbot, load(path))
    qtbot.waitUntil(fresh.is_ready, timeout=60_000)
    return fresh


def test_a_person_set_domain_is_kept_after_save_and_load(window, qtbot, tmp_path):
    _type_domain(qtbot, window, (-4, 4, -4, 4))
    assert window.model.domain_set
    fresh = _save_and_reopen(qtbot, window, tmp_path)
    try:
        assert fresh.model.domain_set
        _type_function(qtbot, fresh, "(x - 30)^2 + y^2")
        assert fresh.model.domain == (-4.0, 4.0, -4.0, 4.0)
        d = fresh.model.landscape.domain
        assert (d.xmin, d.xmax, d.ymin, d.ymax) == (-4.0, 4.0, -4.0, 4.0)
    finally:
        fresh.controller.shutdown()


def test_a_fitted_domain_is_fitted_again_after_save_and_load(window, qtbot, tmp_path):
    _type_function(qtbot, window, "(x - 6)^2 + (y + 5)^2")
    assert not window.model.domain_set
    fresh = _save_and_reopen(qtbot, window, tmp_path)
    try:
        assert not fresh.model.domain_set
        _type_function(qtbot, fresh, "(x - 30)^2 + y^2")
        x0, x1, y0, y1 = fresh.model.domain
        assert x0 <= 30 <= x1 and y0 <= 0 <= y1  # refitted around the new minimum
    finally:
        fresh.controller.shutdown()
