"""A session round trip through the window covering every field of the model, the looked-at
ones included: save, load into a fresh window, save again: byte-identical JSON."""

from __future__ import annotations

import dataclasses

import pytest

from landscape.session import Camera, ModelConfig, RunConfig, Session, ViewConfig, load, save
from landscape.session_view import OVERLAY_KINDS


def function_session() -> Session:
    return Session(
        text="x^2 + 3*y^2 - x*y",
        domain=(-2.5, 2.0, -1.25, 3.0),
        domain_set=True,
        resolution=90,
        color_scale="linear",
        colormap="magma",
        runs=[
            RunConfig("gd", {"lr": 0.01}, "#ff453a"),
            RunConfig("momentum", {"lr": 0.005, "beta": 0.8}, "#32d2ff", visible=False),
            RunConfig("adam", {"lr": 0.05}, "#a0ff00"),
        ],
        start=(1.5, 2.25),
        step=12,
        max_steps=60,
        layout="contour",
        preset="booth",
        mode="function",
        model=None,
        view=ViewConfig(
            range=(-1.0, 1.5, -0.5, 2.5),
            camera=Camera(
                distance=5.0, elevation=40.0, azimuth=15.0, fov=45.0, center=(0.0, 0.0, 0.5)
            ),
            loss_log=False,
            overlays={kind: kind in ("velocity", "field", "trials") for kind in OVERLAY_KINDS},
            selected_run=2,
            arrows="log",
            shading="lit",
            orbit_speed=0.35,
        ),
    )


def model_session() -> Session:
    session = function_session()
    session.mode = "model"
    session.model = ModelConfig("logreg", "blobs", {"data_seed": 3, "l2": 0.01}, "pca", 40)
    session.preset = None
    session.runs = [RunConfig("gd", {"lr": 0.1}, "#ff453a"), RunConfig("adam", {}, "#ff9f0a")]
    session.start = (0.5, -0.5)
    session.view.selected_run = 1
    return session


def test_the_sample_sets_every_field_away_from_its_default():
    """So that the round trip below covers every field (a new field must be added here)."""
    sample, defaults = function_session(), Session()
    for f in dataclasses.fields(Session):
        if f.name not in ("mode", "model", "preset"):  # covered by the model-mode case
            assert getattr(sample, f.name) != getattr(defaults, f.name), f.name
    for f in dataclasses.fields(ViewConfig):
        assert getattr(sample.view, f.name) != getattr(ViewConfig(), f.name), f.name
    assert model_session().mode != defaults.mode and model_session().model is not None


@pytest.mark.parametrize("make", [function_session, model_session], ids=["function", "model"])
def test_save_load_save_is_byte_identical(app, qtbot, tmp_path, make):
    from tests.ui.conftest import make_window

    first_path, second_path = tmp_path / "first.json", tmp_path / "second.json"
    save(make(), first_path)
    loaded = load(first_path)
    window = make_window(qtbot, loaded)
    try:
        qtbot.waitUntil(lambda: window.model.frame == loaded.step, timeout=60_000)
        model = window.model
        from ui.state.controller import is_model_landscape

        assert is_model_landscape(model.landscape) is (loaded.mode == "model")
        # the model holds every field of the file, the looked-at ones included
        assert model.view_range == loaded.view.range
        assert model.camera == loaded.view.camera  # kept without a 3D view
        assert model.loss_log is loaded.view.loss_log
        assert window.loss_panel.log_box.isChecked() is loaded.view.loss_log
        assert model.overlays == loaded.view.overlays
        assert model.selected_run == model.runs[loaded.view.selected_run].run_id
        assert model.layout == loaded.layout and not window.surface_view.isVisible()
        (x0, x1), (y0, y1) = window.contour_view.view_box.viewRange()
        assert (x0, x1, y0, y1) == loaded.view.range  # the view shows the model's range
        assert window.actions["overlay:field"].isChecked()
        assert (model.arrow_length, model.shading) == (loaded.view.arrows, loaded.view.shading)
        assert model.orbit_speed == loaded.view.orbit_speed
        assert window.actions["arrows:log"].isChecked()
        assert window.actions["shading:lit"].isChecked()
        save(window.capture_session(), second_path)
    finally:
        window.controller.shutdown()
    assert second_path.read_bytes() == first_path.read_bytes()
    fresh = make_window(qtbot, load(second_path))
    try:
        qtbot.waitUntil(lambda: fresh.model.frame == loaded.step, timeout=60_000)
        third = tmp_path / "third.json"
        save(fresh.capture_session(), third)
    finally:
        fresh.controller.shutdown()
    assert third.read_bytes() == first_path.read_bytes()
