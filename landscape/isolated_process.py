"""Fresh Python interpreters that import nothing from the working folder and die with their parent.

A plain ``python -m pkg.mod`` child has two flaws. ``-m`` (like ``-c``) puts the working folder
first on ``sys.path``, so a student's ``json.py`` or ``random.py`` lying beside their files is
imported instead of the standard library's, and runs. And a child outlives a killed parent:
nothing tells it to stop, so a runaway differentiation keeps a core busy.

:func:`spawn` starts ``python -I`` (isolated: no working folder, no ``PYTHONPATH``, no user
site-packages on ``sys.path``) in the package's own folder. What the child needs from the
parent is *pinned*: ``landscape`` (and, per task, the top-level package a task comes from) is
imported from exactly the files the parent imported it from, by a finder first on
``sys.meta_path``, without adding its folder to ``sys.path``. Folders only the parent's
``sys.path`` knows (a ``PYTHONPATH`` holding sympy) are appended *after* the standard library and
site-packages, so the standard library always wins; relative entries, the working folder and
the main script's folder are left out.

The child dies with its parent in two ways. On Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the
kernel kills it even while it holds the GIL in C code (a huge integer power). The kernel's
"parent" there is the *thread* that started the child, so every child is started by one
long-lived spawner thread, never by a short-lived worker thread (whose exit would kill it).
Everywhere, a watchdog thread in the child ends it when its parent's pid changes or the
parent's end of a watched socket hangs up; it runs whenever the interpreter switches threads,
that is throughout sympy's pure-Python work.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from importlib.util import spec_from_file_location
from queue import SimpleQueue

#: how often the child's watchdog looks at its parent (seconds)
WATCH_INTERVAL = 0.2
PR_SET_PDEATHSIG = 1

#: the child's first code, run by ``python -I -c``: load ``landscape`` from the pinned files,
#: then hand over to :func:`child_main`. Standard library only, nothing from any folder.
BOOTSTRAP = """\
import sys
from importlib.util import module_from_spec, spec_from_file_location
init, folder = sys.argv[1], sys.argv[2]
spec = spec_from_file_location("landscape", init, submodule_search_locations=[folder])
module = module_from_spec(spec)
sys.modules["landscape"] = module
spec.loader.exec_module(module)
from landscape.isolated_process import child_main
child_main(sys.argv[3:])
"""

#: a pinned top-level module: (name, file or None for a namespace package, package folders or
#: None for a plain module)
Pin = tuple[str, str | None, list[str] | None]


# -- the parent's side ------------------------------------------------------------------------
def pin_of(module_name: str) -> Pin | None:
    """The pin of the top-level package of ``module_name`` as the parent imported it (None for
    the standard library, built-ins, ``__main__`` or a module not imported)."""
    top = module_name.partition(".")[0]
    module = sys.modules.get(top)
    if module is None or top == "__main__" or top in sys.stdlib_module_names:
        return None
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    folders = getattr(module, "__path__", None)
    if origin in (None, "built-in", "frozen") or not os.path.isabs(str(origin)):
        origin = None
    if origin is None and not folders:
        return None
    return (top, origin, list(folders) if folders is not None else None)


def safe_parent_path() -> list[str]:
    """The parent's ``sys.path`` without what ``-P`` would leave out: relative entries (``''``
    is the working folder), the working folder itself and the main script's folder."""
    unsafe = {os.path.realpath(os.getcwd())}
    script = sys.argv[0] if sys.argv else ""
    if script and os.path.isfile(script):
        unsafe.add(os.path.realpath(os.path.dirname(os.path.abspath(script))))
    return [
        entry
        for entry in sys.path
        if isinstance(entry, str) and os.path.isabs(entry) and os.path.realpath(entry) not in unsafe
    ]


def child_command(
    entry: str, args: list[str], *, watch_fd: int | None = None, death_signal: bool = True
) -> list[str]:
    """The command line of an isolated child running ``entry`` ("module:function") on
    ``args`` (strings)."""
    import landscape

    folder = list(landscape.__path__)[0]
    config = {
        "entry": entry,
        "parent": os.getpid(),
        "watch_fd": watch_fd,
        "death_signal": death_signal,
        "pins": [p for p in (pin_of(name) for name in _PINNED_BY_DEFAULT) if p],
        "path": safe_parent_path(),
    }
    return [
        sys.executable,
        "-I",
        "-c",
        BOOTSTRAP,
        landscape.__file__,
        folder,
        json.dumps(config),
        *args,
    ]


