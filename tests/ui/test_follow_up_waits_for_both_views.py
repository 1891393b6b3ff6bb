"""After a new landscape, the follow-up jobs (runs, critical points, formulas) start once the
map and, when it is on screen, the 3D view have painted it: their threads share the GIL with
the GUI thread, and started after the map alone they delayed the 3D paint (an accepted edit
took 297-367 ms to both views painted; 202-230 ms waiting for both)."""

from __future__ import annotations


def _calls(window, monkeypatch) -> list:
    calls: list = []
    monkeypatch.setattr(window.controller, "landscape_painted", lambda: calls.append(1))
    return calls


def test_with_the_3d_view_on_screen_both_paints_are_awaited(window, monkeypatch):
    calls = _calls(window, monkeypatch)
    monkeypatch.setattr(window.surface_view, "showing", lambda: True)
    window._painted("contour")
    assert calls == []
    window._painted("surface")
    assert calls == [1]
    window._painted("contour")  # the next landscape starts a new count
    assert calls == [1]


def test_without_the_3d_view_the_map_alone_starts_them(window, monkeypatch):
    calls = _calls(window, monkeypatch)
    monkeypatch.setattr(window.surface_view, "showing", lambda: False)
    window._painted("contour")
    assert calls == [1]


def test_a_new_landscape_forgets_the_paints_of_the_last(window, monkeypatch):
    calls = _calls(window, monkeypatch)
    monkeypatch.setattr(window.surface_view, "showing", lambda: True)
    window._painted("surface")
    window.model.landscapeChanged.emit()
    window._painted("contour")
    assert calls == []
