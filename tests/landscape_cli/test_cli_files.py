"""The command line meets hostile files: pipes, devices, links, folders where files go, files
where folders go, numbers no float holds. Each is one ``error:`` line and status 2, at once
(before any work), and nothing is replaced."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import landscape
from landscape.models.sweep import available_cores

ROOT = Path(landscape.__file__).resolve().parents[1]


def landscape_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "landscape_cli", *args],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def _device(folder: Path, name: str) -> Path:
    """A twin of /dev/null in ``folder`` (a failure then replaces nothing real)."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    return path


def _link(folder: Path, name: str, to: Path) -> Path:
    path = folder / name
    path.symlink_to(to)
    return path


def _file(folder: Path, name: str, text: str = "x") -> Path:
    path = folder / name
    path.write_text(text)
    return path


BIG_SESSION = '{"version": 2, "start": [' + "9" * 400 + ", 0]}"
CASES = [
    (
        "session is a pipe",
        lambda t: ["export", "--session", str(_fifo(t, "s.json")), "--out", "x.gif"],
        "s.json: it is a named pipe (FIFO), not a regular",
    ),
    (
        "gui session is a pipe",
        lambda t: ["gui", "--session", str(_fifo(t, "s.json"))],
        "s.json: it is a named pipe (FIFO), not a regular file",
    ),
    (
        "csv is a pipe",
        lambda t: [
            "run",
            "--model",
            "linreg",
            "--data",
            str(_fifo(t, "d.csv")),
            "--optimizers",
            "gd",
        ],
        "d.csv: it is a named pipe (FIFO)",
    ),
    (
        "session too long a number",
        lambda t: ["export", "--session", str(_file(t, "b.json", BIG_SESSION)), "--out", "x.gif"],
        "the session contains a number too large: 99999999999999999999… (400 digits)",
    ),
    (
        "export onto a device",
        lambda t: ["export", "--function", "x^2 + y^2", "--out", str(_device(t, "null.gif"))],
        "null.gif: it is a character device, not a regular file",
    ),
    (
        "export through a link to a device",
        lambda t: [
            "export",
            "--function",
            "x^2",
            "--out",
            str(_link(t, "race.gif", _device(t, "null"))),
        ],
        "race.gif (a link to {t}/null): it is a character device, not a regular file",
    ),
    (
        "trajectories onto a pipe",
        lambda t: [
            "export",
            "--function",
            "x^2",
            "--format",
            "csv",
            "--out",
            str(_fifo(t, "t.csv")),
        ],
        "t.csv: it is a named pipe (FIFO), not a regular file",
    ),
    (
        "frames onto a file",
        lambda t: [
            "export",
            "--function",
            "x^2",
            "--format",
            "png",
            "--out",
            str(_file(t, "frames")),
        ],
        "frames: it is a regular file, not a folder",
    ),
    (
        "screenshot onto a pipe",
        lambda t: ["gui", "--function", "x^2", "--screenshot", str(_fifo(t, "s.png"))],
        "s.png: it is a named pipe (FIFO), not a regular file",
    ),
    (
        "sweep into a file",
        lambda t: [
            "sweep",
            "--model",
            "linreg",
            "--data",
            "linear",
            "--param",
            "lr=0.1",
            "--out",
            str(_file(t, "results")),
        ],
        "results: it is a regular file, not a folder",
    ),
    (
        "compare into a file",
        lambda t: [
            "compare",
            "--tasks",
            "bowl",
            "--optimizers",
            "gd",
            "--out",
            str(_file(t, "results")),
        ],
        "results: it is a regular file, not a folder",
    ),
]


@pytest.mark.parametrize("make_args, fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_files_give_one_error_line(tmp_path, make_args, fragment):
    before = {p.name: os.lstat(p).st_mode for p in tmp_path.iterdir()}
    args = make_args(tmp_path)
    made = {p.name: os.lstat(p).st_mode for p in tmp_path.iterdir()}
    out = landscape_in(tmp_path, *args)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    assert fragment.format(t=tmp_path) in lines[0]
    after = {p.name: os.lstat(p).st_mode for p in tmp_path.iterdir()}
    assert after == made and set(before) <= set(after)  # nothing replaced, nothing left


def test_sweep_says_when_it_lowers_the_workers(tmp_path):
    cores = available_cores()
    out = landscape_in(
        tmp_path,
        "sweep",
        "--model",
        "linreg",
        "--data",
        "linear",
        "--param",
        "lr=0.1,0.2",
        "--param",
        "max_steps=20",
        "--seeds",
        "1",
        "--workers",
        str(cores + 14),
        "--out",
        "results",
    )
    assert out.returncode == 0, out.stderr
    plural = "s" if cores != 1 else ""
    assert (
        f"note: {cores + 14} workers requested; using {min(cores, 2)}: {cores} "
        f"core{plural} available"
    ) in out.stderr
    rows = (tmp_path / "results" / "rows.csv").read_text().splitlines()
    assert len(rows) == 3 and rows[0].startswith("lr,max_steps,seed,value")
