"""``landscape grad EXPR --at V1,V2,...``: value, exact gradient and Hessian at a point."""

from __future__ import annotations

import math

import numpy as np

from landscape.errors import InputError
from landscape_cli.common import allow_leading_minus, parse_numbers, print_json


def add_parser(sub) -> None:
    p = sub.add_parser(
        "grad",
        help="value, exact gradient and Hessian of an expression at a point",
        description="Differentiate EXPR exactly and evaluate it at a point.",
    )
    p.add_argument("expression", metavar="EXPR", help='e.g. "x^2 + 2xy + 3y^2"')
    allow_leading_minus(
        p.add_argument(
            "--at",
            required=True,
            metavar="V1,V2,...",
            help="the point, one value per variable, e.g. -1.2,1",
        )
    )
    p.add_argument("--vars", metavar="x,y,z", help="variable order (default: names sorted)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--critical",
        action="store_true",
        help="also list critical points and curves of them (1 to 3 variables)",
    )
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
    from landscape.kinks import describe
    from landscape.symbolic import readable

    objective = compile_objective(text, _variables(vars_text))
    point = parse_numbers(at, "--at")
    if len(point) != objective.n:
        names = ", ".join(objective.variables) or "none"
        values = "1 value" if len(point) == 1 else f"{len(point)} values"
        variables = "1 variable" if objective.n == 1 else f"{objective.n} variables"
        raise InputError(
            f"--at has {values} but the expression has {variables} ({names}); "
            f"give one number per variable, e.g. --at {','.join(['1'] * max(objective.n, 1))}"
        )
    info = evaluate_at(objective, np.array(point, dtype=float))
    _check_defined(info, objective.symbols, point)
    out = {
        "variables": list(objective.variables),
        "expression": readable(objective.expr),
        "value": float(info.value),
        "gradient": [float(g) for g in info.gradient],
        "gradient_expr": [readable(g) for g in objective.grad_exprs],
        "hessian": [[float(h) for h in row] for row in info.hessian],
        "hessian_eigenvalues": [float(e) for e in info.eigenvalues],
    }
    if objective.nonsmooth:
        out["nonsmooth"] = list(objective.nonsmooth)
        out["kinks"] = describe(objective.nonsmooth)
    if critical:
        listing = _critical(objective, point)
        out["critical_points"] = listing["points"]
        out["critical_sets"] = listing["sets"]
        out["critical_summary"] = listing["summary"]
        out["critical_notes"] = listing["notes"]
    return out


def point_text(point) -> str:
    """``(1, 1)``, ``(-1.5)``: the point as people typed it."""
    return "(" + ", ".join(f"{float(v):g}" for v in point) + ")"


def _check_defined(info, symbols, point) -> None:
    """InputError naming what is undefined (not finite, or complex) at ``point``:
    "f is undefined at (-1)", "∂f/∂x and ∂f/∂y are undefined at (0, 0) (f = 0 there)"."""
    from landscape.symbolic import derivative_names

    where = point_text(point)
    if not math.isfinite(info.value):
        raise InputError(f"f is undefined at {where}")
    grad_names, hess_names = derivative_names(symbols)
    bad_grad = [
        name for name, g in zip(grad_names, info.gradient, strict=True) if not math.isfinite(g)
    ]
    n = len(grad_names)
    bad_hess = [
        hess_names[i][j]
        for i in range(n)
        for j in range(i, n)
        if not math.isfinite(info.hessian[i][j])
    ]
    if n > 1 and len(bad_grad) == n:
        bad_grad = ["∇f"]
    if n > 1 and len(bad_hess) == n * (n + 1) // 2:
        bad_hess = ["∇²f"]
    bad = bad_grad + bad_hess
    if bad:
        listed = ", ".join(bad[:-1]) + " and " + bad[-1] if len(bad) > 1 else bad[0]
        verb = "are" if len(bad) > 1 else "is"
        raise InputError(f"{listed} {verb} undefined at {where} (f = {info.value:.6g} there)")


def _critical(objective, point) -> dict:
    """The critical listing: points, sets, counts and notes as plain JSON-ready data."""
    from landscape.budget import run_with_budget
    from landscape.critical import find_critical
    from landscape.grid import Domain

    if not 1 <= objective.n <= 3:
        raise InputError(
            f"--critical searches functions of 1 to 3 variables, the expression has {objective.n}"
        )
    r = max(5.0, 2 * max(abs(v) for v in point))
    domain = Domain(-r, r, -r, r) if objective.n == 2 else [(-r, r)] * objective.n
    result = find_critical(objective, domain, run=run_with_budget)
    return {
        "points": [_point_dict(cp) for cp in result.points],
        "sets": [_set_dict(cs) for cs in result.sets],
        "summary": {
            "text": result.summary(),
            "total": result.total,
            "shown": len(result.points),
            "dropped": dict(result.dropped),
            "methods": list(result.methods),
            "complete": result.complete,
            "domain": [[-r, r]] * objective.n,
        },
        "notes": list(result.notes),
    }


def _number(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def _point_dict(cp) -> dict:
    out = {
        "point": [float(c) for c in cp.point],
        "value": float(cp.value),
        "kind": cp.kind,
        "label": cp.label,
        "degenerate": cp.degenerate,
        "method": cp.method,
        "test": cp.test,
        "eigenvalues": [_number(e) for e in cp.eigenvalues],
    }
    if cp.exact:
        out["exact"] = list(cp.exact)
    if cp.rough:
        out["rough"] = cp.rough
    return out


def _set_dict(cs) -> dict:
    return {
        "description": cs.description,
        "kind": cs.kind,
        "equation": cs.equation,
        "value": _number(cs.value),
        "method": cs.method,
        "dimension": cs.dimension,
        "pieces": [[[float(v) for v in p] for p in piece] for piece in cs.pieces()],
    }


def _print_critical(listing: dict, names: list[str]) -> None:
    print(f"critical points: {listing['summary']['text']}")
    for cp in listing["points"]:
        where = ", ".join(f"{c:.6g}" for c in cp["point"])
        exact = f"  = ({', '.join(cp['exact'])})" if cp.get("exact") else ""
        print(
            f"critical   ({where})  f = {cp['value']:.6g}  {cp['label']}  [{cp['method']}]{exact}"
        )
    for cs in listing["sets"]:
        value = "" if cs["value"] is None else f", f = {cs['value']:.6g}"
        print(f"critical set  {cs['description']}{value}  [{cs['method']}]")
    for note in listing["notes"]:
        print(f"note: {note}")


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
    if "kinks" in out:
        print(f"note       {out['kinks']}")
    if "critical_points" in out:
        _print_critical(
            {
                "points": out["critical_points"],
                "sets": out["critical_sets"],
                "summary": out["critical_summary"],
                "notes": out["critical_notes"],
            },
            out["variables"],
        )
    return 0
