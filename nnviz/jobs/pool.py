"""Where training jobs run: worker processes, never the web server's script threads.

By default a local process pool, one worker per core, started on first use and shared by every
visitor. Its workers are forked from a server process that imported torch and nnviz's engine
once and warmed torch up (multiprocessing's forkserver with a preload: nnviz.jobs.preload), so
they share those pages of memory instead of each paying ~220 MB for its own. The web server
itself never imports torch.

Set NNVIZ_DASK_SCHEDULER to a Dask scheduler's address (tcp://host:8786) and the same jobs run
on that cluster instead: a distributed.Client has the same submit / future interface.
NNVIZ_WORKERS sets the local pool's size (default: the cores the container may use).
"""

from __future__ import annotations

import math
import multiprocessing
import multiprocessing.context
import multiprocessing.spawn
import os
import threading
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from pathlib import Path

SCHEDULER_SETTING = "NNVIZ_DASK_SCHEDULER"
WORKERS_SETTING = "NNVIZ_WORKERS"
CGROUP = Path("/sys/fs/cgroup")
NO_LIMIT = 1 << 16

_lock = threading.Lock()
_executor = None
_executor_for: str | None = None
_warmed = None


def workers(cgroup: Path = CGROUP) -> int:
    """One per core this process may use. A container often sees all of its host's cores but
    may use only a few (Community Cloud: 2): its CPU limit counts, or each extra worker costs
    memory for nothing. NNVIZ_WORKERS sets the number outright."""
    setting = os.environ.get(WORKERS_SETTING, "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, _cgroup_cores(cgroup)))


def _cgroup_cores(cgroup: Path) -> int:
    """The container's CPU limit in cores, rounded up: cgroup v2's cpu.max ("quota period", or
    "max"), else v1's cfs quota and period (-1: none)."""
    try:
        quota, period = (cgroup / "cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        try:
            quota = (cgroup / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (cgroup / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return NO_LIMIT
    try:
        return math.ceil(int(quota) / int(period)) if int(quota) > 0 else NO_LIMIT
    except ValueError:  # "max": no limit
        return NO_LIMIT


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


def warm() -> None:
    """Start the workers now (a page that will train calls this as it opens), so the first
    Train does not wait for them to import torch. Idempotent and cheap once they run."""
    global _warmed
    try:
        pool = executor()
    except (OSError, RuntimeError, TimeoutError):
        return  # no cluster to reach: the page's run says so when Train is pressed
    if pool is _warmed or _is_dask(pool):
        return
    _warmed = pool
    for _ in range(workers()):
        pool.submit(os.getpid)  # each waiting task starts one more worker, up to the pool size


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
    try:
        return pool.submit(fn, *args), pool
    except BrokenExecutor:  # a worker died since the last job: this visitor gets a fresh pool
        replace(pool)
        pool = executor()
        return pool.submit(fn, *args), pool


def _make(scheduler: str):
    if scheduler:
        from distributed import Client  # only a cluster deployment needs it

        # Not waiting long: a visitor is looking at the page while it tries.
        return Client(scheduler, set_as_default=False, timeout="10s")
    context = _WorkerContext()
    context.set_forkserver_preload(["nnviz.jobs.preload"])
    return ProcessPoolExecutor(max_workers=workers(), mp_context=context,
                               initializer=_start_worker)


# A new process normally runs its parent's main module first. Under `streamlit run` that is the
# page script being run when the pool starts (app.py, or a page under AppTest): each worker
# would import streamlit and every lesson (~160 MB each), and a page that starts the pool
# would start it again inside its own workers. The workers need only nnviz.jobs.work, which
# the forkserver has loaded, so they are started without the parent's main module.
WORKER_NAME = "nnviz-worker"


class _WorkerProcess(multiprocessing.context.ForkServerProcess):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = f"{WORKER_NAME}-{self._identity[-1] if self._identity else 0}"


class _WorkerContext(multiprocessing.context.ForkServerContext):
    Process = _WorkerProcess


def _without_main(get_preparation_data):
    def preparation_data(name):
        data = get_preparation_data(name)
        if str(name).startswith(WORKER_NAME):
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    preparation_data.nnviz = True
    return preparation_data


if not getattr(multiprocessing.spawn.get_preparation_data, "nnviz", False):
    multiprocessing.spawn.get_preparation_data = _without_main(
        multiprocessing.spawn.get_preparation_data)


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
