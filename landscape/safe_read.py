"""Reading a file a person names (a session, a CSV table): regular files only, size-capped.

Every file Landscape reads by a path someone gave goes through :func:`read_bytes` or
:func:`read_text`:

* Only a regular file is read. A named pipe would block the reader forever (``mkfifo
  s.json``), a device never ends (``/dev/zero``) or has effects when opened, a folder is not a
  file: each is refused with an :class:`InputError` naming what it is. The kind is checked
  with ``stat`` before opening, and again with ``fstat`` on the open descriptor, which is
  opened with ``O_NONBLOCK`` so that even a pipe swapped in between cannot block.
* At most ``limit`` bytes are read (a file that grows while it is read is refused as well).
* Text is UTF-8; a byte-order mark at the start is skipped (editors on Windows write one).
"""

from __future__ import annotations

import os
import stat

from landscape.errors import InputError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe (FIFO)", "a folder", ...)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def size_text(size: int) -> str:
    """Bytes in words: ``512 bytes``, ``12.5 kB``, ``5.2 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.3g} kB"
    return f"{size / 1e6:.3g} MB"


def _not_regular(path, mode: int) -> InputError:
    return InputError(f"cannot read {path}: it is {kind_of(mode)}, not a regular file")


def _too_large(path, what: str, size: int | None, limit: int) -> InputError:
    shown = size_text(size) if size is not None else f"over {size_text(limit)}"
    return InputError(f"{path} is too large for {what} ({shown}; the limit is {size_text(limit)})")


def read_bytes(path, *, limit: int, what: str = "a file") -> bytes:
    """The contents of the regular file ``path``, at most ``limit`` bytes (InputError when it
    is missing, unreadable, not a regular file or larger). ``what`` names it in messages
    ("a session", "a CSV file")."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, info.st_mode)
        if info.st_size > limit:
            raise _too_large(path, what, info.st_size, limit)
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if not stat.S_ISREG(mode):  # swapped for something else since the stat
                raise _not_regular(path, mode)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _too_large(path, what, None, limit)
    return data


def decode_text(data: bytes, path) -> str:
    """UTF-8 ``data`` as text (a leading byte-order mark dropped); InputError naming the
    first bad byte otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text (byte {exc.start})") from None


def read_text(path, *, limit: int, what: str = "a file") -> str:
    """:func:`read_bytes`, decoded by :func:`decode_text`."""
    return decode_text(read_bytes(path, limit=limit, what=what), path)
