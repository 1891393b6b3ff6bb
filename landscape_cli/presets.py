"""``landscape presets [--json]``: the built-in test functions."""

from __future__ import annotations

from landscape_cli.common import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("presets", help="list the built-in test functions")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=run)


def run(args) -> int:
    from landscape.presets import list_presets, preset_to_json

    presets = [preset_to_json(p) for p in list_presets()]
    if args.json:
        print_json(presets)
        return 0
    for p in presets:
        (x0, x1), (y0, y1) = p["domain"]
        print(f"{p['name']:<16} {p['expression']}")
        print(
            f"{'':<16} [{x0:g}, {x1:g}] × [{y0:g}, {y1:g}], start {tuple(p['start'])}, "
            f"f_min {p['f_min']}: {p['description']}"
        )
    return 0
