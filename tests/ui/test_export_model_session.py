"""The headless export of a model-mode session builds the model as the app does (the shared
builder, landscape.models.scene) instead of the function text the session also carries."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from landscape.models.scene import build_model_landscape
from landscape.session import save
from landscape.session_starts import model_session


def _never() -> bool:
    return False


@pytest.mark.parametrize(("name", "data"), [("logreg", "blobs"), ("linreg", "linear")])
def test_a_model_session_exports_the_model_and_its_runs(name, data):
    from ui.shell.headless_export import build_model

    session = model_session(name, data)
    session.max_steps = 30
    model = build_model(session, critical=False)
    land = model.landscape
    assert land.kind == "model" and land.text == f"loss of {name} on {data}"
    fresh = build_model_landscape(session.model, None, 30, _never).objective
    assert model.start == pytest.approx(fresh.default_start())  # auto_start: the model's own
    assert len(model.runs) == len(session.runs) > 0
    for entry, run in zip(model.runs, session.runs, strict=True):
        expected = fresh.train(run.optimizer, dict(run.hyper), model.start, 30, _never)
        assert entry.error is None
        assert np.array_equal(entry.trajectory.full.xs, expected.full.xs)
        assert np.array_equal(entry.trajectory.xs, expected.xs)


def test_the_export_command_writes_a_model_sessions_runs(tmp_path):
    session = model_session("linreg", "linear")
    session.max_steps = 20
    save(session, tmp_path / "s.json")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "landscape_cli",
            "export",
            "--session",
            str(tmp_path / "s.json"),
            "--out",
            str(tmp_path / "runs.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    written = json.loads((tmp_path / "runs.json").read_text())
    assert written["expression"] == "loss of linreg on linear"
