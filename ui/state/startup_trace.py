"""Launch timing hook: with ``LANDSCAPE_TRACE_STARTUP`` set, milestones go to stderr.

Each milestone prints once, as ``startup <name> <time.monotonic()>`` (``first-paint`` when the
main window first paints, ``contour-landscape`` / ``surface-landscape`` when each view first
holds a landscape), so a benchmark can time a launch from outside the process.
"""

from __future__ import annotations

import os
import sys
import time

_seen: set[str] = set()


def enabled() -> bool:
    return bool(os.environ.get("LANDSCAPE_TRACE_STARTUP"))


def mark(name: str) -> None:
    """Print ``startup <name> <monotonic time>`` the first time ``name`` happens."""
    if name in _seen or not enabled():
        return
    _seen.add(name)
    print(f"startup {name} {time.monotonic():.6f}", file=sys.stderr, flush=True)
