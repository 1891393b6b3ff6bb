"""Help → Optimizers: every optimizer's update rule as implemented, its source and conventions,
and the learning-rate schedules, from the registry (the text ``landscape optimizers`` prints)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def optimizers_html(specs) -> str:
    """One section per spec (``OptimizerSpec``), then the schedules once."""
    from landscape.optim.registry import schedules_text

    parts = ["<h2>Optimizers: the update rules as implemented</h2>"]
    for spec in specs:
        parts.append(
            f"<h3 id='{spec.name}'>{html.escape(spec.display_name)}</h3>"
            f"<pre>{html.escape(spec.help_text(schedules=False))}</pre>"
        )
    parts.append(
        f"<h3 id='schedules'>Learning-rate schedules</h3><pre>{html.escape(schedules_text())}</pre>"
    )
    return "\n".join(parts)


def update_rule_tip(spec) -> str:
    """The tooltip of an optimizer in the Add list: its summary and update rule."""
    return f"{spec.summary}\n\n{spec.update_rule}\n\nHelp → Optimizers… has its source."


class OptimizerHelp(QDialog):
    """A non-modal window with :func:`optimizers_html`; ``show_optimizer(name)`` scrolls."""

    def __init__(self, specs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Optimizers")
        self.resize(820, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(optimizers_html(specs))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def show_optimizer(self, name: str) -> None:
        self.browser.scrollToAnchor(name)
