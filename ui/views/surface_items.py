"""The GL items of the surface view (imported only once OpenGL is known to load).

The surface is one :class:`GLMeshItem` over a :class:`GridMesh` (vertices, faces and normals
from :func:`ui.views.surface_mesh.grid_mesh`), drawn "flat" (the colour map alone) or "lit"
(:data:`LIT_SHADER`: the colour map shaded by a light beside the camera, two-sided). A change
of shading swaps the shader only: the mesh is uploaded when the landscape or the colours
change, never per frame. Tick values on the three axes are :class:`GLTextItem` s; each run's
trail, current point and its vectors (−∇f, the step) are line items.
"""

from __future__ import annotations

import atexit

import numpy as np
import pyqtgraph.opengl as gl
from pyqtgraph.opengl import shaders
from pyqtgraph.opengl.GLViewWidget import GLViewMixin
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QSurfaceFormat, QVector3D
from PySide6.QtOpenGL import QOpenGLWindow
from PySide6.QtWidgets import QToolTip

from ui.views.surface_camera import HEIGHT
from ui.views.surface_mesh import grid_mesh, nice_ticks, tick_labels

#: the surface is drawn with at most this many vertices per axis (a software-GL mesh of 300²
#: costs ~4× the upload and the draw of 150², for no visible gain at a pane's size)
MAX_VERTICES = 150
TICKS = 5
TICK_COLOR = (205, 205, 205, 255)
#: shading → the mesh item's shader (None: pyqtgraph's plain vertex colours)
SHADERS = {"flat": None, "lit": "landscape-lit"}
#: ms the pointer rests on the GL window before its tooltip shows (Qt's own wake-up delay)
TIP_DELAY_MS = 700
#: 3D vector kind → line width (the colour is the run's; −∇f paler, the step full)
VECTOR_WIDTHS = {"gradient": 2.0, "step": 3.0}

#: two-sided diffuse light from above-left of the camera plus ambient, in eye space
LIT_SHADER = shaders.ShaderProgram(
    "landscape-lit",
    [
        shaders.VertexShader(
            """
            uniform mat4 u_mvp;
            uniform mat3 u_normal;
            attribute vec4 a_position;
            attribute vec3 a_normal;
            attribute vec4 a_color;
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                v_normal = normalize(u_normal * a_normal);
                v_color = a_color;
                gl_Position = u_mvp * a_position;
            }
            """
        ),
        shaders.FragmentShader(
            """
            #ifdef GL_ES
            precision mediump float;
            #endif
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                vec3 light = normalize(vec3(-0.35, 0.55, 1.0));
                float diffuse = abs(dot(normalize(v_normal), light));
                gl_FragColor = vec4(v_color.rgb * (0.4 + 0.7 * diffuse), v_color.a);
            }
            """
        ),
    ],
)


def _pick(n: int) -> np.ndarray:
    """At most MAX_VERTICES indices of ``0..n-1``, evenly spread, both ends kept."""
    if n <= MAX_VERTICES:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, MAX_VERTICES)).astype(int))


def _rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = QColor(color)
    return (c.redF(), c.greenF(), c.blueF(), alpha)


class GridMesh(gl.MeshData):
    """Mesh data whose vertex normals are given (computed from the grid, not per face)."""

    def __init__(self, vertices, faces, colors, normals) -> None:
        super().__init__(vertexes=vertices, faces=faces, vertexColors=colors)
        self._grid_normals = np.asarray(normals, dtype=np.float32)

    def vertexNormals(self, indexed=None):  # noqa: N802 - pyqtgraph's name
        return self._grid_normals if indexed is None else self._grid_normals[self.faces()]


