"""The results table's rows read from the model (the rules are in :mod:`landscape.results`).

``results_rows(model)``: one :class:`~landscape.results.ResultRow` per run, in the model's
order, with f* and the known minimisers taken from what the model holds (the preset's
minimum value, the critical points found, the objective's known ``minima``).
"""

from __future__ import annotations

from landscape.results import (
    ResultRow,
    RunResult,
    known_minimisers,
    reference_minimum,
    result_rows,
)

DEFAULT_GTOL = 1e-6


def _gtol(entry) -> float:
    """The run's own gtol: its value, else its optimizer's default."""
    from landscape.optim.registry import REGISTRY

    spec = REGISTRY.get(entry.name)
    default = spec.defaults().get("gtol", DEFAULT_GTOL) if spec is not None else DEFAULT_GTOL
    try:
        return float(entry.hyper.get("gtol", default))
    except (TypeError, ValueError):
        return float(default)


def results_rows(model) -> list[ResultRow]:
    """The rows for every run of ``model`` (an :class:`~ui.state.model.AppModel`)."""
    objective = model.landscape.objective if model.landscape is not None else None
    f_star = reference_minimum(model.known_f_min(), model.critical_points)
    minimisers = known_minimisers(model.critical_points, getattr(objective, "minima", ()) or ())
    runs = [
        RunResult(
            entry.run_id,
            entry.label or entry.display_name,
            entry.color,
            entry.trajectory,
            entry.error,
            entry.pending,
            _gtol(entry),
        )
        for entry in model.runs
    ]
    return result_rows(runs, f_star, minimisers)


def legend_entries(model) -> list[tuple[int, str, str]]:
    """``(run_id, text, colour)`` for every run drawn (visible and computed), in the model's
    order; the winner's text ends in " ★" (:data:`landscape.results.WIN_RULE`)."""
    drawn = {r.run_id for r in model.visible_runs()}
    if not drawn:
        return []
    winners = {row.run_id for row in results_rows(model) if row.winner}
    return [
        (r.run_id, (r.label or r.display_name) + (" ★" if r.run_id in winners else ""), r.color)
        for r in model.runs
        if r.run_id in drawn
    ]
