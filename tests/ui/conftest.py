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

    from ui.shell.settings import use_settings_dir

    use_settings_dir(str(path))
    QCoreApplication.setOrganizationName("LandscapeTests")
    QCoreApplication.setApplicationName("LandscapeTests")
    return path


@pytest.fixture
def app(qapp):
    from ui.shell import settings
    from ui.shell.app import create_application

    created = create_application()
    # create_application names the app; keep the tests' names so settings stay apart
    created.setOrganizationName("LandscapeTests")
    created.setApplicationName("LandscapeTests")
    settings.ORGANIZATION = settings.APPLICATION = "LandscapeTests"
    return created


def make_window(qtbot, session=None, **kwargs):
    """A MainWindow with no GL view and no autoplay; waits until its landscape and runs are in."""
    from ui.shell.launch import default_session
    from ui.shell.main_window import MainWindow

    options = {"use_3d": False, "autoplay": False, "remember": False, **kwargs}
    window = MainWindow(session or default_session(), **options)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    return window


@pytest.fixture
def window(app, qtbot):
    """The default window; afterwards its sweep (if any) and its jobs are stopped."""
    w = make_window(qtbot)
    yield w
    w.model_mode.sweep_panel.shutdown()
    w.controller.shutdown()


def python_with_app(code: str) -> list[str]:
    """argv for a subprocess that runs ``code`` with the repository importable."""
    return [sys.executable, "-c", code]


def subprocess_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env["LANDSCAPE_SETTINGS_DIR"] = str(tmp_path / "settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def bowl_landscape(domain=(-2.0, 2.0, -1.0, 3.0), resolution=40, scale="linear", train=False):
    """A landscape of ``f = x² + 3y²`` made from numpy callables (no compile, no worker), as
    :func:`ui.state.jobs.build_landscape` makes it; ``train``: a real model's landscape instead
    (linear regression on the built-in linear data, as Model mode builds it), for the views'
    model-mode labels."""
    import numpy as np

    from landscape.grid import Domain
    from landscape.objective import CallableObjective
    from ui.state import jobs

    if train:
        from landscape.models.scene import build_model_landscape
        from landscape.session import ModelConfig

        config = ModelConfig("linreg", "linear", resolution=resolution)
        return build_model_landscape(config, None, 100, lambda: False)
    objective = CallableObjective(
        lambda p: float(p[0] ** 2 + 3 * p[1] ** 2),
        lambda p: np.array([2 * p[0], 6 * p[1]]),
        lambda p: np.diag([2.0, 6.0]),
        variables=("x", "y"),
        f_vec=lambda c: c[0] ** 2 + 3 * c[1] ** 2,
    )
    text = "x^2 + 3y^2"
    return jobs.build_landscape(text, Domain(*domain), resolution, scale, objective, lambda: False)


def bowl_run(model, name="gd", hyper=None, color=None):
    """Add optimizer ``name`` to ``model`` with its trajectory on the model's landscape."""
    from landscape.optim import get_spec
    from ui.state import jobs

    hyper = {"lr": 0.05} if hyper is None else hyper
    entry = model.add_run(name, get_spec(name).display_name, hyper, color)
    traj = jobs.compute_run(
        model.landscape.objective, name, hyper, model.start, model.max_steps, lambda: False
    )
    model.set_trajectory(entry.run_id, traj)
    return entry
