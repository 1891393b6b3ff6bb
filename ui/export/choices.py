"""The export dialog's choices in words: views, formats and the suffix each format writes."""

from __future__ import annotations

VIEW_LABELS = {
    "contour": "Contour map",
    "surface": "3D surface",
    "both": "Contour + surface",
    "contour+loss": "Contour + loss curves",
    "surface+loss": "Surface + loss curves",
}
FORMAT_LABELS = {
    "png": "PNG frames + manifest (folder)",
    "gif": "Animated GIF",
    "mp4": "MP4 video (H.264)",
    "svg": "Still frame for print (SVG, vector)",
    "pdf": "Still frame for print (PDF)",
    "csv": "Trajectories only (CSV)",
    "json": "Trajectories only (JSON)",
}
SUFFIX = {
    "png": "",
    "gif": ".gif",
    "mp4": ".mp4",
    "svg": ".svg",
    "pdf": ".pdf",
    "csv": ".csv",
    "json": ".json",
}
#: the preview's box (px): the frame is scaled to fit it, keeping its shape
