"""UI test fixtures: private settings, an app styled like the real one, and a window without GL.

QSettings point at a temporary folder (INI format) and the organisation name is the tests'
own, so no test ever reads or writes the developer's state.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def private_settings(tmp_path_factory):
    path = tmp_path_factory.mktemp("qsettings")
    os.environ["LANDSCAPE_SETTINGS_DIR"] = str(path)
    from PySide6.QtCore import QCoreApplication

    from ui.settings import use_settings_dir

    use_settings_dir(str(path))
    QCoreApplication.setOrganizationName("LandscapeTests")
    QCoreApplication.setApplicationName("LandscapeTests")
    return path


@pytest.fixture
def app(qapp):
    from ui import settings
    from ui.app import create_application

    created = create_application()
    # create_application names the app; keep the tests' names so settings stay apart
    created.setOrganizationName("LandscapeTests")
    created.setApplicationName("LandscapeTests")
    settings.ORGANIZATION = settings.APPLICATION = "LandscapeTests"
    return created


def make_window(qtbot, session=None, **kwargs):
    """A MainWindow with no GL view and no autoplay; waits until its landscape and runs are in."""
    from ui.launch import default_session
    from ui.main_window import MainWindow

    options = {"use_3d": False, "autoplay": False, "remember": False, **kwargs}
    window = MainWindow(session or default_session(), **options)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    return window


@pytest.fixture
def window(app, qtbot):
    w = make_window(qtbot)
    yield w
    w.controller.shutdown()


def python_with_app(code: str) -> list[str]:
    """argv for a subprocess that runs ``code`` with the repository importable."""
    return [sys.executable, "-c", code]


def subprocess_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env["LANDSCAPE_SETTINGS_DIR"] = str(tmp_path / "settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env
