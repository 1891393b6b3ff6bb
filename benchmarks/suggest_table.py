"""Preset × optimizer: how each run ends with today's defaults and with the suggestions.

    python benchmarks/suggest_table.py [--steps N] [--suggested-steps] [--markdown]

Each cell is ``before → after``: the status letter (C converged, M max_steps, D diverged,
L line_search_failed, U undefined) and the steps taken. Runs are made as ``landscape run
--preset P --optimizers ...`` makes them (the preset's f_min and minima on the objective, the
bound 100 × the domain's largest coordinate, ``--steps`` 1000); ``--suggested-steps`` lets each
"after" run take its suggested step count instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from landscape.compile import compile_objective  # noqa: E402
from landscape.optim import REGISTRY, make_optimizer, run  # noqa: E402
from landscape.optim.suggest import suggest_all  # noqa: E402
from landscape.presets import list_presets  # noqa: E402

LETTERS = {
    "converged": "C",
    "max_steps": "M",
    "diverged": "D",
    "line_search_failed": "L",
    "undefined": "U",
}


def _cell(t) -> str:
    return f"{LETTERS.get(t.status, t.status[:1].upper())}{t.n_steps}"


def rows(steps: int, suggested_steps: bool):
    for preset in list_presets():
        objective = compile_objective(preset.expression)
        objective.f_min, objective.minima = preset.f_min, preset.minima
        (x0, x1), (y0, y1) = preset.domain
        bound = 100.0 * max(abs(x0), abs(x1), abs(y0), abs(y1), 1.0)
        given = None if suggested_steps else steps
        suggestions = suggest_all(
            objective, preset.start, domain=preset.grid_domain, max_steps=given
        )
        cells = []
        for name in REGISTRY:
            before = run(
                make_optimizer(name),
                objective,
                preset.start,
                max_steps=steps,
                bound=bound,
                keep_steps=False,
            )
            s = suggestions[name]
            after = run(
                make_optimizer(name, **s.hyper()),
                objective,
                preset.start,
                max_steps=s.max_steps,
                bound=bound,
                keep_steps=False,
            )
            cells.append(f"{_cell(before)}→{_cell(after)}")
        yield preset.name, cells


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--suggested-steps", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    names = list(REGISTRY)
    if args.markdown:
        print("| preset | " + " | ".join(names) + " |")
        print("|---" * (len(names) + 1) + "|")
    else:
        print("preset".ljust(16) + "".join(n.rjust(13) for n in names))
    for preset, cells in rows(args.steps, args.suggested_steps):
        if args.markdown:
            print(f"| {preset} | " + " | ".join(cells) + " |")
        else:
            print(preset.ljust(16) + "".join(c.rjust(13) for c in cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
