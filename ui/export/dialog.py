"""File → Export…: choose the view, size, steps, speed, format and what each frame carries
(formula, legend, step counter, caption); see the range's last frame as it will be written
(the preview grows with the dialog); export.

The dialog is not modal: the export renders a few frames per event-loop turn (see
:class:`~ui.export.job.ExportJob`) and encodes in worker threads, so the window stays usable.
The progress bar counts encoded frames and says how long is left; Cancel stops at once and
removes everything written. What is exported is what the app shows: its model, colours,
overlays, zoom and 3D camera are copied into private, offscreen views. A still (SVG or PDF,
for print) is the frame of the range's last step, written at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from landscape.errors import InputError
from landscape.export.frames import (
    DEFAULT_SIZE,
    FPS_RANGE,
    SIZE_RANGE,
    STILL_FORMATS,
    TRAJECTORY_FORMATS,
    VIEWS,
    ExportOptions,
    needs_gl,
)
from ui.export.choices import FORMAT_LABELS, SUFFIX, VIEW_LABELS
from ui.export.overlay_fields import OverlayFields
from ui.export.preview import FramePreview
from ui.state.timing import Debounce
from ui.views.layouts import add_layout

PREVIEW_WIDTH, PREVIEW_HEIGHT = 640, 420
PREVIEW_DELAY_MS = 250
#: the dialog's first size: the form beside a preview about 800 px wide
DIALOG_SIZE = (1280, 660)


def _spin(lo: int, hi: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class ExportDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Export animation")
        self.setObjectName("ExportDialog")
        self.window_ = window
        self.job = None
        self.last_path: str | None = None
        self._preview_timer = Debounce(PREVIEW_DELAY_MS, self.update_preview, self)
        self._build()
        self._first_size()
        self.refresh()

    def _first_size(self) -> None:
        """Wide enough for a large preview, within the screen."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = DIALOG_SIZE
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 80)
        self.resize(max(width, self.minimumSizeHint().width()), height)

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        self.view_box = QComboBox()
        for key in VIEWS:
            self.view_box.addItem(VIEW_LABELS[key], key)
        self.width_box = _spin(*SIZE_RANGE, DEFAULT_SIZE[0], " px")
        self.height_box = _spin(*SIZE_RANGE, DEFAULT_SIZE[1], " px")
        size_row = self._row(self.width_box, QLabel("×"), self.height_box, QLabel("per view"))
        self.first_box, self.last_box = _spin(0, 0, 0), _spin(0, 0, 0)
        self.all_button = QPushButton("All steps")
        self.all_button.clicked.connect(self.select_all_steps)
        steps_row = self._row(self.first_box, QLabel("to"), self.last_box, self.all_button)
        self.spf_box = _spin(1, 1000, 1)
        self.fps_box = _spin(*FPS_RANGE, 30, " fps")
        self.orbit_box = QCheckBox("slowly orbit the 3D camera")
        self.format_box = QComboBox()
        for key, label in FORMAT_LABELS.items():
            self.format_box.addItem(label, key)
        self.overlay_fields = OverlayFields()
        self.path_edit = QLineEdit(str(self._default_folder() / "landscape-race"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        for label, widget in (
            ("View", self.view_box),
            ("Size", size_row),
            ("Steps", steps_row),
            ("Steps per frame", self.spf_box),
            ("Speed", self.fps_box),
            ("", self.orbit_box),
            ("On each frame", self.overlay_fields),
            ("Format", self.format_box),
            ("Save to", self._row(self.path_edit, browse)),
        ):
            form.addRow(label, widget)
        self.summary = QLabel()
        self.preview = FramePreview()
        self._build_bottom(form)

    def _build_bottom(self, form: QFormLayout) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.status.setObjectName("ExportStatus")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = self._row(self.status, self.export_button, self.cancel_button)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        left = QVBoxLayout()
        add_layout(left, form)
        left.addWidget(self.summary)
        left.addStretch(1)
        add_layout(top, left, 0)
        top.addWidget(self.preview, 1)  # the preview takes the room the form leaves
        add_layout(layout, top)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        for signal in (
            self.view_box.currentIndexChanged,
            self.width_box.valueChanged,
            self.height_box.valueChanged,
            self.first_box.valueChanged,
            self.last_box.valueChanged,
            self.format_box.currentIndexChanged,
            self.overlay_fields.changed,
        ):
            signal.connect(self._schedule_preview)
        for signal in (
            self.view_box.currentIndexChanged,
            self.format_box.currentIndexChanged,
            self.first_box.valueChanged,
            self.last_box.valueChanged,
            self.spf_box.valueChanged,
            self.fps_box.valueChanged,
            self.width_box.valueChanged,
            self.height_box.valueChanged,
        ):
            signal.connect(self._sync)
        self.format_box.currentIndexChanged.connect(self._fix_suffix)

    @staticmethod
    def _row(*widgets) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            box.addWidget(w, 1 if isinstance(w, QLineEdit | QLabel) and w.text() == "" else 0)
        return row

    @staticmethod
    def _default_folder() -> Path:
        where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        folder = Path(where) if where else Path.home()
        return folder if folder.is_dir() else Path.home()

    # -- state --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Take the app's current runs and 3D availability (called each time it opens)."""
        last = self.window_.model.last_frame()
        for box in (self.first_box, self.last_box):
            box.setMaximum(last)
        if self.last_box.value() == 0 or self.last_box.value() > last:
            self.last_box.setValue(last)
        has_gl = self.window_.surface_view.available
        model = self.view_box.model()
        for row, key in enumerate(VIEWS):
            model.item(row).setEnabled(has_gl or not needs_gl(key))
        if not has_gl and needs_gl(self.view_box.currentData()):
            self.view_box.setCurrentIndex(0)
        self._sync()
        self._schedule_preview()

    def select_all_steps(self) -> None:
        self.first_box.setValue(0)
        self.last_box.setValue(self.last_box.maximum())

    def options(self) -> ExportOptions:
        """The options as chosen (InputError when they do not make sense)."""
        path = self.path_edit.text().strip()
        if not path:
            raise InputError("choose where to save the export")
        return ExportOptions(
            out=Path(path).expanduser(),
            format=self.format_box.currentData(),
            view=self.view_box.currentData(),
            size=(self.width_box.value(), self.height_box.value()),
            fps=self.fps_box.value(),
            steps_per_frame=self.spf_box.value(),
            first_step=self.first_box.value(),
            last_step=self.last_box.value(),
            orbit=self.orbit_box.isChecked() and needs_gl(self.view_box.currentData()),
        ).check()

    def _sync(self, *_args) -> None:
        fmt = self.format_box.currentData()
        trajectories, still = fmt in TRAJECTORY_FORMATS, fmt in STILL_FORMATS
        self.orbit_box.setEnabled(
            needs_gl(self.view_box.currentData()) and not (trajectories or still)
        )
        for w in (self.view_box, self.width_box, self.height_box, self.overlay_fields):
            w.setEnabled(not trajectories and self.job is None)
        for w in (self.spf_box, self.fps_box):
            w.setEnabled(not (trajectories or still) and self.job is None)
        first, last = self.first_box.value(), max(self.first_box.value(), self.last_box.value())
        frames = (last - first + self.spf_box.value() - 1) // self.spf_box.value() + 1
        if trajectories:
            self.summary.setText(f"steps {first} to {last} of every run")
            return
        panes = len(VIEWS[self.view_box.currentData()])
        if still:
            self.summary.setText(
                f"one frame: step {last} · "
                f"{self.width_box.value() * panes}×{self.height_box.value()} px"
            )
            return
        self.summary.setText(
            f"{frames} frames · {frames / self.fps_box.value():.1f} s · "
            f"{self.width_box.value() * panes}×{self.height_box.value()} px"
        )

    def _fix_suffix(self, *_args) -> None:
        path = Path(self.path_edit.text().strip() or "landscape-race")
        stem = path.with_suffix("") if path.suffix.lower() in SUFFIX.values() else path
        self.path_edit.setText(str(stem) + SUFFIX[self.format_box.currentData()])

    def browse(self) -> None:
        fmt = self.format_box.currentData()
        if fmt == "png":
            path = QFileDialog.getExistingDirectory(self, "Folder for the PNG frames")
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export to", self.path_edit.text(), f"{FORMAT_LABELS[fmt]} (*{SUFFIX[fmt]})"
            )
        if path:
            self.path_edit.setText(path)

    # -- preview ------------------------------------------------------------------------------
    def _schedule_preview(self, *_args) -> None:
        self._preview_timer()

    def preview_step(self) -> int:
        """The step the preview shows: the range's last (a still's step; for an animation
        the frame where the trails and curves are drawn in full)."""
        return max(self.first_box.value(), self.last_box.value())

    def update_preview(self) -> None:
        """Draw the frame as it will be exported (overlays included), scaled to fit."""
        from ui.export.renderer import view_state_of

        if self.window_.model.landscape is None or self.job is not None:
            return
        self.preview.show_frame(
            self.window_.model,
            self.view_box.currentData(),
            (self.width_box.value(), self.height_box.value()),
            view_state_of(self.window_),
            self.overlay_fields.options(),
            self.preview_step(),
        )

    # -- export -------------------------------------------------------------------------------
    def start_export(self) -> None:
        try:
            options = self.options()
            if options.format in TRAJECTORY_FORMATS:
                self._export_trajectories(options)
                return
            from ui.export.renderer import view_state_of

            if options.format in STILL_FORMATS:
                self._export_still(options, view_state_of(self.window_))
                return
            from ui.export.job import make_job

            job = make_job(
                self.window_.model,
                options,
                view_state_of(self.window_),
                parent=self,
                slide=self.overlay_fields.options(),
            )
            job.start()
        except InputError as exc:
            self.status.setText(f"error: {exc.message}")
            return
        self.job = job
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self.progress.setRange(0, job.plan.count)
        self.progress.setValue(0)
        self.status.setText("exporting…")
        self._busy(True)

    def _export_trajectories(self, options: ExportOptions) -> None:
        from landscape.export.trajectories import write_trajectories
        from ui.export.job import context_of, run_records

        model = self.window_.model
        path = write_trajectories(
            options.out,
            run_records(model),
            options.format,
            context_of(model),
            options.first_step,
            options.last_step,
        )
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self._done(str(path))

    def _export_still(self, options: ExportOptions, state) -> None:
        """One frame, drawn and written now (a second or two, like the preview)."""
        from ui.export.still import write_still

        self.status.setText("drawing the still…")
        path = write_still(self.window_.model, options, state, self.overlay_fields.options())
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self._done(str(path))

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.cancel_button.setText("Cancel" if busy else "Close")
        for w in (
            self.format_box,
            self.path_edit,
            self.first_box,
            self.last_box,
            self.all_button,
            self.orbit_box,
        ):
            w.setEnabled(not busy)
        self._sync()

    def _on_progress(self, done: int, total: int, left: float) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        eta = f" · {left:.0f} s left" if left >= 0 and done < total else ""
        self.status.setText(f"{done} / {total} frames{eta}")

    def _on_finished(self, path: str) -> None:
        self.progress.setValue(self.progress.maximum())
        self._end_job()
        self._done(path)

    def _done(self, path: str) -> None:
        self.last_path = path
        self.status.setText(f"saved {path}")
        self.window_.show_message(f"exported {path}")

    def _on_failed(self, message: str) -> None:
        self._end_job()
        self.status.setText(f"error: {message}")

    def _on_cancelled(self) -> None:
        self._end_job()
        self.progress.setValue(0)
        self.status.setText("cancelled: nothing was written")

    def _end_job(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.renderer.close()
            job.deleteLater()
        self._busy(False)

    def cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
        else:
            self.close()

    def reject(self) -> None:  # Esc or the window's close button: stop any export first
        if self.job is not None:
            self.job.cancel()
        super().reject()


def open_export_dialog(window) -> ExportDialog:
    """Show the window's export dialog (one per window), refreshed with the current state."""
    dialog = getattr(window, "export_dialog", None)
    if dialog is None:
        dialog = window.export_dialog = ExportDialog(window)
    elif dialog.job is None:
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
