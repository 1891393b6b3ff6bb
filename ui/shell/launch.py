"""The session the app opens with: from the command line, the last session, or the default.

The default is the Rosenbrock preset with gradient descent, momentum and Adam racing from the
preset's start.
"""

from __future__ import annotations

from landscape.errors import InputError
from landscape.session import RunConfig, Session, from_json, load
from ui.state.model import PALETTE

DEFAULT_PRESET = "rosenbrock"
DEFAULT_OPTIMIZERS = ("gd", "momentum", "adam")
#: learning rates that make a good race on the default landscape (Rosenbrock)
DEFAULT_HYPER = {"gd": {"lr": 0.002}, "momentum": {"lr": 0.001}}
FUNCTION_DOMAIN = (-3.0, 3.0, -3.0, 3.0)


def runs_for(names) -> list[RunConfig]:
    return [RunConfig(name, {}, PALETTE[i % len(PALETTE)]) for i, name in enumerate(names)]


def preset_session(name: str, optimizers=DEFAULT_OPTIMIZERS) -> Session:
    from landscape.presets import get_preset

    preset = get_preset(name)
    (x0, x1), (y0, y1) = preset.domain
    return Session(
        text=preset.expression,
        domain=(x0, x1, y0, y1),
        start=tuple(preset.start),
        runs=runs_for(optimizers),
        preset=preset.name,
        color_scale="auto",  # log only where the picture needs it (landscape.scale)
    )


def default_session() -> Session:
    try:
        session = preset_session(DEFAULT_PRESET)
    except (InputError, ImportError, OSError):  # no presets file: the same, typed out
        session = Session(runs=runs_for(DEFAULT_OPTIMIZERS), start=(-1.2, 1.0))
    for run in session.runs:
        run.hyper = dict(DEFAULT_HYPER.get(run.optimizer, {}))
    return session


def initial_session(args, last_json: str | None = None) -> Session:
    """From ``landscape gui`` arguments (already checked), else the last session, else default.

    Raises InputError for a session file that does not load.
    """
    if getattr(args, "session_data", None) is not None:
        session = args.session_data
    elif getattr(args, "session", None):
        session = load(args.session)
    elif getattr(args, "preset", None):
        session = preset_session(args.preset)
    elif getattr(args, "function", None):
        session = Session(
            text=args.function,
            domain=FUNCTION_DOMAIN,
            start=(-2.0, 2.5),
            runs=runs_for(DEFAULT_OPTIMIZERS),
            color_scale="auto",
        )
        session.fit_domain = True  # type: ignore[attr-defined]  # the domain fits f (unsaved)
    elif last_json:
        try:  # our own file: its function is parsed when it is compiled, after the first paint
            session = from_json(last_json, parse_text=False)
        except InputError:
            session = default_session()
    else:
        session = default_session()
    if getattr(args, "optimizers", None):
        session.runs = runs_for(args.optimizers)
    if getattr(args, "start", None):
        session.start = tuple(args.start)
    if getattr(args, "scale", None):
        session.color_scale = args.scale
    return session
