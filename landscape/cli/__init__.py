"""The ``landscape`` command: one sub-command per module in this package.

Bad input prints one ``error: ...`` line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from landscape.errors import InputError

#: sub-command name -> module under landscape.cli defining add_parser(sub) and run(args) -> int
COMMANDS = {
    "grad": "grad",
    "presets": "presets",
    "run": "run",
    "optimizers": "optimizers",
    "gui": "gui",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, status 2
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="landscape", description="See how machine learning learns.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, module in COMMANDS.items():
        try:
            mod = importlib.import_module(f"landscape.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"landscape.cli.{module}":
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


if __name__ == "__main__":
    sys.exit(main())
