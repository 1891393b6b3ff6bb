"""Thumbnails of the presets for the gallery: each preset sampled at low resolution by the
core, off the GUI thread, once per run of the app.

:func:`make_thumbnail` (a plain job) compiles a preset's expression (in the budget worker,
as the app compiles any formula), samples it with :func:`landscape.grid.sample_grid` on the
preset's domain at :data:`RESOLUTION`² and returns a :class:`Thumbnail`: colour positions in
``[0, 1]`` on the scale "auto" would choose, and the typeset formula (its SVG drawn there
too). :func:`thumbnail_cache` is the app's one :class:`ThumbnailCache`, which runs these jobs
on the background hub (:mod:`ui.state.background`), keeps every answer and says ``ready``.
No widget here: the gallery turns the numbers into pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from ui.state.background import background_hub

#: samples per axis of a thumbnail
RESOLUTION = 64
#: seconds a preset's compile may take (they take well under 2 s)
TIMEOUT = 20.0
_CHANNEL = "thumbnail:"


@dataclass(frozen=True)
class Thumbnail:
    """A preset's picture: ``unit (n, n)`` colour positions in 0..1 (``nan`` where f is
    undefined) with ``unit[i, j]`` at ``(xs[i], ys[j])`` of the preset's domain, the
    ``scale`` they are on ("linear" or "log"), and ``latex`` (``f = …``, or None when it
    cannot be typeset)."""

    name: str
    unit: np.ndarray
    scale: str
    latex: str | None


def make_thumbnail(preset, resolution: int, cancelled) -> Thumbnail:
    """The :class:`Thumbnail` of ``preset`` (a :class:`landscape.presets.Preset`)."""
    from landscape.compile import compile_objective
    from landscape.grid import Cancelled, sample_grid
    from landscape.scale import choose_scale
    from landscape.typeset import FORMULA_SIZE, latex_of, svg_of

    if cancelled():  # the gallery closed before this one's turn
        raise Cancelled("the thumbnail was cancelled")
    objective = compile_objective(preset.expression, timeout=TIMEOUT, parse_in_worker=True)
    if cancelled():
        raise Cancelled("the thumbnail was cancelled")
    grid = sample_grid(objective, preset.grid_domain, resolution, cancel=cancelled)
    scale = choose_scale(grid)
    body = latex_of(objective.expr)
    latex = None if body is None else f"f = {body}"
    if latex is not None and svg_of(latex, FORMULA_SIZE) is None:
        latex = None
    return Thumbnail(preset.name, grid.normalized(scale), scale, latex)


class ThumbnailCache(QObject):
    """Thumbnails by preset name; :meth:`request` starts the missing ones, ``ready(name)``
    says one arrived (``failed(name, message)`` that it could not be made)."""

    ready = Signal(str)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None, resolution: int = RESOLUTION) -> None:
        super().__init__(parent)
        self.resolution = resolution
        self._done: dict[str, Thumbnail] = {}
        self._errors: dict[str, str] = {}
        self._pending: set[str] = set()
        self._hub = background_hub()
        self._hub.finished.connect(self._on_finished)
        self._hub.failed.connect(self._on_failed)

    def get(self, name: str) -> Thumbnail | None:
        return self._done.get(name)

    def error(self, name: str) -> str | None:
        return self._errors.get(name)

    def request(self, presets) -> None:
        """Make the thumbnails of ``presets`` not made yet (nor being made), in order."""
        for preset in presets:
            channel = _CHANNEL + preset.name
            if preset.name in self._done or preset.name in self._pending:
                continue
            self._errors.pop(preset.name, None)
            self._pending.add(preset.name)
            self._hub.submit(channel, partial(make_thumbnail, preset, self.resolution))

    def cancel_pending(self) -> None:
        """Drop the thumbnails not made yet (the gallery closed): the budget worker is free
        for the landscape just chosen; they are asked for again when the gallery reopens."""
        for name in self._pending:
            self._hub.cancel(_CHANNEL + name)
        self._pending.clear()

    def pending(self) -> bool:
        """Some thumbnail is being made."""
        return bool(self._pending)

    def _on_finished(self, channel: str, result: object) -> None:
        if channel.startswith(_CHANNEL) and isinstance(result, Thumbnail):
            self._pending.discard(result.name)
            self._done[result.name] = result
            self.ready.emit(result.name)

    def _on_failed(self, channel: str, exc: object) -> None:
        if channel.startswith(_CHANNEL):
            name = channel[len(_CHANNEL) :]
            self._pending.discard(name)
            self._errors[name] = str(getattr(exc, "message", exc))
            self.failed.emit(name, self._errors[name])


_cache: ThumbnailCache | None = None


def thumbnail_cache() -> ThumbnailCache:
    """The application's thumbnail cache (made on first use, a child of the QApplication)."""
    global _cache
    app = QCoreApplication.instance()
    if _cache is None or _cache.parent() is not app:
        _cache = ThumbnailCache(app)
    return _cache
