"""``landscape optimizers [--json]``: the registry, with every hyperparameter."""

from __future__ import annotations

import math

from landscape.cli.common import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("optimizers", help="list the optimizers and their hyperparameters")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=run)


def _bound(value):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def spec_json(spec) -> dict:
    return {
        "name": spec.name,
        "display_name": spec.display_name,
        "family": spec.family,
        "summary": spec.summary,
        "update_rule": spec.update_rule,
        "hyperparameters": [
            {"name": p.name, "kind": p.kind, "default": p.default, "lower": _bound(p.lower),
             "upper": _bound(p.upper), "log_scale": p.log_scale,
             "choices": list(p.choices) if p.choices else None, "doc": p.doc}
            for p in spec.params
        ],
    }


def _specs(name: str):
    from landscape.optim import get_spec

    return get_spec(name).params


def run(args) -> int:
    from landscape.optim import list_specs

    specs = [spec_json(s) for s in list_specs()]
    if args.json:
        print_json(specs)
        return 0
    for s in specs:
        print(f"{s['name']:<10} {s['display_name']}  ({s['family']})")
        for p, spec_param in zip(s["hyperparameters"], _specs(s["name"]), strict=True):
            allowed = (f"one of {', '.join(map(str, p['choices']))}" if p["choices"]
                       else spec_param.range_text())
            print(f"    --set {s['name']}.{p['name']}={p['default']!s:<10} {allowed:<16} "
                  f"{p['doc']}")
    return 0
