"""Writing a person's files safely: a checked target, a temporary file beside it, a rename.

Every file Landscape writes (sessions, exported animations and trajectories, sweep and
comparison tables, charts, screenshots) goes through this module:

* **Links are followed.** The target is resolved first, so a symbolic link keeps pointing at
  its file and that file gets the new contents (renaming onto the link itself would put a
  regular file in its place and leave the linked file stale).
* **Only regular files are replaced.** A target that exists and is not a regular file (a device
  such as ``/dev/null``, a named pipe, a socket, a folder where a file is expected) is refused
  with an :class:`InputError`: the rename would replace a device with a file (as root), and
  writing into it would block or go nowhere.
* **Atomic.** The data goes to a temporary file in the target's own folder (the same file
  system), is optionally flushed to disk, then ``os.replace`` puts it in place: a crash or a
  full disk never leaves half a file under the final name.
* **The usual permissions.** A new file gets ``0666`` minus the umask, as any file the person
  saves (the temporary file is created with that mode, not ``mkstemp``'s private ``0600``); a
  replaced file keeps its mode, so a session made private stays private.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from pathlib import Path

from landscape.errors import InputError
from landscape.safe_read import kind_of


def _named(path: Path, target: Path) -> str:
    """The path as given, and where a link leads when it is elsewhere."""
    same = os.path.abspath(path) == str(target)
    return str(path) if same else f"{path} (a link to {target})"


def cannot_write(path, why: str, target: Path | None = None) -> InputError:
    shown = _named(Path(path), target) if target is not None else str(path)
    return InputError(f"cannot write {shown}: {why}")


def resolve_output(path, *, folder: bool = False) -> Path:
    """The real path that writing ``path`` replaces, checked (InputError otherwise): links
    followed; the folder it goes in exists; when it exists it is a regular file (``folder``:
    a folder)."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    parent = target.parent
    if not parent.is_dir():
        why = "is not a folder" if parent.exists() else "does not exist"
        raise cannot_write(path, f"the folder {parent} {why}", target)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise cannot_write(path, exc.strerror or str(exc), target) from None
    if folder and not stat.S_ISDIR(mode):
        raise cannot_write(path, f"it is {_kind(mode)}, not a folder", target)
    if not folder and stat.S_ISDIR(mode):
        raise cannot_write(path, "it is a folder (give a file name)", target)
    if not folder and not stat.S_ISREG(mode):
        raise cannot_write(path, f"it is {kind_of(mode)}, not a regular file", target)
    if not folder and not os.access(target, os.W_OK):
        raise cannot_write(path, "it is read-only", target)
    return target


def _kind(mode: int) -> str:
    return "a regular file" if stat.S_ISREG(mode) else kind_of(mode)


def _temp_name(target: Path, suffix: str) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")


def new_temp_file(target: Path, suffix: str = ".part") -> Path:
    """An empty new file beside ``target`` (mode 0666 minus the umask); InputError when the
    folder cannot be written."""
    for _ in range(100):
        tmp = _temp_name(target, suffix)
        try:
            os.close(
                os.open(
                    tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666
                )
            )
            return tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise cannot_write(target, exc.strerror or str(exc)) from None
    raise cannot_write(target, "no free temporary name beside it")  # pragma: no cover


def new_temp_folder(target: Path, suffix: str = ".part") -> Path:
    """An empty new folder beside ``target`` (mode 0777 minus the umask)."""
    for _ in range(100):
        tmp = _temp_name(target, suffix)
        try:
            os.mkdir(tmp, 0o777)
            return tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise cannot_write(target, exc.strerror or str(exc)) from None
    raise cannot_write(target, "no free temporary name beside it")  # pragma: no cover


def commit(tmp: Path, target: Path) -> None:
    """Move the finished file ``tmp`` onto ``target`` (a resolved, checked path). A file
    replaced there lends its mode (and, where allowed, its owner) to the new one."""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISREG(old.st_mode):
        os.chmod(tmp, stat.S_IMODE(old.st_mode))
        if hasattr(os, "chown") and (old.st_uid, old.st_gid) != _owner(tmp):
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:
                pass  # not ours to give away: the file stays the writer's
    os.replace(tmp, target)


def _owner(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid


def discard(tmp: Path | None) -> None:
    """Remove a temporary file or folder (nothing when it is already gone)."""
    if tmp is None or not os.path.lexists(tmp):
        return
    if os.path.isdir(tmp) and not os.path.islink(tmp):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    try:
        os.unlink(tmp)
    except OSError:
        pass


def write_bytes(path, data: bytes, *, durable: bool = False) -> Path:
    """Write ``data`` to ``path`` safely (see the module's note); ``durable`` flushes it to
    disk before the rename. Returns ``path`` as given; InputError on any failure."""
    path = Path(path)
    target = resolve_output(path)
    tmp = new_temp_file(target)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        commit(tmp, target)
    except OSError as exc:
        discard(tmp)
        raise cannot_write(path, exc.strerror or str(exc), target) from None
    except BaseException:
        discard(tmp)
        raise
    return path


def write_text(path, text: str, *, durable: bool = False) -> Path:
    """:func:`write_bytes` of ``text`` in UTF-8 (no byte-order mark)."""
    return write_bytes(path, text.encode("utf-8"), durable=durable)


def check_folder(path) -> Path:
    """InputError unless ``path`` is a folder or can be made one (checked before long work;
    nothing is created). Returns ``path`` as given."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    probe = target
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        why = "it" if probe == target else f"{probe}"
        raise cannot_write(path, f"{why} is {_kind(os.stat(probe).st_mode)}, not a folder", target)
    return path


def ensure_folder(path) -> Path:
    """Make the output folder ``path`` (and its parents) unless it exists; InputError when it
    exists as something else or cannot be made. Returns ``path`` as given."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_dir():
        raise cannot_write(path, f"it is {_kind(os.stat(target).st_mode)}, not a folder", target)
    try:
        os.makedirs(target, exist_ok=True)
    except OSError as exc:
        raise cannot_write(path, exc.strerror or str(exc), target) from None
    return path