class SurfaceItems:
    """Surface, floor grid, axes with tick values, start marker, and per run a trail, a point
    and its vectors."""

    def __init__(self, widget) -> None:
        self.widget = widget
        self.shading = "flat"
        self.surface = gl.GLMeshItem(
            shader=SHADERS[self.shading], glOptions="opaque", smooth=True, computeNormals=True
        )
        self.surface.setVisible(False)  # until it has a mesh (an empty one cannot be drawn)
        widget.addItem(self.surface)
        self.mesh: GridMesh | None = None
        self.uploads = 0  # how often the mesh was (re)built: per landscape or colours only
        self.floor = gl.GLGridItem(size=QVector3D(2, 2, 1), color=(255, 255, 255, 60))
        self.floor.setSpacing(0.25, 0.25, 1)
        widget.addItem(self.floor)
        self.labels = [  # the axes' names: x, y, f (placed with the ticks)
            gl.GLTextItem(text=text, color=(235, 235, 235, 255), font=QFont("Sans", 12))
            for text in ("x", "y", "f")
        ]
        for label in self.labels:
            widget.addItem(label)
        self.axis = gl.GLLinePlotItem(
            pos=np.array([[-1, -1, 0], [-1, -1, HEIGHT]]), color=(0.85, 0.85, 0.85, 0.6), width=1.0
        )
        widget.addItem(self.axis)
        self.tick_marks = gl.GLLinePlotItem(mode="lines", color=(0.85, 0.85, 0.85, 0.6), width=1.0)
        widget.addItem(self.tick_marks)
        self.tick_items: list[gl.GLTextItem] = []
        self.ticks: dict[str, list[tuple[float, str]]] = {"x": [], "y": [], "f": []}
        self._tick_box: dict[str, np.ndarray] = {}
        self._sides = (1.0, -1.0)  # the camera's side of the box (the default azimuth −60°)
        self.start = gl.GLScatterPlotItem(size=12, color=(1, 1, 1, 1), glOptions="opaque")
        widget.addItem(self.start)
        self.trails: dict[int, tuple[gl.GLLinePlotItem, gl.GLScatterPlotItem]] = {}
        self.vectors = {
            kind: gl.GLLinePlotItem(mode="lines", width=width, antialias=True, glOptions="opaque")
            for kind, width in VECTOR_WIDTHS.items()
        }
        for item in self.vectors.values():
            widget.addItem(item)
        self.vector_points: dict[str, np.ndarray] = {k: np.zeros((0, 3)) for k in self.vectors}
        self._picks = (slice(None), slice(None))
        self._grid = None  # (x, y, z) of the mesh, for a change of colours
        self._place_axes()

    # -- the surface --------------------------------------------------------------------------
    def set_surface(self, x, y, z, colors) -> None:
        """``x (nx,)``, ``y (ny,)``, ``z (nx, ny)`` box units; ``colors (nx, ny, 4)`` floats."""
        ix, iy = _pick(len(x)), _pick(len(y))
        self._picks = (ix, iy)
        x, y, z = np.asarray(x)[ix], np.asarray(y)[iy], np.asarray(z)[np.ix_(ix, iy)]
        self._grid = (x, y, z)
        self._upload(colors[np.ix_(ix, iy)])

    def set_colors(self, colors) -> None:
        """New colours ``(nx, ny, 4)`` for the same grid (the mesh's geometry is kept)."""
        ix, iy = self._picks
        if self._grid is not None:
            self._upload(colors[np.ix_(ix, iy)])

    def _upload(self, colors) -> None:
        vertices, faces, normals = grid_mesh(*self._grid)
        rgba = np.asarray(colors, dtype=np.float32).reshape(-1, 4)
        self.mesh = GridMesh(vertices.astype(np.float32), faces, rgba, normals)
        self.surface.setMeshData(meshdata=self.mesh)
        self.surface.setVisible(len(faces) > 0)
        self.uploads += 1

    def set_shading(self, shading: str) -> None:
        """ "flat" or "lit": swaps the shader (the mesh and its normals stay uploaded)."""
        if shading != self.shading:
            self.shading = shading
            self.surface.setShader(SHADERS[shading])

    def shader_name(self) -> str | None:
        return self.surface.shader().name

    # -- axes ---------------------------------------------------------------------------------
    def set_ticks(self, x_range, y_range, f_range, to_box) -> None:
        """Tick values of the data's ``x_range``, ``y_range`` and ``f_range`` (lo, hi);
        ``to_box(axis, values)`` maps data values to box coordinates."""
        self.ticks, self._tick_box = {}, {}
        for axis, span in (("x", x_range), ("y", y_range), ("f", f_range)):
            values = nice_ticks(*span, TICKS)
            self.ticks[axis] = list(zip(values.tolist(), tick_labels(values), strict=True))
            self._tick_box[axis] = np.asarray(to_box(axis, values), dtype=float).reshape(-1)
        self._place_axes()

    def face(self, azimuth: float) -> None:
        """Put the x and y ticks on the floor edges nearest a camera at ``azimuth`` (degrees)
        and the f axis at the corner furthest left on screen (redrawn only when they move)."""
        a = np.radians(azimuth)
        sides = (1.0 if np.cos(a) >= 0 else -1.0, 1.0 if np.sin(a) >= 0 else -1.0)
        if sides != self._sides:
            self._sides = sides
            self._place_axes()

    def _place_axes(self) -> None:
        sx, sy = self._sides  # the camera's side of the box in x and in y
        cx, cy = sy, -sx  # the corner furthest left on screen: the f axis
        center = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        places, marks = [], []
        for axis, boxes in self._tick_box.items():
            for box, (_, text) in zip(boxes, self.ticks[axis], strict=True):
                if axis != "f" and abs(box - (cx if axis == "x" else cy)) < 0.08:
                    continue  # at the f axis's foot: its label would cover f's lowest tick
                if axis == "x":
                    places.append(((box, sy * 1.13, 0.0), text, center))
                    marks += [(box, sy, 0.0), (box, sy * 1.05, 0.0)]
                elif axis == "y":
                    places.append(((sx * 1.13, box, 0.0), text, center))
                    marks += [(sx, box, 0.0), (sx * 1.05, box, 0.0)]
                else:
                    places.append(((cx * 1.07, cy * 1.07, box), text, right))
                    marks += [(cx, cy, box), (cx * 1.04, cy * 1.04, box)]
        while len(self.tick_items) < len(places):
            item = gl.GLTextItem(color=TICK_COLOR, font=QFont("Sans", 9))
            self.widget.addItem(item)
            self.tick_items.append(item)
        for item, (pos, text, align) in zip(self.tick_items, places, strict=False):
            item.setData(pos=pos, text=text, alignment=align)
            item.setVisible(True)
        for item in self.tick_items[len(places) :]:
            item.setVisible(False)
        pos = np.array(marks, dtype=np.float32).reshape(-1, 3)
        self.tick_marks.setData(pos=pos if len(pos) else np.zeros((0, 3), np.float32))
        self.axis.setData(pos=np.array([[cx, cy, 0], [cx, cy, HEIGHT]], dtype=np.float32))
        names = {"x": (0.0, sy * 1.3, 0.0), "y": (sx * 1.3, 0.0, 0.0), "f": (cx, cy, HEIGHT + 0.1)}
        for label, pos in zip(self.labels, names.values(), strict=True):
            label.setData(pos=pos, alignment=center)

    def tick_texts(self) -> dict[str, list[str]]:
        """The tick labels shown, by axis."""
        return {axis: [text for _, text in ticks] for axis, ticks in self.ticks.items()}

    # -- runs ---------------------------------------------------------------------------------
    def set_start(self, point: np.ndarray) -> None:
        self.start.setData(pos=np.nan_to_num(point, nan=0.0).astype(np.float32))

    def set_trails(self, wanted: dict[int, tuple[np.ndarray, str]]) -> None:
        """``wanted``: run id → (points (k, 3) in box units, colour); others are removed."""
        for run_id in [i for i in self.trails if i not in wanted]:
            line, dot = self.trails.pop(run_id)
            self.widget.removeItem(line)
            self.widget.removeItem(dot)
        for run_id, (points, color) in wanted.items():
            if run_id not in self.trails:
                line = gl.GLLinePlotItem(width=3.0, antialias=True, glOptions="opaque")
                dot = gl.GLScatterPlotItem(size=13, glOptions="opaque")
                self.widget.addItem(line)
                self.widget.addItem(dot)
                self.trails[run_id] = (line, dot)
            line, dot = self.trails[run_id]
            finite = points[np.all(np.isfinite(points), axis=1)].astype(np.float32)
            rgba = _rgba(color)
            if len(finite) >= 2:
                line.setData(pos=finite, color=rgba)
            else:
                line.setData(pos=np.zeros((0, 3), dtype=np.float32))
            dot.setData(pos=finite[-1:] if len(finite) else np.zeros((0, 3)), color=rgba)

    def set_vectors(self, kind: str, segments: list[tuple[np.ndarray, str]]) -> None:
        """``segments``: per run, ``(6m, 3)`` arrow segment pairs (box units) and its colour."""
        parts = [np.asarray(s, dtype=np.float32) for s, _ in segments if len(s)]
        pos = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.float32)
        self.vector_points[kind] = pos
        if not len(pos):
            self.vectors[kind].setData(pos=pos)
            return
        pale = 0.35 if kind == "gradient" else 0.0  # −∇f: the run's colour mixed with white
        white = np.array([pale, pale, pale, 0.0])
        colors = np.concatenate(
            [
                np.tile(np.array(_rgba(c)) * (1 - pale) + white, (len(s), 1))
                for s, c in segments
                if len(s)
            ]
        ).astype(np.float32)
        self.vectors[kind].setData(pos=pos, color=colors)


