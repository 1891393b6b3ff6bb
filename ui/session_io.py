"""Between the window and a :class:`~landscape.session.Session`: capture what is on screen,
and show a session (the core validated it when it was loaded)."""

from __future__ import annotations

from landscape.session import RunConfig, Session


def capture_session(window) -> Session:
    """The window's state as plain data."""
    model, bar = window.model, window.function_bar
    text, domain, resolution, scale = bar.values()
    runs = [RunConfig(r.name, dict(r.hyper), r.color, r.visible) for r in model.runs]
    mode, model_config = window.model_mode.capture()
    return Session(
        text=text,
        domain=tuple(float(v) for v in domain),
        resolution=int(resolution),
        color_scale=scale,
        colormap=bar.colormap(),
        runs=runs,
        start=tuple(float(v) for v in model.start),
        step=int(model.frame),
        max_steps=int(model.max_steps),
        layout=getattr(window, "layout_mode", "side_by_side"),
        preset=model.preset,
        mode=mode,
        model=model_config,
    )


def apply_session(window, session: Session) -> None:
    """Replace what is on screen with ``session`` (runs recompute off the GUI thread)."""
    model, ctl = window.model, window.controller
    window.playback.pause()
    ctl.hub.cancel_prefix("run:")
    model.clear_runs()
    window.function_bar.set_values(
        session.text, session.domain, session.resolution, session.color_scale, session.colormap
    )
    window.function_bar.show_ok()
    window.function_bar.show_preset(session.preset)
    model.set_colormap(session.colormap)
    model.preset = session.preset
    model.max_steps = session.max_steps
    window.optimizer_panel.show_max_steps(session.max_steps)
    model.set_start(*session.start)
    model.frame = 0
    model.frameChanged.emit(0)
    specs = ctl.specs()
    same = (
        model.landscape is not None
        and model.landscape.text == session.text
        and session.mode == "function"
    )
    for run in session.runs:
        if run.optimizer in specs:
            ctl.add_run(run.optimizer, run.hyper, run.color, run.visible, compute=same)
    window.pending_frame = session.step if session.step > 0 else None
    window.set_layout_mode(session.layout)
    if window.model_mode.apply(session):  # model mode: the model's landscape is requested
        return
    ctl.request_landscape(session.text, session.domain, session.resolution, session.color_scale)
