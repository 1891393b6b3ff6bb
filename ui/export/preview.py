"""The export dialog's preview: the frame as it will be written, scaled to fit a large box.

:class:`FramePreview` is a label of at least :data:`PREVIEW_WIDTH` × :data:`PREVIEW_HEIGHT`
pixels that grows with the dialog; :meth:`FramePreview.show_frame` draws one frame with a
private renderer (overlays included) and shows it scaled to the label's size (never above
the frame's own), keeping its shape, rescaled when the dialog is resized; or a one-line
reason instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from landscape.errors import InputError

#: the preview's box (px): the frame is scaled to fit it, keeping its shape
PREVIEW_WIDTH, PREVIEW_HEIGHT = 640, 420


class FramePreview(QLabel):
    def __init__(self) -> None:
        super().__init__("preview…")
        self.setObjectName("ExportPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(PREVIEW_WIDTH, PREVIEW_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None

    def show_frame(self, model, view: str, size, state, slide, step: int) -> None:
        """Draw ``model``'s frame at ``step`` as ``view`` at ``size`` per view, looked at as
        ``state``, with ``slide``'s overlays."""
        from ui.export.renderer import FrameRenderer

        try:
            renderer = FrameRenderer(model, view, size, state=state, slide=slide)
        except InputError as exc:
            self.image = None
            self.setText(exc.message)
            return
        try:
            rgba = renderer.render(step)
        finally:
            renderer.close()
        h, w = rgba.shape[:2]
        self.image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        self._fit()

    def _fit(self) -> None:
        if self.image is None:
            return
        box = self.contentsRect().size().expandedTo(self.minimumSize())
        box = box.boundedTo(self.image.size())
        self.setPixmap(
            QPixmap.fromImage(self.image).scaled(
                box,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()
