"""One still frame for print: SVG (QSvgGenerator) or PDF (QPdfWriter).

The frame is drawn by :meth:`~ui.export.renderer.FrameRenderer.paint_still` straight into
the generator's painter, so the 2D panes are vector where pyqtgraph draws them as paths
(contour lines, trails, markers, axes, tick labels as text; the colour map stays an embedded
image at the grid's resolution), the formula is the typeset SVG's paths and the legend,
step counter and caption are text. The 3D surface has no vector form: it is embedded as its
rendered image. The page is the frame's size: ``W × H`` pixels in SVG, ``W × H`` CSS pixels
(0.75 pt each) in PDF (see :data:`PIXELS_PER_INCH`).

The still shows the last step of the chosen range (``options.last_step``, default the last
step of any run). The file is written under a temporary name and renamed (``write_atomic``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize, QSizeF
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from landscape.errors import InputError
from landscape.export.files import write_atomic
from landscape.export.frames import STILL_FORMATS

#: the resolution of both pages: a frame pixel is 1/96 inch. It must be the screen's logical
#: DPI: pyqtgraph's axes replay a recorded QPicture, which Qt rescales by the ratio of the
#: devices' resolutions (at 72 or 300 dpi the axes would shrink or grow against the plot).
#: Vector parts do not care; embedded images keep their own pixels.
PIXELS_PER_INCH = 96


def still_step(options, last_available: int) -> int:
    """The step a still of ``options`` shows: the end of its range."""
    return options.plan(last_available).last


def still_bytes(renderer, step: int, fmt: str, title: str = "Landscape") -> bytes:
    """The frame of ``renderer`` at ``step`` as an SVG or PDF document."""
    if fmt not in STILL_FORMATS:
        raise InputError(f"a still frame is SVG or PDF, not {fmt!r}")
    w, h = renderer.frame_size
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if fmt == "svg":
        device = QSvgGenerator()
        device.setOutputDevice(buffer)
        device.setSize(QSize(w, h))
        device.setViewBox(QRect(0, 0, w, h))
        device.setResolution(PIXELS_PER_INCH)  # width and height in mm: the PDF's page size
        device.setTitle(title)
        device.setDescription("exported by Landscape")
    else:
        device = QPdfWriter(buffer)
        device.setResolution(PIXELS_PER_INCH)  # see PIXELS_PER_INCH
        inches = QSizeF(w / PIXELS_PER_INCH, h / PIXELS_PER_INCH)
        device.setPageSize(QPageSize(inches, QPageSize.Unit.Inch, "frame"))
        device.setPageMargins(QMarginsF(0, 0, 0, 0))
        device.setTitle(title)
        device.setCreator("Landscape")
    painter = QPainter(device)
    if not painter.isActive():
        raise InputError(f"the {fmt.upper()} page could not be started")
    try:
        renderer.paint_still(painter, step)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def write_still(model, options, state=None, slide=None) -> Path:
    """Draw ``model`` as checked ``options`` ask (format svg or pdf, view, size, range) with
    ``slide``'s overlays and write ``options.out``; returns the path."""
    from ui.export.renderer import FrameRenderer

    step = still_step(options, model.last_frame())
    renderer = FrameRenderer(model, options.view, options.size, state=state, slide=slide)
    try:
        data = still_bytes(renderer, step, options.format, _title(model))
    finally:
        renderer.close()
    return Path(write_atomic(Path(options.out), data))


def _title(model) -> str:
    data = model.landscape
    return f"Landscape: f = {data.text}" if data is not None else "Landscape"
