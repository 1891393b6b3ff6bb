"""The session the app opens with: from the command line, the last session, or the default.

The default is the Rosenbrock preset with its recommended race (``resources/presets.json``):
the race's optimizers, the values it sets and its step count. Every other value is suggested
from the function at the start once the landscape is computed (:mod:`ui.state.jobs`,
``suggest_run``), so none is written here: values a session gives without naming them as
``edited`` follow the suggestion.
"""

from __future__ import annotations

from landscape.errors import InputError
from landscape.session import RunConfig, Session, from_json, load
from ui.state.model import PALETTE

DEFAULT_PRESET = "rosenbrock"
#: the optimizers when a function is typed on the command line, or without a presets file
DEFAULT_OPTIMIZERS = ("gd", "momentum", "adam")
FUNCTION_DOMAIN = (-3.0, 3.0, -3.0, 3.0)


def runs_for(names, hyper=None) -> list[RunConfig]:
    """One run per optimizer name, in palette colours; ``hyper``: the values of each (a list
    in the same order, e.g. a race's), none of them edited by the person."""
    hyper = list(hyper) if hyper is not None else [{} for _ in names]
    return [
        RunConfig(name, dict(values), PALETTE[i % len(PALETTE)], edited=())
        for i, (name, values) in enumerate(zip(names, hyper, strict=True))
    ]


def preset_session(name: str, optimizers=None) -> Session:
    """The preset's function, domain and start with its recommended race (or ``optimizers``,
    all suggested); InputError for an unknown name."""
    from landscape.presets import get_preset

    preset = get_preset(name)
    (x0, x1), (y0, y1) = preset.domain
    race = preset.race
    if optimizers is not None or race is None:
        runs = runs_for(optimizers or DEFAULT_OPTIMIZERS)
    else:
        runs = runs_for(race.optimizers, [entry.hyper_dict() for entry in race.runs])
    session = Session(
        text=preset.expression,
        domain=(x0, x1, y0, y1),
        start=tuple(preset.start),
        runs=runs,
        preset=preset.name,
        color_scale="auto",  # log only where the picture needs it (landscape.scale)
    )
    if race is not None:
        session.max_steps = race.steps
    return session


def default_session() -> Session:
    try:
        return preset_session(DEFAULT_PRESET)
    except (InputError, ImportError, OSError):  # no presets file: the same, typed out
        return Session(runs=runs_for(DEFAULT_OPTIMIZERS), start=(-1.2, 1.0))


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
    apply_sets(session, getattr(args, "sets", None) or ())
    if getattr(args, "scale", None):
        session.color_scale = args.scale
    return session


def apply_sets(session: Session, sets) -> None:
    """``--set`` values (``[(optimizer, name, value), ...]``, checked): each run of that
    optimizer takes the value as the person's (edited); the others stay suggested.
    InputError when no run is that optimizer."""
    for optimizer, name, value in sets:
        runs = [r for r in session.runs if r.optimizer == optimizer]
        if not runs:
            names = ", ".join(r.optimizer for r in session.runs) or "none"
            raise InputError(f"--set {optimizer}.{name}: no run is {optimizer} (runs: {names})")
        for run in runs:
            run.hyper = {**run.hyper, name: value}
            mine = set(run.hyper) if run.edited is None else set(run.edited)
            run.edited = tuple(sorted(mine | {name}))
