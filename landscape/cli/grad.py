"""``landscape grad EXPR --at V1,V2,...``: value, exact gradient and Hessian at a point."""

from __future__ import annotations

import math

import numpy as np

from landscape.cli.common import allow_leading_minus, parse_numbers, print_json
from landscape.errors import InputError


def add_parser(sub) -> None:
    p = sub.add_parser("grad", help="value, exact gradient and Hessian of an expression at a point",
                       description="Differentiate EXPR exactly and evaluate it at a point.")
    p.add_argument("expression", metavar="EXPR", help='e.g. "x^2 + 2xy + 3y^2"')
    allow_leading_minus(p.add_argument("--at", required=True, metavar="V1,V2,...",
                                       help="the point, one value per variable, e.g. -1.2,1"))
    p.add_argument("--vars", metavar="x,y,z", help="variable order (default: names sorted)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--critical", action="store_true",
                   help="also list critical points (2 variables)")
    p.set_defaults(handler=run)


def _variables(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [v.strip() for v in text.split(",")]
    if not all(names) or len(set(names)) != len(names):
        raise InputError(f"--vars needs distinct names separated by commas, got {text!r}")
    return names


def result_dict(text: str, at: str, vars_text: str | None, critical: bool) -> dict:
    from landscape.calculus import evaluate_at
    from landscape.compile import compile_objective

    objective = compile_objective(text, _variables(vars_text))
    point = parse_numbers(at, "--at")
    if len(point) != objective.n:
        names = ", ".join(objective.variables) or "none"
        raise InputError(f"--at has {len(point)} values but the expression has "
                         f"{objective.n} variables ({names})")
    info = evaluate_at(objective, np.array(point, dtype=float))
    numbers = [info.value, *np.ravel(info.gradient), *np.ravel(info.hessian)]
    if not all(math.isfinite(v) for v in numbers):
        raise InputError(f"the function or its derivatives are not defined at {tuple(point)}")
    out = {
        "variables": list(objective.variables),
        "expression": str(objective.expr),
        "value": float(info.value),
        "gradient": [float(g) for g in info.gradient],
        "gradient_expr": [str(g) for g in objective.grad_exprs],
        "hessian": [[float(h) for h in row] for row in info.hessian],
        "hessian_eigenvalues": [float(e) for e in info.eigenvalues],
    }
    if critical:
        out["critical_points"] = _critical(objective, point)
    return out


def _critical(objective, point) -> list[dict]:
    from landscape.budget import run_with_budget
    from landscape.critical import find_critical_points
    from landscape.grid import Domain

    if objective.n != 2:
        raise InputError(f"--critical needs 2 variables, the expression has {objective.n}")
    r = max(5.0, 2 * max(abs(v) for v in point))
    domain = Domain(-r, r, -r, r)
    points = find_critical_points(objective, domain, run=run_with_budget)
    return [{"point": [float(c) for c in cp.point], "value": float(cp.value), "kind": cp.kind}
            for cp in points]


def run(args) -> int:
    out = result_dict(args.expression, args.at, args.vars, args.critical)
    if args.json:
        print_json(out)
        return 0
    print(f"f({', '.join(out['variables'])}) = {out['expression']}")
    print(f"value      {out['value']:.10g}")
    for name, g, ge in zip(out["variables"], out["gradient"], out["gradient_expr"], strict=True):
        print(f"∂f/∂{name:<6} {g:>14.10g}    = {ge}")
    print("Hessian")
    for row in out["hessian"]:
        print("  " + "  ".join(f"{h:>12.6g}" for h in row))
    print("eigenvalues " + "  ".join(f"{e:.6g}" for e in out["hessian_eigenvalues"]))
    for cp in out.get("critical_points", []):
        x, y = cp["point"]
        print(f"critical   ({x:.6g}, {y:.6g})  f = {cp['value']:.6g}  {cp['kind']}")
    return 0
