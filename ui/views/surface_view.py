"""The 3D view: the landscape as a surface in a unit box, with the runs' trails lifted onto it.

x and y span ``[-1, 1]``, the grid's clipped z spans ``[0, HEIGHT]``; colours come from the
same colour map and scale as the 2D view, flat or lit (the model's ``shading``); the axes carry
tick values in the data's units. At each run's current point its −∇f (the same length rule as
the map, :func:`ui.views.arrows.gradient_arrow`, draped onto the surface) and its step (to the
next point) are drawn when their overlays are on. A drag turns the view by the model's
``orbit_speed`` × 1° per pixel; a trackpad zooms more gently than a wheel. When OpenGL is not
available (or ``--no-3d``), the view says so in words and the rest of the app works.

The camera is the model's ``camera`` (a :class:`~landscape.session.Camera`); None means
fitted: the distance at which the box fills the pane, refitted on resize. When the person
turns or zooms the view, the camera is written back to the model (throttled,
:data:`CAMERA_WRITE_MS`), and from then on it is kept.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from landscape.session import Camera
from ui.state import startup_trace
from ui.state.model import AppModel
from ui.state.timing import Throttle
from ui.views.arrows import gradient_arrow, gradient_norms
from ui.views.colors import map_unit
from ui.views.run_legend import OverlayLegend
from ui.views.surface_camera import HEIGHT
from ui.views.surface_mesh import arrow_lines

LIFT = 0.015
#: during playback the trails are redrawn at most this often (software GL is slow)
FRAME_INTERVAL_MS = 33
CAMERA = {"elevation": 28.0, "azimuth": -60.0}
CENTER_Z = HEIGHT * 0.4
#: a turn or zoom reaches the model at most this often
CAMERA_WRITE_MS = 100
#: the vectors drawn in 3D too (the others stay on the map)
VECTORS_3D = ("gradient", "step")
_GESTURES = (QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.MouseButtonRelease)


class SurfaceView(QWidget):
    """Builds its GL widget lazily (after the window shows) unless 3D is disabled.
    ``landscapePainted`` is emitted when the GL view has shown a new landscape (its first
    swap after it)."""

    landscapePainted = Signal()

    def __init__(
        self,
        model: AppModel,
        enabled: bool = True,
        reason: str = "",
        parent: QWidget | None = None,
        on_screen: bool = True,
    ) -> None:
        """``on_screen``: the GL view is a native window (fast beside the raster map; draws
        only when exposed); False: a QOpenGLWidget, which renders off screen (exports)."""
        super().__init__(parent)
        self.model = model
        self.on_screen = on_screen
        self.gl = None  # the GL window (ui.views.surface_items.OrbitView), once built
        self.gl_widget = None
        self.current_landscape = None
        self.trail_points: dict[int, np.ndarray] = {}
        self._items: dict[int, tuple] = {}
        self._frame = None  # (z0, z1, x-range, y-range) of the current box
        self._stack = QStackedLayout(self)
        self.message = QLabel(reason or "Preparing the 3D view…")
        self.message.setObjectName("SurfaceMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self._stack.addWidget(self.message)
        self._enabled = enabled
        self._stale = False  # a frame arrived while hidden: redraw on show
        self._unpainted = False  # a new landscape is not yet on the GL view
        self._camera_writer = Throttle(CAMERA_WRITE_MS, self._write_camera, self)
        self._frame_timer = Throttle(FRAME_INTERVAL_MS, self._draw_frame, self)
        self.legend = OverlayLegend(model, self)  # shown once the GL view is up
        if on_screen:  # over a native GL window only a native widget shows; made native
            # now, before the GL window's container (later, it cut the GL window off screen)
            self.legend.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)

    def start(self) -> None:
        """Build the GL view (called once the window is on screen: OpenGL loads slowly)."""
        if self._enabled and self.gl is None:
            self._enabled = False
            QTimer.singleShot(0, self._build_gl)

    @property
    def available(self) -> bool:
        return self.gl is not None

    def _build_gl(self) -> None:
        try:
            from ui.views.surface_items import OrbitWidget, OrbitWindow, SurfaceItems

            widget = OrbitWindow() if self.on_screen else OrbitWidget()
        except Exception as exc:  # noqa: BLE001 - no GL: say so, keep the rest working
            self.message.setText(f"3D view unavailable: {str(exc)[:160]}")
            return
        widget.setBackgroundColor((30, 31, 36))
        holder = widget.container(self)
        holder.setToolTip(
            "Drag to turn, wheel or two fingers to zoom, Ctrl+drag to pan; "
            "orbit speed and lit shading: View ▸ 3D view"
        )
        widget.setCameraPosition(distance=3.6, **CAMERA)
        widget.opts["center"] = pg_vector(0, 0, CENTER_Z)
        self.gl = widget
        self.gl_widget = holder  # the pane's widget holding the GL window
        self.items = SurfaceItems(widget)
        self._stack.addWidget(holder)
        self._stack.setCurrentWidget(holder)
        self.legend.set_enabled(True)
        self.legend.raise_()  # above the GL window
        widget.installEventFilter(self)
        widget.frameSwapped.connect(self._on_swapped)
        self._connect()
        self.on_style()
        self.on_camera()
        if self.model.landscape is not None:
            self.on_landscape()

    def on_camera(self) -> None:
        """Follow the model's camera (None: the default angles, fitted to the pane)."""
        if self.gl is None:
            return
        c = self.model.camera
        self.items.face(CAMERA["azimuth"] if c is None else c.azimuth)
        if c is None:
            self.gl.setCameraParams(center=pg_vector(0, 0, CENTER_Z), fov=60.0, **CAMERA)
            self.fit_camera()
        elif c != self.camera():
            self.gl.setCameraParams(
                center=pg_vector(*c.center),
                distance=c.distance,
                elevation=c.elevation,
                azimuth=c.azimuth,
                fov=c.fov,
            )
            self.gl.update()

    def camera(self) -> Camera | None:
        """The camera the GL view shows (None without GL)."""
        if self.gl is None:
            return None
        o = self.gl.opts
        return Camera(
            distance=float(o["distance"]),
            elevation=float(o["elevation"]),
            azimuth=float(o["azimuth"]),
            fov=float(o["fov"]),
            center=(float(o["center"].x()), float(o["center"].y()), float(o["center"].z())),
        )

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        """A turn (drag) or zoom (wheel) of the GL view: write the camera to the model."""
        if obj is self.gl and event.type() in _GESTURES:
            moving = event.type() != QEvent.Type.MouseMove or event.buttons()
            if moving:  # after the GL view has handled the gesture
                QTimer.singleShot(0, self._camera_writer.__call__)
        return False

    def _write_camera(self) -> None:
        camera = self.camera()
        if camera is not None:
            self.items.face(camera.azimuth)
            self.model.set_camera(camera)

    def flush(self) -> None:
        """Write a turn or zoom still waiting for its interval into the model now."""
        self._camera_writer.flush()

    def fit_camera(self) -> None:
        """Back the camera off just so far that the box fills ~80% of the pane; a camera
        the person chose (the model's) is kept."""
        if self.gl is None or self.width() < 10 or self.height() < 10:
            return
        if self.model.camera is not None:
            return
        from ui.views.surface_camera import fit_distance

        o = self.gl.opts
        distance = fit_distance(
            (0, 0, CENTER_Z),
            o["elevation"],
            o["azimuth"],
            o["fov"],
            self.width() / self.height(),
            HEIGHT,
        )
        self.gl.setCameraPosition(distance=distance)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_camera()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self._draw_frame)

    def _connect(self) -> None:
        m = self.model
        m.landscapeChanged.connect(self.on_landscape)
        m.appearanceChanged.connect(self.on_appearance)
        m.runsChanged.connect(self.on_frame)
        m.runUpdated.connect(self.on_frame)
        m.frameChanged.connect(self.on_frame)
        m.startChanged.connect(self.on_frame)
        m.cameraChanged.connect(self.on_camera)
        m.overlaysChanged.connect(self.on_frame)
        m.surfaceStyleChanged.connect(self.on_style)

    # -- model → view -------------------------------------------------------------------------
    def on_style(self) -> None:
        """The model's shading and orbit speed (the mesh is not uploaded again)."""
        if self.gl is not None:
            self.items.set_shading(self.model.shading)
            self.gl.orbit_speed = self.model.orbit_speed

    def on_landscape(self) -> None:
        data = self.model.landscape
        if data is None or self.gl is None:
            return
        grid = data.grid
        z0, z1 = grid.clip_range()
        self._frame = (z0, z1, (grid.xs[0], grid.xs[-1]), (grid.ys[0], grid.ys[-1]))
        self.items.set_surface(
            self._sx(grid.xs),
            self._sy(grid.ys),
            self._sz(grid.clipped()),
            map_unit(self.model.colormap, grid.normalized(data.scale)),
        )
        self.items.set_ticks(self._frame[2], self._frame[3], (z0, z1), self._to_box)
        self.current_landscape = data
        self._unpainted = True
        startup_trace.mark("surface-landscape")
        self._draw_frame()

    def _on_swapped(self) -> None:
        if self._unpainted:
            self._unpainted = False
            self.landscapePainted.emit()

    def showing(self) -> bool:
        """Whether the GL view is up and on screen (a landscape's paint is awaited)."""
        return self.gl is not None and self.isVisible()

    def on_appearance(self) -> None:
        data = self.model.landscape
        if data is not None and self.gl is not None:
            self.items.set_colors(map_unit(self.model.colormap, data.grid.normalized(data.scale)))

    def on_frame(self, *_args) -> None:
        """Trails to the model's frame: skipped while hidden (drawn on show), and at most
        every FRAME_INTERVAL_MS during playback (the last frame is always drawn)."""
        if self.gl is None or self._frame is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._frame_timer()

    def _draw_frame(self) -> None:
        self._frame_timer.ran()
        if self.gl is None or self._frame is None:
            return
        self._stale = False
        start = self._lift(np.array([self.model.start]), None)
        self.items.set_start(start)
        wanted = {}
        vectors: dict[str, list] = {kind: [] for kind in VECTORS_3D}
        for entry in self.model.runs:
            if not entry.visible or entry.trajectory is None or entry.length() == 0:
                continue
            index = entry.index_at(self.model.frame)
            xs = np.asarray(entry.trajectory.xs, dtype=float)[: index + 1, :2]
            heights = entry.trajectory.surface_fs  # a model run: the loss on the view
            fs = np.asarray(heights, dtype=float)[: index + 1]
            n = self._inside_prefix(xs)
            wanted[entry.run_id] = (self._lift(xs[:n], fs[:n]), entry.color)
            if n == index + 1:  # the current point is in the box
                for kind, segments in self._vectors(entry, index).items():
                    vectors[kind].append((segments, entry.color))
        self.trail_points = {k: v[0] for k, v in wanted.items()}
        self.items.set_trails(wanted)
        for kind, segments in vectors.items():
            self.items.set_vectors(kind, segments)

    def _vectors(self, entry, index: int) -> dict[str, np.ndarray]:
        """Arrow segments ``(6, 3)`` (box units) of ``entry``'s −∇f and step at ``index``, for
        the kinds whose overlays are on: −∇f's tip lies on the surface, the step ends at the
        next point of the trail."""
        from ui.views.trail_layer import step_vectors

        overlays, out = self.model.overlays, {}
        data = self.model.landscape
        traj = entry.trajectory
        xs = np.asarray(traj.xs, dtype=float)[:, :2]
        fs = np.asarray(traj.surface_fs, dtype=float)
        tail = self._lift(xs[index : index + 1], fs[index : index + 1])
        if overlays.get("gradient") and data is not None:
            vec = step_vectors(entry, index, data.objective).get("gradient")
            (x0, x1), (y0, y1) = self._frame[2], self._frame[3]
            span = min(x1 - x0, y1 - y0)
            drawn = (
                None
                if vec is None
                else gradient_arrow(
                    vec, *gradient_norms(entry, index), span, self.model.arrow_length
                )
            )
            if drawn is not None:
                tip = self._lift(xs[index : index + 1] + drawn, None)
                if not np.isfinite(tip[0, 2]):  # off the surface's domain: level
                    tip[0, 2] = tail[0, 2]
                out["gradient"] = arrow_lines(tail, tip)
        if overlays.get("step") and index + 1 < len(xs):
            tip = self._lift(xs[index + 1 : index + 2], fs[index + 1 : index + 2])
            out["step"] = arrow_lines(tail, tip)
        return out

    # -- box mapping --------------------------------------------------------------------------
    def _to_box(self, axis: str, values):
        return {"x": self._sx, "y": self._sy, "f": self._sz}[axis](values)

    def _sx(self, x):
        lo, hi = self._frame[2]
        return (np.asarray(x, dtype=float) - lo) / (hi - lo) * 2 - 1

    def _sy(self, y):
        lo, hi = self._frame[3]
        return (np.asarray(y, dtype=float) - lo) / (hi - lo) * 2 - 1

    def _sz(self, z):
        z0, z1 = self._frame[:2]
        span = (z1 - z0) or 1.0
        return (np.clip(np.asarray(z, dtype=float), z0, z1) - z0) / span * HEIGHT

    def _inside_prefix(self, xs: np.ndarray) -> int:
        """How many leading points ``xs (k, 2)`` stay in the box (a trail ends where it
        leaves the domain: the surface has no height out there)."""
        (x0, x1), (y0, y1) = self._frame[2], self._frame[3]
        mx, my = 0.02 * (x1 - x0), 0.02 * (y1 - y0)
        inside = (
            (xs[:, 0] >= x0 - mx)
            & (xs[:, 0] <= x1 + mx)
            & (xs[:, 1] >= y0 - my)
            & (xs[:, 1] <= y1 + my)
        )
        outside = np.flatnonzero(~inside)
        return int(outside[0]) if outside.size else len(xs)

    def _lift(self, points: np.ndarray, fs) -> np.ndarray:
        """``points (k, 2)`` in data units → ``(k, 3)`` box coordinates just above f."""
        if fs is None:
            data = self.model.landscape
            from landscape.calculus import raw_value

            fs = np.array([raw_value(data.objective, p) for p in points]) if data else 0.0
        z = self._sz(fs) + LIFT
        z = np.where(np.isfinite(z), z, np.nan)
        return np.column_stack([self._sx(points[:, 0]), self._sy(points[:, 1]), z])

    def grab_image(self):
        """The rendered GL frame as a QImage (None without GL)."""
        if self.gl is not None and (self._frame_timer.pending() or self._stale):
            self._draw_frame()  # a throttled or hidden frame: draw it before grabbing
        return None if self.gl is None else self.gl.grabFramebuffer()


def pg_vector(x: float, y: float, z: float):
    from pyqtgraph import Vector

    return Vector(x, y, z)
