"""Tests never touch the developer's settings: every QSettings goes to the private folder."""

from __future__ import annotations

from pathlib import Path


def _real_config_files() -> dict[str, float]:
    config = Path.home() / ".config"
    found = [p for d in config.glob("Landscape*") for p in ([d] if d.is_file() else d.rglob("*"))]
    return {str(p): p.stat().st_mtime for p in found if p.is_file()}


def test_settings_live_in_the_private_folder(app, private_settings):
    from ui.shell.settings import AppSettings

    before = _real_config_files()
    stored = AppSettings()
    path = Path(stored.path()).resolve()
    assert path.is_relative_to(Path(private_settings).resolve()), path
    stored.add_recent(str(private_settings / "a.json"))
    stored.save_last_session('{"version": 2}')
    assert path.is_file() and "session" in path.read_text("utf-8")
    assert AppSettings().last_session_json() == '{"version": 2}'
    assert _real_config_files() == before  # nothing written under ~/.config/Landscape*


def test_window_close_writes_only_the_private_folder(app, qtbot, private_settings):
    from tests.ui.conftest import make_window

    before = _real_config_files()
    window = make_window(qtbot, remember=True)
    window.close()
    assert Path(window.settings.path()).resolve().is_relative_to(Path(private_settings).resolve())
    assert _real_config_files() == before
