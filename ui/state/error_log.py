"""Unexpected exceptions (bugs) never reach a person as a traceback.

The app installs :func:`install` at start: an exception escaping a slot, a timer or a thread is
written with its traceback to a log file, and the person gets one line on stderr (once per
distinct fault). Jobs on worker threads report theirs through
:func:`report_unexpected`, which goes through ``sys.excepthook`` so that the test suite (where
pytest-qt replaces the hook during each test) fails on it instead of letting it pass unseen.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path

_seen: set[str] = set()


def log_path() -> Path:
    """Where tracebacks go: ``$LANDSCAPE_SETTINGS_DIR/errors.log`` in tests, else the user's
    cache folder (``$XDG_CACHE_HOME/landscape/errors.log``)."""
    base = os.environ.get("LANDSCAPE_SETTINGS_DIR")
    if base:
        return Path(base) / "errors.log"
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "landscape" / "errors.log"


def summary(exc: BaseException) -> str:
    """One line that names the problem without the traceback's ``Name: message`` shape."""
    message = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    kind = type(exc).__name__
    return f"internal error ({kind}){' — ' + message if message else ''}"


def _write(exc_type, exc, tb) -> str:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            log.write("".join(traceback.format_exception(exc_type, exc, tb)))
        return str(path)
    except OSError:
        return ""


def _hook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    where = _write(exc_type, exc, tb)
    line = summary(exc)
    if line not in _seen:  # a fault in a timer repeats: say it once
        _seen.add(line)
        details = f"; details in {where}" if where else ""
        print(f"landscape: {line}{details}", file=sys.stderr)


def _thread_hook(args) -> None:
    if args.exc_type is not SystemExit:
        sys.excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    """Route uncaught exceptions of the GUI thread and of Python threads to the log."""
    sys.excepthook = _hook
    threading.excepthook = _thread_hook


def report_unexpected(exc: BaseException) -> str:
    """A job's unexpected exception: through ``sys.excepthook`` (the log in the app, a test
    failure in the suite); returns the one line to show where the job's result would be."""
    sys.excepthook(type(exc), exc, exc.__traceback__)
    return summary(exc)
