"""The landscape on screen as plain data: the record (:class:`LandscapeData`) and its builder
for a typed formula (:func:`build_landscape`). Qt-free; the app, the headless export and the
command line all build the same record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from landscape.kinks import NOTE  # noqa: F401 - the formulas' key, re-exported for the app

#: what a landscape is the loss of: a typed formula f(x, y), or a model's loss on a 2-D view
KINDS = ("function", "model")
CONTOUR_LEVELS = 24
TICK_COUNT = 6
#: most labelled ticks on the colour bar (:func:`landscape.scale.ticks`)
COLOR_BAR_TICKS = 7
#: the wall-clock safety net of differentiating what a person typed; the refusal itself is
#: landscape.symbolic.MAX_DERIVE_OPERATIONS (counted: the same at any load), whose worst
#: case takes about 5 s here, so this is about 10× that
COMPILE_TIMEOUT = 60.0


@dataclass
class LandscapeData:
    """A computed landscape: ``objective``, ``grid`` (z (nx, ny)), contour ``lines``, the
    ``levels (n,)``, and the inputs that made it. ``domain`` is the sampled rectangle (the
    view's range after a zoom or pan); ``scale`` the scale drawn ("linear" or "log": "auto"
    resolved by :func:`landscape.scale.choose_scale`).

    ``color_ticks``: the colour bar's ``[(value, label)]`` (:func:`landscape.scale.ticks`,
    distinct readable labels) and ``color_tick_positions (k,)`` where they sit on the bar
    (0..1), computed on construction (in the worker that builds the record).

    ``kind`` (one of :data:`KINDS`) is the one answer to "is this a model landscape?":
    "function" for a typed formula (``objective`` a SymbolicObjective), "model" for a model's
    loss seen through a 2-D view (``objective`` a :class:`~landscape.models` view objective,
    whose runs train every parameter of the model).
    """

    text: str
    domain: Any
    resolution: int
    scale: str
    objective: Any
    grid: Any
    levels: Any
    lines: list
    tick_levels: Any = None
    kind: str = "function"
    color_ticks: list = field(default_factory=list)
    color_tick_positions: Any = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.objective is not None and objective_kind(self.objective) != self.kind:
            raise ValueError(f"a {self.kind} landscape on a {objective_kind(self.objective)}")
        if self.grid is not None and self.scale in ("linear", "log") and not self.color_ticks:
            from landscape.scale import tick_positions, ticks

            self.color_ticks = ticks(self.grid, self.scale, COLOR_BAR_TICKS)
            values = [v for v, _ in self.color_ticks]
            self.color_tick_positions = tick_positions(self.grid, self.scale, values)

    @property
    def is_model(self) -> bool:
        """True for a model's loss on a view (``kind == "model"``)."""
        return self.kind == "model"


def objective_kind(objective) -> str:
    """The :data:`KINDS` entry of ``objective``: "model" for a model seen through its 2-D view
    (:class:`~landscape.models.view_objective.ViewObjective`), else "function". The one place
    that looks at an objective's type; a landscape's :attr:`LandscapeData.kind` agrees with it.
    """
    from landscape.models.view_objective import ViewObjective

    return "model" if isinstance(objective, ViewObjective) else "function"


def build_landscape(
    text: str,
    domain,
    resolution: int,
    scale: str,
    objective,
    cancelled: Callable[[], bool],
    fit_start=None,
) -> LandscapeData:
    """Compile ``text`` (unless ``objective`` is given), sample it on ``domain`` and extract
    its contour lines; ``scale`` "auto", "linear" or "log" (the record holds the one drawn).
    ``fit_start (x, y)``: sample on the domain fitted to f instead
    (:func:`landscape.domain_fit.fit_domain_showing`, which also shows that start; should
    the fit fail, on ``domain``).
    Raises InputError/BudgetError for bad or costly text."""
    from landscape.contours import contour_lines
    from landscape.grid import sample_grid
    from landscape.scale import resolve_scale

    if objective is None:
        from landscape.compile import compile_objective

        objective = compile_objective(text, timeout=COMPILE_TIMEOUT, parse_in_worker=True)
    if fit_start is not None:
        from landscape.domain_fit import fit_domain_showing

        try:
            domain = fit_domain_showing(objective, fit_start)
        except Exception:  # noqa: BLE001 - the fit is a courtesy: the asked domain still shows f
            pass
    grid = sample_grid(objective, domain, resolution, cancel=cancelled)
    drawn = resolve_scale(scale, grid)
    levels = grid.levels(CONTOUR_LEVELS, drawn)
    lines = contour_lines(grid, levels)
    ticks = grid.levels(TICK_COUNT, drawn)
    return LandscapeData(text, domain, resolution, drawn, objective, grid, levels, lines, ticks)


def resample_landscape(
    data: LandscapeData, domain, scale: str | None, cancelled: Callable[[], bool]
) -> LandscapeData:
    """``data``'s function (or model view) sampled again on ``domain`` at the same grid
    shape, with its levels, lines and colour bar: what a zoom or pan shows. ``scale``: the
    asked scale ("auto" is resolved on the new grid), None: ``data.scale``. Same kind,
    objective and text."""
    from landscape.contours import contour_lines
    from landscape.grid import sample_grid
    from landscape.scale import resolve_scale

    grid = sample_grid(data.objective, domain, data.grid.shape, cancel=cancelled)
    drawn = resolve_scale(scale or data.scale, grid)
    levels = grid.levels(CONTOUR_LEVELS, drawn)
    lines = contour_lines(grid, levels)
    ticks = grid.levels(TICK_COUNT, drawn)
    return LandscapeData(
        data.text,
        domain,
        data.resolution,
        drawn,
        data.objective,
        grid,
        levels,
        lines,
        ticks,
        kind=data.kind,
    )