@atexit.register
def _delete_pending_widgets() -> None:
    """Run the deletions still pending when Python exits. PySide6 segfaults during teardown
    when a widget holding a Python-made QWindow (the GL view's container) is still waiting
    for its ``deleteLater``: deleted here, while Qt and Python are whole, it goes cleanly."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class _OrbitControls:
    """A settable turn per pixel dragged (``orbit_speed`` × 1°) and a gentler zoom for
    trackpads (:func:`ui.views.surface_camera.wheel_zoom`), over pyqtgraph's orbit view."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.orbit_speed = 1.0

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802 - Qt override
        ctrl = ev.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ev.buttons() != Qt.MouseButton.LeftButton or ctrl:
            super().mouseMoveEvent(ev)
            return
        pos = ev.position()
        last = getattr(self, "mousePos", pos)
        self.mousePos = pos
        diff = pos - last
        self.orbit(-diff.x() * self.orbit_speed, diff.y() * self.orbit_speed)

    def wheelEvent(self, ev) -> None:  # noqa: N802 - Qt override
        from ui.views.surface_camera import wheel_zoom

        angle, pixel = ev.angleDelta(), ev.pixelDelta()
        delta = angle.x() or angle.y()
        factor = wheel_zoom(delta, pixel.x() or pixel.y())
        if ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.opts["fov"] *= factor
        else:
            self.opts["distance"] *= factor
        self.update()


