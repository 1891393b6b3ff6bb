"""Every file Landscape writes or reads by a path: no device replaced, no link broken, no pipe
waited on, the umask honoured. Each writer and reader meets each hostile target."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import numpy as np
import pytest

from landscape import safe_read, safe_write
from landscape.errors import InputError
from landscape.export.trajectories import RunRecord, write_trajectories
from landscape.export.writers import GIFWriter, MP4Writer, PNGSequenceWriter
from landscape.models import compare, plot, sweep
from landscape.models.csv_import import load_csv
from landscape.session import Session, load, save


# -- the writers ----------------------------------------------------------------------------
def _records():
    from landscape.objective import CallableObjective
    from landscape.optim import make_optimizer, run

    bowl = CallableObjective(lambda x: float(x @ x), lambda x: 2 * x)
    return [
        RunRecord(
            "gd", "GD", "#ff0000", run(make_optimizer("gd", lr=0.1), bowl, (1.0, -2.0), max_steps=5)
        )
    ]


def _frames(writer):
    writer.open()
    for k in range(2):
        writer.write(np.full((16, 16, 3), 40 * k, dtype=np.uint8))
    writer.close()


def _sweep_csv(path):
    sweep.to_csv(
        sweep.SweepResult(
            "linreg", "linear", "loss", ["lr"], rows=[{"lr": 0.1, "seed": 0, "value": 1.5}]
        ),
        path,
    )


def _compare_csv(path):
    row = dict.fromkeys(compare.COLUMNS, 1.0)
    compare.to_csv(compare.CompareResult(rows=[{**row, "task": "bowl", "optimizer": "gd"}]), path)


def _chart(path):
    plot.line_chart(path, [plot.Series("gd", np.arange(3.0), np.array([3.0, 2.0, 1.0]))])


def _summary_csv(path):
    from landscape_cli.sweep import _summary_csv

    link = Path(path)
    assert link.name == "summary.csv"
    _summary_csv([{"lr": 0.1, "mean": 1.0, "runs": 1}], link.parent)


FILE_WRITERS = {
    "write_bytes": lambda p: safe_write.write_bytes(p, b"new"),
    "session": lambda p: save(Session(), p),
    "trajectories csv": lambda p: write_trajectories(p, _records(), "csv", {}),
    "trajectories json": lambda p: write_trajectories(p, _records(), "json", {}),
    "sweep rows": _sweep_csv,
    "sweep summary": _summary_csv,
    "compare": _compare_csv,
    "chart": _chart,
    "gif": lambda p: _frames(GIFWriter(p)),
    "mp4": lambda p: _frames(MP4Writer(p)),
}
NAMES = {"sweep summary": "summary.csv", "gif": "out.gif", "mp4": "out.mp4"}


def _name(writer: str) -> str:
    return NAMES.get(writer, "out.file")


# -- hostile targets ------------------------------------------------------------------------
def _make(kind: str, path: Path) -> Path:
    """A ``kind`` of non-regular file at ``path`` (skips when the system does not allow it)."""
    if kind == "named pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "device":  # a twin of /dev/null, so that a failure destroys nothing real
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            pytest.skip("cannot make a device node here")
    return path


HOSTILE = [
    ("named pipe", "it is a named pipe (FIFO), not a regular file"),
    ("socket", "it is a socket, not a regular file"),
    ("device", "it is a character device, not a regular file"),
    ("folder", "it is a folder (give a file name)"),
]


def _same_kind(path: Path, kind: str) -> bool:
    mode = os.lstat(path).st_mode
    return {
        "named pipe": stat.S_ISFIFO,
        "socket": stat.S_ISSOCK,
        "device": stat.S_ISCHR,
        "folder": stat.S_ISDIR,
    }[kind](mode)


@pytest.mark.parametrize("kind, message", HOSTILE, ids=[k for k, _ in HOSTILE])
@pytest.mark.parametrize("writer", FILE_WRITERS)
@pytest.mark.parametrize("through_link", [False, True], ids=["direct", "through a link"])
def test_writers_refuse_targets_that_are_not_regular_files(
    tmp_path, writer, kind, message, through_link
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = _make(kind, elsewhere / _name(writer))
    path = real
    if through_link:
        path = tmp_path / _name(writer)
        path.symlink_to(real)
    with pytest.raises(InputError) as info:
        FILE_WRITERS[writer](path)
    assert message in info.value.message
    assert f"cannot write {path}" in info.value.message
    assert ("a link to" in info.value.message) == through_link
    assert _same_kind(real, kind), "the target was replaced"
    assert sorted(os.listdir(elsewhere)) == [real.name]


@pytest.mark.parametrize("writer", FILE_WRITERS)
def test_writing_through_a_link_updates_the_linked_file(tmp_path, writer):
    elsewhere = tmp_path / "elsewhere"
    here = tmp_path / "here"
    elsewhere.mkdir()
    here.mkdir()
    real = elsewhere / _name(writer)
    real.write_bytes(b"old")
    link = here / _name(writer)
    link.symlink_to(os.path.relpath(real, here))  # a relative link, as `ln -s` makes
    FILE_WRITERS[writer](link)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(real, here)
    assert real.read_bytes() != b"old" and real.stat().st_size > 0
    assert sorted(os.listdir(elsewhere)) == [real.name]  # no temporary file left anywhere
    assert sorted(os.listdir(here)) == [link.name]


@pytest.mark.parametrize("writer", FILE_WRITERS)
def test_a_dangling_link_creates_the_file_it_names(tmp_path, writer):
    real = tmp_path / "real" / _name(writer)
    real.parent.mkdir()
    link = tmp_path / _name(writer)
    link.symlink_to(real)
    FILE_WRITERS[writer](link)
    assert link.is_symlink() and real.is_file()


@pytest.fixture
def umask():
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002, 0o027])
@pytest.mark.parametrize("writer", FILE_WRITERS)
def test_new_files_honour_the_umask(tmp_path, umask, writer, mask):
    umask(mask)
    path = tmp_path / _name(writer)
    FILE_WRITERS[writer](path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
@pytest.mark.parametrize("writer", ["write_bytes", "session", "gif", "chart"])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, writer, mode):
    umask(0o022)
    path = tmp_path / _name(writer)
    path.write_bytes(b"old")
    path.chmod(mode)
    FILE_WRITERS[writer](path)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_bytes() != b"old"


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_png_frames_folder_honours_the_umask(tmp_path, umask, mask):
    umask(mask)
    out = tmp_path / "frames"
    _frames(PNGSequenceWriter(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask
    for child in out.iterdir():
        assert stat.S_IMODE(child.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize(
    "kind, message",
    [
        ("named pipe", "it is a named pipe (FIFO), not a folder"),
        ("device", "it is a character device, not a folder"),
    ],
)
def test_png_frames_refuse_a_target_that_is_not_a_folder(tmp_path, kind, message):
    real = _make(kind, tmp_path / "frames")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PNGSequenceWriter(real).open()
    assert _same_kind(real, kind)


def _save_as_nobody(path: Path) -> str:
    """Fork, drop to an unprivileged user, save a Session to ``path``; the refusal's text."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        message = b""
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            save(Session(), path)
        except InputError as exc:
            message = str(exc).encode()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, in words
            message = f"unexpected {type(exc).__name__}: {exc}".encode()
        os.write(write, message)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        text = pipe.read().decode()
    os.waitpid(pid, 0)
    return text


