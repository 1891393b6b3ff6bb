"""Plot axes whose look depends only on what they show, never on what they showed before.

pyqtgraph keeps up to 10 px of text space from earlier, wider tick labels (so a plot once
zoomed out keeps a wider axis), which makes a view's pixels depend on its history: an export
drawn by fresh views would then differ from the app's. :class:`SteadyAxis` sizes its text space
to the current labels exactly.
"""

from __future__ import annotations

import pyqtgraph as pg


class SteadyAxis(pg.AxisItem):
    """A :class:`pyqtgraph.AxisItem` whose text space is exactly its current labels'."""

    def _updateMaxTextSize(self, x: int) -> None:  # noqa: N802 - pyqtgraph's name
        if self.orientation in ("left", "right"):
            changed, self.textWidth = x != self.textWidth, x
            if changed and self.style["autoExpandTextSpace"]:
                self._updateWidth()
        else:
            changed, self.textHeight = x != self.textHeight, x
            if changed and self.style["autoExpandTextSpace"]:
                self._updateHeight()
