"""``landscape export``: the animation (PNG frames, GIF, MP4), a still for print (SVG, PDF)
or the trajectories (CSV, JSON).

    landscape export --preset rosenbrock --optimizers gd,momentum,adam --out race.gif
    landscape export --preset bowl --caption "GD on a bowl" --range 0:40 --out step40.pdf

Frames carry the formula, a legend of the runs and the step counter (``--no-formula``,
``--no-legend``, ``--no-step`` leave each out) and ``--caption`` under the panes.

Frames are drawn by the app's own views, offscreen: the contour view needs no display (Qt's
offscreen platform is used when there is none); the surface view needs OpenGL (run under
``xvfb-run`` on a machine without a display). Arguments are checked here before Qt loads;
PySide6 is imported only inside :func:`run`.
"""

from __future__ import annotations

import argparse
import re

from landscape.errors import InputError
from landscape.export.frames import DEFAULT_SIZE, FORMATS, VIEWS, ExportOptions
from landscape_cli.common import allow_leading_minus

_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*$")
_RANGE = re.compile(r"^\s*(\d*)\s*:\s*(\d*)\s*$")


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "export",
        help="export the race as PNG frames, GIF or MP4, a still SVG/PDF (or the trajectories)",
        description="Render the optimizers' race with the app's own views, offscreen, frame "
        "by frame (frame i shows step i × steps-per-frame), and write a numbered PNG "
        "sequence with manifest.json, an animated GIF, an H.264 MP4, one still frame as "
        "SVG or PDF (the last step of --range), or the trajectories alone as CSV or JSON. "
        "Frames carry the formula, a legend and the step counter. The format follows "
        "--out's extension unless --format says.",
    )
    what = p.add_mutually_exclusive_group()
    allow_leading_minus(
        what.add_argument("--function", metavar="EXPR", help="f(x, y), e.g. 'x^2 - y^2'")
    )
    what.add_argument("--preset", metavar="NAME", help="a preset (see `landscape presets`)")
    what.add_argument("--session", metavar="FILE", help="a saved session")
    p.add_argument(
        "--optimizers",
        metavar="A,B",
        help="optimizers to race, e.g. gd,adam (default: the session's, or gd,momentum,adam)",
    )
    from landscape_cli.gui import add_set_argument

    add_set_argument(p)
    allow_leading_minus(p.add_argument("--start", metavar="X,Y", help="start point, e.g. -1.5,2"))
    p.add_argument(
        "--steps",
        type=int,
        metavar="N",
        help="steps each optimizer may take (default: the session's, 500)",
    )
    p.add_argument(
        "--scale",
        choices=("auto", "linear", "log"),
        help="colour scale (default: the session's; auto: log only where f spans decades)",
    )
    p.add_argument(
        "--resolution",
        type=int,
        metavar="N",
        help="grid points per axis (default: the session's, 200)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="a folder for PNG frames, or a .gif / .mp4 / .svg / .pdf / .csv / .json file",
    )
    p.add_argument("--format", choices=FORMATS, help="png, gif, mp4, svg, pdf, csv or json")
    p.add_argument(
        "--view",
        choices=tuple(VIEWS),
        default="contour",
        help="what to draw (default contour); X+loss puts the loss curves beside",
    )
    allow_leading_minus(
        p.add_argument(
            "--size",
            metavar="WxH",
            default=None,
            help=f"pixels per view (default {DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})",
        )
    )
    p.add_argument("--fps", type=int, default=30, help="frames per second (default 30)")
    p.add_argument(
        "--steps-per-frame",
        type=int,
        default=1,
        metavar="K",
        help="optimizer steps between two frames (default 1)",
    )
    allow_leading_minus(
        p.add_argument("--range", metavar="FIRST:LAST", help="only these steps, e.g. 0:200")
    )
    p.add_argument(
        "--orbit", action="store_true", help="turn the surface camera slowly across the animation"
    )
    _add_overlay_options(p)
    p.set_defaults(handler=run)
    return p


def _add_overlay_options(p: argparse.ArgumentParser) -> None:
    """--caption and the --no-… switches of what a frame carries besides its views."""
    from ui.export.slide import MAX_CAPTION  # no Qt there

    allow_leading_minus(
        p.add_argument(
            "--caption",
            metavar="TEXT",
            help=f"a line of text under the views (at most {MAX_CAPTION} characters)",
        )
    )
    p.add_argument("--no-formula", action="store_true", help="leave the formula out")
    p.add_argument("--no-legend", action="store_true", help="leave the legend of runs out")
    p.add_argument("--no-step", action="store_true", help='leave the "step k / n" counter out')


def check_caption(text: str | None) -> str:
    """The caption as it will be drawn: one line, no control characters, checked length."""
    from ui.export.slide import MAX_CAPTION

    if text is None:
        return ""
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if len(cleaned) > MAX_CAPTION:
        raise InputError(f"--caption is {len(cleaned)} characters; keep it to {MAX_CAPTION}")
    return cleaned


def parse_size(text: str | None) -> tuple[int, int]:
    if text is None:
        return DEFAULT_SIZE
    match = _SIZE.match(text)
    if not match:
        raise InputError(f"--size expects WxH such as 800x600 (got {text!r})")
    return (int(match.group(1)), int(match.group(2)))


def parse_range(text: str | None) -> tuple[int, int | None]:
    if text is None:
        return (0, None)
    match = _RANGE.match(text)
    if not match or not (match.group(1) or match.group(2)):
        raise InputError(f"--range expects FIRST:LAST steps such as 0:200 (got {text!r})")
    first = int(match.group(1) or 0)
    last = int(match.group(2)) if match.group(2) else None
    return (first, last)


def options_from(args: argparse.Namespace) -> ExportOptions:
    """The checked export options (InputError on anything wrong); no Qt."""
    first, last = parse_range(args.range)
    options = ExportOptions(
        out=args.out,
        format=args.format,
        view=args.view,
        size=parse_size(args.size),
        fps=args.fps,
        steps_per_frame=args.steps_per_frame,
        first_step=first,
        last_step=last,
        orbit=args.orbit,
    ).check()
    if args.orbit and "surface" not in VIEWS[options.view]:
        raise InputError(
            "--orbit turns the surface camera: use it with --view surface, both or surface+loss"
        )
    if args.steps is not None and not 1 <= args.steps <= 100_000:
        raise InputError("--steps must be from 1 to 100000")
    if args.resolution is not None and not 16 <= args.resolution <= 1000:
        raise InputError("--resolution must be from 16 to 1000")
    args.caption = check_caption(getattr(args, "caption", None))
    return options


def check_session_args(args: argparse.Namespace) -> argparse.Namespace:
    """Parse --start/--optimizers and validate --preset/--function/--session (as `gui`)."""
    from landscape_cli.gui import parse_optimizers, parse_sets, parse_start

    args.sets = parse_sets(getattr(args, "set", None))
    args.start = parse_start(args.start) if args.start else None
    args.optimizers = parse_optimizers(args.optimizers) if args.optimizers else None
    args.session_data = None
    if args.preset:
        from landscape.presets import get_preset

        get_preset(args.preset)
    if args.function is not None:
        from landscape.parser import parse_expression

        parse_expression(args.function)
    if args.session:
        from landscape.session import load

        args.session_data = load(args.session)
    return args


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    check_session_args(args)
    from ui.shell.headless_export import run_export  # Qt loads only now

    return run_export(args, options)
