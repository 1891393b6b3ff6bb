"""Output paths of an export: checks before any work, temporary names beside the target, commits.

Files go through :mod:`landscape.safe_write` (links followed, only regular files replaced, an
atomic rename, the usual permissions). A folder of PNG frames replaces an earlier export in the
same place, never a folder holding anything else; a cancelled or failed export leaves nothing
under the final name.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

from landscape import safe_write
from landscape.safe_write import discard, write_bytes

_FRAME_FILE = re.compile(r"^frame_\d{4,}\.png$")
MANIFEST = "manifest.json"
__all__ = [
    "MANIFEST",
    "check_target",
    "commit",
    "discard",
    "temp_file",
    "temp_folder",
    "write_atomic",
]

_NOT_REPLACEABLE = "it exists and is not an empty folder or an earlier PNG export"


def check_target(path: Path, *, folder: bool) -> Path:
    """The real path an export to ``path`` writes (links followed), or InputError unless it
    can be created or replaced as a file / a folder of PNG frames."""
    if not folder:
        return safe_write.resolve_output(path)
    target = safe_write.resolve_output(path, folder=True)
    if target.exists() and not _replaceable_folder(target):
        raise safe_write.cannot_write(path, _NOT_REPLACEABLE, target)
    return target


def _replaceable_folder(path: Path) -> bool:
    if not path.is_dir():
        return False
    names = os.listdir(path)
    if not names:
        return True
    return MANIFEST in names and all(n == MANIFEST or _FRAME_FILE.match(n) for n in names)


def temp_file(target: Path) -> Path:
    """An empty temporary file beside ``target`` with the same suffix (ffmpeg reads it)."""
    return safe_write.new_temp_file(target, suffix=f".part{target.suffix}")


def temp_folder(target: Path) -> Path:
    return safe_write.new_temp_folder(target, suffix=".part")


def commit(tmp: Path, target: Path) -> None:
    """Move the finished ``tmp`` to ``target`` (an earlier PNG export there is replaced)."""
    if not tmp.is_dir():
        safe_write.commit(tmp, target)
        return
    if target.exists():
        if not _replaceable_folder(target):
            raise safe_write.cannot_write(target, _NOT_REPLACEABLE)
        trash = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
        os.rename(target, trash)
        os.rename(tmp, target)
        shutil.rmtree(trash, ignore_errors=True)
        return
    os.rename(tmp, target)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename (see safe_write)."""
    return write_bytes(path, data)