def test_a_read_only_file_is_refused_like_any_save(tmp_path):
    """Refused in words. As root (CI) the save runs as an unprivileged user, since root may
    write any file: the refusal is about the person's permissions, not the file's bits."""
    path = tmp_path / "s.json"
    path.write_text("{}")
    path.chmod(0o444)
    if os.geteuid() != 0:
        with pytest.raises(InputError, match="it is read-only"):
            save(Session(), path)
        return
    for folder in (tmp_path, *tmp_path.parents):  # let the unprivileged user reach the file
        if folder == Path(tmp_path.anchor) or folder == Path("/tmp"):
            break
        folder.chmod(folder.stat().st_mode | 0o005)
    assert "it is read-only" in _save_as_nobody(path)
    assert path.read_text() == "{}"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda t: t / "missing" / "out.csv", "does not exist"),
        (lambda t: (t / "file").write_text("x") and t / "file" / "out.csv", "is not a folder"),
    ],
)
def test_a_missing_or_bad_folder_is_named(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        safe_write.write_bytes(make(tmp_path), b"x")


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda t: (t / "file").write_text("x") and t / "file",
            "it is a regular file, not a folder",
        ),
        (lambda t: (t / "file").write_text("x") and t / "file" / "sub", "is a regular file, not a"),
    ],
)
def test_output_folders_are_checked_before_the_work(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        safe_write.check_folder(make(tmp_path))


# -- the readers ----------------------------------------------------------------------------
READERS = {
    "read_bytes": lambda p: safe_read.read_bytes(p, limit=1000),
    "session": load,
    "csv": load_csv,
}
READ_HOSTILE = [
    ("named pipe", "it is a named pipe (FIFO), not a regular file"),
    ("socket", "it is a socket, not a regular file"),
    ("device", "it is a character device, not a regular file"),
    ("folder", "it is a folder, not a regular file"),
]


def _without_hanging(fn, path: Path):
    """Call ``fn(path)`` in a thread; a reader stuck on a pipe fails the test (and is freed)."""
    outcome = {}

    def call():
        try:
            outcome["value"] = fn(path)
        except BaseException as exc:  # noqa: BLE001 - inspected by the test
            outcome["error"] = exc

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # a writer frees the reader
        pytest.fail(f"reading {path} blocked")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.parametrize("kind, message", READ_HOSTILE, ids=[k for k, _ in READ_HOSTILE])
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("through_link", [False, True], ids=["direct", "through a link"])
def test_readers_refuse_what_is_not_a_regular_file(tmp_path, reader, kind, message, through_link):
    path = _make(kind, tmp_path / "input.csv")
    if through_link:
        link = tmp_path / "link.csv"
        link.symlink_to(path)
        path = link
    with pytest.raises(InputError) as info:
        _without_hanging(READERS[reader], path)
    assert message in info.value.message


@pytest.mark.parametrize("reader", READERS)
def test_readers_refuse_an_endless_device(reader):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(InputError, match="cannot read /dev/zero: it is a character device"):
        READERS[reader]("/dev/zero")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"x" * 1001, "is too large for a file (1 kB; the limit is 1 kB)"),
        (b"\xff\xfe", "is not UTF-8 text (byte 0)"),
        (b"ok \xe9", "is not UTF-8 text (byte 3)"),
    ],
)
def test_read_text_refuses_big_or_undecodable_files(tmp_path, data, message):
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        safe_read.read_text(path, limit=1000)
    assert message in info.value.message


@pytest.mark.parametrize(
    "data, text",
    [
        (b"\xef\xbb\xbfhello", "hello"),
        ("grüße".encode(), "grüße"),
        (b"", ""),
    ],
)
def test_read_text_reads_utf8_with_or_without_a_byte_order_mark(tmp_path, data, text):
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    link = tmp_path / "link.txt"
    link.symlink_to(path)
    assert safe_read.read_text(link, limit=100) == text


def test_a_missing_file_is_named():
    with pytest.raises(InputError, match="cannot read /no/such/file.json: No such file"):
        safe_read.read_bytes("/no/such/file.json", limit=10)
