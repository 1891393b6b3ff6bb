"""Version 3 sessions: how the views are looked at round-trips; older files still load; every
hostile view field is refused with a message naming it; no import cycle among the modules."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from landscape.errors import InputError
from landscape.session import (
    SESSION_VERSION,
    Camera,
    RunConfig,
    Session,
    ViewConfig,
    from_json,
    to_json,
)

ROOT = Path(__file__).resolve().parents[2]


def looked_at() -> Session:
    return Session(
        runs=[RunConfig("gd", {"lr": 0.002}, "#ff453a"), RunConfig("adam", {}, "#32d2ff")],
        view=ViewConfig(
            range=(-1.25, 0.5, 0.125, 2.0),
            camera=Camera(
                distance=4.5, elevation=12.0, azimuth=33.0, fov=50.0, center=(0.0, 0.0, 1.0)
            ),
            loss_log=False,
            overlays={
                "gradient": False,
                "step": True,
                "velocity": True,
                "newton": False,
                "trials": False,
                "field": True,
            },
            selected_run=1,
        ),
    )


def test_the_view_round_trips_and_writes_the_same_text():
    text = to_json(looked_at())
    assert from_json(text) == looked_at()
    assert to_json(from_json(text)) == text
    doc = json.loads(text)
    assert doc["version"] == SESSION_VERSION == 3
    assert doc["view"]["range"] == [-1.25, 0.5, 0.125, 2.0]
    assert doc["view"]["camera"]["center"] == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("version", [1, 2])
def test_older_versions_load_with_the_fitted_default_view(version):
    session = from_json(json.dumps({"version": version, "text": "x^2 + y^2"}))
    assert session.view == ViewConfig()
    assert session.view.range is None and session.view.camera is None
    assert session.view.overlays["gradient"] and not session.view.overlays["field"]


def _with_view(**changes) -> str:
    doc = json.loads(to_json(looked_at()))
    doc["view"].update(changes)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"range": [1, 0, 0, 1]}, "view.range: each range must have min < max"),
        ({"range": [0, 1, 0]}, "view.range: expected a list of 4"),
        ({"range": [0, "1", 0, 1]}, "view.range: expected a number"),
        ({"camera": {"distance": 1}}, "view.camera: expected distance"),
        (
            {
                "camera": {
                    "distance": -1,
                    "elevation": 0,
                    "azimuth": 0,
                    "fov": 60,
                    "center": [0, 0, 0],
                }
            },
            "distance and fov must be positive",
        ),
        (
            {
                "camera": {
                    "distance": 1,
                    "elevation": 400,
                    "azimuth": 0,
                    "fov": 60,
                    "center": [0, 0, 0],
                }
            },
            "view.camera.elevation",
        ),
        (
            {"camera": {"distance": 1, "elevation": 0, "azimuth": 0, "fov": 60, "center": [0, 0]}},
            "view.camera.center",
        ),
        ({"loss_log": "yes"}, "view.loss_log: expected true or false"),
        ({"overlays": {"rm -rf": True}}, "view.overlays: expected"),
        ({"overlays": {"field": 1}}, "view.overlays.field"),
        ({"selected_run": 7}, "view.selected_run"),
        ({"selected_run": True}, "view.selected_run"),
        ({"zoom": 2}, "view: expected range"),
    ],
)
def test_hostile_view_fields_are_refused(changes, fragment):
    with pytest.raises(InputError) as info:
        from_json(_with_view(**changes))
    assert fragment in info.value.message


def _imports(module: str) -> set[str]:
    """Every landscape.* module ``module`` imports, at the top or inside a function."""
    path = ROOT / (module.replace(".", "/") + ".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("landscape.session")}


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("landscape.session_fields", set()),
        ("landscape.session_model", {"landscape.session_fields"}),
        ("landscape.session_view", {"landscape.session_fields"}),
        (
            "landscape.session",
            {"landscape.session_fields", "landscape.session_model", "landscape.session_view"},
        ),
        ("landscape.session_starts", {"landscape.session", "landscape.session_model"}),
    ],
)
def test_the_session_modules_import_downwards_only(module, allowed):
    assert _imports(module) <= allowed