_PINNED_BY_DEFAULT = ("landscape",)


class _Spawner:
    """One long-lived daemon thread that starts every child, so that the thread the kernel
    treats as a child's parent lives as long as the process (see the module's note)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._requests: SimpleQueue = SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="landscape-spawner", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            command, options, result = self._requests.get()
            try:
                result.set_result(subprocess.Popen(command, **options))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                result.set_exception(exc)

    def popen(self, command: list[str], **options) -> subprocess.Popen:
        result: Future = Future()
        self._requests.put((command, options, result))
        return result.result()


_spawner: _Spawner | None = None
_spawner_lock = threading.Lock()


def _the_spawner() -> _Spawner:
    global _spawner
    with _spawner_lock:
        if _spawner is None or _spawner.pid != os.getpid():  # a forked copy has no thread
            _spawner = _Spawner()
        return _spawner


def spawn(
    entry: str,
    args: Sequence[object],
    *,
    pass_fds: tuple[int, ...] = (),
    watch_fd: int | None = None,
    death_signal: bool = True,
) -> subprocess.Popen:
    """Start an isolated child running ``entry`` ("module:function", called with ``args``).

    ``pass_fds`` are inherited under the same numbers; ``watch_fd`` (one of them, a socket) is
    watched by the child: when the parent's end hangs up, the child ends. ``death_signal=False``
    leaves the watchdog alone to end the child (only to test it)."""
    import landscape

    command = child_command(
        entry, [str(a) for a in args], watch_fd=watch_fd, death_signal=death_signal
    )
    return _the_spawner().popen(
        command, pass_fds=pass_fds, stdin=subprocess.DEVNULL, cwd=list(landscape.__path__)[0]
    )


# -- the child's side -------------------------------------------------------------------------
class PinnedFinder(MetaPathFinder):
    """Finds pinned top-level modules at exactly their parent's files (first on meta_path)."""

    def __init__(self) -> None:
        self.pins: dict[str, Pin] = {}

    def find_spec(self, fullname, path=None, target=None):  # noqa: D102 - importlib protocol
        pin = self.pins.get(fullname)
        if pin is None:
            return None
        name, origin, folders = pin
        if origin is None:  # a namespace package
            spec = ModuleSpec(name, None, is_package=True)
            spec.submodule_search_locations = list(folders or ())
            return spec
        return spec_from_file_location(name, origin, submodule_search_locations=folders)


_finder = PinnedFinder()


def add_pin(pin: Pin | None) -> None:
    """Pin a top-level module in this (child) process, unless it is already imported."""
    if pin is not None and pin[0] not in sys.modules:
        name, origin, folders = pin  # a list when it came through JSON
        _finder.pins[name] = (name, origin, folders)


def child_main(argv: list[str]) -> None:
    """The child's entry (from :data:`BOOTSTRAP`): ``argv`` is the JSON config, then the
    entry's arguments."""
    config = json.loads(argv[0])
    die_with_parent(int(config["parent"]), config.get("watch_fd"), config.get("death_signal", True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    for pin in config.get("pins", ()):
        add_pin(pin)
    for entry in config.get("path", ()):
        if entry not in sys.path:
            sys.path.append(entry)  # after the standard library and site-packages
    module, _, function = config["entry"].partition(":")
    import importlib

    getattr(importlib.import_module(module), function)(argv[1:])


def die_with_parent(parent: int, watch_fd: int | None = None, death_signal: bool = True) -> None:
    """End this process when ``parent`` dies: the kernel's parent-death signal where there is
    one, and a watchdog thread everywhere."""
    if death_signal:
        _parent_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(
        target=_watch, args=(parent, watch_fd), name="parent-watchdog", daemon=True
    ).start()


def _parent_death_signal() -> bool:
    """``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux; False elsewhere or when it fails."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return False


def _watch(parent: int, watch_fd: int | None) -> None:
    peer = None
    if watch_fd is not None:
        try:
            peer = socket.socket(fileno=os.dup(watch_fd))
        except OSError:
            peer = None
    while True:
        time.sleep(WATCH_INTERVAL)
        if os.getppid() != parent or (peer is not None and _hung_up(peer)):
            os._exit(1)


def _hung_up(peer: socket.socket) -> bool:
    """The other end of ``peer`` is closed (a look at the next byte, which stays unread)."""
    try:
        return peer.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True
