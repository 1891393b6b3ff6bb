"""Model mode's landscape job (runs on a pool thread; Qt-free).

:func:`build_model_landscape` loads the data (a bad CSV raises InputError in words), builds the
model on the training split, chooses its 2-D view, samples the loss on a grid over that view
and extracts contour lines. For the MLP the view needs trained weights: a reference run (the
first first-order optimizer on screen, else Adam) is trained first, then the view is a
filter-normalised random plane through its final weights or the PCA plane of its trajectory.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from landscape.errors import InputError
from landscape.models.describe import caption, title
from landscape.models.view_objective import CANCEL_EVERY, ViewObjective
from landscape.scene import CONTOUR_LEVELS, TICK_COUNT, LandscapeData

#: the picture's colour scale: losses are positive, log spacing shows the valley floor
MODEL_SCALE = "log"


def build_model_landscape(
    config, reference: tuple[str, dict, str] | None, max_steps: int, cancelled: Callable[[], bool]
) -> LandscapeData:
    """``config``: a :class:`~landscape.session.ModelConfig`; ``reference``: (optimizer name,
    hyperparameters, display name) of the MLP's reference run."""
    from landscape.contours import contour_lines
    from landscape.grid import sample_grid
    from landscape.models.cli_support import build_model_objective, view_domain

    model, ctx = build_model_objective(config.name, config.data, dict(config.settings), seed=0)
    ref_name = ""
    if hasattr(model, "layout"):
        ref_name, domain = _mlp_view(model, ctx, config.view, reference, max_steps, cancelled)
    else:
        domain = view_domain(model, ctx.x0)
    text = title(config, ctx.data.name)
    objective = ViewObjective(
        model, ctx, config, _test_model(config, ctx), caption(model, config, ref_name), text
    )
    grid = sample_grid(objective, domain, config.resolution, cancel=cancelled)
    if not np.any(np.isfinite(grid.z)):
        raise InputError("the loss is not finite anywhere on this view")
    levels = grid.levels(CONTOUR_LEVELS, MODEL_SCALE)
    ticks = grid.levels(TICK_COUNT, MODEL_SCALE)
    return LandscapeData(
        text,
        domain,
        config.resolution,
        MODEL_SCALE,
        objective,
        grid,
        levels,
        contour_lines(grid, levels),
        ticks,
        kind="model",
    )


def _test_model(config, ctx):
    """The same model on the test split (its loss at each step is the test curve)."""
    from landscape.models.registry import build_model

    try:
        return build_model(config.name, ctx.test, ctx.settings, ctx.seed)
    except (InputError, ValueError, np.linalg.LinAlgError):
        return None


def _mlp_view(model, ctx, kind: str, reference, max_steps: int, cancelled):
    """Train the reference run, put the model's view through its weights; (name, domain)."""
    from landscape.grid import Cancelled
    from landscape.models.directions import filter_normalized_plane, trajectory_pca
    from landscape.optim import iterate, make_optimizer

    name, hyper, label = reference or ("adam", {}, "Adam")
    own = copy.copy(model)
    own.reset_counts()
    run = iterate(make_optimizer(name, **hyper), own, ctx.x0, max_steps=max_steps, keep_steps=False)
    for k, _info in enumerate(run):
        if k % CANCEL_EVERY == 0 and cancelled():
            raise Cancelled("superseded")
    xs = np.asarray(run.trajectory.xs, dtype=float)
    if kind == "pca":
        view = trajectory_pca(xs)
    else:
        view = filter_normalized_plane(model, xs[-1], ctx.seed)
    model.set_view(view)
    return label, _frame(view.project(xs), at_least=1.0 if kind != "pca" else 0.0)


def _frame(points: np.ndarray, at_least: float):
    """A domain around the projected reference path ``points (k, 2)`` and the origin."""
    from landscape.grid import Domain

    pts = np.vstack([points, [[0.0, 0.0]]])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2 * 1.3, 1e-3)
    half = np.maximum(half, 0.3 * half.max())
    if at_least:
        centre, half = np.zeros(2), np.full(2, max(at_least, 1.2 * float(np.abs(pts).max())))
    return Domain(
        centre[0] - half[0], centre[0] + half[0], centre[1] - half[1], centre[1] + half[1]
    )
