"""Child interpreters import nothing from the working folder and die with their parent.

Canaries: a file for every standard-library module (and the scientific packages) in the folder
the command runs from; each records that it ran and then fails. None may run, and the commands
must still give the right answers. Parent death: a parent starts a long task in the symbolic
worker and is killed with SIGKILL; the worker must end on its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import landscape
from landscape.budget import SymbolicWorker
from tests.landscape import budget_tasks as tasks

ROOT = Path(landscape.__file__).resolve().parents[1]
THIRD_PARTY = (
    "sympy",
    "numpy",
    "mpmath",
    "gmpy2",
    "flint",
    "contourpy",
    "scipy",
    "PIL",
    "tests",
    "sitecustomize",
    "usercustomize",
)
CANARY = 'open(__file__ + ".RAN", "w").close()\nraise ImportError("a canary in the folder")\n'
GRAD = ["grad", "x^2 + 3y^2", "--at", "1,2"]
SWEEP = [
    "sweep",
    "--model",
    "linreg",
    "--data",
    "linear",
    "--param",
    "lr=0.1,0.2",
    "--seeds",
    "1",
    "--workers",
    "2",
    "--param",
    "max_steps=20",
]


def plant_canaries(folder: Path) -> int:
    names = set(sys.stdlib_module_names) | set(THIRD_PARTY)
    for name in names:
        (folder / f"{name}.py").write_text(CANARY)
    return len(names)


def run_from(folder: Path, command: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        command,
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def console_script(folder: Path) -> Path:
    """What ``pip`` installs as ``bin/landscape``: a script in its own folder calling main."""
    folder.mkdir()
    script = folder / "landscape"
    script.write_text(
        "import sys\nfrom landscape_cli import main\n"
        "if __name__ == '__main__':\n    sys.exit(main())\n"
    )
    return script


@pytest.mark.parametrize("how", ["python -m landscape_cli", "console script"])
@pytest.mark.parametrize(
    "args, expected",
    [
        (GRAD, ["∂f/∂x                   2", "∂f/∂y                  12"]),
        (SWEEP, ["2 runs in"]),
    ],
    ids=["grad (symbolic worker)", "sweep (process pool)"],
)
def test_nothing_is_imported_from_the_working_folder(tmp_path, how, args, expected):
    here = tmp_path / "student"
    here.mkdir()
    assert plant_canaries(here) > 250
    if how == "console script":
        command = [sys.executable, str(console_script(tmp_path / "bin")), *args]
    else:
        command = [sys.executable, "-m", "landscape_cli", *args]
    out = run_from(here, command)
    ran = sorted(p.name for p in here.glob("*.RAN"))
    assert ran == [], f"imported from the working folder: {ran}"
    assert out.returncode == 0, out.stderr
    for line in expected:
        assert line in out.stdout
    assert "Traceback" not in out.stderr


def test_the_worker_runs_isolated_with_the_callers_own_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the caller's working folder: never on the worker's path
    worker = SymbolicWorker(memory_mb=1024)
    try:
        seen = worker.call(tasks.surroundings, timeout=60)
    finally:
        worker.stop()
    assert seen["isolated"] == 1
    assert seen["cwd"] == str(Path(landscape.__file__).parent)
    assert "" not in seen["path"] and str(tmp_path) not in seen["path"]
    assert all(os.path.isabs(entry) for entry in seen["path"] if "__editable__" not in entry)
    # the same files as the caller's, not another installed copy
    assert seen["landscape"] == landscape.__file__
    assert seen["tasks"] == tasks.__file__


def test_a_worker_started_from_a_short_lived_thread_outlives_that_thread():
    """PR_SET_PDEATHSIG fires when the *thread* that started the child ends: the worker must be
    started by the long-lived spawner thread, whatever thread asks for it."""
    worker = SymbolicWorker(memory_mb=1024)
    try:
        asker = threading.Thread(target=worker.call, args=(tasks.add, 1, 1), kwargs={"timeout": 60})
        asker.start()
        asker.join()
        pid = worker._proc.pid  # noqa: SLF001 - the process is what is tested
        time.sleep(0.5)  # time for a parent-death signal to arrive, if one were sent
        assert worker._proc.poll() is None  # noqa: SLF001
        assert worker.call(tasks.add, 2, 3, timeout=60) == 5
        assert worker._proc.pid == pid  # noqa: SLF001 - not restarted
    finally:
        worker.stop()


PARENT = """\
import sys, threading
from landscape.budget import SymbolicWorker
from tests.landscape import budget_tasks as tasks
worker = SymbolicWorker(memory_mb=1024, death_signal={death_signal})
starter = threading.Thread(target=worker.call, args=(tasks.add, 1, 1), kwargs={{"timeout": 60}})
starter.start()
starter.join()  # started from a thread that has ended
print(worker._proc.pid, flush=True)
worker.call(tasks.{task}, *{args}, timeout=600)
"""


def _state(pid: int) -> str | None:
    """The process state letter from /proc (None when it is gone; Z once it has died)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    "task, args, death_signal",
    [
        ("big_power", (), True),  # C code holding the GIL: only the kernel's signal can end it
        ("spin", (600,), True),  # pure-Python work
        ("spin", (600,), False),  # the watchdog alone (no parent-death signal)
    ],
    ids=["GIL held, death signal", "python, death signal", "python, watchdog only"],
)
def test_the_worker_dies_with_its_killed_parent(tmp_path, task, args, death_signal):
    script = tmp_path / "parent.py"
    script.write_text(PARENT.format(task=task, args=args, death_signal=death_signal))
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    worker_pid = None
    try:
        worker_pid = int(parent.stdout.readline())
        time.sleep(0.5)  # the task is under way
        assert _state(worker_pid) in ("R", "S", "D")
        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + 10  # the task itself would run for a minute or more
        while _state(worker_pid) not in (None, "Z") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _state(worker_pid) in (None, "Z"), "the worker outlived its parent"
    finally:
        parent.kill()
        parent.wait(10)
        if worker_pid is not None and _state(worker_pid) not in (None, "Z"):
            os.kill(worker_pid, signal.SIGKILL)
