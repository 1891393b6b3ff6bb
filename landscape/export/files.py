"""Output paths: checks before any work, temporary names beside the target, atomic commits.

Every export writes under a temporary name in the target's own folder and renames at the end,
so a cancelled or failed export leaves nothing under the final name. A folder of PNG frames
replaces an earlier export in the same place, never a folder holding anything else.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

from landscape.errors import InputError

_FRAME_FILE = re.compile(r"^frame_\d{4,}\.png$")
MANIFEST = "manifest.json"


def _fail(path: Path, why: str) -> InputError:
    return InputError(f"cannot write {path}: {why}")


def check_target(path: Path, *, folder: bool) -> None:
    """Raise InputError unless ``path`` can be created (or replaced) as a file / PNG folder."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise _fail(path, f"the folder {parent} does not exist")
    if not parent.is_dir():
        raise _fail(path, f"{parent} is not a folder")
    if folder and path.exists() and not _replaceable_folder(path):
        raise _fail(path, "it exists and is not an empty folder or an earlier PNG export")
    if not folder and path.is_dir():
        raise _fail(path, "it is a folder (give a file name, e.g. race.gif)")


def _replaceable_folder(path: Path) -> bool:
    if not path.is_dir():
        return False
    names = os.listdir(path)
    if not names:
        return True
    return MANIFEST in names and all(n == MANIFEST or _FRAME_FILE.match(n) for n in names)


def temp_file(path: Path) -> Path:
    """An empty temporary file beside ``path`` with the same suffix (ffmpeg reads it)."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".part{path.suffix}",
                                    dir=path.parent)
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from None
    os.close(fd)
    return Path(name)


def temp_folder(path: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _usual_mode(tmp: Path) -> None:
    """Temporary files are private (0600/0700); the result gets the usual mode."""
    mask = _umask()
    if tmp.is_dir():
        os.chmod(tmp, 0o777 & ~mask)
        for child in tmp.iterdir():
            os.chmod(child, 0o666 & ~mask)
    else:
        os.chmod(tmp, 0o666 & ~mask)


def commit(tmp: Path, path: Path) -> None:
    """Move the finished ``tmp`` to ``path`` (an earlier PNG export there is replaced)."""
    _usual_mode(tmp)
    if tmp.is_dir() and path.exists():
        if not _replaceable_folder(path):
            raise _fail(path, "it exists and is not an empty folder or an earlier PNG export")
        trash = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.old")
        os.rename(path, trash)
        os.rename(tmp, path)
        shutil.rmtree(trash, ignore_errors=True)
        return
    os.replace(tmp, path)


def discard(tmp: Path | None) -> None:
    """Remove a temporary file or folder (nothing when it is already gone)."""
    if tmp is None or not os.path.lexists(tmp):
        return
    if tmp.is_dir():
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        try:
            tmp.unlink()
        except OSError:
            pass


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    check_target(path, folder=False)
    tmp = temp_file(path)
    try:
        tmp.write_bytes(data)
        commit(tmp, path)
    except OSError as exc:
        discard(tmp)
        raise _fail(path, exc.strerror or str(exc)) from None
    return path
