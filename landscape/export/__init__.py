"""Exporting the animation: which step each frame shows, frame writers (PNG sequence + manifest,
GIF, MP4) and trajectories alone (CSV, JSON). Plain numpy and Pillow; never Qt — the pictures
come from ``ui.export``, which renders the app's own views offscreen.
"""

from landscape.export.frames import (
    DEFAULT_SIZE,
    FORMATS,
    IMAGE_FORMATS,
    TRAJECTORY_FORMATS,
    VIEWS,
    ExportOptions,
    FramePlan,
    make_plan,
    needs_gl,
    orbit_azimuth,
    output_size,
    panels,
)
from landscape.export.trajectories import RunRecord, manifest, write_trajectories
from landscape.export.writers import (
    Cancelled,
    FrameWriter,
    GIFWriter,
    MP4Writer,
    PNGSequenceWriter,
    encode_png,
    make_writer,
)

__all__ = [
    "DEFAULT_SIZE",
    "FORMATS",
    "IMAGE_FORMATS",
    "TRAJECTORY_FORMATS",
    "VIEWS",
    "Cancelled",
    "ExportOptions",
    "FramePlan",
    "FrameWriter",
    "GIFWriter",
    "MP4Writer",
    "PNGSequenceWriter",
    "RunRecord",
    "encode_png",
    "make_plan",
    "make_writer",
    "manifest",
    "needs_gl",
    "orbit_azimuth",
    "output_size",
    "panels",
    "write_trajectories",
]
