"""Export frames drawn by the app's own views, offscreen, as RGBA numpy arrays.

A :class:`FrameRenderer` builds private instances of :class:`~ui.views.contour_view.ContourView`,
:class:`~ui.views.surface_view.SurfaceView` and :class:`~ui.views.loss_panel.LossPanel` on a private
:class:`~ui.state.model.AppModel` filled from the app's through its setters (same landscape, runs,
colours, overlays, critical points, and the model's view range, camera and log axes: the views
follow those fields as they do in the app, so nothing is read from a view's private items),
in a window that never shows on screen. Rendering step
``s`` sets that model's frame to ``s`` — the playback index — and grabs the views, so a frame
is what the person sees at step ``s``. The app's own model and views are never touched.

Without ``slide`` a frame is the panes side by side, each ``size``, as the app draws them.
With ``slide`` (a :class:`~ui.export.slide.SlideOptions`) the frame has the same size but
carries the formula, the legend, the step counter and a caption (``overlay.py``), with the
panes placed by :func:`~ui.export.slide.slide_layout` (the loss curves' two plots stacked);
its legend band is then the frame's one legend (the map's and the loss panel's own are left
out, with ``--no-legend`` too).
:meth:`FrameRenderer.paint_still` draws one frame into any painter (SVG, PDF), vector where
the views allow. 2D panes are drawn in two layers (``panel.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QElapsedTimer, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from landscape.errors import InputError
from landscape.export.frames import DEFAULT_SIZE, output_size, panels
from landscape.session import Camera
from ui.export.overlay import BACKGROUND, MUTED, TEXT, SlideOverlay
from ui.export.panel import GraphicsPanel
from ui.export.slide import SlideOptions
from ui.state.model import AppModel

GL_WAIT_MS = 15_000
#: a still embeds the 3D surface at this many times its pane's pixels (print resolution)
STILL_SURFACE_SCALE = 2
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
        slide: SlideOptions | None = None,
    ) -> None:
        self.view_name, self.size = view, (int(size[0]), int(size[1]))
        self.state = state or view_state_of(source)
        self.overlay = SlideOverlay(source, view, self.size, slide) if slide else None
        self._chrome: QImage | None = None
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
            widget.setFixedSize(*self.pane_size(name))
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
        if self.overlay is not None:  # the slide's legend band replaces the map's own
            self.contour.legend.item.setOpacity(0.0)  # (it shows and hides itself by runs)

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
        if self.overlay is not None:  # a slide: the two plots stacked, each the pane's width;
            grid = self.loss.graphics.ci  # the slide's legend band replaces the panel's own
            grid.removeItem(self.loss.legend.item)
            grid.removeItem(self.loss.g_plot)
            grid.addItem(self.loss.g_plot, row=1, col=0)
            self.loss.graphics.setBackground(BACKGROUND)

        def moving():
            return [*self.loss.curves.values(), *self.loss.cursors]

        self.panels.append(("loss", GraphicsPanel(self.loss.graphics, moving, layered)))
        return self.loss

    def _make_surface(self, layered: bool):
        from ui.views.surface_view import SurfaceView

        self.surface = SurfaceView(self.model, on_screen=False)
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
    def pane_size(self, name: str) -> tuple[int, int]:
        """(width, height) of pane ``name``: ``size``, or its place on a slide."""
        if self.overlay is None:
            return self.size
        _x, _y, w, h = self.overlay.layout.pane(name)
        return (w, h)

    @property
    def frame_size(self) -> tuple[int, int]:
        """(width, height) of a whole frame (the same with or without a slide's overlays)."""
        return output_size(self.view_name, self.size)

    def last_step(self) -> int:
        return self.model.last_frame()

    def _go_to(self, step: int, azimuth: float | None) -> None:
        self.model.set_frame(step)
        if self.surface is not None and azimuth is not None:
            self.surface.gl.setCameraPosition(azimuth=azimuth)

    def _pane_image(self, name: str, panel) -> QImage:
        return self.surface.grab_image() if name == "surface" else panel.render()

    def render(self, step: int, azimuth: float | None = None, channels: int = 4) -> np.ndarray:
        """The frame at ``step`` as a new ``(h, W, 4) uint8`` RGBA array (``channels=3``:
        RGB, which the writers take without a conversion; frames are opaque); ``azimuth``
        (degrees) turns the surface camera."""
        self._go_to(step, azimuth)
        if self.overlay is not None:
            return self._render_slide(step, channels)
        w, h = self.size
        out = np.empty((h, w * len(self.panels), channels), dtype=np.uint8)
        for i, (name, panel) in enumerate(self.panels):
            copy_into(out[:, i * w : (i + 1) * w], self._pane_image(name, panel))
        return out

    def _render_slide(self, step: int, channels: int) -> np.ndarray:
        layout = self.overlay.layout
        if self._chrome is None:  # the bands that do not change, drawn once
            self._chrome = QImage(*layout.size, QImage.Format.Format_RGB32)
            self._chrome.fill(QColor(BACKGROUND))
            painter = QPainter(self._chrome)
            self.overlay.paint_chrome(painter)
            painter.end()
        image = self._chrome.copy()
        painter = QPainter(image)
        try:
            for name, panel in self.panels:
                painter.drawImage(QRect(*layout.pane(name)), self._pane_image(name, panel))
            self.overlay.paint_step(painter, step)
        finally:
            painter.end()
        w, h = layout.size
        out = np.empty((h, w, channels), dtype=np.uint8)
        copy_into(out, image)
        return out

    def paint_still(self, painter: QPainter, step: int) -> None:
        """Draw the frame at ``step`` into ``painter`` (its units: frame pixels): 2D panes
        item by item (vector on an SVG or PDF device), the surface as an image of twice its
        pane's pixels, and the slide's overlays when there are any."""
        self._go_to(step, None)
        QApplication.processEvents()
        w, h = self.frame_size
        painter.fillRect(QRectF(0, 0, w, h), QColor(BACKGROUND))
        for i, (name, panel) in enumerate(self.panels):
            if self.overlay is not None:
                rect = QRectF(*self.overlay.layout.pane(name))
            else:
                rect = QRectF(i * self.size[0], 0, *self.size)
            if name == "surface":
                painter.drawImage(rect, self._surface_for_print())
            else:
                painter.save()
                painter.setClipRect(rect)
                panel.paint_vector(painter, rect)
                painter.restore()
        if self.overlay is not None:
            self.overlay.paint_chrome(painter)
            self.overlay.paint_step(painter, step)

    def _surface_for_print(self) -> QImage:
        """The surface drawn at :data:`STILL_SURFACE_SCALE` × its pane's pixels (it has no
        vector form), then set back to its size."""
        w, h = self.pane_size("surface")
        self.surface.setFixedSize(w * STILL_SURFACE_SCALE, h * STILL_SURFACE_SCALE)
        QApplication.processEvents()
        try:
            return self.surface.grab_image()
        finally:
            self.surface.setFixedSize(w, h)
            QApplication.processEvents()

    def reserved_colors(self) -> list[tuple[int, int, int]]:
        """Colours a GIF palette should hold exactly: the runs', white, black and an even
        sampling of the colour map (so its ramp stays smooth however little of it shows)."""
        from PySide6.QtGui import QColor

        from ui.views.colors import colormap

        colours = [QColor(r.color) for r in self.model.runs if r.visible]
        out = [(c.red(), c.green(), c.blue()) for c in colours]
        if self.overlay is not None:  # the slide's background and text
            out += [QColor(c).getRgb()[:3] for c in (BACKGROUND, TEXT, MUTED)]
        ramp = colormap(self.model.colormap).getLookupTable(nPts=COLORMAP_SAMPLES, alpha=False)
        return [*out, (255, 255, 255), (0, 0, 0), *(tuple(int(v) for v in c) for c in ramp)]

    def close(self) -> None:
        self.host.hide()
        self.host.deleteLater()
