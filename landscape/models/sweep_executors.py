"""Where a sweep's runs execute: a warm local process pool, or a ``dask.distributed`` cluster.

:func:`open_executor` turns the person's choice into an :class:`Executor`:

* ``None`` or ``"local"``: the machine's cores, through one *spawn* process pool that is kept
  warm between sweeps (:func:`warm_local_pool` starts it ahead, e.g. when the Sweep panel
  opens). Each worker imports the training code once, in its initializer, so no run pays the
  interpreter's start-up; a pool of another size, or a broken one, is replaced.
* ``"dask://HOST:PORT"``: the scheduler of an existing ``dask.distributed`` cluster (the
  optional ``distributed`` extra). Its workers must have Landscape installed; one thread per
  worker process is the right setting, since a run is Python-bound (``dask worker HOST:PORT
  --nthreads 1 --nworkers N``). Jobs are seeded, so the rows equal the local pool's.

Both give ``concurrent.futures`` futures, so the sweep waits, cancels and collects the same way.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import types
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from landscape.errors import InputError

_BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
DASK_PREFIX = "dask://"
#: seconds to wait for a dask scheduler to answer before saying it cannot be reached
CONNECT_TIMEOUT = 10.0


@dataclass
class Executor:
    """``submit(fn, *args) -> Future``; ``workers`` runs at once; ``note`` says why fewer than
    asked; ``close()`` releases what this sweep opened (a warm local pool stays open)."""

    name: str
    workers: int
    submit: Callable[..., Future]
    note: str | None = None
    close: Callable[[], None] = field(default=lambda: None)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def plan_workers(requested: int | None, jobs: int) -> tuple[int, str | None]:
    """Processes for ``jobs`` runs: ``requested`` (default: every core), never more than the
    available cores (more interpreters than cores only compete for them) nor than the runs;
    with a note when a request above the cores was lowered."""
    cores = available_cores()
    workers = max(1, min(requested or cores, cores, jobs))
    note = None
    if requested is not None and requested > cores:
        note = (
            f"{requested} workers requested; using {workers}: "
            f"{cores} core{'s' if cores != 1 else ''} available"
        )
    return workers, note


def check_executor(spec: str | None) -> str:
    """The canonical spelling of an executor choice (``local`` or ``dask://HOST:PORT``), or
    an :class:`InputError` saying what is accepted."""
    text = (spec or "local").strip()
    if text == "local":
        return text
    if text.startswith(DASK_PREFIX):
        host, _, port = text[len(DASK_PREFIX) :].rpartition(":")
        if host and port.isdigit() and 0 < int(port) < 65536:
            return text
    raise InputError(
        f"unknown executor {spec!r}",
        hint="use 'local' (this machine's cores) or 'dask://HOST:PORT' (a dask scheduler)",
    )


def open_executor(spec: str | None, requested: int | None, jobs: int) -> Executor:
    """The executor for a sweep of ``jobs`` runs (``requested``: local worker count)."""
    text = check_executor(spec)
    if text == "local":
        workers, note = plan_workers(requested, jobs)
        pool = local_pool(workers)
        return Executor("local", workers, pool.submit, note)
    return _open_dask("tcp://" + text[len(DASK_PREFIX) :])


# -- the warm local pool -----------------------------------------------------------------------

_pool: ProcessPoolExecutor | None = None
_pool_workers = 0
_pool_lock = threading.Lock()


def _warm_worker() -> None:
    """A worker's initializer: import what every run needs, once per interpreter."""
    import landscape.models.cli_support  # noqa: F401
    import landscape.optim  # noqa: F401


def _noop() -> None:
    return None


@contextlib.contextmanager
def _worker_environment():
    """Spawned workers inherit this environment: one BLAS thread each, since the parallelism
    is the processes (with a BLAS thread pool per worker, 2 workers on 2 busy cores ran the
    small matrix products of a run several times slower); and ``PYTHONSAFEPATH``, so that a
    worker does not put the working folder first on ``sys.path`` and import a student's
    ``pickle.py`` there. ``__main__`` is a bare module while they start: *spawn* re-runs the
    parent's main script in each worker, so a script that calls a sweep without an
    ``if __name__ == "__main__"`` guard (or one piped to ``python -``) broke the pool; the
    workers need nothing from it, the jobs being functions of this package. Restored after."""
    names = (*_BLAS_THREAD_VARS, "PYTHONSAFEPATH")
    saved = {k: os.environ.get(k) for k in names}
    main = sys.modules.get("__main__")
    os.environ.update(dict.fromkeys(names, "1"))
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _broken(pool: ProcessPoolExecutor) -> bool:
    return bool(getattr(pool, "_broken", False)) or bool(getattr(pool, "_shutdown_thread", False))


def local_pool(workers: int) -> ProcessPoolExecutor:
    """The warm pool of ``workers`` processes, started now if there is none of that size (or
    the last one broke); every process is started here, with its imports done."""
    global _pool, _pool_workers
    import multiprocessing

    with _pool_lock:
        if _pool is not None and _pool_workers == workers and not _broken(_pool):
            return _pool
        old, _pool = _pool, None
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)
        context = multiprocessing.get_context("spawn")
        with _worker_environment():
            pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_worker)
            # spawn starts a process per submit while none is idle: start all of them now,
            # inside the environment above
            for future in [pool.submit(_noop) for _ in range(workers)]:
                future.result()
        _pool, _pool_workers = pool, workers
        return pool


def warm_local_pool(workers: int | None = None) -> threading.Thread:
    """Start the local pool on a background thread (the Sweep panel calls this when it opens,
    so that the first sweep does not wait for interpreters); returns the thread."""
    count = plan_workers(workers, sys.maxsize)[0]
    thread = threading.Thread(target=local_pool, args=(count,), name="sweep-warm", daemon=True)
    thread.start()
    return thread


def shutdown_local_pool() -> None:
    """Stop the warm pool's processes (on quitting the app); the next sweep starts a new one."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


# -- dask.distributed --------------------------------------------------------------------------


def _open_dask(address: str) -> Executor:
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "the dask executor needs the 'distributed' package",
            hint="install it with: pip install 'landscape[distributed]'",
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"could not reach the dask scheduler at {address}: {exc}",
            hint="start one with 'dask scheduler' and workers with "
            "'dask worker HOST:PORT --nthreads 1'",
        ) from None
    threads = sum(client.nthreads().values())
    if threads < 1:
        client.close()
        raise InputError(f"the dask scheduler at {address} has no workers")
    pool = client.get_executor(pure=False)
    return Executor(f"dask {address}", threads, pool.submit, close=client.close)
