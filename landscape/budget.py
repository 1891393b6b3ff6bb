"""Symbolic work under a budget that really ends it.

sympy has no timeout, a thread cannot be killed, and big-integer arithmetic holds the GIL, so
a runaway differentiation in a thread would freeze the whole app. Instead, symbolic work runs in
a pre-warmed worker *process* (a fresh interpreter, not a fork: the app is threaded) with a
memory limit.
When a call overruns its wall-clock budget, the process is killed and a fresh one started; the
caller gets a :class:`~landscape.errors.BudgetError`.

The worker is started by :mod:`landscape.isolated_process`: ``python -I`` in the package's folder,
so nothing in the person's working folder (a ``json.py``, a ``random.py``) is ever imported,
and it dies with its parent (a parent-death signal, and a watchdog on the parent's pid and
socket), so killing the app never leaves a worker computing.

Only module-level functions can be sent (by module and qualified name); their module's
top-level package is imported in the worker from the same files as in the caller; arguments and
results are pickled. Exceptions raised in the worker come back as :class:`InputError` (with the
column and hint) or, for anything else, as ``BudgetError``/``InputError`` with a short message.
"""

from __future__ import annotations

import atexit
import importlib
import pickle
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from landscape import isolated_process
from landscape.errors import BudgetError, InputError

DEFAULT_TIMEOUT = 60.0  # a safety net only: refusals are counted (counted_budget.operation_budget)
DEFAULT_MEMORY_MB = 2048
#: modules the worker imports before its first task, so the first call is warm
PREWARM_MODULES = ("sympy", "landscape.symbolic", "landscape.parser")


def _limit_memory(megabytes: int) -> None:
    try:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass


def _serve(conn, memory_mb: int) -> None:
    """The worker's loop: receive (module, name, args), reply (ok, payload)."""
    _limit_memory(memory_mb)
    for name in PREWARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # pragma: no cover
            pass
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        module, qualname, pin, args = task
        conn.send(_call(module, qualname, pin, args))


def _call(module: str, qualname: str, pin, args: bytes) -> tuple[str, Any]:
    try:
        isolated_process.add_pin(pin)
        args = pickle.loads(args)  # after the pin: the arguments may come from that package
        fn: Any = importlib.import_module(module)
        for part in qualname.split("."):
            fn = getattr(fn, part)
        return ("ok", fn(*args))
    except InputError as exc:
        return ("input", (type(exc).__name__, exc.message, exc.column, exc.hint))
    except MemoryError:
        return ("memory", None)
    except RecursionError:
        return ("input", ("InputError", "the expression is too deeply nested", None, None))
    except Exception as exc:  # noqa: BLE001 - reported to the caller as one line
        return ("error", f"{type(exc).__name__}: {exc}"[:300])


class SymbolicWorker:
    """One worker process, one task at a time (calls from several threads queue up).

    The worker is a fresh, isolated interpreter (see :mod:`landscape.isolated_process`) talking
    over a socket pair, not a ``multiprocessing.Process``: spawning through multiprocessing
    re-imports the caller's main module, which breaks plain scripts that call the core at top
    level. ``death_signal=False`` leaves only the watchdog to end an orphaned worker (to test it).
    """

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB, *, death_signal: bool = True) -> None:
        self.memory_mb = memory_mb
        self.death_signal = death_signal
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._ready = False
        self.restarts = 0

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Start the process if it is not running (returns at once; it warms up alone)."""
        if self._proc is not None and self._proc.poll() is None:
            return
        mine, theirs = socket.socketpair()
        fd = theirs.fileno()
        try:
            proc = isolated_process.spawn(
                "landscape.budget:_worker_main",
                [fd, self.memory_mb],
                pass_fds=(fd,),
                watch_fd=fd,
                death_signal=self.death_signal,
            )
        finally:
            theirs.close()
        self._proc, self._conn, self._ready = proc, Connection(mine.detach()), False

    def stop(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        if proc is not None:
            try:
                proc.wait(0.5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(2.0)

    def _kill_and_restart(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(2.0)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None
        self.restarts += 1
        self.start()

    def _live(self) -> tuple[subprocess.Popen, Connection]:
        """The started process and its connection (``start`` sets both)."""
        if self._proc is None or self._conn is None:
            raise BudgetError("the symbolic worker could not start")
        return self._proc, self._conn

    # -- calls ---------------------------------------------------------------------------
    def call(
        self, fn: Callable, *args, timeout: float = DEFAULT_TIMEOUT, what: str = "compute"
    ) -> Any:
        """Run ``fn(*args)`` in the worker; BudgetError after ``timeout`` seconds of work."""
        with self._lock:
            self.start()
            self._await_ready()
            conn = self._live()[1]
            conn.send(
                (
                    fn.__module__,
                    fn.__qualname__,
                    isolated_process.pin_of(fn.__module__),
                    pickle.dumps(args),
                )
            )
            if not conn.poll(timeout):
                self._kill_and_restart()
                raise BudgetError(f"too costly to {what} within {timeout:g} s")
            try:
                status, payload = conn.recv()
            except (EOFError, OSError):
                self._kill_and_restart()
                raise BudgetError(f"too costly to {what}: the worker ran out of memory") from None
        return _unwrap(status, payload, what, self.memory_mb)

    def _await_ready(self, limit: float = 60.0) -> None:
        if self._ready:
            return
        deadline = time.monotonic() + limit
        proc, conn = self._live()
        try:
            while not conn.poll(0.05):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise EOFError
            conn.recv()
        except (EOFError, OSError):
            self._kill_and_restart()
            raise BudgetError("the symbolic worker could not start") from None
        self._ready = True


def _unwrap(status: str, payload: Any, what: str, memory_mb: int) -> Any:
    if status == "ok":
        return payload
    if status == "input":
        kind, message, column, hint = payload
        cls = BudgetError if kind == "BudgetError" else InputError
        raise cls(message, column=column, hint=hint)
    if status == "memory":
        raise BudgetError(f"too costly to {what} within {memory_mb} MB of memory")
    raise InputError(f"could not {what}: {payload}")


_default: SymbolicWorker | None = None
_default_lock = threading.Lock()


def default_worker() -> SymbolicWorker:
    """The process-wide worker, created (and started) on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = SymbolicWorker()
            _default.start()
            atexit.register(_default.stop)
        return _default


def prewarm() -> None:
    """Start the worker now so the first real call does not pay for its start-up."""
    default_worker()


def run_with_budget(
    fn: Callable, *args, timeout: float = DEFAULT_TIMEOUT, what: str = "compute"
) -> Any:
    """Run a module-level function in the default worker under a wall-clock budget."""
    return default_worker().call(fn, *args, timeout=timeout, what=what)


def _worker_main(argv: list[str]) -> None:
    """Entry of the worker interpreter (through :func:`isolated_process.spawn`): FD MEMORY_MB."""
    _serve(Connection(int(argv[0])), int(argv[1]))
