"""What the window tells a person when something cannot go as asked: a start where f is
undefined (offered the nearest defined point), a typo kept across a relaunch (in the field
only, flagged), closing while an export is written (asked first).

Plain functions of the main window; the words come from the core's results.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from landscape.session import Session


def check_start(window, run_id: int) -> None:
    """A run that could not take its first step (f undefined or infinite at the start): say
    so and offer the nearest defined point of the landscape on screen (the core's
    :func:`~landscape.nearest_defined.nearest_defined`, on the landscape's samples)."""
    model = window.model
    entry, data = model.run(run_id), model.landscape
    traj = entry.trajectory if entry is not None else None
    if traj is None or entry.pending or entry.length() > 0 or data is None:
        return
    if traj.status not in ("undefined", "diverged"):
        return
    from landscape.nearest_defined import nearest_defined

    point = nearest_defined(data.objective, model.start, data.domain, data.grid)
    what = "the loss" if data.is_model else "f"
    why = "defined" if traj.status == "undefined" else "finite"  # diverged: f(x0) = ±inf
    window.start_notice.offer(model.start, point, what, why)


def unsaved_typing(window, session: Session) -> str | None:
    """The function field's text when it is not ``session``'s function (a typo that did not
    compile stays in the field only); None when they agree."""
    typed = window.function_bar.values()[0]
    return typed if window.model.mode == "function" and typed != session.text else None


def restore_typed_text(window, text: str | None) -> None:
    """Relaunch: once the saved (last good) landscape is on screen, the field gets back the
    text typed last and it is sent again, so it is flagged with its own message while the
    good landscape stays."""
    if not text:
        return
    controller = window.controller

    def send() -> None:
        controller.landscapeAccepted.disconnect(send)
        m = window.model
        if text != m.text:
            window.function_bar.text_edit.setText(text)
            controller.request_landscape(text, m.domain, m.resolution, m.scale)

    controller.landscapeAccepted.connect(send)


def export_running(window) -> bool:
    dialog = getattr(window, "export_dialog", None)
    return dialog is not None and dialog.job is not None


def may_close(window) -> bool:
    """True unless an export is being written and the person chose to keep it going; a yes
    stops the export (its unfinished file is removed)."""
    if not export_running(window):
        return True
    answer = QMessageBox.question(
        window,
        "An export is running",
        "An export is still being written. Stop it and close Landscape?\n"
        "The unfinished file is removed.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    job = window.export_dialog.job
    if job is not None:
        job.cancel()
    return True
