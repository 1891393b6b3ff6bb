"""Between the :class:`~ui.state.model.AppModel` and a :class:`~landscape.session.Session`: the
model's fields as plain data, and a session's data into the model's fields. No widget is read
or written here: the widgets follow the model.

Runs are identified by their index in the session and by ``run_id`` in the model; the
selected run travels as an index (``view.selected_run``, -1 for none).

The function saved is the one on screen: while the typed text has not compiled (a typo, or a
compile still running) the session keeps the last landscape that did (:func:`shown_text`), so a
saved or relaunched session always opens; the typed text stays in the field only.
"""

from __future__ import annotations

from landscape.session import ModelConfig, RunConfig, Session, ViewConfig


def shown_text(model) -> str:
    """The function to save: the text asked for, unless it failed (the last request's
    ``landscape_error``) or, still being compiled, does not even parse; then the landscape's
    text (the last one that compiled). Model mode, or no landscape yet: the text asked for."""
    data = model.landscape
    if model.mode != "function" or data is None or data.is_model or data.text == model.text:
        return model.text
    if model.landscape_error is not None:
        return data.text
    from landscape.errors import InputError
    from landscape.parser import parse_expression

    try:
        parse_expression(model.text)
    except InputError:
        return data.text
    return model.text


def to_session(model) -> Session:
    """What ``model`` shows, as a Session (a loaded session's frame until its runs are in;
    the last function that compiled, see :func:`shown_text`)."""
    ids = [r.run_id for r in model.runs]
    selected = ids.index(model.selected_run) if model.selected_run in ids else -1
    step = model.pending_frame if model.pending_frame is not None else model.frame
    return Session(
        text=shown_text(model),
        domain=tuple(float(v) for v in model.domain),
        domain_set=bool(model.domain_set),
        resolution=int(model.resolution),
        color_scale=model.scale,
        colormap=model.colormap,
        runs=[
            RunConfig(r.name, dict(r.hyper), r.color, r.visible, _edited_field(r))
            for r in model.runs
        ],
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


def _all_names(optimizer: str) -> frozenset[str]:
    from landscape.optim import get_spec

    return frozenset(p.name for p in get_spec(optimizer).params)


def _edited_field(entry) -> tuple[str, ...] | None:
    """The run's ``edited`` as saved: None (no key, as files before it) when the person set
    every value, else the sorted names."""
    if _all_names(entry.name) <= entry.edited:
        return None
    return tuple(sorted(entry.edited))


def apply_session(model, session: Session) -> None:
    """Put ``session`` (validated by the core when it was loaded) into ``model``'s fields:
    the runs come back without trajectories (pending), the frame waits in ``pending_frame``
    until they are in, the view range applies now and to the landscape that is coming."""
    from landscape.optim import get_spec

    model.clear_runs()
    model.set_frame(0)
    model.set_request(session.text, session.domain, session.resolution, session.color_scale)
    model.set_domain(session.domain, by_person=session.domain_set)
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
        # no "edited" (files before it): every value, given or default, was the person's
        edited = _all_names(run.optimizer) | set(run.hyper) if run.edited is None else run.edited
        entry.edited = frozenset(edited)
    ids = [r.run_id for r in model.runs]
    model.select_run(ids[view.selected_run] if 0 <= view.selected_run < len(ids) else -1)
    model.pending_frame = session.step if session.step > 0 else None
