"""The export dialog's preview: the frame as it will be written, scaled to fit a large box.

:class:`FramePreview` is a label of at least :data:`PREVIEW_WIDTH` × :data:`PREVIEW_HEIGHT`
pixels; :meth:`FramePreview.show_frame` draws one frame with a private renderer (overlays
included) and shows it scaled down, keeping its shape, or a one-line reason instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel

from landscape.errors import InputError

#: the preview's box (px): the frame is scaled to fit it, keeping its shape
PREVIEW_WIDTH, PREVIEW_HEIGHT = 640, 420


class FramePreview(QLabel):
    def __init__(self) -> None:
        super().__init__("preview…")
        self.setObjectName("ExportPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(PREVIEW_WIDTH, PREVIEW_HEIGHT)

    def show_frame(self, model, view: str, size, state, slide, step: int) -> None:
        """Draw ``model``'s frame at ``step`` as ``view`` at ``size`` per view, looked at as
        ``state``, with ``slide``'s overlays."""
        from ui.export.renderer import FrameRenderer

        try:
            renderer = FrameRenderer(model, view, size, state=state, slide=slide)
        except InputError as exc:
            self.setText(exc.message)
            return
        try:
            rgba = renderer.render(step)
        finally:
            renderer.close()
        h, w = rgba.shape[:2]
        image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        box = self.contentsRect().size().expandedTo(self.minimumSize())
        self.setPixmap(
            QPixmap.fromImage(image).scaled(
                box,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
