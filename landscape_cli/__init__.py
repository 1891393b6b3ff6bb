"""The ``landscape`` command: one sub-command per module in this package.

Bad input prints one ``error: ...`` line on stderr and exits with status 2.
"""

import os
import sys


def _forget_the_working_folder() -> None:
    """``python -m landscape_cli`` puts the working folder first on ``sys.path``, so a
    student's ``argparse.py`` or ``json.py`` there would be imported instead of the standard
    library's (and run). While ``-m`` locates this package ``sys.argv[0]`` is ``"-m"``: drop
    that entry before anything else is imported, unless it is the folder this package itself
    came from (a source checkout, which also holds ``ui``). The console script is safe: its
    first entry is its own ``bin`` folder."""
    if sys.argv[:1] != ["-m"] or sys.flags.safe_path or not sys.path:
        return
    first = os.path.realpath(sys.path[0] or ".")
    ours = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
    if first == os.path.realpath(os.getcwd()) and first != ours:
        del sys.path[0]


_forget_the_working_folder()

import argparse  # noqa: E402 - after the working folder left sys.path
import importlib  # noqa: E402

# The app and sweeps run numpy in several threads (or processes) at once on few cores; BLAS's
# own thread pool on top of that oversubscribes them (an MLP plane took 237 s instead of 1 s).
# Must be set before numpy is first imported; a person's own setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from landscape.errors import InputError  # noqa: E402 - after the BLAS settings
from landscape_cli.common import join_leading_minus  # noqa: E402

#: sub-command name -> module under landscape_cli defining add_parser(sub) and run(args) -> int
COMMANDS = {
    "grad": "grad",
    "presets": "presets",
    "run": "run",
    "optimizers": "optimizers",
    "gui": "gui",
    "datasets": "datasets",
    "sweep": "sweep",
    "compare": "compare",
    "export": "export",
}


class _Parser(argparse.ArgumentParser):
    """One-line errors; values that begin with '-' (``--at -1.2,1``) reach their options."""

    def error(self, message: str):  # one line, status 2
        self.exit(2, f"error: {message}\n")

    def parse_known_args(self, args=None, namespace=None):
        args = sys.argv[1:] if args is None else list(args)
        return super().parse_known_args(join_leading_minus(self, args), namespace)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="landscape", description="See how machine learning learns.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for module in COMMANDS.values():
        try:
            mod = importlib.import_module(f"landscape_cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"landscape_cli.{module}":
                continue  # not built yet
            raise
        mod.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        if "gui" in parser._subparsers._group_actions[0].choices:  # noqa: SLF001
            argv = ["gui"]
        else:
            parser.print_help()
            return 0
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `landscape ... | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
