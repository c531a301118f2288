"""Where training jobs run: worker processes, never the web server's script threads.

By default a local process pool, one worker per core, started on first use and shared by every
visitor. Its workers are forked from a server process that imported torch and nnviz's engine
once (multiprocessing's forkserver with a preload), so they share those pages of memory instead
of each paying ~220 MB for its own import.

Set NNVIZ_DASK_SCHEDULER to a Dask scheduler's address (tcp://host:8786) and the same jobs run
on that cluster instead: a distributed.Client has the same submit / future interface.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor

SCHEDULER_SETTING = "NNVIZ_DASK_SCHEDULER"

_lock = threading.Lock()
_executor = None
_executor_for: str | None = None


def workers() -> int:
    """One per core this process may use (a container's CPU limit included)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def executor():
    """The process-wide executor for the current setting (made on first use)."""
    global _executor, _executor_for
    wanted = os.environ.get(SCHEDULER_SETTING, "").strip()
    with _lock:
        if _executor is None or _executor_for != wanted:
            old, _executor = _executor, _make(wanted)
            _executor_for = wanted
            if old is not None:
                _close(old)
        return _executor


def replace(broken) -> None:
    """A worker died (the pool is then unusable): the next executor() call starts a new one."""
    global _executor
    with _lock:
        if _executor is broken:
            _executor = None
            _close(broken)


def submit(fn, *args):
    """Run fn(*args) on a worker. Returns (future, the executor it went to); a future has
    done(), result(timeout) and add_done_callback() on both kinds of executor."""
    pool = executor()
    if _is_dask(pool):
        return pool.submit(fn, *args, pure=False), pool
    return pool.submit(fn, *args), pool


def _make(scheduler: str):
    if scheduler:
        from distributed import Client  # only a cluster deployment needs it

        return Client(scheduler, set_as_default=False)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["nnviz.jobs.work"])
    return ProcessPoolExecutor(max_workers=workers(), mp_context=context,
                               initializer=_start_worker)


def _start_worker() -> None:
    from nnviz.jobs.work import one_thread

    one_thread()


def _is_dask(pool) -> bool:
    return not isinstance(pool, Executor)


def _close(pool) -> None:
    if _is_dask(pool):
        pool.close()
    else:
        pool.shutdown(wait=False, cancel_futures=True)
