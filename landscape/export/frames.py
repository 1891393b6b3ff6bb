"""What an exported animation shows: which step each frame draws, which views, what size.

The app's playback frame index *is* the optimizer step, so an export is a list of steps:
``first``, ``first + k``, ``first + 2k``, … and always ``last`` (``k`` steps per frame). Frame
``i`` shows exactly what the app shows at step :meth:`FramePlan.step` ``(i)``. No Qt here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from landscape.errors import InputError
from landscape.export.files import check_target

#: view name -> the panels drawn side by side, left to right
VIEWS: dict[str, tuple[str, ...]] = {
    "contour": ("contour",),
    "surface": ("surface",),
    "both": ("contour", "surface"),
    "contour+loss": ("contour", "loss"),
    "surface+loss": ("surface", "loss"),
}
IMAGE_FORMATS = ("png", "gif", "mp4")
TRAJECTORY_FORMATS = ("csv", "json")
#: one still frame, for print: SVG (vector) or PDF (drawn by ui/export/still.py)
STILL_FORMATS = ("svg", "pdf")
FORMATS = IMAGE_FORMATS + TRAJECTORY_FORMATS + STILL_FORMATS
DEFAULT_SIZE = (800, 600)
SIZE_RANGE = (64, 4096)
FPS_RANGE = (1, 120)
#: degrees the surface camera turns over a whole animation with ``orbit``
ORBIT_DEGREES = 90.0
_EXTENSIONS = {
    ".gif": "gif",
    ".mp4": "mp4",
    ".csv": "csv",
    ".json": "json",
    ".png": "png",
    ".svg": "svg",
    ".pdf": "pdf",
}


@dataclass(frozen=True)
class FramePlan:
    """Steps ``first`` … ``last`` (inclusive), one frame every ``steps_per_frame`` steps."""

    first: int
    last: int
    steps_per_frame: int = 1

    def __post_init__(self) -> None:
        if self.steps_per_frame < 1:
            raise InputError("steps per frame must be at least 1")
        if self.first < 0 or self.last < self.first:
            raise InputError(f"the step range {self.first}:{self.last} is empty")

    @property
    def count(self) -> int:
        """Number of frames; the last frame always shows step ``last``."""
        return math.ceil((self.last - self.first) / self.steps_per_frame) + 1

    def step(self, frame: int) -> int:
        if not 0 <= frame < self.count:
            raise IndexError(f"frame {frame} is outside 0..{self.count - 1}")
        return min(self.first + frame * self.steps_per_frame, self.last)

    def steps(self) -> list[int]:
        return [self.step(i) for i in range(self.count)]

    def sample_frames(self, k: int = 4) -> list[int]:
        """Up to ``k`` frame indices spread evenly from first to last (for a GIF palette)."""
        n = self.count
        return sorted({round(i * (n - 1) / max(1, k - 1)) for i in range(min(k, n))})


def make_plan(
    last_available: int, first: int = 0, last: int | None = None, steps_per_frame: int = 1
) -> FramePlan:
    """The plan for a run whose longest trajectory ends at step ``last_available``; a
    ``last`` beyond it is clipped (the app cannot show steps that were never taken)."""
    end = last_available if last is None else min(int(last), last_available)
    if first > end:
        raise InputError(f"the first step {first} is after the last step {end}")
    return FramePlan(int(first), int(end), int(steps_per_frame))


def orbit_azimuth(frame: int, count: int, start: float, sweep: float = ORBIT_DEGREES) -> float:
    """The camera azimuth (degrees) at ``frame`` of ``count``: a steady turn of ``sweep``."""
    return float(start) + float(sweep) * frame / max(1, count - 1)


def panels(view: str) -> tuple[str, ...]:
    try:
        return VIEWS[view]
    except KeyError:
        raise InputError(f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}") from None


def needs_gl(view: str) -> bool:
    return "surface" in panels(view)


def output_size(view: str, size: tuple[int, int]) -> tuple[int, int]:
    """Pixel size of a whole frame: the panels of ``view`` side by side, each ``size``."""
    w, h = size
    return (w * len(panels(view)), h)


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format asked for, else the one the extension names; a folder means PNG frames."""
    if explicit:
        fmt = explicit.lower().lstrip(".")
        if fmt not in FORMATS:
            raise InputError(f"unknown format {explicit!r}; choose one of: {', '.join(FORMATS)}")
        return fmt
    return _EXTENSIONS.get(Path(path).suffix.lower(), "png")


@dataclass
class ExportOptions:
    """Everything a person chooses for one export (checked by :meth:`check`)."""

    out: Path
    format: str | None = None  # None: from the extension of ``out`` (a folder: png)
    view: str = "contour"
    size: tuple[int, int] = DEFAULT_SIZE
    fps: int = 30
    steps_per_frame: int = 1
    first_step: int = 0
    last_step: int | None = None
    orbit: bool = False
    extra: dict = field(default_factory=dict)

    def check(self) -> ExportOptions:
        self.out = Path(self.out)
        self.format = format_for(self.out, self.format)
        panels(self.view)
        lo, hi = SIZE_RANGE
        w, h = (int(v) for v in self.size)
        if not (lo <= w <= hi and lo <= h <= hi):
            raise InputError(f"the size must be between {lo}x{lo} and {hi}x{hi} per view")
        self.size = (w, h)
        if not FPS_RANGE[0] <= int(self.fps) <= FPS_RANGE[1]:
            raise InputError(f"fps must be from {FPS_RANGE[0]} to {FPS_RANGE[1]}")
        if int(self.steps_per_frame) < 1:
            raise InputError("steps per frame must be at least 1")
        if int(self.first_step) < 0:
            raise InputError("the first step must be 0 or more")
        if self.last_step is not None and int(self.last_step) < int(self.first_step):
            raise InputError("the last step must not come before the first")
        check_target(self.out, folder=self.format == "png")  # before any work is done
        return self

    def plan(self, last_available: int) -> FramePlan:
        return make_plan(last_available, self.first_step, self.last_step, self.steps_per_frame)
