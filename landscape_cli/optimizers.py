"""``landscape optimizers [NAME] [--json]``: the registry, with each update rule as implemented,
its source and conventions, and every hyperparameter."""

from __future__ import annotations

import math
import textwrap

from landscape_cli.common import print_json


def add_parser(sub) -> None:
    p = sub.add_parser(
        "optimizers", help="list the optimizers: update rules, sources and hyperparameters"
    )
    p.add_argument("name", nargs="?", help="show only this optimizer (e.g. adam)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=run)


def _bound(value):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def spec_json(spec) -> dict:
    from landscape.optim.schedules import SCHEDULE_RULES

    out = {
        "name": spec.name,
        "display_name": spec.display_name,
        "family": spec.family,
        "summary": spec.summary,
        "update_rule": spec.update_rule,
        "source": spec.source,
        "conventions": spec.conventions,
        "hyperparameters": [
            {
                "name": p.name,
                "kind": p.kind,
                "default": p.default,
                "lower": _bound(p.lower),
                "upper": _bound(p.upper),
                "log_scale": p.log_scale,
                "choices": list(p.choices) if p.choices else None,
                "doc": p.doc,
            }
            for p in spec.params
        ],
    }
    if spec.has_schedule:
        out["schedules"] = {
            name: {"formula": formula, "equals": equals}
            for name, (formula, equals) in SCHEDULE_RULES.items()
        }
    return out


def _text(spec) -> list[str]:
    lines = [f"{spec.name:<10} {spec.display_name}  ({spec.family})"]
    lines += ["    " + line for line in spec.update_rule.splitlines()]
    for label, text in (("source", spec.source), ("conventions", spec.conventions)):
        lines += textwrap.wrap(
            f"{label}: {text}", 96, initial_indent="    ", subsequent_indent="        "
        )
    keys = [f"{spec.name}.{p.name}={p.default!s}" for p in spec.params]
    width = max(len(k) for k in keys)
    for key, p in zip(keys, spec.params, strict=True):
        allowed = f"one of {', '.join(p.choices)}" if p.choices else p.range_text()
        lines.append(f"    --set {key:<{width}}  {allowed:<18} {p.doc}")
    return lines


def run(args) -> int:
    from landscape.optim import get_spec, list_specs
    from landscape.optim.registry import schedules_text

    specs = [get_spec(args.name)] if getattr(args, "name", None) else list_specs()
    if args.json:
        print_json([spec_json(s) for s in specs])
        return 0
    blocks = ["\n".join(_text(s)) for s in specs]
    if any(s.has_schedule for s in specs):
        blocks.append(schedules_text())
    print("\n\n".join(blocks))
    return 0