class OrbitWidget(_OrbitControls, gl.GLViewWidget):
    """The 3D view as pyqtgraph's ``QOpenGLWidget``: it renders off screen too (exports)."""

    def container(self, parent=None):
        return self


class OrbitWindow(_OrbitControls, GLViewMixin, QOpenGLWindow):
    """The app's on-screen 3D view: a ``QOpenGLWindow`` shown in the pane through
    :meth:`container`, not pyqtgraph's ``QOpenGLWidget``: one QOpenGLWidget anywhere in the
    main window turns the whole window into a GL-composited surface, and under software
    OpenGL every repaint of the map then
    went through a texture upload (a bare pyqtgraph loop fell from 62 to 27 frames per s).
    A native GL window paints by itself; the rest of the window stays raster. It draws only
    while exposed, so an export (off screen) uses :class:`OrbitWidget`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # the mixins', then QOpenGLWindow's
        self._container = None
        self._tip_at = None  # where the pointer rests (global), for the tooltip
        self._tip_timer = QTimer(self, singleShot=True, interval=TIP_DELAY_MS)
        self._tip_timer.timeout.connect(self._show_tip)
        surface = QSurfaceFormat.defaultFormat()  # a widget's FBO has depth; a window asks
        surface.setDepthBufferSize(24)
        surface.setStencilBufferSize(8)
        self.setFormat(surface)

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802 - Qt override
        """A drag turns the view; the pointer resting on it shows the container's tooltip
        (a native GL window gets no tooltip events of its own)."""
        super().mouseMoveEvent(ev)
        if ev.buttons() == Qt.MouseButton.NoButton:
            self._tip_at = ev.globalPosition().toPoint()
            self._tip_timer.start()
        else:
            self._tip_timer.stop()

    def event(self, ev) -> bool:
        if ev.type() in (QEvent.Type.Leave, QEvent.Type.MouseButtonPress):
            self._tip_timer.stop()
            QToolTip.hideText()
        return super().event(ev)

    def _show_tip(self) -> None:
        holder = self._container
        if holder is not None and holder.toolTip() and self._tip_at is not None:
            QToolTip.showText(self._tip_at, holder.toolTip(), holder)

    def devicePixelRatioF(self) -> float:  # noqa: N802 - the mixin's QWidget name
        return float(self.devicePixelRatio())

    def rect(self):
        """The window's rectangle (GL text items ask their view for it, as of a widget)."""
        from PySide6.QtCore import QRect

        return QRect(0, 0, self.width(), self.height())

    def container(self, parent=None):
        """The widget holding this window in a layout (made once)."""
        if self._container is None:
            from PySide6.QtWidgets import QWidget

            self._container = QWidget.createWindowContainer(self, parent)
            self._container.setObjectName("SurfaceGL")
            self._container.setMinimumSize(40, 40)
            self._container.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        return self._container
