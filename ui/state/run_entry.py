"""One optimizer on screen (:class:`RunEntry`) and the names of the vectors drawn for it.

Plain data held by :class:`ui.state.model.AppModel`, which is the only writer of its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from landscape.session_view import OVERLAY_KINDS

VECTOR_KINDS = OVERLAY_KINDS
VECTOR_LABELS = {
    "gradient": "−∇f",
    "step": "actual step",
    "velocity": "velocity",
    "newton": "Newton step",
    "trials": "line-search trials",
    "field": "gradient field",
}


@dataclass
class RunEntry:
    """One optimizer on screen; ``trajectory`` is None until computed, ``error`` when it failed.

    ``display_name`` is the optimizer's name ("Gradient descent"); ``label`` the name that tells
    this run from the others on screen ("GD (lr 0.1)", :mod:`landscape.run_labels`), kept up to
    date by the model.

    ``edited``: the names of the values in ``hyper`` that the person set (kept when the
    function, preset or start changes); every other value is the ``suggestion``'s (a
    :class:`ui.state.jobs.RunSuggestion`, None until computed). ``advice``: what to try when
    the run did not converge (computed after it, off the GUI thread; None otherwise).
    """

    run_id: int
    name: str
    display_name: str
    hyper: dict[str, Any]
    color: str
    visible: bool = True
    trajectory: Any = None
    error: str | None = None
    pending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    edited: frozenset[str] = frozenset()
    suggestion: Any = None
    advice: str | None = None

    def length(self) -> int:
        """Number of points in the trajectory (steps + 1), 0 when not computed."""
        return 0 if self.trajectory is None else len(self.trajectory.xs)

    def index_at(self, frame: int) -> int:
        """The trajectory index shown at ``frame``: a run that ended early stays at its end."""
        return max(0, min(frame, self.length() - 1))
