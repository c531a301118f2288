"""Jobs run in worker processes: a local pool by default, a Dask cluster when one is named."""

import os
from concurrent.futures import BrokenExecutor

import pytest

from nnviz.jobs import pool
from nnviz.jobs.results import SharedResults
from nnviz.jobs.run import WORKER_LOST, Run
from tests.unit.jobs.conftest import moons_job, same_training


def finish(run: Run) -> Run:
    for _ in range(200):
        if run.finished or run.problem:
            break
        run.advance(wait=60)
    return run


def test_the_default_pool_trains_in_other_processes_and_gets_the_same_run(monkeypatch):
    monkeypatch.delenv(pool.SCHEDULER_SETTING, raising=False)
    future, executor = pool.submit(os.getpid)
    assert future.result(timeout=120) != os.getpid()
    assert executor._max_workers == pool.workers()
    job = moons_job(epochs=10).in_chunks_of(3)
    run = finish(Run(job, SharedResults(2**26)))
    straight = job.trainer()
    straight.run()
    assert run.problem is None and same_training(run.net, straight)


def test_a_worker_that_dies_is_replaced_and_the_run_goes_on(monkeypatch):
    monkeypatch.delenv(pool.SCHEDULER_SETTING, raising=False)
    job = moons_job(epochs=6).in_chunks_of(2)
    run = Run(job, SharedResults(2**26))
    dying, broken = pool.submit(os._exit, 1)

    class Results:  # the visitor's chunk happens to be on the worker that dies
        def chunk(self, *_):
            return dying, broken

    run.results = Results()
    run.advance(wait=60)
    assert run.problem == WORKER_LOST and run.net.epochs_done == 0
    assert pool.executor() is not broken  # a fresh pool took its place
    run.results, run.problem = SharedResults(2**26), None  # the visitor presses Resume
    assert finish(run).finished and run.problem is None


def test_a_dask_cluster_named_by_the_setting_runs_the_same_jobs(monkeypatch):
    import distributed
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        monkeypatch.setenv(pool.SCHEDULER_SETTING, cluster.scheduler_address)
        try:
            client = pool.executor()
            assert isinstance(client, distributed.Client)
            future, _ = pool.submit(os.getpid)
            assert future.result(timeout=120) != os.getpid()
            job = moons_job(epochs=10).in_chunks_of(4)
            run = finish(Run(job, SharedResults(2**26)))
            straight = job.trainer()
            straight.run()
            assert run.problem is None and same_training(run.net, straight)
        finally:
            monkeypatch.delenv(pool.SCHEDULER_SETTING)
            pool.executor()  # back to the local pool; the client is closed
    assert client.status == "closed"


def test_the_pool_has_one_worker_per_core_the_container_may_use(tmp_path, monkeypatch):
    monkeypatch.delenv(pool.WORKERS_SETTING, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(16)), raising=False)
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cpu.max").write_text("200000 100000\n")  # two cores' worth of time
    assert pool.workers(v2) == 2
    (v2 / "cpu.max").write_text("150000 100000\n")  # one and a half: a second worker helps
    assert pool.workers(v2) == 2
    (v2 / "cpu.max").write_text("max 100000\n")  # no limit
    assert pool.workers(v2) == 16
    v1 = tmp_path / "v1"
    (v1 / "cpu").mkdir(parents=True)
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("300000\n")
    (v1 / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert pool.workers(v1) == 3
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    assert pool.workers(v1) == 16
    assert pool.workers(tmp_path / "missing") == 16
    monkeypatch.setenv(pool.WORKERS_SETTING, "3")
    assert pool.workers(v2) == 3


def test_warming_starts_the_workers_once(monkeypatch):
    monkeypatch.delenv(pool.SCHEDULER_SETTING, raising=False)
    pool.warm()
    executor = pool.executor()
    assert pool._warmed is executor
    future, _ = pool.submit(os.getpid)
    future.result(timeout=120)
    started = set(executor._processes)
    assert 1 <= len(started) <= pool.workers()
    pool.warm()  # again: nothing new
    assert set(executor._processes) == started


def main_module_file():
    import sys

    return getattr(sys.modules["__main__"], "__file__", None)


def test_workers_keep_the_forkservers_objects_out_of_their_garbage_collections(monkeypatch):
    """Objects the forkserver made before forking (torch, the engine) are frozen: a collection
    in a worker would otherwise write to each one and copy its page out of the shared memory."""
    import gc

    monkeypatch.delenv(pool.SCHEDULER_SETTING, raising=False)
    frozen = pool.submit(gc.get_freeze_count)[0].result(timeout=120)
    assert frozen > 10_000  # torch alone makes far more objects than that


def test_workers_do_not_run_the_parents_main_module(monkeypatch):
    """Under `streamlit run` the parent's main module is the page script: a worker must not
    import it (every lesson and streamlit, again, in each worker)."""
    import sys

    monkeypatch.delenv(pool.SCHEDULER_SETTING, raising=False)
    pool.replace(pool.executor())  # a pool started from here, with pytest as the main module
    future, executor = pool.submit(main_module_file)
    parent_main = getattr(sys.modules["__main__"], "__file__", None)
    assert parent_main is not None
    assert future.result(timeout=120) != parent_main
    assert all(p.name.startswith(pool.WORKER_NAME) for p in executor._processes.values())


def test_a_job_handed_out_after_a_worker_died_gets_a_fresh_pool(monkeypatch):
    """Nobody was waiting on the dead worker's task, so nobody replaced the broken pool: the
    next visitor's job must not be refused for it (it would be, again and again)."""
    monkeypatch.delenv(pool.SCHEDULER_SETTING, raising=False)
    dying, broken = pool.submit(os._exit, 1)
    with pytest.raises(BrokenExecutor):
        dying.result(timeout=120)
    assert pool.executor() is broken  # still the current one: no run has noticed
    future, fresh = pool.submit(os.getpid)
    assert fresh is not broken and future.result(timeout=120) != os.getpid()
