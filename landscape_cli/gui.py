"""``landscape gui``: open the app (the default when ``landscape`` runs with no arguments).

Arguments are checked here, before Qt loads; PySide6 is imported only inside :func:`run`, so
importing :mod:`landscape` never pulls in Qt.
"""

from __future__ import annotations

import argparse
import re

from landscape.errors import InputError
from landscape_cli.common import allow_leading_minus

DEFAULT_SIZE = (1400, 900)
_SIZE = re.compile(r"^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$")


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "gui",
        help="open the app (the default)",
        description="Open Landscape: contour map, surface and optimizers.",
    )
    what = parser.add_mutually_exclusive_group()
    allow_leading_minus(
        what.add_argument("--function", metavar="EXPR", help="f(x, y) to show, e.g. 'x^2 - y^2'")
    )
    what.add_argument("--preset", metavar="NAME", help="a preset (see `landscape presets`)")
    what.add_argument("--session", metavar="FILE", help="open a saved session")
    what.add_argument(
        "--model", metavar="NAME", help="open in model mode: linreg, multireg, logreg or mlp"
    )
    parser.add_argument(
        "--data",
        metavar="NAME|FILE",
        help="with --model: a built-in data set (`landscape datasets`) or a CSV",
    )
    parser.add_argument(
        "--model-set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="with --model: a model or data setting, e.g. l2=0.1 (repeatable)",
    )
    from landscape.models.cli_support import add_standardise_argument

    add_standardise_argument(parser)
    parser.add_argument(
        "--view",
        choices=("pca", "random"),
        default="pca",
        help="with --model mlp: the plane through the weights",
    )
    parser.add_argument(
        "--optimizers", metavar="A,B,C", help="optimizers to race, e.g. gd,momentum,adam"
    )
    add_set_argument(parser)
    allow_leading_minus(
        parser.add_argument("--start", metavar="X,Y", help="start point, e.g. -1.5,2")
    )
    parser.add_argument(
        "--scale",
        choices=("auto", "linear", "log"),
        help="colour scale (default auto: log only where f spans decades above its minimum)",
    )
    parser.add_argument("--no-3d", action="store_true", help="no OpenGL surface view")
    parser.add_argument(
        "--screenshot", metavar="PNG", help="open, play to --steps, save the window to PNG and quit"
    )
    parser.add_argument(
        "--steps",
        type=int,
        metavar="N",
        help="with --screenshot: the step to show (default: the end)",
    )
    allow_leading_minus(
        parser.add_argument("--size", metavar="WxH", help="window size, e.g. 1400x900")
    )
    parser.set_defaults(handler=run)
    return parser


def add_set_argument(parser) -> None:
    """``--set NAME.PARAM=VALUE`` (repeatable), as ``landscape run``'s."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME.PARAM=VALUE",
        help="a hyperparameter, e.g. adam.lr=0.05 (repeatable); every value not set is "
        "suggested from the function at the start",
    )


def parse_sets(items) -> list[tuple[str, str, object]]:
    """``["adam.lr=0.05"]`` -> ``[("adam", "lr", 0.05)]``, each value checked against the
    optimizer's spec (InputError naming the item otherwise)."""
    from landscape.optim import get_spec

    out = []
    for item in items or ():
        key, sep, value = str(item).partition("=")
        opt, dot, name = key.strip().partition(".")
        if not sep or not dot or not name.strip():
            raise InputError(f"--set takes NAME.PARAM=VALUE, got {item!r}")
        spec = get_spec(opt)
        try:
            param = spec.param(name.strip())
        except KeyError:
            known = ", ".join(p.name for p in spec.params)
            raise InputError(
                f"--set {item!r}: {spec.name} has no setting {name.strip()!r}",
                hint=f"its settings: {known}",
            ) from None
        try:
            out.append((spec.name, param.name, param.coerce(value.strip())))
        except (InputError, TypeError, ValueError) as exc:
            raise InputError(f"--set {item!r}: {getattr(exc, 'message', exc)}") from None
    return out


def check_args(args: argparse.Namespace) -> argparse.Namespace:
    """Turn the raw strings into values (InputError on anything wrong)."""
    args.sets = parse_sets(getattr(args, "set", None))
    args.start = parse_start(args.start) if args.start else None
    args.size = parse_size(args.size) if args.size else None
    args.optimizers = parse_optimizers(args.optimizers) if args.optimizers else None
    if args.steps is not None and args.steps < 0:
        raise InputError("--steps must be 0 or more")
    if args.steps is not None and not args.screenshot:
        raise InputError("--steps only applies with --screenshot")
    if args.screenshot:
        from landscape.safe_write import resolve_output

        resolve_output(args.screenshot)  # a device, a folder, a missing folder: refused now
    if args.preset:
        from landscape.presets import get_preset

        get_preset(args.preset)  # raises InputError for an unknown name
    if args.function is not None:
        from landscape.parser import parse_expression

        parse_expression(args.function)
    args.session_data = None
    if args.model is not None:
        args.session_data = _model_session(args)
    elif args.data or args.model_set or args.standardise is not None:
        raise InputError("--data, --model-set and --standardise only apply with --model")
    if args.session:
        from landscape.session import load

        try:
            args.session_data = load(args.session)  # validated: a hostile file stops here
        except InputError as exc:  # the message names the file
            if args.session in exc.message:
                raise
            message = f"{args.session}: {exc.message}"
            raise InputError(message, column=exc.column, hint=exc.hint) from None
    return args


def _model_session(args):
    """The model-mode session for ``--model/--data/--model-set/--view`` (validated)."""
    from landscape.models.cli_support import settings_from_args
    from landscape.session_model import looks_like_file
    from landscape.session_starts import model_session

    session = model_session(args.model, args.data, settings_from_args(args), args.view)
    session.auto_start = args.start is None  # the model's own start unless --start is given
    config = session.model
    if not looks_like_file(config.data):
        from landscape.models.catalog import load_builtin
        from landscape.models.registry import get_model

        task, data_task = get_model(config.name).task, load_builtin(config.data).task
        if task is not None and task != data_task:
            raise InputError(
                f"{config.name} needs {task} data; {config.data!r} is for {data_task}",
                hint="see `landscape datasets`",
            )
    return session


def parse_start(text: str) -> tuple[float, float]:
    """``"-1.5, 2"`` or ``"-pi/2,1"`` -> ``(-1.5, 2.0)`` (as ``landscape run --start``)."""
    from landscape_cli.common import parse_numbers

    x, y = parse_numbers(text, "--start", 2)
    return (x, y)


def parse_size(text: str) -> tuple[int, int]:
    match = _SIZE.match(text)
    if not match:
        raise InputError(f"--size expects WxH such as 1400x900 (got {text!r})")
    w, h = int(match.group(1)), int(match.group(2))
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise InputError("--size must be between 320x240 and 8000x8000")
    return (w, h)


def parse_optimizers(text: str) -> list[str]:
    from landscape.optim import get_spec

    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise InputError("--optimizers expects names such as gd,momentum,adam")
    for name in names:
        get_spec(name)  # raises InputError with the known names
    return names


def run(args: argparse.Namespace) -> int:
    check_args(args)
    from ui.shell.app import run_app  # Qt loads only now

    return run_app(args)
