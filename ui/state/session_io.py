"""Between the :class:`~ui.state.model.AppModel` and a :class:`~landscape.session.Session`: the
model's fields as plain data, and a session's data into the model's fields. No widget is read
or written here: the widgets follow the model.

Runs are identified by their index in the session and by ``run_id`` in the model; the
selected run travels as an index (``view.selected_run``, -1 for none).
"""

from __future__ import annotations

from landscape.session import ModelConfig, RunConfig, Session, ViewConfig


def to_session(model) -> Session:
    """What ``model`` shows, as a Session (a loaded session's frame until its runs are in)."""
    ids = [r.run_id for r in model.runs]
    selected = ids.index(model.selected_run) if model.selected_run in ids else -1
    step = model.pending_frame if model.pending_frame is not None else model.frame
    return Session(
        text=model.text,
        domain=tuple(float(v) for v in model.domain),
        resolution=int(model.resolution),
        color_scale=model.scale,
        colormap=model.colormap,
        runs=[RunConfig(r.name, dict(r.hyper), r.color, r.visible) for r in model.runs],
        start=tuple(float(v) for v in model.start),
        step=int(step),
        max_steps=int(model.max_steps),
        layout=model.layout,
        preset=model.preset,
        mode=model.mode,
        model=model.model_config if model.mode == "model" else None,
        view=ViewConfig(
            range=model.view_range,
            camera=model.camera,
            loss_log=model.loss_log,
            overlays=dict(model.overlays),
            selected_run=selected,
            arrows=model.arrow_length,
            shading=model.shading,
            orbit_speed=model.orbit_speed,
        ),
    )


def apply_session(model, session: Session) -> None:
    """Put ``session`` (validated by the core when it was loaded) into ``model``'s fields:
    the runs come back without trajectories (pending), the frame waits in ``pending_frame``
    until they are in, the view range applies now and to the landscape that is coming."""
    from landscape.optim import get_spec

    model.clear_runs()
    model.set_frame(0)
    model.set_request(session.text, session.domain, session.resolution, session.color_scale)
    model.set_preset(session.preset)
    model.set_colormap(session.colormap)
    model.set_max_steps(session.max_steps)
    model.set_start(*session.start)
    if session.model is not None or session.mode == "model":
        model.set_model_config(session.model or ModelConfig())
    model.set_mode(session.mode)
    view = session.view
    model.set_layout(session.layout)
    model.set_overlays(view.overlays)
    model.set_loss_log(view.loss_log)
    model.set_arrow_length(view.arrows)
    model.set_shading(view.shading)
    model.set_orbit_speed(view.orbit_speed)
    model.set_camera(view.camera)
    model.set_view_range(view.range, restore=True)
    for run in session.runs:
        entry = model.add_run(
            run.optimizer, get_spec(run.optimizer).display_name, run.hyper, run.color, run.visible
        )
        entry.pending = True
    ids = [r.run_id for r in model.runs]
    model.select_run(ids[view.selected_run] if 0 <= view.selected_run < len(ids) else -1)
    model.pending_frame = session.step if session.step > 0 else None
