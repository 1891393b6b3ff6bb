"""Export frames drawn by the app's own views, offscreen, as RGBA numpy arrays.

A :class:`FrameRenderer` builds private instances of :class:`~ui.views.contour_view.ContourView`,
:class:`~ui.views.surface_view.SurfaceView` and :class:`~ui.views.loss_panel.LossPanel` on a private
:class:`~ui.state.model.AppModel` filled from the app's through its setters (same landscape, runs,
colours, overlays, critical points, and the model's view range, camera and log axes: the views
follow those fields as they do in the app, so nothing is read from a view's private items),
in a window that never shows on screen. Rendering step
``s`` sets that model's frame to ``s`` — the playback index — and grabs the views, so a frame
is what the person sees at step ``s``. The app's own model and views are never touched.

2D panels are drawn in two layers: everything that does not move (image, contour lines, axes,
colour bar) once, then per frame only the moving items (trails, points, vectors, the start
marker and, in the loss panel, the curves and the cursor) over a copy of it. The result is
pixel-identical to a full redraw (the tests check) and several times faster.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QElapsedTimer, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from landscape.errors import InputError
from landscape.export.frames import DEFAULT_SIZE, output_size, panels
from landscape.session import Camera
from ui.state.model import AppModel

GL_WAIT_MS = 15_000
#: colour map entries a GIF palette reserves
COLORMAP_SAMPLES = 48
GL_FIX = (
    "the surface view needs OpenGL, and no OpenGL context could be made here. "
    "Run under a virtual display (xvfb-run -a landscape export …), or use --view contour"
)


@dataclass
class ViewState:
    """How the views are looked at: the 2D ``view_range`` ``(xmin, xmax, ymin, ymax)`` (None:
    the whole domain), the 3D ``camera`` (a :class:`~landscape.session.Camera`, None: fitted)
    and the loss panel's log axes: the model's fields of those names."""

    view_range: tuple | None = None
    camera: Camera | None = None
    loss_log: bool = True


def view_state_of(source) -> ViewState:
    """The view state of an :class:`~ui.state.model.AppModel` (or of a window's ``model``), read
    from the model's fields (a window first writes a pan or turn still waiting)."""
    if hasattr(source, "capture_session"):  # a window: its views write what is waiting
        source.capture_session()
    model = getattr(source, "model", source)
    return ViewState(model.view_range, model.camera, model.loss_log)


def copy_model(source: AppModel, target: AppModel, state: ViewState | None = None) -> None:
    """Fill ``target`` with ``source``'s state through its setters (the views attached to
    ``target`` follow as they do in the app); ``state`` overrides how it is looked at.
    Trajectories and results are shared, not copied: plain data that nobody changes."""
    target.set_request(source.text, source.domain, source.resolution, source.scale)
    target.set_preset(source.preset)
    target.set_colormap(source.colormap)
    target.set_max_steps(source.max_steps)
    target.set_mode(source.mode)
    target.set_model_config(source.model_config)
    target.set_overlays(source.overlays)
    target.set_arrow_length(source.arrow_length)
    target.set_shading(source.shading)
    target.set_start(*source.start)
    if source.landscape is not None:
        target.set_landscape(source.landscape)
    for entry in source.runs:
        mine = target.add_run(
            entry.name, entry.display_name, entry.hyper, entry.color, entry.visible
        )
        target.update_run(mine.run_id, extra=dict(entry.extra))
        target.set_trajectory(mine.run_id, entry.trajectory, entry.error)
    ids = [r.run_id for r in source.runs]
    if source.selected_run in ids:
        target.select_run(target.runs[ids.index(source.selected_run)].run_id)
    target.set_critical(source.critical_points, source.critical_sets, source.critical_summary)
    state = state or view_state_of(source)
    target.set_view_range(state.view_range)
    target.set_camera(state.camera)
    target.set_loss_log(state.loss_log)


def copy_into(out: np.ndarray, image: QImage) -> None:
    """Copy ``image`` (any format) into ``out (h, w, 4|3)`` as RGBA or RGB."""
    channels = out.shape[2]
    fmt = QImage.Format.Format_RGBA8888 if channels == 4 else QImage.Format.Format_RGB888
    converted = image.convertToFormat(fmt)
    h, w = out.shape[:2]
    bpl = converted.bytesPerLine()
    buf = np.frombuffer(converted.constBits(), dtype=np.uint8, count=bpl * converted.height())
    rows = buf.reshape(converted.height(), bpl)[:h, : w * channels]
    out[:] = rows.reshape(h, w, channels)


@contextmanager
def _transparent(items):
    """Leave ``items`` out of the pictures drawn inside the block."""
    saved = [(item, item.opacity()) for item in items]
    for item, _ in saved:
        item.setOpacity(0.0)
    try:
        yield
    finally:
        for item, opacity in saved:
            item.setOpacity(opacity)


def _empty(item) -> bool:
    """Whether a pyqtgraph curve or scatter item holds no points."""
    if hasattr(item, "xData") and not hasattr(item, "scatter"):  # PlotCurveItem
        return item.xData is None or len(item.xData) == 0
    data = getattr(item, "data", None)
    if isinstance(data, np.ndarray) and data.dtype.names is not None:  # ScatterPlotItem
        return len(data) == 0
    return False


def _descendants(item) -> list:
    out = []
    for child in item.childItems():
        out.append(child)
        out.extend(_descendants(child))
    return out


class GraphicsPanel:
    """A pyqtgraph GraphicsView drawn into QImages of its own size, in two layers (see the
    module docstring) unless ``layered`` is False. ``moving()`` lists the items that change
    with the frame."""

    def __init__(self, view, moving, layered: bool = True) -> None:
        self.view, self.moving, self.layered = view, moving, layered
        self.background: QImage | None = None
        self.under: QImage | None = None
        self.areas: list[QRect] = []
        self._hidden: list = []
        self._brush = None
        self._signature = None

    def _paint(self, image: QImage) -> None:
        painter = QPainter(image)
        try:
            self.view.render(
                painter, QRectF(0, 0, image.width(), image.height()), self.view.viewport().rect()
            )
        finally:
            painter.end()

    def full(self) -> QImage:
        image = QImage(self.view.width(), self.view.height(), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        self._paint(image)
        return image

    def settle(self, tries: int = 4) -> None:
        """Paint until the layout stops moving: pyqtgraph sizes its axes to the tick labels
        while painting, which can shift the plot once after the first paint."""
        previous = None
        for _ in range(tries):
            image = self.full()
            QApplication.processEvents()
            if previous is not None and image == previous:
                return
            previous = image

    def render(self) -> QImage:
        if not self.layered:
            return self.full()
        moving = self.moving()
        signature = (len(self.view.scene().items()), tuple(id(i) for i in moving))
        if signature != self._signature:
            self._prepare(moving)
            self._signature = signature
        for item in moving:  # an empty item draws nothing: skip pyqtgraph's paint call
            item.setVisible(not _empty(item))
        work = (self.under if self.under is not None else self.background).copy()
        self._paint(work)
        if self.under is None:
            return work
        image = self.background.copy()
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for rect in self.areas:
            painter.drawImage(rect, work, rect)
        painter.end()
        return image

    def _prepare(self, moving: list) -> None:
        """Draw the still layers once, then leave visible only what is drawn per frame: the
        moving items and the still items painted over them where they move (an axis line
        or grid drawn above a curve). Per frame both are drawn over the picture without
        them, and the moving areas of that replace the same areas of the still picture."""
        self.restore()
        self.settle()
        keep, self.areas = self._areas(moving)
        with _transparent(moving):
            self.background = self.full()
            over = [item for item in self._painted_after(moving, keep) if self._paints_inside(item)]
            with _transparent(over):
                self.under = self.full() if over else None
        keep.update(over)
        keep.update(child for item in over for child in _descendants(item))
        for item in self.view.scene().items():
            if item not in keep and item.opacity() > 0:
                self._hidden.append((item, item.opacity()))
                item.setOpacity(0.0)
        self._brush = self.view.backgroundBrush()
        self.view.setBackgroundBrush(QBrush(Qt.BrushStyle.NoBrush))

    def _areas(self, moving: list) -> tuple[set, list[QRect]]:
        """``keep``: the moving items, their children and ancestors; the areas (view pixels)
        where they can appear: the rectangles of the items that clip them (view boxes)."""
        keep, clips = set(), []
        for item in moving:
            keep.add(item)
            keep.update(_descendants(item))
            parent, clip = item.parentItem(), None
            clips_flag = item.GraphicsItemFlag.ItemClipsChildrenToShape
            while parent is not None:
                keep.add(parent)
                if clip is None and parent.flags() & clips_flag:
                    clip = parent
                parent = parent.parentItem()
            clips.append(clip or item)
        bounds = self.view.viewport().rect()
        rects = []
        for clip in dict.fromkeys(clips):
            rect = self.view.mapFromScene(clip.sceneBoundingRect()).boundingRect()
            rect = rect.adjusted(-2, -2, 2, 2).intersected(bounds)
            if not any(r.contains(rect) for r in rects):
                rects.append(rect)
        return keep, rects

    def _painted_after(self, moving: list, keep: set) -> list:
        order = self.view.scene().items(Qt.SortOrder.AscendingOrder)
        first = min((order.index(item) for item in moving if item in order), default=len(order))
        return [
            item
            for item in order[first + 1 :]
            if item not in keep and item.isVisible() and item.opacity() > 0
        ]

    def _paints_inside(self, item) -> bool:
        """Whether ``item`` changes any pixel inside the moving areas."""
        with _transparent([item]):
            without = self.full()
        return any(without.copy(r) != self.background.copy(r) for r in self.areas)

    def restore(self) -> None:
        """Show the still items again (the panel then draws fully, as in the app)."""
        for item in self.moving():
            item.setVisible(True)
        self.under, self.areas = None, []
        for item, opacity in self._hidden:
            item.setOpacity(opacity)
        self._hidden = []
        if self._brush is not None:
            self.view.setBackgroundBrush(self._brush)
            self._brush = None
        self.background, self._signature = None, None


class FrameRenderer:
    """Offscreen frames of ``view`` (see :data:`landscape.export.frames.VIEWS`) at ``size``
    per panel. Raises InputError (:data:`GL_FIX`) when a surface cannot get OpenGL."""

    def __init__(
        self,
        source: AppModel,
        view: str = "contour",
        size=DEFAULT_SIZE,
        *,
        state: ViewState | None = None,
        layered: bool = True,
    ) -> None:
        self.view_name, self.size = view, (int(size[0]), int(size[1]))
        self.state = state or view_state_of(source)
        self.model = AppModel()
        self.host = QWidget()
        self.host.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        layout = QHBoxLayout(self.host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.panels: list[tuple[str, object]] = []
        self.contour = self.surface = self.loss = None
        for name in panels(view):
            widget = getattr(self, f"_make_{name}")(layered)
            widget.setFixedSize(*self.size)
            layout.addWidget(widget)
        self.host.show()
        QApplication.processEvents()
        if self.surface is not None:
            self._wait_for_gl()
        copy_model(source, self.model, self.state)
        self.base_azimuth = (
            float(self.surface.gl.opts["azimuth"]) if self.surface is not None else 0.0
        )
        QApplication.processEvents()
        for _name, panel in self.panels:
            if panel is not None:
                panel.settle()

    # -- construction -------------------------------------------------------------------------
    def _make_contour(self, layered: bool):
        from ui.views.contour_view import ContourView

        self.contour = ContourView(self.model)

        def moving():
            items = [self.contour.start_marker]
            for layer in self.contour.layers.values():
                items += [
                    layer.trail,
                    layer.end_marker,
                    *layer.vectors.values(),
                    layer.trials,
                    layer.point,
                ]
            return items

        self.panels.append(("contour", GraphicsPanel(self.contour.plot, moving, layered)))
        return self.contour

    def _make_loss(self, layered: bool):
        from ui.views.loss_panel import LossPanel

        self.loss = LossPanel(self.model)
        self.loss.log_box.hide()  # the export shows the plots, not the panel's controls
        self.loss.readout.hide()
        self.loss.layout().setContentsMargins(0, 0, 0, 0)
        self.loss.layout().setSpacing(0)

        def moving():
            return [*self.loss.curves.values(), *self.loss.cursors]

        self.panels.append(("loss", GraphicsPanel(self.loss.graphics, moving, layered)))
        return self.loss

    def _make_surface(self, layered: bool):
        from ui.views.surface_view import SurfaceView

        self.surface = SurfaceView(self.model)
        self.panels.append(("surface", None))
        return self.surface

    def _wait_for_gl(self) -> None:
        self.surface.start()
        clock = QElapsedTimer()
        clock.start()
        while self.surface.gl is None and clock.elapsed() < GL_WAIT_MS:
            QApplication.processEvents()
            if "unavailable" in self.surface.message.text():
                break
        if self.surface.gl is None:
            raise InputError(GL_FIX)
        image = self.surface.grab_image()
        if image is None or image.isNull():
            raise InputError(GL_FIX)

    # -- rendering ----------------------------------------------------------------------------
    @property
    def frame_size(self) -> tuple[int, int]:
        """(width, height) of a whole frame."""
        return output_size(self.view_name, self.size)

    def last_step(self) -> int:
        return self.model.last_frame()

    def render(self, step: int, azimuth: float | None = None, channels: int = 4) -> np.ndarray:
        """The frame at ``step`` as a new ``(h, W, 4) uint8`` RGBA array (``channels=3``:
        RGB, which the writers take without a conversion; frames are opaque); ``azimuth``
        (degrees) turns the surface camera."""
        self.model.set_frame(step)
        if self.surface is not None and azimuth is not None:
            self.surface.gl.setCameraPosition(azimuth=azimuth)
        w, h = self.size
        out = np.empty((h, w * len(self.panels), channels), dtype=np.uint8)
        for i, (name, panel) in enumerate(self.panels):
            image = self.surface.grab_image() if name == "surface" else panel.render()
            copy_into(out[:, i * w : (i + 1) * w], image)
        return out

    def reserved_colors(self) -> list[tuple[int, int, int]]:
        """Colours a GIF palette should hold exactly: the runs', white, black and an even
        sampling of the colour map (so its ramp stays smooth however little of it shows)."""
        from PySide6.QtGui import QColor

        from ui.views.colors import colormap

        colours = [QColor(r.color) for r in self.model.runs if r.visible]
        out = [(c.red(), c.green(), c.blue()) for c in colours]
        ramp = colormap(self.model.colormap).getLookupTable(nPts=COLORMAP_SAMPLES, alpha=False)
        return [*out, (255, 255, 255), (0, 0, 0), *(tuple(int(v) for v in c) for c in ramp)]

    def close(self) -> None:
        self.host.hide()
        self.host.deleteLater()
