"""A model's landscape, built one way for the app, the headless export and the command line.

:func:`model_objective` is the one builder: it loads the data (a bad CSV raises InputError in
words), builds the model on the training split and chooses its 2-D view. For the MLP the view
needs trained weights: a reference run (:func:`choose_reference`: the first adaptive, else
first-order, optimizer on screen, else Adam) is trained first, then the view is a
filter-normalised random plane through its final weights or the PCA plane of its trajectory.
:func:`build_model_landscape` (model mode's landscape job; runs on a pool thread) adds the
loss sampled over the view and its contour lines. Runs train every parameter
(:meth:`~landscape.models.view_objective.ViewObjective.train`). Qt-free.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from landscape.errors import InputError
from landscape.grid import Domain
from landscape.models.describe import caption, title
from landscape.models.view_objective import CANCEL_EVERY, ViewObjective
from landscape.scene import CONTOUR_LEVELS, TICK_COUNT, LandscapeData

#: the picture's colour scale: losses are positive, log spacing shows the valley floor
MODEL_SCALE = "log"
#: the MLP's plane is made from the first run of these families, in this order of preference
REFERENCE_FAMILIES = ("adaptive", "first-order")


def _never() -> bool:
    return False


def model_objective(
    config,
    reference: tuple[str, dict, str] | None = None,
    max_steps: int = 500,
    cancelled: Callable[[], bool] = _never,
    *,
    seed: int = 0,
    frame: bool = True,
) -> tuple[ViewObjective, Domain]:
    """The one builder of a model and its view, shared by the app, the headless export and
    ``landscape run --model``: ``(objective, domain)`` with ``objective`` the
    :class:`ViewObjective` (``objective.model`` the full model on the training split,
    ``objective.context`` the splits, scaler and start ``x0 (n,)``) and ``domain`` the frame
    of its 2-D view.

    ``config``: a :class:`~landscape.session.ModelConfig`; ``seed`` seeds the model's
    initialisation (the MLP's weights; the data split uses the ``data_seed`` setting).
    ``frame=False`` keeps the model's own view and skips the MLP's reference run (for the
    command line, whose runs do not need a picture); else ``reference`` is (optimizer name,
    hyperparameters, display name) of the run the MLP's plane is made from (None: Adam),
    trained for ``max_steps``. InputError for bad data or settings.
    """
    from landscape.models.cli_support import build_model_objective, view_domain

    model, ctx = build_model_objective(config.name, config.data, dict(config.settings), seed)
    ref_name = ""
    if frame and config.name == "mlp":
        ref_name, domain = _mlp_view(model, ctx, config.view, reference, max_steps, cancelled)
    else:
        domain = view_domain(model, ctx.x0)
    text = title(config, ctx.data.name)
    objective = ViewObjective(
        model, ctx, config, _test_model(config, ctx), caption(model, config, ref_name), text
    )
    return objective, domain


def choose_reference(runs) -> tuple[str, dict, str] | None:
    """The run an MLP's plane is made from, among ``runs`` ((name, hyperparameters, display
    name) in screen order): the first adaptive optimizer (they train a network furthest),
    else the first first-order one; None (Adam's defaults) when there is neither."""
    from landscape.optim import get_spec

    runs = list(runs)
    for family in REFERENCE_FAMILIES:
        for name, hyper, label in runs:
            if get_spec(name).family == family:
                return name, dict(hyper), label
    return None


def build_model_landscape(
    config,
    reference: tuple[str, dict, str] | None,
    max_steps: int,
    cancelled: Callable[[], bool],
    seed: int = 0,
) -> LandscapeData:
    """Model mode's landscape: :func:`model_objective`, its loss sampled on the view's
    domain at ``config.resolution`` points per axis (log colour scale), contour lines."""
    from landscape.contours import contour_lines
    from landscape.grid import sample_grid

    objective, domain = model_objective(
        config, reference, max_steps, cancelled, seed=seed, frame=True
    )
    grid = sample_grid(objective, domain, config.resolution, cancel=cancelled)
    if not np.any(np.isfinite(grid.z)):
        raise InputError("the loss is not finite anywhere on this view")
    levels = grid.levels(CONTOUR_LEVELS, MODEL_SCALE)
    ticks = grid.levels(TICK_COUNT, MODEL_SCALE)
    return LandscapeData(
        objective.text,
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
    from landscape.models.hyper import model_hyper
    from landscape.optim import iterate, make_optimizer

    name, given, label = reference or ("adam", {}, "Adam")
    hyper = model_hyper(name, model, ctx.x0, given, max_steps=max_steps)  # as the run trains
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


def _frame(points: np.ndarray, at_least: float) -> Domain:
    """A domain around the projected reference path ``points (k, 2)`` and the origin."""
    pts = np.vstack([points, [[0.0, 0.0]]])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2 * 1.3, 1e-3)
    half = np.maximum(half, 0.3 * half.max())
    if at_least:
        centre, half = np.zeros(2), np.full(2, max(at_least, 1.2 * float(np.abs(pts).max())))
    return Domain(
        centre[0] - half[0], centre[0] + half[0], centre[1] - half[1], centre[1] + half[1]
    )
